"""What a marking process's memory is made of: resident memory (RSS, psutil) after each step of a worker's life.

    PYTHONPATH=. python benchmarks/memory.py [--rubric soviet-foreign-policy-1924-41] [--essays sample_essays]

A spawned `marker mark --jobs N` worker (macOS, Windows, MARKER_START_METHOD=spawn) and each Dask worker goes
through these steps, so with N of them the machine holds N times the total plus the parent's. On Linux `--jobs N`
workers fork from a server that has taken the steps up to the embedder once (marker/batch_preload.py) and share
those pages; benchmarks/scale.py's PSS column counts that sharing. RSS counts shared-library pages in every process.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rubric", default="soviet-foreign-policy-1924-41")
    parser.add_argument("--essays", default="sample_essays")
    args = parser.parse_args()
    os.environ.setdefault("MARKER_CACHE_DIR", tempfile.mkdtemp(prefix="marker-memory-"))
    import psutil

    proc = psutil.Process()
    rows: list[tuple[str, float]] = []

    def step(label: str) -> None:
        rows.append((label, proc.memory_info().rss / 2**20))

    step("Python")
    from marker.mark import mark_essay
    from marker.models_io import load_models
    from marker.rubric import load_rubric

    rubric = load_rubric(args.rubric)
    models = load_models(rubric)
    step("imports (numpy, pydantic, spaCy, ...), rubric, fitted models")
    from marker.nlp import english_words, get_pipeline

    get_pipeline()
    step("spaCy sentence and lemma pipeline")
    english_words()  # loads the dependency parser, whose lemma index it reads
    step("dependency parser (en_core_web_sm)")
    from marker.embed import get_embedder

    get_embedder()
    step("sentence embedder (MiniLM int8 session and its threads)")
    paths = sorted(Path(args.essays).glob("*.txt"))
    mark_essay(paths[0].read_text(encoding="utf-8"), rubric, models=models)
    step("first essay (rubric index, speller, fact checker's index)")
    for path in paths[1:]:
        mark_essay(path.read_text(encoding="utf-8"), rubric, models=models)
    step(f"{len(paths) - 1} more essays")
    print("| after | RSS (MiB) | added (MiB) |\n|---|---|---|")
    before = 0.0
    for label, rss in rows:
        print(f"| {label} | {rss:.0f} | {rss - before:+.0f} |")
        before = rss


if __name__ == "__main__":
    main()

"""Speed benchmark: warm per-essay time by stage, and a class of 30 essays from a cold start of the command.

    python benchmarks/speed.py [--essays sample_essays] [--rubric soviet-foreign-policy-1924-41]

Prints Markdown for docs/benchmarks.md. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _best_of(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def warm_stages(text: str, rubric_ref: str, repeats: int) -> dict[str, float]:
    """Median milliseconds per stage for one essay, after a warm-up."""
    from marker.facts import check_facts
    from marker.mark import assemble, mark_essay, prepare
    from marker.match import sentence_signals
    from marker.models_io import load_models
    from marker.nlp import analyse
    from marker.rubric import load_rubric

    rubric = load_rubric(rubric_ref)
    models = load_models(rubric)
    mark_essay(text, rubric)  # warm: pipeline, embedder, rubric index
    essay = analyse(text)
    prepared = prepare(text, rubric)
    return {
        "nlp (sentences, lemmas)": _best_of(lambda: analyse(text), repeats),
        "signals (embeddings, terms)": _best_of(lambda: sentence_signals(essay, rubric), repeats),
        "facts": _best_of(lambda: check_facts(essay, rubric), repeats),
        "match + score + feedback": _best_of(lambda: assemble(prepared, rubric, models), repeats),
        "whole essay (mark_essay)": _best_of(lambda: mark_essay(text, rubric), repeats),
    }


def cold_class(paths: list[Path], rubric_ref: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of `marker mark` on a class, from a cold process start."""
    cmd = [sys.executable, "-m", "marker", "mark", *map(str, paths), "--rubric", rubric_ref, "--format", "json"]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env={**os.environ})
    wall = time.perf_counter() - t0
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, peak_kib / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--essays", default="sample_essays")
    parser.add_argument("--rubric", default="soviet-foreign-policy-1924-41")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    paths = sorted(Path(args.essays).glob("*.txt"))
    target = min(paths, key=lambda p: abs(len(p.read_text(encoding="utf-8").split()) - 1000))
    text = target.read_text(encoding="utf-8")
    class_paths = (paths * 2)[:30]
    wall, peak = cold_class(class_paths, args.rubric)
    stages = warm_stages(text, args.rubric, args.repeats)
    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    print(f"Warm, one essay of {len(text.split())} words ({target.name}), median of {args.repeats} runs:\n")
    print("| stage | ms |\n|---|---|")
    for name, ms in stages.items():
        print(f"| {name} | {ms:.1f} |")
    print(f"\nCold start, `marker mark` on {len(class_paths)} essays (json): {wall:.2f} s wall, peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main()

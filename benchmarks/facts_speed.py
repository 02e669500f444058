"""The fact checker's own CPU time, two checkouts in ONE process, interleaved essay by essay and run by run, so a
shared machine's swings hit both alike (read the ratio). Every sentence is parsed before the clock starts (the
parse is shared with the sentence roles and is not the checker's own work); each run analyses the essay afresh, so
nothing kept from a previous run of the same essay is reused.

    python benchmarks/facts_speed.py BEFORE_DIR AFTER_DIR [--repeats 15]

BEFORE_DIR and AFTER_DIR are checkouts (e.g. `git archive main | tar -x -C BEFORE_DIR` and this one). Essays:
02_olivia.txt and the first four Soviet and two Weimar training essays. Prints each essay's median CPU ms (time.process_time)
and ms per 1,000 words over all seven. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from pathlib import Path

SOVIET, WEIMAR = "soviet-foreign-policy-1924-41", "weimar-republic-1918-33"


def load(tree: Path):
    """marker.nlp, marker.facts and marker.rubric of one checkout (the other's modules dropped from sys.modules first)."""
    for name in [n for n in sys.modules if n == "marker" or n.startswith("marker.")]:
        del sys.modules[name]
    sys.path.insert(0, str(tree))
    try:
        return tuple(importlib.import_module(m) for m in ("marker.nlp", "marker.facts", "marker.rubric"))
    finally:
        sys.path.remove(str(tree))


def essays(root: Path) -> list[tuple[str, Path]]:
    return ([(SOVIET, root / "sample_essays" / "02_olivia.txt")]
            + [(SOVIET, p) for p in sorted((root / "corpus" / "soviet" / "train").glob("*.txt"))[:4]]
            + [(WEIMAR, p) for p in sorted((root / "corpus" / "weimar" / "train").glob("*.txt"))[:2]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    trees = [args.before.resolve(), args.after.resolve()]
    chosen = essays(trees[1])
    texts = [p.read_text(encoding="utf-8") for _, p in chosen]
    checkouts = []
    for tree in trees:
        nlp, facts, rubric_mod = load(tree)
        rubrics = {r: rubric_mod.load_rubric(r) for r in (SOVIET, WEIMAR)}
        for (r, _), text in zip(chosen, texts):  # warm: parser, indexes
            facts.check_facts(nlp.analyse(text), rubrics[r])
        checkouts.append((nlp, facts, rubrics))
    print("| essay | words | before CPU ms | after CPU ms | after / before |")
    print("|---|---|---|---|---|")
    totals, words = [0.0, 0.0], 0
    for (r, path), text in zip(chosen, texts):
        runs: list[list[float]] = [[], []]
        for _ in range(args.repeats):
            for k, (nlp, facts, rubrics) in enumerate(checkouts):
                essay = nlp.analyse(text)
                nlp.sentence_parses(essay, [s.index for s in essay.sentences])
                start = time.process_time()
                facts.check_facts(essay, rubrics[r])
                runs[k].append((time.process_time() - start) * 1000)
        med = [statistics.median(x) for x in runs]
        n = len(text.split())
        words += n
        totals = [totals[0] + med[0], totals[1] + med[1]]
        print(f"| {path.name} | {n:,} | {med[0]:.1f} | {med[1]:.1f} | {med[1] / med[0]:.2f} |")
    per = [t / words * 1000 for t in totals]
    print(f"| all seven, per 1,000 words | {words:,} | {per[0]:.1f} | {per[1]:.1f} | {per[1] / per[0]:.2f} |")


if __name__ == "__main__":
    main()

"""The fact checker alone: errors found and false flags per grammatical shape, and its speed.

    python benchmarks/facts.py                      # development essays, blind train, seed documents (both topics)
    python benchmarks/facts.py --real /tmp/real     # and real essays (corpus/real/fetch.py --layout /tmp/real)
    python benchmarks/facts.py --locked             # and the locked test: to REPORT figures only, never to tune
    python benchmarks/facts.py --fresh              # and corpus/errors (fresh blind slips): REPORT only, as locked
    python benchmarks/facts.py --verbose            # every miss and false flag (never printed for the locked test)

Speed is the checker's own time (analyse() excluded), warm (each essay checked once before timing), in ms per
1,000 words over all the essays read.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from marker.dataset import load_annotated  # noqa: E402
from marker.evaluate import error_metrics  # noqa: E402
from marker.facts import check_facts  # noqa: E402
from marker.nlp import analyse  # noqa: E402
from marker.rubric import load_rubric  # noqa: E402

TOPICS = {
    "soviet": ("soviet-foreign-policy-1924-41", ROOT / "sample_essays", ROOT / "tests" / "fixtures" / "seeds"),
    "weimar": ("weimar-republic-1918-33", ROOT / "sample_essays_weimar", None),
}


def run(folder: Path, rubric, verbose: bool) -> tuple[dict, float, int]:
    items = load_annotated(folder)
    docs = [analyse(it.text) for it in items]
    for d in docs:  # warm: the parser and the rubric's index load once
        check_facts(d, rubric)
    t0 = time.perf_counter()
    reports = [SimpleNamespace(errors=check_facts(d, rubric)) for d in docs]
    seconds = time.perf_counter() - t0
    words = sum(len(it.text.split()) for it in items)
    scores = error_metrics(items, reports)
    if verbose:
        for it, rep in zip(items, reports):
            flagged = [(f.start, f.end) for f in rep.errors]
            for err in it.gold.errors:
                s = it.text.find(err.quote)
                if s >= 0 and not any(a < s + len(err.quote) and s < b for a, b in flagged):
                    print(f"  miss  {it.name} [{err.shape}/{err.kind}] {err.quote[:110]}")
        for ff in scores["false_flags"]:
            print(f"  FALSE {ff['essay']} ({ff['fact']}) {ff['text'][:110]}")
    return scores, seconds, words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path)
    parser.add_argument("--locked", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="corpus/errors: report only, like the locked test")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--topic", choices=list(TOPICS), action="append")
    args = parser.parse_args()
    total_s = total_w = 0
    for topic in args.topic or list(TOPICS):
        rid, dev, seeds = TOPICS[topic]
        rubric = load_rubric(rid)
        cols = {"development": dev, "blind train": ROOT / "corpus" / topic / "train"}
        if seeds is not None:
            cols["seeds"] = seeds
        if args.real is not None:
            cols["real essays"] = args.real / topic
        if args.locked:
            cols["LOCKED TEST"] = ROOT / "corpus" / topic / "test"
        if args.fresh:
            cols["FRESH"] = ROOT / "corpus" / "errors" / topic
        print(f"## {topic}")
        shapes: dict[str, dict[str, str]] = {}
        for name, folder in cols.items():
            verbose = args.verbose and name not in ("LOCKED TEST", "FRESH")
            if verbose:
                print(f"### {name}")
            s, sec, w = run(folder, rubric, verbose)
            total_s, total_w = total_s + sec, total_w + w
            print(f"{name:12s} errors P {s['precision']:.3f} R {s['recall']:.3f} ({s['found']}/{s['gold']} found, "
                  f"{s['flags']} flags, {len(s['false_flags'])} false)")
            for shape, c in s["per_shape"].items():
                shapes.setdefault(shape, {})[name] = f"{c['found']}/{c['gold']}"
        print("| shape | " + " | ".join(cols) + " |")
        print("|---|" + "---|" * len(cols))
        for shape in sorted(shapes):
            print(f"| {shape} | " + " | ".join(shapes[shape].get(c, "-") for c in cols) + " |")
    print(f"speed: {1000 * total_s / max(total_w, 1) * 1000:.1f} ms per 1,000 words (checker only, warm, "
          f"{total_w} words)")


if __name__ == "__main__":
    main()

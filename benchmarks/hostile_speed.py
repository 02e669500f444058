"""Seconds to prepare (tokenize, read against the rubric, fact-check) hostile essays of growing size, with marker's
text limits (marker/textlimits.py) and without them, to show linear against quadratic growth.

    python benchmarks/hostile_speed.py [--sizes 1000 2000 4000] [--kinds spaces emoji commas]

Prints a Markdown table for docs/benchmarks.md. The inputs are the property test's (tests/test_textlimits.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from marker import textlimits  # noqa: E402
from marker.mark import prepare  # noqa: E402
from marker.rubric import load_rubric  # noqa: E402
from tests.test_textlimits import HOSTILE  # noqa: E402

UNLIMITED = {"max_space_run": 10**9, "max_token_chars": 10**9, "max_checked_sentence_words": 10**9}


def seconds(text: str, rubric) -> float:
    start = time.perf_counter()
    prepare(text, rubric)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000])
    parser.add_argument("--kinds", nargs="+", default=["spaces", "emoji", "commas"], choices=sorted(HOSTILE))
    args = parser.parse_args()
    rubric = load_rubric("soviet-foreign-policy-1924-41")
    prepare("Warm up. The Nazi-Soviet Pact was signed in August 1939.", rubric)
    limited = dict(textlimits.TEXT_LIMITS)
    print("| input | limits | " + " | ".join(f"n = {n:,}" for n in args.sizes) + " |")
    print("|---|---|" + "---:|" * len(args.sizes))
    for kind in args.kinds:
        for label, limits in (("off", {**limited, **UNLIMITED}), ("on", limited)):
            textlimits.TEXT_LIMITS.update(limits)
            row = [f"{seconds(HOSTILE[kind](n), rubric):.2f} s" for n in args.sizes]
            print(f"| {kind} | {label} | " + " | ".join(row) + " |", flush=True)
    textlimits.TEXT_LIMITS.update(limited)


if __name__ == "__main__":
    main()

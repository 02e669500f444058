"""Two checkouts of marker timed in one run, interleaved, so a shared machine's swings hit both alike: a warm
1,000-word essay (CPU and wall, median of 15) and a class of 30 from a cold start of `marker mark` (the phrasing
cache filled by a one-essay run first; wall, CPU of the process, peak RSS).

    python benchmarks/speed_compare.py BEFORE_DIR AFTER_DIR [--rounds 2]

e.g. BEFORE_DIR a `git archive main | tar -x -C DIR` copy, AFTER_DIR this checkout. Each checkout runs with its own
default embedder ($MARKER_EMBEDDER is unset) and a fresh cache folder per round.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUBRIC = "soviet-foreign-policy-1924-41"
ESSAY = "sample_essays/02_olivia.txt"
WARM = f'''
import json, statistics, time
from pathlib import Path
from marker.mark import mark_essay
from marker.rubric import load_rubric
rubric, text = load_rubric({RUBRIC!r}), Path({ESSAY!r}).read_text(encoding="utf-8")
mark_essay(text, rubric); mark_essay(text, rubric)
cpu, wall = [], []
for _ in range(15):
    c0, w0 = time.process_time(), time.perf_counter()
    mark_essay(text, rubric)
    cpu.append(time.process_time() - c0); wall.append(time.perf_counter() - w0)
print(json.dumps({{"warm_cpu_ms": round(statistics.median(cpu) * 1000, 1),
                  "warm_wall_ms": round(statistics.median(wall) * 1000, 1)}}))
'''


def _env(tree: Path, cache: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree), "MARKER_CACHE_DIR": cache}
    env.pop("MARKER_EMBEDDER", None)
    return env


def measure(tree: Path) -> dict:
    with tempfile.TemporaryDirectory() as cache:
        env = _env(tree, cache)
        out = subprocess.run([sys.executable, "-c", WARM], cwd=tree, env=env, capture_output=True, text=True,
                             check=True).stdout
        figures = json.loads(out.strip().splitlines()[-1])
        essays = sorted(str(p.relative_to(tree)) for p in (tree / "sample_essays").glob("*.txt"))
        klass = (essays * 2)[:30]
        cmd = [sys.executable, "-m", "marker", "mark", "--rubric", RUBRIC, "--format", "json"]
        subprocess.run(cmd + klass[:1], cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd + klass, cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(proc.pid, 0)
        figures |= {"class30_wall_s": round(time.perf_counter() - t0, 2),
                    "class30_cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
                    "class30_rss_mib": round(usage.ru_maxrss / 1024)}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    rows = []
    for rnd in range(1, args.rounds + 1):
        for name, tree in (("before", args.before), ("after", args.after)):
            rows.append({"round": rnd, "tree": name, **measure(tree.resolve())})
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    keys = [k for k in rows[0] if k not in ("round", "tree")]
    print("| round | tree | " + " | ".join(keys) + " |")
    print("|---" * (len(keys) + 2) + "|")
    for r in rows:
        print(f"| {r['round']} | {r['tree']} | " + " | ".join(str(r[k]) for k in keys) + " |")


if __name__ == "__main__":
    main()

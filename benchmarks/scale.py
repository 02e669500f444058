"""Issue 16 part 5: marking at scale on this machine. N essays (default 10,000), drawn by repeating the corpus's
essays with light variation, marked from a cold start with 1 and 2 workers; wall time, CPU time, essays/s, peak
memory of all the processes together, whether every run wrote the same bytes, and the projection to 500,000 scripts.

    python benchmarks/scale.py [--essays 10000] [--jobs 1 2] [--dask] [--json FILE]

Each run is `marker mark ESSAYS... --format jsonl --jobs J` (and with --dask, `marker mark --manifest M --dask local
--jobs J --out DIR`), with the phrasing-vector cache filled beforehand by a one-essay run, so every run starts from
the same state. Memory is the largest sum, over the run, of the resident memory of the command and every process
it started (sampled every 0.2 s with psutil: a short peak between samples can be missed), and beside it the
largest sum of their PSS (Linux only), which counts each page the processes share once where RSS counts it in
every process that maps it; CPU seconds are those of
all those processes (`wait4`), which move much less than wall time on a shared machine. The varied essays are
written to a temporary folder and removed at the end.

The essays: sample_essays/ and corpus/soviet/train/ (the locked test is not used), copy k of an essay with one
sentence left out and two neighbouring sentences swapped, both chosen by a seeded generator from k, so no two
essays are the same text and the marker cannot answer one from another's work.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUBRIC = "soviet-foreign-policy-1924-41"
SOURCES = (ROOT / "sample_essays", ROOT / "corpus" / "soviet" / "train")
SEASON = 500_000
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def source_texts(folders=SOURCES) -> list[str]:
    return [p.read_text(encoding="utf-8") for folder in folders for p in sorted(Path(folder).glob("*.txt"))]


def vary(text: str, k: int, seed: int = 16) -> str:
    """Copy k of an essay: copy 0 is the essay itself; later copies leave out one sentence and swap one pair of
    neighbouring sentences in a paragraph of two or more, both chosen from a generator seeded by (seed, k)."""
    if k == 0:
        return text
    rng = random.Random(seed * 1_000_003 + k)
    paragraphs = [_SENTENCE_END.split(p) for p in text.split("\n\n")]
    slots = [(i, j) for i, sentences in enumerate(paragraphs) for j in range(len(sentences))]
    if len(slots) > 2:
        i, j = rng.choice(slots)
        del paragraphs[i][j]
    pairs = [(i, j) for i, sentences in enumerate(paragraphs) for j in range(len(sentences) - 1)]
    if pairs:
        i, j = rng.choice(pairs)
        paragraphs[i][j], paragraphs[i][j + 1] = paragraphs[i][j + 1], paragraphs[i][j]
    return "\n\n".join(" ".join(sentences) for sentences in paragraphs if sentences)


def write_essays(folder: Path, count: int, texts: list[str]) -> list[Path]:
    """count essay files in folder: the texts in turn, each pass through them one copy further on."""
    paths = []
    for n in range(count):
        path = folder / f"e{n:06d}.txt"
        path.write_text(vary(texts[n % len(texts)], n // len(texts)), encoding="utf-8")
        paths.append(path)
    return paths


def pss_bytes(pid: int) -> int | None:
    """A process's proportional set size (Linux /proc/PID/smaps_rollup): its private pages plus its share of each
    page it shares (a page held by three processes counts a third in each), so summed over processes every page
    counts once. None where the kernel does not say (macOS, Windows, an old kernel, a process gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


class PeakMemory:
    """The largest total resident memory of a process and all its descendants, and the largest single process,
    sampled on a thread; beside it the largest total PSS (pss_bytes), which counts a page shared by workers forked
    from one parent once, where RSS counts it in each. (Not the kernel's ru_maxrss: a child forked from a large
    parent, such as a test runner, reports the parent's memory as its own high-water mark.)"""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        import psutil

        self._root = psutil.Process(pid)
        self._every = every
        self.peak = 0
        self.largest = 0
        self.peak_pss: int | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            total = 0
            total_pss: int | None = 0
            try:
                for proc in [self._root, *self._root.children(recursive=True)]:
                    try:
                        rss = proc.memory_info().rss
                    except psutil.Error:
                        continue
                    total += rss
                    self.largest = max(self.largest, rss)
                    pss = pss_bytes(proc.pid)
                    total_pss = None if pss is None or total_pss is None else total_pss + pss
            except psutil.Error:
                return
            self.peak = max(self.peak, total)
            if total_pss is not None:
                self.peak_pss = max(self.peak_pss or 0, total_pss)
            self._stop.wait(self._every)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run(cmd: list[str], cwd: Path, cache: str, stdout) -> dict:
    """Wall and CPU seconds and peak total memory (MiB) of one command; SystemExit if it fails."""
    env = {**os.environ, "MARKER_CACHE_DIR": cache, "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=stdout, stderr=subprocess.DEVNULL, env=env)
    memory = PeakMemory(proc.pid)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    peak = memory.stop()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        raise SystemExit(f"{' '.join(cmd[:8])} ... failed with exit status {code}")
    return {"wall_s": round(wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_total_mib": round(peak / 2**20), "largest_process_mib": round(memory.largest / 2**20),
            "peak_pss_mib": None if memory.peak_pss is None else round(memory.peak_pss / 2**20)}


def mark_jobs(names: list[str], folder: Path, cache: str, jobs: int) -> tuple[dict, str]:
    """`marker mark ... --format jsonl --jobs N` on the essays; its figures and the sha256 of what it printed."""
    out = folder.parent / f"jobs{jobs}.jsonl"
    with out.open("wb") as fh:
        figures = run([sys.executable, "-m", "marker", "mark", *names, "--rubric", RUBRIC, "--format", "jsonl",
                       "--jobs", str(jobs)], folder, cache, fh)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    out.unlink()
    return figures, digest


def mark_dask(names: list[str], folder: Path, cache: str, workers: int) -> tuple[dict, str]:
    """`marker mark --manifest M --dask local --jobs N --out DIR`; its figures and the sha256 of the partition files
    read in name order (what the serial jsonl run prints, docs/scale.md)."""
    manifest = folder.parent / "manifest.txt"
    manifest.write_text("".join(str(folder / name) + "\n" for name in names), encoding="utf-8")
    out = folder.parent / f"dask{workers}"
    figures = run([sys.executable, "-m", "marker", "mark", "--manifest", str(manifest), "--rubric", RUBRIC,
                   "--dask", "local", "--jobs", str(workers), "--out", str(out), "--partition-size", "100"],
                  folder, cache, subprocess.DEVNULL)
    digest = hashlib.sha256()
    for part in sorted(out.glob("part-*.jsonl")):
        digest.update(part.read_bytes())
    return figures, digest.hexdigest()


def measure(count: int, jobs: list[int], dask: bool = False) -> dict:
    """Every run's figures on `count` varied essays, and whether they all printed the same bytes."""
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="marker-scale-") as tmp, \
            tempfile.TemporaryDirectory(prefix="marker-scale-cache-") as cache:
        folder = Path(tmp) / "essays"
        folder.mkdir()
        names = [p.name for p in write_essays(folder, count, source_texts())]
        words = sum(len((folder / n).read_text(encoding="utf-8").split()) for n in names)
        run([sys.executable, "-m", "marker", "mark", names[0], "--rubric", RUBRIC, "--format", "json"], folder, cache,
            subprocess.DEVNULL)  # fills the phrasing-vector cache
        runs = [("jobs", n) for n in jobs] + ([("dask", n) for n in jobs] if dask else [])
        for kind, n in runs:
            figures, digest = (mark_jobs if kind == "jobs" else mark_dask)(names, folder, cache, n)
            rows.append({"run": f"--jobs {n}" if kind == "jobs" else f"--dask local --jobs {n}", "workers": n,
                         **figures, "essays_per_s": round(count / figures["wall_s"], 2),
                         "cpu_ms_per_essay": round(1000 * figures["cpu_s"] / count, 1), "sha256": digest})
    return {"essays": count, "words": words, "cores": os.cpu_count(), "runs": rows,
            "identical": len({r["sha256"] for r in rows}) == 1}


def projection(rate: float, cpu_ms: float) -> dict:
    """500,000 scripts at a measured rate (essays/s) and CPU cost per essay: hours on this machine, and the cores
    a cluster needs to finish in 8 hours if each core delivers one CPU-second of marking a second."""
    return {"hours_here": round(SEASON / rate / 3600, 1),
            "cpu_hours": round(SEASON * cpu_ms / 1000 / 3600, 1),
            "cores_for_8_hours": max(1, math.ceil(SEASON * cpu_ms / 1000 / (8 * 3600)))}


def to_markdown(result: dict) -> str:
    lines = [f"{result['essays']} essays ({result['words']:,} words), {result['cores']} cores; all runs "
             f"byte-identical: {'yes' if result['identical'] else 'NO'}", "",
             "| run | wall (s) | essays/s | CPU (s) | CPU ms/essay | peak RSS, all processes (MiB) | "
             "peak PSS, all processes (MiB) | largest process (MiB) |", "|---|---|---|---|---|---|---|---|"]
    for r in result["runs"]:
        lines.append(f"| {r['run']} | {r['wall_s']} | {r['essays_per_s']} | {r['cpu_s']} | {r['cpu_ms_per_essay']} | "
                     f"{r['peak_total_mib']} | {'n/a' if r['peak_pss_mib'] is None else r['peak_pss_mib']} | "
                     f"{r['largest_process_mib']} |")
    lines += ["", f"Projection to {SEASON:,} scripts:", ""]
    for r in result["runs"]:
        p = projection(r["essays_per_s"], r["cpu_ms_per_essay"])
        lines.append(f"- {r['run']}: {p['hours_here']} h on this machine; {p['cpu_hours']} CPU-hours, so about "
                     f"{p['cores_for_8_hours']} cores to mark them in 8 hours")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--essays", type=int, default=10_000, help="how many essays (default 10,000)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="worker counts to run (default 1 2)")
    parser.add_argument("--dask", action="store_true", help="also run each worker count on a Dask LocalCluster")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    if args.essays < 1 or any(n < 1 for n in args.jobs):
        parser.error("--essays and --jobs must be positive")
    result = measure(args.essays, args.jobs, args.dask)
    for r in result["runs"]:
        r["projection"] = projection(r["essays_per_s"], r["cpu_ms_per_essay"])
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    sys.stdout.write(to_markdown(result))
    return 0 if result["identical"] else 1


if __name__ == "__main__":
    sys.exit(main())

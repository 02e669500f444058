"""Speed benchmark: warm per-essay time by stage; cold starts of the command with and without the phrasing-vector
cache; batch throughput with --jobs 1 and 2.

    python benchmarks/speed.py [--essays sample_essays] [--rubric soviet-foreign-policy-1924-41] [--batch 120]
    python benchmarks/speed.py --stages      # only the warm essay, each stage's own CPU time

Prints Markdown for docs/benchmarks.md. Not a test: timings depend on the machine. Each command runs with its own
MARKER_CACHE_DIR (a fresh temporary folder for "no cache"), so the user's cache is never read or changed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _best_of(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def import_seconds(paths: list[Path], rubric_ref: str) -> float:
    """Seconds `python -X importtime -m marker mark ...` spends importing (its top-level imports' cumulative time)."""
    cmd = [sys.executable, "-X", "importtime", "-m", "marker", "mark", *map(str, paths), "--rubric", rubric_ref,
           "--format", "json"]
    with tempfile.TemporaryDirectory() as cache:
        err = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "MARKER_CACHE_DIR": cache}).stderr
    total = 0
    for line in err.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line.split("|")
            if not name.startswith("  ") and cumulative.strip().isdigit():  # top level: not a nested import
                total += int(cumulative)
    return total / 1e6


def warm_stages(text: str, rubric_ref: str, repeats: int) -> dict[str, float]:
    """Median milliseconds per stage for one essay, after a warm-up."""
    from marker.facts import check_facts
    from marker.mark import assemble, mark_essay, prepare
    from marker.signals import sentence_signals
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


# The stages of a warm essay, as (module, function, label): each call's time is charged to the innermost stage
# running, so a row is a stage's own time (the parser's time is not in the readers that ask for parses).
STAGES = (
    ("marker.mark", "prepare", "check_text, looks_english (prepare's own)"),
    ("marker.nlp", "analyse", "spaCy tokenizer, sentences, lemmas (analyse)"),
    ("marker.embed", "Embedder.token_sums", "MiniLM sentence vectors (token_sums)"),
    ("marker.signals", "sentence_signals", "similarities, cues, dates, fuzzy titles (sentence_signals' own)"),
    ("marker.signals", "read_terms", "key terms and the speller (read_terms)"),
    ("marker.moves", "read_argument", "sentence roles and moves (read_argument's own)"),
    ("marker.nlp", "sentence_parses", "dependency parser (sentence_parses)"),
    ("marker.facts", "check_facts", "fact checker (check_facts' own)"),
    ("marker.mark", "assemble", "score, feedback (assemble's own)"),
    ("marker.match", "match_points", "point and debate coverage (match_points)"),
    ("marker.score", "level_features", "level features"),
    ("marker.argument", "no_argument", "no-argument check"),
)


def stage_times(text: str, rubric_ref: str, repeats: int, clock=time.process_time) -> dict[str, float]:
    """Mean milliseconds (CPU by default: all threads, steadier than wall on a shared machine) of each stage's own
    work in a warm `mark_essay`, and the whole essay's median. Wraps the stage functions in this process only."""
    import importlib

    from marker.mark import mark_essay
    from marker.models_io import load_models
    from marker.rubric import load_rubric

    spent: dict[str, float] = {}
    stack: list[float] = []

    def timed(label, fn):
        def run(*args, **kwargs):
            start = clock()
            stack.append(0.0)
            try:
                return fn(*args, **kwargs)
            finally:
                elapsed, inner = clock() - start, stack.pop()
                spent[label] = spent.get(label, 0.0) + elapsed - inner
                if stack:
                    stack[-1] += elapsed
        return run

    for module_name, name, label in STAGES:
        module = importlib.import_module(module_name)
        if "." in name:
            cls, method = name.split(".")
            setattr(getattr(module, cls), method, timed(label, getattr(getattr(module, cls), method)))
            continue
        real = getattr(module, name)
        for mod in list(sys.modules.values()):  # every module that imported the function by name
            if getattr(mod, "__name__", "").startswith("marker") and getattr(mod, name, None) is real:
                setattr(mod, name, timed(label, real))
    rubric = load_rubric(rubric_ref)
    models = load_models(rubric)
    for _ in range(3):
        mark_essay(text, rubric, models=models)
    spent.clear()
    whole = []
    for _ in range(repeats):
        start = clock()
        mark_essay(text, rubric, models=models)
        whole.append(clock() - start)
    out = {label: spent.get(label, 0.0) / repeats * 1000 for _, _, label in STAGES}
    out["whole essay (mark_essay), median"] = statistics.median(whole) * 1000
    return out


def run_marker(paths: list[Path], rubric_ref: str, cache: str, *, jobs: int = 1,
               fmt: str = "json") -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (all processes and threads; steadier than wall on a busy machine) and peak RSS
    (MiB, the largest single process) of one `marker mark` from a cold process start."""
    cmd = [sys.executable, "-m", "marker", "mark", *map(str, paths), "--rubric", rubric_ref, "--format", fmt,
           "--jobs", str(jobs)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env={**os.environ, "MARKER_CACHE_DIR": cache})
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(cmd[:6])} ... failed with exit status {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def cold_starts(paths: list[Path], one: Path, rubric_ref: str) -> dict[str, tuple[float, float, float]]:
    """One essay and a class of 30, each from a cold process start: with an empty phrasing cache, then a filled one."""
    out = {}
    with tempfile.TemporaryDirectory() as cache:
        for name, batch in (("1 essay", [one]), (f"{len(paths)} essays", paths)):
            with tempfile.TemporaryDirectory() as empty:
                out[f"{name}, no cache"] = run_marker(batch, rubric_ref, empty)
            run_marker([one], rubric_ref, cache)  # fill the cache
            out[f"{name}, cache filled"] = run_marker(batch, rubric_ref, cache)
    return out


def throughput(paths: list[Path], rubric_ref: str, jobs: int) -> tuple[float, float, float, float]:
    """Wall seconds, essays per second, CPU seconds and peak RSS (MiB) for a batch written as JSON Lines, the cache
    filled."""
    with tempfile.TemporaryDirectory() as cache:
        run_marker(paths[:1], rubric_ref, cache)
        wall, cpu, peak = run_marker(paths, rubric_ref, cache, jobs=jobs, fmt="jsonl")
    return wall, len(paths) / wall, cpu, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--essays", default="sample_essays")
    parser.add_argument("--rubric", default="soviet-foreign-policy-1924-41")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--batch", type=int, default=120, help="essays in the throughput batch (the folder repeated)")
    parser.add_argument("--stages", action="store_true",
                        help="only the warm essay's stages: each stage's own CPU ms (mean), in this process")
    args = parser.parse_args()
    paths = sorted(Path(args.essays).glob("*.txt"))
    target = min(paths, key=lambda p: abs(len(p.read_text(encoding="utf-8").split()) - 1000))
    text = target.read_text(encoding="utf-8")
    if args.stages:
        os.environ["MARKER_CACHE_DIR"] = tempfile.mkdtemp(prefix="marker-speed-")
        print(f"Warm, {target.name} ({len(text.split())} words), CPU ms, mean of {args.repeats} runs:\n")
        print("| stage (its own work) | CPU ms |\n|---|---|")
        for name, ms in stage_times(text, args.rubric, args.repeats).items():
            print(f"| {name} | {ms:.1f} |")
        return
    class_paths = (paths * 2)[:30]
    batch = (paths * (args.batch // len(paths) + 1))[: args.batch]
    os.environ["MARKER_CACHE_DIR"] = tempfile.mkdtemp(prefix="marker-speed-")  # the in-process runs too
    imports = import_seconds([target], args.rubric)
    starts = cold_starts(class_paths, target, args.rubric)
    rates = {jobs: throughput(batch, args.rubric, jobs) for jobs in (1, 2)}
    stages = warm_stages(text, args.rubric, args.repeats)
    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    print(f"Warm, one essay of {len(text.split())} words ({target.name}), median of {args.repeats} runs:\n")
    print("| stage | ms |\n|---|---|")
    for name, ms in stages.items():
        print(f"| {name} | {ms:.1f} |")
    print(f"\nImports of `marker mark` on one essay (python -X importtime, top level): {imports:.2f} s")
    print("\nCold start of `marker mark` (json), phrasing-vector cache empty or filled:\n")
    print("| run | wall (s) | CPU (s) | peak RSS (MiB) |\n|---|---|---|---|")
    for name, (wall, cpu, peak) in starts.items():
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {peak:.0f} |")
    print(f"\nThroughput, {len(batch)} essays from a cold start, jsonl, cache filled:\n")
    print("| jobs | wall (s) | essays/s | CPU (s) | peak RSS of the largest process (MiB) |\n|---|---|---|---|---|")
    for jobs, (wall, rate, cpu, peak) in rates.items():
        print(f"| {jobs} | {wall:.1f} | {rate:.2f} | {cpu:.1f} | {peak:.0f} |")


if __name__ == "__main__":
    main()

"""Fuzz the marker's untrusted-input paths: essay files of every format, class zips, rubric YAML and marking.

    python benchmarks/fuzz.py --cases 10000            # the long run; figures go in docs/benchmarks.md
    python benchmarks/fuzz.py --cases 200 --seed 1     # a short reproducible run (CI runs one: tests/test_fuzz.py)
    python benchmarks/fuzz.py --atheris --cases 5000   # coverage-guided, if atheris is installed

Inputs are made by hypothesis: valid seed files (the test fixtures, a sample essay, the mini rubric) mutated by byte
flips, truncations, insertions and splices, plus hostile text (runs of spaces, emoji, symbols, control characters,
one token repeated) and class zips with awkward member names and broken compression. Each input is checked against
its contract, not just for exceptions:

- ingest: an EssayText with text, or EssayInputError on one line naming the file;
- class zip: a list of submissions, each with text or one line naming the member; never an exception;
- rubric: a Rubric, or RubricError naming the source;
- marking: a Report whose every span slices the text exactly, or EssayInputError on one line naming the essay.

Anything else is a crash; an input that takes over 10 CPU seconds is a hang (CPU time, because on a shared machine
wall time also counts other programs' turns on the cores; the slowest wall time is reported too). Each failure is written to `--out` (default
benchmarks/fuzz-failures/) as the input bytes plus what went wrong, to be turned into a regression test with its
smallest reproducer. The summary (inputs tried per target, crashes, hangs, slowest input, peak memory) is printed
as JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if __name__ == "__main__" and "--atheris" in sys.argv:  # coverage feedback needs the modules instrumented as imported
    import atheris

    with atheris.instrument_imports(include=["marker", "zipfile", "odf", "docx", "pypdf", "striprtf", "yaml"]):
        import marker.classview  # noqa: F401
        import marker.ingest  # noqa: F401
        import marker.rubric  # noqa: F401

from marker.classview import submissions_from_upload  # noqa: E402
from marker.errors import EssayInputError, RubricError, display_name  # noqa: E402
from marker.ingest import essay_from_bytes  # noqa: E402
from marker.rubric import parse_rubric  # noqa: E402
from tests import hostile  # noqa: E402

HANG_SECONDS = 10.0
FIXTURES = ROOT / "tests" / "fixtures"
ESSAY = (ROOT / "sample_essays" / "21_megan.txt").read_text(encoding="utf-8")
MINI_RUBRIC = (FIXTURES / "mini_rubric.yaml").read_text(encoding="utf-8")
RTF = ("{\\rtf1\\ansi{\\fonttbl\\f0 Times;}\\f0 " + ESSAY[:1500].replace("\\", "\\\\").replace("{", "\\{")
       .replace("}", "\\}").replace("\n", "\\par ") + "}").encode("latin-1", "replace")
SEEDS = {
    ".txt": ESSAY.encode("utf-8"),
    ".md": ("# Essay\n\n" + ESSAY).encode("utf-8"),
    ".docx": (FIXTURES / "ingest" / "essay.docx").read_bytes(),
    ".odt": (FIXTURES / "ingest" / "essay.odt").read_bytes(),
    ".pdf": (FIXTURES / "ingest" / "essay.pdf").read_bytes(),
    ".rtf": RTF,
}
RUNS = [" ", "\n", "\t", "😀", "-", "=", ".", ",", "Stalin, ", "pact ", "a", "\u202e", "\x00", "\ufffd", "(", "1939 ",
        "\u200b", "ab", "'", "—"]
TARGETS = ("ingest", "zip", "rubric", "mark")


def _strategies():
    from hypothesis import strategies as st

    run = st.builds(lambda ch, n: ch * n, st.sampled_from(RUNS), st.integers(0, 12_000))
    hostile_text = st.lists(st.one_of(st.text(max_size=80), run, st.just(ESSAY[:400])), max_size=6).map("".join)
    op = st.tuples(st.sampled_from(["flip", "cut", "insert", "splice", "zero"]), st.integers(0, 1 << 30),
                   st.binary(max_size=64))
    mutated = st.builds(lambda ext, ops: (ext, _mutate(SEEDS[ext], ops)),
                        st.sampled_from(sorted(SEEDS)), st.lists(op, max_size=6))
    raw = st.tuples(st.sampled_from(sorted(SEEDS)), st.one_of(st.binary(max_size=2048),
                                                             hostile_text.map(lambda t: t.encode("utf-8"))))
    member_name = st.one_of(st.sampled_from(["../../etc/amy.txt", "/abs/ben.txt", "11B/.cara.txt", "dan\nevans.txt",
                                             "__MACOSX/._x.txt", "a\\b.docx", "C:/x.odt", "e\u202etxt.exe", ""]),
                            st.text(max_size=30).map(lambda t: t + ".txt"))
    member = st.tuples(member_name, st.one_of(st.sampled_from(list(SEEDS.values())), st.binary(max_size=512)),
                       st.booleans())
    class_zip = st.builds(_class_zip, st.lists(member, max_size=6), st.lists(op, max_size=3))
    rubric = st.one_of(st.lists(st.tuples(st.integers(0, 200), st.text(max_size=40)), max_size=5)
                       .map(_mutate_rubric), st.text(max_size=500))
    case = st.one_of(st.tuples(st.just("ingest"), st.one_of(mutated, raw)),
                     st.tuples(st.just("zip"), class_zip),
                     st.tuples(st.just("rubric"), rubric),
                     st.tuples(st.just("mark"), hostile_text))
    return case


def _mutate(data: bytes, ops) -> bytes:
    out = bytearray(data)
    for kind, where, payload in ops:
        at = where % (len(out) + 1)
        if kind == "flip" and out:
            out[at % len(out)] ^= 1 << (where % 8)
        elif kind == "cut":
            del out[at:]
        elif kind == "insert":
            out[at:at] = payload
        elif kind == "splice":
            out[at:at + len(payload)] = payload
        elif kind == "zero":
            out[at:at + 16] = bytes(min(16, len(out) - at))
    return bytes(out)


def _class_zip(members, ops) -> bytes:
    import zipfile

    entries = {name: data for name, data, _ in members}
    data = hostile.zip_bytes(entries, compression=zipfile.ZIP_DEFLATED)
    for name, _, broken in members:
        if broken and name and name.encode() in data:
            data = hostile.corrupt_deflate(data, name)
    return _mutate(data, ops)


def _mutate_rubric(edits) -> str:
    lines = MINI_RUBRIC.splitlines()
    for where, text in edits:
        lines[where % len(lines)] = text if where % 3 else lines[where % len(lines)] + text
    return "\n".join(lines)


# -- each target with its contract ------------------------------------------------------------------------------

def _one_line_naming(message: str, name: str) -> str:
    if "\n" in message:
        return "message spans several lines"
    if not message.startswith(display_name(name) + ":"):
        return "message does not start with the file's name"
    return ""


def check_ingest(case) -> str:
    ext, data = case
    name = f"fuzz{ext}"
    try:
        essay = essay_from_bytes(data, name)
    except EssayInputError as exc:
        return _one_line_naming(str(exc), name)
    return "" if essay.text.strip() else "an essay with no text was accepted"


def check_zip(data: bytes) -> str:
    for sub in submissions_from_upload("class.zip", data):
        if sub.error is not None:
            problem = _one_line_naming(sub.error, sub.name)
            if problem:
                return f"{problem}: {sub.error!r}"
        elif not sub.text.strip():
            return f"member {sub.name!r} accepted with no text"
    return ""


def check_rubric(text: str) -> str:
    try:
        parse_rubric(text, "fuzz.yaml")
    except RubricError as exc:
        if not all(line.startswith("fuzz.yaml") for line in str(exc).splitlines()):
            return "a rubric error line does not name the file"
    return ""


def check_mark(text: str) -> str:
    from marker.mark import mark_essay

    try:
        report = mark_essay(text, _rubric(), name="fuzz.txt", models=_models())
    except EssayInputError as exc:
        return _one_line_naming(str(exc), "fuzz.txt")
    for span in [e for p in report.points for e in p.evidence] + list(report.errors):
        if text[span.start:span.end] != span.text:
            return f"span {span.start}-{span.end} does not slice the text"
    return ""


_LOADED: dict[str, object] = {}


def _rubric():
    if "rubric" not in _LOADED:
        from marker.rubric import load_rubric

        _LOADED["rubric"] = load_rubric("soviet-foreign-policy-1924-41")
    return _LOADED["rubric"]


def _models():
    if "models" not in _LOADED:
        from marker.models_io import load_models

        _LOADED["models"] = load_models(_rubric())
    return _LOADED["models"]


CHECKS = {"ingest": check_ingest, "zip": check_zip, "rubric": check_rubric, "mark": check_mark}


class Tally:
    """What a run found: inputs per target, crashes and contract breaches, hangs, the slowest input."""

    def __init__(self, out: Path | None):
        self.tried: Counter = Counter()
        self.failures: list[dict] = []
        self.hangs = 0
        self.slowest = (0.0, "")  # CPU seconds, target
        self.slowest_wall = 0.0
        self.out = out
        self.started = time.perf_counter()

    def run(self, target: str, case) -> None:
        self.tried[target] += 1
        start, cpu = time.perf_counter(), time.process_time()
        try:
            problem = CHECKS[target](case)
        except Exception as exc:  # noqa: BLE001 - the point: anything uncaught is a crash
            problem = f"crash: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-4)}"
        # A hang is judged on CPU seconds (all of this process's threads): on a shared machine, wall time also
        # counts the time other programs had the cores. The slowest wall time is reported beside it.
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        self.slowest_wall = max(self.slowest_wall, seconds)
        if cpu > self.slowest[0]:
            self.slowest = (cpu, target)
        if cpu > HANG_SECONDS:
            self.hangs += 1
            problem = problem or f"hang: {cpu:.1f} CPU seconds ({seconds:.1f} s wall)"
        if problem:
            self._record(target, case, problem)
        if self.out and sum(self.tried.values()) % 250 == 0:  # so an interrupted long run still has its figures
            self.out.mkdir(parents=True, exist_ok=True)
            summary = self.summary(time.perf_counter() - self.started)
            (self.out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")

    def _record(self, target: str, case, problem: str) -> None:
        data = repr(case).encode("utf-8", "backslashreplace")
        digest = hashlib.sha256(data).hexdigest()[:12]
        self.failures.append({"target": target, "problem": problem.splitlines()[0], "id": digest})
        if self.out:
            self.out.mkdir(parents=True, exist_ok=True)
            (self.out / f"{target}-{digest}.repr").write_bytes(data)
            (self.out / f"{target}-{digest}.txt").write_text(problem, encoding="utf-8")

    def summary(self, seconds: float) -> dict:
        return {"inputs": sum(self.tried.values()), "per_target": dict(sorted(self.tried.items())),
                "crashes": len(self.failures) - self.hangs, "hangs_over_10s": self.hangs,
                "slowest_cpu_seconds": round(self.slowest[0], 2), "slowest_target": self.slowest[1],
                "slowest_wall_seconds": round(self.slowest_wall, 2),
                "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "seconds": round(seconds, 1), "failures": self.failures}


def run(cases: int, seed: int | None = None, out: Path | None = None) -> dict:
    """Try `cases` hypothesis-made inputs across the four targets; the summary as a dict."""
    from hypothesis import HealthCheck, Phase, given, seed as fix_seed, settings

    tally = Tally(out)

    @settings(max_examples=cases, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(_strategies())
    def fuzz(case) -> None:
        tally.run(*case)

    if seed is not None:
        fuzz = fix_seed(seed)(fuzz)
    warm_up()
    start = time.perf_counter()
    fuzz()
    return tally.summary(time.perf_counter() - start)


def warm_up() -> None:
    """Load the pipeline, the sentence model and the rubric's vectors once, so no input is timed with the loading."""
    check_mark("Warm up. The Nazi-Soviet Pact was signed in August 1939.")


def run_atheris(cases: int, out: Path | None) -> None:
    """Coverage-guided: libFuzzer picks the bytes; the first byte picks the target (crashes stop the run)."""
    import atheris

    tally = Tally(out)

    def one_input(data: bytes) -> None:
        if not data:
            return
        target = TARGETS[data[0] % len(TARGETS)]
        body = data[1:]
        case = {"ingest": (sorted(SEEDS)[body[:1][0] % len(SEEDS)] if body else ".txt", body[1:]),
                "zip": body, "rubric": body.decode("utf-8", "replace"),
                "mark": body.decode("utf-8", "replace")}[target]
        tally.run(target, case)
        if tally.failures:
            raise RuntimeError(json.dumps(tally.failures[-1]))

    warm_up()
    atheris.Setup([sys.argv[0], f"-runs={cases}", "-max_len=65536"], one_input)
    atheris.Fuzz()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fuzz ingest, class zips, rubric loading and marking.")
    parser.add_argument("--cases", type=int, default=1000, help="inputs to try (default 1000)")
    parser.add_argument("--seed", type=int, help="a fixed seed for a reproducible run")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "fuzz-failures",
                        help="where failing inputs are written")
    parser.add_argument("--atheris", action="store_true", help="coverage-guided fuzzing with atheris instead")
    args = parser.parse_args(argv)
    if args.atheris:
        run_atheris(args.cases, args.out)
        return 0
    result = run(args.cases, args.seed, args.out)
    print(json.dumps(result, indent=2))
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    raise SystemExit(main())

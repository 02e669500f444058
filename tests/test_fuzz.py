"""The fuzzing harness (benchmarks/fuzz.py), bounded for CI: a fixed-seed run over every target finds no crash, no
contract breach and no hang. The long run (`python benchmarks/fuzz.py --cases 10000`) is in docs/benchmarks.md."""

import time

from tests.conftest import load_benchmark


def _fuzz():
    return load_benchmark("fuzz")


def test_fuzz_bounded_run_finds_no_crash_breach_or_hang():
    fuzz = _fuzz()
    start = time.perf_counter()
    result = fuzz.run(cases=60, seed=18)
    assert result["failures"] == [], result["failures"]
    assert result["inputs"] == 60 and set(result["per_target"]) == set(fuzz.TARGETS)
    assert result["hangs_over_10s"] == 0 and result["crashes"] == 0
    assert time.perf_counter() - start < 60


def test_fuzz_harness_catches_a_crash_and_a_breach(monkeypatch):
    """The harness has teeth: an exception in a reader is a crash, a two-line message a breach, both recorded."""
    fuzz = _fuzz()
    tally = fuzz.Tally(out=None)
    monkeypatch.setitem(fuzz.CHECKS, "zip", lambda case: 1 / 0)
    tally.run("zip", b"PK")
    monkeypatch.setitem(fuzz.CHECKS, "ingest", fuzz.check_ingest)
    monkeypatch.setattr(fuzz, "essay_from_bytes", lambda data, name: (_ for _ in ()).throw(
        fuzz.EssayInputError(f"{name}: two\nlines")))
    tally.run("ingest", (".txt", b"x"))
    assert [f["problem"] for f in tally.failures] == ["crash: ZeroDivisionError: division by zero",
                                                       "message spans several lines"]

"""Batches: --jobs N gives the serial bytes, jsonl streams, a crashed worker costs only its essay, memory stays flat."""

import gc
import io
import json
import subprocess
import sys
import weakref

import pytest

from marker import batch
from marker.batch import mark_batch, write_reports
from marker.cli import main
from marker.report import Report, render_chunks, to_json
from tests import batch_tasks
from tests.conftest import ROOT, RUBRIC_ID, SAMPLES, with_empty_essay

ESSAYS = [str(SAMPLES / name) for name in ("03_marcus.txt", "21_megan.txt", "15_tyler.txt", "27_aisha.txt",
                                           "08_ethan.txt", "23_eleanor.txt")]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "marker", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def essays(tmp_path_factory) -> list[str]:
    """Sample essays with an empty file among them (a bad essay keeps its place)."""
    return with_empty_essay(tmp_path_factory, ESSAYS, 3)


@pytest.fixture(scope="module")
def serial(essays) -> subprocess.CompletedProcess:
    return run("mark", *essays, "--rubric", RUBRIC_ID, "--format", "json", "--jobs", "1")


def test_batch_json_with_two_jobs_is_byte_identical_to_a_serial_run(essays, serial):
    pooled = run("mark", *essays, "--rubric", RUBRIC_ID, "--format", "json", "--jobs", "2")
    assert serial.returncode == pooled.returncode == 3
    assert pooled.stdout == serial.stdout
    reports = json.loads(serial.stdout)
    assert [r["essay"] for r in reports] == essays
    assert [("error" in r) for r in reports] == [False, False, False, True, False, False, False]


def test_batch_jsonl_lines_are_the_arrays_reports_in_input_order(essays, serial):
    lines = run("mark", *essays, "--rubric", RUBRIC_ID, "--format", "jsonl", "--jobs", "2")
    assert lines.returncode == 3
    assert lines.stdout.endswith("\n") and lines.stdout.count("\n") == len(essays)
    assert [json.loads(line) for line in lines.stdout.splitlines()] == json.loads(serial.stdout)
    assert "empty.txt" in lines.stderr


def test_batch_jobs_must_be_a_positive_number(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["mark", ESSAYS[0], "--rubric", RUBRIC_ID, "--jobs", "0"])
    assert exc.value.code == 2 and capsys.readouterr().out == ""


def test_batch_killed_worker_is_that_essays_error_and_the_rest_are_marked(rubric, tmp_path):
    crash = tmp_path / "crash.txt"
    crash.write_text((SAMPLES / "03_marcus.txt").read_text(encoding="utf-8"), encoding="utf-8")
    crash2 = tmp_path / "crash-again.txt"
    crash2.write_text("short", encoding="utf-8")
    paths = [ESSAYS[0], str(crash), ESSAYS[1], ESSAYS[2], str(crash2)]  # the last one: no worker left to replace
    reports = list(mark_batch(paths, rubric, jobs=2, task=batch_tasks.kill_on_crash))
    assert [r.essay for r in reports] == paths
    for r in (reports[1], reports[4]):
        assert r.error.startswith(f"{r.essay}: the worker process marking this essay stopped unexpectedly (exit code")
        assert r.level is None and not r.points
    serial = list(mark_batch([ESSAYS[0], ESSAYS[1], ESSAYS[2]], rubric, jobs=1))
    assert to_json([reports[0], reports[2], reports[3]]) == to_json(serial)


def test_batch_exception_in_marking_is_that_essays_error_whatever_the_jobs(rubric, tmp_path):
    boom = tmp_path / "boom.txt"
    boom.write_text("An essay.", encoding="utf-8")
    paths = [ESSAYS[0], str(boom), ESSAYS[1]]
    outputs = [to_json(list(mark_batch(paths, rubric, jobs=jobs, task=batch_tasks.raise_on_boom)))
               for jobs in (1, 2)]
    assert outputs[0] == outputs[1]
    failed = json.loads(outputs[0])[1]
    assert failed == {"essay": str(boom), "rubric": RUBRIC_ID,
                      "error": f"{boom}: marking failed (RuntimeError: an unexpected failure)"}


def test_batch_crash_through_the_command_exits_3_with_json_on_stdout(monkeypatch, capsys, tmp_path):
    crash = tmp_path / "crash.txt"
    crash.write_text("An essay.", encoding="utf-8")
    monkeypatch.setattr(batch, "mark_path", batch_tasks.kill_on_crash)  # what the workers are given to run
    code = main(["mark", ESSAYS[0], str(crash), ESSAYS[1], "--rubric", RUBRIC_ID, "--format", "json", "--jobs", "2"])
    out, err = capsys.readouterr()
    assert code == 3
    reports = json.loads(out)
    assert [r["essay"] for r in reports] == [ESSAYS[0], str(crash), ESSAYS[1]]
    assert "stopped unexpectedly" in reports[1]["error"] and "error" not in reports[0] and "error" not in reports[2]
    assert "crash.txt" in err


def test_batch_workers_cannot_write_to_stdout(monkeypatch, capfd):
    monkeypatch.setattr(batch, "mark_path", batch_tasks.chatty)
    code = main(["mark", ESSAYS[0], ESSAYS[1], "--rubric", RUBRIC_ID, "--format", "jsonl", "--jobs", "2"])
    out, err = capfd.readouterr()
    assert code == 0
    assert [json.loads(line)["essay"] for line in out.splitlines()] == ESSAYS[:2]
    assert err.count("chatter from a worker") == 2 and err.count("native chatter") == 2


def _stub_reports(n: int):
    for i in range(n):
        yield Report(essay=f"essay-{i}.txt", rubric="r", words=i, text="x" * 1000)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "table", "markdown"])
def test_batch_each_report_is_written_before_the_next_is_asked_for(fmt):
    pieces = list(render_chunks(_stub_reports(4), fmt))
    out = io.StringIO()
    seen = []

    def reports():
        for i, report in enumerate(_stub_reports(4)):
            assert out.getvalue() == "".join(pieces[:i])  # every earlier report is out, in full
            assert seen == [f"essay-{k}.txt" for k in range(i)]
            yield report

    summary = write_reports(reports(), fmt, out, lambda r: seen.append(r.essay))
    assert summary.essays == 4 and summary.failed == 0
    assert out.getvalue() == "".join(pieces)
    if fmt == "json":
        assert out.getvalue() == to_json(list(_stub_reports(4)))
    if fmt == "jsonl":
        assert [json.loads(line)["words"] for line in out.getvalue().splitlines()] == [0, 1, 2, 3]


def test_batch_json_array_written_in_pieces_is_json_dumps_exactly():
    tricky = [Report(essay="a\n\"b\"\u2028é.txt", rubric="r", error="line one\nline two"),
              *_stub_reports(2), Report(essay="", rubric="r", warnings=("x\ny",))]
    expected = json.dumps([r.to_dict() for r in tricky], ensure_ascii=False, indent=2) + "\n"
    assert to_json(tricky) == expected
    assert to_json([]) == json.dumps([], indent=2) + "\n"


def _logged_essays(tmp_path, n):
    """n essay files for batch_tasks.logged_stub, each naming the log it appends its start and end to."""
    log = tmp_path / "log.txt"
    paths = []
    for i in range(n):
        path = tmp_path / f"essay-{i}.txt"
        path.write_text(str(log), encoding="utf-8")
        paths.append(str(path))
    return log, paths


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_keeps_no_report_once_it_is_handed_on(rubric, tmp_path, jobs):
    _, paths = _logged_essays(tmp_path, 12)
    alive = []
    for i, report in enumerate(mark_batch(paths, rubric, jobs=jobs, task=batch_tasks.logged_stub)):
        assert report.essay == paths[i]
        alive.append(weakref.ref(report))
        del report
        gc.collect()
        assert all(ref() is None for ref in alive[:-1])  # at most the latest is still held (by the generator)


def test_batch_window_bounds_the_essays_dispatched_past_the_oldest_unfinished(rubric, tmp_path):
    log, paths = _logged_essays(tmp_path, 5)
    reports = list(mark_batch(paths, rubric, jobs=2, task=batch_tasks.logged_stub, window=1))
    assert [r.essay for r in reports] == paths
    events = log.read_text(encoding="utf-8").splitlines()
    assert events == [f"{kind} essay-{i}.txt" for i in range(5) for kind in ("start", "end")]  # one at a time


def test_batch_closing_early_stops_every_worker(rubric, tmp_path):
    import multiprocessing

    log, paths = _logged_essays(tmp_path, 8)
    marking = mark_batch(paths, rubric, jobs=2, task=batch_tasks.logged_stub)
    assert next(marking).essay == paths[0]
    assert multiprocessing.active_children()
    marking.close()
    assert multiprocessing.active_children() == []


def test_batch_workers_that_cannot_start_end_the_batch_with_a_clear_error_not_a_hang(tmp_path):
    script = tmp_path / "no_main_guard.py"  # spawn re-runs an unguarded script in each worker, which then dies
    script.write_text(
        "from marker.batch import mark_batch\n"
        "from marker.rubric import load_rubric\n"
        f"print(list(mark_batch({ESSAYS[:3]!r}, load_rubric({RUBRIC_ID!r}), jobs=2)))\n",
        encoding="utf-8",
    )
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 1 and result.stdout == ""
    assert "marking workers keep stopping as they start" in result.stderr


def test_batch_summary_says_how_many_were_marked_and_which_failed_and_why():
    reports = [Report(essay="a.txt", rubric="r"), Report(essay="b\n.odt", rubric="r", error="b\\n.odt: damaged"),
               Report(essay="c.txt", rubric="r", error="c.txt: marking failed (KeyError: 'x')")]
    summary = write_reports(iter(reports), "jsonl", io.StringIO())
    assert (summary.essays, summary.failed) == (3, 2)
    assert summary.lines() == ["marked 1 of 3 essays; 2 could not be marked:", "  b\\n.odt: damaged",
                               "  c.txt: marking failed (KeyError: 'x')"]
    assert write_reports(iter(reports[:1]), "jsonl", io.StringIO()).lines() == ["marked 1 of 1 essays"]


def test_batch_parent_loads_no_nlp_stack():
    """With --jobs N the parent only reads the rubric and models, fills the vector cache and passes reports on: it
    imports neither spaCy nor onnxruntime (about 60 MiB and half a second each worker already pays)."""
    code = (
        "import sys\n"
        "from marker.cli import build_parser\n"
        "from marker.batch import warm_vector_cache, WorkerSetup, mark_path\n"
        "from marker.models_io import load_models\n"
        "from marker.rubric import load_rubric\n"
        f"rubric = load_rubric({RUBRIC_ID!r})\n"
        "build_parser(); WorkerSetup(rubric, load_models(rubric), None, mark_path, 1); warm_vector_cache(rubric)\n"
        "print(sorted(m for m in ('spacy', 'onnxruntime', 'sklearn', 'thinc') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"

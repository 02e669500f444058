"""Marking on Dask distributed (marker/distributed.py): a LocalCluster of two worker processes on 127.0.0.1 writes
the same lines as a serial `marker mark --format jsonl`, one file per partition; a partition that fails is retried
and written once; the summary counts; without the extra, --dask is a one-line usage error."""

import json
import subprocess
import sys
import types

import pytest

from marker.cli import main
from marker.distributed import essay_paths, mark_on_cluster, part_name
from tests import batch_tasks
from tests.conftest import ROOT, RUBRIC_ID, SAMPLES, with_empty_essay

distributed = pytest.importorskip("distributed")

ESSAYS = [str(SAMPLES / name) for name in ("03_marcus.txt", "21_megan.txt", "15_tyler.txt", "27_aisha.txt",
                                           "08_ethan.txt")]


@pytest.fixture(scope="module")
def essays(tmp_path_factory) -> list[str]:
    """Five sample essays and an empty file (a bad essay: its error line keeps its place)."""
    return with_empty_essay(tmp_path_factory, ESSAYS, 2)


@pytest.fixture(scope="module")
def serial_lines(essays) -> list[str]:
    done = subprocess.run([sys.executable, "-m", "marker", "mark", *essays, "--rubric", RUBRIC_ID, "--format",
                           "jsonl"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 3, done.stderr
    return done.stdout.splitlines(keepends=True)


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes, loopback only, no dashboard; shared by the tests (models stay loaded).

    Worker processes are spawned, and spawn re-runs the parent's __main__ file in each: after the Streamlit page
    tests, __main__ is a page script (AppTest leaves it so), which fails outside Streamlit. A bare __main__ while the
    cluster lives (nannies spawn replacement workers too) leaves the workers nothing to re-run.
    """
    real_main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                      dashboard_address=None, worker_dashboard_address=None) as local:
            yield local
    finally:
        sys.modules["__main__"] = real_main


def partition_lines(out, count: int) -> list[list[str]]:
    return [(out / part_name(i)).read_text(encoding="utf-8").splitlines(keepends=True) for i in range(count)]


def test_dask_partitions_hold_the_serial_runs_lines_byte_for_byte(essays, serial_lines, cluster, tmp_path, capsys):
    manifest = tmp_path / "essays.txt"
    manifest.write_text("# a manifest: one path a line\n" + "\n".join(essays[:4]) + "\n\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["mark", *essays[4:], "--manifest", str(manifest), "--rubric", RUBRIC_ID, "--dask",
                 cluster.scheduler_address, "--out", str(out), "--partition-size", "2"])
    assert code == 3  # the empty file
    parts = partition_lines(out, 3)
    assert [len(p) for p in parts] == [2, 2, 2]
    assert [line for part in parts for line in part] == serial_lines[4:] + serial_lines[:4]
    assert sorted(p.name for p in out.iterdir()) == [part_name(0), part_name(1), part_name(2), "summary.json"]
    errors = [json.loads(line) for part in parts for line in part if '"error"' in line]
    assert [e["essay"] for e in errors] == [essays[2]] and errors[0]["error"].startswith(essays[2])
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert {k: summary[k] for k in ("essays", "marked", "failed", "partitions", "workers")} == {
        "essays": 6, "marked": 5, "failed": 1, "partitions": 3, "workers": 2}
    assert summary["seconds"] > 0
    assert json.loads(capsys.readouterr().out) == summary


def test_dask_failed_partition_is_retried_and_written_once(essays, serial_lines, cluster, rubric, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / part_name(7)).write_text("an earlier run's partition\n", encoding="utf-8")  # cleared, not mixed in
    hook = tmp_path / "failed-once"
    summary = mark_on_cluster(essays, rubric, out, address=cluster.scheduler_address, partition_size=2,
                              fail_once=str(hook))
    assert hook.read_text(encoding="utf-8").startswith("partition ")  # one partition did fail, half written
    parts = partition_lines(out, 3)
    assert [line for part in parts for line in part] == serial_lines
    assert sorted(p.name for p in out.iterdir()) == [part_name(0), part_name(1), part_name(2), "summary.json"]
    assert (summary.essays, summary.marked, summary.failed, summary.partitions) == (6, 5, 1, 3)


def test_dask_workers_load_the_models_once(cluster, essays, rubric, tmp_path):
    for run in ("first", "second"):  # with the tests above: more partitions than workers, on the same processes
        mark_on_cluster(essays[:3], rubric, tmp_path / run, address=cluster.scheduler_address, partition_size=1)
    with distributed.Client(cluster.scheduler_address) as client:
        loads = client.run(batch_tasks.model_loads)
    assert len(loads) == 2 and set(loads.values()) == {(1, 1)}


def test_dask_without_the_extra_is_a_one_line_usage_error(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    code = main(["mark", ESSAYS[0], "--rubric", RUBRIC_ID, "--dask", "local", "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert captured.err.count("\n") == 1 and "'cluster' extra" in captured.err
    assert not (tmp_path / "out").exists()


def test_dask_options_need_dask_and_essays(capsys):
    assert main(["mark", "--rubric", RUBRIC_ID]) == 2
    assert main(["mark", ESSAYS[0], "--rubric", RUBRIC_ID, "--out", "somewhere"]) == 2
    assert capsys.readouterr().out == ""


def test_essay_paths_expand_folders_and_read_manifests(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    for name in ("b.txt", "a.docx", "notes.json", "c.md"):
        (folder / name).write_text("x", encoding="utf-8")
    manifest = tmp_path / "list" / "m.txt"
    manifest.parent.mkdir()
    manifest.write_text("  rel/essay.txt\n# skipped\n\n/abs/essay.pdf\n", encoding="utf-8")
    assert essay_paths(["one.txt", str(folder)], [str(manifest)]) == [
        "one.txt", str(folder / "a.docx"), str(folder / "b.txt"), str(folder / "c.md"),
        str(manifest.parent / "rel" / "essay.txt"), "/abs/essay.pdf"]


def test_dask_worker_lost_mid_partition_costs_nothing(cluster, essays, rubric, tmp_path):
    """Last here: it replaces a worker. Its partition is run again elsewhere and written once, all marked."""
    die = tmp_path / "die.txt"
    die.write_text((SAMPLES / "03_marcus.txt").read_text(encoding="utf-8"), encoding="utf-8")
    paths = essays[:3] + [str(die)] + essays[3:]
    out = tmp_path / "out"
    summary = mark_on_cluster(paths, rubric, out, address=cluster.scheduler_address, partition_size=3,
                              task=batch_tasks.die_once)
    assert (tmp_path / "die.txt.died").exists()
    lines = [line for part in partition_lines(out, 3) for line in part]
    assert [json.loads(line)["essay"] for line in lines] == paths
    assert "error" not in json.loads(lines[3])
    assert sorted(p.name for p in out.iterdir()) == [part_name(0), part_name(1), part_name(2), "summary.json"]
    assert (summary.essays, summary.marked, summary.failed, summary.partitions) == (7, 6, 1, 3)

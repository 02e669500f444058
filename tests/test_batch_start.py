"""How --jobs N workers start: forked from a server that holds the models (Linux), or spawned (elsewhere, or asked)."""

import json
import os
import sys
from multiprocessing import forkserver

import pytest

from marker.batch import mark_batch, start_method
from marker.errors import MarkerError
from tests import batch_tasks

LINUX = sys.platform.startswith("linux")


def _probe(tmp_path, rubric, n=3):
    log = tmp_path / "log.jsonl"
    log.unlink(missing_ok=True)
    paths = []
    for i in range(n):
        path = tmp_path / f"essay-{i}.txt"
        path.write_text(str(log), encoding="utf-8")
        paths.append(str(path))
    reports = list(mark_batch(paths, rubric, jobs=2, task=batch_tasks.start_probe))
    assert [r.essay for r in reports] == paths
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_start_method_is_the_fork_server_on_linux_and_spawn_when_asked_or_elsewhere(monkeypatch):
    monkeypatch.delenv("MARKER_START_METHOD", raising=False)
    assert start_method() == ("forkserver" if LINUX else "spawn")
    monkeypatch.setenv("MARKER_START_METHOD", "spawn")
    assert start_method() == "spawn"
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setenv("MARKER_START_METHOD", "forkserver")
    assert start_method() == "spawn"
    monkeypatch.setenv("MARKER_START_METHOD", "fork")
    with pytest.raises(MarkerError, match="MARKER_START_METHOD"):
        start_method()


@pytest.mark.skipif(not LINUX, reason="the fork server is used on Linux only")
def test_fork_server_workers_hold_the_preloaded_models_and_take_the_environment_of_each_batch(
        rubric, tmp_path, monkeypatch):
    monkeypatch.delenv("MARKER_START_METHOD", raising=False)
    monkeypatch.setenv("MARKER_PROBE", "first")
    first = _probe(tmp_path, rubric)
    assert all(row["preloaded"] for row in first)
    assert all(row["ppid"] != os.getpid() for row in first)  # forked by the server, not started by this process
    assert forkserver._forkserver._forkserver_pid is None  # stopped with the batch: its memory is not kept
    monkeypatch.setenv("MARKER_PROBE", "second")
    assert {row["probe"] for row in first} == {"first"}
    assert {row["probe"] for row in _probe(tmp_path, rubric)} == {"second"}  # a new server, the new environment


def test_spawned_workers_load_their_own_models(rubric, tmp_path, monkeypatch):
    monkeypatch.setenv("MARKER_START_METHOD", "spawn")
    rows = _probe(tmp_path, rubric)
    assert rows and not any(row["preloaded"] for row in rows)
    assert all(row["ppid"] == os.getpid() for row in rows)

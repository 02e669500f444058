"""Per-essay tasks for tests/test_batch.py, importable by worker processes (a task is pickled by name)."""

import os
import signal
import time
from pathlib import Path

from marker.batch import mark_path
from marker.report import Report


def kill_on_crash(path, rubric, question_id, models):
    """Marks normally, but a file named crash*.txt kills the worker process outright, as the OOM killer would."""
    if Path(path).name.startswith("crash"):
        if hasattr(signal, "SIGKILL"):
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(70)
    return mark_path(path, rubric, question_id, models)


def raise_on_boom(path, rubric, question_id, models):
    """Marks normally, but a file named boom*.txt meets a bug (an exception marker does not expect)."""
    if Path(path).name.startswith("boom"):
        raise RuntimeError("an unexpected\nfailure")
    return mark_path(path, rubric, question_id, models)


def logged_stub(path, rubric, question_id, models):
    """No marking: a cheap report, with its start and end appended to the log named by the file's text."""
    log = Path(path).read_text(encoding="utf-8").strip()
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(f"start {Path(path).name}\n")
    time.sleep(0.2)  # time for a second essay to start beside it, were the window not respected
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(f"end {Path(path).name}\n")
    return Report(essay=str(path), rubric=rubric.id, words=len(path))


def chatty(path, rubric, question_id, models):
    """Marks normally, after printing to stdout both from Python and straight to file descriptor 1."""
    print("chatter from a worker")
    os.write(1, b"native chatter\n")
    return mark_path(path, rubric, question_id, models)


def model_loads():
    """In a worker process: how many times it has loaded the spaCy pipeline and the sentence model."""
    from marker.embed import get_embedder
    from marker.nlp import get_pipeline

    return get_pipeline.cache_info().misses, get_embedder.cache_info().misses


def die_once(path, rubric, question_id, models):
    """Marks normally, but the first time a file named die*.txt comes, the worker process exits on the spot (as a
    machine lost mid-partition would); a file beside it records that it happened."""
    marker = Path(str(path) + ".died")
    if Path(path).name.startswith("die") and not marker.exists():
        marker.write_text("died once\n", encoding="utf-8")
        os._exit(70)
    return mark_path(path, rubric, question_id, models)


def start_probe(path, rubric, question_id, models):
    """No marking: appends to the log named by the file's text how this worker came to be (for test_batch_start)."""
    import json
    import sys

    log = Path(path).read_text(encoding="utf-8").strip()
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"preloaded": "marker.batch_preload" in sys.modules, "ppid": os.getppid(),
                             "probe": os.environ.get("MARKER_PROBE")}) + "\n")
    return Report(essay=str(path), rubric=rubric.id)

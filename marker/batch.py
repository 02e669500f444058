"""Marking a batch, in this process or on a pool of worker processes, with the reports coming back one by one.

Why processes: marking is Python work (the fact checker, key terms, the NLP pipeline) around the model runs, so
threads in one process wait on each other for the GIL. Each worker loads the pipeline, the embedder and the rubric
index once (the phrasing vectors from the on-disk cache, which the parent fills first), then marks one essay per
message. The parent itself imports no NLP.

How workers start: on Linux, forked from a fork server that has already loaded spaCy's pipelines and the MiniLM
session (marker/batch_preload.py), so N workers share one copy of those pages, copy-on-write, instead of holding N
(docs/benchmarks.md, "issue 16, round 3": the PSS of all the processes). The server does nothing but fork, never the
parent (whose threads make a plain fork unsafe), and the MiniLM session runs on its caller's thread alone, so a
forked worker misses no pool thread. The server is started for each batch and stopped after it: it holds no memory
between batches, and its workers get the parent's environment and stderr of the moment, as spawned ones would.
Elsewhere (macOS, Windows), or with MARKER_START_METHOD=spawn, workers are spawned and load everything themselves.

A worker is given one essay at a time over its own pipe, so when one dies (killed, out of memory, a crash in native
code) the parent knows which essay it was marking: that essay is reported with an error, a fresh worker takes the
dead one's place, and the batch goes on. A Python exception while marking becomes that essay's error in the worker,
and in the serial path too, so `--jobs 1` and `--jobs N` write the same bytes.

Reports come back in input order. At most `window` essays are dispatched past the oldest unfinished one, so no more
than that many finished reports ever wait, and nothing is kept once handed on: memory stays flat whatever the batch.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TextIO

from marker.errors import MarkerError, display_name
from marker.models_io import MarkingModels, load_models
from marker.report import Report, error_report, render_chunks
from marker.rubric import Rubric

Task = Callable[[str, Rubric, "str | None", MarkingModels], Report]
Progress = Callable[[int, int], None]
_STOP_TIMEOUT = 5.0  # seconds an idle worker gets to exit when told to, before it is terminated


def mark_path(path: str, rubric: Rubric, question_id: str | None, models: MarkingModels) -> Report:
    """The default task: read and mark one file (marker.mark.mark_file: an unreadable file is an error report)."""
    from marker.mark import mark_file

    return mark_file(path, rubric, question_id=question_id, models=models)


@dataclass(frozen=True)
class WorkerSetup:
    """What every worker is started with (pickled once per worker)."""

    rubric: Rubric
    models: MarkingModels
    question_id: str | None
    task: Task
    embed_threads: int


@dataclass(frozen=True)
class BatchSummary:
    essays: int
    failed: int  # essays reported with an error
    failures: tuple[tuple[str, str], ...] = ()  # (essay, its one-line error) for each of them, in input order

    def lines(self) -> list[str]:
        """How many essays were marked, then each that was not with the reason (the file's name said once)."""
        if not self.failed:
            return [f"marked {self.essays} of {self.essays} essays"]
        head = f"marked {self.essays - self.failed} of {self.essays} essays; {self.failed} could not be marked:"
        return [head] + [f"  {display_name(essay)}: {why.removeprefix(display_name(essay) + ': ')}"
                         for essay, why in self.failures]


def mark_batch(paths: Sequence[str | Path], rubric: Rubric, *, question_id: str | None = None, jobs: int = 1,
               progress: Progress | None = None, task: Task | None = None,
               window: int | None = None) -> Generator[Report, None, None]:
    """Mark files one by one, yielding each report in input order as soon as it and those before it are done.

    jobs > 1 marks on that many worker processes (in a script, call this under `if __name__ == "__main__":`, as
    spawned processes need). `task`, a module-level function, replaces the per-essay work (tests use it to crash a
    worker). Close the iterator (or exhaust it) to stop the workers.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    files = [str(p) for p in paths]
    setup = WorkerSetup(rubric, load_models(rubric), question_id, task or mark_path,
                        max(1, (os.cpu_count() or 1) // jobs))
    if jobs == 1 or len(files) <= 1:
        reports: Generator[Report, None, None] = (mark_safely(setup, path) for path in files)
    else:
        warm_vector_cache(rubric)
        reports = _pooled(files, setup, jobs, window or 4 * jobs)
    try:
        for done, report in enumerate(reports, 1):
            if progress:
                progress(done, len(files))
            yield report
    finally:
        reports.close()  # stops the workers now, not whenever the garbage collector gets to it


def write_reports(reports: Iterable[Report], fmt: str, out: TextIO,
                  on_report: Callable[[Report], None] | None = None) -> BatchSummary:
    """Write each report to `out` the moment it comes (flushed), then hand it to on_report; keep none of them."""
    essays = 0
    failures: list[tuple[str, str]] = []

    def counted() -> Iterator[Report]:
        nonlocal essays
        for report in reports:
            essays += 1
            if report.error is not None:
                failures.append((report.essay, report.error))
            yield report
            if on_report:  # after its piece is written: warnings follow the output they belong to
                on_report(report)

    for chunk in render_chunks(counted(), fmt):
        out.write(chunk)
        out.flush()
    return BatchSummary(essays, len(failures), tuple(failures))


def mark_safely(setup: WorkerSetup, path: str) -> Report:
    """One essay; a bug met on it becomes its error report rather than the end of the batch."""
    try:
        return setup.task(path, setup.rubric, setup.question_id, setup.models)
    except Exception as exc:  # noqa: BLE001 - one essay's failure, whatever it is, must not cost the others
        return error_report(path, setup.rubric.id, exc)


def warm_vector_cache(rubric: Rubric) -> None:
    """Embed the rubric's exemplars once here, if the cache lacks them, so workers read them instead of each
    spending seconds on the same vectors."""
    from marker.vector_cache import encode_cached, exemplar_texts

    encode_cached(exemplar_texts(rubric)[0])
    if len(rubric.questions) > 1:
        encode_cached([q.text for q in rubric.questions])


# -- the worker process --------------------------------------------------------------------------------------------

def _worker_main(conn: Connection, setup_file: str) -> None:
    """Load everything once, say so, then mark one essay per message until told to stop (None) or orphaned."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    os.dup2(2, 1)  # stdout carries only the parent's JSON: anything a worker or a library in it prints goes to stderr
    sys.stdout = sys.stderr
    try:
        setup: WorkerSetup = pickle.loads(Path(setup_file).read_bytes())  # noqa: S301 - written by our parent
        os.environ["MARKER_EMBED_THREADS"] = str(setup.embed_threads)
        from marker.embed import get_embedder
        from marker.signals import rubric_index
        from marker.nlp import get_pipeline

        get_pipeline()
        get_embedder()
        rubric_index(setup.rubric)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which stops the batch
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready",))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the parent has gone
            return
        if message is None:
            return
        index, path = message
        conn.send(("report", index, mark_safely(setup, path)))


# -- the parent's side of the pool ---------------------------------------------------------------------------------

@dataclass
class _Slot:
    """The parent's bookkeeping for one worker (mutable: it changes as essays come and go)."""

    process: multiprocessing.process.BaseProcess
    conn: Connection
    ready: bool = False
    busy: tuple[int, str] | None = None  # (input index, path) of the essay it is marking


def start_method() -> str:
    """'forkserver' where the platform has it (Linux), unless $MARKER_START_METHOD says 'spawn'; else 'spawn'."""
    wanted = os.environ.get("MARKER_START_METHOD", "").strip() or "forkserver"
    if wanted not in ("forkserver", "spawn"):
        raise MarkerError(f"MARKER_START_METHOD={wanted!r}: expected forkserver or spawn")
    if wanted == "forkserver" and sys.platform.startswith("linux") \
            and "forkserver" in multiprocessing.get_all_start_methods():
        return "forkserver"
    return "spawn"


def _context():
    ctx = multiprocessing.get_context(start_method())
    if ctx.get_start_method() == "forkserver":  # only heeded before the server starts: it then serves every batch
        ctx.set_forkserver_preload(["marker.batch_preload"])
    return ctx


def _stop_fork_server() -> None:
    """Stop multiprocessing's process-wide fork server (its `_stop`, present since Python 3.8; the next batch starts
    a new one), so the models it holds are freed and the next batch's server inherits the environment then."""
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)  # no public way to stop it
    if stop is not None:
        stop()


def _start(ctx, setup_file: str) -> _Slot:
    parent_end, child_end = ctx.Pipe()
    process = ctx.Process(target=_worker_main, args=(child_end, setup_file), name="marker-worker", daemon=True)
    process.start()
    child_end.close()  # so the parent sees EOF when the worker dies
    return _Slot(process, parent_end)


def _pooled(paths: list[str], setup: WorkerSetup, jobs: int, window: int) -> Generator[Report, None, None]:
    """The setup (the rubric alone is ~130 KB pickled) goes to workers in a file, not as process arguments: spawn
    writes arguments down a pipe whose reading end the parent itself holds until the write ends, so a worker that
    died before reading more than the pipe's buffer would hang the parent for good."""
    with tempfile.TemporaryDirectory(prefix="marker-batch-") as folder:
        setup_file = str(Path(folder) / "setup.pickle")
        Path(setup_file).write_bytes(pickle.dumps(setup))
        yield from _dispatch(paths, setup_file, setup.rubric, jobs, window)


def _dispatch(paths: list[str], setup_file: str, rubric: Rubric, jobs: int, window: int) -> Iterator[Report]:
    ctx = _context()
    slots = [_start(ctx, setup_file) for _ in range(min(jobs, len(paths)))]
    todo = deque(enumerate(paths))
    finished: dict[int, Report] = {}
    next_out = 0
    start_failures = 0
    try:
        while next_out < len(paths):
            for slot in slots:
                if slot.ready and slot.busy is None and todo and todo[0][0] < next_out + window:
                    index, path = todo.popleft()
                    try:
                        slot.conn.send((index, path))
                        slot.busy = (index, path)
                    except OSError:  # died while idle: the essay was never started; the sentinel replaces it
                        todo.appendleft((index, path))
            by_handle = {s.conn: s for s in slots} | {s.process.sentinel: s for s in slots}
            for handle in wait(list(by_handle)):
                slot = by_handle[handle]  # type: ignore[index]  # wait() returns the handles it was given
                if slot not in slots:  # already replaced this round
                    continue
                if _receive(slot, finished) and slot.process.is_alive():
                    continue
                slot.process.join()
                if slot.busy is not None:
                    index, path = slot.busy
                    code = slot.process.exitcode
                    why = f"the worker process marking this essay stopped unexpectedly (exit code {code})"
                    finished[index] = error_report(path, rubric.id, why)
                elif not slot.ready:
                    start_failures += 1
                    if start_failures > jobs:
                        raise MarkerError(f"marking workers keep stopping as they start (exit code "
                                          f"{slot.process.exitcode}); try --jobs 1, and in a script of your own "
                                          "call mark_batch under `if __name__ == '__main__':`")
                slot.conn.close()
                if todo:
                    slots[slots.index(slot)] = _start(ctx, setup_file)
                else:  # nothing left to give a new worker
                    slots.remove(slot)
            while next_out in finished:
                yield finished.pop(next_out)
                next_out += 1
    finally:
        _stop(slots)
        if ctx.get_start_method() == "forkserver":
            _stop_fork_server()


def _receive(slot: _Slot, finished: dict[int, Report]) -> bool:
    """Take every message waiting from a worker; False when its pipe is closed (the worker is gone)."""
    try:
        while slot.conn.poll():
            message = slot.conn.recv()
            if message[0] == "report":
                finished[message[1]] = message[2]
                slot.busy = None
            elif message[0] == "ready":
                slot.ready = True
            else:
                raise MarkerError(f"a marking worker could not load the models: {message[1]}")
    except (EOFError, OSError):
        return False
    return True


def _stop(slots: list[_Slot]) -> None:
    """Ask every worker to stop, give it a moment to finish, then terminate any still running."""
    for slot in slots:
        try:
            slot.conn.send(None)
        except OSError:
            pass
    for slot in slots:
        if slot.ready and slot.busy is None:  # idle: it exits at once; one still loading or marking is not waited for
            slot.process.join(_STOP_TIMEOUT)
        if slot.process.is_alive():
            slot.process.terminate()
            slot.process.join()
        slot.conn.close()

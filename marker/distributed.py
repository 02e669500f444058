"""Marking across machines on a Dask distributed cluster: `marker mark --dask ADDRESS --out DIR` (docs/scale.md).

The essays (files given, folders expanded, manifests read) are cut into partitions of a fixed size, in input order.
Each partition is one Dask task, which marks its essays one by one with marker.batch.mark_safely (so a bad essay is
its own error line, exactly as in `marker mark --format jsonl`) and writes them as JSON Lines to DIR/part-NNNNN.jsonl.
The file is written under a temporary name and renamed into place when complete, so a partition that fails half
way and is retried (Dask resubmits it, on the same or another worker) replaces the file, never adds to it, and a
reader never sees half a partition. When all are done, DIR/summary.json gives the counts.

The rubric and the fitted models are loaded once here and sent to every worker once (scattered); each worker
process keeps them, with its spaCy pipeline, sentence model and rubric index, for every partition it marks.
Workers on other machines read the essay paths themselves: give paths that are the same on every machine (a shared
folder, absolute paths). Dask is the optional extra `cluster` (`pip install -e '.[cluster]'`), imported only here
and only when used.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from marker.batch import WorkerSetup, mark_path, mark_safely, warm_vector_cache
from marker.errors import MarkerError
from marker.report import to_jsonl_line
from marker.rubric import Rubric

EXTRA_MESSAGE = ("--dask needs Dask distributed, the optional 'cluster' extra: "
                 "pip install -e '.[cluster]' in marker's folder")
DEFAULT_PARTITION_SIZE = 50
RETRIES = 3  # times a failed partition is resubmitted before the run gives up


class DaskMissing(MarkerError):
    """Dask distributed is not installed (the `cluster` extra)."""


def require_distributed():
    try:
        import distributed
    except ImportError:
        raise DaskMissing(EXTRA_MESSAGE) from None
    return distributed


def essay_paths(inputs: Iterable[str], manifests: Iterable[str] = ()) -> list[str]:
    """Every essay to mark, in order: files as given, a folder's essay files sorted by name, then each manifest's
    lines (one path a line; blank lines and lines starting with # skipped; a relative path is relative to the
    manifest's folder)."""
    from marker.ingest import SUPPORTED

    paths: list[str] = []
    for given in inputs:
        if Path(given).is_dir():
            paths += sorted(str(p) for p in Path(given).iterdir() if p.suffix.lower() in SUPPORTED and p.is_file())
        else:
            paths.append(given)
    for manifest in manifests:
        try:
            lines = Path(manifest).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise MarkerError(f"{manifest}: cannot read the manifest ({exc.strerror or exc})") from None
        base = Path(manifest).parent
        for line in lines:
            line = line.strip()
            if line and not line.startswith("#"):
                paths.append(line if Path(line).is_absolute() else str(base / line))
    return paths


def partitions(paths: Sequence[str], size: int) -> list[list[str]]:
    if size < 1:
        raise ValueError(f"partition size must be at least 1, got {size}")
    return [list(paths[i:i + size]) for i in range(0, len(paths), size)]


def part_name(index: int) -> str:
    return f"part-{index:05d}.jsonl"


@dataclass(frozen=True)
class PartitionResult:
    index: int
    essays: int
    failed: int
    worker: int  # the process id of the worker that wrote it


# -- on the worker --------------------------------------------------------------------------------------------------

_SETUPS: dict[str, WorkerSetup] = {}  # per worker process: token -> the setup whose models are loaded


def _worker_setup(token: str, setup: WorkerSetup) -> WorkerSetup:
    """The first partition on a worker loads the pipeline, the sentence model and the rubric index; later ones
    reuse them (the setup is kept by token, so the rubric index cached on it is found again)."""
    known = _SETUPS.get(token)
    if known is not None:
        return known
    if setup.embed_threads and not os.environ.get("MARKER_EMBED_THREADS"):
        os.environ["MARKER_EMBED_THREADS"] = str(setup.embed_threads)
    from marker.embed import get_embedder
    from marker.signals import rubric_index
    from marker.nlp import get_pipeline

    get_pipeline()
    get_embedder()
    rubric_index(setup.rubric)
    _SETUPS[token] = setup
    return setup


def mark_partition(index: int, paths: list[str], out_dir: str, token: str, setup: WorkerSetup,
                   fail_once: str | None = None) -> PartitionResult:
    """Mark one partition into out_dir/part-NNNNN.jsonl, atomically: a unique temporary file, renamed when whole.

    fail_once (a test hook) names a file: when it does not exist yet, this attempt creates it, writes the
    partition's first line and then fails, as a worker meeting trouble half way would.
    """
    setup = _worker_setup(token, setup)
    final = Path(out_dir) / part_name(index)
    temp = final.with_name(f".{final.name}.{uuid.uuid4().hex}.tmp")
    failed = 0
    try:
        with open(temp, "w", encoding="utf-8", newline="\n") as fh:
            for n, path in enumerate(paths):
                report = mark_safely(setup, path)
                failed += report.error is not None
                fh.write(to_jsonl_line(report))
                if fail_once and n == 0 and not Path(fail_once).exists():
                    Path(fail_once).write_text(f"partition {index} failed once\n", encoding="utf-8")
                    fh.flush()
                    raise RuntimeError(f"injected failure in partition {index} (test hook)")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, final)
    finally:
        temp.unlink(missing_ok=True)
    return PartitionResult(index, len(paths), failed, os.getpid())


# -- on the client --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RunSummary:
    essays: int
    marked: int
    failed: int
    partitions: int
    seconds: float
    workers: int

    def to_dict(self) -> dict:
        return {"essays": self.essays, "marked": self.marked, "failed": self.failed, "partitions": self.partitions,
                "seconds": round(self.seconds, 3), "workers": self.workers}


def local_cluster(workers: int):
    """A LocalCluster on this machine only: worker processes on 127.0.0.1, one thread each, no dashboard; each
    worker's sentence model takes its share of the cores."""
    require_distributed()
    from distributed import LocalCluster

    threads = max(1, (os.cpu_count() or 1) // workers)
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address=None, worker_dashboard_address=None,
                        env={"MARKER_EMBED_THREADS": str(threads)})


def mark_on_cluster(paths: Sequence[str], rubric: Rubric, out_dir: str | Path, *, address: str = "local",
                    workers: int | None = None, question_id: str | None = None,
                    partition_size: int = DEFAULT_PARTITION_SIZE, task=None, fail_once: str | None = None,
                    progress=None) -> RunSummary:
    """Mark `paths` on the Dask cluster at `address` ('local': a LocalCluster of `workers` processes, default one
    per core), writing out_dir/part-NNNNN.jsonl per partition and out_dir/summary.json; returns the summary.

    `task` replaces the per-essay work as in mark_batch (a module-level function); `fail_once` is a test hook
    (see mark_partition). A partition that still fails after its retries stops the run with a MarkerError.
    """
    require_distributed()
    from distributed import Client, as_completed

    from marker.models_io import load_models

    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    parts = partitions(list(paths), partition_size)
    for pattern in ("part-*.jsonl", ".part-*.tmp", "summary.json"):  # an earlier run's: not to mix with this one's
        for stale in out.glob(pattern):
            stale.unlink()
    warm_vector_cache(rubric)  # a local cluster's workers then read the phrasing vectors instead of embedding them
    # embed_threads 0: a worker keeps its own MARKER_EMBED_THREADS (set by local_cluster; see docs/scale.md)
    setup = WorkerSetup(rubric, load_models(rubric), question_id, task or mark_path, 0)
    token = hashlib.sha256(pickle.dumps(setup)).hexdigest()[:16]

    cluster = None
    if address == "local":
        cluster = local_cluster(workers or os.cpu_count() or 1)
    try:
        with Client(cluster if cluster is not None else address) as client:
            n_workers = len(client.scheduler_info().get("workers", {}))
            run = uuid.uuid4().hex[:12]  # keys of their own: a scheduler would hand another run's results back
            shared = client.scatter(setup, broadcast=True, hash=False)
            futures = [client.submit(mark_partition, i, part, str(out.resolve()), token, shared, fail_once,
                                     key=f"marker-partition-{run}-{i}", retries=RETRIES, pure=False)
                       for i, part in enumerate(parts)]
            essays = failed = 0
            try:
                for done, future in enumerate(as_completed(futures), 1):
                    result: PartitionResult = future.result()
                    essays += result.essays
                    failed += result.failed
                    if progress:
                        progress(done, len(parts))
            except Exception as exc:  # noqa: BLE001 - a partition failed on every retry
                for f in futures:
                    f.cancel()
                raise MarkerError(f"a partition failed {RETRIES + 1} times, the run is stopped "
                                  f"({type(exc).__name__}: {exc})") from None
    finally:
        if cluster is not None:
            cluster.close()
    for orphan in out.glob(".part-*.tmp"):  # left by attempts whose worker died mid-write; every partition is done
        orphan.unlink(missing_ok=True)
    summary = RunSummary(essays, essays - failed, failed, len(parts), time.perf_counter() - started, n_workers)
    temp = out / f".summary.json.{uuid.uuid4().hex}.tmp"
    temp.write_text(json.dumps(summary.to_dict(), indent=2) + "\n", encoding="utf-8")
    os.replace(temp, out / "summary.json")
    return summary


# -- the command: `marker mark --dask ADDRESS --out DIR` (marker/cli.py hands over here) -----------------------------

def run_command(args) -> int:
    """Exit status as for `marker mark`: 0 all marked, 2 usage (or the extra missing), 3 some essays not marked."""
    import sys

    from marker.rubric import load_rubric

    def usage(message: str) -> int:
        print(f"Error: {message} (see `marker mark --help`)", file=sys.stderr)
        return 2

    try:
        require_distributed()
    except DaskMissing as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    if not args.out:
        return usage("--dask writes its results to a folder: give --out DIR")
    if args.save:
        return usage("--save does not go with --dask")
    paths = essay_paths(args.essays, args.manifest or ())
    if not paths:
        return usage("no essays to mark: give ESSAY files, folders or --manifest FILE")
    rubric = load_rubric(args.rubric)
    if args.question:
        rubric.question(args.question)

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\rpartitions {done}/{total}", end="\n" if done == total else "", file=sys.stderr)

    summary = mark_on_cluster(paths, rubric, args.out, address=args.dask, workers=args.jobs,
                              question_id=args.question, partition_size=args.partition_size, progress=progress)
    print(json.dumps(summary.to_dict()))
    print(f"{summary.essays} essays in {summary.partitions} partitions on {summary.workers} workers: "
          f"{summary.marked} marked, {summary.failed} not ({summary.seconds:.1f} s) -> {args.out}", file=sys.stderr)
    return 3 if summary.failed else 0

"""Store benchmark: saving and reloading a class of 30 marked essays, and the database size per essay.

    python benchmarks/store.py [--essays sample_essays] [--rubric soviet-foreign-policy-1924-41] [--repeats 5]
                               [--pg postgresql+psycopg://...]   (default: $MARKER_TEST_PG_URL, if set)

The essays are marked once (not timed); the folder's essays are reused under new labels to make 30. Each repeat
saves into a fresh SQLite file (and, with a PostgreSQL URL, a fresh schema). Prints Markdown for docs/benchmarks.md.
Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

CLASS_SIZE = 30


def _marked_class(folder: Path, rubric_ref: str):
    from marker.mark import mark_essays
    from marker.rubric import load_rubric

    rubric = load_rubric(rubric_ref)
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        raise SystemExit(f"no .txt essays in {folder}")
    reports = [r for r in mark_essays(paths, rubric) if r.error is None]
    batch = [reports[i % len(reports)] for i in range(CLASS_SIZE)]
    labels = [f"student {i + 1:02d}" for i in range(CLASS_SIZE)]
    return rubric, batch, labels


def _time_store(url: str, rubric, batch, labels) -> tuple[float, float]:
    from marker.store import open_store

    with open_store(url) as store:
        t0 = time.perf_counter()
        store.save_class("bench", rubric, None, batch, labels=labels)
        saved = time.perf_counter() - t0
        t0 = time.perf_counter()
        record = store.get_class("bench")
        [essay.final() for essay in record.essays]
        reloaded = time.perf_counter() - t0
        assert len(record.essays) == CLASS_SIZE
    return saved, reloaded


def _sqlite_run(rubric, batch, labels) -> tuple[float, float, int]:
    from marker.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        url = f"sqlite:///{path}"
        with open_store(url) as store:
            store.compact()
        empty = path.stat().st_size
        saved, reloaded = _time_store(url, rubric, batch, labels)
        with open_store(url) as store:
            store.compact()  # fold the write-ahead log into the file before measuring it
        return saved, reloaded, path.stat().st_size - empty


def _pg_run(admin_url: str, rubric, batch, labels) -> tuple[float, float, int]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"marker_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        url = make_url(admin_url).update_query_dict({"options": f"-csearch_path={schema}"})
        saved, reloaded = _time_store(url.render_as_string(hide_password=False), rubric, batch, labels)
        with admin.connect() as conn:
            size = conn.execute(text(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = :schema AND c.relkind = 'r'"), {"schema": schema}).scalar()
        return saved, reloaded, int(size or 0)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--essays", default="sample_essays")
    parser.add_argument("--rubric", default="soviet-foreign-policy-1924-41")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pg", default=os.environ.get("MARKER_TEST_PG_URL"))
    args = parser.parse_args()

    rubric, batch, labels = _marked_class(Path(args.essays), args.rubric)
    text_bytes = sum(len(r.text.encode("utf-8")) for r in batch) / CLASS_SIZE
    json_bytes = sum(len(json.dumps(r.to_dict(), ensure_ascii=False).encode()) for r in batch) / CLASS_SIZE
    backends = [("SQLite (WAL file)", lambda: _sqlite_run(rubric, batch, labels))]
    if args.pg:
        backends.append(("PostgreSQL (local)", lambda: _pg_run(args.pg, rubric, batch, labels)))

    print(f"Class of {CLASS_SIZE} marked essays (mean essay text {text_bytes / 1024:.1f} KiB, report JSON "
          f"{json_bytes / 1024:.1f} KiB); median of {args.repeats} runs, each into a fresh database.\n")
    print("| database | save class (ms) | reload class (ms) | size per essay (KiB) |")
    print("|---|---|---|---|")
    for name, run in backends:
        results = [run() for _ in range(args.repeats)]
        save = statistics.median(r[0] for r in results) * 1000
        load = statistics.median(r[1] for r in results) * 1000
        size = statistics.median(r[2] for r in results) / CLASS_SIZE / 1024
        print(f"| {name} | {save:.0f} | {load:.0f} | {size:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

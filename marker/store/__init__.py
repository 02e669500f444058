"""Saved work: classes, essays, reports, teacher overrides and unreadable files kept in a real database.

A teacher marks a class over several evenings and a department shares results, so marking must outlive the
process. SQLite in the user's data folder needs no set-up; `MARKER_DB_URL` (any SQLAlchemy URL, e.g.
`postgresql+psycopg://...`) points a department at a shared server. The schema is created and upgraded by the
Alembic migrations in `marker/migrations/` each time a store is opened.

Reports are kept whole, as the JSON contract object, beside the essay text they were made from: the machine's
judgement is never edited, teacher overrides are separate rows. Re-marking adds reports, it never replaces them.
Deleting a class really deletes it: rows cascade, and a SQLite file is vacuumed so the text leaves the disk too.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

# The parts, by responsibility (every name is importable from marker.store, as before the split):
# tables.py the SQLAlchemy models; records.py the frozen data callers get back; queries.py the work on them.
from marker.changes import TeacherChanges, flag_key  # noqa: F401
from marker.errors import StoreError
from marker.store.tables import (  # noqa: F401
    Base,
    CalibrationRunRow,
    ClassRow,
    CommentRow,
    EssayRow,
    OverrideRow,
    ReportRow,
    _aware,
    _utcnow,
)
from marker.store.records import (  # noqa: F401
    CalibrationRun,
    ClassRecord,
    ClassSummary,
    Comment,
    EssayRecord,
    Final,
    OverrideRecord,
    ReportRecord,
    SaveResult,
    _calibration_record,
    _essay_record,
    _override_record,
    text_sha256,
)
from marker.store.queries import Queries, _class_question, _unique_label  # noqa: F401
from marker.storefaults import storage_error

ENV_URL = "MARKER_DB_URL"
SQLITE_BUSY_TIMEOUT_S = 30.0
RETRIES = 6
_T = TypeVar("_T")


# ---------------------------------------------------------------------------------------------------------------
# Opening a store.

def default_url() -> str:
    """A SQLite file in the user's data folder (created if needed): the no-set-up default."""
    import platformdirs

    folder = Path(platformdirs.user_data_dir("marker"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'marker.db'}"


def resolve_url(url: str | None = None) -> str:
    return url or os.environ.get(ENV_URL) or default_url()


def open_store(url: str | None = None) -> Store:
    """Open (creating or upgrading the schema) the store at `url`, `MARKER_DB_URL` or the default SQLite file."""
    url = resolve_url(url)
    try:
        engine = _make_engine(url)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise StoreError(f"cannot use database URL {_safe(url)}: {exc}") from None
    except OSError as exc:  # the SQLite file's folder cannot be created
        raise storage_error(exc, _safe(url), action="open") from None
    try:
        migrate(engine)
    except (SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise storage_error(exc, _safe(url), action="open") from None
    return Store(engine)


def _safe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparseable URL)"


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _sqlite_settings(dbapi_connection, _record) -> None:
        # We issue BEGIN ourselves (below); pysqlite's own deferred BEGIN lets two writers deadlock.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(conn) -> None:
        # Writers take the write lock up front, so they queue on busy_timeout instead of failing mid-transaction.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("marker_read_only") else "BEGIN IMMEDIATE")

    return engine


def migrations_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "migrations"


def alembic_config(url: str | None = None):
    """An Alembic Config built in code (users need no alembic.ini); also for `alembic revision` by maintainers."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration, one opener at a time (SQLite write lock, PostgreSQL advisory lock)."""
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7242031)")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


# ---------------------------------------------------------------------------------------------------------------
# The store.

def _retryable(exc: DBAPIError) -> bool:
    """Lock contention and races that a second attempt resolves (SQLite busy; PostgreSQL serialisation, unique race)."""
    text = str(exc.orig).lower()
    if "database is locked" in text or "database is busy" in text:
        return True
    return getattr(exc.orig, "sqlstate", None) in {"40001", "40P01", "23505"}


class Store(Queries):
    """Saved classes, essays, reports, overrides, unreadable files (marker.store_failed), a comment bank and
    calibration runs in one database."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._writes = sessionmaker(engine, expire_on_commit=False)
        self._reads = sessionmaker(engine.execution_options(marker_read_only=True), expire_on_commit=False)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _write(self, work: Callable[[Session], _T]) -> _T:
        """Run `work` in one transaction; retry the whole of it when another writer holds the lock."""
        for attempt in range(RETRIES):
            try:
                with self._writes.begin() as session:  # rolled back whole on any failure: nothing half-saved
                    return work(session)
            except DBAPIError as exc:
                if not _retryable(exc) or attempt == RETRIES - 1:
                    raise storage_error(exc, self.url) from None
                time.sleep(0.05 * 2 ** attempt)
            except (SQLAlchemyError, OSError) as exc:
                raise storage_error(exc, self.url) from None
        raise AssertionError("unreachable")

    def _read(self, work: Callable[[Session], _T]) -> _T:
        try:
            with self._reads.begin() as session:
                return work(session)
        except (SQLAlchemyError, OSError) as exc:
            raise storage_error(exc, self.url, action="read") from None


from marker import overrides, server_tables, store_failed  # noqa: E402,F401  (their tables join Base.metadata)

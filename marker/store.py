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

import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload, sessionmaker

from marker.changes import TeacherChanges, flag_key
from marker.errors import StoreError
from marker.storefaults import first_line, storage_error

if TYPE_CHECKING:
    from marker.report import Report
    from marker.rubric import Rubric

ENV_URL = "MARKER_DB_URL"
SQLITE_BUSY_TIMEOUT_S = 30.0
RETRIES = 6
_T = TypeVar("_T")


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands datetimes back without a zone; every time stored here is UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


# ---------------------------------------------------------------------------------------------------------------
# Tables. The migrations in marker/migrations/versions/ create exactly these (a test compares them).

class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


class ClassRow(Base):
    __tablename__ = "classes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    rubric_id: Mapped[str] = mapped_column(String(80))
    rubric_version: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(80))
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    essays: Mapped[list[EssayRow]] = relationship(
        back_populates="klass", cascade="all, delete-orphan", passive_deletes=True, order_by="EssayRow.id")


class EssayRow(Base):
    __tablename__ = "essays"
    __table_args__ = (UniqueConstraint("class_id", "student_label"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    student_label: Mapped[str] = mapped_column(String(200))
    candidate_number: Mapped[str | None] = mapped_column(String(40))
    file_name: Mapped[str | None] = mapped_column(String(1000))
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    klass: Mapped[ClassRow] = relationship(back_populates="essays")
    reports: Mapped[list[ReportRow]] = relationship(
        back_populates="essay", cascade="all, delete-orphan", passive_deletes=True, order_by="ReportRow.id")
    overrides: Mapped[list[OverrideRow]] = relationship(
        back_populates="essay", cascade="all, delete-orphan", passive_deletes=True, order_by="OverrideRow.id")


class ReportRow(Base):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    essay_id: Mapped[int] = mapped_column(ForeignKey("essays.id", ondelete="CASCADE"), index=True)
    report_json: Mapped[str] = mapped_column(Text)
    marker_version: Mapped[str] = mapped_column(String(40))
    rubric_id: Mapped[str] = mapped_column(String(80))
    rubric_version: Mapped[int] = mapped_column(Integer)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    essay: Mapped[EssayRow] = relationship(back_populates="reports")


class OverrideRow(Base):
    """A teacher's correction. `report_id` NULL means it applies to the essay whatever report is latest."""

    __tablename__ = "overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    essay_id: Mapped[int] = mapped_column(ForeignKey("essays.id", ondelete="CASCADE"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    points_json: Mapped[str] = mapped_column(Text)
    dismissed_json: Mapped[str] = mapped_column(Text)
    restored_json: Mapped[str] = mapped_column(Text, server_default="[]")  # flags reinstated after a dismissal
    level: Mapped[int | None] = mapped_column(Integer)
    mark: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(200))
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    essay: Mapped[EssayRow] = relationship(back_populates="overrides")


class CommentRow(Base):
    __tablename__ = "comment_bank"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rubric_id: Mapped[str] = mapped_column(String(80), index=True)
    text: Mapped[str] = mapped_column(Text)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class CalibrationRunRow(Base):
    __tablename__ = "calibration_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rubric_id: Mapped[str] = mapped_column(String(80), index=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    figures_json: Mapped[str] = mapped_column(Text)
    calibrated_path: Mapped[str | None] = mapped_column(String(1000))


# ---------------------------------------------------------------------------------------------------------------
# What callers get back: plain frozen data, no sessions or lazy loading.

@dataclass(frozen=True)
class ReportRecord:
    """One stored machine report: the contract's JSON object exactly as it was produced."""

    id: int
    rubric_id: str
    rubric_version: int
    marker_version: str
    created: dt.datetime
    data: dict[str, Any] = field(repr=False)

    @property
    def level(self) -> int | None:
        return self.data.get("level")

    @property
    def mark(self) -> int | None:
        return self.data.get("mark")


@dataclass(frozen=True)
class OverrideRecord:
    """A teacher's correction, kept beside (never instead of) the machine's report."""

    id: int
    essay_id: int
    report_id: int | None
    points: dict[str, str]
    dismissed_errors: tuple[str, ...]
    level: int | None
    mark: int | None
    comment: str
    who: str
    created: dt.datetime
    restored_errors: tuple[str, ...] = ()  # flags an earlier override dismissed, reinstated by this one


@dataclass(frozen=True)
class Final:
    """The teacher's view of an essay: the latest report with the overrides that apply to it folded in."""

    points: dict[str, str]
    machine_points: dict[str, str]
    level: int | None
    mark: int | None
    machine_level: int | None
    machine_mark: int | None
    errors: tuple[dict[str, Any], ...]
    dismissed_errors: tuple[dict[str, Any], ...]
    comments: tuple[str, ...]
    overridden_by: tuple[str, ...]

    @property
    def overridden_points(self) -> dict[str, tuple[str, str]]:
        """Point id -> (machine status, teacher status) where they differ."""
        return {pid: (self.machine_points.get(pid, ""), status) for pid, status in self.points.items()
                if status != self.machine_points.get(pid)}


@dataclass(frozen=True)
class EssayRecord:
    """One student's essay with every report made of it and every override, oldest first."""

    id: int
    label: str
    candidate_number: str | None
    file_name: str | None
    text: str = field(repr=False)
    sha256: str
    created: dt.datetime
    reports: tuple[ReportRecord, ...]
    overrides: tuple[OverrideRecord, ...]

    @property
    def latest(self) -> ReportRecord:
        return self.reports[-1]

    @property
    def applied_overrides(self) -> tuple[OverrideRecord, ...]:
        """Overrides of the latest report, and essay-wide ones; overrides of older reports stay with them."""
        latest = self.latest.id
        return tuple(o for o in self.overrides if o.report_id in (None, latest))

    def final(self) -> Final:
        """The applicable overrides folded over the latest report by the one model of a teacher's changes."""
        data = self.latest.data
        machine_points = {p["id"]: p["status"] for p in data.get("points", [])}
        changes = self.changes
        flags = data.get("errors", [])
        return Final(
            points={**machine_points, **{p: s for p, s in changes.points.items() if p in machine_points}},
            machine_points=machine_points,
            level=changes.level if changes.level is not None else data.get("level"),
            mark=changes.mark if changes.mark is not None else data.get("mark"),
            machine_level=data.get("level"),
            machine_mark=data.get("mark"),
            errors=tuple(f for f in flags if flag_key(f) not in changes.dismissed),
            dismissed_errors=tuple(f for f in flags if flag_key(f) in changes.dismissed),
            comments=changes.comments,
            overridden_by=changes.who,
        )

    @property
    def changes(self) -> TeacherChanges:
        """The teacher's changes that apply to the latest report (see marker.changes.apply_changes)."""
        return TeacherChanges.fold(self.applied_overrides)


@dataclass(frozen=True)
class ClassRecord:
    """A class of essays marked against one rubric and question."""

    id: int
    name: str
    rubric_id: str
    rubric_version: int
    question_id: str
    created: dt.datetime
    essays: tuple[EssayRecord, ...]


@dataclass(frozen=True)
class ClassSummary:
    name: str
    rubric_id: str
    rubric_version: int
    question_id: str
    created: dt.datetime
    essays: int


@dataclass(frozen=True)
class SaveResult:
    """What save_class did: new essays, new reports, unchanged re-saves and unreadable files left out."""

    class_name: str
    created: bool
    essays_added: int
    reports_added: int
    unchanged: int
    skipped: tuple[str, ...]


@dataclass(frozen=True)
class Comment:
    id: int
    rubric_id: str
    text: str
    created: dt.datetime


@dataclass(frozen=True)
class CalibrationRun:
    id: int
    rubric_id: str
    created: dt.datetime
    figures: dict[str, Any] = field(repr=False)
    calibrated_path: str | None


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
    return Path(__file__).resolve().parent / "migrations"


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


class Store:
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

    # -- classes ------------------------------------------------------------------------------------------------

    def save_class(self, name: str, rubric: Rubric, question_id: str | None, reports: Sequence[Report],
                   labels: Sequence[str | None] | None = None,
                   candidates: Sequence[str | None] | None = None,
                   failed: Sequence[tuple[str, str]] = (),
                   check: Callable[[Session, int, bool], None] | None = None) -> SaveResult:
        """Save marked essays to a class in ONE transaction: all of them, or (on any failure) none.

        A new name creates the class; an existing one gains the essays, and essays it already has (same label and
        text) gain a new report, so re-marking with a new rubric version keeps the old reports and overrides.
        Labels default to the file name without its extension. Unreadable essays (report.error) are skipped, and
        kept with the class as failed files beside `failed` ((file name, reason) pairs; see marker.store_failed).
        Without a question id the class takes the question most essays were detected to answer; each report
        keeps its own. `check(session, class id, created)` runs in the same transaction before any essay is added
        (marker.access: may this user save to this class; a new class is theirs).
        """
        name = (name or "").strip()
        if not name or len(name) > 200:
            raise StoreError("a class needs a name of 1-200 characters")
        question = _class_question(rubric, question_id, reports)
        labels = list(labels) if labels is not None else [None] * len(reports)
        candidates = list(candidates) if candidates is not None else [None] * len(reports)
        if len(labels) != len(reports) or len(candidates) != len(reports):
            raise StoreError("labels and candidate numbers must match the reports one for one")
        entries, skipped, unreadable = [], [], []
        used: set[str] = set()
        for report, label, candidate in zip(reports, labels, candidates):
            if report.error is not None:
                skipped.append(report.essay)
                unreadable.append((report.essay, report.error))
                continue
            if report.rubric != rubric.id:
                raise StoreError(f"{report.essay} was marked with rubric {report.rubric}, not {rubric.id}")
            label = _unique_label((label or Path(report.essay).stem or report.essay).strip()[:190], used)
            payload = json.dumps(report.to_dict(), ensure_ascii=False)
            entries.append((label, candidate, report, payload))
        if not entries:
            raise StoreError("no marked essays to save" + (f" ({len(skipped)} could not be read)" if skipped else ""))

        def work(session: Session) -> SaveResult:
            klass = session.scalar(select(ClassRow).where(ClassRow.name == name))
            created = klass is None
            if klass is None:
                klass = ClassRow(name=name, rubric_id=rubric.id, rubric_version=rubric.version,
                                 question_id=question, created=_utcnow())
                session.add(klass)
                session.flush()
            if check is not None:
                check(session, klass.id, created)
            if not created and (klass.rubric_id != rubric.id
                                or (question_id is not None and klass.question_id != question)):
                raise StoreError(f"class {name!r} is marked against {klass.rubric_id} question {klass.question_id};"
                                 f" save these essays under another class name")
            klass.rubric_version = max(klass.rubric_version, rubric.version)
            existing = {e.student_label: e for e in session.scalars(
                select(EssayRow).where(EssayRow.class_id == klass.id).options(selectinload(EssayRow.reports)))}
            essays_added = reports_added = unchanged = 0
            now = _utcnow()
            for label, candidate, report, payload in entries:
                digest = text_sha256(report.text)
                essay = existing.get(label)
                if essay is None:
                    essay = EssayRow(class_id=klass.id, student_label=label, candidate_number=candidate,
                                     file_name=report.essay, text=report.text, sha256=digest, created=now)
                    session.add(essay)
                    essays_added += 1
                elif essay.sha256 != digest:
                    raise StoreError(f"class {name!r} already has a different essay labelled {label!r};"
                                     f" give this one another label or class")
                elif essay.reports and essay.reports[-1].report_json == payload:
                    unchanged += 1
                    continue
                essay.reports.append(ReportRow(
                    report_json=payload, marker_version=report.to_dict().get("marker_version", ""),
                    rubric_id=report.rubric, rubric_version=report.rubric_version, created=now))
                reports_added += 1
            store_failed.add(session, klass.id, [*unreadable, *failed])
            return SaveResult(name, created, essays_added, reports_added, unchanged, tuple(skipped))

        return self._write(work)

    def list_classes(self) -> list[ClassSummary]:
        def work(session: Session) -> list[ClassSummary]:
            counts = (select(EssayRow.class_id, func.count(EssayRow.id).label("n"))
                      .group_by(EssayRow.class_id).subquery())
            rows = session.execute(select(ClassRow, func.coalesce(counts.c.n, 0))
                                   .outerjoin(counts, counts.c.class_id == ClassRow.id).order_by(ClassRow.name))
            return [ClassSummary(c.name, c.rubric_id, c.rubric_version, c.question_id, _aware(c.created), n)
                    for c, n in rows]

        return self._read(work)

    def get_class(self, name: str) -> ClassRecord:
        """The class with every essay, all its reports and overrides (StoreError when there is no such class)."""
        def work(session: Session) -> ClassRecord:
            klass = session.scalar(select(ClassRow).where(ClassRow.name == name).options(
                selectinload(ClassRow.essays).selectinload(EssayRow.reports),
                selectinload(ClassRow.essays).selectinload(EssayRow.overrides)))
            if klass is None:
                raise StoreError(f"no class named {name!r} (see `marker class list`)")
            return ClassRecord(klass.id, klass.name, klass.rubric_id, klass.rubric_version, klass.question_id,
                               _aware(klass.created), tuple(_essay_record(e) for e in klass.essays))

        return self._read(work)

    def delete_class(self, name: str) -> int:
        """Remove the class and every essay, report and override of it; returns how many essays went.

        On SQLite the file is then vacuumed and its write-ahead log emptied, so no deleted text stays on disk.
        """
        def work(session: Session) -> int:
            klass = session.scalar(select(ClassRow).where(ClassRow.name == name))
            if klass is None:
                raise StoreError(f"no class named {name!r} (see `marker class list`)")
            count = session.scalar(select(func.count(EssayRow.id)).where(EssayRow.class_id == klass.id)) or 0
            session.delete(klass)
            return count

        count = self._write(work)
        if self.is_sqlite:
            try:
                self.compact()
            except DBAPIError as exc:
                raise StoreError(f"class {name!r} was deleted, but the database file could not be compacted now "
                                 f"({first_line(exc.orig)}); delete again later to wipe its free space") from None
        return count

    def compact(self) -> None:
        """SQLite only: rewrite the file without free pages and empty the write-ahead log."""
        if not self.is_sqlite:
            return
        raw = self.engine.raw_connection()
        try:
            con = raw.driver_connection
            if con is None:  # the pool gave no live DB-API connection: nothing to compact
                return
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            con.execute("VACUUM")
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()

    def failed_files(self, class_name: str) -> list[store_failed.FailedFile]:
        """The class's files that could not be read, not yet dismissed (StoreError when there is no such class)."""
        return self._read(lambda session: store_failed.listed(session, class_name))

    def dismiss_failed(self, class_name: str) -> int:
        """Dismiss the class's list of unreadable files (the dismissal is saved); returns how many were listed."""
        return self._write(lambda session: store_failed.dismiss(session, class_name))

    # -- overrides ----------------------------------------------------------------------------------------------

    def add_override(self, *, essay_id: int | None = None, report_id: int | None = None,
                     points: dict[str, str] | None = None, dismissed_errors: Sequence[str] = (),
                     restored_errors: Sequence[str] = (), level: int | None = None, mark: int | None = None,
                     comment: str = "", who: str = "") -> OverrideRecord:
        """Record a teacher's correction of one report (report_id) or of an essay whatever its report (essay_id).

        Point statuses and dismissed or reinstated error flags (see flag_key) are checked against the report they
        correct. Overrides fold oldest first, so a later reinstatement undoes an earlier dismissal. Each is kept
        with its audit record (who, when, before, after) in one transaction (marker.overrides, marker.audit).
        """
        if (essay_id is None) == (report_id is None):
            raise StoreError("an override is for exactly one report or one essay")
        points, dismissed, restored = overrides.checked(points, dismissed_errors, restored_errors, level, mark,
                                                        comment)

        def work(session: Session) -> OverrideRecord:
            return _override_record(overrides.add(
                session, essay_id=essay_id, report_id=report_id, points=points, dismissed=dismissed,
                restored=restored, level=level, mark=mark, comment=comment, who=who, now=_utcnow()))

        return self._write(work)

    # -- comment bank -------------------------------------------------------------------------------------------

    def add_comment(self, rubric_id: str, text: str) -> Comment:
        """Keep a reusable feedback comment for a rubric (the same text twice is kept once)."""
        text = text.strip()
        if not text:
            raise StoreError("a comment needs some text")

        def work(session: Session) -> Comment:
            row = session.scalar(select(CommentRow).where(CommentRow.rubric_id == rubric_id, CommentRow.text == text))
            if row is None:
                row = CommentRow(rubric_id=rubric_id, text=text, created=_utcnow())
                session.add(row)
                session.flush()
            return Comment(row.id, row.rubric_id, row.text, _aware(row.created))

        return self._write(work)

    def comments(self, rubric_id: str) -> list[Comment]:
        def work(session: Session) -> list[Comment]:
            rows = session.scalars(select(CommentRow).where(CommentRow.rubric_id == rubric_id).order_by(CommentRow.id))
            return [Comment(r.id, r.rubric_id, r.text, _aware(r.created)) for r in rows]

        return self._read(work)

    def delete_comment(self, comment_id: int) -> None:
        def work(session: Session) -> None:
            row = session.get(CommentRow, comment_id)
            if row is None:
                raise StoreError(f"no comment {comment_id}")
            session.delete(row)

        self._write(work)

    # -- calibration runs ---------------------------------------------------------------------------------------

    def save_calibration_run(self, rubric_id: str, figures: dict[str, Any],
                             calibrated_path: str | Path | None = None) -> CalibrationRun:
        def work(session: Session) -> CalibrationRun:
            row = CalibrationRunRow(rubric_id=rubric_id, created=_utcnow(),
                                    figures_json=json.dumps(figures, ensure_ascii=False, sort_keys=True),
                                    calibrated_path=str(calibrated_path) if calibrated_path else None)
            session.add(row)
            session.flush()
            return _calibration_record(row)

        return self._write(work)

    def calibration_runs(self, rubric_id: str | None = None) -> list[CalibrationRun]:
        def work(session: Session) -> list[CalibrationRun]:
            query = select(CalibrationRunRow).order_by(CalibrationRunRow.id)
            if rubric_id is not None:
                query = query.where(CalibrationRunRow.rubric_id == rubric_id)
            return [_calibration_record(r) for r in session.scalars(query)]

        return self._read(work)


def _class_question(rubric: Rubric, question_id: str | None, reports: Sequence[Report]) -> str:
    """The question given, else the one most essays were detected to answer (ties: rubric order)."""
    if question_id is not None:
        return rubric.question(question_id).id
    known = [q.id for q in rubric.questions]
    found = [r.question for r in reports if r.error is None and r.question in known]
    if not found:
        return rubric.question(None).id
    return max(known, key=lambda qid: (found.count(qid), -known.index(qid)))


def _unique_label(label: str, used: set[str]) -> str:
    """Two files with the same name in one batch become 'name' and 'name (2)'."""
    candidate, n = label or "essay", 1
    while candidate in used:
        n += 1
        candidate = f"{label} ({n})"
    used.add(candidate)
    return candidate


def _override_record(row: OverrideRow) -> OverrideRecord:
    return OverrideRecord(row.id, row.essay_id, row.report_id, json.loads(row.points_json),
                          tuple(json.loads(row.dismissed_json)), row.level, row.mark, row.comment, row.who,
                          _aware(row.created), tuple(json.loads(row.restored_json)))


def _essay_record(row: EssayRow) -> EssayRecord:
    reports = tuple(ReportRecord(r.id, r.rubric_id, r.rubric_version, r.marker_version, _aware(r.created),
                                 json.loads(r.report_json)) for r in row.reports)
    return EssayRecord(row.id, row.student_label, row.candidate_number, row.file_name, row.text, row.sha256,
                       _aware(row.created), reports, tuple(_override_record(o) for o in row.overrides))


def _calibration_record(row: CalibrationRunRow) -> CalibrationRun:
    return CalibrationRun(row.id, row.rubric_id, _aware(row.created), json.loads(row.figures_json),
                          row.calibrated_path)


from marker import overrides, server_tables, store_failed  # noqa: E402,F401  (their tables join Base.metadata)

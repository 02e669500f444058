"""The store's work on saved classes, essays, reports and overrides, the comment bank and calibration runs: each a
plain method that runs in one transaction (Store._write) or one read (Store._read), which marker.store.Store, the
class these are mixed into, supplies."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload

from marker import overrides, store_failed
from marker.errors import StoreError
from marker.store.records import (
    CalibrationRun,
    ClassRecord,
    ClassSummary,
    Comment,
    OverrideRecord,
    SaveResult,
    _calibration_record,
    _essay_record,
    _override_record,
    text_sha256,
)
from marker.store.tables import (
    CalibrationRunRow,
    ClassRow,
    CommentRow,
    EssayRow,
    ReportRow,
    _aware,
    _utcnow,
)
from marker.storefaults import first_line

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from marker.report import Report
    from marker.rubric import Rubric

_T = TypeVar("_T")


class Queries:
    """Store's methods on saved work (mixed into marker.store.Store, which supplies the transactions)."""

    if TYPE_CHECKING:
        engine: Engine

        @property
        def is_sqlite(self) -> bool: ...

        def _write(self, work: Callable[[Session], _T]) -> _T: ...

        def _read(self, work: Callable[[Session], _T]) -> _T: ...

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


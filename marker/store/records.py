"""What the store's callers get back: plain frozen data, no sessions or lazy loading; and the rows turned into it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from marker.changes import TeacherChanges, flag_key
from marker.store.tables import CalibrationRunRow, EssayRow, OverrideRow, _aware


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

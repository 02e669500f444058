"""Class exports: one row per essay, one column per rubric point, with the teacher's overrides beside the machine.

Spreadsheets (csv, xlsx) are for a department's mark book; json is for programs. Every format shows the final
(teacher-corrected) statuses, level and mark, made by marker.changes exactly as the app and feedback sheets show them, and keeps the machine's original level, mark and point statuses, so
anyone can see what a teacher changed. Student text in a spreadsheet cell can never run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from marker.changes import TeacherChanges, apply_changes, flag_key
from marker.errors import MarkerError
from marker.report import Report
from marker.rubric import Rubric
from marker.store import ClassRecord, EssayRecord

FORMATS = ("csv", "xlsx", "json")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def point_columns(record: ClassRecord) -> list[tuple[str, str]]:
    """(id, title) of every point in the class's latest reports, in rubric order (first seen first)."""
    seen: dict[str, str] = {}
    for essay in record.essays:
        for p in essay.latest.data.get("points", []):
            seen.setdefault(p["id"], p.get("title", p["id"]))
    return list(seen.items())


def _ordered(record: ClassRecord, anonymous: bool) -> list[tuple[int, EssayRecord]]:
    """(1-based position, essay): in the order they were added, or by candidate number in anonymous mode, so the
    anonymous order gives nothing away about names."""
    essays = list(enumerate(record.essays, start=1))
    if anonymous:
        essays.sort(key=lambda pair: (pair[1].candidate_number or "", pair[0]))
    return essays


def _student(essay: EssayRecord, index: int, anonymous: bool) -> str:
    if not anonymous:
        return essay.label
    return essay.candidate_number or f"candidate {index}"


def _flags(flags) -> str:
    return "; ".join(f"\"{f.get('text', '')}\": {f.get('correction', '')}" for f in flags)


@dataclass(frozen=True)
class _Essay:
    """One essay as every export shows it: the machine's report and the teacher's result, from marker.changes."""

    record: EssayRecord
    machine: Report
    final: Report
    changes: TeacherChanges

    @property
    def flags(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(live, dismissed) error flags as stored."""
        stored = self.record.latest.data.get("errors", [])
        return ([f for f in stored if flag_key(f) not in self.changes.dismissed],
                [f for f in stored if flag_key(f) in self.changes.dismissed])


def _essays(record: ClassRecord, rubric: Rubric | None, anonymous: bool) -> list[tuple[int, _Essay]]:
    from marker.classview import report_from_data

    if rubric is None:
        rubric = _rubric_or_none(record.rubric_id)
    out = []
    for i, essay in _ordered(record, anonymous):
        machine = report_from_data(essay.latest.data, essay.text)
        changes = essay.changes.against(machine)
        out.append((i, _Essay(essay, machine, apply_changes(machine, changes, rubric), changes)))
    return out


def _rubric_or_none(rubric_id: str) -> Rubric | None:
    """The class's rubric; None when it is no longer installed (the export then keeps stored levels as they are)."""
    from marker.rubric import load_rubric

    try:
        return load_rubric(rubric_id)
    except MarkerError:
        return None


def class_table(record: ClassRecord, *, anonymous: bool = False,
                rubric: Rubric | None = None) -> tuple[list[str], list[list[Any]]]:
    """The export as a header and rows (one per essay). Anonymous mode shows candidate numbers, no file names."""
    points = [pid for pid, _ in point_columns(record)]
    header = ["student", "candidate number"] + ([] if anonymous else ["file"]) + [
        "rubric version", "words", *points, "level", "mark", "machine level", "machine mark", "errors",
        "dismissed errors", "overridden points", "teacher comment", "overridden by"]
    rows = []
    for i, e in _essays(record, rubric, anonymous):
        essay = e.record
        statuses = {pm.id: pm.status for pm in e.final.points}
        machine = {pm.id: pm.status for pm in e.machine.points}
        changed = "; ".join(f"{pid}: {machine[pid]} -> {status}" for pid, status in sorted(e.changes.points.items()))
        live, dismissed = e.flags
        rows.append([
            _student(essay, i, anonymous), essay.candidate_number or "",
            *([] if anonymous else [essay.file_name or ""]),
            essay.latest.rubric_version, e.machine.words or "",
            *(statuses.get(pid, "") for pid in points),
            e.final.level, e.final.mark, e.machine.level, e.machine.mark,
            _flags(live), _flags(dismissed), changed,
            " | ".join(e.changes.comments), ", ".join(e.changes.who),
        ])
    return header, rows


def _inert(value: Any) -> Any:
    """A text cell that a spreadsheet would read as a formula gets a leading apostrophe (CSV has no types)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(record: ClassRecord, *, anonymous: bool = False, rubric: Rubric | None = None) -> str:
    header, rows = class_table(record, anonymous=anonymous, rubric=rubric)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _inert(v) for v in row])
    return out.getvalue()


def to_xlsx(record: ClassRecord, *, anonymous: bool = False, rubric: Rubric | None = None) -> bytes:
    """A workbook: the mark sheet (text cells typed as text, so nothing evaluates) and a key of point titles."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    header, rows = class_table(record, anonymous=anonymous, rubric=rubric)
    book = Workbook()
    sheet = book.worksheets[0]  # the sheet a new workbook opens with
    sheet.title = "marks"
    sheet.append(header)
    for row in rows:
        sheet.append([None if v is None else v for v in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    for i, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(len(str(name)) + 2, 10), 40)
    key = book.create_sheet("points")
    key.append(["point", "title"])
    for pid, title in point_columns(record):
        key.append([pid, title])
    for row in key.iter_rows():
        for cell in row:
            cell.data_type = "s"
    info = book.create_sheet("class")
    for label, value in (("class", record.name), ("rubric", record.rubric_id),
                         ("rubric version", record.rubric_version), ("question", record.question_id),
                         ("created", record.created.isoformat())):
        info.append([label, value])
    for row in info.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def class_json(record: ClassRecord, *, anonymous: bool = False, rubric: Rubric | None = None) -> dict[str, Any]:
    """The class for programs: final values, the machine's originals, every override and the full latest report."""
    essays = []
    for i, e in _essays(record, rubric, anonymous):
        essay = e.record
        applied = {o.id for o in essay.applied_overrides}
        live, dismissed = e.flags
        entry: dict[str, Any] = {"student": _student(essay, i, anonymous), "candidate_number": essay.candidate_number}
        if not anonymous:
            entry["file"] = essay.file_name
        entry.update({
            "sha256": essay.sha256,
            "rubric_version": essay.latest.rubric_version,
            "points": {pm.id: pm.status for pm in e.final.points},
            "level": e.final.level,
            "mark": e.final.mark,
            "errors": live,
            "dismissed_errors": dismissed,
            "machine": {"points": {pm.id: pm.status for pm in e.machine.points}, "level": e.machine.level,
                        "mark": e.machine.mark},
            "feedback": e.final.feedback.to_dict() if e.final.feedback else None,
            "overrides": [{
                "report_id": o.report_id, "points": o.points, "dismissed_errors": list(o.dismissed_errors),
                "restored_errors": list(o.restored_errors),
                "level": o.level, "mark": o.mark, "comment": o.comment, "who": o.who,
                "created": o.created.isoformat(), "applies": o.id in applied,
            } for o in essay.overrides],
            "report": essay.latest.data,
        })
        if anonymous:
            entry["report"] = {**essay.latest.data, "essay": entry["student"]}
        essays.append(entry)
    return {
        "class": record.name,
        "rubric": record.rubric_id,
        "rubric_version": record.rubric_version,
        "question": record.question_id,
        "created": record.created.isoformat(),
        "essays": essays,
    }


def to_json(record: ClassRecord, *, anonymous: bool = False, rubric: Rubric | None = None) -> str:
    return json.dumps(class_json(record, anonymous=anonymous, rubric=rubric), ensure_ascii=False, indent=2) + "\n"


def export_class(record: ClassRecord, fmt: str, *, anonymous: bool = False, rubric: Rubric | None = None) -> bytes:
    """The class in one of FORMATS, as bytes ready for a file or a download button.

    CSV starts with a UTF-8 byte-order mark: without it Excel on Windows reads the file in the local code page and
    garbles accented names.
    """
    if fmt == "csv":
        return to_csv(record, anonymous=anonymous, rubric=rubric).encode("utf-8-sig")
    if fmt == "json":
        return to_json(record, anonymous=anonymous, rubric=rubric).encode("utf-8")
    if fmt == "xlsx":
        return to_xlsx(record, anonymous=anonymous, rubric=rubric)
    raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")

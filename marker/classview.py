"""What the app shows about a class, as plain data: uploads to essays, table rows, chart data, teacher changes.

The Streamlit pages only draw what these functions return, so everything worth testing is testable without a
browser. Nothing here renders HTML or touches the store.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from marker.changes import TeacherChanges, apply_changes
from marker.errors import EssayInputError, display_name
from marker.ingest import DEFAULT_MAX_BYTES, LIMITS, SUPPORTED, essay_from_bytes
from marker.report import Evidence, Feedback, Judgement, PointMatch, Report, error_report
from marker.rubric import Point, Rubric

if TYPE_CHECKING:
    from marker.store import ClassRecord

ZIP_SUFFIX = ".zip"
UPLOAD_TYPES = tuple(ext.lstrip(".") for ext in (*SUPPORTED, ZIP_SUFFIX))


@dataclass(frozen=True)
class Submission:
    """One essay from an upload: its text, or the one-line reason it could not be read."""

    name: str
    text: str = ""
    warnings: tuple[str, ...] = ()
    error: str | None = None


def submissions_from_upload(filename: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Submission]:
    """An uploaded file as essays: a .zip gives one essay per supported file inside it, anything else one essay.

    A zip is untrusted: member count and expanded size are checked before anything is read, folders and hidden
    files are skipped, and a member that cannot be read becomes a Submission with `error` set, never an exception.
    """
    if not filename.lower().endswith(ZIP_SUFFIX):
        return [_one_submission(filename, data, max_bytes)]
    shown = display_name(filename)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir() and not _system_file(m.filename)]
    except Exception:  # noqa: BLE001 - any failure of the zip reader on untrusted bytes
        return [Submission(filename, error=f"{shown}: not a readable zip archive: re-create it and try again")]
    total = sum(m.file_size for m in members)
    if len(members) > LIMITS["zip_max_members"] or total > LIMITS["zip_max_uncompressed_bytes"]:
        return [Submission(filename, error=f"{shown}: the archive is too large to unpack safely: "
                                          "upload the essays in smaller batches")]
    out = []
    for member in sorted(members, key=lambda m: m.filename):
        name = f"{filename}/{member.filename}"
        problem = _member_problem(member, max_bytes)
        if problem:
            out.append(Submission(name, error=f"{display_name(name)}: {problem}"))
            continue
        try:
            payload = archive.read(member)
        except Exception:  # noqa: BLE001 - zlib, CRC, encryption or truncation errors: this member alone is lost
            out.append(Submission(name, error=f"{display_name(name)}: damaged inside the zip (or encrypted): "
                                              "re-create the archive"))
            continue
        out.append(_one_submission(name, payload, max_bytes))
    return out or [Submission(filename, error=f"{shown}: the zip holds no essay files")]


def _system_file(path: str) -> bool:
    """Files an operating system adds to a zip (macOS resource forks, Finder and Windows folder files): never
    essays, so skipped without a word. Any other member is read or reported by name."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    return bool(parts) and (parts[0] == "__MACOSX" or parts[-1].startswith("._")
                            or parts[-1] in {".DS_Store", "Thumbs.db", "desktop.ini"})


def _member_problem(member: zipfile.ZipInfo, max_bytes: int) -> str:
    """Why a zip member is skipped (the teacher is told, by name), or ''."""
    parts = PurePosixPath(member.filename.replace("\\", "/")).parts
    if ".." in parts or member.filename.startswith(("/", "\\")) or ":" in (parts[0] if parts else ""):
        return ("not marked: its name points outside the archive's folder ('..' or an absolute path): "
                "rename the file and zip the essays again")
    if any(part.startswith(".") for part in parts):
        return "not marked: a hidden file (its name starts with '.'): rename it if it is an essay"
    if not member.filename.lower().endswith(SUPPORTED):
        return f"not an essay file (marker reads {', '.join(SUPPORTED)})"
    if member.file_size > max_bytes:
        return f"larger than the {max_bytes // (1024 * 1024)} MB limit"
    return ""


def _one_submission(name: str, data: bytes, max_bytes: int) -> Submission:
    try:
        essay = essay_from_bytes(data, name, max_bytes=max_bytes)
    except EssayInputError as exc:
        return Submission(name, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - a reader's bug on one file never loses the upload
        return Submission(name, error=error_report(name, "", exc).error)
    return Submission(name, essay.text, essay.warnings)


def mark_submissions(submissions: list[Submission], mark_one: Callable[[Submission], Report],
                     rubric_id: str, progress: Callable[[int, int], None] | None = None) -> list[Report]:
    """Mark each readable submission; an unreadable or unmarkable one becomes a Report with `error` set."""
    reports = []
    for i, sub in enumerate(submissions, start=1):
        if sub.error is not None:
            reports.append(Report(essay=sub.name, rubric=rubric_id, error=sub.error))
        else:
            try:
                reports.append(mark_one(sub))
            except Exception as exc:  # noqa: BLE001 - one essay's failure, whatever raised it, never costs the others
                reports.append(error_report(sub.name, rubric_id, exc, text=sub.text))
        if progress:
            progress(i, len(submissions))
    return reports


def student_name(essay: str) -> str:
    """A readable student name from a file name: '03_marcus.txt' -> 'marcus'; 'class.zip/Amy Lee.docx' -> 'Amy Lee'."""
    stem = PurePosixPath(essay.replace("\\", "/")).stem
    head, _, rest = stem.partition("_")
    return rest if head.isdigit() and rest else stem


def candidate_number(essay: str, taken: set[str] | None = None) -> str:
    """An anonymous four-digit candidate number derived from the essay's name, unrelated to alphabetical order.

    It depends on that name only, so a student keeps their number when the class grows; `taken` steps past
    numbers already used in the class.
    """
    taken = taken if taken is not None else set()
    number = 1000 + int(hashlib.sha256(essay.encode("utf-8")).hexdigest(), 16) % 9000
    while f"{number:04d}" in taken:
        number = 1000 + (number - 999) % 9000
    return f"{number:04d}"


def candidate_numbers(essays: Iterable[str]) -> dict[str, str]:
    """Candidate numbers for a batch, unique within it."""
    taken: set[str] = set()
    out = {}
    for essay in sorted(set(essays)):
        out[essay] = candidate_number(essay, taken)
        taken.add(out[essay])
    return out


def counts(report: Report) -> tuple[int, int]:
    """(covered, partial) point counts."""
    return (sum(p.status == "covered" for p in report.points), sum(p.status == "partial" for p in report.points))


def report_from_data(data: dict[str, Any], text: str, name: str | None = None) -> Report:
    """A stored report (the JSON contract object) back as a Report, with the essay text it was made from."""
    from marker.facts import FactFlag

    if data.get("error") is not None:
        return Report(essay=name or data["essay"], rubric=data["rubric"], error=data["error"], text=text)
    judgement = data.get("judgement")
    feedback = data.get("feedback") or {}
    status = {p["id"]: p["status"] for p in data.get("points", [])}
    # Reports stored before "develop" existed listed partial points under "missing": split them by status.
    ordered = [*data.get("missing", []), *data.get("develop", [])]
    return Report(
        essay=name or data["essay"], rubric=data["rubric"], rubric_version=data.get("rubric_version", 0),
        question=data.get("question", ""), question_detected=data.get("question_detected", False),
        question_text=data.get("question_text", ""), question_confidence=data.get("question_confidence", 1.0),
        words=data.get("words", 0),
        develop=tuple(pid for pid in dict.fromkeys(ordered) if status.get(pid) == "partial"),
        points=tuple(PointMatch(p["id"], p["title"], p["kind"], p["status"], p["score"],
                                tuple(Evidence(**e) for e in p.get("evidence", []))) for p in data.get("points", [])),
        missing=tuple(pid for pid in data.get("missing", []) if status.get(pid, "missing") == "missing"),
        errors=tuple(FactFlag(**f) for f in data.get("errors", [])),
        judgement=Judgement(judgement["level"], judgement["mark"], judgement["descriptor"],
                            tuple(judgement["reasons"]), judgement.get("confidence", 0.0)) if judgement else None,
        feedback=Feedback(tuple(feedback.get("strengths", [])), tuple(feedback.get("targets", []))),
        warnings=tuple(data.get("warnings", [])), text=text,
    )


@dataclass(frozen=True)
class ClassEssay:
    """One essay of a class as the app shows it: the machine's report, the teacher's changes and the result."""

    id: int
    label: str
    candidate: str
    report: Report
    changes: TeacherChanges
    final: Report

    def shown_name(self, anonymous: bool) -> str:
        return f"Candidate {self.candidate}" if anonymous else self.label


def class_essays(record: ClassRecord, rubric: Rubric) -> list[ClassEssay]:
    """A saved class as the app shows it, in the order the essays were added."""
    essays = []
    for essay in record.essays:
        report = report_from_data(essay.latest.data, essay.text, essay.file_name or essay.label)
        changes = essay.changes.against(report)
        essays.append(ClassEssay(essay.id, essay.label, essay.candidate_number or candidate_number(essay.label),
                                 report, changes, apply_changes(report, changes, rubric)))
    return essays


@dataclass(frozen=True)
class ClassRow:
    """One row of the results table: the level and mark as they stand, the machine's, and the teacher's changes."""

    student: str
    words: int
    level: int | None
    mark: int | None
    machine: str
    changes: str
    covered: int
    partial: int
    errors: int
    confidence: float | None


def describe_changes(e: ClassEssay) -> str:
    """The teacher's changes to one essay in a few words ('' when none): what the results table shows."""
    c = e.changes
    parts = [f"level {e.final.level}, mark {e.final.mark}"] if c.judged else []
    if c.points:
        parts.append(f"{len(c.points)} point(s) set")
    if c.dismissed:
        parts.append(f"{len(c.dismissed)} flag(s) dismissed")
    if c.comments:
        parts.append("comment")
    return "✎ " + "; ".join(parts) if parts else ""


def class_rows(essays: list[ClassEssay], *, anonymous: bool = False) -> list[ClassRow]:
    """The results table, point counts and flags as the teacher has left them."""
    rows = []
    for e in essays:
        covered, partial = counts(e.final)
        judgement = e.report.judgement
        rows.append(ClassRow(
            student=e.shown_name(anonymous), words=e.report.words, level=e.final.level, mark=e.final.mark,
            machine=f"L{e.report.level} · {e.report.mark}" if judgement else "",
            changes=describe_changes(e), covered=covered, partial=partial, errors=len(e.final.errors),
            confidence=round(judgement.confidence, 2) if judgement else None,
        ))
    return rows


def heatmap_cells(essays: list[ClassEssay], rubric: Rubric, *, anonymous: bool = False) -> list[dict]:
    """Point x essay cells for the coverage heatmap (1 covered, 0.5 partial, 0 missing), as the teacher left them;
    `by` says whose decision each status is."""
    value = {"covered": 1.0, "partial": 0.5, "missing": 0.0}
    return [{"student": e.shown_name(anonymous), "point": rubric.point_by_id[pm.id].title if pm.id in
             rubric.point_by_id else pm.title, "status": pm.status, "value": value[pm.status],
             "by": "teacher" if pm.id in e.changes.points else "machine"}
            for e in essays if e.final.error is None for pm in e.final.points]


def most_missing(reports: list[Report], rubric: Rubric, limit: int = 10) -> list[tuple[str, int]]:
    """Factors most often missed across the class: (title, essays missing it), most first, rubric order on ties."""
    order = {p.id: i for i, p in enumerate(rubric.points)}
    tally: Counter[str] = Counter(pm.id for r in reports if r.error is None for pm in r.points
                    if pm.status == "missing" and pm.kind == "factor")
    ranked = sorted(tally.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order)), kv[0]))
    return [(rubric.point_by_id[pid].title if pid in rubric.point_by_id else pid, n) for pid, n in ranked[:limit]]


def most_common_errors(reports: list[Report], rubric: Rubric, limit: int = 10) -> list[tuple[str, int]]:
    """Facts most often got wrong across the class: (correction, essays with the error), most first."""
    tally: Counter[str] = Counter()
    for r in reports:
        if r.error is None:
            tally.update({flag.correction or flag.fact for flag in r.errors})
    return sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def level_distribution(reports: list[Report], rubric: Rubric) -> list[tuple[int, int]]:
    """(level, essays) for every level of the rubric, lowest first, zeros included so the chart keeps its axis."""
    tally = Counter(r.level for r in reports if r.error is None)
    return [(lv.level, tally.get(lv.level, 0)) for lv in sorted(rubric.levels, key=lambda lv: lv.level)]


def prompt_for(point: Point) -> str:
    """A missing point as a question for the student to think about, never a ready-made answer."""
    if point.prompt.strip():
        return point.prompt.strip()
    title = point.title.rstrip(".?! ")
    if point.kind == "debate":
        return f"Which side do you find more convincing on this: {title}? Why?"
    return f"What part did {title[0].lower() + title[1:]} play, and why did it matter?"


CHECKLIST_ICON = {"covered": "✅", "partial": "🟡", "missing": "⬜"}
STATUS_WORDS = {"covered": "explained", "partial": "mentioned, not yet explained", "missing": "not yet in your essay"}


def checklist(report: Report) -> list[tuple[str, str, str]]:
    """(icon, title, status in words) per point, in rubric order, for the student's coverage checklist."""
    return [(CHECKLIST_ICON[pm.status], pm.title, STATUS_WORDS[pm.status]) for pm in report.points]

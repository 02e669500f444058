"""Printable feedback for each student, as Word (.docx) documents zipped together for the class.

A document holds what a student can act on: the level and mark (the teacher's if changed, and then said to be),
what the essay does well and what to do next (rebuilt from the teacher's decisions by marker.changes), factual errors with corrections, the coverage checklist and the teacher's comment.
Student text goes in as plain runs (python-docx escapes it), never as markup.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from docx import Document
from docx.shared import Pt

from marker.changes import SET_BY_TEACHER, TEACHER_TAG, TeacherChanges
from marker.classview import STATUS_WORDS
from marker.report import Report
from marker.rubric import Rubric

_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._ -]+")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """Word files cannot hold control characters; a stray one in an essay must not break the whole class's zip."""
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class StudentFeedback:
    """One student's document: the report as the teacher left it, the name to print and the teacher's comment."""

    student: str
    report: Report
    comment: str = ""
    teacher_points: frozenset[str] = frozenset()  # points whose status the teacher decided


def feedback_item(student: str, final: Report, changes: TeacherChanges) -> StudentFeedback:
    """A student's document from the report as the teacher left it (marker.changes.apply_changes) and the changes."""
    return StudentFeedback(student, final, " ".join(changes.comments), frozenset(changes.points))


def feedback_docx(item: StudentFeedback, rubric: Rubric) -> bytes:
    """One student's feedback as a .docx file's bytes."""
    report = item.report
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(_xml_safe(f"Feedback for {item.student}"), level=1)
    question = next((q.text for q in rubric.questions if q.id == report.question), "")
    doc.add_paragraph(rubric.title)
    if question:
        doc.add_paragraph().add_run(question).italic = True
    if report.error is not None:
        doc.add_paragraph(_xml_safe(f"This essay could not be marked: {report.error}"))
        return _save(doc)
    if report.judgement is not None:
        by_teacher = report.judgement.reasons == (SET_BY_TEACHER,)
        doc.add_heading(f"Level {report.level}, {report.mark} out of {rubric.max_mark}"
                        + (", set by your teacher" if by_teacher else ""), level=2)
        doc.add_paragraph(report.judgement.descriptor)
    _bullets(doc, "What you did well", report.feedback.strengths if report.feedback else ())
    _bullets(doc, "What to do next", report.feedback.targets if report.feedback else ())
    _bullets(doc, "Points you mention but do not yet explain",
             [rubric.point_by_id[pid].title for pid in report.develop if pid in rubric.point_by_id])
    if report.errors:
        _bullets(doc, "Facts to correct", [f"“{e.text}”: {e.correction}" for e in report.errors])
    if item.comment.strip():
        doc.add_heading("Your teacher's comment", level=2)
        doc.add_paragraph(_xml_safe(item.comment.strip()))
    doc.add_heading("The points this question rewards", level=2)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Point", "In your essay"
    for pm in report.points:
        cells = table.add_row().cells
        cells[0].text = pm.title
        cells[1].text = STATUS_WORDS[pm.status] + (TEACHER_TAG if pm.id in item.teacher_points else "")
    return _save(doc)


def _bullets(doc, heading: str, lines: Iterable[str]) -> None:
    lines = list(lines)
    if not lines:
        return
    doc.add_heading(heading, level=2)
    for line in lines:
        doc.add_paragraph(_xml_safe(line), style="List Bullet")


def _save(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def safe_filename(name: str) -> str:
    """A file name that is safe in a zip on every system, from a student's name or file name."""
    cleaned = _UNSAFE_FILENAME.sub("_", name).strip(" ._") or "student"
    return cleaned[:80]


def feedback_zip(items: list[StudentFeedback], rubric: Rubric) -> bytes:
    """Every student's .docx in one zip; names made unique so no student's feedback overwrites another's."""
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in items:
            base = safe_filename(f"feedback - {item.student}")
            name, n = f"{base}.docx", 2
            while name in used:
                name, n = f"{base} ({n}).docx", n + 1
            used.add(name)
            archive.writestr(name, feedback_docx(item, rubric))
    return buffer.getvalue()

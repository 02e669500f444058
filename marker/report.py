"""The Report: what marker says about one essay, and its renderings (JSON contract, table, Markdown).

The JSON form is the contract in ../shared/spec/report-contract.md: fields may be added, never renamed or dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from marker.defaults import DEFAULTS
from marker.errors import MarkerError, display_name

if TYPE_CHECKING:
    from marker.facts import FactFlag


@dataclass(frozen=True)
class Evidence:
    """A span of the essay text (character offsets, end exclusive) that supports a judgement."""

    start: int
    end: int
    text: str
    # How the sentence can be quoted as a strength for its point (SentenceSignals.quote_role): explains, detail or
    # mention; None where it was not read (a report stored before roles existed).
    role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        if self.role is not None:
            out["role"] = self.role
        return out


@dataclass(frozen=True)
class PointMatch:
    """How far one rubric point or debate is covered, with the sentences that show it."""

    id: str
    title: str
    kind: str
    status: str  # covered | partial | missing
    score: float
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "status": self.status,
            "score": round(self.score, 3),
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class Judgement:
    """The suggested level and mark, the descriptor that fits, and the evidence that placed it there."""

    level: int
    mark: int
    descriptor: str
    reasons: tuple[str, ...]
    confidence: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "mark": self.mark,
            "descriptor": self.descriptor,
            "reasons": list(self.reasons),
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True)
class Feedback:
    """Strengths and targets, each grounded in a covered point, a missing factor or an error."""

    strengths: tuple[str, ...]
    targets: tuple[str, ...]
    # The point (or debate) id each line is about, "" for a line about none (an error, a habit, the period); parallel
    # to the lines, for measuring the feedback against the annotation; not part of the report contract.
    strength_points: tuple[str, ...] = ()
    target_points: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"strengths": list(self.strengths), "targets": list(self.targets)}


@dataclass(frozen=True)
class Report:
    """Everything marker says about one essay. `error` is set (and marks absent) when the essay could not be read."""

    essay: str
    rubric: str
    rubric_version: int = 0
    question: str = ""
    question_detected: bool = False
    question_text: str = ""
    question_confidence: float = 1.0
    max_mark: int = 25
    words: int = 0
    points: tuple[PointMatch, ...] = ()
    missing: tuple[str, ...] = ()
    develop: tuple[str, ...] = ()
    errors: tuple[FactFlag, ...] = ()
    judgement: Judgement | None = None
    feedback: Feedback | None = None
    warnings: tuple[str, ...] = ()
    error: str | None = None
    text: str = field(default="", repr=False, compare=False)

    @property
    def level(self) -> int | None:
        return self.judgement.level if self.judgement else None

    @property
    def mark(self) -> int | None:
        return self.judgement.mark if self.judgement else None

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object (key order fixed, floats rounded) for byte-identical output."""
        if self.error is not None:
            return {"essay": self.essay, "rubric": self.rubric, "error": self.error}
        from marker import __version__

        return {
            "essay": self.essay,
            "rubric": self.rubric,
            "rubric_version": self.rubric_version,
            "question": self.question,
            "question_detected": self.question_detected,
            "question_text": self.question_text,
            "question_confidence": round(self.question_confidence, 3),
            "max_mark": self.max_mark,
            "words": self.words,
            "points": [p.to_dict() for p in self.points],
            "missing": list(self.missing),
            "develop": list(self.develop),
            "errors": [_flag_dict(e) for e in self.errors],
            "level": self.level,
            "mark": self.mark,
            "judgement": self.judgement.to_dict() if self.judgement else None,
            "feedback": self.feedback.to_dict() if self.feedback else {"strengths": [], "targets": []},
            "warnings": list(self.warnings),
            "marker_version": __version__,
        }


def _flag_dict(flag: FactFlag) -> dict[str, Any]:
    return {
        "start": flag.start,
        "end": flag.end,
        "text": flag.text,
        "claim": flag.claim,
        "correction": flag.correction,
        "fact": flag.fact,
        "confidence": round(flag.confidence, 3),
        "kind": flag.kind,
    }


def to_json(reports: list[Report]) -> str:
    """The contract's output: one JSON array, one object per essay, in the order given."""
    return "".join(json_chunks(reports))


def json_chunks(reports: Iterable[Report]) -> Iterator[str]:
    """The JSON array piece by piece, a piece per report as it comes, so a batch is never held whole; joined,
    exactly json.dumps(list, indent=2) (student text never holds a raw newline once JSON-escaped)."""
    opening = "[\n"
    for report in reports:
        yield opening + "  " + json.dumps(report.to_dict(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
        opening = ",\n"
    yield "[]\n" if opening == "[\n" else "\n]\n"


def to_jsonl_line(report: Report) -> str:
    """One report as one line of JSON Lines: the array's object, compact."""
    return json.dumps(report.to_dict(), ensure_ascii=False) + "\n"


def error_report(name: str, rubric_id: str, problem: BaseException | str, text: str = "") -> Report:
    """An essay's error report, on one line that names the essay: a MarkerError's own message (it names the file
    already), else what failed; control characters in the name escaped."""
    shown = display_name(name)
    if isinstance(problem, MarkerError):
        why = str(problem)
    elif isinstance(problem, BaseException):
        why = f"{shown}: marking failed ({type(problem).__name__}: {problem})"
    else:
        why = f"{shown}: {problem}"
    return Report(essay=name, rubric=rubric_id, error=" ".join(why.split()), text=text)


def render_chunks(reports: Iterable[Report], fmt: str) -> Iterator[str]:
    """Any output format (json, jsonl, table, markdown) a piece per report, as soon as each comes."""
    if fmt == "json":
        yield from json_chunks(reports)
        return
    render = {"jsonl": to_jsonl_line, "table": lambda r: to_table([r]), "markdown": lambda r: to_markdown([r])}[fmt]
    for report in reports:
        yield render(report)


_STATUS_MARK = {"covered": "✔", "partial": "~", "missing": "✘"}


def question_line(report: Report) -> str:
    """Which question the report assumed, and how sure: given by the teacher, or detected from the essay."""
    unsure = "unsure, " if report.question_confidence < DEFAULTS["question_unsure"] else ""
    how = (f"detected from the essay, {unsure}confidence {report.question_confidence:.0%}"
           if report.question_detected else "given")
    return f"question assumed: {report.question} ({how})" + (f": {report.question_text}" if report.question_text
                                                             else "")


def to_table(reports: list[Report]) -> str:
    """A compact plain-text summary, one block per essay, for the terminal."""
    out = []
    for r in reports:
        if r.error is not None:
            out.append(f"{r.essay}: ERROR {r.error}")
            continue
        covered = sum(p.status == "covered" for p in r.points)
        partial = sum(p.status == "partial" for p in r.points)
        out.append(
            f"{r.essay}: level {r.level}, mark {r.mark}/{r.max_mark}  "
            f"({r.words} words, {covered} covered, {partial} partial, {len(r.errors)} errors)"
        )
        out.append("  " + question_line(r))
        for p in r.points:
            out.append(f"  {_STATUS_MARK[p.status]} {p.status:<8} {p.score:4.2f}  {p.id}")
        for e in r.errors:
            out.append(f"  ! {e.text!r}: {e.correction}")
        if r.missing:
            out.append("  missing, most important first: " + ", ".join(r.missing[:6]))
        if r.develop:
            out.append("  to develop (mentioned, not explained): " + ", ".join(r.develop[:6]))
    return "\n".join(out) + "\n"


_MD_SPECIAL = "\\`*_{}[]<>()#+-.!|~"


def escape_markdown(text: str) -> str:
    """Student text made inert for Markdown renderers (no links, images, emphasis or HTML)."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)


def _md_escape(text: str) -> str:
    return escape_markdown(text).replace("\n", " ")


def to_markdown(reports: list[Report]) -> str:
    """A readable report per essay (student text escaped), for printing or sharing."""
    out = []
    for r in reports:
        out.append(f"## {_md_escape(r.essay)}\n")
        if r.error is not None:
            out.append(f"**Could not mark:** {_md_escape(r.error)}\n")
            continue
        j = r.judgement
        out.append(f"**Level {r.level}, mark {r.mark}** ({r.words} words)\n")
        out.append(f"_{_md_escape(question_line(r))}_\n")
        if j:
            out.append(f"> {_md_escape(j.descriptor)}\n")
            out.extend(f"- {_md_escape(reason)}" for reason in j.reasons)
            out.append("")
        out.append("| point | status | evidence |\n|---|---|---|")
        for p in r.points:
            ev = _md_escape(p.evidence[0].text[:120]) if p.evidence else ""
            out.append(f"| {_md_escape(p.title)} | {p.status} | {ev} |")
        out.append("")
        if r.errors:
            out.append("**Factual errors**\n")
            out.extend(f"- “{_md_escape(e.text)}”: {_md_escape(e.correction)}" for e in r.errors)
            out.append("")
        if r.feedback:
            if r.feedback.strengths:  # no empty heading: an essay that covers no factor has nothing to praise yet
                out.append("**Strengths**\n")
                out.extend(f"- {_md_escape(s)}" for s in r.feedback.strengths)
                out.append("")
            out.append("**Targets**\n")
            out.extend(f"- {_md_escape(t)}" for t in r.feedback.targets)
            out.append("")
    return "\n".join(out) + "\n"

"""Strengths and targets a student can act on, each grounded in the report.

A strength quotes a covered point's evidence; a target is a missing or thin point's target sentence, an error's
correction, or an unweighed debate. No generic filler: with nothing to ground a line, fewer lines are given.
"""

from __future__ import annotations

from marker.facts import FactFlag
from marker.report import Feedback, PointMatch
from marker.rubric import Rubric

MAX_LINES = 4
_QUOTE_CHARS = 90


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"


def build_feedback(rubric: Rubric, question_id: str | None, points: tuple[PointMatch, ...],
                   missing: tuple[str, ...], errors: tuple[FactFlag, ...]) -> Feedback:
    """2-4 strengths and 2-4 targets, most important first."""
    by_importance = sorted(
        (pm for pm in points if pm.status == "covered"),
        key=lambda pm: (-rubric.importance(pm.id, question_id), pm.id),
    )
    strengths = []
    for pm in [pm for pm in by_importance if pm.kind == "debate"] + [pm for pm in by_importance if pm.kind == "factor"]:
        if len(strengths) >= MAX_LINES:
            break
        if pm.kind == "debate":
            strengths.append(f"You weigh both sides of a debate: {pm.title.rstrip('.?')}.")
        elif pm.evidence:
            strengths.append(f"You explain {pm.title}: “{_quote(pm.evidence[0].text)}”")

    targets = []
    for flag in errors[:2]:
        targets.append(f"Correct the error “{_quote(flag.text)}”: {flag.correction}")
    partial = sorted((pm for pm in points if pm.status == "partial" and pm.kind == "factor"),
                     key=lambda pm: (-rubric.importance(pm.id, question_id), pm.id))
    developed = {pm.id for pm in partial[:1]}
    for pm in partial[:1]:
        targets.append(f"Develop {pm.title}: you mention it without explaining it. {rubric.point_by_id[pm.id].target}")
    for pid in missing:
        if len(targets) >= MAX_LINES:
            break
        if pid in developed:
            continue
        point = rubric.point_by_id[pid]
        if point.kind == "factor":
            targets.append(point.target)
    debates_missing = [pid for pid in missing if rubric.point_by_id[pid].kind == "debate"]
    if debates_missing and len(targets) < MAX_LINES:
        targets.append(rubric.point_by_id[debates_missing[0]].target)
    return Feedback(tuple(strengths), tuple(targets[:MAX_LINES]))

"""Essay text as HTML with evidence and errors highlighted, every character of student text escaped.

Student text is untrusted: it is only ever inserted through html.escape, and the markup around it is ours.
Each highlight carries its label in text (not colour alone), and the palette is safe for colour-blind readers
(Okabe-Ito).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from marker.report import Report

PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")
ERROR_COLOUR = "#D55E00"


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    label: str
    colour: str
    note: str = ""
    is_error: bool = False


def report_marks(report: Report) -> list[Mark]:
    """One mark per evidence span of a covered/partial point, plus one per factual error."""
    marks = []
    covered = [pm for pm in report.points if pm.status != "missing" and pm.evidence]
    for i, pm in enumerate(covered):
        for ev in pm.evidence:
            marks.append(Mark(ev.start, ev.end, pm.title, PALETTE[i % len(PALETTE)], pm.status))
    for err in report.errors:
        marks.append(Mark(err.start, err.end, "Error", ERROR_COLOUR, err.correction, is_error=True))
    return marks


def to_html(text: str, marks: list[Mark]) -> str:
    """The essay as escaped HTML; overlapping marks are resolved by keeping errors, then earlier spans."""
    chosen: list[Mark] = []
    for m in sorted(marks, key=lambda m: (not m.is_error, m.start, -(m.end - m.start))):
        if 0 <= m.start < m.end <= len(text) and all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    chosen.sort(key=lambda m: m.start)
    out, pos = [], 0
    for m in chosen:
        out.append(html.escape(text[pos : m.start]))
        style = f"background:{m.colour}40;border-bottom:3px solid {m.colour};padding:0 2px"
        if m.is_error:
            style += ";text-decoration:underline wavy " + m.colour
        title = html.escape(f"{m.label}: {m.note}" if m.note else m.label, quote=True)
        out.append(
            f'<mark style="{style}" title="{title}">{html.escape(text[m.start:m.end])}'
            f'<sup style="font-size:0.7em;font-weight:600"> [{html.escape(m.label)}]</sup></mark>'
        )
        pos = m.end
    out.append(html.escape(text[pos:]))
    body = "".join(out).replace("\n", "<br>")
    return f'<div style="line-height:1.7;white-space:normal">{body}</div>'

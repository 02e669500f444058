"""Essay text as HTML with evidence and errors highlighted, every character of student text escaped.

Student text is untrusted: it is only ever inserted through html.escape, and the markup around it is ours.
Highlights tell the truth: a stretch of text that is evidence for several points shows every one of them (stripes
of each point's colour, and each point's label where its evidence ends); errors have a colour and a wavy underline
that no point uses; a point keeps its style across essays (it follows rubric order). Each point's style is a
colour from the colour-blind-safe Okabe-Ito palette paired with an underline pattern, so 35 points stay distinct,
and every highlight names its point in text, so colour is never the only cue.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from marker.report import Report

PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")
ERROR_COLOUR = "#D55E00"  # vermillion: errors only
POINT_COLOURS = tuple(c for c in PALETTE if c != ERROR_COLOUR)
PATTERNS = ("solid", "dashed", "dotted", "double", "groove")  # the underline, when colours run out


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    label: str
    colour: str
    note: str = ""
    is_error: bool = False
    pattern: str = "solid"


def point_style(index: int) -> tuple[str, str]:
    """(colour, underline pattern) of the index-th rubric point: distinct for the first 35 points, never the
    error colour."""
    return POINT_COLOURS[index % len(POINT_COLOURS)], PATTERNS[(index // len(POINT_COLOURS)) % len(PATTERNS)]


def report_marks(report: Report, only: str | None = None) -> list[Mark]:
    """One mark per evidence span of a covered/partial point (just point `only`, when given), plus one per
    factual error. A point's style follows its place in the rubric, so it is the same in every essay."""
    marks = []
    for i, pm in enumerate(report.points):
        if pm.status == "missing" or (only is not None and pm.id != only):
            continue
        colour, pattern = point_style(i)
        for ev in pm.evidence:
            marks.append(Mark(ev.start, ev.end, pm.title, colour, pm.status, pattern=pattern))
    for err in report.errors:
        marks.append(Mark(err.start, err.end, "Error", ERROR_COLOUR, err.correction, is_error=True, pattern="wavy"))
    return marks


def shown_marks(text: str, marks: list[Mark]) -> list[Mark]:
    """The marks that land on the text (what to_html draws and legend_html lists)."""
    return [m for m in marks if 0 <= m.start < m.end <= len(text)]


def _segment_style(active: list[Mark]) -> str:
    points = [m for m in active if not m.is_error]
    colours = list(dict.fromkeys(m.colour for m in points))
    if len(colours) > 1:  # evidence for several points: a stripe of each colour
        step = 100 / len(colours)
        stops = ",".join(f"{c}55 {i * step:.0f}% {(i + 1) * step:.0f}%" for i, c in enumerate(colours))
        style = f"background:linear-gradient(180deg,{stops})"
    elif colours:
        style = f"background:{colours[0]}40"
    else:
        style = f"background:{ERROR_COLOUR}22"
    if points:
        style += f";border-bottom:3px {points[0].pattern} {points[0].colour}"
    if any(m.is_error for m in active):
        style += f";text-decoration:underline wavy {ERROR_COLOUR};text-decoration-thickness:2px"
    return style + ";padding:0 1px"


def _chip(m: Mark) -> str:
    return (f'<sup style="font-size:0.7em;font-weight:600;color:#1F2933;border-bottom:2px {m.pattern} {m.colour}">'
            f" [{html.escape(m.label)}]</sup>")


def to_html(text: str, marks: list[Mark]) -> str:
    """The essay as escaped HTML. Overlapping marks are all kept: the text is cut where any mark starts or ends,
    each piece is styled by every mark over it, and each mark's label follows the end of its span."""
    marks = shown_marks(text, marks)
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        active = [m for m in marks if m.start <= a and b <= m.end]
        piece = html.escape(text[a:b])
        if active:
            title = html.escape("; ".join(f"{m.label}: {m.note}" if m.note else m.label for m in active), quote=True)
            piece = f'<mark style="{_segment_style(active)}" title="{title}">{piece}</mark>'
        out.append(piece)
        ending = [m for m in marks if m.end == b]
        out.extend(_chip(m) for m in dict.fromkeys(ending))
    body = "".join(out).replace("\n", "<br>")
    return f'<div style="line-height:1.8;white-space:normal">{body}</div>'


def legend_html(text: str, marks: list[Mark]) -> str:
    """A key to the styles of exactly the highlights shown, each entry naming its point."""
    seen: dict[str, Mark] = {}
    for m in shown_marks(text, marks):
        seen.setdefault(m.label, m)
    chips = []
    for label, m in seen.items():
        style = (f"background:{m.colour}40;border-bottom:3px {m.pattern} {m.colour}" if not m.is_error else
                 f"background:{ERROR_COLOUR}22;text-decoration:underline wavy {ERROR_COLOUR}")
        name = "Error (hover for the correction)" if m.is_error else label
        chips.append(f'<span style="display:inline-block;margin:0 8px 4px 0;padding:0 6px;{style}">'
                     f"{html.escape(name)}</span>")
    return '<div style="font-size:0.85em">' + "".join(chips) + "</div>" if chips else ""

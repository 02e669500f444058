"""Agreement: each teacher against the other teachers' consensus, the tool against all of them, the widest
disagreements and the rubric points that drove the tool's mark."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Any

import numpy as np
from sklearn.metrics import cohen_kappa_score

from marker.calibrate.inputs import (
    DEFAULT_TOLERANCE,
    DEFAULT_TOP,
    DRIVERS_PER_ESSAY,
    TOOL,
    CalibrationError,
    TeacherMark,
)
from marker.models_io import MarkingModels, load_models
from marker.report import Report
from marker.rubric import Rubric


@dataclass(frozen=True)
class RaterAgreement:
    """One rater (a teacher or the tool) against the consensus. Figures are None when there was nothing to compare."""

    rater: str
    kind: str  # "teacher" | "tool"
    essays: int
    qwk: float | None
    exact: float | None
    adjacent: float | None
    mark_mae: float | None
    within_tolerance: float | None
    bias: float | None
    verdict: str  # "harsh" | "lenient" | "in line" | "no comparison"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rater": self.rater, "kind": self.kind, "essays": self.essays, "qwk": _round(self.qwk, 3),
            "exact": _round(self.exact, 3), "adjacent": _round(self.adjacent, 3), "mark_mae": _round(self.mark_mae, 2),
            "within_tolerance": _round(self.within_tolerance, 3), "bias": _round(self.bias, 2),
            "verdict": self.verdict,
        }


@dataclass(frozen=True)
class PointDriver:
    """A rubric point behind the tool's mark: how many marks the tool's decision on it added (or left out)."""

    id: str
    title: str
    status: str
    marks: float

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "status": self.status, "marks": round(self.marks, 2)}


@dataclass(frozen=True)
class TeacherDisagreement:
    essay: str
    spread: int
    marks: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"essay": self.essay, "spread": self.spread, "marks": dict(sorted(self.marks.items()))}


@dataclass(frozen=True)
class ToolDisagreement:
    """An essay where the tool and the consensus differ, with the points that drove the tool's side of it."""

    essay: str
    tool_mark: int
    consensus: float
    difference: float
    drivers: tuple[PointDriver, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"essay": self.essay, "tool_mark": self.tool_mark, "consensus": self.consensus,
                "difference": round(self.difference, 2), "drivers": [d.to_dict() for d in self.drivers]}


@dataclass(frozen=True)
class SeedCheck:
    """A rater's marks on the seed scripts against their definitive marks."""

    rater: str
    kind: str
    seeds: int
    within: int
    max_difference: int | None
    mean_difference: float | None
    passed: bool | None  # None: marked no seed script

    def to_dict(self) -> dict[str, Any]:
        return {"rater": self.rater, "kind": self.kind, "seeds": self.seeds, "within": self.within,
                "max_difference": self.max_difference, "mean_difference": _round(self.mean_difference, 2),
                "passed": self.passed}


@dataclass(frozen=True)
class EssayRow:
    """Everything known about one essay: the teachers' marks, their consensus and the tool's mark."""

    essay: str
    marks: dict[str, int]
    consensus: float | None
    consensus_level: int | None
    tool_mark: int | None
    tool_level: int | None
    seed_mark: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"essay": self.essay, "marks": dict(sorted(self.marks.items())), "consensus": self.consensus,
                "consensus_level": self.consensus_level, "tool_mark": self.tool_mark, "tool_level": self.tool_level,
                "seed_mark": self.seed_mark}


@dataclass(frozen=True)
class CalibrationReport:
    """A department's agreement: per rater, the widest disagreements, seed checks and per-essay marks."""

    rubric: str
    rubric_version: int
    tolerance: int
    markers: tuple[str, ...]
    raters: tuple[RaterAgreement, ...]
    teacher_disagreements: tuple[TeacherDisagreement, ...]
    tool_disagreements: tuple[ToolDisagreement, ...]
    essays: tuple[EssayRow, ...]
    seeds: tuple[SeedCheck, ...] = ()

    @property
    def tool(self) -> RaterAgreement | None:
        return next((r for r in self.raters if r.kind == "tool"), None)

    def rater(self, name: str) -> RaterAgreement:
        return next(r for r in self.raters if r.rater == name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rubric": self.rubric,
            "rubric_version": self.rubric_version,
            "tolerance": self.tolerance,
            "essays": len(self.essays),
            "markers": list(self.markers),
            "agreement": [r.to_dict() for r in self.raters],
            "disagreements": {
                "teachers": [d.to_dict() for d in self.teacher_disagreements],
                "tool": [d.to_dict() for d in self.tool_disagreements],
            },
            "seeds": [s.to_dict() for s in self.seeds] if self.seeds else None,
            "per_essay": [e.to_dict() for e in self.essays],
        }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)


def round_half_up(value: float) -> int:
    """Marks are whole numbers; a consensus of 12.5 rounds to 13 (Python's round() would give 12)."""
    return int(math.floor(value + 0.5))


def consensus_level(rubric: Rubric, consensus: float) -> int:
    return rubric.level_for_mark(round_half_up(consensus))


def level_labels(rubric: Rubric) -> list[int]:
    """Every level a mark can fall in (0 below the lowest band), so kappa's weights see the true distances."""
    return list(range(0, max(lv.level for lv in rubric.levels) + 1))


def rater_agreement(rater: str, kind: str, marks: Sequence[int], consensus: Sequence[float], rubric: Rubric,
                    tolerance: int) -> RaterAgreement:
    """One rater's figures against a consensus, essay by essay (same order)."""
    if not marks:
        return RaterAgreement(rater, kind, 0, None, None, None, None, None, None, "no comparison")
    mine = np.asarray(marks, dtype=float)
    theirs = np.asarray(consensus, dtype=float)
    my_levels = np.array([rubric.level_for_mark(int(m)) for m in marks])
    their_levels = np.array([consensus_level(rubric, c) for c in consensus])
    qwk = None
    if len(set(my_levels) | set(their_levels)) > 1:
        qwk = float(cohen_kappa_score(their_levels, my_levels, weights="quadratic", labels=level_labels(rubric)))
        qwk = None if math.isnan(qwk) else qwk
    diff = mine - theirs
    bias = float(diff.mean())
    verdict = "lenient" if bias > tolerance / 2 else "harsh" if bias < -tolerance / 2 else "in line"
    return RaterAgreement(
        rater, kind, len(marks), qwk,
        exact=float(np.mean(my_levels == their_levels)),
        adjacent=float(np.mean(np.abs(my_levels - their_levels) <= 1)),
        mark_mae=float(np.mean(np.abs(diff))),
        within_tolerance=float(np.mean(np.abs(diff) <= tolerance)),
        bias=bias,
        verdict=verdict,
    )


def marks_by_essay(marks: Sequence[TeacherMark]) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for m in marks:
        table.setdefault(m.essay, {})[m.marker] = m.mark
    return table


def department_consensus(marks: Sequence[TeacherMark]) -> dict[str, float]:
    """The department's mark for each essay: the median of all its teachers' marks."""
    return {essay: float(median(by.values())) for essay, by in marks_by_essay(marks).items()}


def _level_weights(models: MarkingModels) -> dict[str, float]:
    """The level model's coefficients in raw feature units (marks per unit of each feature)."""
    level = models.level
    return {name: level.coef[0][j] / level.scale[j] for j, name in enumerate(level.features)}


def point_contributions(report: Report, rubric: Rubric, models: MarkingModels) -> dict[str, tuple[float, float]]:
    """Per point: (marks the tool's decision on it added, marks it would add if fully covered).

    Read off the level model: a factor counts through its importance-weighted share of the range explained, a
    debate through its share of the debates weighed, each only when covered; other features do not depend on one
    point.
    """
    weights = _level_weights(models)
    question = report.question or None
    out = {}
    for kind, feature in (("factor", "range_explained"), ("debate", "debates_weighed")):
        importance = {p.id: rubric.importance(p.id, question) for p in rubric.points if p.kind == kind}
        total = sum(importance.values()) or 1.0
        for pm in report.points:
            if pm.kind == kind:
                full = importance[pm.id] / total * weights.get(feature, 0.0)
                out[pm.id] = (full * (pm.status == "covered"), full)
    return out


def tool_drivers(report: Report, rubric: Rubric, models: MarkingModels, difference: float,
                 limit: int = DRIVERS_PER_ESSAY) -> tuple[PointDriver, ...]:
    """The points behind the tool's difference from the consensus.

    When the tool is above, the points whose credit added most to its mark; when below, the points it did not
    credit that would have added most.
    """
    contributions = point_contributions(report, rubric, models)
    by_id = {pm.id: pm for pm in report.points}
    if difference > 0:
        ranked = sorted(((now, pid) for pid, (now, _) in contributions.items()
                         if by_id[pid].status != "missing" and now > 0.05), reverse=True)
    else:
        ranked = sorted(((now - full, pid) for pid, (now, full) in contributions.items()
                         if by_id[pid].status != "covered" and full - now > 0.05))
    return tuple(PointDriver(pid, by_id[pid].title, by_id[pid].status, float(value))
                 for value, pid in ranked[:limit])


def seed_checks(marks: Sequence[TeacherMark], seeds: Mapping[str, int], tolerance: int,
                tool: Mapping[str, Report] | None = None) -> tuple[SeedCheck, ...]:
    """Each teacher (and the tool) on the seed scripts: passed when every seed is within tolerance."""
    given: dict[str, dict[str, int]] = {}
    for m in marks:
        given.setdefault(m.marker, {})[m.essay] = m.mark
    raters = [(name, "teacher", by) for name, by in sorted(given.items(), key=lambda kv: kv[0].casefold())]
    if tool:
        raters.append((TOOL, "tool", {e: r.mark for e, r in tool.items() if r.mark is not None}))
    checks = []
    for name, kind, by in raters:
        diffs = [by[e] - seeds[e] for e in seeds if e in by]
        if not diffs:
            checks.append(SeedCheck(name, kind, 0, 0, None, None, None))
            continue
        within = sum(abs(d) <= tolerance for d in diffs)
        checks.append(SeedCheck(name, kind, len(diffs), within, max(abs(d) for d in diffs),
                                float(np.mean(diffs)), within == len(diffs)))
    return tuple(checks)


def agreement(marks: Sequence[TeacherMark], rubric: Rubric, *, tool: Mapping[str, Report] | None = None,
              models: MarkingModels | None = None, tolerance: int = DEFAULT_TOLERANCE,
              seeds: Mapping[str, int] | None = None, top: int = DEFAULT_TOP) -> CalibrationReport:
    """Every teacher against the median of the others, the tool against the median of all, and the widest gaps.

    `tool` maps essay names to the tool's reports (tool_reports); `models` are the models that made them (to say
    which points drove the tool's mark; the rubric's own by default).
    """
    if tolerance < 0:
        raise CalibrationError(f"tolerance must be 0 or more marks, got {tolerance}")
    if top < 0:
        raise CalibrationError(f"the number of disagreements to list must be 0 or more, got {top}")
    table = marks_by_essay(marks)
    markers = tuple(sorted({m.marker for m in marks}, key=str.casefold))
    consensus = department_consensus(marks)

    raters = []
    for marker in markers:
        mine, others = [], []
        for by in table.values():
            rest = [v for k, v in by.items() if k != marker]
            if marker in by and rest:
                mine.append(by[marker])
                others.append(float(median(rest)))
        raters.append(rater_agreement(marker, "teacher", mine, others, rubric, tolerance))

    tool_rows: list[tuple[str, Report, int]] = []
    if tool is not None:
        tool_rows = [(e, r, r.mark) for e, r in tool.items() if r.mark is not None and e in consensus]
        raters.append(rater_agreement(TOOL, "tool", [m for _, _, m in tool_rows],
                                      [consensus[e] for e, _, _ in tool_rows], rubric, tolerance))

    spreads = [TeacherDisagreement(e, max(by.values()) - min(by.values()), dict(by))
               for e, by in table.items() if len(by) > 1]
    spreads.sort(key=lambda d: (-d.spread, d.essay))
    teacher_gaps = tuple(d for d in spreads if d.spread > 0)[:top]

    tool_gaps: list[ToolDisagreement] = []
    if tool_rows:
        models = models or load_models(rubric)
        for essay, report, tool_mark in tool_rows:
            difference = tool_mark - consensus[essay]
            if difference:
                tool_gaps.append(ToolDisagreement(essay, tool_mark, consensus[essay], difference,
                                                  tool_drivers(report, rubric, models, difference)))
        tool_gaps.sort(key=lambda d: (-abs(d.difference), d.essay))

    names = sorted(set(table) | set(tool or {}) | set(seeds or {}), key=str.casefold)
    rows = []
    for essay in names:
        tool_report = (tool or {}).get(essay)
        c = consensus.get(essay)
        rows.append(EssayRow(essay, dict(table.get(essay, {})), c,
                             None if c is None else consensus_level(rubric, c),
                             tool_report.mark if tool_report else None, tool_report.level if tool_report else None,
                             (seeds or {}).get(essay)))
    return CalibrationReport(
        rubric=rubric.id, rubric_version=rubric.version, tolerance=tolerance, markers=markers,
        raters=tuple(raters), teacher_disagreements=teacher_gaps, tool_disagreements=tuple(tool_gaps[:top]),
        essays=tuple(rows), seeds=seed_checks(marks, seeds, tolerance, tool) if seeds else (),
    )


def level_confusion(report: CalibrationReport, rubric: Rubric) -> tuple[list[int], list[list[int]]]:
    """Levels as a confusion matrix: rows the consensus level, columns the tool's (for the app's plot)."""
    labels = level_labels(rubric)
    matrix = [[0] * len(labels) for _ in labels]
    for row in report.essays:
        if row.consensus_level is not None and row.tool_level is not None:
            matrix[labels.index(row.consensus_level)][labels.index(row.tool_level)] += 1
    return labels, matrix

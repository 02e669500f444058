"""Department calibration: how far each teacher and the tool agree, and fitting the tool to the department.

A department marks the same essays; each teacher is compared with the consensus of the OTHER teachers (the median
of their marks on each essay), the tool with the median of all teachers, on the figures exam boards use: quadratic
weighted kappa of levels, exact and adjacent level agreement, mark error, the share within tolerance and the mean
bias (positive = lenient). Seed scripts with definitive marks check each teacher against the tolerance. The tool can
then be refitted on the consensus marks; the figures before and after are measured on held-out folds only, and the
result is saved as a new rubric file beside its models, never over the original.

The library never prints and never reads the database; the CLI (`marker calibrate`) and the app call
`load_essays`, `tool_reports`, `agreement`, `refit` and `save_calibrated`, and render with `to_table`/`to_dict`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from statistics import median
from typing import Any

import numpy as np
from sklearn.metrics import cohen_kappa_score

from marker.dataset import AnnotatedEssay, Annotation
from marker.defaults import DEFAULTS
from marker.errors import MarkerError
from marker.mark import Prepared, assemble, prepare
from marker.models_io import MarkingModels, load_models, model_path, save_models
from marker.report import Report
from marker.rubric import Rubric, load_rubric, load_yaml, user_rubric_dir

# Fewer essays than this and a refit would learn the noise of a handful of scripts, not the department's standard.
MIN_ESSAYS_TO_REFIT = 12
DEFAULT_TOLERANCE = 3
DEFAULT_TOP = 5
# Points named per disagreement as the reasons behind the tool's mark.
DRIVERS_PER_ESSAY = 3
TOOL = "marker (tool)"


class CalibrationError(MarkerError):
    """Marks or seed files that cannot be used, or a refit that would not be sound; one line naming the cause."""


# ---------------------------------------------------------------------------------------------------------------
# Inputs: essays and teachers' marks


@dataclass(frozen=True)
class CalibrationEssay:
    """An essay the department marked; its examiner annotation (NAME.json beside it) is kept when there is one."""

    name: str
    path: Path | None
    text: str
    annotation: Annotation | None = None
    question_id: str | None = None


@dataclass(frozen=True)
class TeacherMark:
    """One teacher's mark for one essay (row is the line of the marks file, for messages)."""

    essay: str
    marker: str
    mark: int
    level: int
    row: int = 0


def load_essays(paths: Sequence[str | Path], rubric: Rubric, *, question_id: str | None = None
                ) -> list[CalibrationEssay]:
    """Read essay files; an annotation beside an essay supplies its question and, for a refit, its points."""
    from pydantic import ValidationError

    from marker.ingest import read_essay

    essays: list[CalibrationEssay] = []
    seen: dict[str, Path] = {}
    question_ids = {q.id for q in rubric.questions}
    for raw in paths:
        path = Path(raw)
        name = path.stem
        if name.casefold() in seen:
            raise CalibrationError(f"two essays are called {name!r} ({seen[name.casefold()]} and {path}): "
                                   "rename one so the marks file can tell them apart")
        seen[name.casefold()] = path
        annotation = None
        ann_path = path.with_suffix(".json")
        if ann_path.is_file():
            try:
                annotation = Annotation.model_validate(json.loads(ann_path.read_text(encoding="utf-8")))
            except (ValidationError, json.JSONDecodeError, UnicodeDecodeError):
                annotation = None  # not an examiner annotation: the essay is used without one
        question = question_id
        if question is None and annotation is not None and annotation.question_id in question_ids:
            question = annotation.question_id
        essays.append(CalibrationEssay(name, path, read_essay(path).text, annotation, question))
    return essays


def _essay_lookup(essay_names: Sequence[str]) -> dict[str, str]:
    return {name.casefold(): name for name in essay_names}


def _match_essay(value: str, lookup: Mapping[str, str]) -> str | None:
    """An essay named in a CSV by file name, stem or path."""
    name = Path(value.strip().replace("\\", "/")).name
    for key in (name, Path(name).stem):
        if key.casefold() in lookup:
            return lookup[key.casefold()]
    return None


def _rows(text: str, source: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
          ) -> list[tuple[int, dict[str, str]]]:
    """CSV rows as (file line, {column: value}) with the header checked; blank lines skipped."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise CalibrationError(f"{source}: empty file; expected a header row with {', '.join(required)}") from None
    except csv.Error as exc:
        raise CalibrationError(f"{source}: not a readable CSV file ({exc})") from None
    columns = [h.strip().casefold() for h in header]
    missing = [c for c in required if c not in columns]
    if missing:
        raise CalibrationError(f"{source}: missing column(s) {', '.join(missing)}; the header must name "
                               f"{', '.join(required)}" + (f" (optional: {', '.join(optional)})" if optional else "")
                               + f", found {', '.join(h.strip() for h in header) or 'nothing'}")
    wanted = set(required) | set(optional)
    out = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            row = {c: v.strip() for c, v in zip(columns, values) if c in wanted}
            out.append((reader.line_num, row))
    except csv.Error as exc:
        raise CalibrationError(f"{source} row {reader.line_num}: not readable as CSV ({exc})") from None
    return out


def _whole_mark(value: str, where: str, rubric: Rubric) -> int:
    try:
        number = float(value)
    except ValueError:
        raise CalibrationError(f"{where}: mark {value!r} is not a number") from None
    if not math.isfinite(number) or number != int(number):
        raise CalibrationError(f"{where}: mark {value!r} is not a whole number")
    if not 0 <= number <= rubric.max_mark:
        raise CalibrationError(f"{where}: mark {int(number)} is outside 0-{rubric.max_mark}")
    return int(number)


def parse_marks(text: str, essay_names: Sequence[str], rubric: Rubric, *, source: str = "marks.csv"
                ) -> tuple[TeacherMark, ...]:
    """Teachers' marks from CSV text (columns essay, marker, mark, optional level), validated row by row."""
    lookup = _essay_lookup(essay_names)
    marks: list[TeacherMark] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in _rows(text, source, ("essay", "marker", "mark"), ("level",)):
        where = f"{source} row {line}"
        if not row.get("essay"):
            raise CalibrationError(f"{where}: no essay named")
        essay = _match_essay(row["essay"], lookup)
        if essay is None:
            raise CalibrationError(f"{where}: essay {row['essay']!r} is not among the essays given")
        marker = row.get("marker", "")
        if not marker:
            raise CalibrationError(f"{where}: no marker named")
        if marker.casefold() == TOOL.casefold():
            raise CalibrationError(f"{where}: {TOOL!r} is the tool's own name; give the teacher another")
        if not row.get("mark"):
            raise CalibrationError(f"{where}: no mark given")
        mark = _whole_mark(row["mark"], where, rubric)
        band = rubric.level_for_mark(mark)
        level = band
        if row.get("level"):
            try:
                level = int(row["level"])
            except ValueError:
                raise CalibrationError(f"{where}: level {row['level']!r} is not a whole number") from None
            if level != band:
                raise CalibrationError(f"{where}: mark {mark} is in level {band}'s band, not level {level}")
        key = (essay, marker.casefold())
        if key in seen:
            raise CalibrationError(f"{where}: {marker} already marked {essay} on row {seen[key]}")
        seen[key] = line
        marks.append(TeacherMark(essay, marker, mark, level, line))
    if not marks:
        raise CalibrationError(f"{source}: no marks (one row per essay and marker is needed)")
    return tuple(marks)


def parse_seeds(text: str, essay_names: Sequence[str], rubric: Rubric, *, source: str = "seeds.csv"
                ) -> dict[str, int]:
    """Seed scripts' definitive marks from CSV text (columns essay, mark)."""
    lookup = _essay_lookup(essay_names)
    seeds: dict[str, int] = {}
    for line, row in _rows(text, source, ("essay", "mark")):
        where = f"{source} row {line}"
        essay = _match_essay(row.get("essay", ""), lookup) if row.get("essay") else None
        if essay is None:
            raise CalibrationError(f"{where}: essay {row.get('essay', '')!r} is not among the essays given")
        if essay in seeds:
            raise CalibrationError(f"{where}: {essay} already has a definitive mark")
        if not row.get("mark"):
            raise CalibrationError(f"{where}: no mark given")
        seeds[essay] = _whole_mark(row["mark"], where, rubric)
    if not seeds:
        raise CalibrationError(f"{source}: no seed scripts listed")
    return seeds


def read_csv_text(path: str | Path) -> str:
    """A small CSV file's text, with a clear error when it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CalibrationError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CalibrationError(f"{path}: cannot read ({exc})") from None


# ---------------------------------------------------------------------------------------------------------------
# Marking the essays with the tool


def prepare_essays(essays: Sequence[CalibrationEssay], rubric: Rubric,
                   progress: Callable[[int, int], object] | None = None) -> list[Prepared]:
    """The model-independent reading of each essay, done once and reused for marking and refitting."""
    prepared = []
    for i, essay in enumerate(essays):
        prepared.append(prepare(essay.text, rubric))
        if progress:
            progress(i + 1, len(essays))
    return prepared


def tool_reports(essays: Sequence[CalibrationEssay], prepared: Sequence[Prepared], rubric: Rubric,
                 models: MarkingModels | None = None) -> dict[str, Report]:
    """The tool's current report for each essay, by essay name."""
    models = models or load_models(rubric)
    return {e.name: assemble(p, rubric, models, name=e.name, question_id=e.question_id)
            for e, p in zip(essays, prepared)}


# ---------------------------------------------------------------------------------------------------------------
# Agreement


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


# ---------------------------------------------------------------------------------------------------------------
# Refitting the tool on the consensus


@dataclass(frozen=True)
class CalibrationFit:
    """The tool refitted on a department's consensus, with its held-out figures before and after."""

    rubric: str
    rubric_version: int
    mode: str  # "full" (points and level, from annotations) | "level" (level model on the current point models)
    essays: int
    folds: int
    markers: tuple[str, ...]
    tolerance: int
    before: RaterAgreement
    after: RaterAgreement
    models: MarkingModels = field(repr=False, compare=False)
    date: str = ""
    held_out_marks: dict[str, int | None] = field(default_factory=dict)

    @property
    def mode_text(self) -> str:
        return ("point, debate and level models refitted (point annotations kept, consensus marks)"
                if self.mode == "full" else "level model refitted on the current point models")

    def figures(self) -> dict[str, Any]:
        return {"before": self.before.to_dict(), "after": self.after.to_dict()}

    def to_dict(self) -> dict[str, Any]:
        return {"rubric": self.rubric, "rubric_version": self.rubric_version, "mode": self.mode,
                "essays": self.essays, "folds": self.folds, "markers": list(self.markers),
                "tolerance": self.tolerance, "date": self.date, "held_out": self.figures()}


def _items(essays: Sequence[CalibrationEssay], consensus: Mapping[str, float], rubric: Rubric,
           *, with_points: bool) -> list[AnnotatedEssay]:
    """Essays as training items whose gold mark is the department's consensus (level from the bands)."""
    items = []
    for e in essays:
        mark = round_half_up(consensus[e.name])
        update: dict[str, Any] = {"mark": mark, "level": rubric.level_for_mark(mark), "question_id": e.question_id}
        if with_points and e.annotation is not None:
            gold = e.annotation.model_copy(update=update)
        else:
            gold = Annotation(question="", **update)
        items.append(AnnotatedEssay(e.name, e.path or Path(e.name), e.text, gold))
    return items


def _level_only(rows: np.ndarray, targets: np.ndarray, current: MarkingModels) -> MarkingModels:
    """The current level model refined towards the department's marks (it stays near the shipped one when the
    marks are few or agree with it). The target is the mark before the error cost, which stays as fitted."""
    from marker.linear import refine_ridge

    level = refine_ridge(current.level, rows, targets, alpha=DEFAULTS["calibration_alpha"],
                         shift_alpha=DEFAULTS["calibration_shift_alpha"])
    return MarkingModels(current.match, level, "calibrated", dict(current.meta))


def check_enough_to_refit(essays: Sequence[CalibrationEssay], marks: Sequence[TeacherMark],
                          min_essays: int = MIN_ESSAYS_TO_REFIT) -> None:
    """Refuse, before any work, a refit on too few marked essays to learn a standard from."""
    marked = {m.essay for m in marks} & {e.name for e in essays}
    if len(marked) < min_essays:
        raise CalibrationError(
            f"too few essays to refit: {len(marked)} have teachers' marks, at least {min_essays} are needed "
            "(refitting on fewer would learn those scripts rather than the department's standard)")


def refit(essays: Sequence[CalibrationEssay], prepared: Sequence[Prepared], marks: Sequence[TeacherMark],
          rubric: Rubric, *, tolerance: int = DEFAULT_TOLERANCE, folds: int | None = None,
          current: MarkingModels | None = None, min_essays: int = MIN_ESSAYS_TO_REFIT,
          today: dt.date | None = None) -> CalibrationFit:
    """Refit the tool on the consensus marks; figures before and after on the same held-out folds.

    With an examiner annotation for every essay, the point, debate and level models are all refitted (annotated
    points, consensus marks); otherwise only the level model is, on top of the current point decisions.
    """
    from marker.fit import _folds, _level_row, cross_validated_reports, fit_models

    check_enough_to_refit(essays, marks, min_essays)
    consensus = department_consensus(marks)
    keep = [i for i, e in enumerate(essays) if e.name in consensus]
    essays = [essays[i] for i in keep]
    prepared = [prepared[i] for i in keep]
    current = current or load_models(rubric)
    before = [assemble(p, rubric, current, name=e.name, question_id=e.question_id) for e, p in zip(essays, prepared)]
    # Each essay keeps the question it was marked for (given, or detected by the tool) in every refit.
    essays = [replace(e, question_id=b.question or e.question_id) for e, b in zip(essays, before)]
    full = all(e.annotation is not None for e in essays)
    items = _items(essays, consensus, rubric, with_points=full)
    k = folds or DEFAULTS["cv_folds"]
    splits = _folds(items, k)

    if full:
        after = cross_validated_reports(items, prepared, rubric, folds=k)
        models = fit_models(items, prepared, rubric)
    else:
        rows = np.array([_level_row(item, p, rubric, current.match) for item, p in zip(items, prepared)])
        targets = np.array([consensus[e.name] for e in essays])
        after_list: list[Report | None] = [None] * len(essays)
        for train, test in splits:
            fold_models = _level_only(rows[train], targets[train], current)
            for i in test:
                after_list[i] = assemble(prepared[i], rubric, fold_models, name=essays[i].name,
                                         question_id=essays[i].question_id)
        after = after_list  # type: ignore[assignment]
        models = _level_only(rows, targets, current)

    target = [consensus[e.name] for e in essays]
    scored = [(b.mark, a.mark, t) for b, a, t in zip(before, after, target)
              if b.mark is not None and a.mark is not None]
    markers = tuple(sorted({m.marker for m in marks}, key=str.casefold))
    date = (today or dt.date.today()).isoformat()
    models = MarkingModels(models.match, models.level, "calibrated", {
        **current.meta,
        **models.meta,
        "fitted": date,
        "fitted_on": {"essays": len(items), "sha256": sorted(it.sha256 for it in items)},
    })
    return CalibrationFit(
        rubric=rubric.id, rubric_version=rubric.version, mode="full" if full else "level", essays=len(items),
        folds=len(splits), markers=markers, tolerance=tolerance,
        before=rater_agreement("before", "tool", [b for b, _, _ in scored], [t for _, _, t in scored],
                               rubric, tolerance),
        after=rater_agreement("after", "tool", [a for _, a, _ in scored], [t for _, _, t in scored],
                              rubric, tolerance),
        models=models, date=date, held_out_marks={e.name: a.mark for e, a in zip(essays, after)},
    )


def refit_worse(fit: CalibrationFit) -> str | None:
    """How the refit agrees worse with the department than the tool does now, on the same held-out essays (None
    when it does not): a lower QWK of levels or a larger mean mark difference."""
    before, after = fit.before, fit.after
    worse = []
    if before.qwk is not None and after.qwk is not None and after.qwk < before.qwk:
        worse.append(f"QWK {before.qwk:.2f} -> {after.qwk:.2f}")
    if before.mark_mae is not None and after.mark_mae is not None and after.mark_mae > before.mark_mae:
        worse.append(f"mark MAE {before.mark_mae:.2f} -> {after.mark_mae:.2f}")
    return "; ".join(worse) or None


def calibration_label(rubric: Rubric) -> str:
    """How a picker names a rubric: a calibrated copy says so, with its date and held-out agreement."""
    c = rubric.calibration
    if not c:
        return rubric.id
    held = c.get("held_out", {})
    qwk = [held.get(k, {}).get("qwk") for k in ("before", "after")]
    figures = f", held-out QWK {qwk[0]:.2f} -> {qwk[1]:.2f}" if None not in qwk else ""
    warning = " - AGREES WORSE, kept by the head of department" if c.get("agrees_worse") else ""
    return f"{rubric.id} (calibrated {c.get('date', '')}{figures}{warning})"


@dataclass(frozen=True)
class SavedCalibration:
    rubric_id: str
    rubric_path: Path
    model_path: Path


_CALIBRATED = re.compile(r"-calibrated$")


def calibrated_id(rubric: Rubric) -> str:
    """`<id>-calibrated`: the file is saved as `<id>-calibrated.yaml`, so the id and the file name agree."""
    return (_CALIBRATED.sub("", rubric.id)[: 80 - len("-calibrated")]) + "-calibrated"


def _target(rubric: Rubric, out: str | Path | None) -> tuple[Path, str]:
    if out is not None and Path(out).suffix.lower() in {".yaml", ".yml"}:
        path = Path(out)
        stem = path.stem.lower()
        new_id = stem if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", stem) else calibrated_id(rubric)
        return path, new_id
    folder = Path(out) if out is not None else user_rubric_dir()
    new_id = calibrated_id(rubric)
    return folder / f"{new_id}.yaml", new_id


def save_calibrated(fit: CalibrationFit, rubric: Rubric, *, out: str | Path | None = None,
                    overwrite: bool = False, confirmed_by: str = "") -> SavedCalibration:
    """Write `<id>-calibrated.yaml` (a copy with a new id and a `calibration:` provenance mapping) and its models.

    `out` is a .yaml file or a folder (default: the user's rubric folder, where rubric ids are looked up). The
    original rubric is never overwritten; an earlier calibrated file only with `overwrite`.
    """
    if rubric.source is None:
        raise CalibrationError(f"rubric {rubric.id} was not loaded from a file, so there is nothing to copy")
    path, new_id = _target(rubric, out)
    if path.resolve() == rubric.source.resolve():
        raise CalibrationError(f"{path} is the rubric being calibrated; it is never overwritten: give another --out")
    if path.exists() and not overwrite:
        raise CalibrationError(f"{path} already exists; give another --out, or overwrite it with --force")
    data = load_yaml(rubric.source.read_text(encoding="utf-8"), str(rubric.source))
    data["id"] = new_id
    data["calibration"] = {
        "date": fit.date,
        "from": {"rubric": rubric.id, "version": rubric.version, "file": str(rubric.source)},
        "consensus": "median of the teachers' marks on each essay",
        "essays": fit.essays,
        "markers": len(fit.markers),
        "marker_names": list(fit.markers),
        "tolerance": fit.tolerance,
        "refit": fit.mode_text,
        "folds": fit.folds,
        "held_out": fit.figures(),
    }
    worse = refit_worse(fit)
    if worse:  # kept only because someone confirmed it; every picker says so
        data["calibration"].update({"agrees_worse": worse, "confirmed_by": confirmed_by})
    import yaml

    header = (f"# Calibrated copy of rubric {rubric.id} v{rubric.version}, made by `marker calibrate` on {fit.date}.\n"
              f"# Provenance and the held-out figures are under `calibration:`; its models are in "
              f"{path.stem}.model.json.\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")
    calibrated = load_rubric(path)
    models = MarkingModels(fit.models.match, fit.models.level, "calibrated", {
        **fit.models.meta,
        "rubric": calibrated.id,
        "rubric_version": calibrated.version,
        "cuts": {"covered_cut": fit.models.match.covered_cut, "mentioned_cut": fit.models.match.mentioned_cut,
                 "debate_cut": fit.models.match.debate_cut},
        "calibration": data["calibration"],
    })
    target = model_path(calibrated)
    assert target is not None
    save_models(models, target)
    return SavedCalibration(calibrated.id, path, target)


def without_annotations(essays: Sequence[CalibrationEssay]) -> list[CalibrationEssay]:
    """The same essays with examiner annotations dropped (forces a level-only refit)."""
    return [replace(e, annotation=None) for e in essays]


# ---------------------------------------------------------------------------------------------------------------
# Rendering


def _fmt(value: float | None, spec: str, none: str = "-") -> str:
    return none if value is None else format(value, spec)


def _agreement_lines(raters: Sequence[RaterAgreement], tolerance: int, label: str = "rater") -> list[str]:
    width = max([len(label)] + [len(r.rater) for r in raters]) + 2
    lines = [f"  {label:<{width}}essays   QWK   exact  adjacent  mark MAE  within ±{tolerance}   bias  verdict"]
    for r in raters:
        lines.append(
            f"  {r.rater:<{width}}{r.essays:>6}  {_fmt(r.qwk, '5.2f'):>5}  {_fmt(r.exact, '5.0%'):>5}  "
            f"{_fmt(r.adjacent, '7.0%'):>8}  {_fmt(r.mark_mae, '8.2f'):>8}  {_fmt(r.within_tolerance, '8.0%'):>9}  "
            f"{_fmt(r.bias, '+5.1f'):>5}  {r.verdict}")
    return lines


def to_table(report: CalibrationReport, fit: CalibrationFit | None = None,
             saved: SavedCalibration | None = None) -> str:
    """The agreement, disagreements, seed checks and any refit as plain text for the terminal."""
    marked = sum(bool(e.marks) for e in report.essays)
    essays = f"{len(report.essays)} essays" + (f" ({marked} marked by teachers)" if marked != len(report.essays)
                                               else "")
    out = [f"Calibration against rubric {report.rubric} v{report.rubric_version}: {essays}, "
           f"{len(report.markers)} markers, tolerance ±{report.tolerance} marks",
           "Each teacher against the median of the other teachers; the tool against the median of all teachers.",
           "Bias: mean mark minus consensus (+ lenient, - harsh).", ""]
    out += _agreement_lines(report.raters, report.tolerance)
    if report.teacher_disagreements:
        out += ["", "Widest disagreements between teachers:"]
        for d in report.teacher_disagreements:
            marks = ", ".join(f"{k} {v}" for k, v in sorted(d.marks.items(), key=lambda kv: kv[0].casefold()))
            out.append(f"  {d.essay}: spread {d.spread} marks ({marks})")
    if report.tool_disagreements:
        out += ["", "Widest disagreements between the tool and the consensus:"]
        for gap in report.tool_disagreements:
            out.append(f"  {gap.essay}: tool {gap.tool_mark}, consensus {gap.consensus:g} ({gap.difference:+g})")
            if gap.drivers:
                what = "credited" if gap.difference > 0 else "not credited"
                out.append(f"    points {what}: " + "; ".join(f"{p.title} [{p.status}, {p.marks:+.1f}]"
                                                          for p in gap.drivers))
    if report.seeds:
        out += ["", f"Seed scripts (definitive marks, tolerance ±{report.tolerance}):"]
        width = max(len(s.rater) for s in report.seeds) + 2
        for s in report.seeds:
            if s.passed is None:
                out.append(f"  {s.rater:<{width}}marked no seed script")
                continue
            out.append(f"  {s.rater:<{width}}{s.within}/{s.seeds} within, largest difference {s.max_difference}, "
                       f"mean {s.mean_difference:+.1f}: {'PASS' if s.passed else 'FAIL'}")
    if fit is not None:
        out += ["", f"Refit on the consensus marks of {fit.essays} essays: {fit.mode_text}.",
                f"Held-out figures ({fit.folds}-fold cross-validation), the tool before and after:"]
        out += _agreement_lines([fit.before, fit.after], fit.tolerance, label="tool")
    if saved is not None:
        out += ["", f"Calibrated rubric {saved.rubric_id}: {saved.rubric_path}", f"  its models: {saved.model_path}",
                f"  mark with it: marker mark ESSAYS --rubric {saved.rubric_id}"]
    return "\n".join(out) + "\n"


def to_dict(report: CalibrationReport, fit: CalibrationFit | None = None,
            saved: SavedCalibration | None = None) -> dict[str, Any]:
    """The JSON form: the agreement report, plus `refit` (and where it was saved) when the tool was refitted."""
    data = report.to_dict()
    data["refit"] = None
    if fit is not None:
        data["refit"] = fit.to_dict()
        if saved is not None:
            data["refit"]["saved"] = {"rubric": saved.rubric_id, "path": str(saved.rubric_path),
                                      "models": str(saved.model_path)}
    return data


def save_run(report: CalibrationReport, fit: CalibrationFit | None = None, saved: SavedCalibration | None = None,
             *, url: str | None = None):
    """Keep a calibration run (its JSON figures and any calibrated rubric's path) in the store."""
    from marker.store import open_store

    with open_store(url) as store:
        return store.save_calibration_run(report.rubric, to_dict(report, fit, saved),
                                          saved.rubric_path if saved else None)


def to_json(report: CalibrationReport, fit: CalibrationFit | None = None,
            saved: SavedCalibration | None = None) -> str:
    return json.dumps(to_dict(report, fit, saved), indent=2, ensure_ascii=False) + "\n"

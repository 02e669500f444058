"""Calibration inputs: the essays, the teachers' marks and seed scripts (CSV, validated row by row), and the
tool's reports on the essays."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from marker.dataset import Annotation
from marker.errors import MarkerError
from marker.mark import Prepared, assemble, prepare
from marker.models_io import MarkingModels, load_models
from marker.report import Report
from marker.rubric import Rubric

# Fewer essays than this and a refit would learn the noise of a handful of scripts, not the department's standard.
MIN_ESSAYS_TO_REFIT = 12
DEFAULT_TOLERANCE = 3
DEFAULT_TOP = 5
# Points named per disagreement as the reasons behind the tool's mark.
DRIVERS_PER_ESSAY = 3
TOOL = "marker (tool)"


class CalibrationError(MarkerError):
    """Marks or seed files that cannot be used, or a refit that would not be sound; one line naming the cause."""


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

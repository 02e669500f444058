"""The rubric model and its validation.

A rubric is data, not code: everything topic-specific (points, debates, facts, levels, thresholds)
lives in a YAML file validated here, so a broken rubric never reaches marking. Errors name the file,
the key path and the line. Reading the YAML and loading a rubric by id or path are marker/rubric_load.py, finding
rubric files marker/rubric_find.py, the fact base's schema marker/rubric_facts.py; their names are imported from
here as before.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, field_validator, model_validator

from marker.errors import RubricError
from marker.rubric_facts import (  # noqa: F401 - the fact schema, imported from here as before
    Camp,
    ClosedSet,
    DateSpec,
    Duration,
    Entity,
    Fact,
    Frame,
    Id,
    Membership,
    NonEmpty,
    Office,
    Precision,
    QualifiedDate,
    Quantity,
    Role,
    _check_durations,
    _check_membership,
    _check_sets,
    _Model,
)
from marker.rubric_find import available_rubrics, resolve_rubric_path, rubric_dirs, user_rubric_dir  # noqa: F401
from marker.rubric_load import (  # noqa: F401
    _CACHE,
    KeyPathError,
    _construct_mapping,
    _construct_timestamp,
    _describe,
    _line_of,
    _SafeBase,
    _StrictSafeLoader,
    load_rubric,
    load_yaml,
    parse_rubric,
)

class Provenance(_Model):
    """Where a point comes from: a source document and the passage in it."""

    document: NonEmpty
    passage: NonEmpty


class Question(_Model):
    """An exam question the rubric serves, with optional per-point importance overrides."""

    id: Id
    text: NonEmpty
    importance: dict[str, Annotated[float, Field(ge=0, le=1)]] = {}


class Level(_Model):
    """One band of the levels-of-response scheme."""

    level: Annotated[int, Field(ge=1, le=9)]
    marks: tuple[int, int]
    descriptor: NonEmpty

    @field_validator("marks")
    @classmethod
    def _ordered(cls, marks: tuple[int, int]) -> tuple[int, int]:
        if marks[0] > marks[1] or marks[0] < 0:
            raise ValueError(f"mark range must be low-high with low >= 0, got {list(marks)}")
        return marks


class DebateSide(_Model):
    """One side of a debate: the points and cue phrases that argue it."""

    label: NonEmpty
    points: list[Id] = []
    cues: list[NonEmpty] = []


class Point(_Model):
    """A rubric point: a factor an answer should explain, or a debate it should weigh."""

    id: Id
    title: NonEmpty
    kind: Literal["factor", "debate"]
    description: NonEmpty
    importance: Annotated[float, Field(ge=0, le=1)] = 0.5
    phrasings: list[NonEmpty] = Field(min_length=2)
    key_terms: list[NonEmpty] = []
    entities: list[NonEmpty] = []
    target: NonEmpty
    prompt: str = ""
    sides: list[DebateSide] = []
    provenance: list[Provenance] = []

    @model_validator(mode="after")
    def _debate_has_two_sides(self) -> Point:
        if self.kind == "debate" and len(self.sides) != 2:
            raise ValueError("a debate needs exactly two sides")
        if self.kind == "factor" and self.sides:
            raise ValueError("only a debate has sides")
        return self


class DateSettings(_Model):
    """How the rubric's period writes dates: which years count as years, and where the Julian calendar (Old Style)
    was still in use until when (Russia until 1918-02-14). A date in a Julian place before `julian_until` is right in
    either calendar. Every field is optional; the defaults read 1800-1999 and no Julian places."""

    years: tuple[int, int] = (1800, 1999)
    julian_until: dt.date | None = None
    julian_places: list[NonEmpty] = []

    @field_validator("years")
    @classmethod
    def _year_range(cls, years: tuple[int, int]) -> tuple[int, int]:
        if not 1000 <= years[0] <= years[1] <= 2099:
            raise ValueError(f"years must be [first, last] with 1000 <= first <= last <= 2099, got {list(years)}")
        return years


class Thresholds(_Model):
    """Tunable numbers the fact checker and name matcher use, kept with the rubric they were set for.
    (Coverage cut-offs are fitted, and live in the rubric's model file.)"""

    fact_confidence: Annotated[float, Field(ge=0, le=1)] = 0.8
    fuzzy_name: Annotated[int, Field(ge=50, le=100)] = 88


class Rubric(_Model):
    """A validated rubric. Build with load_rubric(), never by hand from untrusted data."""

    id: Id
    version: Annotated[int, Field(ge=1)] = 1
    title: NonEmpty
    subject: NonEmpty
    qualification: NonEmpty
    max_mark: Annotated[int, Field(ge=1)] = 25
    questions: list[Question] = Field(min_length=1)
    levels: list[Level] = Field(min_length=1)
    points: list[Point] = Field(min_length=1)
    entities: list[Entity] = []
    facts: list[Fact] = []
    thresholds: Thresholds = Thresholds()
    dates: DateSettings = DateSettings()
    calibration: dict[str, Any] = {}
    # A built rubric is a draft until a teacher marks it reviewed; drafts are not offered to students or Calibrate.
    status: Literal["draft", "reviewed"] = "reviewed"
    _source: Path | None = PrivateAttr(default=None)

    @property
    def source(self) -> Path | None:
        """The file this rubric was loaded from (its fitted model sits beside it)."""
        return self._source

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        """Cross-references and orderings; each error names the key path of the value at fault."""
        _unique("points", [p.id for p in self.points])
        _unique("facts", [f.id for f in self.facts])
        _unique("questions", [q.id for q in self.questions])
        _unique("levels", [lv.level for lv in self.levels], key="level")
        point_ids = {p.id for p in self.points}
        for qi, q in enumerate(self.questions):
            unknown = sorted(set(q.importance) - point_ids)
            if unknown:
                raise KeyPathError(("questions", qi, "importance", unknown[0]),
                                   f"question {q.id!r} weights unknown points: {', '.join(unknown)}")
        for pi, p in enumerate(self.points):
            for si, side in enumerate(p.sides):
                unknown = sorted(set(side.points) - point_ids)
                if unknown:
                    raise KeyPathError(("points", pi, "sides", si, "points"),
                                       f"debate {p.id!r} side {side.label!r} names unknown points: {', '.join(unknown)}")
        fact_ids = {f.id for f in self.facts}
        for fi, f in enumerate(self.facts):
            for key in ("after", "before"):
                unknown = sorted(set(getattr(f, key)) - fact_ids)
                if unknown:
                    raise KeyPathError(("facts", fi, key),
                                       f"fact {f.id!r} is ordered against unknown facts: {', '.join(unknown)}")
        y_lo, y_hi = self.dates.years
        for fi, f in enumerate(self.facts):
            specs: list[tuple[tuple, DateSpec | None]] = [(("date",), f.date)]
            specs += [(("other_dates", k, "date"), q.date) for k, q in enumerate(f.other_dates)]
            if f.membership is not None:
                specs += [(("membership", "joined"), f.membership.joined), (("membership", "left"), f.membership.left)]
            for where, spec in specs:
                for end, d in (("start", spec.start if spec else None), ("end", spec.end if spec else None)):
                    if d is not None and not y_lo <= d.year <= y_hi:
                        raise KeyPathError(("facts", fi, *where, end),
                                           f"{d.isoformat()} is outside the rubric's years {y_lo}-{y_hi} (fact "
                                           f"{f.id!r}; set dates: years: in the rubric)")
            if f.membership is not None:
                _check_membership(self, fi, f, f.membership)
            _check_sets(self, fi, f)
            _check_durations(fi, f)
        order = sorted(range(len(self.levels)), key=lambda i: self.levels[i].level)
        for lower, upper in zip(order, order[1:]):
            if self.levels[upper].marks[0] <= self.levels[lower].marks[1]:
                raise KeyPathError(("levels", upper, "marks"), f"levels {self.levels[lower].level} and "
                                   f"{self.levels[upper].level} have overlapping mark ranges")
        top = order[-1]
        if self.levels[top].marks[1] > self.max_mark:
            raise KeyPathError(("levels", top, "marks"),
                               f"level {self.levels[top].level} goes above max_mark {self.max_mark}")
        return self

    @cached_property
    def point_by_id(self) -> dict[str, Point]:
        return {p.id: p for p in self.points}

    @cached_property
    def fact_by_id(self) -> dict[str, Fact]:
        return {f.id: f for f in self.facts}

    @property
    def factors(self) -> list[Point]:
        return [p for p in self.points if p.kind == "factor"]

    @property
    def debates(self) -> list[Point]:
        return [p for p in self.points if p.kind == "debate"]

    def question(self, question_id: str | None) -> Question:
        """The question by id, or the first question when none is given."""
        if question_id is None:
            return self.questions[0]
        for q in self.questions:
            if q.id == question_id:
                return q
        raise RubricError(f"rubric {self.id}: no question {question_id!r} (choose from {', '.join(q.id for q in self.questions)})")

    def importance(self, point_id: str, question_id: str | None = None) -> float:
        """A point's importance for a question, falling back to the point's own weight."""
        question = self.question(question_id)
        return question.importance.get(point_id, self.point_by_id[point_id].importance)

    def level_for_mark(self, mark: int) -> int:
        """The level whose band holds a mark (0 below the lowest band)."""
        for lv in self.levels:
            if lv.marks[0] <= mark <= lv.marks[1]:
                return lv.level
        return 0


def _unique(what: str, ids: list, key: str = "id") -> None:
    seen: set = set()
    for index, value in enumerate(ids):
        if value in seen:
            dupes = sorted({str(i) for i in ids if ids.count(i) > 1})
            raise KeyPathError((what, index, key), f"duplicate {what} ids: {', '.join(dupes)}")
        seen.add(value)

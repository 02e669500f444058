"""The rubric model and its validation.

A rubric is data, not code: everything topic-specific (points, debates, facts, levels, thresholds)
lives in a YAML file validated here, so a broken rubric never reaches marking. Errors name the file,
the key path and the line. Reading the YAML and loading a rubric by id or path are marker/rubric_load.py, finding
rubric files marker/rubric_find.py; their names are imported from here as before.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from marker.errors import RubricError
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

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
NonEmpty = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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


Precision = Literal["day", "month", "year"]


class DateSpec(_Model):
    """A date or date range with the precision a marker should insist on."""

    start: dt.date
    end: dt.date | None = None
    precision: Precision = "day"
    calendar: Literal["gregorian", "julian"] = "gregorian"

    @model_validator(mode="after")
    def _ordered(self) -> DateSpec:
        if self.end is not None and self.end < self.start:
            raise ValueError("end is before start")
        return self


class QualifiedDate(_Model):
    """A second date of the same event, told apart by cue words (e.g. 'ratified')."""

    qualifier: NonEmpty
    cues: list[NonEmpty] = Field(min_length=1)
    date: DateSpec


class Entity(_Model):
    """A person, country, organisation, group or place the fact base knows by name.

    `aliases` are other names (and common misspellings) for the same thing; `adjectives` are demonyms and adjectives
    ("German", "the Soviets") that the fact checker reads as the entity but the point matcher does not use as key
    terms; `represents` ties a person or group to the country it acted for (Stalin -> USSR), so "Stalin attended
    Munich" counts as the USSR attending.
    """

    name: NonEmpty
    kind: Literal["person", "country", "organisation", "place", "group"]
    aliases: list[NonEmpty] = []
    adjectives: list[NonEmpty] = []
    represents: str | None = None


class Role(_Model):
    """Who did what in an event, by entity name."""

    entity: NonEmpty
    role: NonEmpty


class Frame(_Model):
    """An event told as a clause: an agent, a verb phrase and a target ("Germany invaded Poland").

    Agents and targets are entity names (every alias counts) or plain phrases. With no verbs, the agent and target
    only need to stand close together ("Litvinov, the Commissar for Foreign Affairs"). `agent_optional` accepts the
    clause without a named agent, but a different named agent always rules the frame out.
    """

    agents: list[NonEmpty] = []
    verbs: list[NonEmpty] = []
    targets: list[NonEmpty] = []
    agent_optional: bool = False

    @model_validator(mode="after")
    def _has_two_parts(self) -> Frame:
        if sum(bool(part) for part in (self.agents, self.verbs, self.targets)) < 2:
            raise ValueError("a frame needs at least two of agents, verbs and targets")
        return self


class Office(_Model):
    """A post someone held: the fact's date is the term ("Litvinov, Commissar for Foreign Affairs, 1930-39")."""

    holder: NonEmpty
    title: NonEmpty
    aliases: list[NonEmpty] = []


class Quantity(_Model):
    """A figure a fact holds ("won 12 seats", "to last ten years"): `unit` is the noun that counts it (`aliases`
    other nouns for it; a unit of time converts to another), `verbs` the lemmas of which one must govern the figure
    (none: any), `agents` whose figure it is (given: the clause's subject must name one of them, "the KPD won 100
    seats" is not the Nazis' figure), `tolerance` how far, as a share of `value`, a student's figure may stray."""

    value: float = Field(gt=0)
    unit: NonEmpty
    aliases: list[NonEmpty] = []
    verbs: list[NonEmpty] = []
    agents: list[NonEmpty] = []
    tolerance: float = Field(default=0.0, ge=0, lt=1)


class Membership(_Model):
    """Who belonged to an organisation or alliance, and when: `member` is an entity name, `organisation` an entity
    name or the id of an alliance's fact (a pact students name as an event); `joined` is when membership began (none:
    before the rubric's years), `left` when it ended (none: not within them; a range from the notice to the day it
    took effect is a time when neither "member" nor "not a member" is checked), `how` how it ended."""

    member: NonEmpty
    organisation: NonEmpty
    joined: DateSpec | None = None
    left: DateSpec | None = None
    how: Literal["left", "expelled"] = "left"


class Camp(_Model):
    """One side of a conflict and the outside powers that backed it (Spanish Republicans: USSR)."""

    name: NonEmpty
    backers: list[NonEmpty] = []


class ClosedSet(_Model):
    """A closed set a fact records (the lands of a sphere of influence). A closed list hanging on one of `heads` (the
    lemma of a noun or verb on its way up the parse: "sphere", "give"), whose clause names the fact or one of `names`
    as subject and gives the set to one of `holders`, is read against `members`; `label` names the set in a flag
    ("the Soviet sphere of the secret protocol"); `source` verifies the set."""

    label: NonEmpty
    heads: list[NonEmpty] = Field(min_length=1)
    members: list[NonEmpty] = Field(min_length=1)
    holders: list[NonEmpty] = Field(min_length=1)
    names: list[NonEmpty] = []
    source: NonEmpty


class Fact(_Model):
    """A verified (or draft, unverified) fact a student's claim can be checked against.

    `names` are the ways students name the event; `frames` the ways they tell it as a clause; `contradictions` the
    clauses that, asserted without negation, deny it ("Poland agreed to let the Red Army cross"). `date_needs_cue`
    ties a date to the fact only when one of `date_cues` is in the clause (an office held for years is dated by
    "appointed", not by any year near the holder's name). `office` is a post held for the fact's dates; `winners` and
    `losers` are an outcome; `quantities` the figures it holds; `membership` who belonged to what and when; `source` says what verified the fact (a seed, the
    spec's fact list, a reference work). A date with `calendar: julian` is stored Old Style. Only verified facts ever
    produce a flag.
    """

    id: Id
    statement: NonEmpty
    verified: bool = False
    names: list[NonEmpty] = Field(min_length=1)
    misspellings: list[NonEmpty] = []
    date: DateSpec | None = None
    date_cues: list[NonEmpty] = []
    other_dates: list[QualifiedDate] = []
    actors: list[Role] = []
    parties: list[NonEmpty] = []
    opponents: list[NonEmpty] = []
    absent: list[NonEmpty] = []
    places: list[NonEmpty] = []
    camps: list[Camp] = []
    frames: list[Frame] = []
    contradictions: list[Frame] = []
    date_needs_cue: bool = False
    office: Office | None = None
    winners: list[NonEmpty] = []
    losers: list[NonEmpty] = []
    quantities: list[Quantity] = []
    membership: Membership | None = None
    sets: list[ClosedSet] = []
    source: str = ""
    after: list[Id] = []
    before: list[Id] = []
    correction: str = ""


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


def _check_membership(rubric: Rubric, fi: int, fact: Fact, m: Membership) -> None:
    """A membership names a member the rubric knows and an organisation (an entity) or alliance (a fact's id), and
    ends after it begins."""
    names = {e.name for e in rubric.entities}
    for key, known in (("member", names), ("organisation", names | {f.id for f in rubric.facts})):
        if getattr(m, key) not in known:
            raise KeyPathError(("facts", fi, "membership", key), f"fact {fact.id!r}: {getattr(m, key)!r} is not an "
                               "entity of the rubric" + (" or a fact's id" if key == "organisation" else ""))
    if m.joined is not None and m.left is not None and m.left.start < (m.joined.end or m.joined.start):
        raise KeyPathError(("facts", fi, "membership", "left"), f"fact {fact.id!r}: left before it joined")


def _check_sets(rubric: Rubric, fi: int, fact: Fact) -> None:
    """A closed set's members and holders are entities the rubric knows."""
    names = {e.name for e in rubric.entities}
    for si, s in enumerate(fact.sets):
        for key in ("members", "holders"):
            for k, name in enumerate(getattr(s, key)):
                if name not in names:
                    raise KeyPathError(("facts", fi, "sets", si, key, k),
                                       f"fact {fact.id!r}: {name!r} is not an entity of the rubric")


def _unique(what: str, ids: list, key: str = "id") -> None:
    seen: set = set()
    for index, value in enumerate(ids):
        if value in seen:
            dupes = sorted({str(i) for i in ids if ids.count(i) > 1})
            raise KeyPathError((what, index, key), f"duplicate {what} ids: {', '.join(dupes)}")
        seen.add(value)

"""The rubric model and its loader.

A rubric is data, not code: everything topic-specific (points, debates, facts, levels, thresholds)
lives in a YAML file validated here, so a broken rubric never reaches marking. Errors name the file,
the key path and the line.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from marker.errors import RubricError

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


class Camp(_Model):
    """One side of a conflict and the outside powers that backed it (Spanish Republicans: USSR)."""

    name: NonEmpty
    backers: list[NonEmpty] = []


class Fact(_Model):
    """A verified (or draft, unverified) fact a student's claim can be checked against.

    `names` are the ways students name the event; `frames` the ways they tell it as a clause; `contradictions` the
    clauses that, asserted without negation, deny it ("Poland agreed to let the Red Army cross"). `date_needs_cue`
    ties a date to the fact only when one of `date_cues` is in the clause (an office held for years is dated by
    "appointed", not by any year near the holder's name). `office` is a post held for the fact's dates; `winners` and
    `losers` are an outcome; `source` says what verified the fact (a seed, the spec's fact list, a reference work).
    A date with `calendar: julian` is stored Old Style. Only verified facts ever produce a flag.
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
            specs = [(("date",), f.date)] + [(("other_dates", k, "date"), q.date) for k, q in enumerate(f.other_dates)]
            for where, spec in specs:
                for end, d in (("start", spec.start if spec else None), ("end", spec.end if spec else None)):
                    if d is not None and not y_lo <= d.year <= y_hi:
                        raise KeyPathError(("facts", fi, *where, end),
                                           f"{d.isoformat()} is outside the rubric's years {y_lo}-{y_hi} (fact "
                                           f"{f.id!r}; set dates: years: in the rubric)")
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


class KeyPathError(ValueError):
    """A rubric-wide check's failure, with the key path of the value at fault (pydantic would say "top level")."""

    def __init__(self, path: tuple, message: str):
        super().__init__(message)
        self.path = path


def _unique(what: str, ids: list, key: str = "id") -> None:
    seen: set = set()
    for index, value in enumerate(ids):
        if value in seen:
            dupes = sorted({str(i) for i in ids if ids.count(i) > 1})
            raise KeyPathError((what, index, key), f"duplicate {what} ids: {', '.join(dupes)}")
        seen.add(value)


# libyaml's C parser reads the shipped rubric in 0.04 s against 0.35 s for the pure-Python one; the constructor
# (and so the duplicate-key check below) is the same Python code either way. Without libyaml, fall back.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictSafeLoader(_SafeBase):  # type: ignore[valid-type,misc]  # base chosen at import
    """A safe loader that rejects duplicate keys instead of silently keeping the last."""


def _construct_mapping(loader: _StrictSafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_StrictSafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _construct_timestamp(loader: _StrictSafeLoader, node: yaml.ScalarNode):
    """A date YAML cannot build (2023-02-30) stays text, so validation reports it with its key path."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_StrictSafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def load_yaml(text: str, source: str) -> Any:
    """The one YAML loader: safe, duplicate keys rejected, syntax errors keep line and column."""
    try:
        return yaml.load(text, Loader=_StrictSafeLoader)  # noqa: S506 - a safe loader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise RubricError(f"{source}: invalid YAML{where}: {exc.problem or exc}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: say where, as a line and column
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise RubricError(f"{source}: invalid YAML (line {line}, column {column}): unacceptable character "
                          f"#x{exc.character if isinstance(exc.character, int) else ord(exc.character):04x}: "
                          f"{exc.reason}") from None
    except yaml.YAMLError as exc:
        raise RubricError(f"{source}: invalid YAML: {' '.join(str(exc).split())}") from None


def _line_of(root: yaml.Node | None, path: tuple) -> int | None:
    """The 1-based line of the node at a key path, or of its deepest existing ancestor."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if getattr(k, "value", None) == str(step)]
            node = match[0] if match else None
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _describe(errors: ValidationError, source: str, root: yaml.Node | None) -> str:
    lines = []
    for err in errors.errors():
        path = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "tagged-union"))))
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, KeyPathError):
            path = (*path, *cause.path)
        key = " -> ".join(str(p) for p in path) or "(top level)"
        line = _line_of(root, path)
        where = f" (line {line})" if line else ""
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"{source}: at {key}{where}: {msg}")
    return "\n".join(lines)


def parse_rubric(text: str, source: str = "<rubric>") -> Rubric:
    """Validate rubric YAML text. Raises RubricError naming the source, key path and line."""
    data = load_yaml(text, source)
    if not isinstance(data, dict):
        raise RubricError(f"{source}: a rubric must be a YAML mapping with keys such as id, title and points")
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        try:
            root = yaml.compose(text, Loader=_SafeBase)
        except yaml.YAMLError:
            root = None
        raise RubricError(_describe(exc, source, root)) from None


def rubric_dirs() -> list[Path]:
    """Where rubric ids are looked up: $MARKER_RUBRICS_DIR, the user's rubric folder, the shipped rubrics."""
    dirs = []
    if os.environ.get("MARKER_RUBRICS_DIR"):
        dirs.append(Path(os.environ["MARKER_RUBRICS_DIR"]))
    dirs.append(user_rubric_dir())
    dirs.append(Path(__file__).resolve().parent.parent / "rubrics")
    return dirs


def user_rubric_dir() -> Path:
    """The user's own rubric folder (drafts and calibrated rubrics are saved here)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("marker", appauthor=False)) / "rubrics"


def available_rubrics() -> dict[str, Path]:
    """Rubric id -> file, first folder wins (so a user's copy can shadow a shipped one)."""
    found: dict[str, Path] = {}
    for folder in rubric_dirs():
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                found.setdefault(path.stem, path)
    return found


def resolve_rubric_path(ref: str | os.PathLike) -> Path:
    """A rubric id or path to the file it names."""
    path = Path(ref)
    if path.suffix in {".yaml", ".yml"} or path.exists():
        return path
    shipped = available_rubrics()
    if str(ref) in shipped:
        return shipped[str(ref)]
    known = ", ".join(sorted(shipped)) or "none found"
    raise RubricError(f"unknown rubric {str(ref)!r}: give a path to a YAML file or one of: {known}")


_CACHE: dict[tuple[str, float, int], Rubric] = {}


def load_rubric(ref: str | os.PathLike) -> Rubric:
    """Load and validate a rubric by id or path (cached per file version)."""
    path = resolve_rubric_path(ref)
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime, stat.st_size)
        if key in _CACHE:
            return _CACHE[key]
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RubricError(f"{path}: rubric file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError(f"{path}: cannot read rubric ({exc})") from None
    rubric = parse_rubric(text, str(path))
    rubric._source = path.resolve()
    _CACHE[key] = rubric
    return rubric

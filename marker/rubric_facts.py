"""The fact base's schema: what a rubric's `facts` and `entities` can say (dates and calendars, roles, frames, offices,
outcomes, figures, durations, memberships, closed sets), and the checks of a fact against the rest of its rubric. Split from
marker/rubric.py so each stays short; every name is imported from marker.rubric as before."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from marker.rubric_load import KeyPathError

if TYPE_CHECKING:
    from marker.rubric import Rubric

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
NonEmpty = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)



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


class Duration(_Model):
    """How long a fact's event ran (`kind: length`: "the Winter War lasted three and a half months") or was agreed to
    run (`kind: term`: "concluded for ten years"), in one `unit` of time; `tolerance` is how far, as a share of
    `value`, a student's bare figure may stray; `source` verifies the figure. A length must agree with the fact's date
    range when it has one."""

    kind: Literal["term", "length"]
    value: float = Field(gt=0)
    unit: Literal["day", "week", "month", "year"]
    tolerance: float = Field(default=0.0, ge=0, lt=1)
    source: NonEmpty


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
    ("the Soviet sphere of the secret protocol"); `source` verifies the set. A set nobody is given (no `holders`:
    the permanent members of a council) needs no recipient, only the clause that tells the fact itself."""

    label: NonEmpty
    heads: list[NonEmpty] = Field(min_length=1)
    members: list[NonEmpty] = Field(min_length=1)
    holders: list[NonEmpty] = []
    names: list[NonEmpty] = []
    source: NonEmpty


class Fact(_Model):
    """A verified (or draft, unverified) fact a student's claim can be checked against.

    `names` are the ways students name the event; `frames` the ways they tell it as a clause; `contradictions` the
    clauses that, asserted without negation, deny it ("Poland agreed to let the Red Army cross"). `date_needs_cue`
    ties a date to the fact only when one of `date_cues` is in the clause (an office held for years is dated by
    "appointed", not by any year near the holder's name). `office` is a post held for the fact's dates; `winners` and
    `losers` are an outcome; `quantities` the figures it holds; `durations` how long it ran or was agreed to run; `membership` who belonged to what and when; `source` says what verified the fact (a seed, the
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
    durations: list[Duration] = []
    source: str = ""
    after: list[Id] = []
    before: list[Id] = []
    correction: str = ""


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


_DAYS = {"day": 1.0, "week": 7.0, "month": 30.4, "year": 365.25}


def _check_durations(fi: int, fact: Fact) -> None:
    """At most one term and one length; a length agrees with the fact's own date range (when it has one)."""
    kinds = [d.kind for d in fact.durations]
    for k, d in enumerate(fact.durations):
        if kinds.index(d.kind) != k:
            raise KeyPathError(("facts", fi, "durations", k, "kind"), f"fact {fact.id!r}: a second {d.kind}")
        if d.kind != "length" or fact.date is None or fact.date.end is None:
            continue
        days = (fact.date.end - fact.date.start).days
        said = d.value * _DAYS[d.unit]
        if abs(said - days) > max(d.tolerance * said, 1.0):
            raise KeyPathError(("facts", fi, "durations", k, "value"),
                               f"fact {fact.id!r}: a length of {d.value:g} {d.unit}(s) ({said:.0f} days), but its date "
                               f"runs {days} days ({fact.date.start} to {fact.date.end})")
"""The checker's data: the flag it reports, and the mentions, clauses and sentences it reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable
from marker.defaults import HEDGE
from marker.nlp import Sentence
from marker.rubric import Fact
from marker.dates import DateClaim
from marker.facts.cues import BESIDE_ROLES, SIGNING_ROLES, _EXTRA_HEDGE
from marker.facts.index import _Index
from marker.facts.tokens import _Token

@dataclass(frozen=True)
class FactFlag:
    """One false claim: where it is, what the student claimed, the correct fact and how sure the checker is."""

    start: int
    end: int
    text: str
    claim: str
    correction: str
    fact: str
    confidence: float
    kind: str  # date | person | side | sequence | outcome | quantity | membership | duration



@dataclass(frozen=True)
class _Mention:
    """An entity or event found in a sentence (token indices into the sentence's kept tokens)."""

    kind: str                 # entity | event
    i: int
    j: int                    # exclusive
    start: int
    end: int
    entity: str = ""          # canonical entity name
    facts: frozenset[str] = frozenset()
    fuzzy: bool = False
    via: str = "name"         # name | frame | coordination | denial
    negated_verb: bool = False  # the frame's own verb phrase carries the negation ("never ratified")
    pronoun_object: bool = False  # a frame whose target is an object pronoun ("... and the USSR joined it")


@dataclass
class _Unit:
    """A clause: a character range of the sentence with the mentions and dates inside it."""

    start: int
    end: int
    mentions: list[_Mention] = field(default_factory=list)
    dates: list[DateClaim] = field(default_factory=list)



@dataclass
class _SentenceInfo:
    sentence: Sentence
    toks: list[_Token]
    mentions: list[_Mention]
    units: list[_Unit]
    skip: bool
    soft: frozenset[int] = frozenset()
    # The sentence's dependency parse (marker.facts.claims.Parsed), made on first call and shared with every other
    # reader of the essay; None where no essay is at hand.
    parse: Callable[[], Any] | None = None

    @property
    def hedged(self) -> bool:
        """A hedge in a sentence read into clauses (one that names something): its flags stand only outside the clause
        the hedge governs (marker.facts.hedges). Looked for when a flag falls in the sentence, not in every sentence."""
        return bool(self.units) and bool(HEDGE.search(self.sentence.text) or _EXTRA_HEDGE.search(self.sentence.text))


def _events(unit: _Unit) -> list[_Mention]:
    return [m for m in unit.mentions if m.kind == "event" and m.via != "denial"]


def _distinct(events: list[_Mention]) -> list[frozenset[str]]:
    out: list[frozenset[str]] = []
    for m in events:
        if m.facts not in out:
            out.append(m.facts)
    return out



# A slip about who took part, who won, how many or how long is answered by the fact's full verified statement, which
# holds those; a fact's short `correction` is written for its date and names and may not ("Hungary was in the Soviet
# sphere" answered by the pact's signing date). Dates, sequences, persons and memberships keep the short correction.
_ANSWERED_BY_STATEMENT = frozenset({"side", "outcome", "quantity", "duration"})


def correction_for(fact: Fact, kind: str) -> str:
    """The correct fact a flag of this kind shows: the part of the fact the slip got wrong, never another part."""
    return fact.statement if kind in _ANSWERED_BY_STATEMENT else (fact.correction or fact.statement)


def naming_makers(flag: FactFlag, fact: Fact) -> FactFlag:
    """A flag on a person who did not make an agreement: when its correction names none of those the base records as
    making it (its signatories and negotiators, else every actor but those beside it, a leader or a host), they are
    added ("Konoe signed the Neutrality Pact" is not answered by the pact's date alone)."""
    makers = [r.entity for r in fact.actors if r.role.lower() in SIGNING_ROLES] or [
        r.entity for r in fact.actors if r.role.lower() not in BESIDE_ROLES]
    if not makers or any(m in flag.correction for m in makers):
        return flag
    names = makers[0] if len(makers) == 1 else f"{', '.join(makers[:-1])} and {makers[-1]}"
    return FactFlag(flag.start, flag.end, flag.text, flag.claim, f"{flag.correction} Made by {names}.", flag.fact,
                    flag.confidence, flag.kind)


def _make_flag(text: str, span: tuple[int, int], claim: str, fact: Fact, confidence: float, kind: str) -> FactFlag:
    a, b = span
    while a < b and not text[a].isalnum() and text[a] not in "\"'“‘(":
        a += 1
    while b > a and text[b - 1] in " ,;:—–-":
        b -= 1
    return FactFlag(a, b, text[a:b], claim, correction_for(fact, kind), fact.id, round(min(confidence, 1.0), 3), kind)


def _label(fact: Fact) -> str:
    return fact.names[0]



def _entity_mentions(unit: _Unit, index: _Index, kinds: set[str] | None = None) -> list[_Mention]:
    return [m for m in unit.mentions if m.kind == "entity" and (kinds is None or index.kind.get(m.entity) in kinds)]



def _country(index: _Index, m: _Mention) -> str:
    return index.represents.get(m.entity, m.entity)


"""Who met, or made a deal with, whom, read from the parse: "Hitler and Schleicher met at the banker's house in
Cologne", "Ebert and Ludendorff made a deal that the army would protect the government", "Hitler met Schleicher at
Schröder's house".

A claim names two or more people as the parties of a meeting or a deal: the subject of "meet", "negotiate" or
"talk" (each conjunct), its object ("met Schleicher") and the object of "with"; or the subject of "make", "do",
"strike" or "reach" with "a deal", "a pact", "an agreement" or "a bargain" as its object. It is tied to one fact of
the base either by naming the event as an argument of the verb ("at the banker's house in Cologne"), or, for a deal
that names no event, by a party who is an agent or target of exactly one fact told by a deal's frame ("Ebert made a
deal with Groener") when no date in its clause belongs to another time. A meeting that names no event is never tied (the same people met at other times). The fact must
record who negotiated or signed it (`actors` with such a role); a party the fact does not name is then checked as a
signatory is (marker.facts.checks.claims). Negation, hedges, conditions, reports and questions abstain there.
"""

from __future__ import annotations

import re

from marker.dates import date_matches
from marker.facts.claims import Claim, Parsed, _argument_of, _mention_at, modality, negated
from marker.facts.index import _Index
from marker.facts.model import _SentenceInfo

_MEET = frozenset({"meet", "negotiate", "talk"})
_DEAL_VERBS = frozenset({"make", "do", "strike", "reach", "seal", "cut"})
_DEAL_NOUNS = frozenset({"deal", "pact", "agreement", "bargain"})
_HINT = re.compile(r"\b(?:me[et]t?s?|meeting|negotiat\w*|talk\w*|deals?|pacts?|agreements?|bargains?)\b",
                   re.IGNORECASE)


def wants_meetings(index: _Index, info: _SentenceInfo) -> bool:
    """Whether a sentence names two people and a word of meeting or dealing (cheap test before parsing)."""
    people = {m.entity for m in info.mentions if m.kind == "entity" and index.kind.get(m.entity) == "person"}
    return len(people) >= 2 and bool(_HINT.search(info.sentence.text))


def meeting_claims(index: _Index, parsed: Parsed, info: _SentenceInfo) -> list[Claim]:
    events = [m for m in info.mentions if m.kind == "event" and m.via == "name"]
    out = []
    for verb in parsed.doc:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB":
            continue
        deal = next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _DEAL_NOUNS), None)
        if lemma not in _MEET and not (lemma in _DEAL_VERBS and deal is not None):
            continue
        parties = _parties(index, parsed, info, verb, deal)
        if parties is None or len(parties) < 2:
            continue
        named = {f for m in events if (t := parsed.root(m.start, m.end)) is not None
                 and _argument_of(t, {x.i for x in parsed.tokens(m.start, m.end)}, verb) for f in m.facts}
        facts = named if named else _dealt(index, parties) if deal is not None else set()
        if len(facts) != 1 or not named and not _same_time(index, parsed, info, verb, next(iter(facts))):
            continue
        a, b = parsed.span(verb)
        out.append(Claim("agents", a, b, facts=frozenset(facts), agents=tuple(parties), verb="was a party to",
                         polarity=not negated(verb), modality=modality(verb, info.sentence.text)))
    return out


def _parties(index: _Index, parsed: Parsed, info: _SentenceInfo, verb, deal) -> list[str] | None:
    """The people the clause names as parties (None when one of them is not a person the base knows: "Ebert and
    the army", "Hitler and his allies")."""
    heads = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.lemma_.lower() in _MEET:
        heads += [c for c in verb.children if c.dep_ == "dobj"]
    for holder in (verb, deal):
        if holder is not None:
            heads += [g for c in holder.children if c.dep_ == "prep" and c.lower_ == "with"
                      for g in c.children if g.dep_ == "pobj"]
    out: list[str] = []
    for t in (t for h in heads for t in (h, *h.conjuncts)):
        m = _mention_at(info.mentions, t, parsed.base, "entity")
        if m is None or index.kind.get(m.entity) != "person":
            return None
        if m.entity not in out:
            out.append(m.entity)
    return out


def _same_time(index: _Index, parsed: Parsed, info: _SentenceInfo, verb, fact_id: str) -> bool:
    """Whether every date in the verb's clause fits the fact's date (a deal of another year is another deal)."""
    spec = index.facts[fact_id].date
    lo, hi = parsed.span(verb)
    dates = [d for u in info.units for d in u.dates if lo <= d.start < hi]
    return not dates or spec is not None and all(date_matches(d, spec) == "ok" for d in dates)


def _dealt(index: _Index, parties: list[str]) -> set[str]:
    """The one fact a deal between these people must be: a party is an agent or target of a frame of it whose verb
    names a deal, and of no other fact's."""
    found: set[str] = set()
    for fr in index.frames:
        if fr.denies or not any(set(v) & _DEAL_NOUNS for v in fr.verbs):
            continue
        if any(p in fr.agents or p in fr.target_entities for p in parties):
            found.add(fr.fact)
    return found

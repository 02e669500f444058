"""A pronoun subject read as the one thing an earlier clause of the sentence names that it can stand for.

"Historians still argue about who started the Reichstag fire, but it definately happened in January 1933": "it" is
the subject of a clause coordinated with the first, and the first clause names one thing "it" can mean (the fire;
"Historians" is plural, "who" asks). "..., but he was definately chancellor for the whole of 1924": "he" can mean
only the one person named before it. The pronoun is then read as that name, a mention at the pronoun's own words, so
every check reads the clause as it reads the same clause with the name written out.

Agreement decides what a pronoun can mean: "he" a person of the fact base (a name the parser takes for a person's
that the base does not know, or an English noun for a person, also counts, and so blocks); "it" an event or a
state, organisation, group or place of the base, or any other singular noun or name (which blocks too). Exactly one
candidate before the pronoun, in the sentence, or nothing is read: a missed error is better than a false flag.
"""

from __future__ import annotations

import re
from typing import Callable

from marker.facts.claims import Parsed
from marker.facts.cues import PERSON_NOUNS
from marker.facts.index import _Index
from marker.facts.model import _Mention

_PRONOUNS = frozenset({"it", "he"})
# The parse is asked for only when a coordinator stands just before the pronoun ("..., but it", "and then he").
_CHEAP = re.compile(r"\b(?:and|but|yet)\s+(?:\w+\s+)?(?:it|he)\b", re.IGNORECASE)
# Words whose referent is not a noun phrase of the sentence (asked, relative, expletive or reflexive words).
_NOT_ANTECEDENT = frozenset({"who", "whom", "whose", "which", "what", "that", "this", "these", "those", "there",
                             "something", "anything", "nothing", "everything", "someone", "anyone", "everyone",
                             "nobody", "one", "itself", "himself", "themselves"})
_NAME_PART = frozenset({"compound", "flat", "nmod", "amod", "det", "case", "punct"})
_NOT_PERSON = frozenset({"country", "organisation", "group", "place", "debate", "factor"})


def pronoun_mentions(index: _Index, text: str, toks: list, mentions: list[_Mention], dates: list,
                     parse: Callable[[], Parsed], start: int, end: int) -> list[_Mention]:
    """Mentions at the pronoun subjects of sentence [start, end) that one earlier noun phrase of it can mean."""
    if not _CHEAP.search(text, start, end) or not mentions:
        return []
    parsed = parse()
    found = []
    for p in parsed.doc:
        if p.lower_ not in _PRONOUNS or p.dep_ not in {"nsubj", "nsubjpass"} or p.i == 0:
            continue
        if p.head.dep_ != "conj" or p.head.head.i >= p.i:
            continue  # "..., but it happened": the pronoun's clause is coordinated with one before it
        at = parsed.base + p.idx
        referent = _one_candidate(index, parsed, p, mentions, dates)
        if referent is None:
            continue
        k = next((n for n, t in enumerate(toks) if t.start == at), None)
        if k is None:
            continue
        found.append(_Mention(referent.kind, k, k + 1, at, at + len(p.text), referent.entity, referent.facts,
                              referent.fuzzy, "pronoun"))
    return found


def _one_candidate(index: _Index, parsed: Parsed, pronoun, mentions: list[_Mention], dates: list) -> _Mention | None:
    """The one mention before the pronoun that agrees with it, when every other noun phrase before it disagrees."""
    person = pronoun.lower_ == "he"
    kept: dict[tuple, _Mention] = {}
    for t in parsed.doc[: pronoun.i]:
        if t.pos_ not in {"NOUN", "PROPN", "PRON"} or t.dep_ in _NAME_PART or t.lower_ in _NOT_ANTECEDENT:
            continue
        if t.dep_ in {"attr", "acomp"} and t.head.lemma_ == "be":
            continue  # "the fire was a shock": what the subject is said to be, not another thing
        at = parsed.base + t.idx
        if any(d.start <= at < d.end for d in dates):
            continue  # "In November 1936": a date, not a thing a pronoun refers to
        covering = [m for m in mentions if m.start <= at < m.end]
        event = next((m for m in covering if m.kind == "event" and m.via in {"name", "coordination"}), None)
        entity = next((m for m in covering if m.kind == "entity"), None)
        if t.pos_ == "PRON":
            if t.lower_ in _PRONOUNS or (person and t.lower_ in {"him", "his"}) or (not person and t.lower_ == "its"):
                return None  # an earlier pronoun of the same kind: its referent is not read, so abstain
            continue
        plural = t.tag_ in {"NNS", "NNPS"}
        kind = index.kind.get(entity.entity, "") if entity is not None else ""
        if person:
            if entity is not None and kind == "person":
                kept[("entity", entity.entity)] = entity
            elif not plural and entity is None and event is None and (
                    t.pos_ == "PROPN" or t.ent_type_ == "PERSON" or t.lemma_.lower() in PERSON_NOUNS):
                return None  # someone the base does not know ("the general") may be who "he" means
            continue
        if plural or kind == "person":
            continue
        if event is not None:
            kept[("event", event.facts)] = event
        elif entity is not None and kind in _NOT_PERSON:
            kept[("entity", entity.entity)] = entity
        else:
            return None  # a thing the base does not know ("the republic") may be what "it" means
    if len(kept) != 1:
        return None
    return next(iter(kept.values()))

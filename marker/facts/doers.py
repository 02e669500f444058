"""Who did an act, read from the parse: "The Comintern was founded by Trotsky", "the Soviet delegation at the military
talks was led by Molotov". A frame whose agent is a person the fact records as an actor tells who does its act to its
target; a passive that tells that act (the frame's verb, its target in the subject) with only other people after
"by" names the wrong doer. It abstains when a doer named is one of the
frame's agents or any actor of the fact (who took part in another way), when another frame gives the act to that
person, when the frame's agent is only the leader under whom others acted (role `leader`), when the doer acts for
another country, when the clause dates the act outside the fact's date (another event of the same shape), and when
the clause is negated, hedged or not asserted."""

from __future__ import annotations

import re

from marker.dates import date_matches
from marker.defaults import FACT_DEFAULTS
from marker.facts.claims import Claim, Parsed, _mention_at, modality, negated
from marker.facts.cues import UNDER_ROLES
from marker.facts.index import _FrameIndex, _Index
from marker.facts.model import FactFlag, _make_flag, _SentenceInfo

_BY_PERSON = re.compile(r"\bby\s+(?:\S+\s+){0,2}$", re.IGNORECASE)


def wants_doers(index: _Index, info: _SentenceInfo) -> bool:
    """A sentence with a person the base knows right after "by" (or two words after: "by President X")."""
    text, base = info.sentence.text, info.sentence.start
    return any(m.kind == "entity" and index.kind.get(m.entity) == "person" and _BY_PERSON.search(text[: m.start - base])
               for m in info.mentions)


def doer_claims(index: _Index, parsed: Parsed, info: _SentenceInfo) -> list[Claim]:
    """One claim per verb of a frame whose person agent the fact records, told with people as its doers: the
    people after a passive's "by" (on the verb, or on its object complement: "was appointed Chancellor by X")."""
    out = []
    for verb in parsed.doc:
        if verb.pos_ != "VERB":
            continue
        subject = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if len(subject) != 1:
            continue
        by = [c for c in verb.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")]
        by += [g for c in verb.children if c.dep_ in {"oprd", "attr"} for g in c.children
               if g.dep_ == "prep" and g.lower_ == "by"]
        heads = [g for b in by for g in b.children if g.dep_ == "pobj"]
        doers = _people(index, parsed, info, heads)
        if len(by) != 1 or not doers:
            continue
        told = _frames(index, parsed, info, verb, subject[0])
        if any(p in fr.agents for fr in told for p in doers):
            continue  # a frame gives this act, done to this target, to one of them
        facts = {fr.fact for fr in told if _recorded(index, fr)}
        if len(facts) != 1:
            continue
        a = min(parsed.span(subject[0])[0], parsed.span(by[0])[0])
        last = max((t for h in heads for t in (h, *h.conjuncts)), key=lambda t: t.i)
        b = max(parsed.span(subject[0])[1], parsed.base + last.idx + len(last.text))  # not a relative clause after
        lo, hi = parsed.span(verb)
        fact = index.facts[next(iter(facts))]
        if fact.date is not None and any(lo <= d.start < hi and date_matches(d, fact.date) != "ok"
                                         for u in info.units for d in u.dates):
            continue  # told at another time: perhaps another event of the same shape
        out.append(Claim("doers", a, b, facts=frozenset(facts), agents=tuple(doers), verb=verb.lower_,
                         title=" ".join(t.lower_ if t.dep_ == "det" else t.text for t in subject[0].subtree),
                         polarity=not negated(verb), modality=modality(verb, info.sentence.text,
                                                                        b - info.sentence.start)))
    return out


def _people(index: _Index, parsed: Parsed, info: _SentenceInfo, heads) -> list[str]:
    """The people a phrase names as its head and the head's conjuncts; [] when any of them is not a person."""
    out: list[str] = []
    for h in heads:
        for t in (h, *h.conjuncts):
            m = _mention_at(info.mentions, t, parsed.base, "entity")
            if m is None or index.kind.get(m.entity) != "person" or t.dep_ == "poss":
                return []
            out.append(m.entity)
    return out


def _frames(index: _Index, parsed: Parsed, info: _SentenceInfo, verb, target) -> list[_FrameIndex]:
    """The frames (not denials) whose verb is this verb (its one word, after "was" or alone) and whose target the
    phrase names."""
    a, b = parsed.span(target)
    named = {e for m in info.mentions if m.kind == "entity" and a <= m.start and m.end <= b
             for e in (m.entity, index.represents.get(m.entity))}
    words = tuple(t.lower_ for t in target.subtree)
    out = []
    for fr in index.frames:
        if fr.denies or not any(v[-1] == verb.lower_ and len(v) <= 2 and (len(v) == 1 or v[0] in {"was", "were"})
                                for v in fr.verbs):
            continue
        if named & fr.target_entities or any(_inside(p, words) for p in fr.target_phrases):
            out.append(fr)
    return out


def _recorded(index: _Index, frame: _FrameIndex) -> bool:
    """Whether a frame's agents include a person its verified fact records as an actor in a role of their own (not
    only the leader under whom it was done)."""
    fact = index.facts[frame.fact]
    own = {r.entity for r in fact.actors if r.role.lower() not in UNDER_ROLES}
    return fact.verified and bool(frame.agents & own)


def _inside(phrase: tuple[str, ...], words: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


def check_doers(index: _Index, text: str, claim: Claim) -> list[FactFlag]:
    if claim.modality != "assert" or not claim.polarity:
        return []
    fact = index.facts[next(iter(claim.facts))]
    actors = {r.entity for r in fact.actors}
    agents = {a for fr in index.frames if fr.fact == fact.id for a in fr.agents}
    if any(p in actors or p in agents for p in claim.agents):
        return []  # one of the people who did it, or who took part in it another way
    doers = {a for a in agents if index.kind.get(a) == "person"}
    countries = {index.represents.get(p, p) for p in (*claim.agents, *doers)}
    if len(countries) > 1 and any(index.kind.get(c) == "country" for c in countries):
        return []  # a doer of another country (the other side's delegation)
    who = " and ".join(claim.agents)
    return [_make_flag(text, (claim.start, claim.end), f"{who} {claim.verb} {claim.title} (the fact: "
                       f"{' and '.join(sorted(doers))})", fact, FACT_DEFAULTS["confidence_person"], "person")]

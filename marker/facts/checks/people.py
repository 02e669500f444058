"""People checks: a person in a signing or leading role who was not there, or given the wrong country."""

from __future__ import annotations

from marker.defaults import FACT_DEFAULTS
from marker.facts.cues import OPEN_ROLES, _CONDITIONAL, _DATE_NEGATION, _PARTICLES, _ROLE_BEFORE_VERB, _ROLE_BY, _ROLE_NOUNS
from marker.facts.index import _Index
from marker.facts.model import (FactFlag, _Mention, _SentenceInfo, _Unit, _distinct, _entity_mentions, _label, _make_flag,
                                naming_makers)
from marker.facts.tokens import _cue_at

def _check_people(index: _Index, text: str, info: _SentenceInfo, unit: _Unit, events: list[_Mention],
                  span: tuple[int, int], penalty: float) -> list[FactFlag]:
    """'The pact was signed by Litvinov and Ribbentrop': a person in a signing or commanding role who was not there."""
    kinds = _distinct(events)
    if len(kinds) != 1 or len(kinds[0]) != 1:
        return []
    fact = index.facts[next(iter(kinds[0]))]
    if not fact.actors or not fact.verified:
        return []
    actors = {r.entity for r in fact.actors}
    people = _entity_mentions(unit, index, {"person"})
    clause = text[unit.start : unit.end]
    flags = []
    for p in people:
        if p.entity in actors:
            wrong_country = _wrong_nationality(index, info, unit, p)
            if wrong_country and not _DATE_NEGATION.search(text, unit.start, p.end):
                conf = FACT_DEFAULTS["confidence_person"] - penalty
                flags.append(_make_flag(text, span, f"{p.entity} called a leader of {wrong_country}", fact, conf,
                                        "person"))
            continue
        role = _person_role(p, people, info, unit)
        if not role or role in OPEN_ROLES:
            continue
        if _DATE_NEGATION.search(text, unit.start, p.end) or _CONDITIONAL.search(clause):
            continue
        names = ", ".join(r.entity for r in fact.actors)
        conf = FACT_DEFAULTS["confidence_person"] - penalty - (FACT_DEFAULTS["penalty_fuzzy"] if p.fuzzy else 0)
        flags.append(naming_makers(_make_flag(text, span, f"{p.entity} {role} the {_label(fact)} (actors: {names})",
                                              fact, conf, "person"), fact))
    return flags



def _wrong_nationality(index: _Index, info: _SentenceInfo, unit: _Unit, p: _Mention) -> str:
    """'the British leader Daladier': a country named right before a person's role that is not the person's own."""
    norms = [t.norm for t in info.toks]
    for k in range(max(0, p.i - 3), p.i):
        n = _cue_at(norms, k, _ROLE_NOUNS)
        if not n or k + n != p.i:
            continue
        country = next((m for m in unit.mentions if m.kind == "entity" and m.j == k
                        and index.kind.get(m.entity) == "country"), None)
        own = index.represents.get(p.entity)
        if country is not None and own and own != p.entity and country.entity != own:
            return country.entity
    return ""


def _person_role(p: _Mention, people: list[_Mention], info: _SentenceInfo, unit: _Unit) -> str:
    """The role verb the parse ties a person to in the clause, or '': the person is the agent of a passive ("signed
    by Molotov and Ribbentrop"), the object of "with" after a verb of agreeing ("negotiated with Laval"), of
    "under" ("the Red Army under Zhukov"), or the subject of such a verb ("Litvinov and Ribbentrop signed"); a
    person in a list stands where the list's first name does. Not a phrasal verb ("gave up"), nor a verb whose
    object is a person ("Stalin made Litvinov foreign minister": what was made is not the agreement)."""
    if info.parse is None:
        return ""
    parsed = info.parse()
    tok = parsed.root(p.start, p.end)
    while tok is not None and tok.dep_ == "conj" and tok.head.pos_ in {"PROPN", "NOUN"}:
        tok = tok.head
    if tok is None:
        return ""
    head = tok.head
    end = max(t.i for t in tok.subtree) + 1  # the word after the person's phrase (a list's last name)
    after = tok.doc[end] if end < len(tok.doc) else None
    if after is not None and after.pos_ in {"NOUN", "PROPN"} and _ROLE_BEFORE_VERB.match(after.lower_) \
            and tok.dep_ not in {"pobj", "nsubj"}:
        return after.lower_  # "On 23 August 1939 Molotov and X sign the pact": the tagger took the verb for a noun
    if tok.dep_ == "pobj" and head.lower_ == "under":
        return "commanded"
    verb = head.head if tok.dep_ == "pobj" and head.lower_ in {"by", "with"} else head if tok.dep_ == "nsubj" else None
    if verb is None or verb.pos_ not in {"VERB", "AUX"} or not unit.start <= parsed.base + verb.idx < unit.end:
        return ""
    word = verb.lower_
    if tok.dep_ == "pobj" and head.lower_ == "by":
        return ("commanded" if word in {"led", "commanded"} else word) if word in _ROLE_BY else ""
    if not _ROLE_BEFORE_VERB.match(word) or any(c.dep_ == "prt" or c.lower_ in _PARTICLES
                                                for c in verb.children if c.i == verb.i + 1):
        return ""  # "gave up on", "made out": a phrasal verb, not signing or making the agreement
    if any(c.dep_ in {"dobj", "dative", "oprd", "ccomp", "xcomp"} and any(
            parsed.span(c)[0] <= q.start < parsed.span(c)[1] for q in people) for c in verb.children):
        return ""  # "Stalin made Litvinov foreign minister": a person is what was made, not the agreement
    return word

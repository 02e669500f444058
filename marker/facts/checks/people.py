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
    norms = [t.norm for t in info.toks]
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
        role = _person_role(norms, p, people, info, unit)
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


def _person_role(norms: list[str], p: _Mention, people: list[_Mention], info: _SentenceInfo, unit: _Unit) -> str:
    """The role verb tying a person to the clause's event, or ''."""
    lo = next(k for k, t in enumerate(info.toks) if t.start >= unit.start)
    gap = FACT_DEFAULTS["role_gap"]
    # "by Molotov and Ribbentrop" / "under Zhukov": walk back over a list of people to the preposition.
    k = p.i - 1
    while k >= lo and (norms[k] in {"and", ",", "&"} or any(q.i <= k < q.j for q in people)):
        k -= 1
    if k >= lo and norms[k] in {"by", "with"}:
        for v in range(max(lo, k - gap), k):
            if norms[v] in _ROLE_BY or (norms[k] == "with" and _ROLE_BEFORE_VERB.match(norms[v])):
                return norms[v]
    if k >= lo and norms[k] == "under":
        return "commanded"
    if k >= lo + 1 and " ".join(norms[k - 1 : k + 1]) in {"led by", "commanded by"}:
        return "commanded"
    # "Litvinov and Ribbentrop signed": walk forward over the list to the verb.
    k = p.j
    while k < len(norms) and (norms[k] in {"and", ",", "&"} or any(q.i <= k < q.j for q in people)):
        k += 1
    for v in range(k, min(len(norms), k + 3)):
        if info.toks[v].start >= unit.end:
            break
        if _ROLE_BEFORE_VERB.match(norms[v]):
            if v + 1 < len(norms) and norms[v + 1] in _PARTICLES:
                return ""  # "gave up on", "made out": a phrasal verb, not signing or making the agreement
            if any(q.i == v + 1 for q in people):
                return ""  # "Stalin made Litvinov foreign minister": a person is what was made, not the agreement
            return norms[v]
        if norms[v] not in {"had", "have", "both", "then", "also", "finally", "eventually", "personally"}:
            break
    return ""


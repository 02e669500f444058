"""Side checks: the wrong enemy, a country that took no part, a power backing the other camp."""

from __future__ import annotations

from marker.defaults import FACT_DEFAULTS
import re
from marker.facts.cues import _CONJUNCT, _NEGATION, _OPPOSE_I, _SIGN_I
from marker.facts.index import _Index
from marker.facts.lists import subject_of_next_clause
from marker.facts.model import FactFlag, _Mention, _SentenceInfo, _Unit, _country, _distinct, _entity_mentions, _events, _label, _make_flag
from marker.facts.tokens import _cue_at

def _check_sides(index: _Index, text: str, info: _SentenceInfo, unit: _Unit, events: list[_Mention],
                 span: tuple[int, int], penalty: float, clause: str) -> list[FactFlag]:
    """'The Soviets beat the Germans at Khalkhin Gol': an opponent who was not the enemy."""
    flags = []
    norms = [t.norm for t in info.toks]
    for facts in _distinct(events):
        if len(facts) != 1:
            continue
        fact = index.facts[next(iter(facts))]
        if not fact.opponents or not fact.verified:
            continue
        allowed = set(fact.opponents) | set(fact.parties)
        for m in _entity_mentions(unit, index, {"country", "person", "group"}):
            country = _country(index, m)
            if country in allowed or m.entity in allowed:
                continue
            k = m.i - 1
            while k >= 0 and norms[k] in {"and", ",", "both", "a", "an"}:
                k -= 1
            hit = None
            for back in range(1, 4):
                s = m.i - back
                if s < 0 or info.toks[s].start < unit.start:
                    break
                n = _cue_at(norms, s, _OPPOSE_I)
                if n and s + n <= m.i and s + n >= m.i - 1:
                    hit = info.toks[s].start
                    break
            if hit is None:
                continue
            told = [e for e in events if e.facts == facts and e.via == "frame" and e.end <= hit]
            if told and _CONJUNCT.search(text, told[-1].end, hit):
                continue  # "invaded Poland in September and attacked Finland in November": another predicate's object
            if any(e.facts != facts and e.start <= m.start and m.end <= e.end for e in unit.mentions if e.kind == "event"):
                continue  # "invaded Poland and attacked Finland": Poland is the object of another event's own clause
            before = text[unit.start : m.start]
            if re.search(r"\b(?:not|n't|never|rather\s+than|instead\s+of)\s*(?:\w+\s+){0,2}$", before, re.IGNORECASE):
                continue
            conf = FACT_DEFAULTS["confidence_side"] - penalty
            flags.append(_make_flag(text, span, f"{_label(fact)} fought against {m.entity}", fact, conf, "side"))
    return flags


def _check_absent(index: _Index, text: str, info: _SentenceInfo, unit: _Unit, events: list[_Mention],
                  span: tuple[int, int], penalty: float, clause: str) -> list[FactFlag]:
    """'The USSR attended the Munich conference', 'Britain signed the Nazi-Soviet Pact': a country that took no part."""
    flags = []
    if not any(m.kind == "entity" for m in unit.mentions) or _NEGATION.search(clause):
        return []  # (the cheap test first: only a country named in the clause can be flagged)
    norms = [t.norm for t in info.toks]
    inherited = not _events(unit)
    for facts in _distinct(events):
        if len(facts) != 1:
            continue
        fact = index.facts[next(iter(facts))]
        if not (fact.absent or fact.parties) or not fact.verified:
            continue
        after_cue = [m for m in events if m.facts == facts]
        ents = _entity_mentions(unit, index)
        insiders = {*fact.parties, *fact.opponents, *(r.entity for r in fact.actors),
                    *(c.name for c in fact.camps), *(b for c in fact.camps for b in c.backers)}
        for m in ents:
            absent = _country(index, m) in fact.absent or m.entity in fact.absent
            # A signer who was no party ("Britain signed the Nazi-Soviet Pact") counts like an absent attender.
            outsider = bool(fact.parties) and not absent and index.kind.get(_country(index, m)) == "country" \
                and _country(index, m) not in insiders and m.entity not in insiders
            if not (absent or outsider):
                continue
            parsed = info.parse() if info.parse is not None else None
            verb = _taking_part(parsed, m, absent) if parsed is not None else None
            told_with = verb is None and outsider and _signed_with(norms, m.i) and any(e.end <= m.start for e in after_cue)
            if told_with:  # "the Treaty of Rapallo, which was signed with France": named as the other party
                conf = FACT_DEFAULTS["confidence_absent"] - penalty
                flags.append(_make_flag(text, span, f"{m.entity} was a party to the {_label(fact)}", fact, conf, "side"))
                break
            n = verb is not None and (inherited or any(_in_span(parsed, verb, e, m) for e in after_cue))
            if n:
                conf = FACT_DEFAULTS["confidence_absent"] - penalty
                what = "took part in" if absent else "was a party to"
                flags.append(_make_flag(text, span, f"{m.entity} {what} the {_label(fact)}", fact, conf, "side"))
                break
    return flags


def _taking_part(parsed, m: _Mention, absent: bool):
    """The verb the parse makes a named state take part by, or None: its subject (a list's names stand where the
    first does) of a verb of attending or signing ("attended", "took part in", "was present at", "was part of", "was
    invited to"), or of signing only for a state that was no party ("Britain signed the Nazi-Soviet Pact"); the agent
    of such a passive ("was signed by Britain"); the subject of its passive ("was invited", "was consulted")."""
    tok = parsed.root(m.start, m.end)
    while tok is not None and tok.dep_ == "conj":
        if subject_of_next_clause(tok):
            return None  # "... Italy and the USSR wasnt part of it": the last name opens its own clause
        tok = tok.head
    if tok is None:
        return None
    lemmas = _ATTEND_LEMMAS if absent else _SIGN_LEMMAS
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        verb = tok.head.head
        return verb if verb.lemma_.lower() in lemmas else None
    if tok.dep_ not in {"nsubj", "nsubjpass"} or tok.head.pos_ not in {"VERB", "AUX"}:
        return None
    verb = tok.head
    lemma = verb.lemma_.lower()
    if tok.dep_ == "nsubjpass":
        return verb if absent and lemma in _INVITED_LEMMAS else None
    if lemma in lemmas and not (lemma == "take" and not any(c.lower_ == "part" for c in verb.children)):
        return verb
    if absent and lemma == "be" and any(c.lower_ in _PRESENT_WORDS for c in verb.children):
        return verb  # "was present at", "was part of", "was there", "was at Munich"
    return None


def _in_span(parsed, verb, event: _Mention, m: _Mention) -> bool:
    """Whether the event is told within the verb's phrase (its object, place or complement), not as its subject."""
    a, b = parsed.span(verb)
    return a <= event.start and event.end <= b and not (event.start <= m.start < event.end)


_SIGN_LEMMAS = frozenset({"sign", "conclude", "negotiate", "agree", "join"})
_ATTEND_LEMMAS = _SIGN_LEMMAS | frozenset({"attend", "participate", "take", "represent", "meet", "sit", "go"})
_INVITED_LEMMAS = frozenset({"invite", "consult", "represent", "involve"})
_PRESENT_WORDS = frozenset({"present", "part", "there", "at", "involved", "represented"})


def _signed_with(norms: list[str], i: int) -> bool:
    """"signed with X", "was agreed with X", "concluded with X": X is named as the agreement's other party."""
    return i >= 2 and norms[i - 1] == "with" and _cue_at(norms, i - 2, _SIGN_I) == 1


def _check_camps(index: _Index, text: str, info: _SentenceInfo, unit: _Unit, clause: str) -> list[FactFlag]:
    """'The USSR sent aid to Franco': a power backing a side it did not back (camps name their conflict), read from
    the parse: the power is the subject of a verb of backing whose object is the camp ("backed Franco", "sided with
    the Nationalists", "fought for"), or of a verb of sending with the camp after "to"/"for" ("sent tanks to the
    Nationalists"), or the agent of a passive whose subject is the camp ("Franco was backed by the USSR")."""
    flags: list[FactFlag] = []
    named = {m.entity for m in unit.mentions if m.kind == "entity"}
    facts = [fact for fact, camps in index.camp_facts if named & camps]  # the cheap test first
    if not facts or _NEGATION.search(clause) or info.parse is None:
        return []
    parsed = info.parse()
    ents = _entity_mentions(unit, index)
    for fact in facts:
        camp_of = {c.name: c for c in fact.camps}
        for b in ents:
            if b.entity in camp_of:
                continue
            camp = _backed(parsed, ents, b, camp_of)
            if camp is None:
                continue
            backer = _country(index, b)
            backers = set(camp_of[camp.entity].backers)
            others = {x for c in fact.camps if c.name != camp.entity for x in c.backers}
            if backer in backers or backer not in others:
                continue
            conf = FACT_DEFAULTS["confidence_side"]
            flags.append(_make_flag(text, (unit.start, unit.end), f"{b.entity} backed {camp.entity}", fact, conf,
                                    "side"))
    return flags


def _backed(parsed, ents: list[_Mention], b: _Mention, camp_of: dict) -> _Mention | None:
    """The camp the parse says a named power backed, or None (see _check_camps)."""
    tok = parsed.root(b.start, b.end)
    while tok is not None and tok.dep_ == "conj":
        tok = tok.head
    if tok is None:
        return None
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent":  # "Franco was backed by the USSR"
        verb = tok.head.head
        places = [c for c in verb.children if c.dep_ == "nsubjpass"] if verb.lemma_.lower() in _BACK_LEMMAS else []
    elif tok.dep_ == "nsubj" and tok.head.pos_ in {"VERB", "AUX"}:
        verb = tok.head
        lemma = verb.lemma_.lower()
        places = [c for c in verb.children if c.dep_ == "dobj"] if lemma in _BACK_LEMMAS else []
        places += [g for c in (verb, *(o for o in verb.children if o.dep_ == "dobj")) for p in c.children
                   if p.dep_ in {"prep", "dative"} and (p.lower_, lemma) in _BACK_PREPOSITIONS | {(w, lemma) for w in ("to", "for")
                                                                                     if lemma in _SEND_LEMMAS}
                   for g in p.children if g.dep_ == "pobj"]
        if lemma in _SEND_LEMMAS:  # "sent troops to help Franco", "sends the Brigades to fight for the Republic"
            for purpose in (c for c in verb.children if c.dep_ in {"xcomp", "advcl"} and any(
                    a.dep_ == "aux" and a.lower_ == "to" for a in c.children)):
                sense = purpose.lemma_.lower()
                places += [c for c in purpose.children if c.dep_ == "dobj"] if sense in _BACK_LEMMAS else []
                places += [g for p in purpose.children if p.dep_ == "prep" and (p.lower_, sense) in _BACK_PREPOSITIONS
                           for g in p.children if g.dep_ == "pobj"]
    else:
        return None
    for place in places:
        for t in (place, *place.conjuncts):
            camp = next((m for m in ents if m.entity in camp_of and (r := parsed.root(m.start, m.end)) is not None
                         and (r.i == t.i or r.dep_ == "poss" and r.head.i == t.i)), None)  # "Franco's forces"
            if camp is not None:
                return camp
    return None


# Verbs whose object is the side backed, prepositions that name it after such a verb, and verbs of sending whose
# "to"/"for" names it (lemmas: any tense).
_BACK_LEMMAS = frozenset({"help", "aid", "support", "back", "assist", "arm", "supply", "fund", "finance", "bankroll"})
_BACK_PREPOSITIONS = frozenset({("with", "side"), ("for", "fight"), ("on", "side"), ("behind", "stand")})
_SEND_LEMMAS = frozenset({"send", "give", "supply", "provide", "offer", "lend", "sell", "ship", "deliver"})

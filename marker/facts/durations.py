"""How long an event lasted, or was agreed to last, read from the parse: "the pact was to last for twenty-five years"
and "it was supposed to last for twenty years" (its term), "the pact was signed for ten years" (its term), "the war
lasted two weeks" and "Finland surrenders after only two weeks" (its length).

A duration is a number whose noun is a unit of time, tied to the fact the way a figure is (marker.facts.quantities:
the event an argument of the verb, the subject the verb shares, "the pact" the agreement the essay last named; "it"
as the subject of a clause joined to one whose subject names the agreement). Read as:

- a term: "last"/"run" under a verb of intention ("was to", "was supposed/meant/due/intended/planned/set to"), or
  "for N years" on a verb of concluding ("signed", "concluded", "agreed"); "for a period of N years" as well;
- a length: a plain "lasted (for) N weeks", or "after N weeks" on a verb of ending ("surrendered", "collapsed",
  "ended", "gave up"), when the subject is a side of the one event the clause or the sentence before names.

"Less than", "under", "within" make the figure an upper bound, "more than", "over", "at least" a lower one; "about",
"nearly" and the like allow 35 %. Anything negated, hedged, conditional, reported or questioned, a figure inside a
date ("two years later") and any other attachment is left alone.
"""

from __future__ import annotations

import re
from typing import Sequence

from marker.defaults import FACT_DEFAULTS
from marker.facts.claims import Claim, Parsed, _mention_at, modality, negated
from marker.facts.cues import APPROXIMATE_WORDS, TIME_UNITS
from marker.facts.index import _Index
from marker.facts.model import FactFlag, _SentenceInfo, _make_flag
from marker.facts.quantities import (
    _in_unit, _tied_facts, _unit_lemma, agreement_named_before, dates_and_events, figure_of,
)

_LAST = frozenset({"last", "run"})
_INTENDED = frozenset({"be", "suppose", "mean", "due", "intend", "plan", "set", "design", "scheduled"})
_CONCLUDED = frozenset({"sign", "conclude", "agree", "make", "seal"})
_ENDED = frozenset({"end", "surrender", "collapse", "fail", "capitulate", "crumble", "finish", "fall", "give",
                    "stop", "cease", "quit"})
_MODIFIERS = frozenset({"advmod", "quantmod", "amod"})  # "only", "about", "less than": not part of the number
_PERIOD = frozenset({"period", "term", "duration", "span"})
_AT_MOST = frozenset({"less", "under", "within", "fewer", "up", "most", "short"})
_AT_LEAST = frozenset({"more", "over", "least", "longer", "beyond"})
# A number of units of time, in digits or words (a cheap test before a sentence is parsed).
_HINT = re.compile(r"\b(?:days?|weeks?|fortnights?|months?|years?)\b", re.IGNORECASE)


def wants_durations(index: _Index, info: _SentenceInfo, earlier: Sequence[_SentenceInfo]) -> bool:
    """Whether a sentence may give a duration of a fact that records one (cheap test before parsing)."""
    if not index.timed or not _HINT.search(info.sentence.text):
        return False
    near = [info, *earlier[-1:]]
    if any(f in index.timed for e in near for m in e.mentions if m.kind == "event" for f in m.facts):
        return True
    return agreement_named_before(info, earlier, index.timed)


def duration_claims(index: _Index, parsed: Parsed, info: _SentenceInfo,
                    earlier: Sequence[_SentenceInfo] = ()) -> list[Claim]:
    dated, events = dates_and_events(index, info, index.timed)
    out = []
    for noun in parsed.doc:
        unit = _unit_lemma(noun.text)
        counted = figure_of(noun, parsed, dated, _MODIFIERS) if unit in TIME_UNITS else None
        read = _reading(noun) if counted is not None else None
        if counted is None or read is None:
            continue  # (a number inside a date, "two years later", is not a duration)
        num, words, value = counted
        kind, verb = read
        upto = verb.idx if kind == "term" else None  # "was supposed to last" is the term, not a hedge of it
        if negated(verb) or modality(verb, info.sentence.text, upto) != "assert" or any(
                c.dep_ == "prep" for c in noun.children):
            continue  # (and "after two years of planning": a span of something else)
        facts, _ = _tied_facts(index, parsed, info, verb, events, earlier, among=index.timed)
        if not facts:
            facts = _pronoun_agreement(index, parsed, info, verb, events, earlier) if kind == "term" else \
                _side_of_event(index, parsed, info, verb, earlier) if kind == "length" else set()
        if len(facts) != 1:
            continue
        near = {w.lower_ for t in (*num.subtree, *noun.children) for w in (t, *t.children)}
        if noun.head.dep_ == "prep":
            near |= {c.lower_ for c in noun.head.children}
        bound = "max" if near & _AT_MOST else "min" if near & _AT_LEAST else ""
        s, e = parsed.span(verb)
        out.append(Claim("duration", s, e, facts=frozenset(facts), verb=kind, value=value, unit=unit,
                         approx=bool(near & APPROXIMATE_WORDS) and not bound, bound=bound,
                         figure=" ".join(t.text for t in words).replace(" - ", "-")))
    return out


def _reading(noun):
    """("term" | "length", the verb that asserts it) for a unit-of-time noun, or None (see the module's docstring)."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in _PERIOD:
        noun, head = head.head, head.head.head  # "for a period of ten years"
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        prep, verb = head.lower_, head.head
    elif noun.dep_ in {"npadvmod", "dobj"}:
        prep, verb = "", head
    else:
        return None
    lemma = verb.lemma_.lower()
    if prep in {"", "for"} and lemma in _LAST and verb.pos_ in {"VERB", "AUX"}:
        up = verb.head
        if verb.dep_ == "xcomp" and (up.lemma_.lower() in _INTENDED or up.lower_ in _INTENDED):
            return "term", up
        if verb.dep_ != "xcomp" and not any(c.dep_ == "aux" and c.lower_ in {"would", "should", "to"}
                                            for c in verb.children):
            return "length", verb
        return None
    if prep == "for" and lemma in _CONCLUDED and verb.pos_ == "VERB":
        return "term", verb
    if prep == "after" and lemma in _ENDED and (verb.pos_ == "VERB" or verb.dep_ == "ROOT" and not any(
            c.dep_ == "det" for c in verb.children)):
        if lemma == "give" and not any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children):
            return None
        return "length", verb  # (a ROOT with no verb in the sentence: "Finland surrenders after only two weeks")
    return None


def _pronoun_agreement(index: _Index, parsed: Parsed, info: _SentenceInfo, verb, events, earlier) -> set[str]:
    """"The pact promised ..., and it was supposed to last ...": "it" stands for the subject of the clause its own
    clause is joined to."""
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None or subj.lower_ != "it" or verb.dep_ != "conj":
        return set()
    facts, _ = _tied_facts(index, parsed, info, verb.head, events, earlier, among=index.timed)
    return facts


def _side_of_event(index: _Index, parsed: Parsed, info: _SentenceInfo, verb, earlier) -> set[str]:
    """"This is the Winter War. Finland surrenders after only two weeks.": the subject of the verb of ending is a side
    of the one event with a length that this sentence, or the one before in the same paragraph, names."""
    subj = [c for c in verb.children if c.dep_ in {"nsubj", "compound"} and c.i < verb.i]
    if len(subj) != 1:
        return set()
    m = _mention_at(info.mentions, subj[0], parsed.base, "entity")
    if m is None:
        return set()
    side = index.represents.get(m.entity, m.entity)
    before = [e for e in earlier[-1:] if e.sentence.paragraph == info.sentence.paragraph]
    named = {f for e in (info, *before) for n in e.mentions if n.kind == "event" and n.via != "denial"
             for f in n.facts if f in index.timed}
    if len(named) != 1:
        return set()
    fact = index.facts[next(iter(named))]
    sides = {*fact.parties, *fact.opponents, *fact.winners, *fact.losers}
    return set(named) if side in sides and any(d.kind == "length" for d in fact.durations) else set()


def check_duration(index: _Index, text: str, claim: Claim) -> list[FactFlag]:
    fact = index.facts[next(iter(claim.facts))]
    if not fact.verified:
        return []
    for d in fact.durations:
        said = _in_unit(claim.value, claim.unit, d.unit)
        if d.kind != claim.verb or said is None:
            continue
        tol = max(d.tolerance, FACT_DEFAULTS["quantity_approx_tolerance"] if claim.approx else 0.0)
        if claim.bound == "max":
            wrong = d.value > said * (1 + tol)
        elif claim.bound == "min":
            wrong = d.value < said * (1 - tol)
        else:
            wrong = abs(said - d.value) > tol * d.value
        if not wrong:
            return []
        what = "agreed to last" if d.kind == "term" else "lasted"
        return [_make_flag(text, (claim.start, claim.end), f"{fact.names[0]} {what} {claim.figure} {claim.unit}s",
                           fact, FACT_DEFAULTS["confidence_quantity"], "duration")]
    return []

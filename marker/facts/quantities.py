"""Numbers a student gives for an event ("the Nazis won 32 seats in the 1928 election", "the treaty was to last for
twenty-five years", "the hyperinflation peaked when a dollar was worth 4.2 billion marks"), read from the parse.

A figure is a claim about an event only when its noun is a unit the fact counts in and the number's clause holds the
event: as an argument of the same verb, as the subject the verb shares ("The treaty ... was to last"), or as the
event a "when" clause times ("peaked when a dollar was worth ..."). "The pact"/"the treaty" names the agreement the
essay last named. Anything hedged, negated, listed ("230, 107 and 196 seats respectively") or conditional is
left alone."""

from __future__ import annotations

import re
from typing import Any, Sequence

from marker.dates import date_matches
from marker.defaults import FACT_DEFAULTS
from marker.facts.agents import _antecedent
from marker.facts.claims import (Claim, Parsed, _argument_of, _mention_at, _verb_of, asserted, date_head,
                                 modality, negated)
from marker.facts.cues import APPROXIMATE_WORDS, NUMBER_WORDS, SCALE_WORDS, STATE_VERBS, TIME_UNITS
from marker.facts.index import _Index
from marker.facts.model import FactFlag, _SentenceInfo, _make_flag
from marker.facts.tokens import _key

_WORD = re.compile(r"[^\W\d_]+")
_YEAR = re.compile(r"\b1[5-9]\d\d\b|\b20\d\d\b")
_NUMERAL = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
# A figure other than a year, in digits or words (a cheap test before a sentence is parsed for figures).
_NUMBER_HINT = re.compile(r"\b(?!1[5-9]\d\d\b|20\d\d\b)\d|\b(?:" + "|".join(sorted(w for w in NUMBER_WORDS if len(w) > 2))
                          + r")", re.IGNORECASE)


def number_value(words: Sequence[str]) -> float | None:
    """The value of a written number ("32", "4.2 billion", "twenty-five", "three million", "6,000,000"); None when
    the words are not one number."""
    total, current, seen = 0.0, 0.0, False
    for w in (p for word in words for p in word.lower().replace("-", " ").split()):
        if _NUMERAL.match(w):
            current += float(w.replace(",", ""))
        elif w in NUMBER_WORDS:
            current += NUMBER_WORDS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in SCALE_WORDS:
            total += (current or 1) * SCALE_WORDS[w]
            current = 0.0
        elif w == "and" and seen:
            continue
        else:
            return None
        seen = True
    return total + current if seen else None


def figure_of(noun, parsed: Parsed, dated: Sequence[tuple[int, int]], drop: frozenset[str] = frozenset(
        {"advmod", "quantmod"})) -> tuple[Any, list, float] | None:
    """The one number counting a noun: (its token, its words without the `drop`ped modifiers, its value); None when
    there is none or several, a list of them ("230, 107 and 196 seats"), or one inside a date ("two years later",
    "the 1928 election")."""
    nums = [c for c in noun.children if c.dep_ == "nummod"]
    if len(nums) != 1 or any(c.dep_ == "conj" for c in nums[0].children):
        return None
    if any(c.lower_ in {"times", "fold"} for c in nums[0].children):
        return None  # "eighteen times as many seats": a multiplier, not a count
    words = [t for t in nums[0].subtree if t.dep_ not in drop or t.like_num]
    if any(lo <= parsed.base + words[0].idx < hi for lo, hi in dated):
        return None
    value = number_value([t.text for t in words if t.text != "-"])
    return None if value is None else (nums[0], words, value)


def _unit_lemma(word: str) -> str:
    w = word.lower()
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def wants_quantities(index: _Index, info: _SentenceInfo, earlier: Sequence[_SentenceInfo]) -> bool:
    """Whether a sentence may give a figure for a fact that records one (cheap test before parsing)."""
    if not index.quantified or not _NUMBER_HINT.search(info.sentence.text):
        return False
    named = {f for m in info.mentions if m.kind == "event" for f in m.facts}
    if named & index.quantified:
        return True
    if agreement_named_before(info, earlier, index.quantified):
        return True
    # a figure an agent's event counts, with a date that may pick the event out (_dated_fact)
    counted = {_unit_lemma(u) for f in index.quantified for q in index.facts[f].quantities if q.agents
               for u in (q.unit, *q.aliases)}
    return bool(counted & {_unit_lemma(w) for w in _WORD.findall(info.sentence.text)}) and bool(
        _YEAR.search(info.sentence.text))


def agreement_named_before(info: _SentenceInfo, earlier: Sequence[_SentenceInfo], among: frozenset[str]) -> bool:
    """"The pact", "the treaty" in a sentence after the essay named one of the facts `among`."""
    return bool(re.search(r"\bthe\s+(?:pact|treaty|agreement)\b", info.sentence.text, re.IGNORECASE)) and any(
        f in among for e in earlier for m in e.mentions if m.kind == "event" for f in m.facts)


def dates_and_events(index: _Index, info: _SentenceInfo, facts: frozenset[str] | set[str]):
    """A sentence's dated spans (a number inside one is no figure) and its events, by name or frame, of these facts:
    what a figure's claim (here) and a duration's (marker.facts.durations) start from."""
    dated = [(d.start, d.end) for d in index.dates_of(info.sentence.text, info.sentence.start)]
    return dated, [m for m in info.mentions if m.kind == "event" and m.via in {"name", "frame"} and m.facts & facts]


def quantity_claims(index: _Index, parsed: Parsed, info: _SentenceInfo,
                    earlier: Sequence[_SentenceInfo] = ()) -> list[Claim]:
    dated, events = dates_and_events(index, info, index.quantified)
    out = []
    for noun in parsed.doc:
        counted = figure_of(noun, parsed, dated) if noun.pos_ in {"NOUN", "PROPN"} else None
        if counted is None:
            continue
        num, words, value = counted
        approx = any(t.lower_ in APPROXIMATE_WORDS for t in num.subtree) or any(
            c.lower_ in APPROXIMATE_WORDS for c in noun.children) or (noun.head.dep_ == "prep" and any(
            c.lower_ in APPROXIMATE_WORDS for c in noun.head.children))
        verb = next((c for c in noun.children if _told_in_relative(c)), None) or next(
            (t for t in noun.ancestors if t.pos_ in {"VERB", "AUX"}), None)
        below = verb is not None and negated(verb) and _not_even(verb, parsed) and not approx
        if verb is None or not asserted(noun) or negated(verb) and not below or modality(
                verb, info.sentence.text) != "assert":
            continue
        path = [t.lemma_.lower() for t in noun.ancestors if t.i != verb.i and verb in t.ancestors] + [verb.lemma_.lower()]
        facts, subjects = _tied_facts(index, parsed, info, verb, events, earlier)
        if not facts:
            facts = _dated_fact(index, parsed, info, verb, _unit_lemma(noun.text), subjects)
        if len(facts) != 1:
            continue
        s, e = parsed.span(verb)
        out.append(Claim("quantity", s, e, facts=frozenset(facts), agents=subjects, verb=" ".join(path), value=value,
                         unit=_unit_lemma(noun.text), approx=approx, bound="max" if below else "",
                         figure=" ".join(t.text for t in words).replace(" - ", "-")))
    return out


def _told_in_relative(clause) -> bool:
    """"the 107 seats they won in September 1930": a relative clause whose verb takes the counted noun as its object
    tells the figure (with its own subject and date); not one whose relative pronoun is its subject ("32 seats, which
    shows ..."), a comment on a figure the main clause tells."""
    return clause.dep_ == "relcl" and clause.pos_ in {"VERB", "AUX"} and not any(
        c.dep_ in {"nsubj", "nsubjpass"} and c.tag_ in {"WDT", "WP"} for c in clause.children)


def _not_even(verb, parsed: Parsed) -> bool:
    """"The Nazis didnt even win 50 seats": "not even" on the figure's verb says fewer than the figure (nothing else
    in the sentence may take the negation's scope: "but", "until", "only")."""
    return any(c.dep_ == "advmod" and c.lower_ == "even" for c in verb.children) and not any(
        t.lower_ in {"but", "until", "till", "only", "just", "again", "yet", "still"} for t in parsed.doc)


def _tied_facts(index: _Index, parsed: Parsed, info: _SentenceInfo, verb, events,
                earlier, among: frozenset[str] | None = None) -> tuple[set[str], tuple[str, ...]]:
    """The facts (of `among`: default, those with figures) of the events the number's clause holds (see the module's
    docstring), and the entities its subject names."""
    among = index.quantified if among is None else among
    clause = [verb]
    node = verb
    while node.dep_ in {"xcomp", "conj"} and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in node.children):
        node = node.head
        clause.append(node)  # "The treaty ... was to last": the subject the verbs share
    if verb.dep_ == "advcl" and any(c.lower_ == "when" for c in verb.children):
        clause.append(verb.head)  # "peaked when a dollar was worth ..."
    facts: set[str] = set()
    for m in events:
        tok = parsed.root(m.start, m.end)
        ids = {t.i for t in parsed.tokens(m.start, m.end)}
        if tok is not None and any(_argument_of(tok, ids, v) for v in clause):
            facts |= m.facts & among
    subjects: list[str] = []
    for v in clause:
        for subj in (c for c in v.children if c.dep_ in {"nsubj", "nsubjpass"}):
            facts |= _antecedent(index, subj, earlier) & among
            subjects += [index.represents.get(m.entity, m.entity) for t in (subj, *subj.conjuncts)
                         if (m := _mention_at(info.mentions, t, parsed.base, "entity")) is not None]
    return facts, tuple(subjects)


def _dated_fact(index: _Index, parsed: Parsed, info: _SentenceInfo, verb, unit: str,
                subjects: tuple[str, ...]) -> set[str]:
    """The one event a figure's date picks out when the clause names none ("In September 1930 the Nazis won 230
    seats": the election of that month): a date hung from the figure's own verb, an event verb (not a state: "in 1930
    the Nazis still had 12 seats"), and the facts that count that unit for that subject on a day that date holds.
    Several facts on the date ("in 1932": two elections) or none: no event."""
    if verb.lemma_.lower() in STATE_VERBS or not subjects:
        return set()
    dates = [d for d in index.dates_of(info.sentence.text, info.sentence.start)
             if not d.approx and d.kind == "point" and (tok := date_head(parsed, d)) is not None
             and _verb_of(tok) is not None and _verb_of(tok).i == verb.i]
    if len(dates) != 1:
        return set()
    lemma = verb.lemma_.lower()
    found = {f for f in index.quantified if (fact := index.facts[f]).date is not None and fact.date.end is None
             and date_matches(dates[0], fact.date) == "ok"
             and any(q.agents and lemma in q.verbs and set(subjects) <= {_own(index, a) for a in q.agents}
                     and unit in {_unit_lemma(u) for u in (q.unit, *q.aliases)} for q in fact.quantities)}
    return found if len(found) == 1 else set()


def _in_unit(value: float, unit: str, want: str) -> float | None:
    """The claimed value in the fact's unit: the same noun, or another English unit of time."""
    if unit == want:
        return value
    if unit in TIME_UNITS and want in TIME_UNITS:
        return value * TIME_UNITS[unit] / TIME_UNITS[want]
    return None


def _own(index: _Index, name: str) -> str:
    entity = index.entity_keys.get(_key(name), name)
    return index.represents.get(entity, entity)


def check_quantity(index: _Index, text: str, claim: Claim) -> list[FactFlag]:
    fact = index.facts[next(iter(claim.facts))]
    if not fact.verified:
        return []
    for q in fact.quantities:
        if q.verbs and not any(v in claim.verb.split() for v in q.verbs):
            continue
        if q.agents and not (claim.agents and set(claim.agents) <= {_own(index, a) for a in q.agents}):
            continue  # another party's figure, or nobody's named
        said = next((v for u in (q.unit, *q.aliases) if (v := _in_unit(claim.value, claim.unit, _unit_lemma(u)))
                     is not None), None)
        if said is None:
            continue
        tolerance = max(q.tolerance, FACT_DEFAULTS["quantity_approx_tolerance"] if claim.approx else 0.0)
        if claim.bound == "max":  # "not even 50 seats": fewer than 50, false only when the figure was clearly more
            if q.value <= said * (1 + tolerance):
                return []
        elif abs(said - q.value) <= tolerance * q.value:
            return []
        return [_make_flag(text, (claim.start, claim.end), f"{fact.names[0]}: {claim.figure} {claim.unit}s",
                           fact, FACT_DEFAULTS["confidence_quantity"], "quantity")]
    return []

"""Order told by "and then" or "by the time ... had already": two events of the fact base in two predicates, one told
to come after the other ("The USSR invaded eastern Poland first, and then Germany invaded on 1 September 1939"; "By
the time the Kaiser abdicated on 9 November 1918, the armistice had already been signed").

The claim is the order of the two events; it is checked against both facts' dates. Which of the two the slip is about
is told by the dates the sentence gives: when one predicate dates its event, and dates it right, the other event is
the one put in the wrong place; when neither is dated, the order itself is the slip, blamed on the event told as
coming second ("then signed the Locarno Treaties"). When both
are dated, a date does not fit, or either event is not found, the check abstains.
"""

from __future__ import annotations

import re

from marker.dates import date_matches, wrong_side
from marker.defaults import FACT_DEFAULTS
from marker.facts.cues import DOING_VERBS, HAPPEN_VERBS
from marker.facts.claims import MAX_PARSED, Parsed, _verb_of, date_head, modality, negated
from marker.facts.index import _Index
from marker.facts.mentions import _phrase_at
from marker.facts.model import FactFlag, _Mention, _SentenceInfo, _events, _label, _make_flag
from marker.facts.tokens import _key

_THEN = frozenset({"then", "afterwards"})
_THEN_WORD = re.compile(r"\b(?:then|afterwards)\b", re.IGNORECASE)


def _check_then(index: _Index, text: str, info: _SentenceInfo) -> list[FactFlag]:
    """Flags for "A and then B" where the fact base puts B's event wholly before A's."""
    return _check_order(index, text, info, _THEN_WORD, _then_pairs)


def _then_pairs(parsed: Parsed):
    """(A, B) for each "A ... and then B": a conjunct verb with "then" on it, after the verb it is a conjunct of."""
    for tok in parsed.doc:
        if tok.lower_ not in _THEN or tok.dep_ != "advmod":
            continue
        second = tok.head
        first = second.head
        if second.dep_ == "conj" and second.pos_ in {"VERB", "AUX"} and first.pos_ in {"VERB", "AUX"}:
            yield first, second


def _check_order(index: _Index, text: str, info: _SentenceInfo, cue: re.Pattern[str], pairs) -> list[FactFlag]:
    """Flags for each (A, B) of `pairs(parse)` (the sentence puts A's event before B's) where the fact base puts A's
    event after B's. Both predicates tell one event each, asserted; blamed on the one the sentence leaves undated
    when it dates the other one right, on B when neither is dated; abstains when a date does not fit or both are."""
    if info.parse is None or len(info.sentence.text) > MAX_PARSED or not cue.search(info.sentence.text):
        return []
    events = [m for u in info.units for m in _events(u) if len(m.facts) == 1]
    if len({m.facts for m in events}) < 2:
        return []
    parsed: Parsed = info.parse()
    flags = []
    for first, second in pairs(parsed):
        if any(negated(v) or modality(v, info.sentence.text) != "assert" for v in (first, second)):
            continue
        a, b = _told_by(index, parsed, events, first), _told_by(index, parsed, events, second)
        if a is None or b is None or a.facts == b.facts:
            continue
        fa, fb = index.facts[next(iter(a.facts))], index.facts[next(iter(b.facts))]
        fa, fb = phase_dated(info, a, fa), phase_dated(info, b, fb)
        if fa is None or fb is None:
            continue
        if fa.date is None or fb.date is None or not (fa.verified and fb.verified) or not base_after(fa, fb):
            continue  # the base does not put A after B: the order may be right
        dated_a, dated_b = _dated(parsed, info, first, fa), _dated(parsed, info, second, fb)
        if dated_a is None or dated_b is None or (dated_a and dated_b):
            continue  # a date that does not fit (a date slip), or both dated right (the order is then not told)
        flags.append(_order_flag(text, a, b, fa, fb, fa if dated_b else fb))
    return flags


def _order_flag(text: str, a: _Mention, b: _Mention, fa, fb, blamed) -> FactFlag:
    """The flag for a sentence that puts fa's event before fb's, blamed on the one the sentence misplaces."""
    claim = f"{_label(fa)} before {_label(fb)}"
    flag = _make_flag(text, (min(a.start, b.start), max(a.end, b.end)), claim, blamed,
                      FACT_DEFAULTS["confidence_sequence"], "sequence")
    fix = f"{fa.correction or fa.statement} {fb.correction or fb.statement}"
    return FactFlag(flag.start, flag.end, flag.text, claim, fix, blamed.id, flag.confidence, "sequence")


_BY_THE_TIME = re.compile(r"\bby\s+the\s+time\b", re.IGNORECASE)
_PERFECT_AUX = frozenset({"had", "'d", "has", "have"})


def _check_by_the_time(index: _Index, text: str, info: _SentenceInfo) -> list[FactFlag]:
    """"By the time the Kaiser abdicated on 9 November 1918, the armistice had already been signed": the main
    clause's event, told in the perfect, is put before the event of the clause under "by the time". Flagged when
    the base puts the main clause's event after the other one (`base_after`), blamed as "and then" is."""
    return _check_order(index, text, info, _BY_THE_TIME, _time_pairs)


def _time_pairs(parsed: Parsed):
    """(the main verb, the verb under "by the time") for each "by the time" whose main verb is in the perfect."""
    for time in parsed.doc:
        if time.lower_ != "time" or time.dep_ != "pobj" or time.head.lower_ != "by" or time.head.dep_ != "prep":
            continue
        first, then = _time_clause(time)
        if first is not None and then is not None and any(c.dep_ == "aux" and c.lower_ in _PERFECT_AUX
                                                          for c in then.children):
            yield then, first


def _time_clause(time):
    """(the verb of the clause under "by the time", the main verb) or Nones. The parser hangs the clause from "time"
    (relcl) with "by" on the main verb, or "by" from the clause's own verb, itself a complement of the main verb."""
    by = time.head
    first = next((c for c in time.children if c.dep_ in {"relcl", "acl"} and c.pos_ in {"VERB", "AUX"}), None)
    if first is not None:
        then = by.head
    elif by.head.pos_ in {"VERB", "AUX"} and by.head.dep_ in {"ccomp", "advcl"} and by.head.head.i > by.head.i:
        first, then = by.head, by.head.head
    else:
        return None, None
    if then.pos_ not in {"VERB", "AUX"} or then.i == first.i:
        return None, None
    return first, then


def phase_dated(info: _SentenceInfo, m: _Mention, fact):
    """The fact as the mention tells it: where the mention's own words are a cue of exactly one of the fact's dated
    phases ("the Arcos raid" for the break in relations the recognition fact records for 1927; "expelled from the
    League" for the expulsion), the fact dated by that phase, so an order told of it is checked against the phase's
    date; else the fact itself. A mention whose words name two phases is left undated (None)."""
    norms = [t.norm for t in info.toks[m.i : m.j]]
    named = [q for q in fact.other_dates
             if any(_phrase_at(norms, k, [_key(c) for c in q.cues if _key(c)]) for k in range(len(norms)))]
    if not named:
        return fact
    return fact.model_copy(update={"date": named[0].date}) if len(named) == 1 else None


def base_after(fa, fb) -> bool:
    """Whether the fact base puts fa's event after fb's: their dates wholly apart, or the order it records (fa
    `after` fb, or fb `before` fa) with the recorded dates agreeing."""
    if wrong_side(fa.date, fb.date, "before"):  # fa wholly after fb: "fa came before fb" is on the wrong side
        return True
    recorded = fb.id in fa.after or fa.id in fb.before
    return recorded and fa.date.start > (fb.date.end or fb.date.start)


def _told_by(index: _Index, parsed: Parsed, events: list[_Mention], verb) -> _Mention | None:
    """The one event a predicate tells: a frame read in its clause, or an event it names as subject or object when
    the verb is one of that fact's date cues ("signed the Locarno Treaties"; not "replaced by the Dawes Plan", not
    "tore up the Treaty of Riga"). Two frames of one agent and verb ("invaded eastern Poland": 1920 or 1939) are
    told apart only by a target phrase of several words that one of them names; otherwise None."""
    own = []
    for m in events:
        head = parsed.root(m.start, m.end)
        v = _verb_of(head) if head is not None else None
        if v is None or v.i != verb.i:
            continue
        if m.via == "frame" or head.i == verb.i or (head.dep_ in {"nsubj", "nsubjpass", "dobj"} and {
                verb.lower_, verb.lemma_.lower()} & {c.lower() for c in index.facts[next(iter(m.facts))].date_cues}):
            own.append(m)
        elif head.dep_ == "nsubj" and (verb.lemma_.lower() in HAPPEN_VERBS or (verb.lemma_.lower() == "take" and any(
                c.dep_ == "dobj" and c.lower_ == "place" for c in verb.children))):
            own.append(m)  # "the Reichstag fire had already happened", "the armistice took place"
        elif head.dep_ == "dobj" and m.via == "name" and verb.lemma_.lower() in DOING_VERBS:
            own.append(m)  # "signed the Locarno Treaties", "tried the Munich Putsch": the event carried out
    kinds = {m.facts for m in own}
    if len(kinds) > 1:
        words = tuple(t.lower_ for t in sorted(_own_subtree(verb), key=lambda t: t.i))
        specific = {k for k in kinds if any(len(p) > 1 and _holds(words, p) for fr in index.frames
                                            if fr.fact in k for p in fr.target_phrases)}
        kinds = specific if len(specific) == 1 else kinds
    if len(kinds) != 1:
        return None
    return next(m for m in own if m.facts in kinds)


def _own_subtree(verb) -> list:
    """A predicate's words without the predicates coordinated with it."""
    out = [verb]
    for c in verb.children:
        if c.dep_ not in {"conj", "cc"}:
            out.extend(c.subtree)
    return out


def _holds(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(words[k : k + n] == phrase for k in range(len(words) - n + 1))


def _dated(parsed: Parsed, info: _SentenceInfo, verb, fact) -> bool | None:
    """Whether a predicate dates its event: True when every date of its own fits the fact, False when it has none,
    None when one does not fit (a date slip: the order is not the point then)."""
    own = [d for u in info.units for d in u.dates
           if (h := date_head(parsed, d)) is not None and (v := _verb_of(h)) is not None and v.i == verb.i]
    if not own:
        return False
    return True if all(not d.approx and date_matches(d, fact.date) == "ok" for d in own) else None

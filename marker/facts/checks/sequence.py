"""Sequence checks: two events of the fact base put in the wrong order."""

from __future__ import annotations

from marker.defaults import FACT_DEFAULTS
import re
from typing import Sequence
from marker.facts.cues import (_AFTER_I, _ANAPHOR, _BEFORE_I, _CLAUSE_BREAK, _CONDITIONAL, _OWN_TIME_PREPOSITION,
                               _SEQUENCE_SKIP)
from marker.facts.checks.order import base_after, phase_dated
from marker.facts.claims import negated
from marker.facts.index import _Index
from marker.facts.model import FactFlag, _Mention, _SentenceInfo, _distinct, _events, _label, _make_flag
from marker.facts.tokens import _cue_at

# What may stand before an opening "after"/"before" ("Only after the putsch did ...", "Then, after the war ...").
_OPENING = re.compile(r"(?:(?:and|but|so|only|then|later|later\s+on|even|it\s+was\s+only)\s*,?\s*)*", re.IGNORECASE)
_GENERIC_AT = re.compile(r"\s*the\s+(pact|treaty|agreement|deal|alliance|conference)\b(?!\s+(?:with|of|between|to|in)\b)",
                         re.IGNORECASE)


def _antecedent(index: _Index, text: str, info: _SentenceInfo, at: int, earlier: Sequence[_SentenceInfo]) -> _Mention | None:
    """"after the pact was signed": the agreement the essay last named with that noun (in this sentence before the
    cue, or in an earlier one), as a mention at the noun phrase; None when no agreement was named so. Named so by the
    student: "a treaty with Czechoslovakia" is not what "the pact" refers back to, whatever the fact's other names."""
    hit = _GENERIC_AT.match(text, at, info.sentence.end)
    if hit is None:
        return None
    word = hit.group(1).lower()
    for src in (info, *reversed(earlier)):
        named = [m for m in src.mentions if m.kind == "event" and m.via == "name" and len(m.facts) == 1
                 and m.end <= at and word in text[m.start : m.end].lower()]
        if named:
            k = next((t for t, tok in enumerate(info.toks) if tok.start >= hit.start(1)), 0)
            start = hit.start() + len(hit.group()) - len(hit.group().lstrip())
            return _Mention("event", k, k + 1, start, hit.end(), facts=named[-1].facts, via="antecedent")
    return None


def _own_time(text: str, info: _SentenceInfo, m: _Mention) -> bool:
    """An event in a later coordinated clause with a date of its own ("After X, A ..., and in 1940 B was taken"):
    that clause is timed by its date, not by the opening "after"."""
    unit = next((u for u in info.units if u.start <= m.start < u.end), None)
    return unit is not None and bool(unit.dates) and bool(_COORDINATED.match(text, unit.start, unit.end))


_COORDINATED = re.compile(r"\s*(?:and|but)\b", re.IGNORECASE)


# A coordinator between the clause's first event and the cue: "took Austria in March and then the Sudetenland after
# Munich" times the second conjunct. Not "but": "was not in 1933 but in 1932, before ..." corrects the first event.
_CONJOINED = re.compile(r"\b(?:and|or|then)\b", re.IGNORECASE)


def _denied(info: _SentenceInfo, k: int, at: int) -> bool:
    """The parse negates the verb the cue at token k hangs on ("The USSR didnt join the League of Nations before
    Hitler became chancellor"). Not "not ... until after": that tells the event and its order; nor a verb a comma sets
    apart from the cue ("did not rush in, after the war ended ...", "was not signed until 1920, after ...")."""
    if info.parse is None or (k > 0 and info.toks[k - 1].norm in _UNTIL):
        return False
    cue = next(iter(info.parse().tokens(at, at + 1)), None)
    if cue is None:
        return False
    verb = cue.head.head if cue.dep_ == "mark" and cue.head.dep_ == "advcl" else next(
        (t for t in cue.ancestors if t.pos_ in {"VERB", "AUX"}), None)
    if verb is None or any(t.text in {",", ";"} for t in cue.doc[min(verb.i, cue.i) : max(verb.i, cue.i)]):
        return False
    return negated(verb)


_UNTIL = frozenset({"until", "till"})
_CLOSE = re.compile(r"(?:just|soon|shortly)\s+(?:after|before)", re.IGNORECASE)


def _close_order(info: _SentenceInfo, hit: re.Match, cue_start: int) -> bool:
    """"Stresemann died just after the Crash", "signed shortly before the invasion": an adverb of closeness that the
    parse hangs on the cue itself (advmod of "after"/"before") only narrows the order, which still stands. Not
    "soon after which" nor an adverb the parse reads elsewhere."""
    if info.parse is None or _CLOSE.fullmatch(hit.group()) is None or hit.end() - len(hit.group().split()[-1]) != \
            cue_start:
        return False
    parsed = info.parse()
    adverb, cue = next(iter(parsed.tokens(hit.start(), hit.start() + 1)), None), next(
        iter(parsed.tokens(cue_start, cue_start + 1)), None)
    return adverb is not None and cue is not None and adverb.dep_ == "advmod" and adverb.head.i == cue.i \
        and cue.dep_ in {"prep", "mark"}


def _introduced(info: _SentenceInfo, events: list[_Mention], k: int, n: int) -> list[_Mention]:
    """The events a sequence cue (tokens k .. k+n-1) introduces, read from the parse: those in what its last word
    governs ("after the signing of the Munich Agreement", "led to the invasion of Poland"), starting there, or, for a conjunction
    that opens a clause ("after Germany had attacked Poland"), in that clause; none without a parse."""
    if info.parse is None:
        return []
    parsed = info.parse()
    cue_end = info.toks[k + n - 1].end
    last = next(iter(parsed.tokens(info.toks[k + n - 1].start, cue_end)), None)
    if last is None:
        return []
    if last.dep_ == "mark" or (last.dep_ == "prep" and last.head.dep_ == "advcl" and last.head.i > last.i):
        scope = [last.head]  # a clause the cue opens: "after Germany had attacked ...", "before it was signed"
    else:
        scope = [c for c in last.children if c.i > last.i]  # its object: "after [the pact]", "preceded [the war]"
    if not scope and last.dep_ == "prep":
        # the parser left the preposition without its object ("After the Munich Putsch, France ...": the noun read
        # as the verb's subject): its object is the noun phrase right after it
        text = info.sentence.text
        return [m for m in events if m.start >= cue_end and text[cue_end - info.sentence.start : m.start
                                                                 - info.sentence.start].strip().lower()
                in {"", "the", "a", "an", "this", "that"}][:1]
    if not scope:
        return []
    end = max(parsed.span(t)[1] for t in scope)
    heads = {t.i for t in scope}
    out = []
    for m in events:
        if not cue_end <= m.start < end:  # (starting there: an event may run past a misattached verb)
            continue
        tok = parsed.root(m.start, m.end)
        while tok is not None and tok.i not in heads and tok.dep_ not in _ASIDE and tok.head.i != tok.i:
            tok = tok.head
        if tok is not None and tok.i in heads:
            out.append(m)  # not an event told aside: "named after the banker Dawes, the Young Plan after ..."
    return out


# Dependencies that set a phrase aside from what a cue introduces: an apposition, a relative or other clause, a
# further conjunct.
_ASIDE = frozenset({"appos", "relcl", "acl", "conj", "parataxis", "ccomp", "advcl"})


def _cue_in_clause_of(info: _SentenceInfo, at: int, event: _Mention) -> bool:
    """Whether the cue at `at` hangs on the clause that tells the event before it: the verb above the cue is the
    event's own verb or governs it ("The USSR joined the League after Munich"), not the verb of a relative or other
    clause the event lies outside. True without a parse (the older reading stands)."""
    if info.parse is None:
        return True
    parsed = info.parse()
    cue = next(iter(parsed.tokens(at, at + 1)), None)
    root = parsed.root(event.start, event.end)
    if cue is not None and cue.dep_ == "mark" and cue.head.dep_ == "advcl":
        verb = cue.head.head  # "joined only after X had signed ...": the clause the cue opens hangs on "joined"
    else:
        verb = next((t for t in (cue.ancestors if cue is not None else ()) if t.pos_ in {"VERB", "AUX"}), None)
    if verb is None or root is None:
        return True
    return root.i == verb.i or any(t.i == verb.i for t in root.ancestors) or any(t.i == root.i for t in verb.subtree)


def _cue_objects(events: list[_Mention], info: _SentenceInfo, norms: list[str]) -> set[tuple[int, int]]:
    """The events that are the object of an "after"/"before" of the sentence ("flowed in after the Dawes Plan"):
    a time the clause is set by, not the event it tells, so no later cue orders them."""
    objects = set()
    for k in range(len(info.toks)):
        n = _cue_at(norms, k, _AFTER_I) or _cue_at(norms, k, _BEFORE_I)
        if n:
            later = _introduced(info, events, k, n)
            if later:
                objects.add((later[0].start, later[0].end))
    return objects


def _another_reading_fits(index: _Index, events: list[_Mention], pair: tuple, dated: tuple, direction: str,
                          holders: tuple) -> bool:
    """The same words read as two events of the base (frames of two facts on one span: an invasion of a country in
    1920 and in 1939): the order is an error only if every reading of both spans puts them the wrong way. `dated`
    holds the pair's facts as already read (a phase dated apart); another reading is dated the same way."""
    def readings(m: _Mention, fact, holder) -> list:
        others = [phase_dated(holder, x, index.facts[next(iter(x.facts))]) for x in events
                  if x.start < m.end and m.start < x.end and x.facts != m.facts]
        return [fact, *(f for f in others if f is not None and f.verified and f.date is not None)]
    firsts, seconds = readings(pair[0], dated[0], holders[0]), readings(pair[1], dated[1], holders[1])
    if len(firsts) == len(seconds) == 1:
        return False
    return any(a.id != b.id and not (base_after(b, a) if direction == "after" else base_after(a, b))
               for a in firsts for b in seconds)


def _holder(m: _Mention, info: _SentenceInfo, prev: _SentenceInfo | None,
            earlier: Sequence[_SentenceInfo]) -> _SentenceInfo:
    """The sentence a mention was found in: this one, the one before, or an earlier one of the paragraph."""
    return next((x for x in (info, prev, *earlier) if x is not None
                 and x.sentence.start <= m.start < x.sentence.end), info)


def _check_sequence(index: _Index, text: str, info: _SentenceInfo, prev: _SentenceInfo | None,
                    earlier: Sequence[_SentenceInfo] = ()) -> list[FactFlag]:
    """'The USSR joined the League after Munich': two events of the fact base put in the wrong order."""
    s = info.sentence
    flags = []
    events = sorted((m for u in info.units for m in _events(u) if len(m.facts) == 1), key=lambda m: m.start)
    if not events and (prev is None or not _ANAPHOR.match(s.text)):
        return []  # an order needs an event of this sentence, or one an opening "it" takes from the sentence before
    norms = [t.norm for t in info.toks]
    objects: set[tuple[int, int]] | None = None  # made when a cue has an event before it
    for k, tok in enumerate(info.toks):
        for cues, direction in ((_AFTER_I, "after"), (_BEFORE_I, "before")):
            n = _cue_at(norms, k, cues)
            if not n:
                continue
            cue_start, cue_end = tok.start, info.toks[k + n - 1].end
            if any(not _close_order(info, hit, cue_start) for hit in _SEQUENCE_SKIP.finditer(
                    text, max(s.start, cue_start - 8), min(s.end, cue_end + 12))):
                continue  # "after which", "years before": not a plain ordering of two events
            later = _introduced(info, events, k, n)
            generic = _antecedent(index, text, info, cue_end, earlier)
            if generic is not None and (not later or later[0].start > generic.end):
                later = [generic]
            if not later:
                continue
            second = later[0]
            lead = text[s.start : cue_start]
            if _OPENING.fullmatch(lead.strip()) or (lead.rstrip().endswith(",") and not any(
                    m.end <= cue_start for m in events)):
                # "After Munich, Stalin signed the pact": the main clause follows the comma.
                comma = text.find(",", second.end, s.end)
                rest = [m for m in events if m.start > (comma if comma >= 0 else second.end)
                        and not _own_time(text, info, m)]
                if not rest and comma >= 0:
                    # "After the pact is signed Stalin sacks Litvinov, who ...": no comma closes the opening phrase
                    rest = [m for m in events if m.start >= second.end and m.end <= comma]
                if not rest or _OWN_TIME_PREPOSITION.search(text, max(s.start, rest[0].start - 20), rest[0].start):
                    continue  # "... the loans made since the Dawes Plan": that event is timed by its own word
                first, start = rest[0], (s.start if not lead.strip() or _OPENING.fullmatch(lead.strip()) else cue_start)
            else:
                before = [m for m in events if m.end <= cue_start]
                if before and _CLAUSE_BREAK.search(text, before[-1].end, cue_start):
                    continue  # "X rested on loans, and after the Crash these were recalled": another clause
                if before and objects is None:
                    objects = _cue_objects(events, info, norms)
                if before and objects is not None and ((before[-1].start, before[-1].end) in objects
                                                       or _CONJOINED.search(text, before[-1].end, cue_start)):
                    # "after the Dawes Plan of 1924 and dried up after the Crash": the plan is a time; "took Austria
                    # in March and then the Sudetenland after Munich": the cue times the second conjunct
                    continue
                if before and not _cue_in_clause_of(info, cue_start, before[-1]):
                    continue  # "..., which were suspended by the decree issued the day after X": another clause's
                if before:
                    first, start = before[-1], before[-1].start
                elif prev is not None and _ANAPHOR.match(s.text):
                    prev_events = [m for u in prev.units for m in _events(u) if len(m.facts) == 1]
                    if len(_distinct(prev_events)) != 1:
                        continue
                    first, start = prev_events[0], s.start
                else:
                    continue
            f1, f2 = index.facts[next(iter(first.facts))], index.facts[next(iter(second.facts))]
            stimulus = "respon" in norms[k] or "reaction" in norms[k] or any("respon" in w for w in norms[k : k + n])
            if f1.id == f2.id or f1.date is None or f2.date is None or not (f1.verified and f2.verified):
                continue
            # "just before the Arcos raid": a phase the fact dates apart is ordered by its own date
            f1 = phase_dated(_holder(first, info, prev, earlier), first, f1)
            f2 = phase_dated(_holder(second, info, prev, earlier), second, f2)
            if f1 is None or f2 is None:
                continue
            if _CONDITIONAL.search(text, s.start, max(first.end, second.end)):
                continue
            if not (base_after(f2, f1) if direction == "after" else base_after(f1, f2)) or _denied(info, k, cue_start):
                continue
            if _another_reading_fits(index, events, (first, second), (f1, f2), direction,
                                     (_holder(first, info, prev, earlier), _holder(second, info, prev, earlier))):
                continue  # "Stalin invaded Poland after ...": the words also tell another event, in the right order  # the base does not put them the other way: by their dates, or by the order it records with
                # the recorded days agreeing ("died just after the Crash": both October 1929, the death recorded before)
            claim = f"{_label(f1)} {direction} {_label(f2)}"
            fix = f"{f1.correction or f1.statement} {f2.correction or f2.statement}"
            conf = FACT_DEFAULTS["confidence_sequence"]
            end = max(second.end, cue_end, first.end)
            blamed = f2 if stimulus and direction == "after" else f1
            flag = _make_flag(text, (start, end), claim, blamed, conf, "sequence")
            flags.append(FactFlag(flag.start, flag.end, flag.text, claim, fix, blamed.id, flag.confidence, "sequence"))
    return flags


"""Membership at a time, read from the parse: "the USSR wasnt in the League in 1935", "Germany, which was not yet
part of the League in 1925,", "Japan remained a member of the League when ...", "Italy was outside the League at the
time of Munich".

A claim is a state: its verb is "be", "remain" or "stay"; its subject names the member (a relative pronoun stands for
the noun it hangs on); the organisation is the object of "in", "inside", "within" or "outside" on that verb, or of
"of" after "a member" or "part", or the noun before "member". Its time is exactly one of: a date on the verb ("in 1935", "during 1936"), an event
of the fact base the verb is timed by ("when Italy invaded Abyssinia", "at the time of Munich", "during the Winter
War"). A date of change ("until", "since", "from", "by", "before", "after", "between") makes it a claim about joining
or leaving, which this module leaves alone; so does any hedge, condition, question or report. Tense does not matter.
Checked by check_membership: flagged only when the time lies clearly inside the membership (said not to be a member)
or clearly outside it (said to be one); anything overlapping the joining or leaving date is left alone.
"""

from __future__ import annotations

import datetime as dt
import re

from marker.dates import DateClaim, _fact_span
from marker.defaults import FACT_DEFAULTS
from marker.facts.claims import Claim, Parsed, _mention_at, asserted, modality, negated
from marker.facts.index import _Index
from marker.facts.model import FactFlag, _SentenceInfo, _make_flag

_STATE_VERBS = frozenset({"be", "remain", "stay"})
_MEMBER_NOUNS = frozenset({"member", "part"})
_INSIDE = frozenset({"in", "inside", "within"})
_OUTSIDE = frozenset({"outside"})
_AT = frozenset({"in", "during", "throughout", "at"})  # a preposition that places the state at a time
_CHANGE = frozenset({"until", "till", "since", "from", "by", "before", "after", "between", "following", "to",
                     "up"})
_WHEN = frozenset({"when", "while", "whilst", "as"})
# A state verb, the word before the organisation's name, and a time, in words (cheap tests before a sentence is parsed).
_STATE_HINT = re.compile(r"\b(?:is|are|was|were|be|been|being|remain\w*|stay\w*|isnt|arent|wasnt|werent)\b",
                         re.IGNORECASE)
_BEFORE_ORG = re.compile(r"\b(?:in|inside|within|outside|of|an?)\s+(?:the\s+)?$", re.IGNORECASE)
_TIME_HINT = re.compile(r"\b(?:when|while|whilst|as|during|throughout|time)\b", re.IGNORECASE)


def wants_membership(index: _Index, info: _SentenceInfo) -> bool:
    """Whether a sentence names an organisation and one of its recorded members (cheap test before parsing)."""
    if not index.memberships or not _STATE_HINT.search(info.sentence.text) or not (
            any(u.dates for u in info.units) or _TIME_HINT.search(info.sentence.text)):
        return False
    text, base = info.sentence.text, info.sentence.start
    named = {index.represents.get(m.entity, m.entity) for m in info.mentions if m.kind == "entity"} | {
        m.entity for m in info.mentions if m.kind == "entity"}
    members = [ms for _, ms in index.memberships if ms.member in named]  # the cheap test first
    if not members:
        return False
    orgs = {o for m in info.mentions if _BEFORE_ORG.search(text[:m.start - base]) for o in _organisations(m)}
    return any(ms.organisation in orgs for ms in members)


def membership_claims(index: _Index, parsed: Parsed, info: _SentenceInfo) -> list[Claim]:
    orgs = {ms.organisation for _, ms in index.memberships}
    out = []
    for m in info.mentions:
        named = _organisations(m) & orgs
        if len(named) != 1:
            continue
        org = next(iter(named))
        tok = parsed.root(m.start, m.end)
        if tok is None:
            continue
        prep = tok.head  # the word the organisation hangs on: "in", "outside", "of" after "member", or "member"
        if tok.dep_ == "pobj" and prep.lower_ in _INSIDE | _OUTSIDE:
            verb, inside = prep.head, prep.lower_ not in _OUTSIDE
        elif tok.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in _MEMBER_NOUNS \
                and prep.head.dep_ in {"attr", "oprd"}:
            verb, inside = prep.head.head, True
        elif tok.dep_ == "compound" and prep.lemma_.lower() == "member" and prep.dep_ in {"attr", "oprd"}:
            verb, inside = prep.head, True  # "a League member"
        else:
            continue
        if verb.pos_ not in {"VERB", "AUX"} or verb.lemma_.lower() not in _STATE_VERBS or not asserted(verb) \
                or modality(verb, info.sentence.text) != "assert":
            continue
        when = _time(index, parsed, info, verb)
        if when is None:
            continue
        polarity = inside != negated(prep)
        for member in _members(index, parsed, info, verb):
            fact = next((f for f, ms in index.memberships if ms.member == member and ms.organisation == org), None)
            if fact is not None:
                s, e = parsed.span(verb)
                out.append(Claim("membership", s, e, facts=frozenset({fact.id}), agents=(member,), date=when,
                                 polarity=polarity))
    return out


def _organisations(m) -> set[str]:
    """What a mention names that may be an organisation: its entity, or the facts of an event (an alliance)."""
    if m.kind == "entity":
        return {m.entity}
    return set(m.facts) if m.via == "name" else set()


def _members(index: _Index, parsed: Parsed, info: _SentenceInfo, verb) -> list[str]:
    """The entities the verb's subject names (a relative pronoun: the noun its clause hangs on; a coordination: each)."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(subjects) != 1:
        return []
    subj = subjects[0]
    if subj.tag_ in {"WDT", "WP"} and verb.dep_ == "relcl":
        subj = verb.head
    out = []
    for t in (subj, *subj.conjuncts):
        m = _mention_at(info.mentions, t, parsed.base, "entity")
        if m is None or index.kind.get(m.entity) == "person":
            return []  # a person is not a member state; an unnamed subject is read with no confidence
        out.append(index.represents.get(m.entity, m.entity))
    return out


def _time(index: _Index, parsed: Parsed, info: _SentenceInfo, verb) -> DateClaim | None:
    """The one time the state is placed at, as an interval (see the module's docstring); None when there is none,
    more than one, or a date of change."""
    dates = [d for u in info.units for d in u.dates]
    times: list[DateClaim] = []
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in _CHANGE:
            return None
        if c.dep_ == "prep" and c.lower_ in _AT:
            for g in (g for g in c.children if g.dep_ == "pobj"):
                a, b = parsed.span(g)
                inside = [d for d in dates if a <= d.start and d.end <= b]
                if inside:
                    times += inside
                elif c.lower_ in {"during", "throughout"} or (c.lower_ == "at" and g.lemma_.lower() == "time"):
                    times += _events(index, info, a, b)
        if c.dep_ == "advcl" and any(w.lower_ in _WHEN and w.dep_ in {"mark", "advmod"} for w in c.children):
            times += _events(index, info, *parsed.span(c))
    if len(times) != 1:
        return None
    t = times[0]
    if t.relative or t.partial or t.approx or t.kind not in {"point", "range"}:
        return None
    return t


def _events(index: _Index, info: _SentenceInfo, a: int, b: int) -> list[DateClaim]:
    """The events of the fact base named in a span, each as the interval of its date (one that is undated or not
    verified spans all time, so it never flags)."""
    facts = sorted({f for m in info.mentions if m.kind == "event" and m.via != "denial" and a <= m.start
                    and m.end <= b for f in m.facts})
    out = []
    for f in (index.facts[i] for i in facts):
        lo, _, _, hi = _fact_span(f.date) if f.verified and f.date is not None else (dt.date.min, 0, 0, dt.date.max)
        out.append(DateClaim(a, b, f.names[0], lo, hi))
    return out


def _bounds(spec, missing: dt.date) -> tuple[dt.date, dt.date]:
    if spec is None:
        return missing, missing
    lo, _, _, hi = _fact_span(spec)
    return lo, hi


def check_membership(index: _Index, text: str, claim: Claim) -> list[FactFlag]:
    fact = index.facts[next(iter(claim.facts))]
    ms, when = fact.membership, claim.date
    if when is None or ms is None:
        return []
    j_lo, j_hi = _bounds(ms.joined, dt.date.min)
    l_lo, l_hi = _bounds(ms.left, dt.date.max)
    inside = j_hi < when.lo and when.hi < l_lo
    outside = when.hi < j_lo or l_hi < when.lo
    if not (inside if not claim.polarity else outside):
        return []
    said = "a member" if claim.polarity else "not a member"
    org = index.facts[ms.organisation].names[0] if ms.organisation in index.facts else ms.organisation
    return [_make_flag(text, (claim.start, claim.end), f"{ms.member} {said} of {org} ({when.text})",
                       fact, FACT_DEFAULTS["confidence_membership"], "membership")]

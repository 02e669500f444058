"""Facts: events next to dates (the shared date grammar), people next to roles, parties, order; never verified."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from marker.build.model import DraftFact, Passage
from marker.build.name import slug
from marker.build.segment import _CALENDAR_WORD, _GENERIC_CAPITALS, _NAME, _NAME_WORD, _Sentence, _strip_generic_opening
from marker.dates import DateClaim, julian_offset, parse_dates, precision_of
from marker.rubric import DateSettings

# Dates come from the one date grammar (marker/dates.py); a draft has no rubric yet, so it reads a wide range of years.
_BUILD_DATES = DateSettings(years=(1000, 2099))
_EVENT_WORDS = re.compile(
    r"\b(?:Treaty|Pact|Agreement|Conference|Battle|Operation|War|Revolution|Congress|Plan|Protocol|Accord|Act|"
    r"Crisis|Invasion|Purges?|Putsch|Entry|Election|Declaration|Alliance|Front|Raid)\b"
)
_ROLE = re.compile(
    rf"(?P<name>(?:{_NAME_WORD})(?:\s+(?:{_NAME_WORD}))?),\s+(?:the\s+)?(?P<role>(?:[A-Z][\w’'\-]*\s+|of\s+|for\s+|"
    r"the\s+){1,7}(?:Affairs|Minister|Commissar|Chancellor|President|Secretary|Leader|General|Marshal|"
    r"Ambassador|Premier|King|Emperor|Chairman|[A-Z][a-z]+))"
)
_TITLE_ROLE = re.compile(
    rf"\b(?P<role>General|Marshal|Foreign Minister|Prime Minister|Chancellor|President|Admiral|Commissar)\s+"
    rf"(?P<name>{_NAME_WORD})"
)
# A calendar written beside a date: "25 October 1917 (O.S.)", "7 November 1917 New Style", "(Julian calendar)".
_CALENDAR_MARK = re.compile(r"\s*[(\[,]?\s*(?:(?P<julian>O\.\s?S\.?|Old Style|Julian(?: calendar)?)|"
                            r"(?P<gregorian>N\.\s?S\.?|New Style|Gregorian(?: calendar)?))(?![\w])")
_SIGNED_WITH = re.compile(rf"(?P<a>(?:{_NAME_WORD})(?:\s+(?:{_NAME_WORD}))?)\s+(?:signed|secured|concluded|"
                          rf"agreed)\b[^.]*?\bwith\s+(?P<b>(?:{_NAME_WORD})(?:\s+(?:{_NAME_WORD}))?)")


def _event_near(text: str, m: DateClaim) -> str | None:
    """The event name written next to a date: 'The 1922 Treaty of Rapallo', 'the Munich Agreement of 1938'."""
    best, best_gap = None, 1_000
    for name in _NAME.finditer(text):
        value = name.group(0)
        value = " ".join(_strip_generic_opening(value.split()))
        if not value or not _EVENT_WORDS.search(value) or _CALENDAR_WORD.fullmatch(value):
            continue
        gap = m.start - name.end() if name.end() <= m.start else name.start() - m.end
        if 0 <= gap <= 40 and gap < best_gap:
            best, best_gap = value, gap
    return best


def calendar_after(text: str, end: int) -> str:
    """The calendar a source names right after a date ("(O.S.)", "Old Style", "New Style"): "julian" or
    "gregorian" (also when none is named)."""
    m = _CALENDAR_MARK.match(text, end)
    return "julian" if m and m.group("julian") else "gregorian"


def _new_style(date: dt.date, calendar: str) -> dt.date:
    return date + dt.timedelta(days=julian_offset(date.year)) if calendar == "julian" else date


def _draft_facts(sentences: Sequence[_Sentence]) -> list[DraftFact]:
    by_event: dict[str, list[tuple[dt.date, str, Passage, tuple[str, ...], str]]] = defaultdict(list)
    roles: dict[str, tuple[str, Passage]] = {}
    for s in sentences:
        text = s.passage.text
        signed = _SIGNED_WITH.search(text)
        for m in parse_dates(text, settings=_BUILD_DATES):
            if m.relative or m.partial or m.approx or m.kind != "point":
                continue
            event = _event_near(text, m)
            if event is None:
                continue
            date, precision = m.lo, precision_of(m)
            if precision is None:
                continue
            parties: tuple[str, ...] = ()
            if signed and signed.start() < m.end + 60:
                parties = tuple(dict.fromkeys([signed.group("a").removeprefix("the "), signed.group("b")]))
            by_event[event].append((date, precision, s.passage, parties, calendar_after(text, m.end)))
        for found in list(_ROLE.finditer(text)) + list(_TITLE_ROLE.finditer(text)):
            name, role = found.group("name").strip(), " ".join(found.group("role").split())
            if name.lower() in _GENERIC_CAPITALS or len(role) < 5 or name not in roles and len(roles) > 60:
                continue
            roles.setdefault(name, (role, s.passage))
    facts: list[DraftFact] = []
    taken: list[str] = []
    for event in sorted(by_event, key=lambda e: (min(d for d, *_ in by_event[e]), e)):
        mentions = by_event[event]
        precise = {"day": 0, "month": 1, "year": 2}
        votes = Counter(d.year for d, *_ in mentions)
        year = max(votes, key=lambda y: (votes[y], -y))
        chosen = sorted((m for m in mentions if m[0].year == year), key=lambda m: (precise[m[1]], m[0]))[0]
        date, precision, passage, _, calendar = chosen
        parties = next((m[3] for m in mentions if m[3]), ())
        # the same day in the other calendar is no disagreement between the sources
        same = _new_style(date, calendar)
        others = sorted({_date_text(d, p) + (" (Old Style)" if c == "julian" else "") for d, p, _, _, c in mentions
                         if not (p == precision and _new_style(d, c) == same)})
        fid = slug(event, taken)
        taken.append(fid)
        style = " (Old Style)" if calendar == "julian" else ""
        facts.append(DraftFact(fid, f"{event}: {_date_text(date, precision)}{style}", (event,), passage, date,
                               precision, parties=parties, alternatives=tuple(others), calendar=calendar))
    dated = sorted((f for f in facts if f.date), key=lambda f: (f.date, f.id))
    ordered = []
    for prev, f in zip([None, *dated], dated):
        if prev is not None and prev.date and f.date and prev.date.year < f.date.year:
            f = replace(f, after=(prev.id,))
        ordered.append(f)
    facts = ordered
    for name in sorted(roles):
        role, passage = roles[name]
        fid = slug(f"{name} role", taken)
        taken.append(fid)
        facts.append(DraftFact(fid, f"{name}: {role}", (name,), passage, role=(name, role)))
    return facts


def _date_text(date: dt.date, precision: str) -> str:
    if precision == "day":
        return f"{date.day} {date:%B %Y}"
    return f"{date:%B %Y}" if precision == "month" else str(date.year)



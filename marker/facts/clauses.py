"""Clause units of a sentence: hard breaks, then commas, merged where a piece is only a date or a list item."""

from __future__ import annotations

from marker.nlp import Sentence
import re
from marker.dates import DateClaim
from marker.facts.cues import _COMMA, _HARD_BREAK
from marker.facts.model import _Mention, _Unit, _events

def _units(sentence: Sentence) -> tuple[list[tuple[int, int]], frozenset[int]]:
    """Clause character ranges (absolute), hard breaks first, then commas as weak breaks; also the starts of the
    pieces that only a comma separates from the one before (they may rejoin it)."""
    text, base = sentence.text, sentence.start
    pieces: list[tuple[int, int]] = []
    pos = 0
    for m in _HARD_BREAK.finditer(text):
        if m.start() > pos:
            pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(text)))
    out = []
    soft = set()
    for a, b in pieces:
        sub = text[a:b]
        p = 0
        for m in _COMMA.finditer(sub):
            out.append((a + p, a + m.start()))
            p = m.end()
            soft.add(base + a + p)
        out.append((a + p, b))
    return [(base + a, base + b) for a, b in out if text[a:b].strip()], frozenset(soft)


def _build_units(ranges: list[tuple[int, int]], soft: frozenset[int], mentions: list[_Mention],
                 dates: list[DateClaim], text: str) -> list[_Unit]:
    units = [_Unit(a, b) for a, b in ranges]
    for m in mentions:
        for u in units:
            if u.start <= m.start < u.end:
                u.mentions.append(m)
                break
    for d in dates:
        for u in units:
            if u.start <= d.start < u.end or (d.start < u.start < d.end):
                u.dates.append(d)
                break
    # A piece with dates but no event joins the neighbour that has one ("On 23 August 1939, X signed the pact").
    merged: list[_Unit] = []
    i = 0
    while i < len(units):
        u = units[i]
        events = [m for m in u.mentions if m.kind == "event"]
        short = not events and u.dates and _only_date(text, u)
        if short and i + 1 < len(units) and units[i + 1].start in soft \
                and any(m.kind == "event" for m in units[i + 1].mentions) and not units[i + 1].dates:
            n = units[i + 1]
            merged.append(_Unit(u.start, n.end, u.mentions + n.mentions, u.dates + n.dates))
            i += 2
            continue
        if short and merged and u.start in soft \
                and any(m.kind == "event" for m in merged[-1].mentions) and not merged[-1].dates:
            p = merged[-1]
            merged[-1] = _Unit(p.start, u.end, p.mentions + u.mentions, p.dates + u.dates)
            i += 1
            continue
        merged.append(u)
        i += 1
    # Commas that only separate list items or appositions: a piece without event or date joins its left neighbour.
    out: list[_Unit] = []
    for u in merged:
        if out and not u.dates and not _events(u) and u.start in soft:
            p = out[-1]
            out[-1] = _Unit(p.start, u.end, p.mentions + u.mentions, p.dates)
            continue
        out.append(u)
    return out


_THEN = re.compile(r"\s*(?:and\s+)?then\s+(?:was\s+|were\s+)?", re.IGNORECASE)


def rejoin_then(units: list[_Unit], text: str, cues: dict[str, list[tuple[str, re.Pattern[str]]]]) -> list[_Unit]:
    """A piece that "then" cut off with no subject of its own and a verb that is a cue word of the one event the
    clause before tells ("Trotsky was expelled from the party in 1927 and then deported in 1932") continues that
    clause: it rejoins it, with any bare "and" between."""
    out: list[_Unit] = []
    for u in units:
        lead = _THEN.match(text, u.start, u.end)
        j = len(out) - 1
        while j >= 0 and not out[j].mentions and not out[j].dates and text[out[j].start : out[j].end].strip() == "and":
            j -= 1
        facts = {m.facts for m in out[j].mentions if m.kind == "event"} if j >= 0 else set()
        if lead and not u.mentions and u.dates and len(facts) == 1 and any(
                p.match(text, lead.end(), u.end) for f in next(iter(facts)) for _, p in cues.get(f, [])):
            p = out[j]
            out[j:] = [_Unit(p.start, u.end, p.mentions, p.dates + u.dates)]
            continue
        out.append(u)
    return out


def _only_date(text: str, u: _Unit) -> bool:
    """A piece that is a date and a preposition or two ("On 23 August 1939", "in 1938")."""
    rest = text[u.start : u.end]
    for d in sorted(u.dates, key=lambda d: -d.start):
        rest = rest[: max(0, d.start - u.start)] + " " + rest[d.end - u.start :]
    return len(re.findall(r"\w+", rest)) <= 2


"""Dates read from text: every form matched, ranges joined, relative dates ('a year later') resolved from an
anchor; and the features built on them (how many dates, a date's precision, a narrative opening)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import replace
from functools import lru_cache

from marker.dates.grammar import (
    _AMOUNT_OVER,
    _AMOUNT_PREFIX,
    _DATE_PREFIX,
    _DATE_RE,
    _MAX,
    _MAYBE_DATE,
    _MIN,
    _NUMBERS,
    _REL_HINT,
    _SEASONS,
    DEFAULT_SETTINGS,
    DateClaim,
    _month,
    _month_span,
    _shift,
    _year,
    _year_span,
)
from marker.rubric import DateSettings


def parse_dates(text: str, offset: int = 0, settings: DateSettings = DEFAULT_SETTINGS) -> list[DateClaim]:
    """Every date expression in a text (relative ones unresolved), with character offsets shifted by `offset`;
    years outside `settings.years` are not dates ("1500 tanks")."""
    out: list[DateClaim] = []
    if not _MAYBE_DATE.search(text):
        return out
    y_lo, y_hi = settings.years
    for kind, g, m in _date_matches(text):
        raw = m.group()
        month_word = g.get("m") or g.get("m1")
        if month_word and month_word.rstrip(".").lower() in {"may", "march", "mar"} and month_word[0].islower():
            continue  # the modal "may" and the verb "march", not months
        try:
            claim = _date_claim(kind, g, raw)
        except (ValueError, KeyError):
            continue
        if claim is None:
            continue
        if not (claim.relative or claim.partial) and not (y_lo <= claim.lo.year and claim.hi.year <= y_hi):
            continue
        prefix = _DATE_PREFIX.search(text[max(0, m.start() - 30) : m.start()])
        p = prefix.group("p").lower() if prefix else ""
        if p.startswith(("until ", "till ")):
            p = "until"  # "remained President until his death in August 1934": the end of a term
        start = m.start() - (len(prefix.group()) if prefix else 0)
        lo, hi, ckind = claim.lo, claim.hi, claim.kind
        approx = p in {"around", "about", "circa", "c.", "approximately", "roughly"}
        if claim.relative or claim.partial:
            approx = approx or p in {"by", "before", "after", "since", "from"}
        elif p in {"by", "no later than", "as late as", "in or before"}:
            lo, ckind = _MIN, "bound"
        elif p == "before" and claim.lo > _MIN:
            lo, hi, ckind = _MIN, claim.lo - dt.timedelta(days=1), "bound"
        elif p in {"after", "no earlier than", "as early as", "in or after"}:
            hi, ckind = _MAX, "bound"
        elif p == "from" and claim.kind != "range":
            hi, ckind = _MAX, "bound"
        elif p == "since":
            approx = True  # a state since a date says little about when an event happened
        elif p in {"until", "till"} and claim.kind == "point":
            ckind = "until"  # "lasted until 1941" dates an end, not the event itself
        amount = ""
        if claim.relative and kind == "rel":
            q = _AMOUNT_PREFIX.search(text[max(0, m.start() - 20) : m.start()])
            if q is not None:
                amount = "over" if re.sub(r"\s+", " ", q.group("q").lower()) in _AMOUNT_OVER else "under"
        out.append(DateClaim(
            start=start + offset, end=m.end() + offset, text=text[start : m.end()], lo=lo, hi=hi, kind=ckind,
            first=claim.first, last=claim.last, relative=claim.relative, partial=claim.partial, month=claim.month,
            day=claim.day, approx=approx or claim.approx, amount=amount,
        ))
    return [_bare_to(text, d, offset) for d in _join_ranges(text, out, offset)]


# A date whose own preposition is a bare "to", no "from ... to" range: "spread the payments out to 1988", "extended
# the treaty to 1936". It is the end the clause stretches something to (kind "stretch"), not the event's own date.
_BARE_TO = re.compile(r"\bto\s+$", re.IGNORECASE)


def _bare_to(text: str, d: DateClaim, offset: int) -> DateClaim:
    if d.kind != "point" or d.relative or d.partial or not _BARE_TO.search(text, max(0, d.start - offset - 8),
                                                                          d.start - offset):
        return d
    return replace(d, kind="stretch")


@lru_cache(maxsize=4096)
def _date_matches(text: str) -> tuple[tuple[str, dict[str, str], re.Match[str]], ...]:
    """Date expressions left to right; at each place the first pattern (longest forms first) wins. Memoised: the
    point matcher, the sentence roles, the level features and the fact checker each read a sentence's dates (about
    three readings per sentence), and the answer depends on the text alone (read it, never change it)."""
    if _REL_HINT.search(text):
        windows = [(0, len(text))]
    else:  # every other form holds a digit: search only near digits (the regex is costly per character)
        windows = []
        for d in re.finditer(r"\d+", text):
            a, b = max(0, d.start() - 40), min(len(text), d.end() + 25)
            if windows and a <= windows[-1][1]:
                windows[-1] = (windows[-1][0], b)
            else:
                windows.append((a, b))
    out = []
    last_end = -1
    for a, b in windows:
        for m in _DATE_RE.finditer(text, a, b):
            if m.start() < last_end:
                continue
            last_end = m.end()
            out.append(m)
    return tuple(_groups(m) for m in out)


def _groups(m: re.Match[str]) -> tuple[str, dict[str, str], re.Match[str]]:
    kind = m.lastgroup or ""
    groups = {k.split("__")[0]: v for k, v in m.groupdict().items() if v is not None and k.endswith("__" + kind)}
    return kind, groups, m


def _date_claim(kind: str, g: dict, raw: str) -> DateClaim | None:
    def point(lo: dt.date, hi: dt.date, **kw) -> DateClaim:
        return DateClaim(0, 0, raw, lo, hi, **kw)

    if kind == "drange":
        y, mo = _year(g["y"]), _month(g["m"])
        a, b = dt.date(y, mo, int(g["d1"])), dt.date(y, mo, int(g["d2"]))
        return point(a, b, kind="range", first=(a, a), last=(b, b)) if a <= b else None
    if kind == "mrange":
        y = _year(g["y"])
        first, last = _month_span(y, _month(g["m1"])), _month_span(y, _month(g["m2"]))
        return point(first[0], last[1], kind="range", first=first, last=last) if first[0] <= last[0] else None
    if kind in {"dmy", "mdy"}:
        d = dt.date(_year(g["y"]), _month(g["m"]), int(g["d"]))
        return point(d, d)
    if kind in {"my", "myof"}:
        lo, hi = _month_span(_year(g["y"]), _month(g["m"]), g.get("q"))
        return point(lo, hi)
    if kind == "season":
        y = _year(g["y"])
        m1, m2 = _SEASONS[g["s"].lower()]
        if g["s"].lower() == "winter":  # "the winter of 1939" may mean early 1939 or 1939-40
            return point(dt.date(y, 1, 1), dt.date(y + 1, 2, 28), approx=False)
        return point(dt.date(y, m1 - 1, 1), _month_span(y, m2 + 1)[1])  # a month's grace either side
    if kind == "yalt":  # "1921/1924": one of two years, which one is not said
        y1 = _year(g["y1"])
        return point(_year_span(y1)[0], _year_span(y1 + 10)[1], approx=True)
    if kind == "yrange":
        y1 = _year(g["y1"])
        y2 = _year(g["y2"]) if len(g["y2"]) == 4 else (y1 // 100) * 100 + int(g["y2"])
        if y2 < y1:
            return None
        first, last = _year_span(y1), _year_span(y2)
        return point(first[0], last[1], kind="range", first=first, last=last)
    if kind == "qy":
        lo, hi = _year_span(_year(g["y"]), g["q"])
        return point(lo, hi)
    if kind == "decade":
        dec = int(g["dec"])
        q = (g.get("q") or "").lower()
        y1, y2 = {"early": (0, 4), "mid": (2, 7), "late": (5, 9)}.get(q, (0, 9))
        return point(dt.date(dec + y1, 1, 1), dt.date(dec + y2, 12, 31))
    if kind in {"y", "ya"}:
        lo, hi = _year_span(_year(g["y"]))
        return point(lo, hi)
    if kind in {"dm", "md"}:
        mo, day = _month(g["m"]), int(g["d"])
        if not 1 <= day <= 31:
            return None
        return point(_MIN, _MAX, partial=True, month=mo, day=day)
    if kind == "rel":
        n = _NUMBERS.get(g["n"].lower()) or int(g["n"])
        unit = g["u"].lower().rstrip("s")
        sign = 1 if g["dir"].lower() in {"later", "afterwards"} else -1
        months = {"year": 12 * n, "month": n, "week": 0, "day": 0}[unit]
        days = {"week": 7 * n, "day": n}.get(unit, 0)
        return point(_MIN, _MAX, relative=True, month=sign * months, day=sign * days)
    if kind == "relphrase":
        phrase = re.sub(r"\s+", " ", g["phrase"].lower())
        shift = 12 if ("following" in phrase or "next" in phrase or "after" in phrase) else \
            -12 if ("previous" in phrase or "before" in phrase) else 0
        return point(_MIN, _MAX, relative=True, month=shift, day=0)
    return None


# What joins two dates into a range: a dash, "to", "until" ("all the way to", "right up to"), and "until his death
# in" (a term that ended with its holder's death, fall or resignation: "chancellor from 1923 until his death in 1929").
_RANGE_LINK = re.compile(r"\s*(?:(?:all\s+the\s+way|right\s+up|right|up|straight)\s+)?(?:-|–|—|to|until|till)(?:\s+(?:his|her|their)\s+(?:death|fall|resignation|"
                         r"dismissal|overthrow|murder|assassination)(?:\s+in)?)?\s*", re.IGNORECASE)


def _join_ranges(text: str, dates: list[DateClaim], offset: int) -> list[DateClaim]:
    """'from July 1936 to April 1939', 'between 1936 and 1939': two dates joined into one range."""
    out: list[DateClaim] = []
    i = 0
    while i < len(dates):
        d = dates[i]
        if i + 1 < len(dates) and d.partial and _joined(d, text[d.end - offset : dates[i + 1].start - offset]):
            d = _with_year_of(d, dates[i + 1])  # "from 13 August to 23 November 1923": the year is written once
        if i + 1 < len(dates) and not d.relative and not d.partial and not dates[i + 1].relative \
                and not dates[i + 1].partial:
            e = dates[i + 1]
            between = text[d.end - offset : e.start - offset]
            link = _RANGE_LINK.match(text, d.end - offset)  # the link may open the next date's own text ("until")
            if _joined(d, between) or (link is not None and link.group().strip() and e.start - offset
                                        <= link.end() <= e.end - offset and between.isspace()):
                a = (d.first or (d.lo if d.lo != _MIN else e.lo, d.hi if d.hi != _MAX else e.hi))
                first = d.first or a
                last = e.last or (e.lo if e.lo != _MIN else e.hi, e.hi if e.hi != _MAX else e.lo)
                lo = first[0]
                out.append(DateClaim(d.start, e.end, text[d.start - offset : e.end - offset], lo, last[1], "range",
                                     first, last, approx=d.approx or e.approx))
                i += 2
                continue
        out.append(d)
        i += 1
    return out


def _joined(d: DateClaim, between: str) -> bool:
    """The text between two dates joins them into one range: a range link ("to", "until", "-"), or "and" after a
    date that opens with "between" ("between 28 July and 1 August 1914")."""
    return bool(_RANGE_LINK.fullmatch(between)) or (bool(re.fullmatch(r"\s*and\s*", between))
                                                     and d.text.lower().startswith("between"))


def _with_year_of(d: DateClaim, e: DateClaim) -> DateClaim:
    """A day and month without a year ("13 August"), dated by the day or month a range link joins it to (the year
    before when its month comes later in the year); unchanged when that is no full date within one month."""
    if e.partial or e.relative or e.kind != "point" or not d.month or (e.lo.year, e.lo.month) != (e.hi.year, e.hi.month):
        return d
    year = e.lo.year - (d.month > e.lo.month)
    try:
        lo, hi = (dt.date(year, d.month, d.day),) * 2 if d.day else _month_span(year, d.month)
    except ValueError:
        return d
    approx = d.text.lower().startswith(("around", "about", "circa", "c.", "approximately", "roughly"))
    return DateClaim(d.start, d.end, d.text, lo, hi, "point", month=d.month, day=d.day, approx=approx)


def _resolve_relative(d: DateClaim, anchor: DateClaim | None) -> DateClaim | None:
    """'a year later' from the last absolute date before it; None when there is no usable anchor."""
    if anchor is None or anchor.lo == _MIN or anchor.hi == _MAX or anchor.partial:
        return None
    lo, hi = anchor.lo, anchor.hi
    if d.month:
        if abs(d.month) >= 12 and d.month % 12 == 0:
            years = d.month // 12
            lo, hi = _year_span(lo.year + years)[0], _year_span(hi.year + years)[1]
        else:
            lo, hi = _shift(lo, d.month), _shift(hi, d.month)
            # a count of months is a round figure ("three months later" for 85 days): half a month either side for
            # one month, a month for more
            slack = dt.timedelta(days=15 if abs(d.month) == 1 else 31)
            lo, hi = _month_span(lo.year, lo.month)[0] - slack, _month_span(hi.year, hi.month)[1] + slack
    elif d.day:
        slack = dt.timedelta(days=max(3, abs(d.day) // 2))
        lo, hi = lo + dt.timedelta(days=d.day) - slack, hi + dt.timedelta(days=d.day) + slack
    else:  # "that same year"
        lo, hi = _year_span(lo.year)[0], _year_span(hi.year)[1]
    later = d.month > 0 or d.day > 0
    if d.amount == "under":  # "less than three months later": anywhere between the anchor and the shift
        lo, hi = (anchor.lo, hi) if later else (lo, anchor.hi)
    elif d.amount == "over":  # "more than a year later": the shift or beyond, a bound
        lo, hi = (lo, _MAX) if later else (_MIN, hi)
        return DateClaim(d.start, d.end, d.text, lo, hi, "bound", relative=True)
    return DateClaim(d.start, d.end, d.text, lo, hi, "point", relative=True)


def count_dates(text: str, settings: DateSettings = DEFAULT_SETTINGS) -> int:
    """How many absolute dates a text gives (the point matcher's date feature)."""
    return sum(2 if d.kind == "range" else 1 for d in parse_dates(text, settings=settings) if not d.relative)


def precision_of(d: DateClaim) -> str | None:
    """'day', 'month' or 'year' for a date that is exactly one day, one whole month or one whole year; else None."""
    if d.lo == d.hi:
        return "day"
    if d.lo.day == 1 and (d.lo.year, d.lo.month) == (d.hi.year, d.hi.month) \
            and d.hi.day == calendar.monthrange(d.hi.year, d.hi.month)[1]:
        return "month"
    if (d.lo.month, d.lo.day, d.hi.month, d.hi.day) == (1, 1, 12, 31) and d.lo.year == d.hi.year:
        return "year"
    return None


_MONTH_NAME = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")


def narrative_opening(text: str, settings: DateSettings = DEFAULT_SETTINGS) -> bool:
    """A sentence that opens by moving the story on in time: "In 1935 ...", "After March 1938, ...", "Then ..."."""
    from marker.defaults import NARRATIVE_ALONE, NARRATIVE_OPENER

    if NARRATIVE_ALONE.match(text):
        return True
    opener = NARRATIVE_OPENER.match(text)
    if opener is None:
        return False
    head = text[: opener.end() + 45]
    comma = head.find(",", opener.end())
    limit = min(opener.end() + 41, comma if comma >= 0 else len(head))
    if _MONTH_NAME.search(head, opener.end(), limit):
        return True  # "In March Hitler ...": a month alone moves the story on too
    return any(d.start <= limit and not d.relative for d in parse_dates(head, settings=settings))

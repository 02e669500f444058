"""The one date grammar: dates as students write them, and dates as the fact base stores them.

The fact checker, the rubric builder and the point matcher's date feature all read dates through `parse_dates`.
Which years count as years (not "1500 tanks") and which places kept the Julian calendar until when come from the
rubric (`dates:` in its YAML, `marker.rubric.DateSettings`); the builder, which has no rubric yet, passes its own.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from marker.rubric import DateSettings, DateSpec

DEFAULT_SETTINGS = DateSettings()

# ---------------------------------------------------------------------------------------------------------------
# Dates in the forms students write them.

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_Y4 = r"(?:1\d|20)\d\d"  # any year 1000-2099; the rubric's range filters them
_YA = r"['’‘]\d\d"
_QUAL = r"early|late|mid|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of|the\s+middle\s+of|end\s+of|" \
        r"start\s+of|beginning\s+of|middle\s+of"
_DATE_PATTERNS = [
    ("drange", rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|and|to)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
               rf"(?P<m>{_MONTH}),?\s+(?P<y>{_Y4})\b"),
    ("mrange", rf"\b(?P<m1>{_MONTH})\s*(?:-|–|to|and|until)\s*(?P<m2>{_MONTH})\s+(?P<y>{_Y4})\b"),
    ("dmy", rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m>{_MONTH}),?\s+(?P<y>{_Y4}|{_YA})(?![\d])"),
    ("mdy", rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>{_Y4})\b"),
    ("my", rf"\b(?:(?P<q>{_QUAL})[\s-]+)?(?P<m>{_MONTH})(?:,?\s+of)?,?\s+(?P<y>{_Y4}|{_YA}(?!\d))"),
    ("myof", rf"\b(?:(?P<q>{_QUAL})[\s-]+)?(?P<m>{_MONTH})\s+of\s+(?P<y>\d\d)\b"),
    ("season", rf"\b(?:(?P<q>early|late|mid)[\s-]+)?(?P<s>summer|spring|autumn|fall|winter)\s+(?:of\s+)?(?P<y>{_Y4}|{_YA})"),
    ("yalt", rf"\b(?P<y1>{_Y4})\s*/\s*(?P<y2>{_Y4}|\d\d)\b"),
    ("yrange", rf"\b(?P<y1>{_Y4})\s*(?:-|–|—|to|until|till)\s*(?P<y2>{_Y4}|\d\d)\b(?!['’]?s)"),
    ("qy", rf"\b(?P<q>{_QUAL})[\s-]+(?:the\s+year\s+)?(?P<y>{_Y4})\b(?!['’]?s)"),
    ("decade", r"\b(?:(?P<q>early|late|mid)[\s-]+)?(?P<dec>(?:1\d|20)\d0)['’]?s\b"),
    ("dm", rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m>{_MONTH})\b"),
    ("md", rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:,\s*)?\d)"),
    ("y", rf"(?<![\d,.£$])\b(?P<y>{_Y4})\b(?![\d,]\d)(?!['’]?s\b)"),
    ("ya", rf"(?<![\w'’])(?P<y>{_YA})\b(?!['’]?s)"),
    ("rel", r"\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?P<u>years?|months?|weeks?|days?)\s+"
            r"(?P<dir>later|afterwards|earlier|previously|prior|before(?=\s*[,.;)]|\s*$))"),
    ("relphrase", r"\b(?P<phrase>the\s+following\s+year|the\s+next\s+year|the\s+year\s+after(?=\s*[,.;]|\s*$)|"
                  r"the\s+previous\s+year|the\s+year\s+before(?=\s*[,.;]|\s*$)|later\s+that\s+year|that\s+same\s+year|"
                  r"the\s+same\s+year|in\s+that\s+year|earlier\s+that\s+year)\b"),
]
_REL_HINT = re.compile(r"later|earlier|previous|prior|following\s+year|next\s+year|same\s+year|that\s+year|"
                       r"year\s+(?:after|before)", re.IGNORECASE)
_MAYBE_DATE = re.compile(r"\d|later|earlier|previous|prior|following\s+year|next\s+year|same\s+year|that\s+year|"
                         r"year\s+(?:after|before)", re.IGNORECASE)


def _tag_groups(name: str, rx: str) -> str:
    """Suffix a pattern's group names with its kind, so all patterns fit in one regex."""
    return re.sub(r"\(\?P<(\w+)>", lambda g: f"(?P<{g.group(1)}__{name}>", rx)


_DATE_RE = re.compile("|".join(f"(?P<{name}>{_tag_groups(name, rx)})" for name, rx in _DATE_PATTERNS), re.IGNORECASE)
_DATE_PREFIX = re.compile(
    r"(?:\b(?P<p>not\s+until|until|till|by|before|after|since|from|between|around|about|circa|c\.|approximately|"
    r"roughly|as\s+early\s+as|as\s+late\s+as|no\s+later\s+than|no\s+earlier\s+than|in\s+or\s+before|"
    r"in\s+or\s+after)\s+(?:the\s+)?(?:year\s+)?)$",
    re.IGNORECASE,
)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 14)}
_MIN, _MAX = dt.date(1, 1, 1), dt.date(9999, 12, 31)



@dataclass(frozen=True)
class DateClaim:
    """A date as written: the interval it denotes, or a bound ("by 1940"), or a range with two ends."""

    start: int
    end: int
    text: str
    lo: dt.date
    hi: dt.date
    kind: str = "point"          # point | range | bound
    first: tuple[dt.date, dt.date] | None = None   # a range's two ends
    last: tuple[dt.date, dt.date] | None = None
    relative: bool = False
    partial: bool = False        # month and day without a year
    month: int = 0
    day: int = 0
    approx: bool = False



# ---------------------------------------------------------------------------------------------------------------
# Dates.


def _year(text: str) -> int:
    digits = re.sub(r"\D", "", text)
    return int(digits) if len(digits) == 4 else 1900 + int(digits)


def _month(text: str) -> int:
    return _MONTHS[text.lower().rstrip(".")[:3] if text.lower().rstrip(".")[:4] != "sept" else "sept"]


def _month_span(y: int, m: int, q: str | None = None) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(y, m)[1]
    lo, hi = 1, last
    q = (q or "").lower()
    if q in {"early"} or "start" in q or "beginning" in q:
        lo, hi = 1, 15
    elif q in {"late"} or "end" in q:
        lo, hi = 14, last
    elif q in {"mid"} or "middle" in q:
        lo, hi = 5, 25
    return dt.date(y, m, lo), dt.date(y, m, hi)


def _year_span(y: int, q: str | None = None) -> tuple[dt.date, dt.date]:
    q = (q or "").lower()
    if q == "early" or "start" in q or "beginning" in q:
        return dt.date(y, 1, 1), dt.date(y, 7, 31)
    if q == "late" or "end" in q:
        return dt.date(y, 6, 1), dt.date(y, 12, 31)
    if q == "mid" or "middle" in q:
        return dt.date(y, 3, 1), dt.date(y, 10, 31)
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _shift(d: dt.date, months: int) -> dt.date:
    total = d.year * 12 + d.month - 1 + months
    y, m = divmod(total, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


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
        out.append(DateClaim(
            start=start + offset, end=m.end() + offset, text=text[start : m.end()], lo=lo, hi=hi, kind=ckind,
            first=claim.first, last=claim.last, relative=claim.relative, partial=claim.partial, month=claim.month,
            day=claim.day, approx=approx or claim.approx,
        ))
    return _join_ranges(text, out, offset)


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
        a, b = _month_span(y, _month(g["m1"])), _month_span(y, _month(g["m2"]))
        return point(a[0], b[1], kind="range", first=a, last=b) if a[0] <= b[0] else None
    if kind in {"dmy", "mdy"}:
        d = dt.date(_year(g["y"]), _month(g["m"]), int(g["d"]))
        return point(d, d)
    if kind in {"my", "myof"}:
        lo, hi = _month_span(_year(g["y"]), _month(g["m"]), g.get("q"))
        return point(lo, hi)
    if kind == "season":
        y = _year(g["y"])
        a, b = _SEASONS[g["s"].lower()]
        if g["s"].lower() == "winter":  # "the winter of 1939" may mean early 1939 or 1939-40
            return point(dt.date(y, 1, 1), dt.date(y + 1, 2, 28), approx=False)
        return point(dt.date(y, a - 1, 1), _month_span(y, b + 1)[1])  # a month's grace either side
    if kind == "yalt":  # "1921/1924": one of two years, which one is not said
        y1 = _year(g["y1"])
        return point(_year_span(y1)[0], _year_span(y1 + 10)[1], approx=True)
    if kind == "yrange":
        y1 = _year(g["y1"])
        y2 = _year(g["y2"]) if len(g["y2"]) == 4 else (y1 // 100) * 100 + int(g["y2"])
        if y2 < y1:
            return None
        a, b = _year_span(y1), _year_span(y2)
        return point(a[0], b[1], kind="range", first=a, last=b)
    if kind == "qy":
        lo, hi = _year_span(_year(g["y"]), g["q"])
        return point(lo, hi)
    if kind == "decade":
        dec = int(g["dec"])
        q = (g.get("q") or "").lower()
        a, b = {"early": (0, 4), "mid": (2, 7), "late": (5, 9)}.get(q, (0, 9))
        return point(dt.date(dec + a, 1, 1), dt.date(dec + b, 12, 31))
    if kind in {"y", "ya"}:
        lo, hi = _year_span(_year(g["y"]))
        return point(lo, hi)
    if kind in {"dm", "md"}:
        mo, d = _month(g["m"]), int(g["d"])
        if not 1 <= d <= 31:
            return None
        return point(_MIN, _MAX, partial=True, month=mo, day=d)
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


def _join_ranges(text: str, dates: list[DateClaim], offset: int) -> list[DateClaim]:
    """'from July 1936 to April 1939', 'between 1936 and 1939': two dates joined into one range."""
    out: list[DateClaim] = []
    i = 0
    while i < len(dates):
        d = dates[i]
        if i + 1 < len(dates) and not d.relative and not d.partial and not dates[i + 1].relative \
                and not dates[i + 1].partial:
            e = dates[i + 1]
            between = text[d.end - offset : e.start - offset]
            lead = d.text.lower()
            if re.fullmatch(r"\s*(?:-|–|—|to|until|till)\s*", between) or (
                re.fullmatch(r"\s*and\s*", between) and lead.startswith("between")
            ):
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
            lo, hi = _month_span(lo.year, lo.month)[0], _month_span(hi.year, hi.month)[1]
    elif d.day:
        slack = dt.timedelta(days=max(3, abs(d.day) // 2))
        lo, hi = lo + dt.timedelta(days=d.day) - slack, hi + dt.timedelta(days=d.day) + slack
    else:  # "that same year"
        lo, hi = _year_span(lo.year)[0], _year_span(hi.year)[1]
    return DateClaim(d.start, d.end, d.text, lo, hi, "point", relative=True)


def _fact_span(spec: DateSpec) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """A fact's date widened to the precision a marker insists on: (start_lo, start_hi, end_lo, end_hi)."""
    def widen(d: dt.date) -> tuple[dt.date, dt.date]:
        if spec.precision == "year":
            return _year_span(d.year)
        if spec.precision == "month":
            return _month_span(d.year, d.month)
        return d, d

    s = widen(spec.start)
    e = widen(spec.end) if spec.end is not None else s
    return s[0], s[1], e[0], e[1]


def date_matches(claim: DateClaim, spec: DateSpec) -> str:
    """'ok', 'wrong', or 'day' (right month, wrong day) for a claimed date against a fact's date."""
    s_lo, s_hi, e_lo, e_hi = _fact_span(spec)
    whole_lo, whole_hi = s_lo, e_hi
    if claim.kind == "until":
        if spec.end is None:
            return "ok"  # a one-day event has no end to date: abstain
        return "ok" if claim.lo <= e_hi and e_lo <= claim.hi else "wrong"
    if claim.partial:
        if spec.end is not None and (spec.start.year, spec.start.month) != (spec.end.year, spec.end.month):
            return "ok"
        if claim.month != spec.start.month:
            return "wrong"
        if spec.precision == "day" and spec.end is None and claim.day != spec.start.day:
            return "day"
        return "ok"
    if claim.kind == "range" and spec.end is not None and claim.first and claim.last:
        ok_start = claim.first[0] <= s_hi and s_lo <= claim.first[1]
        ok_end = claim.last[0] <= e_hi and e_lo <= claim.last[1]
        return "ok" if ok_start and ok_end else "wrong"
    if claim.lo <= whole_hi and whole_lo <= claim.hi:
        return "ok"
    if claim.kind == "point" and spec.precision == "day" and claim.lo == claim.hi and spec.end is None \
            and (claim.lo.year, claim.lo.month) == (spec.start.year, spec.start.month):
        return "day"
    return "wrong"



def julian_offset(year: int) -> int:
    """Days the Julian calendar runs behind the Gregorian in a year (12 in the 1800s, 13 from 1900 to 2099)."""
    return year // 100 - year // 400 - 2


def _shifted(spec: DateSpec, days: int, calendar_name: str) -> DateSpec:
    delta = dt.timedelta(days=days)
    return DateSpec(start=spec.start + delta, end=spec.end + delta if spec.end else None, precision=spec.precision,
                    calendar=calendar_name)


def gregorian(spec: DateSpec) -> DateSpec:
    """A fact's date in the New Style (a Julian-stored date moved forward; a Gregorian one unchanged)."""
    if spec.calendar == "julian":
        return _shifted(spec, julian_offset(spec.start.year), "gregorian")
    return spec


def calendar_variants(spec: DateSpec, settings: DateSettings = DEFAULT_SETTINGS,
                      places: tuple[str, ...] | list[str] = ()) -> list[DateSpec]:
    """The dates a student may rightly give for a fact: the stored one, plus the New Style date of a Julian-stored
    fact, or the Old Style date of a Gregorian-stored fact in a Julian place before the rubric's `julian_until`."""
    if spec.calendar == "julian":
        return [spec, gregorian(spec)]
    if settings.julian_until is not None and spec.start < settings.julian_until \
            and set(places) & set(settings.julian_places):
        return [spec, _shifted(spec, -julian_offset(spec.start.year), "julian")]
    return [spec]


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

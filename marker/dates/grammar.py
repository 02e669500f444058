"""The forms students write dates in (one regular expression per form), `DateClaim`, and the spans of days a
year, a month or a part of either denotes."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from marker.rubric import DateSettings

DEFAULT_SETTINGS = DateSettings()
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
    r"(?:\b(?P<p>not\s+until|(?:until|till)(?:\s+(?:his|her|their)\s+(?:death|fall|resignation|dismissal|overthrow|"
    r"murder|assassination)\s+in)?|by|before|after|since|from|between|around|about|circa|c\.|approximately|"
    r"roughly|as\s+early\s+as|as\s+late\s+as|no\s+later\s+than|no\s+earlier\s+than|in\s+or\s+before|"
    r"in\s+or\s+after)\s+(?:the\s+)?(?:year\s+)?)$",
    re.IGNORECASE,
)
# A relative date's amount qualified ("less than three months later", "over a year later"): a bound on the shift.
_AMOUNT_PREFIX = re.compile(
    r"\b(?P<q>(?:less|fewer)\s+than|no\s+more\s+than|(?:just\s+)?under|within|nearly|almost|barely|(?:just\s+)?over|"
    r"more\s+than|at\s+least)\s+$",
    re.IGNORECASE,
)
_AMOUNT_OVER = frozenset({"over", "just over", "more than", "at least"})
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
    kind: str = "point"          # point | range | bound | until (an end) | stretch (what a bare "to" stretches to)
    first: tuple[dt.date, dt.date] | None = None   # a range's two ends
    last: tuple[dt.date, dt.date] | None = None
    relative: bool = False
    partial: bool = False        # month and day without a year
    month: int = 0
    day: int = 0
    approx: bool = False
    amount: str = ""             # a relative amount qualified: "under" ("less than a year later"), "over"


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

"""The one date grammar: dates as students write them, and dates as the fact base stores them.

The fact checker, the rubric builder and the point matcher's date feature all read dates through `parse_dates`.
Which years count as years (not "1500 tanks") and which places kept the Julian calendar until when come from the
rubric (`dates:` in its YAML, `marker.rubric.DateSettings`); the builder, which has no rubric yet, passes its own.

The steps, one module each: `grammar` (the forms students write dates in, `DateClaim`, and the spans of days a
year or a month denotes), `parse` (dates read from text, ranges joined, relative dates resolved, and the features
built on them) and `compare` (a claimed date against a fact's date, across the Julian and Gregorian calendars).
Every name is importable from `marker.dates` as before.
"""

from marker.dates.grammar import (  # noqa: F401 - re-exported
    DEFAULT_SETTINGS,
    DateClaim,
    _DATE_PATTERNS,
    _DATE_PREFIX,
    _DATE_RE,
    _MAX,
    _MAYBE_DATE,
    _MIN,
    _MONTH,
    _MONTHS,
    _NUMBERS,
    _QUAL,
    _REL_HINT,
    _SEASONS,
    _Y4,
    _YA,
    _month,
    _month_span,
    _shift,
    _tag_groups,
    _year,
    _year_span,
)
from marker.dates.parse import (  # noqa: F401 - re-exported
    count_dates,
    narrative_opening,
    parse_dates,
    precision_of,
    _MONTH_NAME,
    _date_claim,
    _date_matches,
    _groups,
    _join_ranges,
    _resolve_relative,
)
from marker.dates.compare import (  # noqa: F401 - re-exported
    calendar_variants,
    date_matches,
    gregorian,
    julian_offset,
    _fact_span,
    _shifted,
    wrong_side,
)

"""A claimed date against a fact's date, at the precision the fact is stated in, and the fact's date in the
Julian calendar where a place still used it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from marker.dates.grammar import DEFAULT_SETTINGS, DateClaim, _month_span, _year_span
from marker.rubric import DateSettings, DateSpec


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


def _shifted(spec: DateSpec, days: int, calendar_name: Literal["gregorian", "julian"]) -> DateSpec:
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


def wrong_side(first: DateSpec, second: DateSpec, direction: str) -> bool:
    """Whether an event dated `first` lies wholly on the wrong side of one dated `second` for a claim that it came
    `direction` ("before" or "after") it: both widened to their precision, in the New Style, with no overlap."""
    a_lo, _, _, a_hi = _fact_span(gregorian(first))
    b_lo, _, _, b_hi = _fact_span(gregorian(second))
    return a_hi < b_lo if direction == "after" else a_lo > b_hi

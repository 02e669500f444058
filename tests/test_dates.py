"""The one date grammar (marker/dates.py): forms, the rubric's years and calendars, and rubric date errors."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from marker.dates import (
    wrong_side,
    calendar_variants, count_dates, date_matches, gregorian, julian_offset, narrative_opening, parse_dates,
    precision_of,
)
from marker.errors import RubricError
from marker.rubric import DateSettings, DateSpec, load_rubric, parse_rubric

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WIDE = DateSettings(years=(1000, 2099))


@pytest.mark.parametrize(("text", "lo", "hi"), [
    ("on 23 August 1939", dt.date(1939, 8, 23), dt.date(1939, 8, 23)),
    ("in August '39", dt.date(1939, 8, 1), dt.date(1939, 8, 31)),
    ("in 1934", dt.date(1934, 1, 1), dt.date(1934, 12, 31)),
    ("from July 1936 to April 1939", dt.date(1936, 7, 1), dt.date(1939, 4, 30)),
    ("from 1923 until his death in October 1929", dt.date(1923, 1, 1), dt.date(1929, 10, 31)),
    ("in the 1930s", dt.date(1930, 1, 1), dt.date(1939, 12, 31)),
])
def test_dates_forms(text: str, lo: dt.date, hi: dt.date) -> None:
    (d,) = parse_dates(text)
    assert (d.lo, d.hi) == (lo, hi)


def test_dates_years_come_from_the_settings() -> None:
    """'1500 tanks' is not a date in a rubric of 1800-1999; the builder (wide years) reads 'passed in 1534'."""
    assert parse_dates("Hitler had 1500 tanks in 1939.")[0].text == "1939"
    assert len(parse_dates("Hitler had 1500 tanks in 1939.")) == 1
    assert parse_dates("The Act of Supremacy was passed in 1534.") == []
    (d,) = parse_dates("The Act of Supremacy was passed in 1534.", settings=WIDE)
    assert (d.lo.year, precision_of(d)) == (1534, "year")
    narrow = DateSettings(years=(1900, 1945))
    assert parse_dates("Napoleon invaded Russia in 1812.", settings=narrow) == []


def test_dates_precision_of() -> None:
    assert [precision_of(d) for d in parse_dates("on 3 March 1918, in May 1935, in 1936", settings=WIDE)] == \
        ["day", "month", "year"]


def test_dates_julian_stored_fact_accepts_new_style_and_the_reverse() -> None:
    spec = DateSpec(start=dt.date(1917, 10, 25), precision="day", calendar="julian")
    assert julian_offset(1917) == 13 and julian_offset(1850) == 12
    assert gregorian(spec).start == dt.date(1917, 11, 7)
    ns = parse_dates("on 7 November 1917")[0]
    assert "ok" in {date_matches(ns, v) for v in calendar_variants(spec)}
    assert date_matches(ns, spec) != "ok"
    settings = DateSettings(julian_until=dt.date(1918, 2, 14), julian_places=["Russia"])
    stored_ns = DateSpec(start=dt.date(1917, 3, 8), precision="day")
    old_style = parse_dates("on 23 February 1917")[0]
    assert "ok" in {date_matches(old_style, v) for v in calendar_variants(stored_ns, settings, ["Russia"])}
    assert "ok" not in {date_matches(old_style, v) for v in calendar_variants(stored_ns, settings, ["France"])}
    after = DateSpec(start=dt.date(1920, 3, 8), precision="day")
    assert calendar_variants(after, settings, ["Russia"]) == [after]


def test_dates_count_and_narrative_opening() -> None:
    assert count_dates("In 1934 the USSR joined; a year later it signed pacts in May 1935.") == 2
    assert narrative_opening("In 1935 the USSR signed a pact.")
    assert narrative_opening("Then Stalin turned to Hitler.")
    assert not narrative_opening("Stalin signed a pact in 1935.")


def test_dates_linear_on_long_runs() -> None:
    """No quadratic regexes: 20,000 characters of spaces, digits or brackets parse in well under a second."""
    for text in (" " * 20_000 + "1939", "1" * 20_000, "(" * 20_000 + " May 1939", "19 " * 7_000):
        t = time.perf_counter()
        parse_dates(text)
        assert time.perf_counter() - t < 2.0, text[:10]


def _rubric_with_fact(date_yaml: str, extra: str = "") -> str:
    base = (FIXTURES / "facts" / "second_topic.yaml").read_text(encoding="utf-8")
    head = base.split("facts:")[0]
    return head + extra + ("facts:\n  - id: bad-date\n    statement: A fact.\n    verified: true\n    names: [A thing]\n"
                           f"    date: {date_yaml}\n")


@pytest.mark.parametrize(("date_yaml", "extra", "needle"), [
    ("{start: 1914-02-30, precision: day}", "", "facts -> 0 -> date -> start"),
    ("{start: 1914-06-28, calendar: byzantine}", "", "facts -> 0 -> date -> calendar"),
    ("{start: 2150-06-28}", "", "facts -> 0 -> date -> start (line 33): 2150-06-28 is outside the rubric's years"),
    ("{start: 1914-06-28}", "dates: {years: [1950, 1900]}\n", "dates -> years"),
])
def test_dates_rubric_errors_name_the_file_and_key_path(date_yaml: str, extra: str, needle: str) -> None:
    with pytest.raises(RubricError) as err:
        parse_rubric(_rubric_with_fact(date_yaml, extra), "topic.yaml")
    assert "topic.yaml" in str(err.value) and needle in str(err.value)


def test_dates_rubric_settings_default_and_shipped() -> None:
    fixture = load_rubric(FIXTURES / "facts" / "claims_rubric.yaml")
    assert fixture.dates.julian_places == ["Russia"] and fixture.dates.years == (1850, 1950)
    for rid in ("soviet-foreign-policy-1924-41", "weimar-republic-1918-33"):
        assert load_rubric(rid).dates.years[0] <= 1900


def test_dates_ranges_written_out_and_a_term_ended_by_death() -> None:
    def read(text: str) -> list[tuple[str, str, dt.date, dt.date]]:
        return [(d.text, d.kind, d.lo, d.hi) for d in parse_dates(text, settings=WIDE)]

    assert read("chancellor from 1923 all the way to 1929") == [
        ("from 1923 all the way to 1929", "range", dt.date(1923, 1, 1), dt.date(1929, 12, 31))]
    assert read("from May 1923 until August 1929") == [
        ("from May 1923 until August 1929", "range", dt.date(1923, 5, 1), dt.date(1929, 8, 31))]
    # the year written once, at the end of a range; the year before for a month later in the year
    assert read("from 13 August to 23 November 1923")[0][2:] == (dt.date(1923, 8, 13), dt.date(1923, 11, 23))
    assert read("from 13 December to 23 January 1924")[0][2] == dt.date(1923, 12, 13)
    # "between ... and ...": the same, the "and" joining only after a "between"
    assert read("all between 28 July and 1 August 1914") == [
        ("between 28 July and 1 August 1914", "range", dt.date(1914, 7, 28), dt.date(1914, 8, 1))]
    assert [d.partial for d in parse_dates("on 28 July and 1 August 1914", settings=WIDE)] == [True, False]
    # no range link, or no month at the end: the day and month stay without a year
    assert [d.partial for d in parse_dates("On 13 August he began; in 1924 he left.", settings=WIDE)] == [True, False]
    assert parse_dates("between 3 May and 1939", settings=WIDE)[0].partial
    # "until his death in": the end of a term, alone or closing a range
    assert read("remained President until his death in August 1934")[0][:2] == (
        "until his death in August 1934", "until")
    assert read("chancellor from 1923 until his death in 1929")[0][1] == "range"


def test_an_event_is_on_the_wrong_side_only_when_no_reading_of_either_date_overlaps():
    """The order check shared by sequences and lists: a year-precision date is its whole year, a Julian one is
    compared in the New Style."""
    spring_1935 = DateSpec(start=dt.date(1935, 5, 2), precision="month")
    year_1935 = DateSpec(start=dt.date(1935, 1, 1), precision="year")
    autumn_1938 = DateSpec(start=dt.date(1938, 9, 30), precision="day")
    assert wrong_side(autumn_1938, spring_1935, "before") and not wrong_side(autumn_1938, spring_1935, "after")
    assert wrong_side(spring_1935, autumn_1938, "after") and not wrong_side(spring_1935, autumn_1938, "before")
    assert not wrong_side(spring_1935, year_1935, "after") and not wrong_side(spring_1935, year_1935, "before")
    october = DateSpec(start=dt.date(1917, 10, 25), precision="day", calendar="julian")  # 7 November New Style
    november_1 = DateSpec(start=dt.date(1917, 11, 1), precision="day")
    assert wrong_side(october, november_1, "before")


def test_a_relative_amount_qualified_is_a_bound_on_the_shift() -> None:
    """"less than two years later" spans the anchor up to the shift; "more than a year later" is the shift or beyond;
    a plain count of months is a round figure (a month either side), a plain count of years that year."""
    from marker.dates.parse import _resolve_relative

    def resolved(text: str):
        anchor, rel = parse_dates(text)[:2]
        return _resolve_relative(rel, anchor)

    under = resolved("The treaty was signed in April 1925; less than two years later the loans began.")
    assert (under.lo, under.hi, under.kind) == (dt.date(1925, 4, 1), dt.date(1927, 12, 31), "point")
    plain = resolved("The treaty was signed in April 1925; two years later the loans began.")
    assert (plain.lo, plain.hi) == (dt.date(1927, 1, 1), dt.date(1927, 12, 31))
    months = resolved("The party lost seats in November 1932; three months later the leader was in office.")
    assert months.lo <= dt.date(1933, 1, 30) and dt.date(1933, 2, 28) < months.hi <= dt.date(1933, 3, 31)
    over = resolved("The treaty was signed in March 1925 and more than a year later it was ratified.")
    assert (over.lo.year, over.kind) == (1926, "bound") and over.hi.year > 2000
    earlier = resolved("The crisis broke in June 1931; within two years earlier the loans had begun.")
    assert (earlier.lo, earlier.hi) == (dt.date(1929, 1, 1), dt.date(1931, 6, 30))


def test_a_bare_to_dates_what_the_clause_stretches_not_the_event() -> None:
    """"spread the payments out to 1988" is the end the verb stretches to (kind "stretch"), read by the one date
    grammar; "from 1939 to 1941" stays one range and "in 1929" a point."""
    stretched, = parse_dates("The plan spread the payments out to 1988.")
    assert stretched.kind == "stretch"
    joined, = parse_dates("The pact lasted from 1939 to 1941.")
    assert joined.kind == "range"
    plain, = parse_dates("The plan was agreed in 1929.")
    assert plain.kind == "point"

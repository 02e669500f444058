"""Figures read from the parse (marker/facts/quantities.py): written numbers, units of time, and the rubric's
`quantities` key. Whole sentences are in tests/fixtures/facts/tables/engine_shapes.csv (shape "quantity")."""

from __future__ import annotations

import pytest

from marker.facts import check_facts
from marker.facts.quantities import _in_unit, number_value
from marker.nlp import analyse
from marker.rubric import Rubric, load_rubric


@pytest.mark.parametrize(("words", "value"), [
    (["32"], 32), (["twelve"], 12), (["twenty-five"], 25), (["twenty", "-", "five"], 25), (["4.2", "billion"], 4.2e9),
    (["three", "million"], 3e6), (["6,000,000"], 6e6), (["a", "hundred"], 100), (["two", "hundred", "and", "thirty"], 230),
    (["seats"], None), (["many"], None), ([], None),
])
def test_number_value_reads_numbers_as_written(words, value) -> None:
    assert number_value(words) == value


def test_units_of_time_convert_and_other_units_do_not() -> None:
    assert _in_unit(4, "week", "day") == 28
    assert _in_unit(2, "year", "month") == pytest.approx(24.03, abs=0.01)
    assert _in_unit(4, "seat", "day") is None
    assert _in_unit(32, "seat", "seat") == 32


def test_a_figure_in_another_essay_sentence_is_not_the_events_figure() -> None:
    weimar = load_rubric("weimar-republic-1918-33")
    essay = analyse("The Nazis did well in the July 1932 election. Later they won 320 seats in a dream Hitler had.")
    assert [f.fact for f in check_facts(essay, weimar)] == []


def test_a_quantity_with_no_positive_value_is_refused_with_its_key_path() -> None:
    data = load_rubric("weimar-republic-1918-33").model_dump()
    fact = next(f for f in data["facts"] if f["quantities"])
    fact["quantities"][0]["value"] = 0
    with pytest.raises(ValueError, match=r"quantities\.0\.value"):
        Rubric.model_validate(data)

"""A sentence listing causes lends each listed cause no point holds a candidate point (marker/build/lists.py): read
from the parse, own texts (tests/fixtures/build/lists: notes on the French Revolution, a topic marker does not ship)."""

from __future__ import annotations

from pathlib import Path

import pytest

from marker.build import build_from_files
from marker.build.lists import listed_points
from marker.build.model import BUILD_DEFAULTS
from marker.build.segment import _sentences

NOTES = sorted((Path(__file__).parent / "fixtures" / "build" / "lists").glob("*.txt"))


def _listed(text: str, held: tuple[str, ...] = ()) -> dict:
    return {item.noun: item for item in listed_points(_sentences([("notes", text)]), held)}


def test_a_list_of_four_causes_yields_the_causes_no_point_holds():
    text = ("The main causes of the revolution were inflation, hunger, military defeat and corruption.\n\n"
            "Corruption in the ministries shocked even the loyal officers of the army.")
    listed = _listed(text, held=("inflation rise sharply", "hunger"))
    assert set(listed) == {"defeat", "corruption"}
    assert listed["corruption"].title == "Corruption, one of the main causes of the revolution"
    # its phrasings: the listing sentence, then the other sentence that names it
    assert [p.text[:20] for p in listed["corruption"].passages] == ["The main causes of t", "Corruption in the mi"]
    assert listed["defeat"].key_terms == ("military defeat", "defeat")


@pytest.mark.parametrize("text, title", [
    ("Poverty, censorship, unemployment and repression caused the unrest in the cities.",
     "Censorship caused the unrest in the cities"),
    ("Historians stress long-term factors such as inflation, hunger, defeat and corruption in the collapse.",
     "Hunger, one of the long-term factors"),
    ("The regime faced four pressures: inflation, hunger, defeat and corruption.", "Defeat, one of the pressures"),
])
def test_the_list_is_read_from_the_parse_wherever_it_stands(text, title):
    assert title in {item.title for item in _listed(text).values()}


@pytest.mark.parametrize("text", [
    "Lenin, Trotsky, Zinoviev and Stalin led the party after 1917.",  # names of people say who, not why
    "The main causes of the split were Lenin, Trotsky, Kamenev and Stalin.",
    "The army sent tanks, guns, lorries and horses to the front in the spring.",  # things, not causes
    "The main causes of the strike were inflation and hunger in the cities.",  # two: no enumeration
])
def test_lists_of_people_things_or_two_are_not_lent_points(text):
    assert _listed(text) == {}


def test_a_draft_gives_each_listed_cause_no_point_holds_a_point_of_its_own():
    draft = build_from_files(NOTES, "The French Revolution")
    lent = {p.title: p for p in draft.points if ", one of the long-term factors" in p.title}
    # debt is a point already ("The crown's debt grew ..."); famine, privilege and censorship are not
    assert set(lent) == {"Famine, one of the long-term factors", "Privilege, one of the long-term factors",
                         "Censorship, one of the long-term factors"}
    assert any("debt" in p.title.lower() for p in draft.points if p.title not in lent)
    assert [p.text[:20] for p in lent["Privilege, one of the long-term factors"].passages] == [
        "Historians point to ", "Privilege exempted t"]
    assert not any(p.title.startswith(("Robespierre", "Marat", "Desmoulins")) for p in draft.points)


def test_listed_causes_compete_for_the_same_places_as_single_sentences(monkeypatch):
    monkeypatch.setitem(BUILD_DEFAULTS, "fill_points", 0)  # the groups fill the draft: no room for singles
    draft = build_from_files(NOTES, "The French Revolution")
    assert not any("one of the" in p.title for p in draft.points)

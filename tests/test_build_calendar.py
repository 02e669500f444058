"""Drafted facts keep the calendar a source names (Old Style dates), and the edits the Build page lacked: a fact
corrected without being verified, its calendar, and a debate's example phrasings."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from marker import build
from marker.build import BuildError
from marker.build.facts import calendar_after
from marker.dates import calendar_variants
from marker.rubric import parse_rubric
from tests.conftest import ROOT

FIX = ROOT / "tests" / "fixtures" / "build"

# Britain kept the Julian calendar until 1752; 16 April 1746 Old Style is 27 April New Style (11 days behind).
OLD_STYLE = ("The Battle of Culloden was fought on 16 April 1746 (O.S.), and the Jacobite army was destroyed on "
             "the moor within an hour.")
NEW_STYLE = ("The Battle of Culloden of 27 April 1746 (New Style) ended the rising, and the government then "
             "set out to break the clans.")
WRONG = "The Battle of Culloden, fought on 30 April 1746, ended the last Jacobite rising in the Highlands for good."


@pytest.mark.parametrize(("text", "expected"), [
    ("fought on 16 April 1746 (O.S.), and", "julian"),
    ("fought on 16 April 1746 Old Style.", "julian"),
    ("fought on 16 April 1746 [Julian calendar].", "julian"),
    ("fought on 27 April 1746 (N.S.).", "gregorian"),
    ("fought on 16 April 1746, and Osborne", "gregorian"),  # a word that merely starts like a mark
    ("fought on 16 April 1746.", "gregorian"),
])
def test_the_calendar_named_right_after_a_date(text, expected):
    assert calendar_after(text, text.index("1746") + 4) == expected


def _facts(*texts: str):
    sentences = build._sentences([(f"doc{k}.txt", t) for k, t in enumerate(texts)])
    return build._draft_facts(sentences)


def test_an_old_style_date_is_drafted_as_julian_and_its_new_style_twin_is_no_disagreement():
    [fact] = [f for f in _facts(OLD_STYLE, NEW_STYLE) if f.date]
    assert fact.calendar == "julian" and fact.date == dt.date(1746, 4, 16)
    assert "(Old Style)" in fact.statement and fact.alternatives == () and not fact.verified
    [other] = [f for f in _facts(OLD_STYLE, WRONG) if f.date]
    assert other.alternatives == ("30 April 1746",)  # a date in neither calendar is a disagreement


@pytest.fixture(scope="module")
def draft():
    return build.build_from_files([FIX / "bullets.md", FIX / "mindmap.txt"], "The causes of the English Civil War")


def test_a_julian_fact_is_written_so_the_checker_accepts_both_calendars(draft):
    fact = build.DraftFact("culloden", "Battle of Culloden: 16 April 1746 (Old Style)", ("Battle of Culloden",),
                           build.Passage("doc.txt", 0, len(OLD_STYLE), OLD_STYLE), dt.date(1746, 4, 16), "day",
                           calendar="julian")
    rubric = build.to_rubric(build.set_fact(replace(draft, facts=(fact,)), "culloden", verified=True))
    spec = rubric.fact_by_id["culloden"].date
    assert spec.calendar == "julian"
    assert {v.start for v in calendar_variants(spec)} == {dt.date(1746, 4, 16), dt.date(1746, 4, 27)}


def test_a_fact_is_corrected_without_being_verified_and_its_calendar_set(draft):
    added = build.add_fact(draft, "Battle of Culloden: 1745", date=dt.date(1745, 1, 1))
    fact = added.facts[-1]
    assert fact.calendar == "gregorian" and not fact.verified
    edited = build.set_fact(added, fact.id, statement="Battle of Culloden: 16 April 1746", date=dt.date(1746, 4, 16),
                            precision="day", calendar="julian")
    changed = next(f for f in edited.facts if f.id == fact.id)
    assert changed.statement == "Battle of Culloden: 16 April 1746" and changed.calendar == "julian"
    assert not changed.verified
    assert parse_rubric(build.to_rubric_yaml(edited)).fact_by_id[fact.id].date.calendar == "julian"
    with pytest.raises(BuildError, match="gregorian or julian"):
        build.set_fact(added, fact.id, calendar="lunar")
    with pytest.raises(BuildError, match="gregorian or julian"):
        build.add_fact(draft, "X: 1700", calendar="lunar")


def test_a_debates_phrasings_are_rewritten_keeping_the_sources_it_still_quotes(draft):
    with_debate = build.add_debate(draft, "Religion", "Money")
    debate = with_debate.debates[-1]
    edited = build.update_debate(with_debate, debate.id, phrasings=[
        "Religion divided the king from Parliament more than money did.",
        "Money, not religion, forced the king to call Parliament."])
    texts = [p.text for p in edited.debates[-1].passages]
    assert texts == ["Religion divided the king from Parliament more than money did.",
                     "Money, not religion, forced the king to call Parliament."]
    rubric = build.to_rubric(edited)
    written = next(p for p in rubric.debates if p.id == debate.id)
    assert written.phrasings == texts and written.provenance == []  # the teacher's own words quote no source
    with pytest.raises(BuildError, match="two example phrasings"):
        build.update_debate(edited, debate.id, phrasings=["Only one."])

    source = build.Passage("doc.txt", 0, 52, "Historians weigh religion against money as the cause.")
    sourced = replace(with_debate, debates=(replace(debate, passages=(source,)),))
    kept = build.update_debate(sourced, debate.id, phrasings=[source.text, "A teacher's line."])
    assert kept.debates[0].passages[0] == source  # a passage kept by its text keeps its document
    assert build.to_rubric(kept).debates[0].provenance[0].document == "doc.txt"

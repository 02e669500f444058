"""Junk points by mechanism (docs/builder.md, fifth round): a sentence that names a debate argues neither side, so
it feeds the debates and makes no point of its own; a heading "X versus Y" names a debate as outright as "whether X
or Y" does."""

from __future__ import annotations

import pytest

from marker.build.debates import names_debate
from tests.test_build_advice import draft_beside_notes


@pytest.mark.parametrize("text, expected", [
    ("Debate 1: religion versus money as the cause of the breakdown", True),
    ("Historians ask whether the war was caused by religion or by money.", True),
    ("Was the war inevitable by 1640 or the result of avoidable mistakes by the king?", True),
    ("Historians disagree about the role of religion in the outbreak of the war.", True),
    ("Historians are divided over the importance of the king's character.", True),
    # a claim for one side, even one weighing it against another, is an argument; an event's causes name no side
    ("Historians have long debated the causes of the war in England and Scotland.", False),
    ("Religion mattered more than money in turning moderates against the king.", False),
    ("Ship money angered the gentry because it was raised without Parliament.", False),
])
def test_names_debate(text, expected):
    assert names_debate(text) is expected


def test_sentences_naming_debates_make_no_point_but_still_make_the_debate():
    headings = ("Debate 1: religion versus money as the cause of the civil war\n\n"
                "Debate 2: a long-term breakdown versus a short-term crisis of trust\n\n"
                "Debate 3: the king's character versus the structure of his three kingdoms\n\n"
                "Historians disagree about whether the war was caused by religion or by money in the end.\n")
    draft, used = draft_beside_notes(("debates.txt", headings))
    assert draft.points and not any("Debate" in text or "whether" in text for text in used)
    # each "X versus Y" heading names a debate outright, as "whether X or Y" does, and the same two sides named
    # twice are one debate
    titles = [d.title for d in draft.debates]
    assert len(titles) == len(set(titles)) == 3 and "Religion or money?" in titles
    both = next(d for d in draft.debates if d.title == "Religion or money?")
    assert {p.text[:9] for p in both.passages} == {"Debate 1:", "Historian"}


@pytest.mark.parametrize("text, side", [
    ("Historians disagree about the role of religion in the outbreak of the war in 1642.", "religion"),
    ("Historians are divided over the importance of the king's character in the crisis.", "king's character"),
    ("Historians have long debated the king's character and its part in the crisis.", "king's character"),
])
def test_historians_disagree_makes_a_debate_from_one_passage(text, side):
    """"Historians disagree about X" (issue 15 names it): X against the other factors, as "to what extent X" is."""
    from marker.build import _sentences
    from marker.build.debates import _weighings

    [weighing] = _weighings(_sentences([("notes.txt", text)]))
    assert (weighing.a, weighing.b, weighing.explicit) == (side, "other factors", True)

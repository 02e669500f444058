"""Advice on writing the essay is not an argument about the past: the builder reads the subject of a sentence's
main verb and leaves out sentences whose subject is the essay, its writer or "you" (marker/build/name.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from marker.build import build_draft
from marker.build.name import advises
from marker.build.segment import lead_in

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "build"


def draft_beside_notes(*docs: tuple[str, str]):
    """A draft of the bullet-notes fixture and the given (name, text) documents, and the texts its points use."""
    notes = (FIXTURES / "bullets.md").read_text(encoding="utf-8")
    draft = build_draft([("bullets.md", notes), *docs], "Causes of the English Civil War")
    return draft, {p.text for point in draft.points for p in point.passages}


@pytest.mark.parametrize("text, expected", [
    ("Whichever view is taken, a good essay weighs the factors against each other rather than listing them.", True),
    ("You should weigh the religious quarrel against the quarrel over money.", True),
    ("Candidates often list the causes and never weigh them.", True),
    ("The best essays weigh religion against money and decide which mattered more.", True),
    # the same words elsewhere in the sentence, or a subject about the past, are no advice
    ("The answer to the crisis was to recall Parliament in 1640.", False),
    ("Ship money angered the gentry, as every essay on the period notes.", False),
    ("Historians argue that you could not trust Charles, said Pym.", False),
    ("The king's attempt to arrest the five members convinced moderates that he could not be trusted.", False),
    # a label saying what an examiner looks for heads a list of arguments; its items are not advice
    ("The key arguments an examiner looks for in this question: The quarrel over ship money from 1635.", False),
    ("Revision tips for this question: You should weigh religion against money.", True),
])
def test_advises_reads_the_subject_of_the_main_verb(text, expected):
    assert advises(text) is expected


def test_advice_sentences_make_no_point_and_feed_no_debate():
    advice = ("A good essay weighs religion against money rather than listing the causes.\n\n"
              "The best essays weigh religion against money and do not simply list the causes.\n\n"
              "You should weigh religion against money rather than list the causes one by one.\n\n"
              "Candidates who weigh religion against money rather than listing causes reach the top level.\n")
    draft, used = draft_beside_notes(("advice.txt", advice))
    used |= {p.text for debate in draft.debates for p in debate.passages}
    assert draft.points
    assert not any("essay" in text or "You should" in text or "Candidates" in text for text in used)


@pytest.mark.parametrize("text, lead, expected", [
    # orders to the reader, after a label or not: the imperative mood (a base-form verb first, no subject)
    ("How to raise money without Parliament, the royal way: Sell a monopoly on soap to a courtier.", "", True),
    ("How to raise money without Parliament, the royal way: Fine your gentry, trust nobody.", "", True),
    ("Use the Ship Money case to show how far the judges backed the king.", "", True),
    ("How to rule, the royal way: Give your favourites the best offices.", "", True),  # "give" is a stop word
    ("Make a plan before you write.", "", True),
    ("Explain why the king called the Short Parliament in 1640.", "", True),
    # claims about the past: a subject, a past-tense note, or an item completing a lead-in that ends mid-sentence
    ("Signed the Treaty of Ripon with the Scots in 1640, which forced him to call Parliament.", "", False),
    ("Ship money was raised without Parliament's consent.", "", False),
    ("The king hoped the new prayer book would: Impose one church order on both kingdoms.", "", False),
    ("Raise money without calling Parliament for eleven years.", "The king's Personal Rule was meant to:", False),
    ("Raise money without calling Parliament for eleven years.", "How to rule like a king:", True),
])
def test_instructions_are_advice_unless_they_complete_their_lead_in(text, lead, expected):
    assert advises(text, lead) is expected


def test_lead_in_is_the_colon_line_heading_the_list_within_the_paragraph():
    text = ("Intro sentence.\n\nThe Personal Rule was meant to:\nRaise money without Parliament.\n"
            "Keep the peace abroad.\n\nA new paragraph.")
    assert lead_in(text, text.index("Raise")) == "The Personal Rule was meant to:"
    assert lead_in(text, text.index("Keep")) == "The Personal Rule was meant to:"
    assert lead_in(text, text.index("A new")) == ""  # a blank line ends the list
    assert lead_in(text, text.index("Intro")) == ""


def test_a_how_to_list_makes_no_point_but_a_lead_in_list_does():
    how_to = "\n".join(f"How to rule without Parliament, the royal way: {line}" for line in (
        "Sell a monopoly on soap to a courtier and pocket the fee.",
        "Charge a fine to every gentleman who failed to attend your coronation.",
        "Collect ship money from inland counties that have no ships.",
        "Sell a monopoly on playing cards to a courtier and pocket the fee.",
        "Charge a fine to every landowner who encroached on your royal forests."))
    # a lead-in at the end of a line of prose: the reader does not write it in front of its items as a label
    aims = ("Charles dissolved Parliament in 1629 after it attacked his ministers and his taxes, and he resolved to "
            "govern alone. The Personal Rule was meant to:\nRaise money for the crown without calling Parliament "
            "at all.\nRaise enough money for the crown that no Parliament need ever be called.\n")
    _, used = draft_beside_notes(("howto.txt", how_to), ("aims.txt", aims))
    assert not any("royal way" in text for text in used)
    assert "Raise enough money for the crown that no Parliament need ever be called." in used  # its lead-in: above

"""Advice on writing the essay is not an argument about the past: the builder reads the subject of a sentence's
main verb and leaves out sentences whose subject is the essay, its writer or "you" (marker/build/name.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from marker.build import build_draft
from marker.build.name import advises

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "build"


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
])
def test_advises_reads_the_subject_of_the_main_verb(text, expected):
    assert advises(text) is expected


def test_advice_sentences_make_no_point_and_feed_no_debate():
    advice = ("A good essay weighs religion against money rather than listing the causes.\n\n"
              "The best essays weigh religion against money and do not simply list the causes.\n\n"
              "You should weigh religion against money rather than list the causes one by one.\n\n"
              "Candidates who weigh religion against money rather than listing causes reach the top level.\n")
    notes = (FIXTURES / "bullets.md").read_text(encoding="utf-8")
    draft = build_draft([("bullets.md", notes), ("advice.txt", advice)], "Causes of the English Civil War")
    used = {p.text for point in draft.points for p in point.passages}
    used |= {p.text for debate in draft.debates for p in debate.passages}
    assert draft.points
    assert not any("essay" in text or "You should" in text or "Candidates" in text for text in used)

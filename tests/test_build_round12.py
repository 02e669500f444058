"""Builder round 12 (docs/wwi.md section 20): thin notes' single sentences fill the draft, but not one whose subject
is a pronoun or points back to another sentence ("He ordered ...", "Its debt was ..."): alone it names no actor and
argues nothing. Notes written for these tests, on the causes of the French Revolution."""

from __future__ import annotations

import pytest

from marker.build import build_draft
from marker.build.name import leans_on_another


@pytest.mark.parametrize("text", [
    "He ordered the guards to close the doors of the hall.",
    "Nobody could say when the bread riots would spread to the capital.",
    "Its debt had reached four billion livres by the end of the decade.",
    "The weight of these new pamphlets changed the minds of many deputies.",
])
def test_a_sentence_whose_subject_leans_on_another_is_read_as_such(text):
    assert leans_on_another(text)


@pytest.mark.parametrize("text", [
    "The peasants refused to pay the tithe to the clergy after the bad harvest.",
    "Necker published the royal accounts and showed the cost of the American war.",
    "The clergy paid almost no taxes on their vast estates.",  # "their" is not in the subject
])
def test_a_sentence_with_an_actor_of_its_own_does_not(text):
    assert not leans_on_another(text)


def test_an_explanation_of_the_term_over_it_is_kept():
    text = "This is where a king rules without any parliament or court to restrain him."
    assert leans_on_another(text)
    assert not leans_on_another(text, "Absolutism")  # round 11 titles it "Absolutism: a king rules ..."


NOTES = ("The Estates-General met at Versailles in May 1789 for the first time since 1614.\n\n"
         "The Third Estate declared itself the National Assembly and swore the Tennis Court Oath.\n\n"
         "The Third Estate broke away from the Estates-General and called itself the National Assembly.\n\n"
         "The crown had borrowed heavily to fund the American war and faced bankruptcy in 1788.\n\n"
         "Royal borrowing for the American war left the crown close to bankruptcy by 1788.\n\n"
         "He ordered the guards to close the doors of the hall where the deputies met.\n\n"
         "Bread prices doubled after the failed harvest of 1788 and hunger spread through Paris.\n")


def test_a_single_that_leans_on_another_sentence_is_no_point():
    draft = build_draft([("notes.txt", NOTES)], "Causes of the French Revolution")
    texts = [p.passages[0].text for p in draft.points]
    assert not any(t.startswith("He ordered") for t in texts)
    assert any(t.startswith("Bread prices doubled") for t in texts)  # a single with an actor of its own stays

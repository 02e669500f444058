"""Who met, or made a deal with, whom (marker/facts/meetings.py): the parties of a meeting tied to the event it
names, and the parties of a deal tied to the one fact told by a deal's frame. My own sentences, true and false; a
meeting that names no event, a deal with a group, negation and hedges must abstain."""

from __future__ import annotations

import pytest

from marker.facts import check_facts
from marker.nlp import analyse
from marker.rubric import load_rubric

SOVIET, WEIMAR = "soviet-foreign-policy-1924-41", "weimar-republic-1918-33"


def _party_flags(rubric: str, text: str) -> list[str]:
    return [f.fact for f in check_facts(analyse(text), load_rubric(rubric))
            if f.kind == "person" and " was a party to " in f.claim]


@pytest.mark.parametrize(("text", "fact"), [
    ("Hitler and Schleicher met at the banker's house in Cologne in January 1933 and agreed to work together.",
     "cologne-meeting"),
    ("Hitler met Schleicher at Schröder's house.", "cologne-meeting"),
    ("In January 1933 Schleicher meets Hitler at the banker's house in Cologne.", "cologne-meeting"),  # present tense
    ("Ebert and Ludendorff made a deal that the army would protect the government.", "ebert-groener-pact"),
    ("Ebert made a deal with Ludendorff.", "ebert-groener-pact"),
    ("In November 1918 Ebert did a deal with Ludendorff to keep order.", "ebert-groener-pact"),
])
def test_weimar_wrong_parties(text: str, fact: str) -> None:
    assert _party_flags(WEIMAR, text) == [fact]


@pytest.mark.parametrize("text", [
    "Hitler and Papen met at the banker's house in Cologne in January 1933 and agreed to work together.",  # true
    "Papen met Hitler at Schröder's house.",
    "Ebert and Groener made a deal that the army would protect the government.",
    "Ebert made a deal with General Groener.",
    "Hitler and Schleicher met in January 1933.",              # no event named: they met at other times
    "In November 1918 Ebert did a deal with Hindenburg to keep order.",   # Groener spoke for Hindenburg's command
    "In 1925 Ebert made a deal with Ludendorff.",              # a deal of another year: another deal
    "Ebert and Noske agreed to use the Freikorps.",            # no deal noun
    "Ebert and Noske made a deal with the Freikorps.",         # a party that is not a person
    "Then Schleicher and Hitler made a deal that Hitler would be chancellor.",  # no fact's deal frame names them
    "Hitler and Schleicher did not meet at the banker's house in Cologne.",     # negated
    "Perhaps Hitler and Schleicher met at the banker's house in Cologne.",      # hedged
    "Some say Schleicher met Hitler at Schröder's house.",                     # reported
])
def test_weimar_meetings_abstain(text: str) -> None:
    assert _party_flags(WEIMAR, text) == []


@pytest.mark.parametrize("text", [
    "Stalin and Hitler made a deal in 1939.",
    "Molotov and Ribbentrop made a deal in August 1939.",
    "Stalin made a deal with Hitler.",
    "Molotov met Ribbentrop in Moscow.",
    "Stalin and Matsuoka made a deal in April 1941.",
])
def test_soviet_true_deals_are_not_flagged(text: str) -> None:
    assert _party_flags(SOVIET, text) == []

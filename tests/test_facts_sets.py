"""Closed sets a fact records (the rubric's `sets`, read by marker/facts/lists.py): a conjunct of a closed list tied by
the parse to the set, outside its members, is flagged; open, hedged, negated or other-holder lists, and lists the
parse does not tie to the set, abstain. My own sentences, true and false, and a bad `sets` key."""

from __future__ import annotations

from pathlib import Path

import pytest

from marker.facts import check_facts
from marker.nlp import analyse
from marker.rubric import load_rubric
from tests.conftest import rubric_error

SOVIET = "soviet-foreign-policy-1924-41"


def _set_flags(sentence: str) -> list[tuple[str, str]]:
    return [(f.fact, f.claim) for f in check_facts(analyse(sentence), load_rubric(SOVIET)) if " in the Soviet sphere"
            in f.claim]


@pytest.mark.parametrize(("sentence", "outsider"), [
    ("The secret protocol gave the USSR a sphere of influence in Finland, Estonia, Hungary and the eastern part of "
     "Poland.", "Hungary"),
    ("The Nazi-Soviet Pact gave Stalin eastern Poland, Latvia, Estonia and Norway.", "Norway"),
    ("Its secret protocol handed the Soviet Union a sphere of influence in Latvia, Estonia and Hungary, which alarmed "
     "Britain.", "Hungary"),
])
def test_a_place_outside_the_set_is_flagged(sentence: str, outsider: str) -> None:
    assert _set_flags(sentence) == [("nazi-soviet-pact", f"{outsider} was in the Soviet sphere of the secret protocol")]


@pytest.mark.parametrize("sentence", [
    # true lists, in the same shapes
    "The secret protocol gave the USSR a sphere of influence in Finland, Estonia, Latvia and the eastern part of "
    "Poland.",
    "The secret protocol divides Poland and gives to the Soviet Union a sphere of influence in Finland, Estonia, "
    "Latvia and Bessarabia.",
    "The Nazi-Soviet Pact gave Stalin eastern Poland, Latvia, Estonia and Finland.",
    # open, hedged, negated, conditional
    "The secret protocol gave the USSR a sphere of influence including Finland, Estonia and Hungary.",
    "The secret protocol gave the USSR a sphere of influence in countries such as Finland, Estonia and Hungary.",
    "The secret protocol arguably gave the USSR a sphere of influence in Finland, Estonia and Hungary.",
    "The secret protocol did not give the USSR a sphere of influence in Finland, Estonia and Hungary.",
    "If the secret protocol had given the USSR a sphere of influence in Finland, Estonia and Hungary, war was sure.",
    # the other holder, no holder named, not the set's clause
    "The Nazi-Soviet Pact gave Hitler western Poland, Lithuania and Hungary.",
    "The secret protocol gave a sphere of influence in Finland, Estonia and Hungary.",
    "Hitler later gave the USSR a sphere of influence in Finland, Estonia and Hungary.",
    "The USSR signed trade deals with Finland, Estonia and Hungary after the secret protocol.",
    # a region outside the members may hold some of them; a conjunct the base cannot name
    "The Nazi-Soviet Pact gave Stalin a free hand in the Baltic, Finland and Bessarabia, and Germany got western "
    "Poland.",
    "The secret protocol gave the USSR a sphere of influence in Finland, Estonia and the Balkans.",
])
def test_true_open_or_untied_lists_are_not_flagged(sentence: str) -> None:
    assert _set_flags(sentence) == []


@pytest.mark.parametrize(("old", "new", "message"), [
    ("members: [Finland, Estonia,", "members: [Narnia, Estonia,",
     r"sets -> 0 -> members -> 0 \(line \d+\): fact 'nazi-soviet-pact': 'Narnia' is not an entity"),
    ("holders: [USSR]", "holders: [Soviet Empire]", r"sets -> 0 -> holders -> 0 \(line \d+\)"),
    ("heads: [sphere, give, assign, allocate, allot, grant, hand]", "heads: []", r"sets -> 0 -> heads"),
    ("      - label: the Soviet sphere of the secret protocol\n", "      - label: ''\n", r"sets -> 0 -> label"),
])
def test_a_bad_set_names_the_file_and_key_path(tmp_path: Path, old: str, new: str, message: str) -> None:
    rubric_error(tmp_path, SOVIET, old, new, message)

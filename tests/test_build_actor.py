"""Groups by argument, not by the actor they name (docs/builder.md, sixth round): a sentence's named subject or
agent is read from the parse and set aside (segment.without_actor), and a group whose sentences mostly share an
actor as their subject is clustered again on what is said of that actor (group._by_predicate). Own texts."""

from __future__ import annotations

import pytest

from marker.build.group import _by_predicate, _embed
from marker.build.segment import _idf, _sentences, without_actor


@pytest.mark.parametrize("text, expected, actor", [
    # the named subject goes; a name in what is said (the object, "a pact with Hitler") stays
    ("Stalin knew that he could only obtain his goals through a pact with Hitler.",
     "they knew that he could only obtain his goals through a pact with Hitler.", {"stalin"}),
    ("The USSR fortified its borders and built up its army in the east.",
     "they fortified its borders and built up its army in the east.", {"ussr"}),
    # a passive's actor is its agent, not its subject (the treaty is what is acted on)
    ("The treaty was signed by Stresemann in 1925.", "The treaty was signed by they in 1925.", {"stresemann"}),
    # no named actor: the sentence as it is
    ("The Soviet leadership feared a war on two fronts.", "The Soviet leadership feared a war on two fronts.", set()),
    ("Fear of a war on two fronts pushed Britain towards France.",
     "Fear of a war on two fronts pushed Britain towards France.", set()),
])
def test_without_actor_reads_the_subject_and_agent_from_the_parse(text, expected, actor):
    said, words = without_actor(text)
    assert said == expected
    assert set(words) == actor


def _group(texts: list[str]) -> list[list[int]]:
    sentences = _sentences([("notes.txt", "\n\n".join(texts))])
    assert len(sentences) == len(texts)
    _embed([s.passage.text for s in sentences])
    return _by_predicate([list(range(len(sentences)))], sentences, _idf(sentences))


def test_a_group_held_by_its_actor_parts_by_what_is_said_of_him():
    # four different arguments whose only common ground is who acts
    parts = _group(["Bismarck built a system of alliances to keep France isolated after 1871.",
                    "Bismarck introduced health insurance and pensions to weaken the socialists.",
                    "Bismarck fought the Catholic Church in the Kulturkampf of the 1870s.",
                    "Bismarck unified Germany through three short wars against Denmark, Austria and France."])
    assert len(parts) >= 3


def test_a_group_saying_the_same_of_its_actor_stays_one():
    for texts in (["Bismarck built a system of alliances to keep France isolated in Europe.",
                   "Bismarck made alliances with Austria and Russia to keep France isolated.",
                   "Bismarck used his alliances to keep France isolated and without allies in Europe.",
                   "Bismarck signed alliances so that France stayed isolated in Europe."],
                  ["Bismarck feared that France would seek revenge for the loss of Alsace-Lorraine.",
                   "Bismarck expected France to take revenge for the loss of Alsace-Lorraine.",
                   "Bismarck worried that France wanted revenge for losing Alsace-Lorraine in 1871.",
                   "Bismarck knew that France would want revenge for Alsace-Lorraine."]):
        assert _group(texts) == [[0, 1, 2, 3]]


def test_a_group_without_a_shared_actor_is_left_as_it_is():
    # different arguments, but no name is the subject of half of them: not this rule's business
    texts = ["The alliance system divided Europe into two armed camps.",
             "Health insurance and pensions were meant to weaken the socialists.",
             "The Kulturkampf set the state against the Catholic Church.",
             "Three short wars against Denmark, Austria and France unified Germany."]
    assert _group(texts) == [[0, 1, 2, 3]]

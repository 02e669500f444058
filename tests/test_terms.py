"""Issues 14 and 15: a key term is not found on a phrasal verb or a particle that means something else ("had to back
down" is a retreat, not "backing"), while a term that is the phrasal verb is found on it, also split by its object.
One matcher (marker/terms.py) serves marking and the builder's alignment; each is tested on sentences written here."""

from __future__ import annotations

import pytest

from marker.build import align_points
from marker.nlp import analyse
from marker.rubric import parse_rubric
from tests.rubric_text import RUBRIC_TEXT
from marker.signals import read_terms, rubric_index

_RUBRIC = RUBRIC_TEXT

_POINTS = """  - id: support
    title: The bishops' support for the duke
    kind: factor
    description: The bishops stood behind the duke.
    phrasings: ["The bishops stood behind the duke.", "The duke relied on the bishops."]
    target: Explain the bishops' support.
    key_terms: [backing]
  - id: fund
    title: The guild's relief fund
    kind: factor
    description: The guild founded a relief fund.
    phrasings: ["The guild founded a relief fund.", "A relief fund was founded by the guild."]
    target: Explain the relief fund.
    key_terms: [set up]
"""


@pytest.fixture(scope="module")
def index():
    return rubric_index(parse_rubric(_RUBRIC.format(id="ref", points=_POINTS)))


def _terms(index, text: str) -> dict[str, set[str]]:
    """Point id -> the terms found in the one-sentence text."""
    essay = analyse(text)
    ((found, _),) = read_terms(essay, index, essay.sentences)
    return {index.rubric.points[p].id: set(terms) for p, terms in found.items()}


def test_a_verb_heading_a_particle_is_not_the_single_word_term(index):
    assert _terms(index, "The duke had to back down when the barons marched.") == {}
    assert _terms(index, "The mayor backed down over the tolls.") == {}


def test_the_verb_and_the_noun_without_a_particle_are_still_the_term(index):
    assert _terms(index, "The bishops backed the duke against the barons.") == {"support": {"back"}}
    assert _terms(index, "The bishop's backing gave the duke the courage to fight.") == {"support": {"back"}}


def test_a_term_that_is_the_phrasal_verb_is_found_on_it_also_split_by_its_object(index):
    assert _terms(index, "The guild set up a fund after the flood.") == {"fund": {"set up"}}
    assert _terms(index, "The guild set the fund up after the flood.") == {"fund": {"set up"}}


def test_the_split_phrasal_verb_is_placed_from_the_verb_to_the_particle(index):
    text = "The guild set the fund up after the flood."
    essay = analyse(text)
    ((found, _),) = read_terms(essay, index, essay.sentences)
    ((start, end),) = found[1]["set up"]
    assert text[start:end] == "set the fund up"


def test_the_builders_alignment_reads_the_phrasal_verb_as_marking_does():
    reference = parse_rubric(_RUBRIC.format(id="ref", points=_POINTS))
    draft = parse_rubric(_RUBRIC.format(id="draft", points="""  - id: retreat
    title: The duke had to back down
    kind: factor
    description: The duke gave way.
    phrasings: ["The duke had to back down when the barons marched.", "The mayor backed down over the tolls."]
    target: Explain the retreat.
  - id: bishops
    title: The bishops backed the duke
    kind: factor
    description: The bishops stood behind him.
    phrasings: ["The bishop's backing gave the duke courage.", "The bishops backed the duke in the war."]
    target: Explain the support.
"""))
    assert align_points(draft, reference) == {"retreat": (), "bishops": ("support",)}

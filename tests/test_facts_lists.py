"""Lists of parties read from the parse (marker/facts/lists.py): each conjunct is its own claim, open lists none."""

from __future__ import annotations

import pytest

from marker.facts.claims import parse_sentences
from marker.facts.index import _index
from marker.facts.lists import party_claims, wants_parse
from marker.facts.sentences import _analyse_sentence
from marker.nlp import analyse
from marker.rubric import load_rubric


def _claims(rubric_id: str, sentence: str):
    index = _index(load_rubric(rubric_id))
    doc = analyse(sentence)
    info = _analyse_sentence(index, doc.sentences[0], doc.text, [], [])
    assert wants_parse(index, info)
    parsed = parse_sentences([info], {0})[0]
    return party_claims(index, parsed, info)


@pytest.mark.parametrize("rubric_id, sentence, fact, agents", [
    ("weimar-republic-1918-33", "In 1923 the Ruhr was occupied by French, Belgian and British troops.",
     "ruhr-occupation", ("France", "Belgium", "Britain")),
    ("soviet-foreign-policy-1924-41", "At Munich the leaders of Britain, France and Italy handed the Sudetenland to "
     "Hitler.", "munich", ("Britain", "France", "Italy")),
])
def test_each_conjunct_is_a_party(rubric_id, sentence, fact, agents):
    (claim,) = _claims(rubric_id, sentence)
    assert claim.facts == frozenset({fact}) and claim.agents == agents and claim.modality == "assert"


@pytest.mark.parametrize("sentence", [
    "Powers such as Britain, France and Czechoslovakia signed the Munich Agreement.",
    "At Munich the leaders of Britain and France betrayed Czechoslovakia and the USSR.",
])
def test_open_list_or_other_verb_gives_no_claim(sentence):
    assert _claims("soviet-foreign-policy-1924-41", sentence) == []


@pytest.mark.parametrize("sentence, fact, agents", [
    ("The Stresa Front of Britain, Belgium and Germany did little.", "stresa-front", ("Britain", "Belgium", "Germany")),
    ("The Pact of Steel between Germany, Italy and Japan came in 1939.", "pact-of-steel", ("Germany", "Italy", "Japan")),
    ("The Pact of Steel bound Germany, Italy and Japan.", "pact-of-steel", ("Germany", "Italy", "Japan")),
])
def test_an_agreements_own_list_is_a_claim_of_its_parties(sentence, fact, agents):
    (claim,) = _claims("soviet-foreign-policy-1924-41", sentence)
    assert claim.facts == frozenset({fact}) and claim.agents == agents and claim.polarity


@pytest.mark.parametrize("sentence", [
    "The Stresa Front of powers including Britain, France and Germany did little.",
    "The Stresa Front of Britain, France and Germany, among others, did little.",
    "The Stresa Front of Britain, Germany and others did little.",
    "The Pact of Steel worried Germany, Italy and Japan.",  # not a verb that joins its members
])
def test_an_open_own_list_or_another_verb_gives_no_claim(sentence):
    assert _claims("soviet-foreign-policy-1924-41", sentence) == []

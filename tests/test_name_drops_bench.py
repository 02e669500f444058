"""benchmarks/name_drops.py (issue 14, round 4): its parse readings of how a sentence carries a point, on our own
sentences, so the mechanism table counts what its headings say."""

from marker.nlp import analyse, sentence_parses
from tests.conftest import load_benchmark


def _read(text: str, *names: str):
    """The parse of a one-sentence essay and the sentence offsets of each name."""
    essay = analyse(text)
    doc = sentence_parses(essay, [0])[0]
    return doc, [(text.index(n), text.index(n) + len(n)) for n in names]


def test_a_chronicle_of_verb_phrases_coordinates_each_name_with_the_others():
    bench = load_benchmark("name_drops")
    doc, (league, france) = _read("The USSR joined the League of Nations in 1934 and made a pact with France in "
                                  "1935.", "League of Nations", "France")
    assert bench.coordinated_with_other(doc, [league], [france])
    assert bench.coordinated_with_other(doc, [france], [league])


def test_a_name_that_is_what_the_clause_asserts_is_not_coordinated():
    bench = load_benchmark("name_drops")
    doc, (munich, stalin) = _read("Munich convinced Stalin that the West could not be trusted.", "Munich", "Stalin")
    assert not bench.coordinated_with_other(doc, [munich], [stalin])  # subject and object: not conjuncts


def test_a_name_in_a_because_clause_is_subordinate_and_the_main_clause_is_not():
    bench = load_benchmark("name_drops")
    doc, (pact, hitler) = _read("Stalin signed the pact because he feared that Hitler would attack.", "pact",
                                "Hitler")
    assert bench.in_subordinate_clause(doc, [hitler])
    assert not bench.in_subordinate_clause(doc, [pact])
    assert not bench.in_subordinate_clause(doc, [pact, hitler])  # every place must be subordinate

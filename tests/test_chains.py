"""A point stated where its explanation follows (issue 14 part 1, round 6): a sentence heads an explanation chain
when the next sentence of its paragraph takes it up ("This", "it", "the pact", "So ...") and explains; a sentence
may be about two points when each is an argument of its own coordinated clause, never when one clause lists them."""

import numpy as np
import pytest

from marker.match import argued
from marker.moves import Argument, _clauses, _refers_back
from marker.nlp import analyse, get_parser
from marker.rubric import load_rubric
from marker.signals import sentence_signals

SOVIET = "soviet-foreign-policy-1924-41"


def _parse(text):
    return get_parser()(text)[:]


@pytest.mark.parametrize("text, previous, expected", [
    ("This was a success because the USSR was less isolated.", "", True),
    ("It kept the USSR out of the war.", "", True),
    ("This decision meant that Stalin gained time.", "", True),
    ("Its failure showed that the West could not be trusted.", "", True),
    ("The pact meant that Stalin gained time.", "in 1939 stalin sign the nazi - soviet pact", True),
    ("So Stalin needed time to rebuild the army.", "", True),
    ("As a result, Stalin could not trust the West.", "", True),
    ("Security in the east was therefore a real gain.", "", True),
    ("The pact meant that Stalin gained time.", "in 1938 britain and france sign the munich agreement", False),
    ("Stalin needed time to rebuild the army.", "", False),
    ("After this, Hitler invaded Poland.", "", False),
    ("Stalin feared Germany, so he needed time.", "", False),  # "so" joining its own clauses takes up nothing
    ("For this they made the Comintern in 1919.", "", False),  # a purpose, not a consequence
    ("Britain and France did not trust Stalin because of the purges.", "", False),
])
def test_a_sentence_takes_up_the_one_before(text, previous, expected):
    assert _refers_back(_parse(text), frozenset(previous.split())) is expected


def test_two_coordinated_clauses_each_get_a_span_without_their_subordinate_clauses():
    text = "The purges of 1937 left the Red Army weak, and Stalin needed time to rebuild it."
    spans = _clauses(_parse(text), 0)
    assert [text[a:b] for a, b in spans] == ["The purges of 1937 left the Red Army weak", "Stalin needed time"]


@pytest.mark.parametrize("text", [
    "Stalin signed pacts with France, Czechoslovakia and Japan.",  # one clause listing names
    "Stalin joined the League, signed pacts with France and backed the Popular Fronts.",  # a string of events
    "Stalin needed time because the purges had left the Red Army weak.",  # subordination, not coordination
])
def test_lists_strings_of_events_and_subordinate_clauses_are_not_two_clauses(text):
    assert _clauses(_parse(text), 0) == []


def _argument(roles, explains, paragraph, refers_back):
    n = len(roles)
    none = np.zeros(n, dtype=bool)
    return Argument(tuple(roles), np.array(explains), none, none, none, ((),) * n, np.array(paragraph), (None,) * n,
                    ((),) * n, np.array(refers_back), ((),) * n)


def test_the_head_of_a_chain_is_argued_by_the_explanation_that_takes_it_up():
    arg = _argument(["argument"] * 3, [False, True, False], [0, 0, 0], [False, True, False])
    about = np.array([True, False, False])
    assert not arg.argues(about).any()
    assert arg.chained(about).tolist() == [True, False, False]


def test_a_chain_may_run_through_one_sentence_that_takes_it_up_without_explaining():
    arg = _argument(["argument"] * 3, [False, False, True], [0, 0, 0], [False, True, True])
    assert arg.chained(np.array([True, False, False])).tolist() == [True, False, False]


@pytest.mark.parametrize("explains, paragraph, refers_back, roles", [
    ([False, False, True], [0, 0, 0], [False, False, True], ["argument"] * 3),  # the explanation is two away
    ([False, True, False], [0, 1, 1], [False, True, False], ["argument"] * 3),  # in the next paragraph
    ([False, False, False], [0, 0, 0], [False, True, True], ["argument"] * 3),  # nothing explains
    ([False, True, False], [0, 0, 0], [False, True, False], ["signpost", "argument", "argument"]),  # a signpost
])
def test_no_chain(explains, paragraph, refers_back, roles):
    arg = _argument(roles, explains, paragraph, refers_back)
    assert not arg.chained(np.array([True, False, False])).any()


@pytest.fixture(scope="module")
def soviet():
    return load_rubric(SOVIET)


def _p(rubric, point_id):
    return next(i for i, p in enumerate(rubric.points) if p.id == point_id)


HEAD = "Litvinov switched Soviet policy to collective security."


def test_a_plain_statement_taken_up_by_an_explanation_is_argued(soviet):
    p = _p(soviet, "litvinov-collective-security")
    follower = "This shows that security mattered more than ideology, because Stalin worked with capitalist states."
    sig = sentence_signals(analyse(f"{HEAD} {follower}"), soviet)
    assert sig.about[0, p] and not sig.argument.explains[0]
    assert not sig.about[1, p]  # the explanation is another point's sentence (realpolitik) ...
    assert sig.argument.refers_back[1] and sig.argument.explains[1]  # ... but takes the statement up
    assert not sig.argument.argues(sig.about[:, p]).any()  # no sentence argues it by its own reading
    assert argued(sig, p).tolist() == [True, False]


def test_an_explanation_about_something_else_does_not_argue_the_statement(soviet):
    p = _p(soviet, "litvinov-collective-security")
    sig = sentence_signals(analyse(f"{HEAD} Trotsky was exiled because Stalin feared him."), soviet)
    assert sig.about[0, p] and not sig.argument.refers_back[1]
    assert not argued(sig, p).any()


def test_a_list_of_names_taken_up_by_this_stays_partial(soviet):
    """A name-drop paragraph: one sentence naming the rubric's points (the parser breaks the list, so the list
    reading alone does not catch it), then "This was because ...": no point is argued, so none is more than
    partial (match.gated)."""
    text = ("Stalin's policy involved the League of Nations, the Franco-Soviet Pact, the pact with Czechoslovakia "
            "and the Popular Fronts. This was because he wanted security.")
    sig = sentence_signals(analyse(text), soviet)
    assert sig.argument.refers_back[1] and sig.argument.explains[1]
    for pid in ("league-of-nations", "franco-soviet-pact", "czech-pact", "popular-fronts"):
        assert not argued(sig, _p(soviet, pid)).any(), pid


def test_a_point_named_in_its_own_coordinated_clause(soviet):
    text = "Stalin did not trust Britain and France after Munich, and he signed the Nazi-Soviet Pact."
    sig = sentence_signals(analyse(text), soviet)
    munich, pact = _p(soviet, "munich-exclusion"), _p(soviet, "nazi-soviet-pact")
    assert len(sig.argument.clauses[0]) == 1  # "Britain and France": the first clause lists, no span of its own
    assert sig.own_clause(0, pact)  # the pact has the second clause to itself
    assert not sig.own_clause(0, munich)  # Munich only dates the first clause ("after Munich")


@pytest.mark.parametrize("second", ["he signed pacts with France, Czechoslovakia and Germany",
                                    "he signed pacts with France and Czechoslovakia"])
def test_a_point_named_beside_another_in_one_clause_has_no_clause_of_its_own(soviet, second):
    sig = sentence_signals(analyse(f"Stalin joined the League of Nations, and {second}."), soviet)
    assert len(sig.argument.clauses[0]) == 1  # the clause listing the pacts has no span of its own
    assert sig.own_clause(0, _p(soviet, "league-of-nations"))
    assert not sig.own_clause(0, _p(soviet, "czech-pact"))
    assert not sig.own_clause(0, _p(soviet, "franco-soviet-pact"))


def test_the_own_clause_reading_only_adds_a_sentence_to_a_point_no_sentence_was_about(soviet):
    """A point named in its own clause of a sentence that is another point's is about that sentence only when no
    other sentence is about it: the reading recovers a point, never adds weight to one already read."""
    text = "Stalin did not trust Britain and France after Munich, and he signed the Nazi-Soviet Pact."
    sig = sentence_signals(analyse(text), soviet)
    about = sig.about
    for p in range(about.shape[1]):
        if about[0, p] and not (sig.sims[0, p] >= sig.sims[0].max() - 0.10 and p in sig.hits[0]):
            assert sig.own_clause(0, p) or sig.sims[0, p] >= 0.5

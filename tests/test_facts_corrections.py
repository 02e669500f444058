"""The correct fact a flag shows answers the slip it flags: a wrong member of a sphere of influence is answered with
the sphere's members, a wrong figure with the figure, a wrong winner with the winner, never with another part of the
fact (the pact's signing date for "Hungary was in the Soviet sphere"). Sentences are our own."""

import pytest

from marker.facts import check_facts
from marker.nlp import analyse
from marker.rubric import load_rubric


@pytest.fixture(scope="module")
def soviet():
    return load_rubric("soviet-foreign-policy-1924-41")


@pytest.fixture(scope="module")
def weimar():
    return load_rubric("weimar-republic-1918-33")


def _only_flag(text, rubric):
    flags = check_facts(analyse(text), rubric)
    assert len(flags) == 1, [f.claim for f in flags]
    return flags[0]


def test_a_wrong_member_of_a_set_is_answered_with_the_set(soviet):
    flag = _only_flag("The secret protocol gave Stalin a sphere of influence over Latvia, Hungary, Estonia and "
                      "Bessarabia.", soviet)
    assert flag.kind == "side"
    assert "Bessarabia" in flag.correction and "Finland" in flag.correction


def test_a_wrong_figure_is_answered_with_the_figure(weimar):
    flag = _only_flag("Hyperinflation peaked in November 1923, when a dollar was worth 4.2 billion marks.", weimar)
    assert flag.kind == "quantity"
    assert "trillion" in flag.correction


def test_a_wrong_winner_is_answered_with_the_winner(soviet):
    flag = _only_flag("The Soviet Union lost the battle of Khalkhin Gol.", soviet)
    assert flag.kind == "outcome"
    assert "won" in flag.correction


def test_a_wrong_date_keeps_the_short_correction(soviet):
    """The short correction is written for the date: a date slip shows it, not the whole statement."""
    fact = next(f for f in soviet.facts if f.id == "ussr-joins-league")
    flag = _only_flag("The USSR joined the League of Nations in 1936.", soviet)
    assert flag.kind == "date" and fact.correction and flag.correction == fact.correction


@pytest.mark.parametrize("rubric_id", ["soviet-foreign-policy-1924-41", "weimar-republic-1918-33",
                                       "wwi-origins-1890-1914"])
def test_every_statement_holds_the_outcome_it_is_checked_for(rubric_id):
    """A flag about a winner shows the statement, so a fact that records winners says in its statement who won."""
    for fact in load_rubric(rubric_id).facts:
        if fact.winners:
            said = fact.statement.lower()
            assert any(w.lower() in said for w in fact.winners) or " won" in said or "victory" in said, fact.id


def test_a_person_who_did_not_sign_is_answered_with_those_who_did(soviet):
    flag = _only_flag("The Soviet-Japanese Neutrality Pact was signed in Moscow by Stalin and Konoe in April 1941.",
                      soviet)
    assert flag.kind == "person"
    assert "Matsuoka" in flag.correction and "Molotov" in flag.correction
    flag = _only_flag("Daladier signed the Franco-Soviet Pact in May 1935.", soviet)
    assert "Laval" in flag.correction


def test_a_correction_that_names_the_signatories_is_left_as_it_is(soviet):
    flag = _only_flag("Litvinov and Ribbentrop signed the Nazi-Soviet Pact.", soviet)
    assert "Molotov" in flag.correction and "Made by" not in flag.correction


def test_a_person_given_a_title_they_never_held_is_answered_with_their_own_post(soviet):
    flag = _only_flag("In 1938 Voroshilov, the Soviet foreign commissar, inspected the army.", soviet)
    assert flag.fact == "voroshilov-defence"
    assert flag.correction.startswith("Voroshilov was Commissar for Defence") and "Trotsky" not in flag.correction

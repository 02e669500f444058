"""Membership at a time (marker/facts/membership.py) and the rubric's `membership` key. My own sentences, true and
false, in the hard shapes (no apostrophe, relative clause, "when" clause, "at the time of", present tense, "outside",
coordination); the edges and hedges must abstain."""

from __future__ import annotations

from pathlib import Path

import pytest

from marker.facts import check_facts
from marker.nlp import analyse
from marker.rubric import load_rubric
from tests.conftest import rubric_error

SOVIET, WEIMAR = "soviet-foreign-policy-1924-41", "weimar-republic-1918-33"


def _membership_flags(rubric: str, sentence: str) -> list[str]:
    return [f.fact for f in check_facts(analyse(sentence), load_rubric(rubric)) if f.kind == "membership"]


@pytest.mark.parametrize(("sentence", "fact"), [
    ("The Soviet Union wasnt in the League of Nations in 1935.", "ussr-league-membership"),
    ("In 1936 the USSR is not a member of the League.", "ussr-league-membership"),
    ("The USSR wasnt even in the League when Italy invaded Abyssinia.", "ussr-league-membership"),
    ("The Soviet Union was not a member of the League at the time of Munich.", "ussr-league-membership"),
    ("The USSR was outside the League in 1937, so it could do nothing.", "ussr-league-membership"),
    ("The USSR was a member of the League in 1930.", "ussr-league-membership"),
    ("Stalin's Russia was already part of the League when Hitler became chancellor.", "ussr-league-membership"),
    ("Germany, which was still in the League in 1937, signed the Anti-Comintern Pact.", "germany-league-membership"),
    ("Japan was not in the League in 1931 when it invaded Manchuria.", "japan-league-membership"),
    ("In 1938 the Soviet Union wasnt a member of the League at the time of Munich.", ""),  # two times: abstain
    ("Japan was not in the League in 1931.", "japan-league-membership"),
    ("Italy remained outside the League in 1935.", "italy-league-membership"),
    ("Italy was part of the Anti-Comintern Pact in 1936.", "anti-comintern-membership-italy"),  # an alliance
    ("Germany wasnt part of the Anti-Comintern Pact in 1938.", "anti-comintern-membership-germany"),
    ("The USSR was no longer in the League in 1936.", "ussr-league-membership"),
    ("In 1936 the USSR still wasnt a League member.", "ussr-league-membership"),
    ("The USSR was not only a member of the League in 1930 but led it.", "ussr-league-membership"),
])
def test_soviet_membership_claims(sentence: str, fact: str) -> None:
    assert _membership_flags(SOVIET, sentence) == ([fact] if fact else [])


@pytest.mark.parametrize("sentence", [
    "The USSR was in the League in 1935.",                       # true
    "The USSR was still in the League when Germany invaded Poland.",
    "The USSR was not in the League in 1933.",
    "The USSR was not in the League in 1934.",                   # the year it joined: the edge
    "The USSR was a member of the League during the Winter War.",  # the war spans the expulsion
    "Germany was still in the League in 1934.",                  # between notice and effect
    "Germany and the USSR were both in the League in 1935.",
    "The USSR remained outside the League until 1934.",          # a date of change, not a state
    "By 1935 the USSR was in the League.",
    "The USSR was in the League from 1934 to 1939.",
    "Perhaps the USSR wasnt in the League in 1935.",             # hedged
    "Stalin thought the USSR was not in the League in 1936.",    # reported
    "If the USSR had been in the League in 1931, it would have acted.",
    "Was the USSR in the League in 1930?",
    "Britain and France, who were in the League in 1935, did nothing.",  # no recorded membership
    "Litvinov was in the League in 1930 as an observer.",        # a person is not a member state
    "The USSR was the leading voice in the League in 1930.",     # "in" is not on the verb
    "The USSR was not only in the League in 1935 but also on its Council.",  # "not only": no negation
    "The USSR was not just a member of the League in 1936, it led the call for sanctions.",
    "In 1935 the USSR was a member of the League, but Germany was not.",
    "In 1930 the USSR was not yet a League member.",
    "Japan was in the Anti-Comintern Pact in 1936.",             # the year it signed: the edge
    "In 1938 Italy was part of the Anti-Comintern Pact.",
    "Germany was not yet part of the Anti-Comintern Pact in 1935.",
    "Even in 1935 the USSR wasnt a member of the Council of the League.",  # the Council, not the League
])
def test_soviet_membership_abstains_on_true_edges_and_hedges(sentence: str) -> None:
    assert _membership_flags(SOVIET, sentence) == []


@pytest.mark.parametrize(("sentence", "flagged"), [
    ("Germany was in the League in 1924.", True),
    ("In 1925, Germany wasnt a member of the League.", False),
    ("Germany was a member of the League in 1925 when Locarno was signed.", True),
    ("Germany, which was already part of the League in 1923, faced the Ruhr crisis.", True),
    ("Germany was not in the League in 1928.", True),
    ("Germany was not in the League in 1926.", False),          # the year it joined
])
def test_weimar_membership_claims(sentence: str, flagged: bool) -> None:
    assert _membership_flags(WEIMAR, sentence) == (["germany-league-membership"] if flagged else [])


@pytest.mark.parametrize(("old", "new", "message"), [
    ("      member: Germany\n", "      member: Narnia\n",
     r"membership -> member \(line \d+\): fact 'germany-league-membership': 'Narnia' is not an entity"),
    ("      joined: {start: 1926-09-08, precision: month}", "      joined: {start: 1936-09-08, precision: month}",
     r"membership -> left \(line \d+\): fact 'germany-league-membership': left before it joined"),
    ("      joined: {start: 1926-09-08, precision: month}", "      joined: {start: 2126-09-08, precision: month}",
     r"membership -> joined -> start \(line \d+\): 2126-09-08 is outside the rubric's years"),
    ("      joined: {start: 1926-09-08, precision: month}", "      joined: {start: 1926-02-30, precision: month}",
     r"membership -> joined -> start"),
    ("      organisation: League of Nations\n", "      organization: League of Nations\n", r"membership"),
    ("      organisation: League of Nations\n", "      organisation: League of Notions\n",
     r"membership -> organisation \(line \d+\): .*'League of Notions' is not an entity of the rubric or a fact's id"),
])
def test_a_bad_membership_names_the_file_and_key_path(tmp_path: Path, old: str, new: str, message: str) -> None:
    rubric_error(tmp_path, WEIMAR, old, new, message)

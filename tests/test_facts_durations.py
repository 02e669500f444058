"""How long an event lasted or was agreed to last (marker/facts/durations.py) and the rubric's `durations` key. My
own sentences, true and false: the term told with "was to", "was supposed to", "signed for", "a period of"; the length
told with "lasted" and "after N weeks" on a verb of ending; the bounds ("less than", "more than"); and the edges,
hedges and other spans ("two years of planning") that must abstain."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from marker.facts import check_facts, untested
from marker.nlp import analyse
from marker.rubric import load_rubric
from tests.conftest import ROOT, rubric_error

SOVIET, WEIMAR = "soviet-foreign-policy-1924-41", "weimar-republic-1918-33"
PACT = "The Nazi-Soviet Pact was signed in August 1939. "


def _duration_flags(rubric: str, text: str) -> list[str]:
    return [f.fact for f in check_facts(analyse(text), load_rubric(rubric)) if f.kind == "duration"]


@pytest.mark.parametrize(("text", "fact"), [
    (PACT + "The treaty itself was short and was to last for twenty-five years.", "nazi-soviet-pact"),
    (PACT + "The pact promised that the two countries would not attack each other, and it was supposed to last for "
            "twenty years.", "nazi-soviet-pact"),
    ("The Nazi-Soviet Pact was signed for five years.", "nazi-soviet-pact"),
    ("The Nazi-Soviet Pact was signed for a period of five years.", "nazi-soviet-pact"),
    ("The Nazi-Soviet Pact was meant to last 20 years.", "nazi-soviet-pact"),
    ("The Nazi-Soviet Pact lasted for ten years.", "nazi-soviet-pact"),      # the term told as its real length
    ("The Nazi-Soviet Pact lasts for ten years.", "nazi-soviet-pact"),       # tense does not matter
    ("In November 1939 the Soviet Union invades Finland. This is the Winter War. Finland surrenders after only two "
     "weeks.", "winter-war"),
    ("The Winter War lasted about two weeks.", "winter-war"),
    ("The Winter War lasted less than six weeks.", "winter-war"),
    ("The Winter War lasted more than six months.", "winter-war"),
    ("The Winter War started in 1939. The Finns gave up after two weeks.", "winter-war"),
])
def test_soviet_duration_claims(text: str, fact: str) -> None:
    assert _duration_flags(SOVIET, text) == [fact]


@pytest.mark.parametrize("text", [
    PACT + "The treaty itself was short and was to last for ten years.",   # true
    "The Nazi-Soviet Pact was signed for ten years but lasted less than two years.",
    "The Nazi-Soviet Pact was meant to last ten years but lasted only 22 months.",
    "The Nazi-Soviet Pact lasted nearly two years.",
    "The Winter War lasted more than three months.",
    "The Winter War lasted less than four months.",
    "The Winter War lasted 104 days.",
    "In November 1939 the Soviet Union invaded Finland in the Winter War. Finland surrendered after more than three "
    "months.",
    "The Winter War did not last two weeks.",                               # negated
    PACT + "Perhaps the treaty was to last for twenty-five years.",          # hedged
    PACT + "If Hitler had kept to it, the pact was supposed to last for twenty years.",  # conditional
    PACT + "Stalin thought the pact was supposed to last for twenty years.",  # reported
    PACT + "It was to last for twenty-five years.",                          # "it" with nothing to stand for
    PACT + "Stalin hoped the treaty would last for two years.",
    "The Nazi-Soviet Pact bought Stalin two years.",                         # not a duration of the pact
    "The Nazi-Soviet Pact gave Stalin almost two years to prepare.",
    "Two years later the Nazi-Soviet Pact collapsed.",                       # a date, not a duration
    "The Winter War began two weeks after the Soviet ultimatum.",
    "Finland surrendered after two weeks of heavy bombing.",                 # no event named near it
    "The Winter War started in 1939. The Red Army broke through after two weeks.",  # not a side's ending
    "Did the Winter War last two weeks?",
])
def test_soviet_duration_abstains_on_true_claims_edges_and_hedges(text: str) -> None:
    assert _duration_flags(SOVIET, text) == []


@pytest.mark.parametrize(("text", "flagged"), [
    ("The Kapp Putsch lasted two weeks.", True),
    ("The Kapp Putsch of 1920 collapsed after about four weeks when the unions called a general strike.", True),
    ("The Kapp Putsch lasted four days.", False),
    ("The Kapp Putsch collapsed after just five days.", False),
    ("The Kapp Putsch collapsed within a week.", False),
    ("The Kapp Putsch collapsed after two years of planning.", False),   # a span of something else
])
def test_weimar_duration_claims(text: str, flagged: bool) -> None:
    assert _duration_flags(WEIMAR, text) == (["kapp-putsch"] if flagged else [])


@pytest.mark.parametrize(("old", "new", "message"), [
    ("{kind: length, value: 4, unit: day,", "{kind: length, value: 40, unit: day,",
     r"facts -> 5 -> durations -> 0 -> value \(line \d+\): fact 'kapp-putsch': a length of 40 day\(s\) \(40 days\), "
     r"but its date runs 4 days"),
    ("{kind: length, value: 4, unit: day,", "{kind: length, value: 4, unit: fortnight,",
     r"durations -> 0 -> unit"),
    ("{kind: length, value: 4, unit: day,", "{kind: span, value: 4, unit: day,", r"durations -> 0 -> kind"),
    ("{kind: length, value: 4, unit: day,", "{kind: length, value: -4, unit: day,", r"durations -> 0 -> value"),
    ("{kind: length, value: 4, unit: day, tolerance: 0.25, source: \"topics/weimar/facts.md (kapp-putsch, 13-17 "
     "March 1920)\"}", "{kind: length, value: 4, unit: day}", r"durations -> 0 -> source"),
])
def test_a_bad_duration_names_the_file_and_key_path(tmp_path: Path, old: str, new: str, message: str) -> None:
    rubric_error(tmp_path, WEIMAR, old, new, message)


def test_a_second_term_is_an_error(tmp_path: Path) -> None:
    old = "      - {kind: term, value: 10, unit: year,"
    rubric_error(tmp_path, SOVIET, old, old.replace("10", "5") + " source: x}\n" + old,
                 r"durations -> 1 -> kind \(line \d+\): fact 'nazi-soviet-pact': a second term")


def test_rubric_check_reports_what_it_cannot_test(tmp_path: Path) -> None:
    assert untested(load_rubric(WEIMAR)) == []
    text = (ROOT / "rubrics" / f"{WEIMAR}.yaml").read_text(encoding="utf-8")
    kapp = text.index("  - id: kapp-putsch")
    text = text[:kapp] + text[kapp:].replace("    verified: true\n", "    verified: false\n", 1)
    path = tmp_path / f"{WEIMAR}.yaml"
    path.write_text(text, encoding="utf-8")
    notes = untested(load_rubric(path))
    assert notes == ["fact 'kapp-putsch': its durations are never checked: the fact is not verified"]
    out = subprocess.run([sys.executable, "-m", "marker", "rubric", "check", str(path)], capture_output=True,
                         text=True, cwd=ROOT, check=True).stdout
    assert "  cannot test: fact 'kapp-putsch': its durations are never checked" in out

"""Bad and unusual input for the fact checker: very long sentences, unbalanced quotes and brackets, runs of symbols,
other languages; and the parser is only run on the sentences that need it."""

from __future__ import annotations

import time

import pytest

import marker.facts.grammar as grammar
from marker.facts import check_facts
from marker.nlp import analyse
from marker.rubric import load_rubric

SOVIET = load_rubric("soviet-foreign-policy-1924-41")


def test_facts_sentence_of_500_words_is_read_without_error() -> None:
    clause = "and the USSR joined the League of Nations in 1934 because it feared Germany"
    text = "In the 1930s " + ", ".join([clause] * 36) + "."
    assert len(text.split()) > 500
    assert check_facts(analyse(text), SOVIET) == ()
    wrong = "The USSR joined the League of Nations in 1936, " + ", ".join(["and Stalin worried about Hitler"] * 90)
    assert {f.fact for f in check_facts(analyse(wrong + "."), SOVIET)} <= {"ussr-joins-league"}


@pytest.mark.parametrize("text", [
    'The "Nazi-Soviet Pact (signed in August 1939 shocked the West.',
    "Stalin's 'socialism in one country [1924] changed the aims)) of the USSR.",
    "((((( The USSR joined the League of Nations in 1934.",
    "The USSR joined the League of Nations in 1934 \u201cbecause of Hitler.",
])
def test_facts_unbalanced_quotes_and_brackets_raise_nothing_and_flag_nothing_true(text: str) -> None:
    assert check_facts(analyse(text), SOVIET) == ()


@pytest.mark.parametrize("text", [
    "Der Nichtangriffspakt wurde 1941 in Moskau von Molotow und Ribbentrop unterzeichnet.",
    "Le pacte germano-soviétique fut signé à Moscou en 1941 par Molotov et Ribbentrop.",
    "El pacto fue firmado en 1941 por Molotov y Ribbentrop en Moscú.",
    "Пакт Молотова-Риббентропа был подписан в 1941 году.",
])
def test_facts_other_languages_get_no_flags(text: str) -> None:
    assert check_facts(analyse(text), SOVIET) == ()


@pytest.mark.parametrize("junk", [" " * 10_000, "(" * 10_000, ", ," * 4_000, "!?" * 5_000])
def test_facts_runs_of_spaces_and_symbols_stay_linear(junk: str) -> None:
    text = f"The Nazi-Soviet Pact {junk} was signed in 1941."
    t = time.perf_counter()
    flags = check_facts(analyse(text), SOVIET)
    assert time.perf_counter() - t < 10.0
    assert flags == ()  # not prose: abstain


def test_facts_parser_runs_only_on_sentences_that_need_it(monkeypatch) -> None:
    seen: list[int] = []
    real = grammar.parse_sentences

    def spy(infos, wanted, essay=None):
        seen.extend(infos[k].sentence.text for k in wanted)
        return real(infos, wanted, essay)

    monkeypatch.setattr(grammar, "parse_sentences", spy)
    text = ("Stalin wanted security above all. The West did not trust him. Collective security was an idea. "
            "Ribbentrop, the Soviet foreign minister, signed the pact. The USSR joined the League of Nations in 1936.")
    flags = check_facts(analyse(text), SOVIET)
    assert {f.fact for f in flags} >= {"ussr-joins-league"}
    assert len(seen) == 2 and all("Ribbentrop" in s or "1936" in s for s in seen)

"""The reach of a hedge read from the parse (marker/facts/hedges.py), and the frame verbs English adds to a frame."""

from __future__ import annotations

import pytest

from marker.facts.claims import asserted
from marker.facts.hedges import hedge_scope, hedged
from marker.facts.index import _index
from marker.nlp import get_parser
from marker.rubric import load_rubric


def _words(sentence: str) -> tuple[set[str], set[str]]:
    doc = get_parser()(sentence)
    scope = hedge_scope(doc)
    return {t.lower_ for t in doc if t.i in scope}, {t.lower_ for t in doc if t.i not in scope and not t.is_punct}


def test_a_hedge_on_an_adjective_governs_only_its_phrase() -> None:
    inside, outside = _words("The pact, signed with Matsuoka, the Japanese prime minister, was a success and "
                             "arguably the most important of the period.")
    assert {"arguably", "important", "period"} <= inside
    assert {"matsuoka", "minister", "signed", "pact"} <= outside


def test_an_opening_adverb_hedges_the_whole_sentence() -> None:
    inside, outside = _words("Perhaps Stalin sacked Litvinov and Molotov signed the pact in 1938.")
    assert {"stalin", "molotov", "signed", "1938"} <= inside
    assert not outside


def test_a_hedging_verb_governs_its_clause_not_a_later_main_clause() -> None:
    inside, outside = _words("I think Stalin sacked Litvinov in May, but Molotov signed the pact in 1938.")
    assert {"think", "stalin", "sacked", "litvinov"} <= inside
    assert {"molotov", "signed", "pact", "1938"} <= outside


def test_a_hedge_inside_a_relative_clause_governs_that_clause() -> None:
    inside, outside = _words("The USSR joined the League, which was arguably a mistake, in 1934.")
    assert "mistake" in inside
    assert {"joined", "league"} <= outside


def test_no_hedge_no_scope() -> None:
    assert hedge_scope(get_parser()("The USSR joined the League in 1934.")) == frozenset()


@pytest.mark.parametrize(("sentence", "word", "expected"), [
    # a main clause with its own subject after "but" is the writer's own claim, not what "some people say"
    ("Some people say sacking Litvinov was a signal, but Molotov only took over after the pact was signed.", "took",
     True),
    ("Some people say Molotov only took over after the pact was signed.", "took", False),
    # a clause coordinated inside what is reported stays reported; a shared subject stays under the negation
    ("Stalin feared that Hitler would attack and that the USSR joined the League.", "joined", False),
    ("Stalin did not sign a pact with Hitler and invade Poland.", "invade", False),
])
def test_asserted_reads_coordinated_main_clauses(sentence: str, word: str, expected: bool) -> None:
    doc = get_parser()(sentence)
    tok = next(t for t in doc if t.lower_ == word)
    assert asserted(tok) is expected


def test_a_hedge_on_one_word_of_a_clause_holds_back_the_clause_claim() -> None:
    doc = get_parser()("Molotov and perhaps Chicherin signed the Nazi-Soviet Pact.")
    assert hedged(next(t for t in doc if t.lower_ == "signed"))
    doc = get_parser()("The Red Army lost at Khalkhin Gol, and this was probably a shock to Stalin.")
    assert not hedged(next(t for t in doc if t.lower_ == "lost"))
    assert hedged(next(t for t in doc if t.lower_ == "shock"))


def test_frame_verbs_gain_english_synonyms_in_every_tense() -> None:
    index = _index(load_rubric("soviet-foreign-policy-1924-41"))
    verbs = {" ".join(v) for fr in index.frames if fr.fact == "prague" and not fr.denies for v in fr.verbs}
    assert {"entered", "enters", "went into", "goes into"} <= verbs

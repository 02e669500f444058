"""One rule for misspellings (marker/spelling.py), used by both its callers with the same limits: the fact
checker's proper names (marker/facts/index.py) and the matcher's content words (marker/signals.py)."""

from __future__ import annotations

from marker.defaults import FACT_DEFAULTS
from marker.facts.index import _Index
from marker.signals import rubric_index
from marker.spelling import MIN_LENGTH, Speller


def test_the_fact_checker_and_the_matcher_read_misspellings_by_the_one_rule(rubric):
    facts = _Index(rubric)
    assert isinstance(facts.speller, Speller) and isinstance(rubric_index(rubric).speller, Speller)
    assert facts.speller.threshold == rubric.thresholds.fuzzy_name == rubric_index(rubric).speller.threshold
    assert MIN_LENGTH == FACT_DEFAULTS["fuzzy_min_length"]  # one limit for both, kept with the fact checker's
    assert facts.correct("hitlr") == "hitler" and facts.correct("polland") == "poland"  # misspelt names
    assert facts.correct("germanny") == "germany"
    assert facts.correct("hitler") is None  # already the fact base's spelling
    assert facts.correct("hitlerism") is None  # another form of a name, not a misspelling
    assert facts.correct("jitler") is None  # the first letter must agree
    assert facts.correct("hitl") is None  # under the length limit: never corrected
    assert all(len(t) >= MIN_LENGTH and t.isalpha() for t in facts.speller.targets)


def test_a_swap_of_two_letters_and_a_doubled_last_letter_are_slips_not_other_words():
    speller = Speller(["signed", "until", "against"], 88)
    assert speller.correct("agaisnt") == "against"  # two neighbours swapped: one slip (the ratio alone says two)
    assert speller.correct("singed") == "signed"  # the rule alone; the fact checker knows "singed" is English
    assert speller.correct("untill") == "until"  # a last letter doubled is no derivation
    assert speller.correct("snigged") is None and speller.correct("isgned") is None  # not one swap after the first
    assert Speller(["nazi"], 88).correct("nazism") is None


def test_the_fact_checker_reads_misspelt_cue_words_by_the_one_rule_in_the_essay_as_written(rubric):
    from marker.facts import check_facts
    from marker.facts.index import _index
    from marker.facts.spelled import cue_speller, spelled
    from marker.nlp import analyse

    speller = cue_speller(_index(rubric))
    assert speller.threshold == rubric.thresholds.fuzzy_name
    assert speller.correct("untill") == "until"
    # a form of an English word is no misspelling ("singe" is English, "buy" too), as the matcher reads lemmas
    assert speller.correct("singed") is None and speller.correct("bought") is None
    essay = analyse("The USA didnt recognise the USSR untill 1936. It traded with Germany.")
    respelt, changed = spelled(essay, _index(rubric))
    assert changed == {0} and len(respelt.text) == len(essay.text) and "until  1936" in respelt.text
    flags = check_facts(essay, rubric)
    assert [f.fact for f in flags] == ["us-recognition"] and "untill" in flags[0].text  # quoted as written
    assert check_facts(essay, rubric) == flags  # the respelt sentence's parse is kept: the same flags again


def test_a_flag_read_on_the_respelt_copy_quotes_whole_words_of_the_essay():
    from marker.facts.model import FactFlag
    from marker.facts.spelled import quoted

    original = "It was not signed untill 1920."
    flag = FactFlag(0, 22, "It was not signed until", "", "", "x", 1.0, "date")  # trimmed of the pad on the copy
    assert quoted(original, flag).text == "It was not signed untill"
    assert quoted(original, FactFlag(0, 17, "", "", "", "x", 1.0, "date")).text == "It was not signed"

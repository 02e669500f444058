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

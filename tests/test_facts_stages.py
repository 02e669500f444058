"""Where a planted slip is lost (benchmarks/facts.py `lost_at`): the counts the lead reads for parts whose misses stay
unread, so each stage must be told apart correctly."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from benchmarks import facts as bench
from marker.dataset import AnnotatedEssay, Annotation, GoldError
from marker.facts import check_facts
from marker.nlp import analyse
from marker.rubric import load_rubric

TEXT = ("Stalin signed the Nazi-Soviet Pact in August 1941. "
        "The weather in the capital was cold in 1950. "
        "Molotov was a very tall man who liked trains.")


def _slip(quote: str, fact: str) -> GoldError:
    return GoldError(quote=quote, kind="date", fact=fact, correction="-", shape="plain")


def test_each_miss_is_put_at_the_stage_where_it_was_lost():
    rubric = load_rubric("soviet-foreign-policy-1924-41")
    pact = next(f.id for f in rubric.facts if any("Nazi-Soviet Pact" in n for n in f.names))
    errors = [_slip("Stalin signed the Nazi-Soviet Pact in August 1941", pact),
              _slip("The weather in the capital was cold in 1950", pact),
              _slip("Molotov was a very tall man", "no-such-fact")]
    item = AnnotatedEssay("t", Path("t.txt"), TEXT, Annotation(question="q", errors=errors, level=0, mark=0))
    seen: list = []
    report = SimpleNamespace(errors=check_facts(analyse(TEXT), rubric, seen))
    counts, stage_of = bench.lost_at([item], [seen], [report], rubric)
    assert stage_of["t", errors[0].quote] == "found"
    assert stage_of["t", errors[1].quote] == "names nothing"
    assert stage_of["t", errors[2].quote] == "fact not in base"
    assert counts["found"] == counts["names nothing"] == counts["fact not in base"] == 1
    assert sum(counts.values()) == 3


def test_a_slip_in_a_sentence_naming_only_another_fact_is_told_apart():
    rubric = load_rubric("soviet-foreign-policy-1924-41")
    pact = next(f.id for f in rubric.facts if any("Nazi-Soviet Pact" in n for n in f.names))
    other = next(f.id for f in rubric.facts if f.verified and f.id != pact)
    errors = [_slip("Stalin signed the Nazi-Soviet Pact in August 1941", other)]
    item = AnnotatedEssay("t", Path("t.txt"), TEXT, Annotation(question="q", errors=errors, level=0, mark=0))
    seen: list = []
    check_facts(analyse(TEXT), rubric, seen)
    report = SimpleNamespace(errors=())  # as if the checker had flagged nothing
    _, stage_of = bench.lost_at([item], [seen], [report], rubric)
    assert stage_of["t", errors[0].quote] == "names another fact"

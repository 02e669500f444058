"""A second topic (the Weimar Republic 1918-33) marked by the same engine: nothing in it is Soviet-specific.

The rubric, its fitted models and its annotated essays are data; these tests check that the data is sound and that
marking, fact checking and reports work from it alone.
"""

from __future__ import annotations

import json

import pytest
import yaml

from marker.dataset import load_annotated, problems
from marker.facts import check_facts
from marker.mark import mark_essay
from marker.models_io import load_models
from marker.nlp import analyse
from marker.rubric import available_rubrics, load_rubric
from tests.conftest import ROOT

WEIMAR_ID = "weimar-republic-1918-33"
TOPIC = ROOT / "topics" / "weimar"
ESSAYS = ROOT / "sample_essays_weimar"

# Written for this test, never part of the training essays, so the fitted models have not seen it.
STRONG_ESSAY = """\
The Great Depression was the decisive short-term reason for the collapse of the Weimar Republic, but it was not \
sufficient on its own: it struck a Republic with long-term weaknesses, and the final step was a political choice.

After the Wall Street Crash of October 1929 American banks recalled the short-term loans that had financed German \
recovery since the Dawes Plan. Factories closed, banks failed in 1931 and unemployment rose to about six million by \
1932. Mass unemployment made voters desperate, and the Nazis rose from 12 seats in 1928 to 107 in 1930 and 230 in \
July 1932, becoming the largest party. Goebbels's propaganda and the fear of communism won them middle-class votes.

The slump also ended parliamentary government. Müller's Grand Coalition collapsed in March 1930 over unemployment \
benefits, and Brüning then governed by emergency decree under Article 48, while his deflation deepened the crisis. \
The Reichstag was sidelined two years before Hitler took office.

However, the Republic was weak from the start. It was blamed for the Treaty of Versailles and the stab-in-the-back \
myth, proportional representation produced unstable coalitions, and the army, the judges and the civil service \
were never loyal to democracy: a republic without republicans. Yet it was not doomed, because it survived the \
crises of 1919-23 and in 1928 the Nazis won only 2.6 per cent of the vote.

Finally, Hitler was appointed, not elected. The Nazi vote fell in November 1932, but Papen persuaded Hindenburg to \
appoint Hitler Chancellor on 30 January 1933, believing the conservatives could control him. The Depression made \
the collapse likely; the backstairs intrigue of Papen and Hindenburg made it happen.
"""


@pytest.fixture(scope="module")
def weimar():
    return load_rubric(WEIMAR_ID)


@pytest.fixture(scope="module")
def weimar_models(weimar):
    return load_models(weimar)


@pytest.fixture(scope="module")
def strong_report(weimar, weimar_models):
    return mark_essay(STRONG_ESSAY, weimar, name="strong", question_id="collapse", models=weimar_models)


def test_topic_weimar_rubric_is_shipped_with_the_canonical_ids(weimar) -> None:
    assert WEIMAR_ID in available_rubrics()
    canonical = yaml.safe_load((TOPIC / "canonical-points.yaml").read_text(encoding="utf-8"))
    assert {p.id for p in weimar.factors} == set(canonical["points"])
    assert {p.id for p in weimar.debates} == set(canonical["debates"])
    assert {q.id for q in weimar.questions} == {"collapse", "golden-age", "survival"}
    assert weimar.facts and all(f.verified for f in weimar.facts)


def test_topic_weimar_provenance_quotes_are_exact_passages_of_the_sources(weimar) -> None:
    sources = {p.name: p.read_text(encoding="utf-8") for p in (TOPIC / "sources").glob("*.txt")}
    assert 3 <= len(sources) <= 5
    for point in weimar.points:
        assert point.provenance, point.id
        for prov in point.provenance:
            assert prov.passage in sources[prov.document], (point.id, prov.passage)


def test_topic_weimar_annotated_essays_are_consistent_with_the_rubric(weimar) -> None:
    items = load_annotated(ESSAYS)
    assert len(items) >= 12
    assert [msg for item in items for msg in problems(item, weimar)] == []
    assert {item.gold.level for item in items} == {1, 2, 3, 4, 5}
    assert len({item.gold.question_id for item in items}) >= 2
    assert sum(len(item.gold.errors) for item in items) >= 10


def test_topic_weimar_strong_essay_covers_its_main_points_at_level_4_or_above(strong_report) -> None:
    covered = {p.id for p in strong_report.points if p.status == "covered"}
    assert {"great-depression", "bruning-presidential-rule", "nazi-electoral-appeal", "backstairs-intrigue"} <= covered
    assert strong_report.level >= 4
    assert {e.fact for e in strong_report.errors} <= {"dawes-plan"}  # see the known false flag below


def test_topic_weimar_since_clause_is_not_read_as_a_sequence(weimar) -> None:
    sentence = "After the Wall Street Crash of October 1929 American banks recalled the loans made since the Dawes Plan."
    assert check_facts(analyse(sentence), weimar) == ()
    other_clause = "Prosperity since the Dawes Plan rested on loans, and after the Wall Street Crash these were recalled."
    assert check_facts(analyse(other_clause), weimar) == ()


def test_topic_weimar_weak_essay_scores_below_the_strong_one(weimar, weimar_models, strong_report) -> None:
    weak = "Germany had lots of problems. People were poor and angry so they voted for Hitler and he took over."
    report = mark_essay(weak, weimar, name="weak", question_id="collapse", models=weimar_models)
    assert report.mark < strong_report.mark
    assert report.level <= 2


@pytest.mark.parametrize(("sentence", "fact"), [
    ("Hitler became Chancellor in 1932.", "hitler-appointed"),
    ("The Wall Street Crash in 1928 meant that America wanted its loans back.", "wall-street-crash"),
    ("The Kapp Putsch of 1921 saw Freikorps troops occupy Berlin.", "kapp-putsch"),
    ("Stresemann signed the Locarno Treaties in 1928.", "locarno"),
    ("The Rentenmark, which Stresemann introduced in 1924, restored confidence.", "rentenmark"),
    ("Hindenburg became President in 1919.", "hindenburg-president"),
    ("After the Munich Putsch, France and Belgium marched into the Ruhr.", "ruhr-occupation"),
    ("Britain occupied the Ruhr in 1923.", "ruhr-occupation"),
    ("In 1930 von Papen became Chancellor.", "papen-chancellor"),
    ("Hitler became Chancellor on 30 January 1933.", None),
    ("The Wall Street Crash in October 1929 ended the loans.", None),
    ("The Kapp Putsch of March 1920 was defeated by a general strike.", None),
    ("France and Belgium occupied the Ruhr in January 1923.", None),
    ("The Rentenmark was introduced in November 1923 and replaced by the Reichsmark in 1924.", None),
    ("Hindenburg was elected President in 1925 and re-elected in 1932.", None),
    ("Hindenburg was elected President in 1932.", None),
    ("Hindenburg was elected President in 1919.", "hindenburg-president"),
    ("Papen became Vice-Chancellor in January 1933.", None),
    ("The Nazi-Soviet Pact was signed in 1941.", None),  # another topic's fact is not this rubric's business
])
def test_topic_weimar_fact_checker_flags_slips_from_rubric_data_alone(weimar, sentence: str, fact: str | None) -> None:
    flags = check_facts(analyse(sentence), weimar)
    assert [f.fact for f in flags] == ([fact] if fact else [])


def test_topic_weimar_report_mentions_nothing_soviet(weimar, strong_report) -> None:
    data = strong_report.to_dict()
    text = json.dumps(data).lower()
    for word in ("soviet", "stalin", "ussr", "litvinov", "molotov", "comintern", "barbarossa"):
        assert word not in text, word
    ids = {p["id"] for p in data["points"]} if isinstance(data.get("points"), list) else set()
    assert ids <= {p.id for p in weimar.points}
    assert strong_report.rubric == WEIMAR_ID

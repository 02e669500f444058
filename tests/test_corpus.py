"""The blind corpus and the real-essay list: what they promise (sizes, split, gold that fits its rubric, no
third-party text in git) and the scripts that build and retrieve them."""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fetch = _load(CORPUS / "real" / "fetch.py")

PAGE = """<html><head><script>var x = "On 23 August";</script><style>p {}</style></head><body>
<nav>Home | Essays | Join now!</nav>
<h1>Why did Stalin sign the pact?</h1>
<p>On 23 August 1939   Molotov and
Ribbentrop signed the pact.</p><p>Stalin &amp; his advisers wanted time. That is why he signed.</p>
<footer>Copyright 2011 Essay Site</footer></body></html>"""


def test_corpus_fetch_page_text_keeps_paragraphs_and_drops_furniture():
    text = fetch.page_text(PAGE)
    assert "Join now" not in text and "var x" not in text and "Copyright" not in text
    assert "Stalin & his advisers wanted time." in text
    assert "Why did Stalin sign the pact?\n\nOn 23 August 1939 Molotov and\nRibbentrop" in text


def test_corpus_fetch_cuts_the_essay_between_its_recorded_words_whatever_the_spacing():
    text = fetch.page_text(PAGE)
    essay = fetch.cut(text, "On 23 August 1939 Molotov and Ribbentrop", "That is why he signed.")
    assert essay.startswith("On 23 August 1939") and essay.endswith("That is why he signed.")
    assert "Why did Stalin" not in essay  # the page's heading is not the essay
    assert fetch.cut(text, "On 24 August 1939", "he signed.") is None  # a changed page is reported, not guessed


def test_corpus_fetch_layout_pairs_cached_texts_with_committed_gold(tmp_path):
    rows = list(csv.DictReader((CORPUS / "real" / "SOURCES.csv").open(encoding="utf-8")))
    cache = tmp_path / "cache"
    cache.mkdir()
    with_gold = [r for r in rows if (CORPUS / "real" / "gold" / f"{r['id']}.json").exists()]
    assert with_gold, "no real essay has committed gold"
    (cache / f"{with_gold[0]['id']}.txt").write_text("An essay.\n", encoding="utf-8")
    assert fetch.layout(rows, cache, tmp_path / "out") == 1  # only the one whose text is cached
    laid = tmp_path / "out" / with_gold[0]["topic"]
    assert sorted(p.name for p in laid.iterdir()) == [f"{with_gold[0]['id']}.json", f"{with_gold[0]['id']}.txt"]


def test_corpus_real_essays_are_listed_by_address_and_their_texts_are_not_in_the_repository():
    rows = list(csv.DictReader((CORPUS / "real" / "SOURCES.csv").open(encoding="utf-8")))
    assert len(rows) >= 30
    assert {"id", "topic", "address", "title", "question", "words", "kind", "first_words", "last_words"} <= set(rows[0])
    assert all(r["address"].startswith("http") for r in rows)
    assert len({r["id"] for r in rows}) == len(rows) and len({r["address"] for r in rows}) == len(rows)
    assert not list((CORPUS / "real").rglob("*.txt"))  # third-party texts stay out of git


assemble = _load(CORPUS / "assemble.py")
SPLIT = list(csv.DictReader((CORPUS / "split.csv").open(encoding="utf-8"))) if (CORPUS / "split.csv").exists() else []
RUBRICS = {"soviet": "soviet-foreign-policy-1924-41", "weimar": "weimar-republic-1918-33"}


def test_corpus_split_draws_a_third_of_every_level_and_style_into_the_test():
    names = [r["name"] for r in assemble.PLAN.values() if r["topic"] == "soviet"]
    levels = [(n, 1 + i % 5) for i, n in enumerate(names)]
    split = assemble.assign_split(levels)
    assert split == assemble.assign_split(list(reversed(levels)))  # the order given changes nothing
    test = [n for n in names if split[n] == "test"]
    assert len(test) == len(names) // 3
    for level in range(1, 6):
        at_level = [n for n, lv in levels if lv == level]
        assert abs(sum(split[n] == "test" for n in at_level) - len(at_level) / 3) <= 1


def test_corpus_split_keeps_locked_essays_where_they_are_when_the_corpus_grows():
    names = sorted(r["name"] for r in assemble.PLAN.values() if r["topic"] == "soviet")
    first = assemble.assign_split([(n, 1 + i % 5) for i, n in enumerate(names[:90])])
    grown = assemble.assign_split([(n, 1 + i % 5) for i, n in enumerate(names)], locked=first)
    assert all(grown[n] == side for n, side in first.items())  # nothing moves across the lock
    new = [n for n in names[90:]]
    assert abs(sum(grown[n] == "test" for n in new) - len(new) / 3) <= 1  # new essays drawn a third to test


def test_corpus_gold_errors_are_the_planted_ones_plus_upheld_extras_with_their_shape():
    text = "In 1935 the USSR joins the League. Stalin was born in Georgia. Molotov signed in 1939."
    record = {"planted_errors": [{"quote": "In 1935 the USSR joins the League", "shape": "present-tense",
                                  "correction": "It joined in 1934."}]}
    first = {"errors": [{"quote": "the USSR joins the League", "kind": "year", "correction": "1934"},
                        {"quote": "Stalin was born in Georgia", "kind": "country-side", "correction": "?"},
                        {"quote": "Molotov signed in 1939", "kind": "year", "correction": "?"}]}
    verdicts = {"e::Stalin was born in Georgia": {"false": False},
                "e::Molotov signed in 1939": {"false": True, "correction": "Checked."}}
    gold = assemble.settle_errors("e", text, first, record, verdicts)
    assert gold == [
        {"quote": "In 1935 the USSR joins the League", "kind": "year", "correction": "It joined in 1934.",
         "shape": "present-tense"},
        {"quote": "Molotov signed in 1939", "kind": "year", "shape": "unplanted", "correction": "Checked."}]


@pytest.mark.parametrize("topic,least", [("soviet", 150), ("weimar", 60)])
def test_corpus_blind_essays_have_gold_that_fits_their_rubric(topic, least):
    from marker.dataset import load_annotated, problems
    from marker.rubric import load_rubric

    rubric = load_rubric(RUBRICS[topic])
    items = [it for split in ("train", "test") for it in load_annotated(CORPUS / topic / split)]
    assert len(items) >= least
    assert [p for it in items for p in problems(it, rubric)] == []
    assert {it.gold.level for it in items} >= {1, 2, 3, 4, 5}
    assert sum(bool(it.gold.errors) for it in items) >= 0.4 * len(items)  # about half carry errors
    shapes = {e.shape for it in items for e in it.gold.errors}
    assert {"date-before-event", "relative-clause", "apposition", "list", "negation-no-apostrophe"} <= shapes


def test_corpus_third_topic_is_all_locked_test_with_gold_that_fits_its_rubric():
    from marker.dataset import load_annotated, problems
    from marker.rubric import load_rubric

    rubric = load_rubric("wwi-origins-1890-1914")
    items = load_annotated(CORPUS / "wwi" / "test")
    assert len(items) >= 20 and not (CORPUS / "wwi" / "train").exists()  # nothing on this topic is fitted on
    assert [p for it in items for p in problems(it, rubric)] == []
    assert {it.gold.level for it in items} == {1, 2, 3, 4, 5}
    rows = [r for r in SPLIT if r["topic"] == "wwi"]
    assert {r["name"] for r in rows} == {it.name for it in items} and {r["split"] for r in rows} == {"test"}
    assert {r["name"]: r for r in SPLIT if r["topic"] == "soviet"}  # the other topics' rows are kept


@pytest.mark.parametrize("topic", ["soviet", "weimar"])
def test_corpus_locked_test_is_a_third_stratified_by_level_and_style(topic):
    rows = [r for r in SPLIT if r["topic"] == topic]
    test = [r for r in rows if r["split"] == "test"]
    on_disk = {p.stem for p in (CORPUS / topic / "test").glob("*.json")}
    assert on_disk == {r["name"] for r in test}
    assert not on_disk & {p.stem for p in (CORPUS / topic / "train").glob("*.json")}
    assert len(test) >= 0.3 * len(rows)
    assert {r["level"] for r in test} == {r["level"] for r in rows}
    if topic == "soviet":
        assert {r["style"] for r in test} == {r["style"] for r in rows}


def test_corpus_real_gold_names_only_rubric_ids_and_marks_in_band():
    from marker.dataset import Annotation
    from marker.rubric import load_rubric

    rows = {r["id"]: r for r in csv.DictReader((CORPUS / "real" / "SOURCES.csv").open(encoding="utf-8"))}
    golds = sorted((CORPUS / "real" / "gold").glob("*.json"))
    assert len(golds) >= 30
    for path in golds:
        rubric = load_rubric(RUBRICS[rows[path.stem]["topic"]])
        gold = Annotation.model_validate(json.loads(path.read_text(encoding="utf-8")))
        ids = {p.id for p in rubric.points}
        assert set(gold.points) | set(gold.mentioned_only) | set(gold.debates) <= ids, path.name
        assert gold.mark == 0 or rubric.level_for_mark(gold.mark) == gold.level, path.name


def test_corpus_agreement_reads_an_annotation_as_a_report_with_marker_metrics(rubric):
    agreement = _load(CORPUS / "agreement.py")
    text = "The pact was signed in 1941. Munich mattered."
    ann = agreement.annotation({"question": "q", "points": ["nazi-soviet-pact"], "mentioned_only": ["munich-exclusion"],
                                "debates": ["debate-short-term-vs-long-term"], "level": 2, "mark": 8,
                                "errors": [{"quote": "signed in 1941", "kind": "year", "correction": "1939",
                                            "shape": "ignored"}]})
    report = agreement.as_report("e", text, ann, rubric)
    status = {p.id: p.status for p in report.points}
    assert status["nazi-soviet-pact"] == "covered" and status["munich-exclusion"] == "partial"
    assert status["debate-short-term-vs-long-term"] == "covered" and status["rapallo"] == "missing"
    assert [(f.start, f.end) for f in report.errors] == [(text.find("signed in 1941"), text.find(" Munich") - 1)]
    assert (report.level, report.mark) == (2, 8)
    # Scored against itself, an annotation agrees perfectly: the metrics are marker's own, not a copy.
    from marker.dataset import AnnotatedEssay
    from marker.evaluate import error_metrics, point_metrics

    item = AnnotatedEssay("e", Path("e.txt"), text, ann)
    assert point_metrics([item], [report], rubric)["kappa"] == 1.0
    assert error_metrics([item], [report])["recall"] == 1.0

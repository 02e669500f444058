"""benchmarks/levels.py --diagnose: the cross-validated bias read per topic by split and by the writer's style, so
a model that marks the blind corpus's essays low while marking the development essays high is seen on training
essays, without reading the locked test."""

from types import SimpleNamespace

from benchmarks.levels import breakdown


def essay(topic, split, name, gold):
    return SimpleNamespace(topic=topic, split=split, item=SimpleNamespace(name=name, gold=SimpleNamespace(mark=gold)))


def test_breakdown_groups_signed_errors_by_split_and_style_per_topic():
    essays = [essay("soviet", "development", "01_a", 10), essay("soviet", "blind train", "so-002", 12),
              essay("soviet", "blind train", "so-003", 8), essay("weimar", "blind train", "we-001", 20)]
    marks = [13, 9, 8, 16]
    styles = {"so-002": "informal", "so-003": "analytical", "we-001": "informal"}
    out = breakdown(essays, marks, styles)
    assert out["soviet"]["split: development"] == {"essays": 1, "bias": 3.0}
    assert out["soviet"]["split: blind train"] == {"essays": 2, "bias": -1.5}
    assert out["soviet"]["style: informal"] == {"essays": 1, "bias": -3.0}
    assert out["soviet"]["style: development"] == {"essays": 1, "bias": 3.0}  # no style: a development essay
    assert out["weimar"] == {"split: blind train": {"essays": 1, "bias": -4.0},
                             "style: informal": {"essays": 1, "bias": -4.0}}


def test_leave_one_topic_out_never_fits_on_the_topic_it_reads(monkeypatch):
    import benchmarks.levels as levels

    seen = []

    def fit(train):
        seen.append({e.topic for e in train})
        return "model", 0.5

    monkeypatch.setattr(levels, "fit", fit)
    monkeypatch.setattr(levels, "tfidf_marks", lambda train, test: [0] * len(test))
    monkeypatch.setattr(levels, "stats", lambda test, marks: {"topics": {e.topic for e in test}, "n": len(marks)})
    essays = [essay("soviet", "blind train", f"so-{i}", 10) for i in range(3)] + [essay("weimar", "blind train",
                                                                                       "we-1", 12)]
    for e in essays:
        e.mark = lambda model, per_error: 10
    out = levels.leave_one_topic_out(essays)
    assert seen == [{"weimar"}, {"soviet"}]
    assert out["soviet"]["model"] == {"topics": {"soviet"}, "n": 3} and out["soviet"]["essays"] == 3
    assert out["weimar"]["tfidf"] == {"topics": {"weimar"}, "n": 1}



def test_gold_coverage_sets_each_point_as_the_annotators_did_and_rereads_the_features(tmp_path):
    """benchmarks/levels.py --oracle: the level features re-read with the gold statuses (covered, only named,
    missing), everything else as the matcher read it."""
    import json
    import shutil

    from benchmarks.levels import read_split, with_gold_coverage
    from marker.score import LEVEL_FEATURES
    from tests.conftest import ROOT

    source = ROOT / "sample_essays_weimar" / "04_daisy"  # Weimar ships the generic point models: none saw it
    shutil.copy(source.with_suffix(".txt"), tmp_path / "a.txt")
    gold = json.loads(source.with_suffix(".json").read_text(encoding="utf-8"))
    (tmp_path / "a.json").write_text(json.dumps(gold), encoding="utf-8")
    shutil.copy(source.with_suffix(".txt"), tmp_path / "b.txt")  # the same essay, annotated as covering nothing
    (tmp_path / "b.json").write_text(json.dumps({**gold, "points": [], "debates": [], "mentioned_only": []}),
                                     encoding="utf-8")
    essay, bare = read_split("weimar", "development", tmp_path)
    oracle = with_gold_coverage(essay)
    status = {pm.id: pm.status for pm in oracle.coverage.points}
    assert gold["points"] and all(status[p] == "covered" for p in [*gold["points"], *gold["debates"]])
    assert all(status[p] == "partial" for p in gold["mentioned_only"] if p not in gold["points"])
    assert all(s == "missing" for p, s in status.items()
               if p not in {*gold["points"], *gold["debates"], *gold["mentioned_only"]})
    nothing = with_gold_coverage(bare)
    assert {pm.status for pm in nothing.coverage.points} == {"missing"}
    at = LEVEL_FEATURES.index("range_explained")
    assert bare.row[at] > 0 and nothing.row[at] == 0  # the features are re-read, not copied
    assert bare.coverage.points != nothing.coverage.points  # the matcher's reading is left as it was

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

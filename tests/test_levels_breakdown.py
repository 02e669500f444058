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

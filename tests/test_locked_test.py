"""Regression floors on the blind corpus's locked test: essays written and annotated by helpers who never saw the
code (docs/corpus.md). A change that marks essays by other hands worse than today fails here.

The floors sit a little under the figures measured with `python benchmarks/held_out.py` (docs/benchmarks.md), by
about one essay's or a few decisions' worth, so noise does not fail CI but a real loss does. They are floors, not
targets: the locked test is never used to choose anything, only read as the last step of a change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from marker.dataset import load_annotated
from marker.evaluate import evaluate
from marker.rubric import load_rubric

ROOT = Path(__file__).resolve().parents[1]

FLOORS = {
    "soviet": {
        "rubric": "soviet-foreign-policy-1924-41", "dev": "sample_essays",
        # points measured 0.911 / 0.669, strict P 0.738, name-drops 28% on the merged round 3 (issue 14's development
        # decision; was strict P 0.709, name-drops 32%)
        "points_f1": 0.74, "points_kappa": 0.65, "strict_precision": 0.71, "name_drops_covered_at_most": 0.31,
        # errors measured 1.000 / 0.304 (17/56, 17 flags) with memberships read (issue 13, round 3), 1.000 / 0.357
        # (20/56) after round 5's readings (date-first, "not ... until", passives, referring "it"); levels QWK 0.682,
        # MAE 2.81 with round 4's level features (0.648 / 2.85 before)
        "errors_precision": 0.90, "errors_recall": 0.32, "level_qwk": 0.64, "mark_mae_at_most": 3.0,
        # The topic-free level model marks this split 1.5 low on average (0.3 low in cross-validation on the
        # training essays; 1.9 low before round 4): the floor is set under what it measures.
        "mark_bias_within": 1.8,
    },
    "weimar": {
        "rubric": "weimar-republic-1918-33", "dev": "sample_essays_weimar",
        # points measured 0.930 / 0.848, strict P 0.736, name-drops 30% on the merged round 3 (was 0.657, 43%); levels
        # QWK 0.824, MAE 2.41, bias -0.41 (0.846 / 2.23 before the round's debate and coverage models)
        "points_f1": 0.84, "points_kappa": 0.79, "strict_precision": 0.72, "name_drops_covered_at_most": 0.33,
        # errors measured 0.750 / 0.158 (3/19, 4 flags); levels QWK 0.808, MAE 2.55, bias -0.18 with round 4's level
        # features, chosen on the training essays (cross-validated Weimar 0.759 -> 0.817): the locked split lost what
        # the training split gained (QWK 0.824, MAE 2.41 before), and the floors follow the measure; 0.786 / 2.64 / -0.09
        # after the question detection of round 4 and the refit on it. Errors 1.000 / 0.211 (4/19, 4 flags) after the
        # eighth session's relative-date abstention removed the one false flag; the essay it was in is now marked one
        # error's cost higher, so MAE 2.73 -> 2.77 (bias -0.18 -> -0.14)
        "errors_precision": 0.95, "errors_recall": 0.10, "level_qwk": 0.76, "mark_mae_at_most": 2.85,
        "mark_bias_within": 1.0,
    },
    # The third topic: its whole blind corpus is the locked test, marked with the generic point models and the
    # transferred level model (nothing is ever fitted on it). Measured on the merged round 3: points F1 0.873, kappa
    # 0.812, strict P 0.763, name-drops 28% (was 0.862, 0.708, 37%); errors 0.857 / 0.207 (6/29, 7 flags);
    # QWK 0.851, MAE 1.77, bias -0.10; with round 4's level features QWK 0.881, MAE 1.93, bias +0.07; errors 0.875 /
    # 0.241 (7/29, 8 flags) after issue 13's round 5; 1.000 / 0.241 (7/29, 7 flags) after the eighth session's
    # reading of a date under a coordinated noun.
    "wwi": {
        "rubric": "wwi-origins-1890-1914", "dev": None,
        "points_f1": 0.83, "points_kappa": 0.75, "strict_precision": 0.72, "name_drops_covered_at_most": 0.31,
        "errors_precision": 0.95, "errors_recall": 0.20, "level_qwk": 0.85, "mark_mae_at_most": 2.2,
        "mark_bias_within": 0.8,
    },
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def locked(request):
    floors = FLOORS[request.param]
    items = load_annotated(ROOT / "corpus" / request.param / "test")
    train = load_annotated(ROOT / floors["dev"]) if floors["dev"] else []
    figures = evaluate(items, load_rubric(floors["rubric"]), train=train)
    return floors, figures


def test_locked_test_is_marked_as_held_out_never_cross_validated(locked):
    _, figures = locked
    assert figures["mode"].startswith("held-out")  # no locked essay was ever fitted on


def test_locked_test_points_stay_above_floor(locked):
    floors, figures = locked
    points = figures["points"]
    assert points["f1"] >= floors["points_f1"] and points["kappa"] >= floors["points_kappa"]
    assert points["strict_precision"] >= floors["strict_precision"]
    assert points["name_drops_called_covered"] <= floors["name_drops_covered_at_most"]


def test_locked_test_errors_stay_above_floor(locked):
    floors, figures = locked
    errors = figures["errors"]
    assert errors["precision"] >= floors["errors_precision"], errors["false_flags"]
    assert errors["recall"] >= floors["errors_recall"]


def test_locked_test_levels_stay_above_floor(locked):
    floors, figures = locked
    levels = figures["levels"]
    assert levels["qwk"] >= floors["level_qwk"]
    assert levels["mark_mae"] <= floors["mark_mae_at_most"]
    assert abs(levels["mark_bias"]) <= floors["mark_bias_within"]

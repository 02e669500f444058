"""Level and mark: an error costs what an examiner takes off, not a band; the level model reads the mark scheme's
signs; a department's marks refine the shipped model rather than replace it. Both shipped rubrics."""

import numpy as np
import pytest

from marker.defaults import DEFAULTS
from marker.linear import fit_ridge, refine_ridge
from marker.mark import prepare
from marker.match import match_points
from marker.models_io import load_generic_models, load_models
from marker.rubric import load_rubric
from marker.score import LEVEL_FEATURES, MODEL_FEATURES, MODEL_SIGNS, error_cost, judge, level_features
from tests.conftest import ROOT, SAMPLES


@pytest.mark.parametrize("rubric_id, path", [
    ("soviet-foreign-policy-1924-41", SAMPLES / "23_eleanor.txt"),
    ("weimar-republic-1918-33", ROOT / "sample_essays_weimar" / "04_daisy.txt"),
])
def test_score_three_flagged_slips_cost_marks_within_the_level_not_a_band(rubric_id, path):
    rubric = load_rubric(rubric_id)
    models = load_models(rubric)
    prep = prepare(path.read_text(encoding="utf-8"), rubric)
    coverage = match_points(prep.essay, rubric, prep.signals, models.match)

    def judged(n_errors: int):
        feats = level_features(rubric, None, prep.essay, coverage, prep.signals, n_errors=n_errors)
        return judge(rubric, models.level, feats, coverage, n_errors=n_errors, per_error=models.error_cost)

    clean, slips, many = judged(0), judged(3), judged(40)
    rate_weight = -dict(zip(models.level.features, models.level.coef[0] / np.array(models.level.scale)))["error_rate"]
    most = DEFAULTS["error_cost_cap"] + rate_weight * DEFAULTS["error_rate_cap"]
    assert 0 < clean.mark - slips.mark <= most
    assert clean.level - slips.level <= 1
    assert slips.mark >= many.mark >= clean.mark - np.ceil(most)  # capped: accuracy is one strand, not the mark
    assert any("factual error" in r for r in slips.reasons)


def test_score_errors_cost_in_proportion_to_how_much_the_essay_says(rubric):
    """Two flagged errors in a short answer are a larger share of what it says than in one twice as long."""
    models = load_models(rubric)
    text = (SAMPLES / "23_eleanor.txt").read_text(encoding="utf-8")
    rates = []
    for essay_text in (text, text + "\n\n" + text):
        prep = prepare(essay_text, rubric)
        coverage = match_points(prep.essay, rubric, prep.signals, models.match)
        feats = dict(zip(LEVEL_FEATURES, level_features(rubric, None, prep.essay, coverage, prep.signals,
                                                        n_errors=2)))
        rates.append(feats["error_rate"])
    assert 0 < rates[1] < rates[0] <= DEFAULTS["error_rate_cap"]
    assert rates[1] == pytest.approx(rates[0] / 2, rel=0.05)


def test_score_error_cost_is_proportionate_and_bounded():
    low, high = DEFAULTS["error_cost_bounds"]
    assert error_cost(0, 1.0) == 0.0
    assert error_cost(1, 0.8) == pytest.approx(0.8)
    assert error_cost(1, 9.0) == pytest.approx(high) and error_cost(1, 0.0) == pytest.approx(low)
    assert error_cost(20, 1.0) == DEFAULTS["error_cost_cap"]


def test_score_shipped_level_model_is_topic_free_and_shared_by_every_rubric():
    generic = load_generic_models()
    assert generic.level.features == MODEL_FEATURES
    for rubric_id in ("soviet-foreign-policy-1924-41", "weimar-republic-1918-33"):
        models = load_models(load_rubric(rubric_id))
        assert models.level == generic.level and models.error_cost == generic.error_cost
    built_today = load_rubric(ROOT / "tests" / "fixtures" / "mini_rubric.yaml")  # no model file of its own
    assert load_models(built_today).level == generic.level
    fitted = generic.meta["level_fitted_on"]
    assert fitted["essays"] >= 200  # the blind corpus's training essays of both topics plus the development ones
    low, high = DEFAULTS["error_cost_bounds"]
    assert low <= generic.error_cost <= high
    for coef, sign in zip(generic.level.coef[0], MODEL_SIGNS):
        assert coef * sign >= 0  # no feature works against the mark scheme


def test_score_fit_ridge_holds_each_weight_to_its_sign():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 2))
    y = 3 * x[:, 0] + 2 * x[:, 1] + rng.normal(scale=0.1, size=60)
    free = fit_ridge(x, y, ("a", "b"))
    held = fit_ridge(x, y, ("a", "b"), signs=(1.0, -1.0))
    assert free.coef[0][1] > 1
    assert held.coef[0][0] > 1 and held.coef[0][1] == pytest.approx(0.0, abs=1e-9)


def test_score_refine_stays_near_the_prior_with_few_marks_and_follows_many():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(400, 2))
    prior = fit_ridge(x, 10 + 2 * x[:, 0], ("a", "b"))
    harsher = 8 + 2 * x[:, 0]  # a department that marks two lower
    few = refine_ridge(prior, x[:3], harsher[:3], alpha=10.0, shift_alpha=3.0)
    many = refine_ridge(prior, x, harsher, alpha=10.0, shift_alpha=3.0)
    probe = np.zeros((1, 2))
    assert 8.0 < few.predict_value(probe)[0] < 10.0
    assert many.predict_value(probe)[0] == pytest.approx(8.0, abs=0.1)


def _mark_text(rubric_id: str, text: str) -> int:
    from marker.mark import mark_essay

    return mark_essay(text, load_rubric(rubric_id)).judgement.mark


@pytest.mark.parametrize("rubric_id", ["soviet-foreign-policy-1924-41", "weimar-republic-1918-33"])
def test_score_an_answer_with_no_argument_earns_the_floor_of_the_lowest_band_not_its_top(rubric_id):
    rubric = load_rubric(rubric_id)
    floor = min(lv.marks for lv in rubric.levels)[0] or 1
    one_word = _mark_text(rubric_id, rubric.factors[0].entities[0] + "." if rubric.factors[0].entities
                          else rubric.factors[0].title + ".")
    titles = _mark_text(rubric_id, "\n".join(p.title for p in rubric.factors))
    assert one_word <= floor + 1
    assert one_word <= titles <= min(lv.marks for lv in rubric.levels)[1]


def test_score_fit_level_gives_reported_only_features_no_weight():
    from types import SimpleNamespace

    from marker.fit import fit_level
    from marker.score import REPORTED_ONLY

    rng = np.random.default_rng(1)
    x = rng.random((40, len(LEVEL_FEATURES)))
    marks = 1 + 24 * x[:, LEVEL_FEATURES.index("range_explained")]
    for name in REPORTED_ONLY:  # a feature that would predict the mark perfectly still gets no weight
        x[:, LEVEL_FEATURES.index(name)] = marks / 25
    items = [SimpleNamespace(gold=SimpleNamespace(mark=float(m), errors=())) for m in marks]
    model, _ = fit_level(items, x.tolist())
    assert model.features == MODEL_FEATURES and not set(REPORTED_ONLY) & set(model.features)
    assert len(model.coef[0]) == len(MODEL_FEATURES)

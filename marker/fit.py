"""Fitting the marking models on annotated essays, and cross-validating them.

The essays are read once (mark.prepare: sentences, embeddings, fact checks); only the small linear models are
refitted per fold. Models that feed other models (factor decisions feed debates and the level) are given
out-of-fold inputs when training the models downstream, so the level model learns from the kind of noisy
coverage it will see on new essays rather than from an over-confident training fit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from sklearn.metrics import cohen_kappa_score
from sklearn.model_selection import StratifiedKFold

from marker import __version__
from marker.dataset import AnnotatedEssay
from marker.defaults import DEFAULTS
from marker.linear import LinearModel, fit_logistic, fit_ridge
from marker.match import (
    DEBATE_FEATURES, DEVELOP_FEATURES, FACTOR_FEATURES, MatchModels, debate_rows, detect_question, develop_rows,
    essay_feature_rows, factor_probabilities, match_points,
)
from marker.mark import Prepared, assemble, prepare
from marker.models_io import MarkingModels
from marker.report import Report
from marker.rubric import Rubric
from marker.score import MODEL_FEATURES, MODEL_SIGNS, level_features, model_columns


STATUSES = ("covered", "partial", "missing")


def gold_status(item: AnnotatedEssay, point_id: str) -> str:
    if point_id in item.gold.points or point_id in item.gold.debates:
        return "covered"
    if point_id in item.gold.mentioned_only:
        return "partial"
    return "missing"


def question_of(item: AnnotatedEssay, rubric: Rubric) -> str | None:
    ids = {q.id for q in rubric.questions}
    return item.gold.question_id if item.gold.question_id in ids else None


def prepare_all(items: Sequence[AnnotatedEssay], rubric: Rubric) -> list[Prepared]:
    return [prepare(item.text, rubric) for item in items]


def _question(item: AnnotatedEssay, prep: Prepared, rubric: Rubric) -> str:
    """The question an annotated essay answers: the annotated one, else detected as for a new essay."""
    return question_of(item, rubric) or detect_question(prep.signals, rubric)


def _fit_match(items, prepared, rubric: Rubric) -> MatchModels:
    factor_rows = [essay_feature_rows(rubric, prep.signals) for prep in prepared]
    rows = [row for feats in factor_rows for row in feats.values()]
    labels = [gold_status(item, pid) for item, feats in zip(items, factor_rows) for pid in feats]
    factor = fit_logistic(np.array(rows), labels, FACTOR_FEATURES, classes=STATUSES, c=DEFAULTS["point_c"])
    dev_rows, dev_labels = [], []  # covered or only mentioned: the points the essay makes
    for item, prep, feats in zip(items, prepared, factor_rows):
        for pid, row in develop_rows(rubric, feats, _question(item, prep, rubric)).items():
            if gold_status(item, pid) != "missing":
                dev_rows.append(row)
                dev_labels.append(gold_status(item, pid))
    develop = fit_logistic(np.array(dev_rows), dev_labels, DEVELOP_FEATURES, classes=("covered", "partial"),
                           c=DEFAULTS["point_c"])
    d_rows, d_labels = [], []
    for item, prep, feats in zip(items, prepared, factor_rows):
        for pid, row in debate_rows(prep.essay, rubric, prep.signals, factor_probabilities(factor, feats),
                                    _question(item, prep, rubric)).items():
            d_rows.append(row)
            d_labels.append(gold_status(item, pid))
    debate = fit_logistic(np.array(d_rows), d_labels, DEBATE_FEATURES, classes=("covered", "missing"),
                          c=DEFAULTS["debate_c"])
    return MatchModels(factor, debate, develop=develop)


def _folds(items: Sequence[AnnotatedEssay], k: int, seed: int = 0) -> list[tuple[list[int], list[int]]]:
    levels = np.array([item.gold.level for item in items])
    k = max(2, min(k, int(np.bincount(levels).max()), len(items)))
    counts = np.bincount(levels)
    strat = levels if counts[counts > 0].min() >= k else np.zeros_like(levels)
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    return [(list(a), list(b)) for a, b in splitter.split(np.zeros(len(items)), strat)]


KAPPA_TIE = 0.01  # kappa differences this small are noise on ~1,000 decisions (its standard error is ~0.02)


def _best_cut(scores: list[float], truth: list[bool]) -> float:
    """The probability cut-off that maximises Cohen's kappa of the yes/no decision.

    Near-ties (within KAPPA_TIE of the best) go to the lowest such cut. Kappa is flat near its peak, so the
    plain argmax jumps between neighbouring cuts when a feature moves slightly; and between two cuts that
    agree with the examiners equally well, the lower one is the safer error: telling a student a point they
    named is missing costs more trust than calling it partial."""
    scores_arr, truth_arr = np.asarray(scores), np.asarray(truth)
    if len(set(truth_arr)) < 2:
        return 0.5
    kappas = {}
    for cut in np.round(np.arange(0.2, 0.81, 0.05), 2):
        pred = scores_arr >= cut
        if len(set(pred)) == 2:
            kappas[float(cut)] = cohen_kappa_score(truth_arr, pred)
    if not kappas:
        return 0.5
    best = max(kappas.values())
    return min(cut for cut, kappa in kappas.items() if kappa >= best - KAPPA_TIE)


def _develop_cut(covered: np.ndarray, developed: np.ndarray, truth: np.ndarray) -> float:
    """The P(developed) under which a covered call is demoted to partial: the cut (0, no demotion, or one of
    _best_cut's) that maximises Cohen's kappa of the final covered decisions; near-ties go to the lowest, so a
    demotion must earn its place."""
    kappas = {}
    for cut in (0.0, *np.round(np.arange(0.2, 0.81, 0.05), 2)):
        pred = covered & (developed >= cut)
        if len(set(pred)) == 2 and len(set(truth)) == 2:
            kappas[float(cut)] = cohen_kappa_score(truth, pred)
    if not kappas:
        return 0.0
    best = max(kappas.values())
    return min(cut for cut, kappa in kappas.items() if kappa >= best - KAPPA_TIE)


def _choose_cuts(items, prepared, rubric: Rubric, folds) -> tuple[float, float, float, float]:
    """Cut-offs for covered, mentioned, debated and developed, from out-of-fold probabilities on the training
    essays."""
    cov, men, deb, dev = [], [], [], []
    for train, test in folds:
        inner = _fit_match([items[i] for i in train], [prepared[i] for i in train], rubric)
        assert inner.develop is not None
        for i in test:
            # develop_cut 0: no development demotion; nor the paragraph check, a demotion of the final calls only
            coverage = match_points(prepared[i].essay, rubric, prepared[i].signals, inner, paragraphs=False)
            rows = develop_rows(rubric, {pid: coverage.features[pid] for pid in coverage.factor_probs},
                                _question(items[i], prepared[i], rubric))
            for pid, probs in coverage.factor_probs.items():
                gold = gold_status(items[i], pid)
                cov.append((probs.get("covered", 0.0), gold == "covered"))
                men.append((probs.get("covered", 0.0) + probs.get("partial", 0.0), gold != "missing"))
                dev.append(float(inner.develop.predict_proba(np.array([rows[pid]]))[0, 0]))
            for pid, prob in coverage.debate_probs.items():
                deb.append((prob, gold_status(items[i], pid) == "covered"))
    covered, mentioned, debated = (_best_cut([s for s, _ in pairs], [t for _, t in pairs])
                                   for pairs in (cov, men, deb))
    scores, truth = np.array([s for s, _ in cov]), np.array([t for _, t in cov])
    return covered, mentioned, debated, _develop_cut(scores >= covered, np.array(dev), truth)


def fit_models(items: Sequence[AnnotatedEssay], prepared: Sequence[Prepared], rubric: Rubric,
               *, inner_folds: int = 5, point_models: MatchModels | None = None) -> MarkingModels:
    """Fit factor, debate and level models on annotated essays, with cut-offs chosen out of fold.

    With point_models (e.g. the generic ones, when a new topic has too few essays to fit point decisions
    well), only the level model is fitted, on top of them."""
    folds = _folds(items, inner_folds, seed=1)
    if point_models is None:
        covered_cut, mentioned_cut, debate_cut, develop_cut = _choose_cuts(items, prepared, rubric, folds)
        cuts: dict[str, Any] = {"covered_cut": covered_cut, "mentioned_cut": mentioned_cut, "debate_cut": debate_cut,
                                "develop_cut": develop_cut}
        match = replace(_fit_match(items, prepared, rubric), **cuts)
    else:
        match = point_models
        cuts = {k: getattr(match, k) for k in ("covered_cut", "mentioned_cut", "debate_cut", "develop_cut")}
    level_rows: list[list[float] | None] = [None] * len(items)
    for train, test in folds:
        inner = point_models or replace(
            _fit_match([items[i] for i in train], [prepared[i] for i in train], rubric), **cuts)
        for i in test:
            level_rows[i] = _level_row(items[i], prepared[i], rubric, inner)
    level, per_error = fit_level(items, level_rows)  # type: ignore[arg-type]  # every fold fills its rows
    meta = {
        "rubric": rubric.id,
        "rubric_version": rubric.version,
        "marker_version": __version__,
        "fitted": dt.date.today().isoformat(),
        "fitted_on": {"essays": len(items), "sha256": sorted(it.sha256 for it in items)},
        "settings": {k: DEFAULTS[k] for k in ("point_c", "debate_c", "level_alpha")},
        "cuts": cuts,
        "point_models": "fitted" if point_models is None else "generic",
        "error_cost": per_error,
    }
    return MarkingModels(match, level, "fitted", meta)


def _level_row(item: AnnotatedEssay, prep: Prepared, rubric: Rubric, match: MatchModels) -> list[float]:
    coverage = match_points(prep.essay, rubric, prep.signals, match, _question(item, prep, rubric))
    return level_features(rubric, question_of(item, rubric), prep.essay, coverage, prep.signals,
                          n_errors=len(prep.errors))


def fit_level(items: Sequence[AnnotatedEssay], rows: Sequence[Sequence[float]]) -> tuple[LinearModel, float]:
    """The level regression on examiners' marks (each weight held to its mark-scheme sign), and what one factual
    error costs: the slope of the out-of-fold residual mark on the errors the examiners annotated, so an error
    costs what they took off for it beyond the argument's quality (clipped to DEFAULTS' bounds)."""
    x = model_columns(np.asarray(rows, dtype=float).reshape(len(rows), -1))
    y = np.array([it.gold.mark for it in items], dtype=float)
    model = fit_ridge(x, y, MODEL_FEATURES, alpha=DEFAULTS["level_alpha"], signs=MODEL_SIGNS)
    errors = np.array([len(it.gold.errors) for it in items], dtype=float)
    low, high = DEFAULTS["error_cost_bounds"]
    if len(items) < 10 or errors.std() == 0:
        return model, low
    oof = np.zeros(len(y))
    for train, test in _folds(items, DEFAULTS["cv_folds"], seed=2):
        fold = fit_ridge(x[train], y[train], MODEL_FEATURES, alpha=DEFAULTS["level_alpha"], signs=MODEL_SIGNS)
        oof[test] = fold.predict_value(x[test])
    slope = float(np.polyfit(errors, y - oof, 1)[0])
    return model, round(float(np.clip(-slope, low, high)), 3)


def cross_validated_reports(items: Sequence[AnnotatedEssay], prepared: Sequence[Prepared], rubric: Rubric,
                            *, folds: int | None = None, given_question: bool = False,
                            point_models: MatchModels | None = None) -> list[Report]:
    """Out-of-fold reports: each essay marked by models fitted without it. As on new essays, the question is
    detected from the essay unless given_question asks for the annotated one."""
    reports: list[Report | None] = [None] * len(items)
    for train, test in _folds(items, folds or DEFAULTS["cv_folds"]):
        models = fit_models([items[i] for i in train], [prepared[i] for i in train], rubric,
                            point_models=point_models)
        for i in test:
            reports[i] = assemble(prepared[i], rubric, models, name=items[i].name,
                                  question_id=question_of(items[i], rubric) if given_question else None)
    return reports  # type: ignore[return-value]


def cross_validated_levels(items: Sequence[AnnotatedEssay], prepared: Sequence[Prepared], rubric: Rubric,
                           models: MarkingModels, *, folds: int | None = None) -> list[Report]:
    """Out-of-fold reports for essays the level model (not the point models) was fitted on: the point decisions as
    shipped, the level model and error cost refitted on the other folds' essays."""
    rows = [_level_row(it, p, rubric, models.match) for it, p in zip(items, prepared)]
    reports: list[Report | None] = [None] * len(items)
    for train, test in _folds(items, folds or DEFAULTS["cv_folds"]):
        level, per_error = fit_level([items[i] for i in train], [rows[i] for i in train])
        fold = MarkingModels(models.match, level, models.source, {**models.meta, "error_cost": per_error})
        for i in test:
            reports[i] = assemble(prepared[i], rubric, fold, name=items[i].name)
    return reports  # type: ignore[return-value]

"""`marker eval`: how far marker agrees with an examiner's annotations.

Points: precision, recall, F1 and Cohen's kappa over every (essay, point) covered decision (kappa because F1 alone
rewards claiming everything); a covered call on a point the examiner marked as only name-dropped is excused there,
and counted against in the strict precision beside it, with the share of gold name-drops called covered (the
failure a teacher notices first). Debates weighed get their own precision and recall. Errors: a gold error is found
when a flagged span overlaps its quote, counted per grammatical shape where the annotation records one. Levels:
quadratic weighted kappa, exact and adjacent agreement, mark MAE and bias (mean signed error: positive marks too
high), beside two baselines so a length- or vocabulary-driven model is visible: word count alone, and TF-IDF +
logistic regression on the essay's words (on the same folds, or fitted on the training essays given). Essays the
shipped models were fitted on are scored by cross-validation, never the training fit, and each essay's question is
detected from its text, as it is for a new essay marked without --question.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.metrics import cohen_kappa_score
from sklearn.model_selection import cross_val_predict

from marker.dataset import AnnotatedEssay
from marker.defaults import DEFAULTS
from marker.evaluate_feedback import feedback_metrics, feedback_text
from marker.fit import _folds, cross_validated_levels, cross_validated_reports, prepare_all
from marker.mark import assemble
from marker.models_io import load_models
from marker.report import Report
from marker.rubric import Rubric


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def point_metrics(items: Sequence[AnnotatedEssay], reports: Sequence[Report], rubric: Rubric) -> dict:
    """Covered-versus-gold agreement over all points and debates, overall and per point."""
    gold_all, pred_all = [], []
    per_point: dict[str, list[int]] = {p.id: [0, 0, 0] for p in rubric.points}
    debates = [0, 0, 0]
    name_drops = name_drops_covered = 0
    debate_ids = {p.id for p in rubric.debates}
    for item, report in zip(items, reports):
        if report.error is not None:
            continue
        for pm in report.points:
            gold = pm.id in item.gold_covered
            pred = pm.status == "covered"
            if pm.id in debate_ids:
                debates[0] += gold and pred
                debates[1] += pred and not gold
                debates[2] += gold and not pred
            if pm.id in item.gold.mentioned_only:
                name_drops += 1
                name_drops_covered += pred
            if pred and not gold and pm.id in item.gold.mentioned_only:
                continue  # a name-drop called covered is excused here, and counted in strict precision
            gold_all.append(gold)
            pred_all.append(pred)
            counts = per_point[pm.id]
            counts[0] += gold and pred
            counts[1] += pred and not gold
            counts[2] += gold and not pred
    tp = sum(g and p for g, p in zip(gold_all, pred_all))
    fp = sum(p and not g for g, p in zip(gold_all, pred_all))
    fn = sum(g and not p for g, p in zip(gold_all, pred_all))
    kappa = cohen_kappa_score(gold_all, pred_all) if len(set(gold_all) | set(pred_all)) > 1 else 0.0
    strict_fp = fp + name_drops_covered
    return {
        **_prf(tp, fp, fn),
        "kappa": round(float(kappa), 3),
        "strict_precision": round(tp / (tp + strict_fp), 3) if tp + strict_fp else 0.0,
        "name_drops": name_drops,
        "name_drops_called_covered": round(name_drops_covered / name_drops, 3) if name_drops else 0.0,
        "debates": _prf(*debates),
        "decisions": len(gold_all),
        "per_point": {pid: {**_prf(*c), "support": c[0] + c[2]} for pid, c in per_point.items()},
    }


def error_metrics(items: Sequence[AnnotatedEssay], reports: Sequence[Report]) -> dict:
    """Flags against planted errors: a flag is right when it overlaps a gold quote."""
    found = total = correct_flags = flags = 0
    false_flags = []
    shapes: dict[str, list[int]] = {}
    for item, report in zip(items, reports):
        spans, shape_of = [], []
        for err in item.gold.errors:
            start = item.text.find(err.quote)
            if start >= 0:
                spans.append((start, start + len(err.quote)))
                shape_of.append(err.shape or "unrecorded")
        total += len(spans)
        hit = [False] * len(spans)
        for flag in report.errors:
            flags += 1
            overlaps = [i for i, (s, e) in enumerate(spans) if flag.start < e and s < flag.end]
            if overlaps:
                correct_flags += 1
                for i in overlaps:
                    hit[i] = True
            else:
                false_flags.append({"essay": item.name, "text": flag.text, "fact": flag.fact})
        found += sum(hit)
        for shape, h in zip(shape_of, hit):
            counts = shapes.setdefault(shape, [0, 0])
            counts[0] += h
            counts[1] += 1
    return {
        "precision": round(correct_flags / flags, 3) if flags else 1.0,
        "recall": round(found / total, 3) if total else 1.0,
        "flags": flags,
        "gold": total,
        "found": found,
        "false_flags": false_flags,
        "per_shape": {shape: {"found": f, "gold": n} for shape, (f, n) in sorted(shapes.items())},
    }


def _level_stats(gold_levels, pred_levels, gold_marks, pred_marks) -> dict:
    gold_levels, pred_levels = np.asarray(gold_levels), np.asarray(pred_levels)
    labels = sorted(set(gold_levels) | set(pred_levels))
    qwk = cohen_kappa_score(gold_levels, pred_levels, weights="quadratic", labels=labels) if len(labels) > 1 else 0.0
    signed = np.asarray(pred_marks, dtype=float) - np.asarray(gold_marks, dtype=float)
    return {
        "qwk": round(float(qwk), 3),
        "exact": round(float(np.mean(gold_levels == pred_levels)), 3),
        "adjacent": round(float(np.mean(np.abs(gold_levels - pred_levels) <= 1)), 3),
        "mark_mae": round(float(np.mean(np.abs(signed))), 2),
        "mark_bias": round(float(np.mean(signed)), 2),
    }


def level_metrics(items: Sequence[AnnotatedEssay], reports: Sequence[Report], rubric: Rubric,
                  train: Sequence[AnnotatedEssay] = (), folds: int = DEFAULTS["cv_folds"]) -> dict:
    """Model agreement on levels and marks, beside a TF-IDF + logistic baseline (cross-validated on the same folds,
    or fitted on `train` when the essays are held out) and a word-count baseline (always cross-validated on the
    essays themselves, which flatters it on held-out essays)."""
    ok = [(it, r) for it, r in zip(items, reports) if r.error is None]
    stats = _level_stats([it.gold.level for it, _ in ok], [r.level for _, r in ok],
                         [it.gold.mark for it, _ in ok], [r.mark for _, r in ok])
    stats["words_only"] = words_only_baseline([it for it, _ in ok], [r.words for _, r in ok], rubric)
    stats["tfidf_logistic"] = tfidf_baseline([it for it, _ in ok], rubric, train=train, folds=folds)
    words = np.array([r.words for _, r in ok], dtype=float)
    levels = np.array([it.gold.level for it, _ in ok], dtype=float)
    varied = len(ok) > 2 and words.std() > 0 and levels.std() > 0
    stats["words_level_correlation"] = round(float(np.corrcoef(words, levels)[0, 1]), 3) if varied else 0.0
    return stats


def words_only_baseline(items: Sequence[AnnotatedEssay], words: Sequence[int], rubric: Rubric) -> dict:
    """How well word count alone predicts the marks (cross-validated linear fit on log words)."""
    from sklearn.linear_model import LinearRegression

    if len(items) < 4:
        return {}
    x = np.log1p(np.asarray(words, dtype=float)).reshape(-1, 1)
    y = np.array([it.gold.mark for it in items], dtype=float)
    folds = _folds(items, 5)
    pred = cross_val_predict(LinearRegression(), x, y, cv=folds)
    top = max(lv.marks[1] for lv in rubric.levels)
    marks = np.clip(np.floor(pred + 0.5), 1, top).astype(int)
    return _level_stats([it.gold.level for it in items], [rubric.level_for_mark(m) for m in marks],
                        y, marks)


def _tfidf_logistic():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2),
                         LogisticRegression(max_iter=2000))


def tfidf_baseline(items: Sequence[AnnotatedEssay], rubric: Rubric,
                   train: Sequence[AnnotatedEssay] = (), folds: int = DEFAULTS["cv_folds"]) -> dict:
    """How well the essay's vocabulary alone predicts the level: TF-IDF words and word pairs, logistic regression.

    Cross-validated on the same folds as the engine when no training essays are given; otherwise fitted on `train`
    and scored on `items`. The mark is the middle of the predicted level's band."""
    mid = {lv.level: (lv.marks[0] + lv.marks[1]) // 2 for lv in rubric.levels}
    if train:
        if len({it.gold.level for it in train}) < 2:
            return {}
        model = _tfidf_logistic().fit([it.text for it in train], [it.gold.level for it in train])
        pred = model.predict([it.text for it in items])
    else:
        if len(items) < MIN_CV_ESSAYS:
            return {}
        pred = np.zeros(len(items), dtype=int)
        for tr, te in _folds(items, folds):
            if len({items[i].gold.level for i in tr}) < 2:
                return {}
            model = _tfidf_logistic().fit([items[i].text for i in tr], [items[i].gold.level for i in tr])
            pred[te] = model.predict([items[i].text for i in te])
    return _level_stats([it.gold.level for it in items], pred, [it.gold.mark for it in items],
                        [mid.get(int(lv), 0) for lv in pred])


MIN_CV_ESSAYS = 10


def evaluate(items: Sequence[AnnotatedEssay], rubric: Rubric, *, folds: int | None = None,
             train: Sequence[AnnotatedEssay] = ()) -> dict:
    """All figures for a folder of annotated essays; cross-validated where the models saw these essays.

    `train`: the essays the shipped models were fitted on, for the TF-IDF baseline on held-out essays (without
    them, the baseline is cross-validated on the essays themselves, which flatters it)."""
    prepared = prepare_all(items, rubric)
    models = load_models(rubric)
    seen = set(models.meta.get("fitted_on", {}).get("sha256", []))
    overlap = sum(it.sha256 in seen for it in items)
    if overlap and len(items) >= MIN_CV_ESSAYS:
        generic_points = models.meta.get("point_models") == "generic"
        reports = cross_validated_reports(items, prepared, rubric, folds=folds,
                                          point_models=models.match if generic_points else None)
        mode = f"cross-validated ({len(_folds(items, folds or 5))} folds): {overlap} essays were in the training set"
    else:
        reports = [assemble(p, rubric, models, name=it.name) for p, it in zip(prepared, items)]
        mode = f"held-out: marked with {models.source}"
        level_seen = set(models.meta.get("level_fitted_on", {}).get("sha256", []))
        level_overlap = sum(it.sha256 in level_seen for it in items)
        if level_overlap and not overlap and len(items) >= MIN_CV_ESSAYS:
            reports = cross_validated_levels(items, prepared, rubric, models, folds=folds)
            mode = (f"points held-out, levels cross-validated ({len(_folds(items, folds or 5))} folds, level model "
                    f"refitted on these essays only): {level_overlap} essays were in the level model's training set")
        if overlap:
            mode = (f"TRAINING FIT, optimistic: {overlap} essays were in the training set, too few to "
                    f"cross-validate (fewer than {MIN_CV_ESSAYS})")
    annotated = [(it.gold.question_id, r.question) for it, r in zip(items, reports) if it.gold.question_id]
    return {
        "essays": len(items),
        "mode": mode,
        "question_detection": round(sum(g == d for g, d in annotated) / len(annotated), 3) if annotated else None,
        "points": point_metrics(items, reports, rubric),
        "errors": error_metrics(items, reports),
        "feedback": feedback_metrics(items, reports),
        "levels": level_metrics(items, reports, rubric, train=() if "cross-validated" in mode else train,
                                folds=folds or DEFAULTS["cv_folds"]),
        "per_essay": [
            {"essay": it.name, "gold_level": it.gold.level, "level": r.level, "gold_mark": it.gold.mark,
             "mark": r.mark, "words": r.words}
            for it, r in zip(items, reports)
        ],
    }


def to_text(result: dict) -> str:
    """The figures of evaluate() as `marker eval` prints them."""
    out: list[str] = []
    pts, errs, lv = result["points"], result["errors"], result["levels"]
    out.append(f"{result['essays']} essays, {result['mode']}")
    if result.get("question_detection") is not None:
        out.append(f"question detected correctly for {result['question_detection']:.0%} of essays")
    deb = pts["debates"]
    out.append(f"points : P {pts['precision']:.3f}  R {pts['recall']:.3f}  F1 {pts['f1']:.3f}  kappa {pts['kappa']:.3f}"
               f"  ({pts['decisions']} decisions)")
    out.append(f"         strict P {pts['strict_precision']:.3f}  gold name-drops called covered"
               f" {pts['name_drops_called_covered']:.0%} (of {pts['name_drops']})"
               f"  debates P {deb['precision']:.3f} R {deb['recall']:.3f}")
    out.append(f"errors : P {errs['precision']:.3f}  R {errs['recall']:.3f}  ({errs['found']}/{errs['gold']} found,"
               f" {errs['flags']} flags)")
    if len(errs["per_shape"]) > 1 or "unrecorded" not in errs["per_shape"]:
        out.append("         found per shape: " + ", ".join(f"{shape} {c['found']}/{c['gold']}"
                                                         for shape, c in errs["per_shape"].items()))
    out.append(feedback_text(result["feedback"]))
    out.append(f"levels : QWK {lv['qwk']:.3f}  exact {lv['exact']:.0%}  adjacent {lv['adjacent']:.0%}"
               f"  mark MAE {lv['mark_mae']:.2f}  bias {lv['mark_bias']:+.2f}")
    for name, label in (("tfidf_logistic", "TF-IDF + logistic baseline"), ("words_only", "words-only baseline")):
        base = lv.get(name)
        if base:
            out.append(f"{label}: QWK {base['qwk']:.3f}  exact {base['exact']:.0%}  MAE {base['mark_mae']:.2f}"
                       f"  bias {base['mark_bias']:+.2f}")
    if lv.get("words_only"):
        out.append(f"(correlation of words with level {lv['words_level_correlation']:.2f})")
    out.append("\nper point                                   P      R      F1   support")
    for pid, m in pts["per_point"].items():
        out.append(f"  {pid:<40} {m['precision']:.2f}   {m['recall']:.2f}   {m['f1']:.2f}   {m['support']}")
    for ff in errs["false_flags"]:
        out.append(f"false flag: {ff['essay']}: {ff['text']!r} ({ff['fact']})")
    return "\n".join(out) + "\n"

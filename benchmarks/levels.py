"""The one topic-free level model: fitted on every topic's training essays, cross-validated, checked for transfer,
and (last, only to report) read on the locked test and the real essays, beside the TF-IDF + logistic baseline.

    python benchmarks/levels.py [--real DIR] [--save] [--json FILE]
    python benchmarks/levels.py --diagnose     # training essays only: the cross-validated bias by split and style
                                               # and the leave-one-topic-out figures
    python benchmarks/levels.py --oracle [--real DIR]   # the same level model given the annotators' coverage

Training essays: the blind corpus's training split and the development essays of both topics. Coverage comes from
each rubric's shipped point models (out of fold for essays those models were fitted on), the question is detected
from the essay as for a new one. Cross-validation: 5 folds stratified by level over the pooled essays; the
TF-IDF + logistic baseline is cross-validated on the same folds. Leave-one-topic-out: each topic's training essays
marked by the model (and the baseline) fitted on the other topic's alone. Transfer: the level model fitted without any
Weimar marks, read on the Weimar essays. The locked test (corpus/*/test) and the real essays (--real: the folder
`python corpus/real/fetch.py --layout DIR` filled) are marked with the model fitted on all training essays, and the
baseline fitted on the same essays; they never choose anything. --save writes the level model (and the error cost)
into the generic models and both shipped rubrics' model files.
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

from marker.argument import no_argument
from marker.dataset import AnnotatedEssay, load_annotated
from marker.evaluate import _level_stats, _tfidf_logistic
from marker.fit import _fit_match, _folds, fit_level
from marker.linear import LinearModel
from marker.mark import Prepared, prepare
from marker.match import Coverage, detect_question, match_points
from marker.models_io import load_models
from marker.rubric import Rubric, load_rubric
from marker.score import judge, level_features

ROOT = Path(__file__).resolve().parents[1]
TOPICS = {"soviet": ("soviet-foreign-policy-1924-41", ROOT / "sample_essays"),
          "weimar": ("weimar-republic-1918-33", ROOT / "sample_essays_weimar")}


class Essay:
    """One annotated essay read once: its rubric, coverage, level features and flagged errors."""

    def __init__(self, topic: str, split: str, item: AnnotatedEssay, prep: Prepared, rubric: Rubric,
                 coverage: Coverage):
        self.topic, self.split, self.item, self.rubric, self.coverage = topic, split, item, rubric, coverage
        self.question, self.prep = detect_question(prep.signals, rubric), prep
        self.row = level_features(rubric, self.question, prep.essay, coverage, prep.signals, n_errors=len(prep.errors))
        self.errors = len(prep.errors)
        self.no_argument = no_argument(rubric, prep.essay.sentences)

    def mark(self, model: LinearModel, per_error: float) -> int:
        return judge(self.rubric, model, self.row, self.coverage, n_errors=self.errors, per_error=per_error,
                     no_argument=self.no_argument).mark


def with_gold_coverage(e: Essay) -> Essay:
    """The essay as the level model would read it if the matcher agreed with the annotators: each point covered,
    partial (only named) or missing as the gold says; everything else (moves, arguing sentences, errors) as read."""
    gold = e.item.gold
    status = {**dict.fromkeys(gold.mentioned_only, "partial"), **dict.fromkeys([*gold.points, *gold.debates], "covered")}
    coverage = replace(e.coverage, points=tuple(replace(pm, status=status.get(pm.id, "missing"))
                                                for pm in e.coverage.points))
    clone = copy.copy(e)
    clone.coverage = coverage
    clone.row = level_features(e.rubric, e.question, e.prep.essay, coverage, e.prep.signals, n_errors=e.errors)
    return clone


def oracle(training: list[Essay], held: dict[str, list[Essay]]) -> None:
    """Where the level error comes from: the level model refitted and read with the annotators' coverage, beside the
    matcher's, on the training essays (cross-validated) and, only to report, the held-out ones. A large gain says
    coverage is what fails; none says the level model or its other features do."""
    gold_training = [with_gold_coverage(e) for e in training]
    print("| essays | n | matcher's coverage: QWK / exact / MAE / bias | annotators' coverage |")
    print("|---|---|---|---|")
    marks, _ = cross_validate(training, baseline=False)
    gold_marks, _ = cross_validate(gold_training, baseline=False)
    for topic in TOPICS:
        idx = [i for i, e in enumerate(training) if e.topic == topic]
        print(_pair(f"CV, {topic} training", [training[i] for i in idx], [marks[i] for i in idx],
                    [gold_marks[i] for i in idx]))
    model, per_error = fit(training)
    gold_model, gold_cost = fit(gold_training)
    for label, essays in held.items():
        print(_pair(label, essays, [e.mark(model, per_error) for e in essays],
                    [g.mark(gold_model, gold_cost) for g in map(with_gold_coverage, essays)]))


def _pair(label: str, essays: list[Essay], marks, gold_marks) -> str:
    cells = [stats(essays, m) for m in (marks, gold_marks)]
    return f"| {label} | {len(essays)} | " + " | ".join(
        f"{c['qwk']:.3f} / {c['exact']:.0%} / {c['mark_mae']:.2f} / {c['mark_bias']:+.2f}" for c in cells) + " |"


def read_split(topic: str, split: str, folder: Path) -> list[Essay]:
    rubric_id, _ = TOPICS[topic]
    rubric = load_rubric(rubric_id)
    models = load_models(rubric)
    items = load_annotated(folder)
    preps = [prepare(it.text, rubric) for it in items]
    seen = set(models.meta.get("fitted_on", {}).get("sha256", []))
    coverage: list[Coverage | None] = [None] * len(items)
    if models.meta.get("point_models") == "fitted" and any(it.sha256 in seen for it in items):
        for train, test in _folds(items, 5):  # the point models saw these essays: their coverage out of fold
            inner = replace(_fit_match([items[i] for i in train], [preps[i] for i in train], rubric),
                            **models.meta["cuts"])
            for i in test:
                coverage[i] = match_points(preps[i].essay, rubric, preps[i].signals, inner)
    return [Essay(topic, split, it, p, rubric, coverage[i] or match_points(p.essay, rubric, p.signals, models.match))
            for i, (it, p) in enumerate(zip(items, preps))]


def fit(essays: list[Essay]) -> tuple[LinearModel, float]:
    return fit_level([e.item for e in essays], [e.row for e in essays])


def stats(essays: list[Essay], marks) -> dict:
    rubric = essays[0].rubric
    return _level_stats([e.item.gold.level for e in essays], [rubric.level_for_mark(int(m)) for m in marks],
                        [e.item.gold.mark for e in essays], marks)


def tfidf_marks(train: list[Essay], test: list[Essay]) -> list[int]:
    model = _tfidf_logistic().fit([e.item.text for e in train], [e.item.gold.level for e in train])
    mid = {lv.level: (lv.marks[0] + lv.marks[1]) // 2 for lv in test[0].rubric.levels}
    return [mid.get(int(lv), 0) for lv in model.predict([e.item.text for e in test])]


def cross_validate(essays: list[Essay], baseline: bool = True) -> tuple[list[int], list[int]]:
    marks, base = [0] * len(essays), [0] * len(essays)
    for train, test in _folds([e.item for e in essays], 5, seed=0):
        model, per_error = fit([essays[i] for i in train])
        tf = tfidf_marks([essays[i] for i in train], [essays[i] for i in test]) if baseline else [0] * len(test)
        for k, i in enumerate(test):
            marks[i], base[i] = essays[i].mark(model, per_error), tf[k]
    return marks, base


def leave_one_topic_out(essays: list[Essay]) -> dict:
    """Cross-topic CV: per topic, the level model (and the TF-IDF baseline) fitted on the other topics' training
    essays only, read on this topic's: how a rubric built today is marked before any of its marks exist."""
    out = {}
    for topic in TOPICS:
        train = [e for e in essays if e.topic != topic]
        test = [e for e in essays if e.topic == topic]
        if train and test:
            model, per_error = fit(train)
            out[topic] = {"essays": len(test), "model": stats(test, [e.mark(model, per_error) for e in test]),
                          "tfidf": stats(test, tfidf_marks(train, test))}
    return out


def by_topic(essays: list[Essay], marks, base) -> dict:
    out = {}
    for topic in TOPICS:
        idx = [i for i, e in enumerate(essays) if e.topic == topic]
        if idx:
            sel = [essays[i] for i in idx]
            out[topic] = {"essays": len(idx), "model": stats(sel, [marks[i] for i in idx]),
                          "tfidf": stats(sel, [base[i] for i in idx]) if base is not None else None}
    return out


def breakdown(essays: list[Essay], marks, styles: dict[str, str]) -> dict[str, dict[str, dict]]:
    """Per topic: the out-of-fold mean signed mark error (and essays) by split (development essays against the blind
    corpus's, written by other hands) and by the writer's brief's style (corpus/split.csv; "development" for the
    development essays), to see which kind of essay the model misplaces."""
    out: dict[str, dict[str, dict]] = {}
    for topic in TOPICS:
        groups: dict[str, list[float]] = {}
        for e, m in zip(essays, marks):
            if e.topic == topic:
                err = float(m) - e.item.gold.mark
                groups.setdefault(f"split: {e.split}", []).append(err)
                groups.setdefault(f"style: {styles.get(e.item.name, 'development')}", []).append(err)
        out[topic] = {k: {"essays": len(v), "bias": round(sum(v) / len(v), 2)} for k, v in sorted(groups.items())}
    return out


def save(model: LinearModel, per_error: float, essays: list[Essay], figures: dict) -> None:
    meta = {"fitted": dt.date.today().isoformat(), "essays": len(essays), "error_cost": per_error,
            "sha256": sorted(e.item.sha256 for e in essays), "cross_validated": figures}
    paths = [ROOT / "marker" / "models" / "generic.model.json"]
    paths += [ROOT / "rubrics" / f"{rubric_id}.model.json" for rubric_id, _ in TOPICS.values()]
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["level_model"] = model.to_dict()
        data["error_cost"] = per_error
        data["level_fitted_on"] = meta
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _row(label: str, figs: dict) -> str:
    m, t = figs["model"], figs["tfidf"]
    base = "-" if not t else f"{t['qwk']:.3f} / {t['exact']:.0%} / {t['mark_mae']:.2f} / {t['mark_bias']:+.2f}"
    return (f"| {label} | {figs['essays']} | {m['qwk']:.3f} / {m['exact']:.0%} / {m['mark_mae']:.2f} / "
            f"{m['mark_bias']:+.2f} | {base} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--real", type=Path)
    parser.add_argument("--save", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--oracle", action="store_true",
                        help="the level model with the annotators' coverage beside the matcher's (held-out: report only)")
    parser.add_argument("--diagnose", action="store_true",
                        help="training essays only (the locked test is not read): CV bias by split and style")
    args = parser.parse_args()
    training: list[Essay] = []
    for topic, (_, dev) in TOPICS.items():
        training += read_split(topic, "development", dev) + read_split(topic, "blind train",
                                                                         ROOT / "corpus" / topic / "train")
    if args.oracle:
        held_out = {f"LOCKED TEST {t}": read_split(t, "test", ROOT / "corpus" / t / "test") for t in TOPICS}
        if args.real is not None:
            held_out.update({f"real {t}": read_split(t, "real", args.real / t) for t in TOPICS
                             if (args.real / t).is_dir()})
        oracle(training, held_out)
        return
    marks, base = cross_validate(training)
    result = {"cross_validated": by_topic(training, marks, base), "leave_one_topic_out": leave_one_topic_out(training)}
    if args.diagnose:
        with (ROOT / "corpus" / "split.csv").open(encoding="utf-8") as f:
            styles = {row["name"]: row["style"] for row in csv.DictReader(f)}
        for topic, groups in breakdown(training, marks, styles).items():
            print(f"{topic}: " + "; ".join(f"{k} {v['bias']:+.2f} ({v['essays']})" for k, v in groups.items()))
        for topic, figs in result["cross_validated"].items():
            print(_row(f"CV, {topic} training", figs))
        for topic, figs in result["leave_one_topic_out"].items():
            print(_row(f"leave-one-topic-out, {topic} training", figs))
        return
    model, per_error = fit(training)
    result["error_cost"] = per_error
    result["coefficients"] = {n: round(c / s, 3) for n, c, s in zip(model.features, model.coef[0], model.scale)}
    soviet_only = [e for e in training if e.topic == "soviet"]
    transfer_model, transfer_cost = fit(soviet_only)
    weimar_train = [e for e in training if e.topic == "weimar"]
    result["transfer_weimar_training"] = stats(weimar_train, [e.mark(transfer_model, transfer_cost)
                                                              for e in weimar_train])
    if args.save:
        save(model, per_error, training, result["cross_validated"])
    # Last, and only to report: the locked test and the real essays.
    held: dict[str, list[Essay]] = {}
    for topic in TOPICS:
        held[f"LOCKED TEST {topic}"] = read_split(topic, "test", ROOT / "corpus" / topic / "test")
        if args.real is not None and (args.real / topic).is_dir():
            held[f"real {topic}"] = read_split(topic, "real", args.real / topic)
    for label, essays in held.items():
        same_topic = [e for e in training if e.topic == essays[0].topic]
        result[label] = {"essays": len(essays), "model": stats(essays, [e.mark(model, per_error) for e in essays]),
                         "tfidf": stats(essays, tfidf_marks(same_topic, essays)),
                         "tfidf_pooled": stats(essays, tfidf_marks(training, essays))}
    weimar_test = held["LOCKED TEST weimar"]
    result["transfer_weimar_locked_test"] = stats(weimar_test, [e.mark(transfer_model, transfer_cost)
                                                                for e in weimar_test])
    print("| essays | n | model QWK / exact / MAE / bias | TF-IDF + logistic QWK / exact / MAE / bias |")
    print("|---|---|---|---|")
    for topic, figs in result["cross_validated"].items():
        print(_row(f"CV, {topic} training", figs))
    for topic, figs in result["leave_one_topic_out"].items():
        print(_row(f"leave-one-topic-out, {topic} training", figs))
    for label in held:
        print(_row(label, result[label]))
    for label in ("transfer_weimar_training", "transfer_weimar_locked_test"):
        t = result[label]
        print(f"{label}: QWK {t['qwk']:.3f} exact {t['exact']:.0%} MAE {t['mark_mae']:.2f} bias {t['mark_bias']:+.2f}")
    print("error cost per flagged error:", per_error, "; marks per unit of each feature:", result["coefficients"])
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()

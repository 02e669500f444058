"""Point coverage across topics: fit the point models on one topic's training essays, mark the other's.

    python benchmarks/coverage_cv.py      # training essays only (development + blind train); about 5 min

Training essays: the development essays and the blind corpus's training split of each topic (never the locked
test). For each direction (Soviet -> Weimar, Weimar -> Soviet) the factor and debate models and their cut-offs are
fitted on one topic exactly as `marker fit` does (cut-offs from out-of-fold kappa) and the other topic is marked,
its question detected from the essay as for a new one; then the same within the Soviet essays (5 folds). Each is
fitted twice: with every factor feature, and without the last ones named in --without (default:
question_importance), so what those features add is measured on essays they never saw. Prints points P / R,
strict precision, gold name-drops called covered and the points gained and lost at the cut-off each fit chooses,
and, since a cut-off that moves hides what a feature adds, the factors alone at fixed cut-offs.
"""

from __future__ import annotations

import argparse
import types
from pathlib import Path

from marker.dataset import load_annotated
from marker.evaluate import point_metrics
from marker.fit import _choose_cuts, _fit_match, _folds
from marker.match import FACTOR_FEATURES, match_points
from marker.nlp import analyse
from marker.rubric import load_rubric
from marker.signals import sentence_signals

ROOT = Path(__file__).resolve().parents[1]
TOPICS = {"soviet": ("soviet-foreign-policy-1924-41", ROOT / "sample_essays"),
          "weimar": ("weimar-republic-1918-33", ROOT / "sample_essays_weimar")}


def read(topic: str):
    rubric_id, dev = TOPICS[topic]
    rubric = load_rubric(rubric_id)
    items = load_annotated(dev) + load_annotated(ROOT / "corpus" / topic / "train")
    prepared = []
    for item in items:
        essay = analyse(item.text)
        prepared.append(types.SimpleNamespace(essay=essay, signals=sentence_signals(essay, rubric)))
    return rubric, items, prepared


def fit(rubric, items, prepared, features):
    from dataclasses import replace

    cuts = _choose_cuts(items, prepared, rubric, _folds(items, 5, seed=1), features)
    return replace(_fit_match(items, prepared, rubric, features), covered_cut=cuts[0], mentioned_cut=cuts[1],
                   debate_cut=cuts[2])


def mark(rubric, items, prepared, models):
    coverage = [match_points(p.essay, rubric, p.signals, models) for p in prepared]
    reports = [types.SimpleNamespace(points=c.points, error=None) for c in coverage]
    return point_metrics(items, reports, rubric), reports, [c.factor_probs for c in coverage]


CUTS = (0.2, 0.3, 0.4, 0.5, 0.6)


def at_cuts(items, probs) -> str:
    """Factors only: recall, strict precision and name-drops called covered at each fixed covered cut-off."""
    out = []
    for cut in CUTS:
        tp = fn = fp = drops = n_drops = 0
        for item, essay_probs in zip(items, probs):
            for pid, pr in essay_probs.items():
                called = pr.get("covered", 0.0) >= cut
                gold = pid in item.gold.points
                dropped = pid in item.gold.mentioned_only
                tp += called and gold
                fn += gold and not called
                fp += called and not gold
                drops += called and dropped
                n_drops += dropped
        out.append(f"{cut}: R {tp / max(tp + fn, 1):.3f} strict P {tp / max(tp + fp, 1):.3f} "
                   f"drops {drops / max(n_drops, 1):.0%}")
        out[-1] += f" ({tp} true, {drops} drops)"
    return " | ".join(out)


def compare(label, rubric_s, rubric_t, splits, keep, without) -> None:
    """Fit on each split's training essays, mark its test essays, and pool the test essays' figures."""
    results = {}
    for name, features in (("without", keep), ("with", FACTOR_FEATURES)):
        items, reports, probs, cuts = [], [], [], []
        for items_s, prep_s, items_t, prep_t in splits:
            models = fit(rubric_s, items_s, prep_s, features)
            _, fold_reports, fold_probs = mark(rubric_t, items_t, prep_t, models)
            items += items_t
            reports += fold_reports
            probs += fold_probs
            cuts.append(models.covered_cut)
        results[name] = reports
        m = point_metrics(items, reports, rubric_t)
        print(f"{label}, {name} {' '.join(without)} (covered cut {'/'.join(map(str, cuts))}): "
              f"P / R {m['precision']:.3f} / {m['recall']:.3f}, strict P {m['strict_precision']:.3f}, "
              f"name-drops called covered {m['name_drops_called_covered']:.1%} of {m['name_drops']}, "
              f"debates P / R {m['debates']['precision']:.3f} / {m['debates']['recall']:.3f}")
        print(f"   fixed cuts: {at_cuts(items, probs)}")
    gained = lost = 0
    for item, before, after in zip(items, results["without"], results["with"]):
        for pb, pa in zip(before.points, after.points):
            if pb.kind == "factor" and pb.id in item.gold.points:
                gained += pa.status == "covered" and pb.status != "covered"
                lost += pb.status == "covered" and pa.status != "covered"
    print(f"   gold-covered factors: {gained} gained, {lost} lost")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--without", nargs="+", default=["question_importance"])
    args = parser.parse_args()
    keep = tuple(f for f in FACTOR_FEATURES if f not in args.without)
    assert FACTOR_FEATURES[: len(keep)] == keep, "only the last features can be left out"
    data = {topic: read(topic) for topic in TOPICS}
    for source, target in (("soviet", "weimar"), ("weimar", "soviet")):
        (rubric_s, *train), (rubric_t, *test) = data[source], data[target]
        compare(f"{source} -> {target}", rubric_s, rubric_t, [(*train, *test)], keep, args.without)
    rubric, items, prepared = data["soviet"]  # within the topic: 5 folds, the held-out essays pooled

    def pick(idx):
        return [items[i] for i in idx], [prepared[i] for i in idx]

    compare("soviet 5-fold", rubric, rubric, [(*pick(a), *pick(b)) for a, b in _folds(items, 5)], keep, args.without)


if __name__ == "__main__":
    main()

"""The development decision (covered or only mentioned, among factors called covered), measured on training essays.

    PYTHONPATH=. python benchmarks/develop_cv.py      # training essays only (development + blind train); ~10 min

The point models and all four cut-offs are fitted exactly as `marker fit` fits them (marker/fit.py: cut-offs from
out-of-fold kappa) on one side and the other side is marked with its question detected from the essay, as a new
essay is: Soviet -> Weimar, Weimar -> Soviet, and within the Soviet essays (5 folds, the held-out essays pooled).
Each is marked twice with the same fitted models: with the development decision, and with it switched off
(develop_cut 0), so the figures show what the demotion alone does. Prints points P / R, strict precision, gold
name-drops called covered, and the covered calls demoted: gold covered, gold name-drops, other.
"""

from __future__ import annotations

import types
from dataclasses import replace
from pathlib import Path

from marker.dataset import load_annotated
from marker.evaluate import point_metrics
from marker.fit import _choose_cuts, _fit_match, _folds
from marker.match import match_points
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


def compare(label: str, rubric_s, rubric_t, splits) -> None:
    """Fit on each split's training essays, mark its test essays with and without the development decision."""
    items, with_dev, without, cuts = [], [], [], []
    for items_s, prep_s, items_t, prep_t in splits:
        covered, mentioned, debated, developed = _choose_cuts(items_s, prep_s, rubric_s, _folds(items_s, 5, seed=1))
        models = replace(_fit_match(items_s, prep_s, rubric_s), covered_cut=covered, mentioned_cut=mentioned,
                         debate_cut=debated, develop_cut=developed)
        cuts.append(f"{covered}/{developed}")
        items += items_t
        for on, out in ((models, with_dev), (replace(models, develop_cut=0.0), without)):
            out += [types.SimpleNamespace(points=match_points(p.essay, rubric_t, p.signals, on).points, error=None)
                    for p in prep_t]
    for name, reports in (("without", without), ("with", with_dev)):
        m = point_metrics(items, reports, rubric_t)
        print(f"{label}, {name} the development decision (covered / develop cut {' '.join(cuts)}): "
              f"P / R {m['precision']:.3f} / {m['recall']:.3f}, strict P {m['strict_precision']:.3f}, "
              f"name-drops called covered {m['name_drops_called_covered']:.1%} of {m['name_drops']}")
    demoted = {"covered": 0, "name-drop": 0, "other": 0}
    for item, before, after in zip(items, without, with_dev):
        for pb, pa in zip(before.points, after.points):
            if pb.status == "covered" and pa.status != "covered":
                kind = ("covered" if pb.id in item.gold.points else
                        "name-drop" if pb.id in item.gold.mentioned_only else "other")
                demoted[kind] += 1
    print(f"   demoted: {demoted['covered']} gold covered, {demoted['name-drop']} gold name-drops, "
          f"{demoted['other']} other")


def main() -> None:
    data = {topic: read(topic) for topic in TOPICS}
    for source, target in (("soviet", "weimar"), ("weimar", "soviet")):
        (rubric_s, *train), (rubric_t, *test) = data[source], data[target]
        compare(f"{source} -> {target}", rubric_s, rubric_t, [(*train, *test)])
    rubric, items, prepared = data["soviet"]

    def pick(idx):
        return [items[i] for i in idx], [prepared[i] for i in idx]

    compare("soviet 5-fold", rubric, rubric, [(*pick(a), *pick(b)) for a, b in _folds(items, 5)])


if __name__ == "__main__":
    main()

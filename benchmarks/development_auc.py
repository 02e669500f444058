"""Does a point's development (the passage that carries it) tell covered from name-dropped? Training essays only.

    PYTHONPATH=. python benchmarks/development_auc.py      # about 4 min

For every gold covered or gold name-dropped factor of the training essays (development + blind train), the
factor features (marker/match.py), the development features (marker/develop.py) and the point's importance for
the annotated question; a covered-vs-name-dropped logistic model is fitted on one topic and scored on the other
(ROC AUC), for each feature set, with each feature's own AUC.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from marker.dataset import load_annotated
from marker.develop import DEVELOPMENT_FEATURES, development_features
from marker.fit import question_of
from marker.match import FACTOR_FEATURES, factor_features
from marker.nlp import analyse
from marker.rubric import load_rubric
from marker.signals import sentence_signals

ROOT = Path(__file__).resolve().parents[1]
TOPICS = {"soviet": ("soviet-foreign-policy-1924-41", ROOT / "sample_essays"),
          "weimar": ("weimar-republic-1918-33", ROOT / "sample_essays_weimar")}
BASE = len(FACTOR_FEATURES) - 1  # without question_importance


def rows(topic):
    rubric_id, dev = TOPICS[topic]
    rubric = load_rubric(rubric_id)
    x, y = [], []
    for item in load_annotated(dev) + load_annotated(ROOT / "corpus" / topic / "train"):
        sig = sentence_signals(analyse(item.text), rubric)
        question = question_of(item, rubric)
        for p, point in enumerate(rubric.points):
            if point.kind == "factor" and (point.id in item.gold.points or point.id in item.gold.mentioned_only):
                x.append(factor_features(sig, p, rubric.importance(point.id, question))[:BASE]
                         + development_features(sig, p) + [rubric.importance(point.id, question)])
                y.append(point.id in item.gold.points)
    return np.array(x), np.array(y)


def main() -> None:
    data = {topic: rows(topic) for topic in TOPICS}
    names = [*FACTOR_FEATURES[:BASE], *DEVELOPMENT_FEATURES, "question_importance"]
    for topic, (x, y) in data.items():
        print(topic, f"{y.sum()} covered, {(~y).sum()} name-dropped;",
              ", ".join(f"{n} {roc_auc_score(y, x[:, j]):.3f}" for j, n in enumerate(names)))
    dev = list(range(BASE, BASE + len(DEVELOPMENT_FEATURES)))
    sets = {"factor": list(range(BASE)), "factor+development": list(range(BASE)) + dev,
            "factor+importance": list(range(BASE)) + [len(names) - 1],
            "factor+development+importance": list(range(len(names)))}
    for source, target in (("soviet", "weimar"), ("weimar", "soviet")):
        for name, cols in sets.items():
            model = make_pipeline(StandardScaler(), LogisticRegression(C=0.5, class_weight="balanced", max_iter=5000))
            model.fit(data[source][0][:, cols], data[source][1])
            score = model.predict_proba(data[target][0][:, cols])[:, 1]
            print(f"{source} -> {target}: {name} AUC {roc_auc_score(data[target][1], score):.3f}")


if __name__ == "__main__":
    main()

"""Gold name-drops the engine calls covered, on the training essays only, and the sentences that carry them.

    python benchmarks/name_drops.py [--examples N]

Training essays: the development essays and the blind corpus's training split of both topics (never the locked
test). Coverage from each rubric's shipped point models (fitted on the Soviet ones: in-sample there, a transfer
for Weimar). For every gold name-drop (a point the annotator marked as only mentioned) called "covered", the
sentences that argue it (marker/match.py's `argued`) are sorted by how they argue it: a sentence that explains
it (a causal clause or cue of marker/moves.py), or evidence (a date, a number) beside an explanation, and then
whether that explanation belongs to another point. Prints the point figures, the kinds, and examples.
"""

from __future__ import annotations

import argparse
import random
import types
from collections import Counter
from pathlib import Path

import numpy as np

from marker.dataset import load_annotated
from marker.evaluate import point_metrics
from marker.match import argued, match_points
from marker.models_io import load_models
from marker.nlp import analyse
from marker.rubric import load_rubric
from marker.signals import sentence_signals

ROOT = Path(__file__).resolve().parents[1]
TOPICS = {"soviet": ("soviet-foreign-policy-1924-41", ROOT / "sample_essays"),
          "weimar": ("weimar-republic-1918-33", ROOT / "sample_essays_weimar")}


def carrier_kind(sig, p: int, k: int) -> str:
    """How sentence k argues point p: it explains, or it is evidence beside an explanation of this point or of
    another one."""
    moves = sig.argument
    if moves.explains[k] or moves.answers[k]:
        return "explains"
    near = [j for j in (k - 1, k + 1) if 0 <= j < len(moves.role) and moves.paragraph[j] == moves.paragraph[k]
            and (moves.explains[j] or moves.answers[j])]
    other = [j for j in near if not sig.about[j, p] and sig.about[j].any()]
    return "evidence beside another point's explanation" if len(other) == len(near) else "evidence beside its own"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=10)
    args = parser.parse_args()
    random.seed(0)
    for topic, (rubric_id, dev) in TOPICS.items():
        rubric = load_rubric(rubric_id)
        models = load_models(rubric)
        items = load_annotated(dev) + load_annotated(ROOT / "corpus" / topic / "train")
        reports, kinds, single, examples = [], Counter(), 0, []
        for item in items:
            essay = analyse(item.text)
            sig = sentence_signals(essay, rubric)
            coverage = match_points(essay, rubric, sig, models.match)
            reports.append(types.SimpleNamespace(points=coverage.points, error=None))
            for p, pm in enumerate(coverage.points):
                if pm.status != "covered" or pm.id not in item.gold.mentioned_only:
                    continue
                carriers = np.flatnonzero(argued(sig, p))
                single += len(carriers) == 1
                found = {carrier_kind(sig, p, int(k)) for k in carriers}
                kinds.update(found)
                examples += [(item.name, pm.id, carrier_kind(sig, p, int(k)), essay.sentences[k].text)
                             for k in carriers[:1]]
        m = point_metrics(items, reports, rubric)
        covered = round(m["name_drops_called_covered"] * m["name_drops"])
        print(f"## {topic}: {len(items)} training essays; points P / R {m['precision']:.3f} / {m['recall']:.3f}, "
              f"strict precision {m['strict_precision']:.3f}, gold name-drops called covered "
              f"{m['name_drops_called_covered']:.0%} ({covered} of {m['name_drops']})")
        print(f"   carried by one sentence only: {single} of {covered}")
        for kind, n in kinds.most_common():
            print(f"   {kind}: {n} of {covered}")
        for name, pid, kind, text in random.sample(examples, min(args.examples, len(examples))):
            print(f"   - {name} {pid} ({kind}): {text[:160]}")


if __name__ == "__main__":
    main()

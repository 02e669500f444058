"""Which point a paragraph argues (issue 14 part 1, round 10): of the factors the engine calls covered on the
training essays, how many are argued only in body paragraphs whose own point is another, and not explained by their
own sentence there (claims.paragraph_points, claims.argued_in_place): the calls the paragraph reading would demote,
by their gold status; and the point figures with those calls demoted to partial (the reading applied at marking to
main's fold models: the script marks with `paragraphs=False`, as the fit chooses its cut-offs, so the calls, the
folds' models and their cut-offs are main's).

    PYTHONPATH=. python benchmarks/paragraph_points.py [--topic soviet|weimar] [--examples N]   # about 4 min

The columns are recall_losses.py's (held_out.py's blind-train columns): the Soviet blind training split out of fold,
the Weimar blind training split with point models fitted on all the Soviet training essays. Never the locked test.
"""

from __future__ import annotations

import argparse
import random
import types
from collections import Counter
from dataclasses import replace

import numpy as np

from benchmarks.recall_losses import column
from marker.claims import argued_in_place, debate_kin, paragraph_points
from marker.evaluate import point_metrics
from marker.fit import gold_status
from marker.match import argued, detect_question, match_points


def demoted(sig, p: int, owners, kin) -> bool:
    """Argued, but no sentence argues it in place (the paragraph reading takes 'argued' from it)."""
    argues = argued(sig, p)
    return bool(argues.any()) and not argued_in_place(sig, p, argues, owners, kin).any()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--topic", choices=("soviet", "weimar"), action="append")
    parser.add_argument("--examples", type=int, default=0)
    args = parser.parse_args()
    random.seed(0)
    for topic in args.topic or ("soviet", "weimar"):
        rubric, items, preps, models_for = column(topic)
        factors = np.array([p.kind == "factor" for p in rubric.points])
        kin = debate_kin(rubric)
        called, flagged, before, after, examples = Counter(), Counter(), [], [], []
        for i, (item, prep) in enumerate(zip(items, preps)):
            sig = prep.signals
            # main's calls (the check left out): the reading is what is counted
            coverage = match_points(prep.essay, rubric, sig, models_for(i), detect_question(sig, rubric),
                                    paragraphs=False)
            owners = paragraph_points(sig, factors)
            points = []
            for p, pm in enumerate(coverage.points):
                if pm.kind == "factor" and pm.status == "covered":
                    gold = gold_status(item, pm.id)
                    called[gold] += 1
                    if demoted(sig, p, owners, kin):
                        flagged[gold] += 1
                        pm = replace(pm, status="partial")
                        ks = np.flatnonzero(argued(sig, p))
                        examples.append((gold, item.name, pm.id, prep.essay.sentences[int(ks[0])].text))
                points.append(pm)
            before.append(types.SimpleNamespace(points=coverage.points, error=None))
            after.append(types.SimpleNamespace(points=tuple(points), error=None))
        print(f"## {topic} blind train ({len(items)} essays)")
        print("| gold status of a factor called covered | called covered | only in another point's paragraph, "
              "not explained there | share |")
        print("|---|---|---|---|")
        for gold in ("covered", "partial", "missing"):
            print(f"| {gold} | {called[gold]} | {flagged[gold]} | {flagged[gold] / max(called[gold], 1):.1%} |")
        for name, reports in (("as called", before), ("those demoted", after)):
            m = point_metrics(items, reports, rubric)
            print(f"- {name}: P / R {m['precision']:.3f} / {m['recall']:.3f}, strict precision "
                  f"{m['strict_precision']:.3f}, name-drops called covered {m['name_drops_called_covered']:.1%} of "
                  f"{m['name_drops']}")
        for gold, name, pid, text in random.sample(examples, min(args.examples, len(examples))):
            print(f"   - [{gold}] {name} {pid}: {text[:300]}")


if __name__ == "__main__":
    main()

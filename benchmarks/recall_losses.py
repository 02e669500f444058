"""Gold-covered points the engine does not call covered, on the training essays only, sorted by the mechanism that
loses them.

    PYTHONPATH=. python benchmarks/recall_losses.py [--topic soviet|weimar] [--examples N] [--seed S]   # about 4 min

The columns are held_out.py's blind-train columns, measured the same way: the Soviet blind training split marked
out of fold (5 folds; the point models and their four cut-offs fitted as `marker fit` fits them on the other
folds), the Weimar blind training split marked with point models fitted on all the Soviet training essays
(development + blind train, a transfer, as `marker fit ... --generic` ships them). The question is detected from
the essay, as for a new one. Never the locked test.

Each gold-covered factor called partial or missing is put under the first step of the decision that loses it:

- `not named, paraphrase below the threshold`: no key term or name in any sentence, and no sentence as similar as
  `paraphrase_similarity` (the point gets no credit: match.gated);
- `no sentence about it: another point's sentence`: named or paraphrased, but every sentence that names or
  resembles it is another point's best match beyond the margin (SentenceSignals.about);
- `no sentence about it: named only in a list`;
- `about it only in question lines, headings, signposts`;
- `about it, bare statements; its paragraph explains elsewhere` / `...; nothing explains`: sentences of the argument
  are about it but none explains it or gives evidence beside an explanation (moves.Argument.argues; at most
  partial), and another sentence of one of their paragraphs explains (or none does);
- `argued, factor model under the covered cut`;
- `covered, demoted by the development decision`.

Three readings cut across these: the point never named in the essay (only paraphrased), its importance for the
detected question under 0.5 (the question's scope), and the question detected wrongly. The header line gives the
folds' covered and develop cut-offs. Debates are counted apart: no passage weighing both sides, or the debate model
under its cut.
"""

from __future__ import annotations

import argparse
import random
import types
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

from marker.dataset import load_annotated
from marker.defaults import DEFAULTS
from marker.evaluate import point_metrics
from marker.fit import _choose_cuts, _fit_match, _folds, gold_status
from marker.mark import Prepared
from marker.match import FACTOR_FEATURES, about, argued, detect_question, match_points
from marker.nlp import analyse
from marker.rubric import load_rubric
from marker.signals import sentence_signals

ROOT = Path(__file__).resolve().parents[1]
SOVIET, WEIMAR = "soviet-foreign-policy-1924-41", "weimar-republic-1918-33"
STEPS = ("not named, paraphrase below the threshold", "no sentence about it: another point's sentence",
         "no sentence about it: named only in a list", "about it only in question lines, headings, signposts",
         "about it, bare statements; its paragraph explains elsewhere", "about it, bare statements; nothing explains",
         "argued, factor model under the covered cut", "covered, demoted by the development decision",
         "debate: no passage weighing both sides", "debate: debate model under its cut")


def prepared(items, rubric) -> list[Prepared]:
    """The essays read against the rubric (no fact checks: coverage does not read them)."""
    out = []
    for item in items:
        essay = analyse(item.text)
        out.append(Prepared(item.text, essay, sentence_signals(essay, rubric), (), ()))
    return out


def fitted(items, preps, rubric):
    """Point models and cut-offs as `marker fit` fits them."""
    cuts = _choose_cuts(items, preps, rubric, _folds(items, 5, seed=1))
    return replace(_fit_match(items, preps, rubric), covered_cut=cuts[0], mentioned_cut=cuts[1],
                   debate_cut=cuts[2], develop_cut=cuts[3])


def loss_step(sig, coverage, models, rubric, p: int, question: str) -> str:
    """The first step of the decision that keeps factor p (gold covered, not called covered) from covered."""
    pid = rubric.points[p].id
    row = coverage.features[pid]
    if rubric.points[p].kind == "debate":
        return STEPS[8] if not row[-4] else STEPS[9]  # weighed_windows
    if not row[FACTOR_FEATURES.index("named_or_paraphrased")]:
        return STEPS[0]
    if not about(sig, p).any():
        named = [k for k, h in enumerate(sig.hits) if p in h]
        return STEPS[2] if named and all(sig.listed_only(k, p) for k in named) else STEPS[1]
    if not argued(sig, p).any():
        moves = sig.argument
        own = [k for k in np.flatnonzero(about(sig, p)) if moves.role[k] == "argument"]
        if not own:
            return STEPS[3]
        paragraphs = {moves.paragraph[k] for k in own}
        return STEPS[4] if (moves.explains & np.isin(moves.paragraph, list(paragraphs))).any() else STEPS[5]
    if models.factor_status(coverage.factor_probs[pid]) != "covered":
        return STEPS[6]
    return STEPS[7]


def losses(items, preps, rubric, models_for) -> tuple[Counter, Counter, list, list]:
    """Per step, the gold-covered points lost (and, across steps, how many were out of the question's scope or read
    with a wrong question); the reports for point_metrics; examples."""
    steps, cross, reports, examples = Counter(), Counter(), [], []
    for i, (item, prep) in enumerate(zip(items, preps)):
        models = models_for(i)
        question = detect_question(prep.signals, rubric)
        coverage = match_points(prep.essay, rubric, prep.signals, models, question)
        reports.append(types.SimpleNamespace(points=coverage.points, error=None))
        for p, pm in enumerate(coverage.points):
            if gold_status(item, pm.id) != "covered" or pm.status == "covered":
                continue
            step = loss_step(prep.signals, coverage, models, rubric, p, question)
            steps[step] += 1
            if pm.kind == "factor" and rubric.importance(pm.id, question) < 0.5:
                cross[(step, "out of the question's scope")] += 1
            if pm.kind == "factor" and not any(p in h for h in prep.signals.hits):
                cross[(step, "never named")] += 1
            if item.gold.question_id and item.gold.question_id != question:
                cross[(step, "question detected wrongly")] += 1
            own = np.flatnonzero(about(prep.signals, p))
            best = int(own[0]) if own.size else int(np.argmax(prep.signals.sims[:, p])) if prep.signals.sims.size else 0
            text = prep.essay.sentences[best].text if prep.essay.sentences else ""
            if step == STEPS[4]:
                moves = prep.signals.argument
                pairs = [(k, j) for k in own if moves.role[k] == "argument"
                         for j in np.flatnonzero(moves.paragraph == moves.paragraph[k]) if moves.explains[j]]
                best, why = pairs[0]
                about_why = np.flatnonzero(prep.signals.about[why]).tolist()
                text = f"{prep.essay.sentences[best].text} || {prep.essay.sentences[why].text} [about {about_why}]"
            examples.append((step, item.name, pm.id, pm.status, float(prep.signals.sims[best, p]) if
                             prep.signals.sims.size else 0.0, text))
    return steps, cross, reports, examples


def column(topic: str, seed: int = 0):
    if topic == "soviet":
        rubric = load_rubric(SOVIET)
        items = load_annotated(ROOT / "corpus" / "soviet" / "train")
        preps = prepared(items, rubric)
        by_essay = {}
        for train, test in _folds(items, DEFAULTS["cv_folds"], seed=seed):
            models = fitted([items[i] for i in train], [preps[i] for i in train], rubric)
            by_essay.update({i: models for i in test})
        return rubric, items, preps, by_essay.__getitem__
    rubric = load_rubric(SOVIET)
    fit_items = load_annotated(ROOT / "sample_essays") + load_annotated(ROOT / "corpus" / "soviet" / "train")
    models = fitted(fit_items, prepared(fit_items, rubric), rubric)
    rubric = load_rubric(WEIMAR)
    items = load_annotated(ROOT / "corpus" / "weimar" / "train")
    return rubric, items, prepared(items, rubric), lambda i: models


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--topic", choices=("soviet", "weimar"), action="append")
    parser.add_argument("--examples", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0, help="the Soviet folds' shuffle (0: held_out.py's folds)")
    args = parser.parse_args()
    random.seed(0)
    for topic in args.topic or ("soviet", "weimar"):
        rubric, items, preps, models_for = column(topic, args.seed)
        steps, cross, reports, examples = losses(items, preps, rubric, models_for)
        m = point_metrics(items, reports, rubric)
        total = sum(steps.values())
        cuts = sorted({(f.covered_cut, f.develop_cut) for f in map(models_for, range(len(items)))})
        print(f"## {topic} blind train ({len(items)} essays): points P / R {m['precision']:.3f} / {m['recall']:.3f}, "
              f"strict precision {m['strict_precision']:.3f}, name-drops called covered "
              f"{m['name_drops_called_covered']:.1%} of {m['name_drops']}; gold-covered points lost: {total}; "
              f"covered / develop cut-offs {cuts}")
        print("| step that loses it | points | never named (paraphrase only) | out of the question's scope | "
              "question detected wrongly |")
        print("|---|---|---|---|---|")
        for step in STEPS:
            scope = cross[(step, "out of the question's scope")]
            print(f"| {step} | {steps[step]} | {cross[(step, 'never named')]} | {scope} | "
                  f"{cross[(step, 'question detected wrongly')]} |")
        for step in STEPS:
            mine = [e for e in examples if e[0] == step]
            for _, name, pid, status, sim, text in random.sample(mine, min(args.examples, len(mine))):
                print(f"   - [{step}] {name} {pid} ({status}, best {sim:.2f}): {text[:400]}")


if __name__ == "__main__":
    main()

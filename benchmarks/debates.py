"""Debates weighed, on the training essays only: the debate model refitted per fold, as `marker fit` fits it.

    python benchmarks/debates.py [--show fp|fn]     # about 5 min on 2 cores

Soviet: 5 folds (stratified by level) over its development essays and the blind training split; in each fold the
factor and debate models are fitted on the other folds and the debate cut-off is chosen by an inner
cross-validation, as `marker fit` does. Weimar, which ships the generic point and debate models: models fitted on
all the Soviet essays (as `marker fit ... --generic` fits them) read its development and blind training essays, so no
Weimar essay chooses anything. The locked test (corpus/*/test) is never read. --show prints each false positive (or
false negative) with the essay's gold level and the passages that weigh the debate (how each weighs, and whether
it is in the opening, a body or the closing paragraph), to study them.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from marker.dataset import load_annotated
from marker.fit import _choose_cuts, _fit_match, _folds
from marker.linear import MatchModels
from marker.mark import prepare
from marker.match import match_points, weighing_windows
from marker.signals import rubric_index
from marker.rubric import load_rubric

ROOT = Path(__file__).resolve().parents[1]
TOPICS = {"soviet": ("soviet-foreign-policy-1924-41", "sample_essays"),
          "weimar": ("weimar-republic-1918-33", "sample_essays_weimar")}


def read(topic: str):
    rubric_id, dev = TOPICS[topic]
    rubric = load_rubric(rubric_id)
    folders = (("development", ROOT / dev), ("blind train", ROOT / "corpus" / topic / "train"))
    items = [(split, it) for split, folder in folders for it in load_annotated(folder)]
    return rubric, items, [prepare(it.text, rubric) for _, it in items]


def fit(items, preps, rubric) -> MatchModels:
    cuts = _choose_cuts(items, preps, rubric, _folds(items, 5, seed=1))
    return replace(_fit_match(items, preps, rubric), **dict(zip(("covered_cut", "mentioned_cut", "debate_cut"), cuts)))


def decisions(rows, preps, rubric, models, indices) -> list[tuple[int, str, bool, bool]]:
    out = []
    for i in indices:
        coverage = match_points(preps[i].essay, rubric, preps[i].signals, models)
        out += [(i, pm.id, pm.id in rows[i][1].gold.debates, pm.status == "covered") for pm in coverage.points
                if pm.kind == "debate"]
    return out


def prf(found) -> str:
    tp = sum(g and p for *_, g, p in found)
    fp = sum(p and not g for *_, g, p in found)
    fn = sum(g and not p for *_, g, p in found)
    precision, recall = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f"{precision:.3f} / {recall:.3f} / {f1:.3f} (tp {tp}, fp {fp}, fn {fn})"


def show(kind: str, found, rows, preps, rubric) -> None:
    index, ids = rubric_index(rubric), {p.id: i for i, p in enumerate(rubric.points)}
    for i, pid, gold, pred in found:
        if (kind == "fp" and pred and not gold) or (kind == "fn" and gold and not pred):
            essay, sig = preps[i].essay, preps[i].signals
            gold_of = rows[i][1].gold
            print(f"--- {rows[i][1].name} level {gold_of.level} {pid} "
                  f"(gold debates: {', '.join(gold_of.debates) or 'none'})")
            last = essay.sentences[-1].paragraph
            for k, a, b in weighing_windows(essay, sig, index, ids[pid]):
                place = essay.sentences[k].paragraph
                print(f"   [{_kind(sig, k, a, b)}, {'opening' if place == 0 else 'closing' if place == last else 'body'}"
                      f" paragraph] " + " | ".join(essay.sentences[j].text for j in sorted({k, *a, *b})))


def _kind(sig, k: int, a: list[int], b: list[int]) -> str:
    """How a weighing passage weighs: an answered rhetorical question, a turn inside one sentence (its turned clause
    carries one side), or a contrast against the sentence before."""
    if sig.argument.answers[k]:
        return "answered question"
    return "turn in one sentence" if a == b == [k] else "contrast across sentences"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", choices=("fp", "fn"))
    args = parser.parse_args()
    rubric, rows, preps = read("soviet")
    items = [it for _, it in rows]
    found = []
    for train, test in _folds(items, 5):
        found += decisions(rows, preps, rubric, fit([items[i] for i in train], [preps[i] for i in train], rubric), test)
    generic = fit(items, preps, rubric)
    w_rubric, w_rows, w_preps = read("weimar")
    w_found = decisions(w_rows, w_preps, w_rubric, generic, range(len(w_rows)))
    print("| debates weighed: P / R / F1 | all | development | blind train |\n|---|---|---|---|")
    topics = (("Soviet (CV, refitted per fold)", found, rows), ("Weimar (Soviet-fitted models)", w_found, w_rows))
    for name, got, rr in topics:
        by = {s: [f for f in got if rr[f[0]][0] == s] for s in ("development", "blind train")}
        print(f"| {name} | {prf(got)} | {prf(by['development'])} | {prf(by['blind train'])} |")
    if args.show:
        show(args.show, found, rows, preps, rubric)
        show(args.show, w_found, w_rows, w_preps, w_rubric)


if __name__ == "__main__":
    main()

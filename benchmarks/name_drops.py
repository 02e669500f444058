"""Gold name-drops the engine calls covered, on the training essays only, sorted by the mechanism that carried them.

    python benchmarks/name_drops.py [--examples N] [--topic soviet|weimar]   # about 5 min

Training essays: the development essays and the blind corpus's training split of both topics (never the locked
test). Coverage from each rubric's shipped point models (fitted on the Soviet ones: in-sample there, a transfer
for Weimar). A point called covered has passed the gate of marker/match.py: some sentence argues it (`argued`:
about it, in the argument, explaining it or evidence beside an explanation). For every covered call on a gold
name-drop, and for comparison on a gold-covered point, each sentence that argues it is sorted by the mechanisms
that made it count, read from its place in the essay and its parse:

- `introduction` / `conclusion`: the first paragraph (of three or more) / the last;
- `similarity alone`: the point is not named in it, only resembled (a paraphrase reading);
- `about several points`: the sentence is about three or more of the rubric's points;
- `another point's sentence`: another point is its best match (the point is named within the margin);
- `not the paragraph's topic`: another point has more sentences about it in the paragraph;
- `subordinate clause`: every name of the point sits in a subordinate clause (adverbial, relative, clausal
  complement), not in the main clause the sentence asserts;
- `coordinated with another point`: every name of the point is one conjunct of a coordination (noun phrases or
  verb phrases: "joined the League and made a pact with France") whose other conjunct names another point, a
  chronicle list the 3-item list reading misses;
- `evidence beside another point's explanation`: it does not explain, and its explaining neighbours are about
  other points.

A gate on a mechanism would demote the calls whose every carrying sentence has it: the table prints, per
mechanism, the name-drops and other false calls it would remove against the gold-covered points it would lose.
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
from marker.nlp import analyse, sentence_parses
from marker.rubric import load_rubric
from marker.signals import sentence_signals

ROOT = Path(__file__).resolve().parents[1]
TOPICS = {"soviet": ("soviet-foreign-policy-1924-41", ROOT / "sample_essays"),
          "weimar": ("weimar-republic-1918-33", ROOT / "sample_essays_weimar")}
_SUBORDINATE = frozenset({"advcl", "relcl", "acl", "ccomp", "pcomp", "csubj", "parataxis"})
MECHANISMS = ("introduction", "conclusion", "similarity alone", "about several points", "another point's sentence",
              "not the paragraph's topic", "subordinate clause", "coordinated with another point",
              "evidence beside another point's explanation")


def _tokens(doc, a: int, b: int):
    return [t for t in doc if a <= t.idx < b]


def in_subordinate_clause(doc, spans: list[tuple[int, int]]) -> bool:
    """Every span (sentence offsets) lies under a subordinate clause: its head chain meets one before the root."""
    places = []
    for a, b in spans:
        toks = _tokens(doc, a, b)
        if not toks:
            continue
        t, sub = toks[-1], False
        while t.head.i != t.i:
            if t.dep_ in _SUBORDINATE:
                sub = True
                break
            t = t.head
        places.append(sub)
    return bool(places) and all(places)


def _conjunct_groups(doc) -> list[list[tuple[int, int]]]:
    """Each coordination's conjuncts as spans (sentence offsets): a conjunct's subtree without the later
    conjuncts' subtrees."""
    groups = []
    for tok in doc:
        later = [c for c in tok.conjuncts if c.i > tok.i]
        if tok.dep_ == "conj" or not later:
            continue
        members, spans = [tok, *later], []
        for m in members:
            inner = {t.i for c in members if c.i > m.i for t in c.subtree}
            sub = [t for t in m.subtree if t.i not in inner and t.dep_ != "cc"]
            last = max(sub, key=lambda t: t.i)
            spans.append((min(t.idx for t in sub), last.idx + len(last.text)))
        groups.append(spans)
    return groups


def coordinated_with_other(doc, spans: list[tuple[int, int]], others: list[tuple[int, int]]) -> bool:
    """Every span lies in a conjunct whose sibling conjunct holds one of `others` (another point's names)."""
    groups = _conjunct_groups(doc)

    def listed(a: int, b: int) -> bool:
        return any(lo <= a and b <= hi and any(lo2 <= x and y <= hi2 for j, (lo2, hi2) in enumerate(g) if j != i
                                               for x, y in others)
                   for g in groups for i, (lo, hi) in enumerate(g))
    return bool(spans) and all(listed(a, b) for a, b in spans)


def mechanisms(essay, sig, p: int, k: int) -> set[str]:
    """The mechanisms (MECHANISMS) by which sentence k argues point p."""
    moves, out = sig.argument, set()
    paras = sorted(set(moves.paragraph.tolist()))
    par = moves.paragraph[k]
    if len(paras) >= 3 and par == paras[0]:
        out.add("introduction")
    if len(paras) >= 3 and par == paras[-1]:
        out.add("conclusion")
    if p not in sig.hits[k]:
        out.add("similarity alone")
    if sig.about[k].sum() >= 3:
        out.add("about several points")
    if int(sig.sims[k].argmax()) != p:
        out.add("another point's sentence")
    counts = sig.about[moves.paragraph == par].sum(axis=0)
    if counts.max() > counts[p]:
        out.add("not the paragraph's topic")
    base = essay.sentences[k].start
    mine = [(a - base, b - base) for a, b in sig.hit_spans[k].get(p, ())]
    if mine:
        doc = sentence_parses(essay, [k])[k]
        others = [(a - base, b - base) for q, sp in sig.hit_spans[k].items() if q != p for a, b in sp
                  if (a - base, b - base) not in mine]
        if in_subordinate_clause(doc, mine):
            out.add("subordinate clause")
        if coordinated_with_other(doc, mine, others):
            out.add("coordinated with another point")
    if not (moves.explains[k] or moves.answers[k]):
        near = [j for j in (k - 1, k + 1) if 0 <= j < len(moves.role) and moves.paragraph[j] == par
                and (moves.explains[j] or moves.answers[j])]
        if all(not sig.about[j, p] and sig.about[j].any() for j in near):
            out.add("evidence beside another point's explanation")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=10)
    parser.add_argument("--topic", choices=sorted(TOPICS), action="append")
    args = parser.parse_args()
    random.seed(0)
    for topic in args.topic or list(TOPICS):
        rubric_id, dev = TOPICS[topic]
        rubric = load_rubric(rubric_id)
        models = load_models(rubric)
        items = load_annotated(dev) + load_annotated(ROOT / "corpus" / topic / "train")
        reports, examples = [], []
        anyone: Counter = Counter()
        every: dict[str, Counter] = {"name-drop": Counter(), "covered": Counter(), "other": Counter()}
        for item in items:
            essay = analyse(item.text)
            sig = sentence_signals(essay, rubric)
            coverage = match_points(essay, rubric, sig, models.match)
            reports.append(types.SimpleNamespace(points=coverage.points, error=None))
            for p, pm in enumerate(coverage.points):
                if pm.kind != "factor" or pm.status != "covered":
                    continue
                gold = ("name-drop" if pm.id in item.gold.mentioned_only else
                        "covered" if pm.id in item.gold.points else "other")
                carriers = [int(k) for k in np.flatnonzero(argued(sig, p))]
                found = [mechanisms(essay, sig, p, k) for k in carriers]
                every[gold].update(m for m in MECHANISMS if found and all(m in f for f in found))
                every[gold][f"carried by {min(len(found), 3)}{'+' if len(found) >= 3 else ''} sentence(s)"] += 1
                if gold == "name-drop":
                    anyone.update(set().union(*found))
                    examples += [(item.name, pm.id, sorted(f), essay.sentences[k].text)
                                 for k, f in zip(carriers[:1], found)]
        m = point_metrics(items, reports, rubric)
        print(f"## {topic}: {len(items)} training essays; points P / R {m['precision']:.3f} / {m['recall']:.3f}, "
              f"strict precision {m['strict_precision']:.3f}, gold name-drops called covered "
              f"{m['name_drops_called_covered']:.0%} ({round(m['name_drops_called_covered'] * m['name_drops'])} of "
              f"{m['name_drops']})")
        print("| mechanism | name-drops with a carrier of it | every carrier: name-drops / other false / gold covered |")
        for key in (*MECHANISMS, "carried by 1 sentence(s)", "carried by 2 sentence(s)", "carried by 3+ sentence(s)"):
            print(f"| {key} | {anyone[key]} | {every['name-drop'][key]} / {every['other'][key]} / "
                  f"{every['covered'][key]} |")
        for name, pid, kinds, text in random.sample(examples, min(args.examples, len(examples))):
            print(f"   - {name} {pid} ({', '.join(kinds) or 'explains, its own sentence'}): {text[:160]}")


if __name__ == "__main__":
    main()

"""Where an essay weighs a debate: the sentences that carry each of its sides, and the passages that set them
against each other (read by marker/match.py for the debate's features and evidence, and for its praise)."""

from __future__ import annotations

import numpy as np

from marker.defaults import DEFAULTS
from marker.nlp import EssayDoc
from marker.signals import RubricIndex, SentenceSignals, _words


def _has_cue(lemmas: tuple[str, ...] | list[str], cues: tuple[str, ...]) -> bool:
    text = f" {' '.join(lemmas)} "
    return any(f" {c} " in text for c in cues if c)


def _turn_sides(essay: EssayDoc, sig: SentenceSignals, index: RubricIndex, p: int, k: int,
                ids: dict[str, int]) -> tuple[set[int], set[int]]:
    """Which of the debate's sides the turned clause of weighing sentence k carries, and which the rest of the
    sentence carries: a side's cue words, or a key term of one of the side's points."""
    turn = sig.argument.turns[k] if k < len(sig.argument.turns) else None
    if turn is None:
        return set(), set()
    lo, hi = turn
    s = essay.sentences[k]
    inner: set[int] = set()
    outer: set[int] = set()
    words = _words(essay, s.start, s.end)
    for n, (cues, side) in enumerate(zip(index.side_cues[p], index.rubric.points[p].sides)):
        if _has_cue([w for w, a, b in words if lo <= a and b <= hi], cues):
            inner.add(n)
        if _has_cue([w for w, a, b in words if not (lo <= a and b <= hi)], cues):
            outer.add(n)
        for pid in side.points:
            for a, b in sig.hit_spans[k].get(ids[pid], ()) if pid in ids else ():
                (inner if lo <= a and b <= hi else outer).add(n)
    return inner, outer


def side_sentences(sig: SentenceSignals, index: RubricIndex, p: int) -> list[np.ndarray]:
    """Per side of debate p, the sentences that carry it: the side's cue words, or about one of the side's points."""
    ids = {q.id: i for i, q in enumerate(index.rubric.points)}
    sides = []
    for cues, side in zip(index.side_cues[p], index.rubric.points[p].sides):
        on_side = np.array([_has_cue(lem, cues) for lem in sig.lemmas], dtype=bool)
        for pid in side.points:
            if pid in ids:
                on_side |= sig.about[:, ids[pid]]
        sides.append(on_side)
    return sides


def weighing_windows(essay: EssayDoc, sig: SentenceSignals, index: RubricIndex,
                     p: int) -> list[tuple[int, list[int], list[int]]]:
    """Where the essay sets the debate's two sides against each other: each sentence that weighs (a concession,
    a contrast, a comparison, an answered rhetorical question), with the sentences of its passage (itself and its
    neighbours in the paragraph) that carry each side: a side's cue words, or a sentence about one of the side's
    points. A sentence whose own turn sets one side against the other ("although X, Y"; "X, but Y"; "X mattered
    more than Y") weighs the debate by itself."""
    n = sig.sims.shape[0]
    if n == 0:
        return []
    ids = {q.id: i for i, q in enumerate(index.rubric.points)}
    sides = side_sentences(sig, index, p)
    if len(sides) != 2:
        return []
    debates = [i for i, q in enumerate(index.rubric.points) if q.kind == "debate"]
    out = []
    for k in np.flatnonzero(sig.argument.weighs):
        inner, outer = _turn_sides(essay, sig, index, p, int(k), ids)
        if {0, 1} <= inner | outer and (inner - outer or outer - inner) and inner and outer:
            out.append((int(k), [int(k)], [int(k)]))
            continue
        near = [j for j in (k - 1, k, k + 1) if 0 <= j < n and essay.sentences[j].paragraph == essay.sentences[k].paragraph]
        if not sig.argument.answers[k]:  # a contrast turns against what came before it: itself and the sentence before
            near = [j for j in near if j <= k]
        a, b = [j for j in near if sides[0][j]], [j for j in near if sides[1][j]]
        # ... and the passage is about this debate more than any other of the rubric's debates
        if a and b and sig.sims[near][:, p].max() >= sig.sims[near][:, debates].max() - DEFAULTS["about_margin"]:
            out.append((int(k), [int(j) for j in a], [int(j) for j in b]))
    return out


def side_cue_hits(sig: SentenceSignals, index: RubricIndex, p: int) -> tuple[int, int]:
    """How many sentences carry each side's cue phrases."""
    counts = []
    for cues in index.side_cues[p]:
        counts.append(sum(1 for lem in sig.lemmas if _has_cue(lem, cues)))
    return (counts[0], counts[1]) if len(counts) == 2 else (0, 0)


def sentence_weighing(windows: list[tuple[int, list[int], list[int]]]) -> list[tuple[int, list[int], list[int]]]:
    """The weighing passages (`windows`) whose weighing sentence carries both sides itself (a side's cue words or
    one of its points on each side: "although X, Y"), so that quoting it shows both sides weighed."""
    return [w for w in windows if w[0] in w[1] and w[0] in w[2]]

"""How far an essay develops each point: the passage that carries it, not one sentence's grammar.

An examiner calls a factor covered when the student develops it (several sentences on it, evidence, an explanation
tied to it, a paragraph built around it) and only mentioned when it is named in passing, even inside a sentence
that explains something else. So per (essay, point) this module reads every sentence attributed to the point
(marker/signals.py's `about`: it names the point outside a list, or paraphrases it, and the point is its best
match), and the passage each one opens: the sentences after it in its paragraph, up to one that is about another
point. Nothing here names a topic; marker/match.py appends these features to the factor model's.
"""

from __future__ import annotations

import numpy as np

from marker.signals import SentenceSignals

DEVELOPMENT_FEATURES = (
    "dev_passage_sentences", "dev_passage_words", "dev_passage_evidence", "dev_passage_explains",
    "dev_paragraphs", "dev_topic_sentence", "dev_paragraph_share", "dev_only_edges", "dev_passing",
)


def passages(sig: SentenceSignals, p: int) -> np.ndarray:
    """The sentences of the essay's own argument that develop point p: each sentence about it, and the sentences
    that follow it in its paragraph until one about another point (a pronoun or a consequence carries the point
    on: "It gave Stalin time to rearm")."""
    moves = sig.argument
    n = len(moves.role)
    own = np.array([r == "argument" for r in moves.role], dtype=bool)
    about = sig.about[:, p] & own
    others = np.delete(sig.about, p, axis=1).any(axis=1) if sig.about.shape[1] > 1 else np.zeros(n, dtype=bool)
    out = about.copy()
    for k in np.flatnonzero(about):
        j = k + 1
        while j < n and moves.paragraph[j] == moves.paragraph[k] and own[j] and not (others[j] and not about[j]):
            out[j] = True
            j += 1
    return out


def development_features(sig: SentenceSignals, p: int) -> list[float]:
    """The features named in DEVELOPMENT_FEATURES for point p (counts capped, so length alone earns little)."""
    moves = sig.argument
    n = len(moves.role)
    if n == 0 or sig.sims.shape[0] != n:
        return [0.0] * len(DEVELOPMENT_FEATURES)
    own = np.array([r == "argument" for r in moves.role], dtype=bool)
    about = sig.about[:, p] & own
    passage = passages(sig, p)
    paras = moves.paragraph
    first, last = int(paras.min()), int(paras.max())
    edges = (paras == first) | (paras == last) if last - first >= 2 else np.zeros(n, dtype=bool)
    opens = [int(np.flatnonzero((paras == q) & own)[0]) for q in np.unique(paras[own])]
    share = max((about[paras == q].sum() / max(own[paras == q].sum(), 1) for q in np.unique(paras[about])),
                default=0.0)
    named = np.array([p in h for h in sig.hits], dtype=bool)
    mentions = named | about
    passing = named & ~about  # named, but in a list, a question line, or a sentence about another point
    return [
        float(min(passage.sum(), 8)),
        float(np.log1p(sig.lengths[passage].sum())),
        float(min((passage & moves.evidences).sum(), 4)),
        float(min((passage & moves.explains).sum(), 4)),
        float(min(len(np.unique(paras[about])), 3)),
        float(any(about[k] for k in opens if not edges[k])),
        float(share),
        float(bool(mentions.any()) and bool(edges[mentions].all())),
        float(passing.sum() / mentions.sum()) if mentions.any() else 0.0,
    ]

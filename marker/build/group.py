"""Group: sentences embedded and joined with their TF-IDF terms, clustered into candidate points, ranked."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

from marker.build.model import BUILD_DEFAULTS, DraftPoint
from marker.build.lists import Listed, held_lemmas, listed_points
from marker.build.name import TITLE_PASSAGES, describe_point, leans_on_another, slug, without_label
from marker.build.segment import _Sentence, _terms, has_verb, memoised, parses

# MiniLM vectors by the text embedded: each text runs through the model alone (marker/embed.py), so its vector is
# the same whenever it is asked for, and a build again in the same process (the Build page after a document is
# added, a merge or split) embeds only what is new. Bounded (8,192 rows of 384 floats: 12.6 MB).
_EMBED_MEMO: dict[str, np.ndarray] = {}
_EMBED_MEMO_SIZE = 8192


def _embed(texts: Sequence[str]) -> np.ndarray:
    """MiniLM vectors whatever the marking embedder: grouping paraphrases across documents is where the static
    vectors fell short (the draft-quality floor of tests/test_build.py failed with them)."""
    from marker.embed import EMBEDDING_DIM, get_minilm

    cap = BUILD_DEFAULTS["max_words"]
    rows = memoised([" ".join(t.split()[:cap]) for t in texts], _EMBED_MEMO, _EMBED_MEMO_SIZE,
                    lambda batch: get_minilm().encode(batch))
    return np.stack(rows) if rows else np.zeros((0, EMBEDDING_DIM), dtype=np.float32)


def _lexical(sentences: Sequence[_Sentence], idf: dict[str, float]) -> np.ndarray:
    """L2-normalised TF-IDF rows over lemma terms, names counted twice."""
    vocab = {t: k for k, t in enumerate(sorted(idf))}
    rows = np.zeros((len(sentences), len(vocab)), dtype=np.float32)
    for i, s in enumerate(sentences):
        for term in _terms(s):
            rows[i, vocab[term]] = idf[term]
        for name in s.names:
            for term in _terms_of_name(name):
                if term in vocab:
                    rows[i, vocab[term]] += idf[term]
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.maximum(norms, 1e-12)


def _terms_of_name(name: str) -> list[str]:
    words = [w.lower() for w in re.findall(r"[\w’'-]+", name)]
    return [w for w in words if len(w) >= 3]


def _average_groups(vectors: np.ndarray, distance: float) -> list[list[int]]:
    """Average-linkage agglomeration on cosine distance, stopped at `distance`: the closest two groups are merged
    (their distance to every other group the size-weighted mean of the two, Lance-Williams) while any two are
    closer than `distance`. Average linkage never merges closer after farther, so these are the groups
    sklearn's AgglomerativeClustering(distance_threshold=..., linkage="average", metric="cosine") cuts from its
    full tree (tests/test_build_speed.py compares them); written out because importing sklearn, or even
    scipy.cluster, cost a cold `marker rubric build` more time than the clustering itself (docs/builder.md)."""
    x = vectors.astype(np.float64)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-300)
    d = np.clip(1.0 - x @ x.T, 0.0, 2.0)
    np.fill_diagonal(d, np.inf)
    sizes = np.ones(len(x))
    groups: list[list[int] | None] = [[i] for i in range(len(x))]
    while True:
        i, j = sorted(divmod(int(np.argmin(d)), len(x)))
        if not d[i, j] < distance:
            break
        merged = (sizes[i] * d[i] + sizes[j] * d[j]) / (sizes[i] + sizes[j])
        d[i, :] = merged
        d[:, i] = merged
        d[j, :] = np.inf
        d[:, j] = np.inf
        d[i, i] = np.inf
        sizes[i] += sizes[j]
        groups[i] = sorted(groups[i] + groups[j])  # type: ignore[operator]
        groups[j] = None
    return [g for g in groups if g is not None]


def _clusters(vectors: np.ndarray, distance: float | None = None, depth: int = 0) -> list[list[int]]:
    """Agglomerative groups (average linkage, cosine); oversized groups, and groups too large for their phrasings
    that hold two substantial parts, are split again more tightly."""
    distance = BUILD_DEFAULTS["cluster_distance"] if distance is None else distance
    if len(vectors) < 2:
        return [list(range(len(vectors)))]
    out: list[list[int]] = []
    for members in _average_groups(vectors, distance):
        parts = _clusters(vectors[members], distance * 0.85, depth + 1) \
            if len(members) > BUILD_DEFAULTS["max_phrasings"] and depth < 3 else [list(range(len(members)))]
        if len(members) > BUILD_DEFAULTS["max_group"] or sum(len(p) >= BUILD_DEFAULTS["split_part"] for p in parts) >= 2:
            out.extend([members[k] for k in sub] for sub in parts)
        else:
            out.append(members)
    return sorted(out, key=lambda g: g[0])


def _order_phrasings(members: Sequence[int], vectors: np.ndarray, sentences: Sequence[_Sentence]) -> list[int]:
    """Most central sentence first, taking documents in turn so phrasings come from different documents."""
    centroid = vectors[list(members)].mean(axis=0)
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i in sorted(members, key=lambda i: (-float(vectors[i] @ centroid), i)):
        by_doc[sentences[i].passage.document].append(i)
    docs = sorted(by_doc, key=lambda d: (-float(vectors[by_doc[d][0]] @ centroid), d))
    ordered = []
    while any(by_doc.values()):
        for d in docs:
            if by_doc[d]:
                ordered.append(by_doc[d].pop(0))
    return ordered
def _distinct_singles(singles: Sequence[int], groups: Sequence[Sequence[int]], vectors: np.ndarray,
                      sentences: Sequence[_Sentence], listed: Sequence[Listed] = (),
                      listed_vectors: np.ndarray | None = None) -> list[int]:
    """Thin notes state many arguments once (a bullet each): when the groups give fewer than `fill_points` points,
    single sentences with a verb, unlike every group and every sentence already taken, fill the draft up to that
    number, the most argued and most distinct first. The causes a list names (lists.py) compete for the same places,
    each with its title's vector and its sentence's cues; such a candidate k is returned as len(sentences) + k."""
    room = BUILD_DEFAULTS["fill_points"] - len(groups)
    if room <= 0 or not (singles or listed):
        return []
    centroids = [vectors[list(g)].mean(axis=0) for g in groups]
    centroids = [c / max(float(np.linalg.norm(c)), 1e-12) for c in centroids]
    limit = BUILD_DEFAULTS["single_similarity"]
    parses([sentences[i].passage.text for i in singles])  # in one batch
    singles = [i for i in singles if has_verb(sentences[i].passage.text)]  # a line with no verb argues nothing
    # nor does a lone sentence whose subject is a pronoun or points back: its argument is in another sentence
    singles = [i for i in singles if not leans_on_another(sentences[i].passage.text, sentences[i].over)]
    pool = [(sentences[i].passage.cues, vectors[i], i) for i in singles]
    pool += [(item.cues, listed_vectors[k], len(sentences) + k) for k, item in enumerate(listed)]  # type: ignore[index]
    ranked = sorted(pool, key=lambda c: (-min(c[0], 3), max((float(c[1] @ m) for m in centroids), default=0.0), c[2]))
    picked: list[tuple[int, np.ndarray]] = []
    for _, vector, key in ranked:
        near = [float(vector @ c) for c in centroids] + [float(vector @ v) for _, v in picked]
        if max(near, default=0.0) < limit:
            picked.append((key, vector))
        if len(picked) >= room:
            break
    return [key for key, _ in picked]


def _draft_points(sentences: Sequence[_Sentence], vectors: np.ndarray, idf: dict[str, float]) -> list[DraftPoint]:
    corpus_names = Counter(n for s in sentences for n in set(s.names))
    n_docs = len({s.passage.document for s in sentences})
    w = BUILD_DEFAULTS["lexical_weight"]
    features = np.hstack([vectors * math.sqrt(1 - w), _lexical(sentences, idf) * math.sqrt(w)])
    candidates, singles = [], []
    for members in _clusters(features):
        if len(members) < BUILD_DEFAULTS["min_group"]:
            singles.extend(members)
            continue
        docs = {sentences[i].passage.document for i in members}
        density = float(np.mean([min(sentences[i].passage.cues, 3) for i in members]))
        support = len(docs) / max(n_docs, 1)
        score = 2.0 * support + 0.5 * min(len(members), 8) / 8 + 0.4 * density / 3
        candidates.append((score, members))
    candidates.sort(key=lambda c: (-c[0], c[1][0]))
    candidates = candidates[: BUILD_DEFAULTS["max_points"]]
    top = candidates[0][0] if candidates else 1.0
    taken: list[str] = []
    points = _described(candidates, top, sentences, vectors, idf, corpus_names, taken)
    listed: list[Listed] = []
    if BUILD_DEFAULTS["fill_points"] > len(candidates):  # the causes a list names compete with the singles
        listed = listed_points(sentences, held_lemmas(points))
    picked = _distinct_singles(singles, [m for _, m in candidates], vectors, sentences, listed,
                               _embed([item.title for item in listed]) if listed else None)
    chosen = [listed[key - len(sentences)] for key in picked if key >= len(sentences)]
    points += _described([(0.0, [key]) for key in picked if key < len(sentences)], top, sentences, vectors, idf,
                         corpus_names, taken)
    held = {w for text in held_lemmas(points[len(candidates):]) for w in text.split()}  # a single may name it
    for item in (item for item in chosen if item.noun not in held):
        taken.append(slug(" ".join(item.title.split()[:6]), taken))
        points.append(DraftPoint(id=taken[-1], title=item.title, passages=item.passages, key_terms=item.key_terms,
                                 entities=(), importance=0.3, description=item.passages[0].text))
    return points


def _described(candidates: Sequence[tuple[float, list[int]]], top: float, sentences: Sequence[_Sentence],
               vectors: np.ndarray, idf: dict[str, float], corpus_names: Counter, taken: list[str]) -> list[DraftPoint]:
    """Points for groups of sentences (scored), titled and described; their ids are added to `taken`."""
    orders = [_order_phrasings(members, vectors, sentences) for _, members in candidates]
    # every title's candidate clauses parsed in one batch
    parses([without_label(sentences[i].passage.text) for ordered in orders for i in ordered[:TITLE_PASSAGES]])
    points: list[DraftPoint] = []
    for (score, _), ordered in zip(candidates, orders):
        passages = tuple(sentences[i].passage for i in ordered)
        pid, title, key_terms, entities = describe_point(passages, idf, corpus_names, taken,
                                                         [sentences[i].over for i in ordered])
        taken.append(pid)
        points.append(DraftPoint(
            id=pid, title=title, passages=passages, key_terms=key_terms, entities=entities,
            importance=round(0.3 + 0.6 * score / top, 2), description=passages[0].text,
        ))
    return points

"""Paraphrase retrieval: does a student-style phrasing land on its own rubric point?

Leave-one-out over the rubric's example phrasings: each phrasing is compared with every point's other exemplars
(title, description and remaining phrasings); top-1 / top-3 = its own point ranked first / in the first three.
Compares TF-IDF (scikit-learn) with the shipped MiniLM int8 embeddings.

    python benchmarks/retrieval.py [--rubric soviet-foreign-policy-1924-41]
"""

from __future__ import annotations

import argparse

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from marker.embed import get_embedder
from marker.signals import exemplars
from marker.rubric import load_rubric


def ranks(vectors: np.ndarray, owners: np.ndarray, phrasing_rows: list[int], n_points: int) -> list[int]:
    out = []
    sims = vectors @ vectors.T
    for row in phrasing_rows:
        best = np.full(n_points, -np.inf)
        for col in range(len(owners)):
            if col != row:
                best[owners[col]] = max(best[owners[col]], sims[row, col])
        order = np.argsort(-best, kind="stable")
        out.append(int(np.where(order == owners[row])[0][0]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rubric", default="soviet-foreign-policy-1924-41")
    rubric = load_rubric(parser.parse_args().rubric)
    texts, owners, phrasing_rows = [], [], []
    for i, point in enumerate(rubric.points):
        for j, text in enumerate(exemplars(point)):
            if j >= 2:  # exemplars() = title, description, then phrasings
                phrasing_rows.append(len(texts))
            texts.append(text)
            owners.append(i)
    owners_arr = np.array(owners)
    tfidf = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    tfidf = (tfidf / np.maximum(np.sqrt(tfidf.multiply(tfidf).sum(axis=1)), 1e-12)).toarray()
    dense = get_embedder().encode(texts)
    print(f"{len(phrasing_rows)} phrasings, {len(rubric.points)} points\n")
    print("| method | top-1 | top-3 |\n|---|---|---|")
    for name, vectors in (("TF-IDF", np.asarray(tfidf)), ("MiniLM int8 (shipped)", dense)):
        r = np.array(ranks(vectors, owners_arr, phrasing_rows, len(rubric.points)))
        print(f"| {name} | {np.mean(r == 0):.2f} | {np.mean(r < 3):.2f} |")


if __name__ == "__main__":
    main()

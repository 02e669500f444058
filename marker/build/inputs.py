"""Screening the documents before and after they are read: another language, a book too long to read whole, and
documents on different topics. Each finding is a plain message for the teacher (Draft.notes); a document that
cannot be used is left out with a message, and if none is left the build stops with a BuildError.

Language is ingest's own test (marker.ingest.looks_english). The topic threshold was chosen on the seed documents,
the Weimar sources and tests/fixtures/build: documents on one topic have sentence-centroid similarity 0.65 or more,
a science text and a history text about 0.1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from marker.build.model import BuildError
from marker.ingest import looks_english

INPUT_DEFAULTS = {
    # Above this many words in all (about 70 pages), the builder reads an even sample of paragraphs.
    "max_words": 20_000,
    # A document whose sentence centroid is less similar than this to every other document's is off topic.
    "min_topic_similarity": 0.5,
}

def _sample(text: str, keep_words: int) -> tuple[str, int]:
    """Every k-th paragraph, so the sample spans the whole document; (sample, k)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    total = sum(len(p.split()) for p in paragraphs)
    step = max(2, -(-total // keep_words))
    return "\n\n".join(paragraphs[::step]), step


def screen(docs: Sequence[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[str]]:
    """(documents to read, notes): documents in another language left out; very long ones sampled."""
    kept, notes = [], []
    for name, text in docs:
        if text.strip() and not looks_english(text):
            notes.append(f"{name}: does not read as English, so it was left out (the builder reads English "
                         "sources only).")
            continue
        kept.append((name, text))
    if not kept:
        raise BuildError("none of the documents reads as English: the builder reads English sources only"
                         + (f" ({'; '.join(notes)})" if notes else ""))
    total = sum(len(t.split()) for _, t in kept)
    limit = INPUT_DEFAULTS["max_words"]
    if total > limit:
        sampled = []
        for name, text in kept:
            words = len(text.split())
            share = max(1, int(limit * words / total))
            if words > share:
                text, step = _sample(text, share)
                notes.append(f"{name}: {words:,} words is too long to read whole; the draft reads an even sample "
                             f"(every {step}th paragraph, about {len(text.split()):,} words). Upload the chapters "
                             "that matter for a fuller draft.")
            sampled.append((name, text))
        kept = sampled
    return kept, notes


def off_topic(documents: Sequence[str], vectors: np.ndarray, owners: Sequence[str]) -> list[str]:
    """Notes for documents whose sentences are far from every other document's (a different topic)."""
    if len(documents) < 2:
        return []
    owner_of = np.asarray(owners)
    centroids = []
    for name in documents:
        rows = vectors[owner_of == name]
        c = rows.mean(axis=0) if len(rows) else np.zeros(vectors.shape[1])
        centroids.append(c / max(float(np.linalg.norm(c)), 1e-12))
    sims = np.stack(centroids) @ np.stack(centroids).T
    notes = []
    for i, name in enumerate(documents):
        others = [float(sims[i, j]) for j in range(len(documents)) if j != i]
        if max(others) < INPUT_DEFAULTS["min_topic_similarity"]:
            if len(documents) == 2:
                return [f"{documents[0]} and {documents[1]} seem to be on different topics (their sentences have "
                        "little in common): check that both belong to this rubric."]
            notes.append(f"{name}: seems to be on a different topic from the other documents (its sentences have "
                         "little in common with theirs): check that it belongs to this rubric.")
    return notes

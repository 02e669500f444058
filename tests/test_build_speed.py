"""The builder's start-up: what a cold `marker rubric build` imports, and the clustering written out to avoid
importing sklearn (docs/builder.md, "Build time")."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from marker.build.group import _average_groups

ROOT = Path(__file__).resolve().parent.parent


def _as_sets(groups) -> set[frozenset[int]]:
    return {frozenset(int(i) for i in g) for g in groups}


@pytest.mark.parametrize("seed", range(6))
def test_average_groups_match_sklearn_agglomerative_clustering(seed):
    from sklearn.cluster import AgglomerativeClustering

    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(5, 24))
    vectors = (centres[rng.integers(0, 5, size=60)] + rng.normal(scale=0.6 + 0.2 * seed, size=(60, 24)))
    vectors = vectors.astype(np.float32)
    for distance in (0.2, 0.45, 0.7):
        labels = AgglomerativeClustering(n_clusters=None, distance_threshold=distance, metric="cosine",
                                         linkage="average").fit_predict(vectors)
        expected = [np.flatnonzero(labels == k) for k in set(labels)]
        assert _as_sets(_average_groups(vectors, distance)) == _as_sets(expected)


def test_average_groups_edges():
    same = np.ones((3, 4), dtype=np.float32)
    assert _as_sets(_average_groups(same, 0.1)) == {frozenset({0, 1, 2})}
    apart = np.eye(3, dtype=np.float32)
    assert _as_sets(_average_groups(apart, 0.5)) == {frozenset({0}), frozenset({1}), frozenset({2})}


def test_a_build_imports_neither_sklearn_nor_scipy_cluster_nor_spacy_cli():
    """The cold build's avoidable imports (about 2.5 s of a 7 s command on the shared 2-core machine) stay out."""
    paths = [str(ROOT / "tests" / "fixtures" / "build" / name) for name in ("bullets.md", "mindmap.txt", "slides.txt")]
    code = ("import sys, json\nfrom marker.build import build_from_files\n"
            f"draft = build_from_files({paths!r}, 'Imports')\n"
            "print(json.dumps({'points': len(draft.points), "
            "'loaded': sorted(m for m in ('sklearn', 'scipy.cluster', 'pandas', 'spacy.cli') if m in sys.modules)}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["points"] > 0
    assert result["loaded"] == []


# Each sentence is parsed once, in batches, without the parser's lemmatizer; each text is embedded once. Own texts.
_OWN = [
    "Historians argued that the tax angered the merchants of the coastal towns.",
    "The council raised the duty on wool in 1620, and the weavers protested.",
    "Some claim the harvest failures mattered more than the duty.",
    "The king was forced to summon the assembly again.",
    "Money: Ship money was raised without the assembly.",
]


def test_batched_parses_are_the_full_pipelines_parse_and_are_made_once(monkeypatch):
    from marker.build import segment
    from marker.build.name import clause_title
    from marker.nlp import get_parser

    monkeypatch.setattr(segment, "_PARSE_MEMO", {})
    batch = segment.parses(_OWN)
    for text, doc in zip(_OWN, batch):
        full = get_parser()(text)
        assert [(t.text, t.pos_, t.dep_, t.head.i) for t in doc] == [(t.text, t.pos_, t.dep_, t.head.i) for t in full]
        # the one lemma a title reads, as the full pipeline (lemmatizer included) gives it, for every token
        assert [segment.lemma_of_verb(t) for t in doc] == [t.lemma_ for t in full]
    assert segment.parse(_OWN[0]) is batch[0]  # asked again: the same parse, not a new one
    calls = []
    real = get_parser().pipe
    monkeypatch.setattr(type(get_parser()), "pipe", lambda self, texts, **kw: calls.append(list(texts)) or real(texts, **kw))
    assert clause_title(_OWN[0]) == "The tax angered the merchants of the coastal towns"  # the claim inside "historians argued that"
    segment.parses([*_OWN, "A new sentence about the assembly was read."])
    assert calls == [["A new sentence about the assembly was read."]]


def test_parse_memo_is_bounded(monkeypatch):
    from marker.build import segment

    monkeypatch.setattr(segment, "_PARSE_MEMO", {})
    monkeypatch.setattr(segment, "_PARSE_MEMO_SIZE", 3)
    segment.parses(_OWN[:3])
    docs = segment.parses(_OWN[3:])  # over the bound: the memo starts again and still answers every text
    assert [d.text for d in docs] == _OWN[3:]
    assert len(segment._PARSE_MEMO) <= 3


def test_each_text_is_embedded_once_with_the_vector_embedded_alone(monkeypatch):
    from marker.build import group
    from marker.embed import get_minilm

    monkeypatch.setattr(group, "_EMBED_MEMO", {})
    model = get_minilm()
    seen: list[list[str]] = []
    real = type(model).encode
    monkeypatch.setattr(type(model), "encode", lambda self, texts: seen.append(list(texts)) or real(self, texts))
    first = group._embed(_OWN[:3])
    again = group._embed([_OWN[2], _OWN[3], _OWN[2]])
    assert seen == [_OWN[:3], [_OWN[3]]]  # only the new text runs through the model, once
    assert np.array_equal(again[0], first[2]) and np.array_equal(again[2], first[2])
    assert np.array_equal(again[1], real(model, [_OWN[3]])[0])
    assert group._embed([]).shape == (0, first.shape[1])


def test_the_embedder_loads_beside_the_reading_and_a_failure_is_reported_by_the_build(monkeypatch):
    import marker.embed
    from marker.build import BuildError, _load_embedder_meanwhile, build_draft
    from marker.build import group

    def broken():
        raise BuildError("the MiniLM model files are missing")

    monkeypatch.setattr(marker.embed, "get_minilm", broken)
    monkeypatch.setattr(group, "_EMBED_MEMO", {})
    thread = _load_embedder_meanwhile()
    thread.join(timeout=30)
    assert not thread.is_alive()  # the loading thread ends, its failure kept for the build to report
    with pytest.raises(BuildError, match="model files are missing"):
        build_draft([("notes", " ".join(_OWN) + " " + " ".join(_OWN[:3]).replace("the", "a"))], "Own topic")

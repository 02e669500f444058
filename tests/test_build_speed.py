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

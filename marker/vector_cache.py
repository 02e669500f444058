"""The rubric's phrasing vectors, kept on disk between runs.

Embedding the shipped rubric's 259 titles, descriptions and phrasings costs about 2 s of CPU, at every start-up
and in every worker, and the result depends only on those texts and the model. So the vectors are cached in the
user's cache folder ($MARKER_CACHE_DIR, else the platform's user cache folder), never beside the rubric: the
installed package and rubrics/ may be read-only, and a cache is not the rubric author's business.

A file is named by a sha256 of the model's identity and the texts, and carries that key, its shape and a sha256 of
its payload. A file that is stale, truncated or corrupt is ignored and rewritten, never trusted; a cache folder that
cannot be written only costs the time to embed again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from marker.embed import embedder_choice, get_embedder, model_identity

FORMAT = 1
_DTYPE = "<f4"  # float32, little-endian on disk whatever the machine
_log = logging.getLogger(__name__)


def exemplars(point) -> list[str]:
    """The texts a rubric point is recognised by: its title, description and example phrasings."""
    return [point.title, point.description, *point.phrasings]


def exemplar_texts(rubric) -> tuple[list[str], list[int]]:
    """Every point's exemplars in rubric order, with the index of the point each belongs to: the texts whose vectors
    this cache keeps (here, not in the matcher, so a batch's parent can fill the cache without importing spaCy)."""
    pairs = [(text, i) for i, point in enumerate(rubric.points) for text in exemplars(point)]
    return [t for t, _ in pairs], [i for _, i in pairs]


def cache_dir() -> Path:
    """$MARKER_CACHE_DIR if set (tests point it at a temporary folder), else the user's cache folder."""
    if os.environ.get("MARKER_CACHE_DIR"):
        return Path(os.environ["MARKER_CACHE_DIR"])
    import platformdirs

    return Path(platformdirs.user_cache_dir("marker", appauthor=False))


def cache_key(texts: Sequence[str]) -> str:
    """The sha256 of everything the vectors depend on: the file format, the embedder ($MARKER_EMBEDDER) and its
    model files, and the texts in order."""
    payload = json.dumps([FORMAT, embedder_choice(), model_identity(), list(texts)], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def cache_path(key: str) -> Path:
    return cache_dir() / f"vectors-{key}.bin"


def encode_cached(texts: Sequence[str]) -> np.ndarray:
    """The texts' embeddings, as Embedder.encode gives them: from the cache when a sound file is there (the model
    is then not even loaded), else computed and written for next time."""
    key = cache_key(texts)
    path = cache_path(key)
    vectors = read_vectors(path, key, len(texts))
    if vectors is None:
        vectors = get_embedder().encode(texts)
        write_vectors(path, key, vectors)
    return vectors


def read_vectors(path: Path, key: str, rows: int) -> np.ndarray | None:
    """The vectors in a cache file, or None unless the file is whole and is the one asked for."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, sep, payload = data.partition(b"\n")
    try:
        header = json.loads(head.decode("utf-8")) if sep else None
    except (UnicodeDecodeError, ValueError):
        header = None
    if not isinstance(header, dict):
        return None
    dim = header.get("dim")
    if (header.get("format") != FORMAT or header.get("key") != key or header.get("rows") != rows
            or not isinstance(dim, int) or dim <= 0 or header.get("dtype") != _DTYPE
            or len(payload) != rows * dim * 4 or header.get("sha256") != hashlib.sha256(payload).hexdigest()):
        return None
    return np.frombuffer(payload, dtype=_DTYPE).reshape(rows, dim).astype(np.float32)


def write_vectors(path: Path, key: str, vectors: np.ndarray) -> bool:
    """Write a cache file atomically (a reader sees the old file or the whole new one); False if it cannot be."""
    payload = np.ascontiguousarray(vectors, dtype=_DTYPE).tobytes()
    header = {"format": FORMAT, "key": key, "rows": int(vectors.shape[0]), "dim": int(vectors.shape[1]),
              "dtype": _DTYPE, "sha256": hashlib.sha256(payload).hexdigest()}
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=".vectors-", delete=False) as fh:
            tmp = fh.name
            fh.write(json.dumps(header).encode("utf-8") + b"\n" + payload)
        os.replace(tmp, path)
        return True
    except OSError as exc:
        _log.debug("vector cache not written to %s: %s", path, exc)
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False

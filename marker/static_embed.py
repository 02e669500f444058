"""Static word embeddings (wordllama's l2_supercat, 256-d), read by explicit path from the installed wheel.

The default sentence signal (marker/embed.py), chosen by measurement against MiniLM in benchmarks/embedders.py
(docs/benchmarks.md, "Cheaper semantic signal"), a pinned dependency. wordllama 0.4.0.post1 (MIT) ships its weights (16 MB, float16) and tokenizer inside its wheel, but its own
`WordLlama.load()` falls back to a model hub; this module never calls it. It only locates the package folder
(without importing wordllama) and reads the two files with safetensors and tokenizers, so nothing touches the network.

A text's vector is the sum of its tokens' rows, L2-normalised: the average pooling wordllama does (no special
tokens, no truncation), as token_sums/encode with the same meaning as marker.embed.Embedder's.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from marker.embed import normalise

WEIGHTS = Path("weights") / "l2_supercat_256.safetensors"
TOKENIZER = Path("tokenizers") / "l2_supercat_tokenizer_config.json"
TENSOR = "embedding.weight"
STATIC_DIM = 256
TOKENIZE_BATCH = 256


def package_dir() -> Path:
    """The installed wordllama package folder, found without importing it; ImportError when it is not installed."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("wordllama is not installed (a dependency of marker): pip install 'wordllama==0.4.0.post1'")
    return Path(next(iter(spec.submodule_search_locations)))


def static_files() -> tuple[Path, Path]:
    """The weights and tokenizer files inside the installed wheel (FileNotFoundError if either is missing)."""
    root = package_dir()
    files = (root / WEIGHTS, root / TOKENIZER)
    for path in files:
        if not path.is_file():
            raise FileNotFoundError(f"{path} is not in the installed wordllama package")
    return files


@lru_cache(maxsize=1)
def static_identity() -> str:
    """What a static vector depends on: the sha256 of the weights and tokenizer files, and the pooling."""
    digest = hashlib.sha256(b"wordllama sum-pool-v1 no-special-tokens")
    for path in static_files():
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return f"wordllama-l2-supercat-256:{digest.hexdigest()}"


class StaticEmbedder:
    """Unit-length 256-d vectors from a lookup table: no model run, about 1 ms for an essay's sentences."""

    dim = STATIC_DIM

    def __init__(self) -> None:
        from safetensors.numpy import load_file

        weights, tokenizer = static_files()
        self._table = np.ascontiguousarray(load_file(str(weights))[TENSOR], dtype=np.float32)
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(n, 256) float32 unit rows (a text with no tokens gives a zero row)."""
        return normalise(self.token_sums(texts))

    def token_sums(self, texts: Sequence[str]) -> np.ndarray:
        """Each text's token rows summed, unnormalised: adding two rows pools both texts' tokens."""
        out = np.zeros((len(texts), STATIC_DIM), dtype=np.float32)
        last = self._table.shape[0] - 1
        for start in range(0, len(texts), TOKENIZE_BATCH):
            batch = self._tokenizer.encode_batch(list(texts[start : start + TOKENIZE_BATCH]), add_special_tokens=False)
            for i, enc in enumerate(batch):
                if enc.ids:
                    out[start + i] = self._table[np.clip(enc.ids, 0, last)].sum(axis=0)
        return out


class CombinedEmbedder:
    """MiniLM and the static vectors side by side: each text's two unit vectors, each scaled by 1/sqrt(2) and
    concatenated, so a dot product of two such rows is the MEAN of the two cosines.

    token_sums returns those rows (unit length); adding two of them and normalising (a sentence read with its
    predecessor, marker/match.py) averages the two sentences' vectors per model rather than pooling their tokens."""

    def __init__(self, minilm, static: StaticEmbedder) -> None:
        self._parts = (minilm, static)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return normalise(self.token_sums(texts))

    def token_sums(self, texts: Sequence[str]) -> np.ndarray:
        halves = [normalise(part.token_sums(texts)) / np.float32(np.sqrt(2.0)) for part in self._parts]
        return np.hstack(halves).astype(np.float32)

"""Offline sentence embeddings (all-MiniLM-L6-v2, int8 ONNX) with only onnxruntime and tokenizers.

The model files ship as package data in marker/models/minilm (built once by scripts/export_embedder.py), so
nothing is downloaded and neither torch nor transformers is needed at run time. Embeddings are mean-pooled
over real tokens and L2-normalised, as sentence-transformers does, so a dot product is a cosine.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

import numpy as np
import onnxruntime
from tokenizers import Encoding, Tokenizer

EMBEDDING_DIM = 384
MAX_TOKENS = 128  # the length all-MiniLM-L6-v2 was trained on; essay sentences rarely reach it
TOKENIZE_BATCH = 32  # texts tokenised per call (the Rust tokenizer works in parallel)
THREADS = min(2, os.cpu_count() or 1)  # intra-op threads: 2 cut a 64-sentence essay from 187 to 140 ms here


def model_file(name: str) -> Traversable:
    """A shipped model file, found through the package so editable and wheel installs both work."""
    return resources.files("marker") / "models" / "minilm" / name


class Embedder:
    """Turns texts into unit-length 384-d vectors; one instance per process (see get_embedder)."""

    def __init__(self, threads: int = THREADS) -> None:
        self._tokenizer = Tokenizer.from_str(model_file("tokenizer.json").read_text(encoding="utf-8"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()  # the shipped tokenizer.json pads every text to 128 tokens
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            model_file("model.onnx").read_bytes(), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts as an (n, 384) float32 array of L2-normalised rows, in input order.

        Each text runs through the model alone: the int8 model quantises activations with one scale per
        input tensor, so in a padded batch a sentence's vector shifts with its batch-mates (cosine down to
        0.98 measured). Alone, a sentence always gets the same vector. Batches sorted by length were 1.6x faster
        but cost 0.02 points F1 in cross-validation (docs/benchmarks.md), so each text runs alone.
        """
        out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        for start in range(0, len(texts), TOKENIZE_BATCH):
            encodings = self._tokenizer.encode_batch(list(texts[start : start + TOKENIZE_BATCH]))
            for offset, encoding in enumerate(encodings):
                out[start + offset] = self._embed_one(encoding)
        return out

    def _embed_one(self, encoding: Encoding) -> np.ndarray:
        feed = {
            "input_ids": np.array([encoding.ids], dtype=np.int64),
            "attention_mask": np.array([encoding.attention_mask], dtype=np.int64),
            "token_type_ids": np.array([encoding.type_ids], dtype=np.int64),
        }
        (hidden,) = self._session.run(None, feed)
        pooled = hidden[0].mean(axis=0)  # no padding, so every token is a real one (incl. [CLS]/[SEP], as upstream)
        return pooled / max(float(np.linalg.norm(pooled)), 1e-12)


@lru_cache(maxsize=1)
def get_embedder() -> Embedder:
    """The process-wide embedder: loading the model takes a fraction of a second, so do it once."""
    return Embedder()

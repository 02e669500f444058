"""Offline sentence embeddings: the embedder choice, and the all-MiniLM-L6-v2 int8 ONNX model.

The default sentence signal is MiniLM. wordllama's static token table (marker/static_embed.py, the optional
`static` extra) costs about 65 times less CPU for an essay's sentences, but it read paraphrases and the essay's
question worse on essays by other hands (docs/benchmarks.md, "Cheaper semantic signal"), so it stays selectable
with MARKER_EMBEDDER=wordllama, for which the marking models must be refitted (`marker fit`).

The MiniLM files ship as package data in marker/models/minilm (built once by scripts/export_embedder.py), so
nothing is downloaded and neither torch nor transformers is needed at run time. Embeddings are mean-pooled
over real tokens and L2-normalised, as sentence-transformers does, so a dot product is a cosine. onnxruntime is
imported only when a MiniLM model is built: the wordllama path and a batch's parent process never load it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

import numpy as np
from tokenizers import Encoding, Tokenizer

EMBEDDING_DIM = 384
MAX_TOKENS = 128  # the length all-MiniLM-L6-v2 was trained on; essay sentences rarely reach it
TOKENIZE_BATCH = 32  # texts tokenised per call (the Rust tokenizer works in parallel)
# Texts run one at a time, each on one thread, on WORKERS threads at once. A sentence is too short for
# intra-op threads to pay (2 intra-op threads: 150 ms for a 1,000-word essay here; 2 workers x 1 thread: 104 ms),
# and a text alone on one thread gives bit-identical vectors however many run beside it.
WORKERS = min(2, os.cpu_count() or 1)
# Bump when encode() changes its output for the same model files (pooling, truncation): cached vectors keyed by
# model_identity() then stop matching and are recomputed.
ENCODING = "mean-pool-v1"
# Which sentence vectors feed the point features: $MARKER_EMBEDDER, read once per process. "minilm" (the
# default: the shipped models are fitted on it), "wordllama", or "minilm+wordllama" (both, mean of the cosines).
# The shipped marking models fit one choice only: another needs `marker fit` (benchmarks/embedders.py does so).
DEFAULT_EMBEDDER = "minilm"
EMBEDDERS = ("minilm", "wordllama", "minilm+wordllama")


def embedder_choice() -> str:
    """The embedder $MARKER_EMBEDDER names, DEFAULT_EMBEDDER when unset; ValueError for any other name."""
    value = os.environ.get("MARKER_EMBEDDER", "").strip() or DEFAULT_EMBEDDER
    if value not in EMBEDDERS:
        raise ValueError(f"MARKER_EMBEDDER={value!r}: expected one of {', '.join(EMBEDDERS)}")
    return value


def model_file(name: str) -> Traversable:
    """A shipped model file, found through the package so editable and wheel installs both work."""
    return resources.files("marker") / "models" / "minilm" / name


@lru_cache(maxsize=1)
def model_identity() -> str:
    """What a text's vector depends on besides the text: the sha256 of the model and tokenizer files, and the
    encoding. Keys the on-disk vector cache (marker/vector_cache.py); costs about 60 ms, not a model load.
    Each embedder chosen by $MARKER_EMBEDDER has its own identity, so cached vectors never mix."""
    choice = embedder_choice()
    if choice == "minilm":
        return _minilm_identity()
    from marker.static_embed import static_identity

    static = static_identity()
    return static if choice == "wordllama" else f"combined-mean-cosine:{_minilm_identity()}+{static}"


def _minilm_identity() -> str:
    digest = hashlib.sha256(f"{ENCODING} max_tokens={MAX_TOKENS} dim={EMBEDDING_DIM}".encode())
    for name in ("model.onnx", "tokenizer.json"):
        digest.update(name.encode() + b"\0" + hashlib.sha256(model_file(name).read_bytes()).digest())
    return f"minilm-int8:{digest.hexdigest()}"


class Embedder:
    """Turns texts into unit-length 384-d vectors; one instance per process (see get_embedder)."""

    def __init__(self, workers: int = WORKERS) -> None:
        self._tokenizer = minilm_tokenizer()
        self._session = minilm_session()
        # onnxruntime releases the GIL inside run() and one session may serve several threads at once
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="marker-embed") if workers > 1 else None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts as an (n, 384) float32 array of L2-normalised rows, in input order."""
        return normalise(self.token_sums(texts))

    def token_sums(self, texts: Sequence[str]) -> np.ndarray:
        """Each text's token states summed, (n, 384) float32, unnormalised.

        Normalised, a row is the text's embedding (mean pooling, as sentence-transformers does; the mean and the
        sum point the same way). Adding two rows before normalising pools both texts' tokens together: read
        as one passage without attention across them, which is how a sentence is read with its predecessor
        at no extra model run.

        Each text runs through the model alone: the int8 model quantises activations with one scale per
        input tensor, so in a padded batch a sentence's vector shifts with its batch-mates (cosine down to
        0.98 measured). Alone, a sentence always gets the same vector.
        """
        unique = list(dict.fromkeys(texts))  # a text repeated (a pasted paragraph, a heading) runs once
        out = np.zeros((len(unique), EMBEDDING_DIM), dtype=np.float32)
        encodings: list[Encoding] = []
        for start in range(0, len(unique), TOKENIZE_BATCH):
            encodings.extend(self._tokenizer.encode_batch(unique[start : start + TOKENIZE_BATCH]))
        rows = self._pool.map(self._sum_one, encodings) if self._pool else map(self._sum_one, encodings)
        for i, row in enumerate(rows):
            out[i] = row
        if len(unique) == len(texts):
            return out
        position = {text: i for i, text in enumerate(unique)}
        return out[[position[text] for text in texts]]

    def _sum_one(self, encoding: Encoding) -> np.ndarray:
        feed = {
            "input_ids": np.array([encoding.ids], dtype=np.int64),
            "attention_mask": np.array([encoding.attention_mask], dtype=np.int64),
            "token_type_ids": np.array([encoding.type_ids], dtype=np.int64),
        }
        (hidden,) = self._session.run(None, feed)
        return hidden[0].sum(axis=0)  # no padding, so every token is a real one (incl. [CLS]/[SEP], as upstream)


@lru_cache(maxsize=1)
def minilm_tokenizer() -> Tokenizer:
    """The process's MiniLM tokenizer (encode_batch may be called from several threads at once)."""
    tokenizer = Tokenizer.from_str(model_file("tokenizer.json").read_text(encoding="utf-8"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()  # the shipped tokenizer.json pads every text to 128 tokens
    return tokenizer


@lru_cache(maxsize=1)
def minilm_session():
    """The process's onnxruntime session of the MiniLM model: one for every Embedder, as one session serves several
    threads at once. It runs on the calling thread alone (one intra-op and one inter-op thread), so a process forked
    from one that holds it (marker/batch.py's fork server) shares its weights and has no pool thread missing."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    # From a file path, not the file's bytes: given bytes, onnxruntime keeps its own copy of the model besides
    # the weights it runs on (about 25 MiB more per process, each batch or Dask worker; docs/benchmarks.md).
    with resources.as_file(model_file("model.onnx")) as path:
        return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def normalise(rows: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (a zero row stays zero), so a dot product is a cosine."""
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return (rows / np.maximum(norms, 1e-12)).astype(np.float32)


@lru_cache(maxsize=1)
def get_embedder():
    """The process-wide embedder: loading the model takes a fraction of a second, so do it once.

    It also keeps numpy's BLAS to one thread. marker's matrix products are small (sentences x exemplars),
    and OpenBLAS threads left spinning after one steal the cores from the model runs that follow: a
    1,000-word essay's signals took 130 ms with them and 100 ms without (benchmarks/speed.py).
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    choice = embedder_choice()
    if choice == "minilm":
        return get_minilm()
    from marker.static_embed import CombinedEmbedder, StaticEmbedder

    static = StaticEmbedder()
    return static if choice == "wordllama" else CombinedEmbedder(get_minilm(), static)


@lru_cache(maxsize=1)
def get_minilm() -> Embedder:
    """The process-wide MiniLM model, whatever $MARKER_EMBEDDER says: the embedder when it is chosen, and always the
    rubric builder's (marker/build/group.py), whose draft quality fell below its floor with the static vectors
    (tests/test_build.py; docs/benchmarks.md). Building a rubric is occasional, so it can afford the model."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    return Embedder(workers=embed_threads())


def embed_threads() -> int:
    """Model-run threads per process: $MARKER_EMBED_THREADS when set (each of N batch workers takes its share of
    the cores, marker/batch.py), else WORKERS. Vectors are bit-identical whatever the number."""
    value = os.environ.get("MARKER_EMBED_THREADS", "")
    return max(1, int(value)) if value.isdigit() else WORKERS

"""The shipped int8 MiniLM embedder (MARKER_EMBEDDER=minilm; wordllama is the default): the exact model file, vector
shape and quality, and stable output."""

import hashlib
from pathlib import Path

import numpy as np
import pytest

from marker.embed import EMBEDDING_DIM, MAX_TOKENS, Embedder, model_file, normalise

# Changes only when scripts/export_embedder.py is rerun on purpose; then update marker/models/minilm/README.md too.
MODEL_SHA256 = "3650eb665b0eb8d720afbd3aa60210cfcdb99afe3970cff3558c05252e23578f"
REFERENCE = Path(__file__).parent / "fixtures" / "minilm_reference.npz"

PARAPHRASE = "Stalin made a deal with Hitler to gain time to rebuild the Red Army"
BUYING_TIME = "Buying time to rearm and prepare for an expected war with Germany."
LEAGUE = "Joining the League of Nations (September 1934) for legitimacy and collective security."


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder()


def test_shipped_model_is_the_exported_one():
    assert hashlib.sha256(model_file("model.onnx").read_bytes()).hexdigest() == MODEL_SHA256


def test_model_files_ship_with_licence():
    licence = model_file("LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence and "all-MiniLM-L6-v2" in licence


def test_encode_gives_unit_float32_rows(embedder):
    vectors = embedder.encode(["The pact bought time.", "", "Stalin purged the Red Army officer corps in 1937."])
    assert vectors.shape == (3, EMBEDDING_DIM)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_input_gives_empty_matrix(embedder):
    vectors = embedder.encode([])
    assert vectors.shape == (0, EMBEDDING_DIM)
    assert vectors.dtype == np.float32


def test_same_input_gives_identical_vectors(embedder):
    texts = [PARAPHRASE, BUYING_TIME, LEAGUE]
    assert np.array_equal(embedder.encode(texts), embedder.encode(texts))


def test_vector_does_not_depend_on_other_texts(embedder):
    """A sentence scores the same whichever essay it sits in."""
    alone = embedder.encode([PARAPHRASE])[0]
    among_others = embedder.encode([LEAGUE, "A much longer sentence " * 10, PARAPHRASE, "ok"])[2]
    assert np.array_equal(alone, among_others)


def test_more_texts_than_one_tokenizer_batch_keep_their_order(embedder):
    texts = [f"Sentence number {i} about the Nazi-Soviet Pact." for i in range(70)]
    many = embedder.encode(texts)
    np.testing.assert_array_equal(many[[0, 33, 69]], embedder.encode([texts[0], texts[33], texts[69]]))


def test_a_repeated_text_runs_through_the_model_once_and_gets_the_same_vector(embedder, monkeypatch):
    texts = [LEAGUE, PARAPHRASE, LEAGUE, BUYING_TIME, PARAPHRASE, LEAGUE]
    expected = np.vstack([embedder.token_sums([t]) for t in texts])
    runs: list[list[int]] = []
    real = embedder._sum_one
    monkeypatch.setattr(embedder, "_sum_one", lambda encoding: runs.append(encoding.ids) or real(encoding))
    sums = embedder.token_sums(texts)
    assert len(runs) == 3 and sums.shape == (6, EMBEDDING_DIM)
    assert np.array_equal(sums, expected)


def test_agrees_with_sentence_transformers(embedder):
    """Reference vectors were written by the export script from the unquantised sentence-transformers model."""
    reference = np.load(REFERENCE)
    texts = [str(t) for t in reference["texts"]]
    cosines = (embedder.encode(texts) * reference["embeddings"]).sum(axis=1)
    sentences = [len(t.split()) >= 4 for t in texts]
    assert cosines[sentences].min() >= 0.98
    assert cosines.min() >= 0.95  # one-word probes carry least context and so most quantisation noise


def test_paraphrase_ranks_above_same_topic_point(embedder):
    student, right, wrong = embedder.encode([PARAPHRASE, BUYING_TIME, LEAGUE])
    assert student @ right > student @ wrong + 0.1


def test_long_text_is_truncated_not_rejected(embedder):
    long_text = "The Soviet Union sought collective security against Nazi Germany. " * 60
    assert len(embedder._tokenizer.encode(long_text).ids) == MAX_TOKENS
    head = embedder.encode([long_text])[0]
    assert np.isfinite(head).all()
    # Everything after the first 128 tokens is ignored, so extra text changes nothing.
    assert np.array_equal(head, embedder.encode([long_text + " Stalin distrusted Britain."])[0])


def test_two_workers_give_the_same_vectors_as_one(embedder):
    """Texts run on two threads at once; each must come out as it would alone, in input order."""
    texts = [f"In {1930 + i} Stalin weighed the League of Nations against a deal with Hitler." for i in range(12)]
    texts += [PARAPHRASE, BUYING_TIME, LEAGUE, ""]
    assert np.array_equal(Embedder(workers=1).encode(texts), embedder.encode(texts))


def test_summed_rows_read_two_sentences_as_one_passage(embedder):
    """A pointer-back sentence is read with its predecessor by adding token sums: the pair's vector must be
    closer to the two sentences read as one text than either sentence alone is."""
    first = "In August 1939 Stalin signed a non-aggression pact with Hitler."
    second = "It gave him time to rebuild the Red Army."
    sums = embedder.token_sums([first, second])
    np.testing.assert_allclose(normalise(sums), embedder.encode([first, second]), atol=1e-6)
    pair = normalise(sums[0:1] + sums[1:2])[0]
    together = embedder.encode([first + " " + second])[0]
    assert pair @ together > 0.9  # 0.92 measured: only attention across the sentence break is lost
    assert pair @ together > max(embedder.encode([first, second]) @ together)


def test_embed_threads_follow_the_environment(monkeypatch):
    from marker.embed import WORKERS, embed_threads

    monkeypatch.delenv("MARKER_EMBED_THREADS", raising=False)
    assert embed_threads() == WORKERS
    monkeypatch.setenv("MARKER_EMBED_THREADS", "1")
    assert embed_threads() == 1
    monkeypatch.setenv("MARKER_EMBED_THREADS", "lots")
    assert embed_threads() == WORKERS
    assert np.array_equal(Embedder(workers=1).encode([PARAPHRASE, LEAGUE]), Embedder(workers=2).encode([PARAPHRASE, LEAGUE]))


def test_session_is_built_from_the_model_file_path(monkeypatch):
    """Given the model's bytes, onnxruntime keeps a second copy of the model (about 25 MiB in every worker); from a
    path it does not. The vectors are the same either way, bit for bit."""
    import onnxruntime

    built = []
    real = onnxruntime.InferenceSession

    def recording(source, *args, **kwargs):
        built.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(onnxruntime, "InferenceSession", recording)
    from marker.embed import minilm_session

    minilm_session.cache_clear()  # one session per process, shared by every Embedder: build it afresh here
    from_path = Embedder(workers=1)
    assert len(built) == 1 and isinstance(built[0], str)
    assert Embedder(workers=2)._session is from_path._session and len(built) == 1
    assert Path(built[0]).read_bytes() == model_file("model.onnx").read_bytes()
    texts = [PARAPHRASE, BUYING_TIME, LEAGUE]
    from_bytes = Embedder(workers=1)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    from_bytes._session = real(model_file("model.onnx").read_bytes(), options, providers=["CPUExecutionProvider"])
    assert np.array_equal(from_path.encode(texts), from_bytes.encode(texts))

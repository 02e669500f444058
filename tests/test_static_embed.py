"""The optional static embedder (wordllama, the `static` extra): loaded from the installed wheel's own files, never
the network."""

import hashlib
import socket

import numpy as np
import pytest

pytest.importorskip("safetensors")
pytest.importorskip("wordllama")

from marker import embed, static_embed  # noqa: E402

# Models fitted with MARKER_EMBEDDER=wordllama are fitted on these exact files (wordllama==0.4.0.post1): a new wheel
# with other weights must fail here, not mark silently with models fitted on different vectors.
WEIGHTS_SHA256 = "64b47a2dc493cb8e85944076601189739852d7b64e0e1eedcb1937a251cd9fd5"
TOKENIZER_SHA256 = "93248f2a9ec36c7b35f700a033d5f36228aae48db61aee31007fa49062cdeb68"


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the network was touched")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def test_files_are_inside_the_installed_package():
    weights, tokenizer = static_embed.static_files()
    root = static_embed.package_dir()
    assert weights.parent.parent == root and tokenizer.parent.parent == root
    assert weights.stat().st_size > 10_000_000
    assert hashlib.sha256(weights.read_bytes()).hexdigest() == WEIGHTS_SHA256
    assert hashlib.sha256(tokenizer.read_bytes()).hexdigest() == TOKENIZER_SHA256


def test_default_embedder_is_minilm_the_one_the_shipped_models_are_fitted_on(monkeypatch):
    monkeypatch.delenv("MARKER_EMBEDDER", raising=False)
    embed.get_embedder.cache_clear()
    try:
        assert isinstance(embed.get_embedder(), embed.Embedder)
    finally:
        embed.get_embedder.cache_clear()


def test_loads_offline_and_gives_unit_vectors(no_network):
    emb = static_embed.StaticEmbedder()
    texts = ["Stalin signed the Nazi-Soviet Pact in 1939.", "The pact bought the USSR time to rearm.", ""]
    vectors = emb.encode(texts)
    assert vectors.shape == (3, static_embed.STATIC_DIM) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors[:2], axis=1), 1.0, rtol=1e-5)
    assert not vectors[2].any()  # no tokens, zero row
    assert vectors[0] @ vectors[1] > 0.3
    assert static_embed.static_identity().startswith("wordllama-")


def test_sums_pool_tokens():
    emb = static_embed.StaticEmbedder()
    a, b = "The Munich Agreement", " convinced Stalin."
    sums = emb.token_sums([a, b])
    assert np.allclose(emb.token_sums([a])[0], sums[0]) and sums.shape == (2, 256)


def test_embedder_setting(monkeypatch, no_network):
    for choice, cls, dim in (("minilm", embed.Embedder, embed.EMBEDDING_DIM),
                             ("wordllama", static_embed.StaticEmbedder, 256),
                             ("minilm+wordllama", static_embed.CombinedEmbedder, 256 + embed.EMBEDDING_DIM)):
        monkeypatch.setenv("MARKER_EMBEDDER", choice)
        embed.get_embedder.cache_clear()
        embed.model_identity.cache_clear()
        try:
            emb = embed.get_embedder()
            assert isinstance(emb, cls)
            vectors = emb.encode(["Collective security failed.", "Britain and France appeased Hitler."])
            assert vectors.shape == (2, dim)
            np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
            assert (embed.model_identity() == embed._minilm_identity()) == (choice == "minilm")
        finally:
            embed.get_embedder.cache_clear()
            embed.model_identity.cache_clear()


def test_combined_dot_is_mean_of_cosines():
    minilm, static = embed.Embedder(workers=1), static_embed.StaticEmbedder()
    texts = ["Stalin feared a capitalist crusade.", "The purges weakened the Red Army."]
    both = static_embed.CombinedEmbedder(minilm, static).encode(texts)
    m, s = minilm.encode(texts), static.encode(texts)
    assert both[0] @ both[1] == pytest.approx((m[0] @ m[1] + s[0] @ s[1]) / 2, abs=1e-5)


def test_unknown_embedder_is_refused(monkeypatch):
    monkeypatch.setenv("MARKER_EMBEDDER", "bert")
    with pytest.raises(ValueError):
        embed.embedder_choice()
    monkeypatch.delenv("MARKER_EMBEDDER")
    assert embed.embedder_choice() == "minilm"  # the default: the shipped models are fitted on it

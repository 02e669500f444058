"""The rubric's phrasing vectors cached on disk: in the user's cache folder, keyed by texts and model, never
trusted when stale or corrupt, and giving exactly the vectors (and reports) a fresh embedding gives."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from marker import signals, vector_cache
from marker.embed import get_embedder
from marker.rubric import load_rubric, parse_rubric
from marker.vector_cache import cache_key, cache_path, encode_cached, read_vectors
from tests.conftest import ROOT, SAMPLES

MINI = Path(__file__).parent / "fixtures" / "mini_rubric.yaml"
TEXTS = ["Stalin signed the pact to buy time.", "The purges weakened the Red Army.", "Munich excluded the USSR."]


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MARKER_CACHE_DIR", str(folder))
    return folder


class _CountingEmbedder:
    """The real embedder, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        self.texts = 0

    def encode(self, texts):
        self.texts += len(texts)
        return get_embedder().encode(texts)


@pytest.fixture
def counting(monkeypatch) -> _CountingEmbedder:
    embedder = _CountingEmbedder()
    monkeypatch.setattr(vector_cache, "get_embedder", lambda: embedder)
    return embedder


def test_vector_cache_first_run_writes_to_the_cache_folder_and_not_beside_the_rubric(cache, tmp_path):
    rubrics = tmp_path / "rubrics"
    rubrics.mkdir()
    shutil.copy(MINI, rubrics / "mini.yaml")
    before = sorted(p.name for p in rubrics.iterdir())
    index = signals.rubric_index(load_rubric(rubrics / "mini.yaml"))
    assert sorted(p.name for p in rubrics.iterdir()) == before
    texts, _ = vector_cache.exemplar_texts(index.rubric)
    assert [p.name for p in cache.iterdir()] == [cache_path(cache_key(texts)).name]
    assert np.array_equal(index.vectors, get_embedder().encode(texts))


def test_vector_cache_hit_gives_identical_vectors_without_running_the_model(cache, monkeypatch):
    fresh = encode_cached(TEXTS)

    def no_model():
        raise AssertionError("the model ran on a cache hit")

    monkeypatch.setattr(vector_cache, "get_embedder", no_model)
    cached = encode_cached(TEXTS)
    assert cached.dtype == np.float32 and cached.flags.writeable
    assert np.array_equal(cached, fresh) and np.array_equal(cached, get_embedder().encode(TEXTS))


def test_vector_cache_key_changes_with_the_texts_their_order_and_the_model(monkeypatch):
    key = cache_key(TEXTS)
    assert cache_key(TEXTS[::-1]) != key and cache_key([*TEXTS[:2], TEXTS[2] + " "]) != key
    assert cache_key(["a\0b"]) != cache_key(["a", "b"])
    monkeypatch.setattr(vector_cache, "model_identity", lambda: "another-model")
    assert cache_key(TEXTS) != key


def test_vector_cache_key_names_the_embedder(monkeypatch):
    """Each $MARKER_EMBEDDER choice keys its own vectors, even if two had the same model identity."""
    monkeypatch.setattr(vector_cache, "model_identity", lambda: "one-model")
    keys = set()
    for choice in ("wordllama", "minilm", "minilm+wordllama"):
        monkeypatch.setenv("MARKER_EMBEDDER", choice)
        keys.add(cache_key(TEXTS))
    monkeypatch.delenv("MARKER_EMBEDDER")
    assert len(keys) == 3 and cache_key(TEXTS) in keys  # unset is the default choice, wordllama


def test_vector_cache_other_model_is_not_served_the_old_vectors(cache, monkeypatch, counting):
    encode_cached(TEXTS)
    assert counting.texts == 3
    monkeypatch.setattr(vector_cache, "model_identity", lambda: "another-model")
    encode_cached(TEXTS)
    assert counting.texts == 6


def _corrupt_truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-7])


def _corrupt_flipped_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-100] ^= 0x40
    path.write_bytes(bytes(data))


def _corrupt_garbage(path: Path) -> None:
    path.write_bytes(b"\x00\xffnot a cache file")


def _corrupt_empty(path: Path) -> None:
    path.write_bytes(b"")


def _stale_key(path: Path) -> None:  # a file for other texts, renamed into place
    head, _, payload = path.read_bytes().partition(b"\n")
    header = json.loads(head)
    header["key"] = "0" * 64
    path.write_bytes(json.dumps(header).encode() + b"\n" + payload)


def _wrong_shape(path: Path) -> None:  # header and payload agree, but the shape is not the texts'
    head, _, payload = path.read_bytes().partition(b"\n")
    header = json.loads(head)
    header["rows"], header["dim"] = 1, header["rows"] * header["dim"]
    path.write_bytes(json.dumps(header).encode() + b"\n" + payload)


@pytest.mark.parametrize("spoil", [_corrupt_truncated, _corrupt_flipped_byte, _corrupt_garbage, _corrupt_empty,
                                   _stale_key, _wrong_shape])
def test_vector_cache_bad_file_is_ignored_and_rewritten(cache, counting, spoil):
    fresh = encode_cached(TEXTS)
    path = cache_path(cache_key(TEXTS))
    spoil(path)
    assert read_vectors(path, cache_key(TEXTS), len(TEXTS)) is None
    assert np.array_equal(encode_cached(TEXTS), fresh)
    assert counting.texts == 6  # embedded again, not read from the bad file
    assert np.array_equal(read_vectors(path, cache_key(TEXTS), len(TEXTS)), fresh)  # and rewritten whole
    assert [p.name for p in cache.iterdir()] == [path.name]  # no temporary files left behind


def test_vector_cache_folder_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("MARKER_CACHE_DIR", str(blocker / "cache"))
    assert np.array_equal(encode_cached(TEXTS), get_embedder().encode(TEXTS))
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_vector_cache_defaults_to_the_users_cache_folder(monkeypatch):
    import platformdirs

    monkeypatch.delenv("MARKER_CACHE_DIR", raising=False)
    assert vector_cache.cache_dir() == Path(platformdirs.user_cache_dir("marker", appauthor=False))


def test_vector_cache_reports_are_identical_cold_and_warm(cache):
    from marker.mark import mark_essay
    from marker.report import to_json

    text = (SAMPLES / "21_megan.txt").read_text(encoding="utf-8")
    yaml_text = (ROOT / "rubrics" / "soviet-foreign-policy-1924-41.yaml").read_text(encoding="utf-8")
    source = ROOT / "rubrics" / "soviet-foreign-policy-1924-41.yaml"
    reports = []
    for _ in range(2):  # a fresh rubric object each time, so the index is rebuilt: cold, then from the cache
        rubric = parse_rubric(yaml_text, str(source))
        rubric._source = source
        reports.append(to_json([mark_essay(text, rubric, name="megan")]))
    assert len(list(cache.iterdir())) >= 1
    assert reports[0] == reports[1]

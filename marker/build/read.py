"""Read: source documents in any ingest format into (name, text)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

def read_documents(paths: Sequence[str | Path]) -> list[tuple[str, str]]:
    """(name, text) for each document, read through ingest so every supported format works."""
    from marker.ingest import read_essay

    docs, seen = [], Counter()
    for path in paths:
        text = read_essay(path).text
        name = Path(path).name
        seen[name] += 1
        docs.append((name if seen[name] == 1 else f"{name}#{seen[name]}", text))
    return docs


"""Word tokens of a sentence (lower-cased, with a few symbols skipped) and cue-phrase lookup over them."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, NamedTuple
import re

_SKIP_TOKENS = frozenset({"the", "-", "–", "'", "’", ".", "‘", '"', "“", "”"})



class _Token(NamedTuple):
    """A word of a sentence (a named tuple: made for every word of every sentence, several times faster to build than
    a frozen dataclass)."""

    norm: str
    start: int
    end: int
    fuzzy: bool = False



_TOKEN = re.compile(r"[^\W_]+|n['’]t|[^\w\s]")


def _tokens(text: str, offset: int = 0) -> list[_Token]:
    out = []
    folded = text.replace("’", "'")
    whole = folded.isascii()  # ASCII lower-cases letter by letter: the text lower-cased once gives every token's norm
    if whole:
        folded = folded.lower()
    for m in _TOKEN.finditer(text):
        a, b = m.span()
        norm = folded[a:b] if whole else m.group().lower().replace("’", "'")
        if norm in _SKIP_TOKENS or (norm == "s" and a > 0 and text[a - 1] in "'’"):
            continue  # the possessive's "s" too: "Litvinov's dismissal" reads as "Litvinovs" written "Litvinov'"
        out.append(_Token(norm, a + offset, b + offset))
    return out


@lru_cache(maxsize=8192)
def _key(text: str) -> tuple[str, ...]:
    """A phrase's word tokens (rubric names, cue phrases): a pure function of the text, so kept once made."""
    return tuple(t.norm for t in _tokens(text))


def _cue_at(norms: list[str], k: int, cues: dict[str, list[tuple[str, ...]]]) -> int:
    """Length in tokens of the longest cue phrase starting at token k (0 if none)."""
    for words in cues.get(norms[k], ()) if k < len(norms) else ():
        if tuple(norms[k : k + len(words)]) == words:
            return len(words)
    return 0


def _cue_index(phrases: Iterable[str]) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        words = _key(p)
        if words:
            out.setdefault(words[0], []).append(words)
    for v in out.values():
        v.sort(key=len, reverse=True)
    return out

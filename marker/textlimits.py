"""Limits on an essay's text before the tokenizer and the fact checker see it, so marking time grows linearly.

Two kinds of input make text-processing code slow out of all proportion to their size: a very long text, and a very
long run of one kind of character (10,000 spaces in a sentence, 9,000 emoji with no space between them, a
100,000-letter "word"). Regular expressions that backtrack over a run and tokenizers that peel one character at a time
off a token spend time proportional to the square of the run's length.

So, before analysis:
- a text over `max_chars` characters, `max_words` words or `max_tokens` tokens (words, numbers, and every symbol
  or emoji on its own) is refused with a one-line message naming the file;
- a sentence of more than `max_checked_sentence_words` words is not fact-checked (the report says so);
- every run of white space longer than `max_space_run` and every unbroken run of other characters (a token) longer
  than `max_token_chars` is shortened to that length for analysis, and the report says so.

Shortening keeps the first characters of each run and records where every kept piece came from, so the offsets the
later stages produce are mapped back to the essay's own text (`Normalised.span`): the report's spans still index the
text exactly as written. Every check here is one linear pass.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from marker.defaults import DEFAULTS
from marker.errors import EssayInputError
from marker.ingest import word_count

TEXT_LIMITS = {
    # With DEFAULTS["max_words"] (15,000 words, about 100,000 characters of English; an A-level essay is under 3,000)
    "max_chars": 200_000,
    # Words and numbers plus every other visible character counted singly (a sentence of emoji has no words).
    "max_tokens": 40_000,
    # Longer runs are shortened to this for analysis: no real essay indents by more, or writes a longer word or link.
    "max_space_run": 40,
    "max_token_chars": 100,
    # The fact checker reads each sentence's mentions against each other; a "sentence" of thousands of words (no
    # full stops, or a list run together) is not checked. The longest in the training essays has 102 words.
    "max_checked_sentence_words": 300,
}

_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class Normalised:
    """The text analysis sees, and the map from its offsets back to the original text."""

    text: str
    original: str
    # (offset in `text`, offset in `original`) where each kept piece starts; empty when nothing was shortened
    pieces: tuple[tuple[int, int], ...] = ()
    shortened: int = 0  # runs shortened

    def offset(self, position: int) -> int:
        """The original offset of an offset into `text`."""
        if not self.pieces:
            return position
        index = bisect.bisect_right(self.pieces, (position, float("inf"))) - 1
        clean, original = self.pieces[max(index, 0)]
        return original + position - clean

    def span(self, start: int, end: int) -> tuple[int, int, str]:
        """An analysed span (end exclusive) as original offsets and the original text between them."""
        if not self.pieces:
            return start, end, self.text[start:end]
        a = self.offset(start)
        b = self.offset(end - 1) + 1 if end > start else a
        return a, b, self.original[a:b]


def check_text(text: str, name: str = "essay") -> Normalised:
    """Refuse text over the limits (EssayInputError naming `name`), shorten long runs; linear in len(text)."""
    limits = TEXT_LIMITS
    if len(text) > limits["max_chars"]:
        raise EssayInputError(f"{name}: the essay has {len(text):,} characters, over marker's limit of "
                              f"{limits['max_chars']:,}: check it is one essay, or split it")
    words = word_count(text)
    if words > DEFAULTS["max_words"]:
        raise EssayInputError(f"{name}: the essay has {words:,} words, over marker's limit of "
                              f"{DEFAULTS['max_words']:,}: check it is one essay, or split it")
    tokens = sum(1 for _ in _TOKEN.finditer(text))
    if tokens > limits["max_tokens"]:
        raise EssayInputError(f"{name}: the essay has {tokens:,} words and symbols, over marker's limit of "
                              f"{limits['max_tokens']:,}: remove long runs of symbols or emoji, or split it")
    return _shorten_runs(text)


def _shorten_runs(text: str) -> Normalised:
    space, token = TEXT_LIMITS["max_space_run"], TEXT_LIMITS["max_token_chars"]
    # bounded repeats: at each position the engine looks at most `space` or `token` characters ahead
    long_run = re.compile(rf"\s{{{space + 1},}}|\S{{{token + 1},}}")
    kept: list[str] = []
    pieces: list[tuple[int, int]] = [(0, 0)]
    clean = original = shortened = 0
    for match in long_run.finditer(text):
        limit = space if match.group()[0].isspace() else token
        keep_to = match.start() + limit
        kept.append(text[original:keep_to])
        clean += keep_to - original
        original = match.end()
        pieces.append((clean, original))
        shortened += 1
    if not shortened:
        return Normalised(text, text)
    kept.append(text[original:])
    return Normalised("".join(kept), text, tuple(pieces), shortened)


def shortened_warning(normalised: Normalised) -> str:
    """The report's note when runs were shortened for analysis."""
    runs = "run" if normalised.shortened == 1 else "runs"
    return (f"{normalised.shortened} very long {runs} of spaces or of characters without a space were read only in "
            f"part (up to {TEXT_LIMITS['max_space_run']} spaces or {TEXT_LIMITS['max_token_chars']} characters each)")


def unchecked_warning(count: int) -> str:
    """The report's note when over-long sentences were left out of the fact check."""
    what = "sentence" if count == 1 else "sentences"
    return (f"{count} {what} of more than {TEXT_LIMITS['max_checked_sentence_words']} words were not checked for "
            "factual errors: split long sentences with full stops")

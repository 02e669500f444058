"""The one rule for reading a misspelt word as the word it means, for names and content words alike.

Both callers use it with the same limits: the fact checker (proper names against the fact base,
marker/facts/index.py) and the matcher (content words against the rubric's terms, marker/signals.py). Only
alphabetic words of at least five letters (FACT_DEFAULTS["fuzzy_min_length"]) that are not already known; the
closest target word by rapidfuzz ratio at or above the rubric's `fuzzy_name` threshold; the same first letter; and
never another form of a word ("Nazism" is not "Nazi", "isolationism" not "isolation"), so a derivation is not read
as a misspelling. "securty" -> "security", "apeasement" -> "appeasement",
"Ribentrop" -> "Ribbentrop".
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from rapidfuzz import fuzz, process

from marker.defaults import FACT_DEFAULTS

MIN_LENGTH = FACT_DEFAULTS["fuzzy_min_length"]  # shorter words are never corrected: many lie one letter apart
_DERIVATION = ("ism", "isms", "ist", "ists")


class Speller:
    """Corrects words against a fixed set of target spellings; `known` words (and the targets) are left alone."""

    def __init__(self, targets: Iterable[str], threshold: int, known: Collection[str] = frozenset()):
        self.targets = sorted({t for t in targets if len(t) >= MIN_LENGTH and t.isalpha()})
        self.known = known
        self.threshold = threshold
        self._cache: dict[str, str | None] = {}

    def correct(self, word: str) -> str | None:
        """The target this word is a misspelling of, or None (lower-case words in, lower-case words out)."""
        if word in self._cache:
            return self._cache[word]
        found = None
        if (len(word) >= MIN_LENGTH and word.isalpha() and word not in self.known and self.targets
                and not word.endswith(_DERIVATION)):
            hit = process.extractOne(word, self.targets, scorer=fuzz.ratio, score_cutoff=self.threshold)
            if hit is not None and hit[0] != word and hit[0][0] == word[0] \
                    and not (word.startswith(hit[0]) or hit[0].startswith(word)):
                found = hit[0]
        self._cache[word] = found
        return found

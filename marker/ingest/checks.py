"""The limits and checks on untrusted files: supported formats, sizes, file signatures, and whether the text
looks like an English essay."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from marker.errors import EssayInputError, display_name

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
SUPPORTED = (".txt", ".md", ".docx", ".odt", ".rtf", ".pdf")

# Tunable limits and heuristics, kept in one place.
LIMITS = {
    "zip_max_members": 2000,
    "zip_max_uncompressed_bytes": 100 * 1024 * 1024,
    "zip_max_ratio": 100,  # whole-archive uncompressed/compressed; XML compresses ~10-30x
    "zip_ratio_applies_above_bytes": 1024 * 1024,  # tiny archives may legitimately compress very well
    "short_essay_words": 50,
    "english_min_words_to_judge": 8,
    "english_min_stopword_ratio": 0.2,
    "plausible_min_letter_share": 0.5,
    "plausible_max_long_token_share": 0.2,
    "plausible_long_token_chars": 40,
    "plausible_max_odd_char_share": 0.01,
    "pdf_paragraph_gap_factor": 1.3,  # a line gap this many times the usual one starts a paragraph
    "pdf_indent_points": 10.0,
    "pdf_short_line_share": 0.8,  # a line this much shorter than the page's usual line ends a paragraph
}

_KIND = {  # with the article, for messages such as "is not a Word .docx file"
    ".txt": "a plain text",
    ".md": "a Markdown",
    ".docx": "a Word .docx",
    ".odt": "an OpenDocument .odt",
    ".rtf": "an RTF",
    ".pdf": "a PDF",
}

# File signatures, so a renamed file is named for what it really is.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a zip archive (such as a Word or OpenDocument file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office 97-2003 file (such as a Word .doc)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "a program (executable)"),
    (b"\xcf\xfa\xed\xfe", "a program (executable)"),
    (b"\xca\xfe\xba\xbe", "a program (executable)"),
    (b"MZ", "a Windows program (executable)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
)

_EXPECTED_MAGIC = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04", ".odt": b"PK\x03\x04", ".rtf": b"{\\rtf"}

# Common English function words; other languages share few of them.
_ENGLISH_STOPWORDS = frozenset(
    """the of and to in a is that it was for on as with by he his this be at from or which but not are have had
    were an they their its been has would who there what so if can could more all one also into than
    them these when will no only other our we i you she her him about up out then may those such should how""".split()
)

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:][\"'\u201d\u2019)\]]*$")


def looks_english(text: str) -> bool:
    """Whether enough common English words appear; too little text to tell counts as English."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < LIMITS["english_min_words_to_judge"]:
        return True
    common = sum(1 for w in words if w in _ENGLISH_STOPWORDS)
    return common / len(words) >= LIMITS["english_min_stopword_ratio"]


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of letters, with internal apostrophes."""
    return len(_WORD.findall(text))


def _extension(name: str, filename: str) -> str:
    ext = Path(filename).suffix.lower()
    if ext in SUPPORTED:
        return ext
    allowed = ", ".join(SUPPORTED)
    if not ext:
        raise EssayInputError(f"{name}: has no file extension: save the essay as one of {allowed}")
    hint = " (for an old Word .doc, use Save As .docx)" if ext == ".doc" else ""
    raise EssayInputError(
        f"{name}: unsupported file type '{display_name(ext)}': save the essay as one of {allowed}{hint}"
    )


def _human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _check_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise EssayInputError(
            f"{name}: the file is {_human_size(size)}, over the {_human_size(max_bytes)} limit: "
            "remove images or save the essay as plain text"
        )


def _sniff(data: bytes) -> str | None:
    """What a file's first bytes say it really is, if they match a known binary signature."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            if magic == b"MZ" and b"\x00" not in data[:1024]:
                continue  # a text file may start with "MZ"; a program always has NUL bytes near the start
            return what
    return None


def _check_signature(data: bytes, name: str, ext: str) -> None:
    if data.startswith(_EXPECTED_MAGIC[ext]) or (ext == ".pdf" and b"%PDF-" in data[:1024]):
        return
    what = _sniff(data)
    really = f" (it looks like {what})" if what else ""
    raise EssayInputError(
        f"{name}: is not {_KIND[ext]} file{really}: "
        "check that you chose the right file, or export the essay again"
    )


def _damaged(name: str, ext: str) -> EssayInputError:
    """The one message for a file whose parser fails: damaged, or not really the format its name says."""
    if ext == ".pdf":
        advice = "export it again, or save the essay as text or a Word file"
    else:
        advice = "open it and save it again, or export the essay as text or PDF"
    return EssayInputError(
        f"{name}: cannot be read as {_KIND[ext]} file (it is damaged or not really one): {advice}"
    )


def _implausible(text: str) -> str:
    """Why extracted text cannot be an essay, or '' when it could be one."""
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return "no visible characters"
    odd = sum(
        1 for ch in text if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    )
    if odd / len(text) > LIMITS["plausible_max_odd_char_share"]:
        return "it contains control or garbled characters, as binary data does"
    letters = sum(1 for ch in visible if ch.isalpha())
    if letters / len(visible) < LIMITS["plausible_min_letter_share"]:
        return "it is mostly numbers and symbols, not words"
    tokens = text.split()
    long_tokens = sum(1 for t in tokens if len(t) > LIMITS["plausible_long_token_chars"])
    if long_tokens / len(tokens) > LIMITS["plausible_max_long_token_share"]:
        return "it is mostly long runs of characters without spaces, like encoded data"
    return ""

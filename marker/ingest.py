"""Essay files of every supported format to plain text, with limits and one-line errors.

Everything after ingest indexes characters of `EssayText.text`, so plain-text files are returned exactly as
written (no newline or Unicode normalisation). Other formats are flattened to paragraphs joined by a blank line.
Uploads are untrusted: sizes, zip expansion and file signatures are checked before any parser runs, and every
parser failure becomes an EssayInputError that names the file and says what to do.
"""

from __future__ import annotations

import io
import re
import statistics
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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


@dataclass(frozen=True)
class EssayText:
    """An essay's text as every later stage sees it; character offsets index `text`."""

    source: str
    text: str
    format: str
    warnings: tuple[str, ...]


def read_essay(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> EssayText:
    """Read an essay file from disk; the size is checked before the file is read."""
    path = Path(path)
    name = display_name(str(path))
    _extension(name, path.name)
    try:
        if path.is_dir():
            raise EssayInputError(f"{name}: is a folder, not a file: give the path of the essay file itself")
        size = path.stat().st_size
        _check_size(name, size, max_bytes)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise EssayInputError(f"{name}: file not found: check the path and try again") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        message = f"{name}: cannot be read ({reason.lower()}): check the file and its permissions"
        raise EssayInputError(message) from None
    return _ingest(data, name, path.name, max_bytes)


def essay_from_bytes(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> EssayText:
    """Turn an uploaded file's bytes into an essay; `filename` picks the format and names the file in errors."""
    return _ingest(data, display_name(filename), filename, max_bytes)


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


# ---------------------------------------------------------------------------------------------------------------
# The shared pipeline


def _ingest(data: bytes, name: str, filename: str, max_bytes: int) -> EssayText:
    ext = _extension(name, filename)
    _check_size(name, len(data), max_bytes)
    if not data:
        raise EssayInputError(f"{name}: the file is empty: check that you chose the right file")
    warnings: list[str] = []
    if ext in (".txt", ".md"):
        text = _plain_text(data, name, warnings)
    else:
        _check_signature(data, name, ext)
        try:
            text = _EXTRACTORS[ext](data, name)
        except EssayInputError:
            raise
        except Exception:  # noqa: BLE001 - the error boundary: any library's failure on untrusted bytes (zlib,
            raise _damaged(name, ext) from None  # zip, XML, recursion depth...) means the file cannot be read
    if not text.strip():
        raise EssayInputError(f"{name}: contains no text, only blank space: check that you chose the right file")
    problem = _implausible(text)
    if problem:
        raise EssayInputError(
            f"{name}: the text does not look like an essay ({problem}): check that you chose the right file"
        )
    words = word_count(text)
    if words < LIMITS["short_essay_words"]:
        warnings.append(f"very short: {words} words (an essay usually has far more than {LIMITS['short_essay_words']})")
    if not looks_english(text):
        warnings.append("does not look like English (few common English words): marking assumes an English essay")
    return EssayText(source=name, text=text, format=ext.lstrip("."), warnings=tuple(warnings))


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


# ---------------------------------------------------------------------------------------------------------------
# Plain text: the file's text exactly as written


def _plain_text(data: bytes, name: str, warnings: list[str]) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")  # the BOM picks the byte order and is dropped
        except UnicodeDecodeError:
            raise EssayInputError(
                f"{name}: is marked as UTF-16 but is damaged: save the essay again as UTF-8 text"
            ) from None
        if "\x00" in text:
            raise EssayInputError(
                f"{name}: is not a text file (it contains binary data): save the essay as plain text, Word or PDF"
            )
        return text
    what = _sniff(data)
    if what:
        raise EssayInputError(
            f"{name}: is not a text file: it looks like {what}; choose the essay itself, "
            "or give the file its real extension"
        )
    if b"\x00" in data:
        raise EssayInputError(
            f"{name}: is not a text file (it contains binary data): save the essay as plain text, Word or PDF"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        warnings.append(
            "not valid UTF-8, so read as Windows-1252 (cp1252): check accented letters and quotes, "
            "or save the file as UTF-8"
        )
        return data.decode("cp1252", errors="replace")


def _paragraphs(parts: Iterator[str] | list[str]) -> str:
    """Join non-blank paragraphs with one blank line, the paragraph break every later stage expects."""
    return "\n\n".join(p.strip() for p in parts if p.strip())


# ---------------------------------------------------------------------------------------------------------------
# Zip containers (.docx, .odt): refuse bombs before any member is decompressed


def _open_zip(data: bytes, name: str, ext: str) -> zipfile.ZipFile:
    corrupt = _damaged(name, ext)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise corrupt from None
    total = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    ratio = total / packed
    too_many = len(members) > LIMITS["zip_max_members"]
    too_big = total > LIMITS["zip_max_uncompressed_bytes"]
    too_dense = total > LIMITS["zip_ratio_applies_above_bytes"] and ratio > LIMITS["zip_max_ratio"]
    if too_many or too_big or too_dense:
        raise EssayInputError(
            f"{name}: refused: it would unpack to {_human_size(total)} in {len(members)} parts "
            f"({ratio:.0f} times its size), which no real essay does: save the essay again or export it as PDF"
        )
    return archive


def _docx_text(data: bytes, name: str) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    archive = _open_zip(data, name, ".docx")
    archive.close()
    try:
        document = docx.Document(io.BytesIO(data))
        parts: list[str] = []
        seen_cells: dict[int, object] = {}  # holding each cell element keeps its id from being reused

        def walk(container) -> None:
            for block in container.iter_inner_content():
                if isinstance(block, Paragraph):
                    parts.append(block.text)
                elif isinstance(block, Table):
                    for row in block.rows:
                        for cell in row.cells:
                            if id(cell._tc) in seen_cells:
                                continue  # a merged cell is repeated once per grid column it spans
                            seen_cells[id(cell._tc)] = cell._tc
                            walk(cell)

        walk(document)
    except EssayInputError:
        raise
    except Exception:  # noqa: BLE001 - any parser failure on untrusted input means the file is damaged
        raise _damaged(name, ".docx") from None
    return _paragraphs(parts)


def _odt_text(data: bytes, name: str) -> str:
    from odf import teletype
    from odf.element import Element
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    archive = _open_zip(data, name, ".odt")
    try:
        mimetype = archive.read("mimetype").decode("ascii", errors="replace").strip()
    except (KeyError, zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError):
        mimetype = ""
    finally:
        archive.close()
    damaged = _damaged(name, ".odt")
    if not mimetype.startswith("application/vnd.oasis.opendocument.text"):
        raise damaged
    block_tags = {(TEXTNS, "p"), (TEXTNS, "h")}
    try:
        document = load(io.BytesIO(data))
        parts: list[str] = []

        def walk(node: Element) -> None:
            for child in node.childNodes:
                if getattr(child, "qname", None) in block_tags:
                    parts.append(teletype.extractText(child))
                elif child.nodeType == child.ELEMENT_NODE:
                    walk(child)

        walk(document.text)
    except Exception:  # noqa: BLE001 - any parser failure on untrusted input means the file is damaged
        raise damaged from None
    return _paragraphs(parts)


# ---------------------------------------------------------------------------------------------------------------
# RTF


def _rtf_text(data: bytes, name: str) -> str:
    from striprtf.striprtf import rtf_to_text

    damaged = _damaged(name, ".rtf")
    source = data.decode("latin-1")  # RTF is 7-bit; 8-bit characters arrive as escapes
    if not _braces_balanced(source):
        raise damaged
    try:
        text = rtf_to_text(source, errors="replace")
    except Exception:  # noqa: BLE001 - any parser failure on untrusted input means the file is damaged
        raise damaged from None
    return _paragraphs(text.splitlines())


def _braces_balanced(source: str) -> bool:
    """Whether RTF groups open and close in order, ignoring escaped braces."""
    depth = 0
    for match in re.finditer(r"\\[\\{}]|[{}]", source):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


# ---------------------------------------------------------------------------------------------------------------
# PDF: text layer, then hard-wrapped lines rejoined into paragraphs


@dataclass(frozen=True)
class _PdfLine:
    text: str
    y: float | None
    x: float | None


def _pdf_text(data: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    damaged = _damaged(name, ".pdf")
    locked = EssayInputError(
        f"{name}: the PDF is encrypted (password-protected): save a copy without a password, "
        "or export the essay as text or a Word file"
    )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # owner-only protection still lets anyone read the text
            except (DependencyError, NotImplementedError, PdfReadError):
                raise locked from None
            if not opened:
                raise locked
        pages = [_pdf_page_lines(page) for page in reader.pages]
    except EssayInputError:
        raise
    except (FileNotDecryptedError, DependencyError):  # DependencyError: AES, which needs a cryptography library
        raise locked from None
    except Exception:  # noqa: BLE001 - any parser failure on untrusted input: damaged, unless encrypted
        raise (locked if _declares_encryption(data) else damaged) from None
    if not any(line.text for lines in pages for line in lines):
        raise EssayInputError(
            f"{name}: the PDF has no text layer (it looks like a scan or an image): "
            "export the essay as text or a Word file"
        )
    return _join_pdf_lines(pages)


def _declares_encryption(data: bytes) -> bool:
    """Whether a PDF's trailer names an encryption dictionary (its last 4 KB: an unreadable file may still say so)."""
    return re.search(rb"/Encrypt\s+\d+\s+\d+\s+R", data[-4096:]) is not None


def _pdf_page_lines(page) -> list[_PdfLine]:
    """A page's text lines in reading order, each with the position of its first glyphs."""
    lines: list[_PdfLine] = []
    current: list[str] = []
    position: list[float] | None = None

    def flush() -> None:
        nonlocal current, position
        text = re.sub(r"[ \t\u00a0]+", " ", "".join(current)).strip()
        if text:
            y, x = (position[1], position[0]) if position else (None, None)
            lines.append(_PdfLine(text=text, y=y, x=x))
        current, position = [], None

    def visit(text: str, cm: list[float], tm: list[float], font_dict, font_size) -> None:
        nonlocal position
        for i, piece in enumerate(text.split("\n")):
            if i:
                flush()
            if piece.strip() and position is None:
                # the text origin in page space: the text matrix's translation mapped by the CTM
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                position = [x, y]
            current.append(piece)

    page.extract_text(visitor_text=visit)
    flush()
    return lines


def _join_pdf_lines(pages: list[list[_PdfLine]]) -> str:
    """Rejoin hard-wrapped lines: a paragraph ends at a large gap, an indent, or a short final line."""
    paragraphs: list[str] = []
    current = ""
    previous: _PdfLine | None = None
    previous_was_short = False
    for lines in pages:
        gaps = [a.y - b.y for a, b in zip(lines, lines[1:]) if a.y is not None and b.y is not None and a.y > b.y]
        usual_gap = statistics.median(gaps) if gaps else None
        xs = [line.x for line in lines if line.x is not None]
        left = min(xs) if xs else None
        short = LIMITS["pdf_short_line_share"] * statistics.median([len(line.text) for line in lines] or [0])
        for index, line in enumerate(lines):
            # across a page break only the short-line rule applies: positions restart on each page
            new_paragraph = previous is None or (previous_was_short and not line.text[:1].islower())
            if not new_paragraph and previous is not None and index > 0:
                new_paragraph = _gap_or_indent(previous, line, usual_gap, left)
            if new_paragraph:
                if current:
                    paragraphs.append(current)
                current = line.text
            else:
                current = _join_wrapped(current, line.text)
            previous = line
            previous_was_short = len(line.text) < short and _SENTENCE_END.search(line.text) is not None
    if current:
        paragraphs.append(current)
    return _paragraphs(paragraphs)


def _gap_or_indent(previous: _PdfLine, line: _PdfLine, usual_gap: float | None, left: float | None) -> bool:
    if previous.y is not None and line.y is not None and usual_gap:
        if previous.y - line.y > LIMITS["pdf_paragraph_gap_factor"] * usual_gap:
            return True
    if line.x is not None and left is not None and line.x - left > LIMITS["pdf_indent_points"]:
        return _SENTENCE_END.search(previous.text) is not None
    return False


def _join_wrapped(current: str, following: str) -> str:
    if re.search(r"[^\W\d_]-$", current) and following[:1].isalpha():
        if following[:1].islower():
            return current[:-1] + following  # a word broken across lines: "collec-" + "tive"
        return current + following  # a compound broken at its hyphen: "Molotov-" + "Ribbentrop"
    return current + " " + following


_EXTRACTORS: dict[str, Callable[[bytes, str], str]] = {
    ".docx": _docx_text,
    ".odt": _odt_text,
    ".rtf": _rtf_text,
    ".pdf": _pdf_text,
}

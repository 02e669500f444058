"""PDF files: the text layer, then hard-wrapped lines rejoined into paragraphs."""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass

from marker.errors import EssayInputError
from marker.ingest.checks import _SENTENCE_END, LIMITS, _damaged
from marker.ingest.text import _paragraphs


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

"""Plain-text files: the text exactly as written (encodings detected, nothing normalised)."""

from __future__ import annotations

from collections.abc import Iterator

from marker.errors import EssayInputError
from marker.ingest.checks import _sniff


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

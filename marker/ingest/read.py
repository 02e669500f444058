"""Reading an essay file: the entry points, and the one pipeline every format goes through (size, signature,
the format's reader inside an error boundary, then the checks on the text)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from marker.errors import EssayInputError, display_name
from marker.ingest.checks import (
    DEFAULT_MAX_BYTES,
    LIMITS,
    _check_signature,
    _check_size,
    _damaged,
    _extension,
    _implausible,
    looks_english,
    word_count,
)
from marker.ingest.documents import _docx_text, _odt_text, _rtf_text
from marker.ingest.pdf import _pdf_text
from marker.ingest.text import _plain_text


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


_EXTRACTORS: dict[str, Callable[[bytes, str], str]] = {
    ".docx": _docx_text,
    ".odt": _odt_text,
    ".rtf": _rtf_text,
    ".pdf": _pdf_text,
}

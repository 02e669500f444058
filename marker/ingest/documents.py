"""Word (.docx) and OpenDocument (.odt) files, whose zip is checked for bombs before any member is
decompressed, and RTF files."""

from __future__ import annotations

import io
import re
import zipfile

from marker.errors import EssayInputError
from marker.ingest.checks import LIMITS, _damaged, _human_size
from marker.ingest.text import _paragraphs


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

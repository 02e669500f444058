"""Essay files of every supported format to plain text, with limits and one-line errors.

Everything after ingest indexes characters of `EssayText.text`, so plain-text files are returned exactly as
written (no newline or Unicode normalisation). Other formats are flattened to paragraphs joined by a blank line.
Uploads are untrusted: sizes, zip expansion and file signatures are checked before any parser runs, and every
parser failure becomes an EssayInputError that names the file and says what to do.

The steps, one module each: `read` (the entry points and the one pipeline every file goes through), `checks` (sizes,
signatures, limits and the plausibility of the text), `text` (plain text exactly as written), `documents` (.docx and
.odt, whose zip is checked for bombs first, and .rtf) and `pdf` (the text layer, hard-wrapped lines rejoined). Every
name is importable from `marker.ingest` as before.
"""

from marker.ingest.read import (  # noqa: F401 - re-exported
    EssayText,
    essay_from_bytes,
    read_essay,
    _EXTRACTORS,
    _ingest,
)
from marker.ingest.checks import (  # noqa: F401 - re-exported
    DEFAULT_MAX_BYTES,
    LIMITS,
    SUPPORTED,
    looks_english,
    word_count,
    _ENGLISH_STOPWORDS,
    _EXPECTED_MAGIC,
    _KIND,
    _MAGIC,
    _SENTENCE_END,
    _WORD,
    _check_signature,
    _check_size,
    _damaged,
    _extension,
    _human_size,
    _implausible,
    _sniff,
)
from marker.ingest.text import (  # noqa: F401 - re-exported
    _paragraphs,
    _plain_text,
)
from marker.ingest.documents import (  # noqa: F401 - re-exported
    _braces_balanced,
    _docx_text,
    _odt_text,
    _open_zip,
    _rtf_text,
)
from marker.ingest.pdf import (  # noqa: F401 - re-exported
    _PdfLine,
    _declares_encryption,
    _gap_or_indent,
    _join_pdf_lines,
    _join_wrapped,
    _pdf_page_lines,
    _pdf_text,
)

"""Ingest: every format to the text later stages index, and every bad file to one clear line."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path

import pytest

from marker.errors import EssayInputError
from marker.ingest import DEFAULT_MAX_BYTES, SUPPORTED, EssayText, essay_from_bytes, looks_english, read_essay

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _load_fixture_builders():
    spec = importlib.util.spec_from_file_location("ingest_fixture_builders", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_fixture_builders()
ESSAY = build.ESSAY_TEXT
PARAGRAPHS = build.ESSAY_PARAGRAPHS


def _error(data: bytes, filename: str, **kwargs) -> str:
    with pytest.raises(EssayInputError) as caught:
        essay_from_bytes(data, filename, **kwargs)
    return str(caught.value)


def _pdf_bytes(tmp_path: Path, paragraphs=PARAGRAPHS, **kwargs) -> bytes:
    return build.write_pdf(tmp_path / "made.pdf", paragraphs, **kwargs).read_bytes()


def _pdf_with_lines(lines: list[tuple[float, float, str]]) -> bytes:
    """A PDF with text placed line by line at (x, y) millimetres, to control wrapping, gaps and indents."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for x, y, text in lines:
        pdf.text(x, y, text)
    return bytes(pdf.output())


# --- formats round-trip a known essay ---------------------------------------------------------------------------


def test_ingest_committed_fixtures_hold_the_known_essay():
    for name in ("essay.docx", "essay.odt", "essay.pdf"):
        essay = read_essay(FIXTURES / name)
        assert essay.text == ESSAY, name
        assert essay.format == name.rsplit(".", 1)[1]
        assert essay.warnings == ()
        assert essay.source == str(FIXTURES / name)


def test_ingest_docx_reads_paragraphs_and_table_cells_in_document_order(tmp_path):
    table = (("Pact", "Date"), ("Franco-Soviet", "2 May 1935"))
    path = build.write_docx(tmp_path / "with_table.docx", PARAGRAPHS, table=table, table_after=2)
    essay = read_essay(path)
    cells = ["Pact", "Date", "Franco-Soviet", "2 May 1935"]
    assert essay.text == "\n\n".join([*PARAGRAPHS[:2], *cells, *PARAGRAPHS[2:]])
    assert essay.format == "docx"


def test_ingest_docx_merged_cell_is_read_once(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph(PARAGRAPHS[1])
    grid = document.add_table(rows=1, cols=3)
    merged = grid.cell(0, 0).merge(grid.cell(0, 1))
    merged.text = "Munich Agreement"
    grid.cell(0, 2).text = "September 1938"
    document.save(str(tmp_path / "merged.docx"))
    text = read_essay(tmp_path / "merged.docx").text
    assert text == PARAGRAPHS[1] + "\n\nMunich Agreement\n\nSeptember 1938"


def test_ingest_odt_reads_headings_and_paragraphs(tmp_path):
    essay = read_essay(build.write_odt(tmp_path / "essay.odt", PARAGRAPHS))
    assert essay.text == ESSAY
    assert essay.format == "odt"


def test_ingest_rtf_hand_written_with_escapes():
    rtf = (
        rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times New Roman;}}"
        rb"\f0\fs24 Litvinov and Molotov \'e9tudes: the Nazi\u8211?Soviet Pact of 1939 shocked Europe.\par"
        rb"\par "
        rb"Stalin gained time \{and territory\}.\par}"
    )
    essay = essay_from_bytes(rtf, "essay.rtf")
    assert essay.text == (
        "Litvinov and Molotov \u00e9tudes: the Nazi\u2013Soviet Pact of 1939 shocked Europe.\n\n"
        "Stalin gained time {and territory}."
    )
    assert essay.format == "rtf"


def test_ingest_pdf_rejoins_hard_wrapped_lines_into_paragraphs(tmp_path):
    data = _pdf_bytes(tmp_path, width_mm=90, gap_mm=4)
    essay = essay_from_bytes(data, "narrow.pdf")
    assert essay.text == ESSAY


def test_ingest_pdf_joins_hyphenated_line_ends_and_keeps_gap_breaks():
    data = _pdf_with_lines(
        [
            (20, 20, "The Soviet Union pursued collec-"),
            (20, 26, "tive security after 1934, and the Molotov-"),
            (20, 32, "Ribbentrop Pact followed in 1939 after the"),
            (20, 38, "failure of the Anglo-French mission."),
            (20, 52, "Stalin gained time and territory, but he"),
            (20, 58, "ignored the warnings of 1941."),
        ]
    )
    assert essay_from_bytes(data, "wrapped.pdf").text == (
        "The Soviet Union pursued collective security after 1934, and the Molotov-Ribbentrop Pact followed in "
        "1939 after the failure of the Anglo-French mission.\n\n"
        "Stalin gained time and territory, but he ignored the warnings of 1941."
    )


def test_ingest_pdf_first_line_indent_starts_a_paragraph():
    data = _pdf_with_lines(
        [
            (20, 20, "Collective security failed when Britain and"),
            (20, 26, "France gave way at Munich in 1938."),
            (30, 32, "The Nazi-Soviet Pact of August 1939 then"),
            (20, 38, "bought the USSR time."),
        ]
    )
    assert essay_from_bytes(data, "indented.pdf").text == (
        "Collective security failed when Britain and France gave way at Munich in 1938.\n\n"
        "The Nazi-Soviet Pact of August 1939 then bought the USSR time."
    )


def test_ingest_pdf_paragraph_continues_across_a_page_break(tmp_path):
    long_paragraph = " ".join([PARAGRAPHS[2]] * 12)
    essay = essay_from_bytes(_pdf_bytes(tmp_path, (PARAGRAPHS[1], long_paragraph)), "long.pdf")
    assert essay.text == PARAGRAPHS[1] + "\n\n" + long_paragraph


def test_ingest_extension_is_case_insensitive_and_md_is_text():
    assert essay_from_bytes(ESSAY.encode(), "ESSAY.TXT").format == "txt"
    assert essay_from_bytes(ESSAY.encode(), "notes.md").format == "md"


# --- plain text is kept exactly ----------------------------------------------------------------------------------


def test_ingest_utf8_text_is_unchanged_so_offsets_are_stable(tmp_path):
    original = "Litvinov’s café diplomacy 🕊 (Jose\u0301 in NFD)\r\nMolotov and Ribbentrop signed.\r\n\r\n  Zürich é " + ESSAY
    path = tmp_path / "essay.txt"
    path.write_bytes(original.encode("utf-8"))
    essay = read_essay(path)
    assert essay.text == original
    assert essay.text.index("Molotov") == original.index("Molotov")
    assert "\r\n" in essay.text
    assert essay.warnings == ()


def test_ingest_utf8_bom_is_stripped_and_nothing_else():
    body = "\r\n" + ESSAY + "\n"
    essay = essay_from_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"), "bom.txt")
    assert essay.text == body


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_ingest_utf16_with_bom(codec):
    bom = "\ufeff".encode(codec)
    text = "Stalin\u2019s \u00e9lan\r\n" + ESSAY
    essay = essay_from_bytes(bom + text.encode(codec), "essay.txt")
    assert essay.text == text
    assert essay.warnings == ()


def test_ingest_cp1252_bytes_fall_back_with_a_warning():
    raw = "Caf\u00e9 talks \u201cfailed\u201d \u2013 ".encode("cp1252") + ESSAY.encode("ascii")
    essay = essay_from_bytes(raw, "old.txt")
    assert essay.text == "Caf\u00e9 talks \u201cfailed\u201d \u2013 " + ESSAY
    assert essay.warnings == (
        "not valid UTF-8, so read as Windows-1252 (cp1252): check accented letters and quotes, "
        "or save the file as UTF-8",
    )


# --- warnings -------------------------------------------------------------------------------------------------


def test_ingest_short_essay_is_warned_not_refused():
    essay = essay_from_bytes(b"The Nazi-Soviet Pact bought Stalin time in 1939.", "short.txt")
    assert essay.warnings == ("very short: 8 words (an essay usually has far more than 50)",)


def test_ingest_non_english_essay_is_warned():
    french = (
        "La politique \u00e9trang\u00e8re sovi\u00e9tique entre 1924 et 1941 fut marqu\u00e9e par la recherche de "
        "la s\u00e9curit\u00e9 collective. Staline voulait prot\u00e9ger l'Union sovi\u00e9tique contre l'Allemagne "
        "nazie, mais les puissances occidentales ne lui faisaient pas confiance. "
    ) * 3
    essay = essay_from_bytes(french.encode(), "essai.txt")
    assert "does not look like English (few common English words): marking assumes an English essay" in (
        essay.warnings
    )


@pytest.mark.parametrize(
    ("text", "english"),
    [
        (ESSAY, True),
        ("Die sowjetische Au\u00dfenpolitik war von der Suche nach kollektiver Sicherheit gepr\u00e4gt.", False),
        ("La pol\u00edtica exterior sovi\u00e9tica estuvo marcada por la b\u00fasqueda de la seguridad.", False),
        ("Сталин и внешняя политика СССР в 1939 году была осторожной и расчётливой", False),
        ("Too short to tell", True),
    ],
)
def test_ingest_looks_english(text, english):
    assert looks_english(text) is english


# --- errors: one line, naming the file, saying what to do ----------------------------------------------------


def test_ingest_missing_file(tmp_path):
    missing = tmp_path / "gone.docx"
    with pytest.raises(EssayInputError) as caught:
        read_essay(missing)
    assert str(caught.value) == f"{missing}: file not found: check the path and try again"


def test_ingest_folder_is_not_an_essay(tmp_path):
    folder = tmp_path / "essays.txt"
    folder.mkdir()
    with pytest.raises(EssayInputError) as caught:
        read_essay(folder)
    assert str(caught.value) == f"{folder}: is a folder, not a file: give the path of the essay file itself"


def test_ingest_unknown_extension_lists_supported_ones():
    assert _error(b"x", "essay.pages") == (
        "essay.pages: unsupported file type '.pages': save the essay as one of .txt, .md, .docx, .odt, .rtf, .pdf"
    )
    assert _error(b"x", "essay.doc").endswith("(for an old Word .doc, use Save As .docx)")
    assert _error(b"x", "README") == (
        "README: has no file extension: save the essay as one of .txt, .md, .docx, .odt, .rtf, .pdf"
    )


def test_ingest_size_limit_is_checked_and_configurable(tmp_path):
    data = ESSAY.encode()
    assert _error(data, "big.txt", max_bytes=1000) == (
        f"big.txt: the file is {len(data) / 1024:.1f} KB, over the 1000 bytes limit: "
        "remove images or save the essay as plain text"
    )
    path = tmp_path / "big.txt"
    path.write_bytes(data)
    with pytest.raises(EssayInputError, match=r"over the 1000 bytes limit"):
        read_essay(path, max_bytes=1000)
    assert read_essay(path, max_bytes=len(data)).text == ESSAY
    assert DEFAULT_MAX_BYTES == 5 * 1024 * 1024
    huge = b"a" * (DEFAULT_MAX_BYTES + 1)
    assert "the file is 5.0 MB, over the 5.0 MB limit" in _error(huge, "huge.txt")


def test_ingest_empty_and_whitespace_only():
    assert _error(b"", "blank.txt") == "blank.txt: the file is empty: check that you chose the right file"
    assert _error(b" \r\n\t\n ", "blank.txt") == (
        "blank.txt: contains no text, only blank space: check that you chose the right file"
    )


def test_ingest_empty_word_document(tmp_path):
    import docx

    docx.Document().save(str(tmp_path / "empty.docx"))
    assert _error((tmp_path / "empty.docx").read_bytes(), "empty.docx") == (
        "empty.docx: contains no text, only blank space: check that you chose the right file"
    )


def test_ingest_image_only_pdf():
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    pdf.add_page()
    pdf.image(Image.new("RGB", (60, 40), "white"), x=10, y=10, w=120)
    assert _error(bytes(pdf.output()), "scan.pdf") == (
        "scan.pdf: the PDF has no text layer (it looks like a scan or an image): "
        "export the essay as text or a Word file"
    )


def _encrypted(data: bytes, user: str, owner: str | None = None) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(data)).pages:
        writer.add_page(page)
    writer.encrypt(user, owner_password=owner)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_ingest_password_protected_pdf(tmp_path):
    locked = _encrypted(_pdf_bytes(tmp_path), "secret")
    assert _error(locked, "locked.pdf") == (
        "locked.pdf: the PDF is encrypted (password-protected): save a copy without a password, "
        "or export the essay as text or a Word file"
    )


def test_ingest_pdf_with_only_an_owner_password_is_read(tmp_path):
    restricted = _encrypted(_pdf_bytes(tmp_path), "", owner="teacher")
    assert essay_from_bytes(restricted, "restricted.pdf").text == ESSAY


@pytest.mark.parametrize(
    ("filename", "kind", "advice"),
    [
        ("essay.pdf", "a PDF", "export it again, or save the essay as text or a Word file"),
        ("essay.docx", "a Word .docx", "open it and save it again, or export the essay as text or PDF"),
        ("essay.odt", "an OpenDocument .odt", "open it and save it again, or export the essay as text or PDF"),
    ],
)
def test_ingest_truncated_files_are_reported_as_damaged(filename, kind, advice):
    whole = (FIXTURES / filename).read_bytes()
    assert _error(whole[: len(whole) // 2], filename) == (
        f"{filename}: cannot be read as {kind} file (it is damaged or not really one): {advice}"
    )


def test_ingest_pdf_with_garbage_body_is_damaged():
    assert "cannot be read as a PDF file (it is damaged or not really one)" in _error(
        b"%PDF-1.7\n" + bytes(range(256)) * 4, "garbage.pdf"
    )


def test_ingest_zip_that_is_not_a_word_file_is_damaged():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", ESSAY)
    assert _error(buffer.getvalue(), "essay.docx").startswith(
        "essay.docx: cannot be read as a Word .docx file (it is damaged or not really one)"
    )


def test_ingest_spreadsheet_renamed_odt_is_refused(tmp_path):
    from odf.opendocument import OpenDocumentSpreadsheet

    OpenDocumentSpreadsheet().save(str(tmp_path / "sheet.ods"))
    assert _error((tmp_path / "sheet.ods").read_bytes(), "s.odt") == (
        "s.odt: cannot be read as an OpenDocument .odt file (it is damaged or not really one): "
        "open it and save it again, or export the essay as text or PDF"
    )


def test_ingest_rtf_with_unbalanced_groups_is_damaged():
    assert _error(rb"{\rtf1\ansi {\b Stalin and the West\par", "broken.rtf") == (
        "broken.rtf: cannot be read as an RTF file (it is damaged or not really one): "
        "open it and save it again, or export the essay as text or PDF"
    )


@pytest.mark.parametrize("filename", ["bomb.docx", "bomb.odt"])
def test_ingest_zip_bomb_is_refused_before_extraction(filename):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(40):
                member.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 200_000
    message = _error(data, filename)
    assert message.startswith(f"{filename}: refused: it would unpack to 40.0 MB in 2 parts (")
    assert message.endswith("times its size), which no real essay does: save the essay again or export it as PDF")


def test_ingest_renamed_png_and_program_are_named_for_what_they_are():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
    assert _error(png, "essay.txt") == (
        "essay.txt: is not a text file: it looks like a PNG image; choose the essay itself, "
        "or give the file its real extension"
    )
    assert _error(png, "essay.docx") == (
        "essay.docx: is not a Word .docx file (it looks like a PNG image): "
        "check that you chose the right file, or export the essay again"
    )
    assert _error(b"MZ\x90\x00\x03\x00\x00\x00" + bytes(64), "essay.md").startswith(
        "essay.md: is not a text file: it looks like a Windows program (executable);"
    )
    assert "it looks like a PDF file" in _error((FIXTURES / "essay.pdf").read_bytes(), "essay.txt")


def test_ingest_text_starting_with_mz_is_still_text():
    text = "MZ is how my teacher abbreviates Molotov. " + ESSAY
    assert essay_from_bytes(text.encode(), "essay.txt").text == text


def test_ingest_nul_bytes_in_text_file_are_binary():
    assert _error(b"Stalin\x00\x00\x00and the West", "essay.txt") == (
        "essay.txt: is not a text file (it contains binary data): save the essay as plain text, Word or PDF"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("1939 1940 1941 | 23/08 -- 17/09 ## 22/06 " * 20, "it is mostly numbers and symbols, not words"),
        ("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODk= " * 30,
         "it is mostly long runs of characters without spaces, like encoded data"),
        ("Stalin\x01\x02\x03\x04 and the West " * 20, "it contains control or garbled characters, as binary data does"),
    ],
)
def test_ingest_text_that_is_not_an_essay_is_refused(content, reason):
    assert _error(content.encode(), "essay.txt") == (
        f"essay.txt: the text does not look like an essay ({reason}): check that you chose the right file"
    )


def test_ingest_every_error_is_one_line_naming_the_file():
    bad_name = "line\nbreak.pdf"
    message = _error(b"not a pdf", bad_name)
    assert "\n" not in message
    assert message.startswith("line\\nbreak.pdf: ")


def test_ingest_public_names():
    assert SUPPORTED == (".txt", ".md", ".docx", ".odt", ".rtf", ".pdf")
    essay = essay_from_bytes(ESSAY.encode(), "e.txt")
    assert isinstance(essay, EssayText)
    with pytest.raises(AttributeError):
        essay.text = "changed"  # frozen: later stages may share it safely


# --- hostile and broken files (issue 18): every library's failure is one clear line ------------------------------

from marker.errors import display_name  # noqa: E402
from tests import hostile  # noqa: E402


def test_ingest_odt_whose_zip_member_does_not_inflate_is_damaged_not_a_zlib_error():
    data = hostile.broken_odt()
    assert len(data) == 155
    assert _error(data, "amy.odt") == (
        "amy.odt: cannot be read as an OpenDocument .odt file (it is damaged or not really one): "
        "open it and save it again, or export the essay as text or PDF"
    )


@pytest.mark.parametrize("revision", [4, 6])
def test_ingest_aes_encrypted_pdf_is_called_encrypted_not_damaged(revision):
    message = _error(hostile.aes_pdf(revision), "aes.pdf")
    assert message.startswith("aes.pdf: the PDF is encrypted (password-protected)") and "damaged" not in message


def test_ingest_any_reader_failure_is_the_files_error(monkeypatch):
    from marker import ingest

    def explode(data, name):
        raise RecursionError("maximum recursion depth exceeded while parsing")

    monkeypatch.setitem(ingest._EXTRACTORS, ".docx", explode)
    assert "cannot be read as a Word .docx file (it is damaged" in _error(b"PK\x03\x04rest", "deep.docx")


def test_ingest_names_with_newlines_and_controls_are_escaped_in_messages():
    assert display_name("class/amy\nsmith.txt") == "class/amy\\nsmith.txt"
    assert display_name("a\tb\x07c\u202ed") == "a\\tb\\x07c\\u202ed"
    message = _error(b"", "amy\nsmith.txt")
    assert message.startswith("amy\\nsmith.txt: the file is empty") and "\n" not in message

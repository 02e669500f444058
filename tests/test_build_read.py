"""The builder reads what teachers have (bullet notes, outlines, slides, tables, web pages with furniture and
comments), finds explicit debates, titles points as arguments, writes exam questions, and says what is wrong with
bad input. Fixtures in tests/fixtures/build are short notes written for these tests."""

from __future__ import annotations

import pytest

from marker import build
from marker.build import BuildError, build_draft, build_from_files, clean_text, draft_question, tidy_question
from marker.build.name import clause_title
from tests.conftest import ROOT

FIX = ROOT / "tests" / "fixtures" / "build"
TITLE = "The causes of the English Civil War"


def _read(name: str) -> str:
    return (FIX / name).read_text(encoding="utf-8")


def test_bullets_keep_their_heading_and_become_sentences():
    text = clean_text(_read("bullets.md"))
    assert "Money: Ship money was collected every year after 1634 without the consent of Parliament." in text
    assert "Religion: Laud's reforms made many Puritans fear" in text
    assert "#" not in text and "\n- " not in text and "\n* " not in text and "\n1. " not in text
    assert clean_text(text) == text  # idempotent


def test_mind_map_outline_children_carry_their_branch():
    text = clean_text(_read("mindmap.txt"))
    assert "Trust: The attempt on the five members destroyed the trust moderates had in the king." in text
    assert "\n    " not in text
    lines = [x for x in text.splitlines() if x]
    assert all(x.endswith((".", "?")) for x in lines)


def test_slide_numbers_are_furniture_and_slide_titles_head_their_bullets():
    text = clean_text(_read("slides.txt"))
    assert "Slide" not in text and "Next slide" not in text
    assert "Scotland: Defeat in the Bishops' Wars forced Charles to call Parliament in 1640." in text


def test_menus_cookies_share_buttons_and_readers_comments_are_dropped():
    text = clean_text(_read("blog_with_comments.txt"))
    assert "Historians disagree about whether religion or money" in text
    for junk in ("Home | Revision", "cookies", "Posted by", "Share", "Tweet", "Reply", "comments", "Martian"):
        assert junk not in text, junk


def test_table_rows_become_sentences():
    text = clean_text("| Factor | Why it mattered |\n|---|---|\n| Ship money | It taxed land without consent |\n")
    assert text == "Ship money: It taxed land without consent."


def test_titles_read_as_arguments_from_the_parse():
    assert clause_title("Money: Ship money was raised without Parliament and angered the landed gentry.") == \
        "Ship money was raised without Parliament"
    assert clause_title("Some historians argue that the quarrel over religion made war inevitable.") == \
        "The quarrel over religion made war inevitable"
    assert clause_title("It was a disaster for everyone in the end.") is None  # no content subject


def test_questions_read_as_exam_questions():
    assert draft_question("Why did the king lose the war") == "Why did the king lose the war?"
    assert draft_question("The causes of the English Civil War") == "Assess the reasons for the English Civil War."
    assert draft_question("The Weimar Republic 1918-33") == \
        "Assess the main factors that shaped the Weimar Republic 1918-33."
    assert tidy_question("Why did the Provisional Government fall?.") == "Why did the Provisional Government fall?"
    for q in (draft_question("The Weimar Republic"), draft_question("why did it fall?")):
        assert "?." not in q and "about Why" not in q


def test_explicit_debates_need_only_one_passage():
    sentences = build._sentences([("doc.txt", (
        "Historians disagree about whether religion or money did more to divide the king from his subjects. "
        "Some historians argue that the quarrel over religion made the war inevitable in the end. "
        "On the other hand, others stress the king's avoidable mistakes in the two years before the war. "
        "To what extent the king's own character caused the war is the question every essay must weigh."
    ))])
    found = {(w.a, w.b) for w in build._weighings(sentences) if w.explicit}
    assert ("religion", "money") in found
    assert any("avoidable mistakes" in b for _, b in found)
    assert any(b == "other factors" and "character" in a for a, b in found)


@pytest.fixture(scope="module")
def notes_draft():
    return build_from_files([FIX / n for n in ("bullets.md", "mindmap.txt", "slides.txt", "blog_with_comments.txt")],
                            TITLE)


def test_a_draft_from_bullets_outline_slides_and_a_blog(notes_draft):
    draft = notes_draft
    assert len(draft.points) >= 3 and draft.debates
    titles = [p.title for p in draft.points]
    assert not any(t.lower().startswith("section") or ":" in t for t in titles), titles
    passages = [x.text for p in draft.points for x in p.passages]
    assert not any("Martian" in x or "cheese" in x for x in passages)  # readers' comments never make a point
    assert draft.question == "Assess the reasons for the English Civil War."
    assert not draft.notes
    build.to_rubric(draft)


def test_bad_input_one_line_source():
    with pytest.raises(BuildError, match="too few full sentences"):
        build_from_files([FIX / "one_line.txt"], TITLE)


def test_bad_input_another_language_is_left_out_with_a_note(notes_draft):
    with pytest.raises(BuildError, match="English"):
        build_from_files([FIX / "french.txt"], TITLE)
    draft = build_from_files([FIX / "bullets.md", FIX / "mindmap.txt", FIX / "french.txt"], TITLE)
    assert "french.txt" not in draft.documents
    assert any("french.txt" in n and "English" in n for n in draft.notes)


def test_bad_input_two_sources_on_different_topics_say_so():
    draft = build_from_files([FIX / "bullets.md", FIX / "other_topic.txt"], TITLE)
    assert any("different topics" in n and "other_topic.txt" in n for n in draft.notes)


def test_bad_input_scanned_pdf_is_left_out_or_refused(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 100)  # an image-only page: no text layer
    scan = tmp_path / "scan.pdf"
    pdf.output(str(scan))
    with pytest.raises(Exception, match="no text layer"):
        build_from_files([scan], TITLE)
    draft = build_from_files([FIX / "bullets.md", FIX / "mindmap.txt", scan], TITLE)
    assert any("scan.pdf" in n and "no text layer" in n for n in draft.notes)


def test_bad_input_a_book_is_sampled_with_a_message():
    from marker.build.inputs import INPUT_DEFAULTS, screen

    paragraph = clean_text(_read("blog_with_comments.txt"))
    book = "\n\n".join(f"Chapter {k}. {paragraph}" for k in range(400))  # a few hundred pages' worth of words
    assert len(book.split()) > INPUT_DEFAULTS["max_words"]
    [(name, sample)], notes = screen([("book.txt", book)])
    assert len(sample.split()) <= INPUT_DEFAULTS["max_words"] and "Chapter 0." in sample and "Chapter 399." not in sample
    assert any("book.txt" in n and "sample" in n for n in notes)


def test_no_topic_word_in_the_builders_code():
    """String literals in marker/build (docstrings and comments aside) name no entity of a shipped rubric."""
    import ast
    import re

    from marker.rubric import load_rubric

    names = {e.name for rid in ("soviet-foreign-policy-1924-41", "weimar-republic-1918-33", "wwi-origins-1890-1914")
             for e in load_rubric(rid).entities}
    names |= {"USSR", "Soviet", "Weimar"}
    for path in sorted((ROOT / "marker" / "build").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        literals = [n.value for n in ast.walk(tree)
                    if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]
        for name in names:
            pattern = re.compile(rf"\b{re.escape(name)}\b")
            assert not any(pattern.search(s) for s in literals), (path.name, name)

"""Thin teaching notes (issue 15 part 4): hard-wrapped booklet prose, numbered mind-map exports, flashcards with
colon labels, titles with no verb, claims set against each other in one sentence, and arguments stated once.
Fixtures in tests/fixtures/build are short notes written for these tests."""

from __future__ import annotations

import numpy as np

from marker import build
from marker.build import build_draft, clean_text
from marker.build.group import _distinct_singles
from marker.build.name import clause_title
from tests.conftest import ROOT

FIX = ROOT / "tests" / "fixtures" / "build"


def _read(name: str) -> str:
    return (FIX / name).read_text(encoding="utf-8")


def test_hard_wrapped_prose_is_joined_into_its_paragraph():
    text = clean_text(_read("wrapped.txt"))
    assert ("Whig historians argued that the war was a constitutional struggle between a tyrannical king and a "
            "Parliament defending ancient liberties") in text
    assert "no high road to civil war at all." in text
    assert clean_text(text) == text


def test_a_line_broken_mid_sentence_joins_its_continuation_only():
    text = clean_text("Ship money angered the gentry because it\nwas raised without Parliament.\n"
                      "Laud's reforms alarmed Puritans.\nThe Scots rebelled in 1637.")
    assert "Ship money angered the gentry because it was raised without Parliament." in text.splitlines()
    assert "Laud's reforms alarmed Puritans." in text.splitlines()


def test_numbered_outline_takes_its_depth_from_the_number():
    text = clean_text(_read("numbered_mindmap.txt"))
    assert ("Laud's reforms: Laud's altar rails and ceremonies convinced Puritans that the king favoured Catholic "
            "practice.") in text
    assert "Ship money: Ship money was collected every year without the consent of Parliament." in text
    assert "1.1" not in text and "Religion" not in text  # branch headings head their children


def test_plain_numbers_are_text_unless_the_lines_count_up():
    assert clean_text("12 men were arrested in 1641.") == "12 men were arrested in 1641."
    slides = clean_text("2 Scotland rebels\n\n3 Parliament strikes back\n\n4 War breaks out")
    assert not any(ch.isdigit() for ch in slides)


def test_colon_labels_head_the_lines_of_their_run_and_each_line_is_closed():
    lines = clean_text(_read("flashcards.txt")).splitlines()
    assert "The Prayer Book Crisis, 1637: The Scots rioted against the new prayer book in Edinburgh." in lines
    assert "The Personal Rule: Ship money was extended to inland counties in 1635." in lines
    assert all(x.endswith(".") for x in lines)


def test_a_bullet_dash_without_a_space_is_a_bullet():
    assert clean_text("The causes:\n\n-The Scots rebelled\n-Parliament refused money") == \
        "The causes: The Scots rebelled.\nThe causes: Parliament refused money."


def test_titles_without_a_verb_are_not_arguments():
    sentences = build._sentences([("doc.txt", "The Origins of the English Civil War in Three Kingdoms\n\n"
                                   "Ship money was collected every year without the consent of Parliament.")])
    flags = {s.passage.text.strip(): s.heading for s in sentences}
    assert flags["The Origins of the English Civil War in Three Kingdoms"] is True
    assert flags["Ship money was collected every year without the consent of Parliament."] is False


def test_claims_set_against_each_other_in_one_sentence_make_a_debate():
    sentences = build._sentences([("doc.txt", clean_text(_read("wrapped.txt")))])
    found = {(w.a, w.b) for w in build._weighings(sentences) if w.explicit}
    assert any("religious policy" in a and "financial crisis" in b for a, b in found), found
    assert any("constitutional struggle" in a or "war" in a for a, _ in found), found
    plain = build._sentences([("doc.txt", "Whig historians argued that the king was a tyrant and he lost the war "
                                          "because Parliament held London.")])
    assert not [w for w in build._weighings(plain) if w.explicit]  # one claim, not two set against each other


def test_distinct_single_sentences_fill_thin_notes_but_not_near_duplicates():
    vectors = np.eye(6, dtype=np.float32)
    vectors[5] = vectors[0] * 0.9 + vectors[4] * 0.1  # near the first group
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    sentences = build._sentences([("doc.txt", " ".join(f"Sentence number {k} says something about the king." for k in range(6)))])
    picked = _distinct_singles([3, 5], [[0, 1], [2]], vectors, sentences)
    assert picked == [3]  # 5 is close to the group of 0 and 1
    assert _distinct_singles([3], [[k] for k in range(30)], np.eye(31, dtype=np.float32), sentences * 6) == []


def test_a_singleton_point_gets_its_title_as_second_phrasing_and_reads_as_an_argument():
    draft = build_draft([("notes.txt", _read("flashcards.txt") + "\n\n" + _read("numbered_mindmap.txt"))],
                        "The causes of the English Civil War")
    rubric = build.to_rubric(draft)
    assert all(len(p.phrasings) >= 2 for p in rubric.points)
    phrasings = [ph for p in rubric.factors for ph in p.phrasings]
    assert "Charles ruled for eleven years without calling Parliament." in phrasings  # its label groups, not shown
    assert not any(ph.startswith(("The Personal Rule:", "Laud's reforms:")) for ph in phrasings)
    assert clause_title("State was able to raise armies of millions, not just thousands, for the war.") == \
        "State was able to raise armies"


def test_a_label_list_ends_at_a_title_case_heading_or_a_paragraph():
    lines = clean_text("Key aspects:\nShip money angered the gentry.\nLaud alarmed the Puritans.\n"
                       "The Scottish Rebellion\nThe Scots rose in 1637. They signed the Covenant in 1638.\n"
                       "Outcome:\nCharles called Parliament.\n"
                       "Parliament refused money at first. It demanded redress before supply.").splitlines()
    assert "Key aspects: Laud alarmed the Puritans." in lines
    assert "The Scottish Rebellion." in lines  # a heading: not labelled, and the list is over
    assert "The Scots rose in 1637. They signed the Covenant in 1638." in lines
    assert "Outcome: Charles called Parliament." in lines
    assert "Parliament refused money at first. It demanded redress before supply." in lines

"""Builder round 11 (docs/wwi.md section 17): a term the notes put over its explanation titles a point whose
sentence explains it and has no clause of its own ("N Nationalism. This is where a country believes ..."). Notes
written for these tests, on the causes of the Reformation."""

from __future__ import annotations

from marker.build import _sentences, build_draft
from marker.build.model import Passage
from marker.build.name import describe_point

MNEMONIC = ("Why did the Reformation happen? Long term causes. C Corruption. This is where the clergy sold pardons "
            "to ordinary people for money. Bishops held several dioceses and never visited any of them. "
            "P Printing. The printing press spread cheap pamphlets and German bibles to every market town. "
            "P Princes. This is where rulers wanted the lands and the taxes of the monasteries. The electors "
            "protected the reformers from the emperor and the pope.")


def _over(text: str) -> dict[str, str]:
    return {s.passage.text: s.over for s in _sentences([("notes.txt", text)])}


def test_a_term_standing_as_its_own_sentence_is_over_the_next_one():
    over = _over(MNEMONIC)
    # the mnemonic's lone letter is not part of the term
    assert over["This is where the clergy sold pardons to ordinary people for money."] == "Corruption"
    assert over["This is where rulers wanted the lands and the taxes of the monasteries."] == "Princes"
    # only the sentence just after the term: the next one follows a sentence, not a term
    assert over["Bishops held several dioceses and never visited any of them."] == ""
    assert over["The electors protected the reformers from the emperor and the pope."] == ""


def test_a_term_over_a_blank_line_or_a_sentence_with_a_verb_is_no_term():
    over = _over("C Corruption.\n\nThis is where the clergy sold pardons to ordinary people for money.")
    assert over["This is where the clergy sold pardons to ordinary people for money."] == ""
    over = _over("Monks Are Idle. This is where the clergy sold pardons to ordinary people for money.")
    assert over["This is where the clergy sold pardons to ordinary people for money."] == ""


def test_the_label_of_the_sentence_before_on_the_same_line_is_over_the_next():
    text = ("Money: The clergy sold pardons to ordinary people for money. They also kept the tithes for themselves.\n"
            "The princes wanted the lands of the monasteries for their own treasuries.")
    over = _over(text)
    assert over["They also kept the tithes for themselves."] == "Money"
    assert over["The princes wanted the lands of the monasteries for their own treasuries."] == ""  # a new line


def _title(text: str, over: str = "") -> str:
    return describe_point([Passage("notes.txt", 0, len(text), text)], {}, over=[over])[1]


def test_an_explanation_pointing_back_is_titled_by_its_term():
    text = "This is where the clergy sold pardons to ordinary people for money."
    # the opening that points back ("This is where") is left out of the title
    assert _title(text, "Corruption") == "Corruption: the clergy sold pardons to ordinary people for money"
    assert "Corruption" not in _title(text)
    assert _title("They also believed they were the chosen people.", "Princes") == (
        "Princes: they also believed they were the chosen people")


def test_a_sentence_with_a_clause_of_its_own_keeps_its_title():
    text = "The clergy sold pardons to ordinary people for money."
    assert _title(text, "Corruption") == _title(text)
    long = ("This is where the clergy sold pardons to ordinary people for money in every town and village of the "
            "empire for many years.")
    assert not _title(long, "Corruption").startswith("Corruption:")  # too long to stand as a title


def test_a_draft_titles_the_explanation_by_its_term():
    draft = build_draft([("notes.txt", MNEMONIC), ("more.txt", "The pope needed money to rebuild Saint Peter's in "
                         "Rome. The sale of pardons angered the German princes and their subjects. Luther posted "
                         "his ninety-five theses against pardons in 1517.")], "The Reformation")
    titles = [p.title for p in draft.points]
    assert any(t.startswith("Corruption: the clergy") or t.startswith("Princes: rulers wanted") for t in titles)

"""Builder round 8 (docs/wwi.md, section 8): what failed on a second set of teaching notes, by mechanism. A lone
sentence whose argument cannot be read from it makes no point; a line of its own with no verb is a heading and makes
no point; "However, some historians argue that X" sets X against the sentence before it as a debate. Own notes on
the English Civil War (none from any set of teaching notes)."""

from __future__ import annotations

import pytest

from marker.build import _sentences, _weighings, build_draft
from marker.build.name import stands_alone
from tests.test_build_advice import draft_beside_notes


@pytest.mark.parametrize("text, expected", [
    ("Ship money angered the gentry because it was raised without Parliament.", True),
    ("The king's attempt to arrest the five members convinced moderates that he could not be trusted.", True),
    ("Historians argue that the Scottish war emptied the king's treasury.", True),
    # a pronoun or a possessive pronoun or demonstrative in the subject points back to the sentence before
    ("They also thought that they were the strongest.", False),
    ("Its army numbered twenty thousand men, while its fleet made it feared.", False),
    ("The weight of these letters led many to change their minds.", False),
    # no clause to read: a broken note
    ("Some towns such as Bristol, and suffered heavy losses in the first year.", False),
])
def test_stands_alone_reads_a_clause_with_a_content_subject(text, expected):
    assert stands_alone(text) is expected


def test_lone_sentences_that_do_not_stand_alone_make_no_point():
    lone = ("notes.txt", "The Scots had their own grievances about the prayer book.\n\n"
            "They also thought that they were the strongest of the three kingdoms.\n\n"
            "Its army numbered twenty thousand men, while its fleet made it feared.\n\n"
            "The weight of these letters led many members to change their minds.\n")
    draft, used = draft_beside_notes(lone)
    assert not any(t.startswith(("They also", "Its army", "The weight")) for t in used)
    assert not any(p.title.startswith(("Strongest", "Army", "Weight", "Fleet")) for p in draft.points)


def test_a_verbless_paragraph_of_one_line_is_a_heading():
    text = ("Revision Notes and Essays on the Causes of the English Civil War\n\n"
            "Religion and Society in the Early Seventeenth Century Kingdoms\n\n"
            "The prayer book of 1637 provoked a riot in Edinburgh and a covenant against the bishops.\n\n"
            "The court, a place of masques and Catholic chapels and foreign painters, in London.\n"
            "Laud's reforms, in the eyes of many Puritans in the parishes of England, popery. The king agreed.\n")
    flags = {s.passage.text[:12]: s.heading for s in _sentences([("notes.txt", text)])}
    assert flags["Revision Not"] and flags["Religion and"]
    assert not flags["The prayer b"]  # a line of its own with a verb argues
    assert not flags["The court, a"]  # no verb, but a line of a paragraph of two: a list or a fragment
    assert not flags["Laud's refor"]  # no verb, but not a line of its own


def test_headings_make_no_point():
    """Page titles repeated over several pages would group into a point of their own."""
    docs = [(f"n{k}.txt", f"Revision Notes and Essays on Ship Money and the Gentry, Part {k}\n\n"
             f"Ship money angered the gentry in {1634 + k} because it was raised without Parliament.\n")
            for k in (1, 2, 3)]
    draft, used = draft_beside_notes(*docs)
    assert not any(text.startswith("Revision Notes") for text in used)


def test_a_counter_claim_sets_its_clause_against_the_sentence_before():
    text = ("When the Scots invaded in 1640, the king's debts made a recall of Parliament almost certain. "
            "However, some historians argue that the quarrel might have stayed a Scottish quarrel if the king had not "
            "raised his standard.")
    [weighing] = _weighings(_sentences([("notes.txt", text)]))
    assert weighing.explicit
    assert weighing.a == "the king's debts made a recall of Parliament"
    assert weighing.b.startswith("the quarrel might have stayed a Scottish quarrel")
    assert weighing.against is not None and weighing.against.text.startswith("When the Scots")


@pytest.mark.parametrize("text", [
    "However, the king raised his standard at Nottingham in August 1642.",  # no claim of others
    "However, Pym argued that the king could not be trusted with an army.",  # one person's claim, read elsewhere
])
def test_no_counter_claim_without_some_historians(text):
    previous = "The king's debts made a recall of Parliament almost certain by 1640. "
    assert not [w for w in _weighings(_sentences([("notes.txt", previous + text)])) if w.against is not None]


def test_a_counter_claim_makes_a_debate_with_both_sentences():
    notes = ("When the Scots invaded in 1640, the king's debts made a recall of Parliament almost certain. "
             "However, some historians argue that the quarrel might have stayed a Scottish quarrel if the king had "
             "not raised his standard.\n\n"
             "Ship money angered the gentry because it was raised without the consent of Parliament.\n\n"
             "Ship money was collected in every county and angered the gentry who paid it.\n\n"
             "The prayer book provoked a riot in Edinburgh and a national covenant against the bishops.\n\n"
             "The Scottish prayer book provoked riots and a covenant signed across Scotland.\n")
    draft = build_draft([("notes.txt", notes)], "Causes of the English Civil War")
    [debate] = draft.debates
    assert [p.text[:9] for p in debate.passages] == ["When the ", "However, "]


@pytest.mark.parametrize("text, expected", [
    ("After the war the king's ministers sought to reverse the verdict of the commission by publishing their papers.",
     ("the verdict of the commission", "the king's ministers")),
    ("Revisionist historians challenged this interpretation in the 1960s.", ("this interpretation", "Revisionist historians")),
    ("The king reversed his policy on ship money in 1641.", None),  # a policy is no view
    ("They rejected the view in 1641.", None),  # who rejected it is in another sentence
])
def test_rejected_reads_a_view_and_who_rejected_it(text, expected):
    from marker.build.prose import rejected as _rejected

    assert _rejected(text) == expected


def test_a_rejected_verdict_is_a_debate_only_when_the_notes_state_the_view():
    from marker.build.debates import _weighings

    stated = ("The commission of 1646 held that the king alone had caused the war by raising his standard. "
              "After the war the king's ministers sought to reverse the verdict of the commission by publishing "
              "their papers.")
    [weighing] = _weighings(_sentences([("notes.txt", stated)]))
    assert (weighing.a, weighing.b, weighing.explicit) == ("the verdict of the commission", "the king's ministers", True)
    assert weighing.against is not None and weighing.against.text.startswith("The commission of 1646")
    # a judgement reversed with no view of it stated in the notes (a claim about something else) is an event
    event = ("Hampden argued in 1637 that the king could not raise ship money without Parliament. "
             "Parliament rejected the verdict of the court on ship money in 1641.")
    assert not _weighings(_sentences([("notes.txt", event)]))


def test_a_title_is_read_from_a_clause_that_stands_alone():
    """A group of two held by a name: the clause whose subject points back ("the supporters of this view") is not
    the title while another clause stands alone."""
    from marker.build import Passage, describe_point
    from marker.build.segment import _idf

    texts = ["The supporters of this view blame the ministers of King Charles for the war.",
             "King Charles raised ship money without the consent of Parliament."]
    passages = [Passage("n.txt", 0, len(t), t, 0) for t in texts]
    _, title, _, _ = describe_point(passages, _idf(_sentences([("n.txt", " ".join(texts))])))
    assert title.startswith("King Charles raised ship money")


def test_a_question_and_answer_sites_answer_label_is_furniture():
    from marker.build import clean_text

    text = clean_text("Answer– The quarrel over ship money is one of the most debated subjects.\n\n"
                      "Answers to the crisis were few by 1640.\n\nAns: Parliament met again in 1640.")
    assert text.split("\n\n") == ["The quarrel over ship money is one of the most debated subjects.",
                                  "Answers to the crisis were few by 1640.", "Parliament met again in 1640."]
    assert clean_text(text) == text


@pytest.mark.parametrize("text, expected", [
    ("The historical debate has been shaped by the politics of each generation of writers.", True),
    ("The historiography of the civil war has changed since the 1970s.", True),
    ("The debate among historians has moved on from religion to the three kingdoms.", True),
    # a debate held in the past is an event; views suppressed are no historiography
    ("The debate in the Commons split the king's supporters in 1641.", False),
    ("Dissenting views were harshly suppressed by the bishops.", False),
])
def test_a_sentence_about_the_historians_debate_names_it(text, expected):
    from marker.build.debates import names_debate

    assert names_debate(text) is expected


def test_sentences_about_the_debate_make_no_point():
    docs = [("h1.txt", "The historical debate has been shaped by the politics of each generation of writers.\n"),
            ("h2.txt", "The historical debate was shaped by the politics of every generation of historians.\n"),
            ("h3.txt", "The historiography of the war has been shaped by the politics of each generation.\n")]
    draft, used = draft_beside_notes(*docs)
    assert not any("shaped by the politics" in text for text in used)

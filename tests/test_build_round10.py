"""Builder round 10 (docs/wwi.md section 14): a point whose main clause gives no title keeps its argument and is
titled from another clause of its own sentences. Notes written for these tests, on the Industrial Revolution."""

from __future__ import annotations

import pytest

from marker.build import _sentences
from marker.build.model import Passage
from marker.build.name import describe_point, own_clause_title
from tests.test_build_advice import draft_beside_notes


def _title(*texts: str) -> str:
    passages = [Passage("notes.txt", 0, len(t), t) for t in texts]
    return describe_point(passages, {})[1]


def test_bullets_run_into_one_line_are_read_one_by_one_for_the_title():
    # A copy that lost its line breaks: the first bullet has no subject, the point is in the later ones.
    text = ("is a machine that turns cotton into thread for a mill  ·   the northern towns of England were "
            "centres of cotton spinning·   Arkwright,Strutt andOldknow built the firstmills")
    assert own_clause_title(text) == "The northern towns of England were centres of cotton spinning"
    assert own_clause_title("is a way of working   ·   Arkwright,Strutt andOldknow built the firstmills").endswith(
        "andOldknow built the firstmills")  # words run together stay as written


def test_a_point_with_no_words_of_its_own_is_titled_from_a_clause_not_point():
    # No term recurs (two definitions), so the title had been "Point"; "This ..." would point back as a group's main
    # clause, so it is read without the pointing word.
    title = _title("This movement of workers from farms to towns is called urbanisation.",
                   "Rapid growth of towns with poor housing and no drains.")
    assert title == "Movement is called urbanisation"


def test_a_point_whose_terms_make_its_title_keeps_them():
    # With distinctive terms the terms title it (they carry the words an essay is matched on: a clause title lost a
    # term match on the fourth WWI set); with none, a clause of its own does.
    text = "is a frame for yarn and jenny  ·   the water mill spun cotton in towns"
    passages = [Passage("notes.txt", 0, len(text), text)]
    assert describe_point(passages, {"jenny": 6.0, "yarn": 6.0, "frame": 6.0})[1] == "Frame and jenny"
    assert describe_point(passages, {})[1] == "The water mill spun cotton"


def test_subordinate_relative_and_incomplete_clauses_give_no_title():
    assert own_clause_title("The looms were idle, especially as weavers are unemployed.") is None or \
        "unemployed" not in own_clause_title("The looms were idle, especially as weavers are unemployed.")
    assert own_clause_title("The belief that a worker should own his tools.") is None
    assert own_clause_title("At the gate where the overseer was taking names stood a crowd.") is None
    assert own_clause_title("Nobody knew when the strike would come.") is None


# ---------------------------------------------------------------------------------------------------------------
# Taken from builder round 9 (issue15-r9, tests/test_build_round9.py, its own notes on the English Civil War), with
# the rules they test: flashcards read as cards, instructions read from the parse, the counter-claim.
# ---------------------------------------------------------------------------------------------------------------
# ---------------------------------------------------------------------------------------------------------------
# Flashcards: each answer read with its question (marker/build/cards.py). Own deck on the English Civil War.
# ---------------------------------------------------------------------------------------------------------------

DECK = """Civil War Causes Flashcards

Q
What was Puritanism?
A
It was a movement to purify the Church of England of Catholic ceremony.

Q
What was ship money?
A
A tax on coastal towns for the navy, extended by Charles I to the whole country in 1635

Q
What were the main grievances of the Long Parliament?
A
Ship money
Laud's reforms
Prerogative courts

Q
The largest royalist army was...
A
Raised in Oxford and Wales.

Q
What did the Root and Branch petition demand?
A
It demanded the abolition of bishops.
"""


def test_a_definition_card_states_its_answer_of_its_question():
    from marker.build.cards import read_cards

    text = read_cards(DECK)
    assert "Puritanism was a movement to purify the Church of England" in text  # the pronoun is the question's X
    assert "Ship money was a tax on coastal towns for the navy" in text  # a noun-phrase answer follows "X was"
    assert "The main grievances of the Long Parliament were Ship money, Laud's reforms and Prerogative courts." in text
    assert "The largest royalist army was Raised in Oxford and Wales." in text  # a cloze card is completed
    assert "It demanded the abolition of bishops." in text  # not a definition question: the answer as written
    assert "What was" not in text and "\nQ\n" not in text  # questions and card markers are dropped


@pytest.mark.parametrize("question, answer", [
    ("What was the ship money case?", "The judges ruled for the king in 1637."),  # a clause: "X was the judges ruled"
    ("What was Laud's policy?", "Signed the canons of 1640 without Parliament."),  # a note's verb, no noun phrase
    ("What was the first battle of the war?", "Edgehill in October 1642"),  # a name answers: a fact, no definition
])
def test_an_answer_that_is_a_clause_stands_as_written(question, answer):
    from marker.build.cards import read_cards

    deck = f"Q\n{question}\nA\n{answer}\n\nQ\nWhat was Puritanism?\nA\nIt was a movement.\n"
    assert answer in read_cards(deck) and " was " + answer not in read_cards(deck)


def test_text_without_a_deck_is_unchanged_and_reading_is_idempotent():
    from marker.build import clean_text
    from marker.build.cards import read_cards

    after = read_cards(DECK + "\nMore decks on the Civil War can be found below.\n\nThe Scots rose in 1638 and the king had no army.\n")
    assert after.rstrip().endswith("Scots rose in 1638 and the king had no army.")  # lines after the cards stay
    assert "More decks on the Civil War" in after
    prose = "Q\nWhat was Puritanism?\nA\nIt was a movement.\n\nA quarrel over money began in 1635.\n"  # one card
    assert read_cards(prose) == prose
    assert read_cards("A tax on towns angered the gentry.\nA second tax followed.\n").startswith("A tax on towns")
    cleaned = clean_text(DECK)
    assert clean_text(cleaned) == cleaned

# ---------------------------------------------------------------------------------------------------------------
# Instructions to the reader opened by an adverbial (marker/build/name.py::instructs). Own lesson page.
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("In your exercise book, identify who sat on the king's council in 1640.", True),
    ("As you watch the clip, note down the grievances of the Scots.", True),
    ("Finally, compare your answers with the mark scheme.", True),
    ("Using the timeline as a guide, complete the table of the king's taxes.", True),
    ("During this lesson, see if you can explain why Parliament was recalled.", True),
    ("Research and write down which major towns were in each county.", True),  # joined verbs hung off the clause
    # a subject, a tense or a modal: a claim about the past, whatever opens it
    ("In 1637, the king imposed a new prayer book on Scotland.", False),
    ("After the Scots invaded, the king recalled Parliament.", False),
    ("By 1640, the king could not rule without Parliament.", False),
    ("In 1642, raised his standard at Nottingham.", False),
    ("Taxes and tolls which the king raised were resented.", False),
])
def test_an_instruction_opened_by_an_adverbial_is_advice(text, expected):
    from marker.build.name import advises

    assert advises(text) is expected


def test_a_lesson_pages_instructions_make_no_point():
    lesson = ("lesson.txt", "The Civil War: a lesson\n\n"
              "As you watch the clip, note down the grievances of the Scots and the English gentry.\n\n"
              "In your exercise book, list the grievances of the Scots and the English gentry in 1640.\n\n"
              "Ship money angered the gentry because the king raised it without Parliament in 1635.\n")
    draft, used = draft_beside_notes(lesson)
    assert not any(t.startswith(("As you watch", "In your exercise")) for t in used)


# ---------------------------------------------------------------------------------------------------------------
# A counter-claim in the notes' prose (round 8's reader, marker/build/debates.py; its tests kept).
# ---------------------------------------------------------------------------------------------------------------

def test_a_counter_claim_sets_its_clause_against_the_sentence_before():
    from marker.build import _weighings

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
    from marker.build import _weighings

    previous = "The king's debts made a recall of Parliament almost certain by 1640. "
    assert not [w for w in _weighings(_sentences([("notes.txt", previous + text)])) if w.against is not None]


def test_a_counter_claim_makes_a_debate_with_both_sentences():
    from marker.build import build_draft

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


@pytest.mark.parametrize("counter", [
    # the regex this replaced allowed at most two words between "other" and the verb of claiming
    "However, other historians such as Russell argue that the quarrel might have stayed a Scottish quarrel.",
    # a group that is a side by itself needs no opening "however"
    "Critics contended that the quarrel might have stayed a Scottish quarrel without the king's stubbornness.",
])
def test_a_counter_claim_is_read_from_the_parse_not_from_a_word_gap(counter):
    from marker.build import _weighings

    previous = "When the Scots invaded in 1640, the king's debts made a recall of Parliament almost certain. "
    [weighing] = [w for w in _weighings(_sentences([("notes.txt", previous + counter)])) if w.against is not None]
    assert weighing.b.startswith("the quarrel might have stayed a Scottish quarrel")


def test_a_sentence_merely_naming_historians_is_not_a_counter_claim():
    from marker.build import _weighings

    previous = "When the Scots invaded in 1640, the king's debts made a recall of Parliament almost certain. "
    for text in ("However, some historians were royalists themselves.",  # no verb of claiming
                 "However, the king argued that Parliament had no right to his army.",  # one person, not a group
                 "Some historians argue that the debts mattered most."):  # part of a group, but no contrast
        assert not [w for w in _weighings(_sentences([("notes.txt", previous + text)])) if w.against is not None]

"""Issue 15, third round: readings the WWI notes showed were missing, each on short texts written for these tests
(glued punctuation, a long document title, a labelled first item, a paragraph of historiography, a group holding two
arguments) and the alignment's reading of capitalised plurals."""

from __future__ import annotations

import numpy as np

from marker import build
from marker.build import align_points, clean_text
from marker.build.debates import _draft_debates
from marker.build.group import _clusters
from marker.rubric import parse_rubric
from tests.rubric_text import RUBRIC_TEXT

_RUBRIC = RUBRIC_TEXT


def test_punctuation_typed_without_its_space_gets_one():
    text = clean_text("Parliament met at Westminster(1640),Charles was forced to call it.The Scots had won both of the wars in the north.\n\n"
                      "Taxes (Ship money,forest fines) angered the gentry.")
    assert "Westminster (1640), Charles was forced to call it. The Scots had won both" in text
    assert "(Ship money, forest fines)" in text
    kept = clean_text("The army of 1,000 men cost 3.5 times more.\n\nA.J.P. Taylor and the alliance(s), e.g. this.")
    assert "1,000" in kept and "3.5" in kept and "A.J.P. Taylor" in kept and "alliance(s)" in kept
    assert clean_text(text) == text  # idempotent
    sentences = build._sentences([("doc.txt", text)])
    assert any(s.passage.text.startswith("The Scots had won") for s in sentences)  # a sentence of its own
    assert any("westminster" in s.lemmas for s in sentences)


def test_a_long_numbered_title_is_a_title_but_a_labelled_first_item_is_not():
    titled = build._sentences([("doc.txt", "Part 1 Conflict and Crisis: Causes of the English Civil War\n\n"
                                           "Ship money was collected every year without the consent of Parliament.")])
    assert titled[0].heading is True  # eleven words with the part's number, ten without it
    listed = build._sentences([("doc.txt", "Royal Finance: Ship money - a tax in peacetime.\n"
                                           "Royal Finance: Forest fines - old laws revived to raise money.")])
    assert listed[0].heading is False  # the first bullet under a heading, not the document's title


def test_alignment_reads_a_capitalised_plural_as_its_singular_term():
    reference = parse_rubric(_RUBRIC.format(id="ref", points="""  - id: bishops-wars
    title: The Bishops' Wars
    kind: factor
    description: The wars with the Scots.
    phrasings: ["The Scots defeated the king.", "The king lost to the Scots."]
    key_terms: [bishop war]
    target: Explain."""))
    draft = parse_rubric(_RUBRIC.format(id="draft", points="""  - id: wars
    title: The Bishops Wars drained the treasury
    kind: factor
    description: The wars.
    phrasings: ["The Bishops Wars drained the treasury and forced a Parliament.", "The Bishops Wars were lost."]
    target: Explain."""))
    assert align_points(draft, reference) == {"wars": ("bishops-wars",)}


_HISTORIOGRAPHY = (
    "In 1660 the royalists blamed Parliament for the war, but a century later Whig historians argued that the king "
    "was a tyrant. The Victorian historian Gardiner stressed a Puritan revolution. Later historians were less sure. "
    "More recently, some historians have blamed the Scots, and others have blamed Ireland. It is even possible to "
    "blame the weather.\n\n"
    "The king's supporters blamed the bishops for the riots, but the bishops argued that the London crowds rose "
    "first."
)


def _debates(text: str):
    sentences = build._sentences([("doc.txt", text)])
    return _draft_debates(sentences, [], np.zeros((0, 384), dtype=np.float32), [])


def test_a_paragraph_of_historiography_is_one_debate_its_first_claim_against_the_rest():
    debates = _debates(_HISTORIOGRAPHY)
    by_first = {d.sides[0].label.lower(): d for d in debates}
    first = by_first["parliament"]
    assert first.sides[1].label.lower() == "king"  # the first pair names the sides, whatever the later pairs
    assert {"scots", "ireland", "weather"} <= set(first.sides[1].cues), first.sides
    texts = {p.text for p in first.passages}
    assert any(t.startswith("More recently") for t in texts) and any(t.startswith("It is even") for t in texts)
    assert not any("bishops" in t for t in texts)  # the next paragraph's debate is its own
    assert len(debates) == 2


def test_a_lone_claim_restating_the_first_side_joins_it():
    text = ("The royalists blamed Parliament for the war, but Whig historians argued that the king was a tyrant. "
            "Clarendon blamed parliamentary ambition for the fighting. Others have blamed the Scots, and some have "
            "blamed Ireland.")
    (debate,) = _debates(text)
    assert "parliamentary ambition" in debate.sides[0].cues, debate.sides
    assert "parliamentary ambition" not in debate.sides[1].cues


def _blob(center: np.ndarray, n: int, rng: np.random.Generator, spread: float = 0.02) -> np.ndarray:
    return center + spread * rng.standard_normal((n, center.size))


def test_a_group_too_large_for_its_phrasings_splits_only_into_two_substantial_arguments():
    rng = np.random.default_rng(0)
    a, b = np.zeros(20), np.zeros(20)
    a[0], b[0], b[1] = 1.0, 0.35, (1 - 0.35 ** 2) ** 0.5  # cosine distance 0.65: one group at 0.7, two when tighter
    two = np.vstack([_blob(a, 5, rng), _blob(b, 5, rng)])
    groups = _clusters(two)
    assert sorted(map(len, groups)) == [5, 5], groups
    one = np.vstack([_blob(a, 8, rng), _blob(b, 2, rng)])  # one argument at length and a passing aside
    assert sorted(map(len, _clusters(one))) == [10]


def test_a_note_that_parts_subject_and_verb_with_a_dash_gets_a_clause_title():
    from marker.build.name import clause_title

    # the parser reads "decision" as the root and "led" as a clause hanging off it; the dash says it is the verb
    assert clause_title("Charles's decision to collect ship money in 1635 - led to the Hampden case in 1637.") == \
        "Charles's decision led to the Hampden case"
    assert clause_title("The Personal Rule: Charles's decision to rule alone in 1629 - angered the gentry.") == \
        "Charles's decision angered the gentry"
    assert clause_title("Charles's decision to rule alone in 1629.") is None  # no verb: no clause


def test_a_title_cut_from_a_sentence_leaves_no_bracket_or_quotation_mark_open():
    from marker.build.name import _balanced, clause_title

    assert clause_title("Parliament became more suspicious of the king (Ship money,forest fines)-they were threatened.") \
        == "Parliament became more suspicious of the king"
    assert clause_title('The "Eleven Years Tyranny" angered the gentry.') == 'The "Eleven Years Tyranny" angered the gentry'
    assert _balanced('Thorough" The policy changed') == "Thorough The policy changed"
    assert _balanced("Ship money (a tax) angered the gentry") == "Ship money (a tax) angered the gentry"

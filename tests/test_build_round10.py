"""Builder round 10 (docs/wwi.md section 14): a point whose main clause gives no title keeps its argument and is
titled from another clause of its own sentences. Notes written for these tests, on the Industrial Revolution."""

from __future__ import annotations

from marker.build.model import Passage
from marker.build.name import describe_point, own_clause_title


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

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
    title = own_clause_title(text, ["cotton spinning", "northern towns"])
    assert title == "The northern towns of England were centres of cotton spinning"
    assert _title(text) != "Point"


def test_the_title_is_the_clause_naming_most_of_the_points_terms_and_words_run_together_stay():
    text = ("is a way of working   ·   the canals carried coal to the growing towns   ·   Arkwright,Strutt andOldknow built "
            "the firstmills")
    assert own_clause_title(text, ["firstmills", "andoldknow built"]).endswith("andOldknow built the firstmills")
    assert own_clause_title(text, ["canals", "coal"]).startswith("The canals carried coal")


def test_a_definition_whose_subject_points_back_is_titled_without_the_pointing_word():
    # "This ..." would point back as a group's main clause; here no other clause gives a title.
    title = _title("This movement of workers from farms to towns is called urbanisation.",
                   "Rapid growth of towns with poor housing and no drains.")
    assert title == "Movement is called urbanisation"


def test_subordinate_relative_and_incomplete_clauses_give_no_title():
    assert own_clause_title("The looms were idle, especially as weavers are unemployed.") is None or \
        "unemployed" not in own_clause_title("The looms were idle, especially as weavers are unemployed.")
    assert own_clause_title("The belief that a worker should own his tools.") is None
    assert own_clause_title("At the gate where the overseer was taking names stood a crowd.") is None
    assert own_clause_title("Nobody knew when the strike would come.") is None

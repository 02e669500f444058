"""Feedback and the report: targets never ask for what the essay already does, nor for factors outside the
question's scope; "missing" holds only missing points and "develop" the partial ones; a quoted strength is never a
flagged error or the question copied out; the report says which question it assumed and how sure. Both rubrics."""

import json

import pytest

from marker.classview import report_from_data
from marker.defaults import DEFAULTS
from marker.facts import FactFlag
from marker.feedback import build_feedback
from marker.mark import mark_essay
from marker.report import Evidence, PointMatch, to_json, to_markdown, to_table
from marker.rubric import load_rubric
from tests.conftest import ROOT, SAMPLES

CASES = [
    ("soviet-foreign-policy-1924-41", SAMPLES / "23_eleanor.txt", "pact"),
    ("soviet-foreign-policy-1924-41", SAMPLES / "15_tyler.txt", "pact"),
    ("weimar-republic-1918-33", ROOT / "sample_essays_weimar" / "04_daisy.txt", "collapse"),
]


@pytest.fixture(scope="module", params=CASES, ids=lambda c: c[1].stem)
def marked(request):
    rubric_id, path, question = request.param
    rubric = load_rubric(rubric_id)
    return rubric, mark_essay(path.read_text(encoding="utf-8"), rubric, question_id=question)


def test_feedback_missing_holds_only_missing_points_and_develop_only_partial_ones(marked):
    rubric, report = marked
    status = {p.id: p.status for p in report.points}
    assert all(status[pid] == "missing" for pid in report.missing)
    assert all(status[pid] == "partial" for pid in report.develop)
    assert set(report.missing) | set(report.develop) == {pid for pid, s in status.items() if s != "covered"}
    for ids in (report.missing, report.develop):
        weights = [rubric.importance(pid, report.question) for pid in ids]
        assert weights == sorted(weights, reverse=True)


def test_feedback_targets_never_ask_for_what_the_essay_already_does(marked):
    rubric, report = marked
    for pm in report.points:
        if pm.status == "covered":
            assert not any(rubric.point_by_id[pm.id].target in t for t in report.feedback.targets), pm.id


def test_feedback_targets_ask_only_for_factors_the_question_rewards(rubric):
    """A question on the 1939 pact: a 24/25 answer is not told to cover 1920s trade (importance 0.2 for it)."""
    low = [p.id for p in rubric.factors if rubric.importance(p.id, "pact") <= DEFAULTS["target_min_importance"]]
    assert "recognition-and-trade" in low
    points = tuple(PointMatch(p.id, p.title, p.kind, "missing" if p.id in low else "covered", 0.5)
                   for p in rubric.points)
    feedback = build_feedback(rubric, "pact", points, tuple(low), ())
    assert not any(rubric.point_by_id[pid].target in t for pid in low for t in feedback.targets)


def test_feedback_never_praises_a_flagged_error_or_the_question_line(rubric):
    question = rubric.question("pact").text
    wrong = Evidence(0, 40, "Stalin signed the pact with Hitler in 1941")
    right = Evidence(41, 95, "The pact bought Stalin time to rebuild the Red Army.")
    copied = Evidence(96, 96 + len(question), question)
    flag = FactFlag(0, 40, wrong.text, "pact signed 1941", "It was signed on 23 August 1939.", "pact-date", 0.9,
                    "date")
    point = rubric.point_by_id["buying-time"]
    points = (PointMatch(point.id, point.title, "factor", "covered", 0.9, (copied, wrong, right)),)
    feedback = build_feedback(rubric, "pact", points, (), (flag,))
    assert feedback.strengths == (f"You explain {point.title}: “{right.text}”",)
    only_bad = (PointMatch(point.id, point.title, "factor", "covered", 0.9, (wrong, copied)),)
    assert build_feedback(rubric, "pact", only_bad, (), (flag,)).strengths == ()


def test_report_says_which_question_it_assumed_and_how_sure(rubric):
    text = (SAMPLES / "23_eleanor.txt").read_text(encoding="utf-8")
    detected = mark_essay(text, rubric, name="e")
    given = mark_essay(text, rubric, name="e", question_id="pact")
    data = json.loads(to_json([detected, given]))
    assert data[0]["question_detected"] and 0.0 <= data[0]["question_confidence"] <= 1.0
    assert data[0]["question_text"] == rubric.question(data[0]["question"]).text
    assert data[1]["question_confidence"] == 1.0 and not data[1]["question_detected"]
    assert "develop" in data[0] and "missing" in data[0]
    assert "question assumed: " + detected.question in to_table([detected])
    assert "confidence" in to_table([detected]) and "given" in to_table([given])
    assert "question assumed" in to_markdown([detected])


def test_report_stored_before_develop_existed_is_split_by_status(rubric):
    report = mark_essay((SAMPLES / "15_tyler.txt").read_text(encoding="utf-8"), rubric, question_id="pact")
    data = report.to_dict()
    old = {k: v for k, v in data.items() if k not in ("develop", "question_text", "question_confidence")}
    old["missing"] = list(report.missing) + list(report.develop)  # how reports were stored before
    back = report_from_data(old, report.text)
    assert back.missing == report.missing and set(back.develop) == set(report.develop)


def test_feedback_document_lists_the_points_to_develop(rubric):
    import io

    from docx import Document

    from marker.feedback_docs import StudentFeedback, feedback_docx

    report = mark_essay((SAMPLES / "15_tyler.txt").read_text(encoding="utf-8"), rubric, question_id="pact")
    assert report.develop  # this weak essay mentions points it does not explain
    doc = Document(io.BytesIO(feedback_docx(StudentFeedback("Tyler", report), rubric)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Points you mention but do not yet explain" in text
    assert all(rubric.point_by_id[pid].title in text for pid in report.develop)


def test_feedback_quotes_the_evidence_that_names_the_point_it_praises(rubric):
    """A strength about Munich quotes the sentence about Munich, not a neighbouring one the matcher also picked."""
    point = rubric.point_by_id["munich-exclusion"]
    other = Evidence(0, 52, "Britain and France were never going to be reliable.")
    about = Evidence(53, 120, "At Munich in 1938 Stalin was not even invited to the conference.")
    points = (PointMatch(point.id, point.title, "factor", "covered", 0.9, (other, about)),)
    strengths = build_feedback(rubric, "pact", points, (), ()).strengths
    assert strengths == (f"You explain {point.title}: “{about.text}”",)


def test_covered_factors_without_a_quotable_sentence_still_get_a_grounded_strength(rubric):
    """Covered points whose evidence only mentions them: no quote is praised, but the student is told which factors
    the essay covers (never a point it only mentions), and nothing when nothing is covered."""
    munich, pact = rubric.point_by_id["munich-exclusion"], rubric.point_by_id["nazi-soviet-pact"]
    spain = rubric.point_by_id["spanish-civil-war"]
    said = Evidence(0, 40, "Munich happened in 1938 and then the pact.", role="mention")
    points = (PointMatch(munich.id, munich.title, "factor", "covered", 0.9, (said,)),
              PointMatch(pact.id, pact.title, "factor", "covered", 0.8, (said,)),
              PointMatch(spain.id, spain.title, "factor", "partial", 0.4, (said,)))
    strengths = build_feedback(rubric, "pact", points, (), ()).strengths
    assert len(strengths) == 1
    assert munich.title.rstrip(".?") in strengths[0] and pact.title.rstrip(".?") in strengths[0]
    assert spain.title not in strengths[0] and "“" not in strengths[0]
    partial_only = tuple(pm for pm in points if pm.status == "partial")
    assert build_feedback(rubric, "pact", partial_only, (), ()).strengths == ()
    explained = Evidence(0, 60, "Stalin was left out of Munich, so he stopped trusting the West.", role="explains")
    quoted = (PointMatch(munich.id, munich.title, "factor", "covered", 0.9, (explained,)), *points[1:])
    assert build_feedback(rubric, "pact", quoted, (), ()).strengths == (f"You explain {munich.title}: “{explained.text}”",)


def test_markdown_shows_no_empty_strengths_heading(rubric):
    bare = mark_essay("I like history lessons. My teacher is kind and the room is warm.", rubric, question_id="pact")
    assert not bare.feedback.strengths
    text = to_markdown([bare])
    assert "**Strengths**" not in text and "**Targets**" in text
    full = mark_essay((SAMPLES / "23_eleanor.txt").read_text(encoding="utf-8"), rubric, question_id="pact")
    assert full.feedback.strengths and "**Strengths**" in to_markdown([full])

"""The feedback measured against the annotation (marker/evaluate_feedback.py): each feedback line knows the point it
is about, and a line asking for a point the annotators call covered, or praising one they do not, is counted."""

from pathlib import Path

from marker.dataset import AnnotatedEssay, Annotation
from marker.evaluate_feedback import feedback_metrics, feedback_text
from marker.feedback import build_feedback
from marker.report import Feedback, PointMatch, Report
from marker.rubric import load_rubric


def _points(rubric, status):
    return tuple(PointMatch(p.id, p.title, p.kind, status.get(p.id, "missing"), 0.5) for p in rubric.points)


def _item(covered=(), mentioned=(), debates=()):
    gold = Annotation(question="", question_id="pact", points=list(covered), mentioned_only=list(mentioned),
                      debates=list(debates), level=3, mark=12)
    return AnnotatedEssay("x", Path("x.txt"), "text", gold)


def _case(rubric, n_missing):
    """Every point covered but one partial factor and the n most important other factors for the pact question."""
    factors = sorted((p.id for p in rubric.factors if p.id != "buying-time"),
                     key=lambda pid: -rubric.importance(pid, "pact"))
    missing = tuple(factors[:n_missing])
    status = {pid: "covered" for pid in rubric.point_by_id} | {pid: "missing" for pid in missing}
    status["buying-time"] = "partial"
    return _points(rubric, status), missing


def test_each_target_line_names_the_point_it_asks_for():
    rubric = load_rubric("soviet-foreign-policy-1924-41")
    points, missing = _case(rubric, 1)
    fb = build_feedback(rubric, "pact", points, missing, ())
    assert len(fb.target_points) == len(fb.targets) == 2
    assert fb.target_points == (missing[0], "buying-time")
    assert fb.targets[0] == rubric.point_by_id[missing[0]].target
    assert fb.targets[1].startswith("Develop ")


def test_a_partial_point_is_asked_for_only_after_every_missing_one():
    """A "develop" target is the one the annotators most often contradict, so it fills a free line only."""
    rubric = load_rubric("soviet-foreign-policy-1924-41")
    points, missing = _case(rubric, 6)
    fb = build_feedback(rubric, "pact", points, missing, ())
    assert "buying-time" not in fb.target_points
    assert fb.target_points == missing[:4]


def test_a_target_for_a_point_the_annotators_call_covered_is_counted_as_asking_for_what_is_done():
    rubric = load_rubric("soviet-foreign-policy-1924-41")
    points, missing = _case(rubric, 2)
    fb = build_feedback(rubric, "pact", points, missing, ())
    asked = [pid for pid in fb.target_points if pid]
    assert asked == [*missing, "buying-time"]
    report = Report("x", rubric.id, question="pact", points=points, missing=missing, develop=("buying-time",),
                    feedback=fb)
    done_one = feedback_metrics([_item(covered=missing[1:2])], [report])
    assert done_one["point_targets"] == 3
    assert done_one["targets_asking_done"] == round(1 / 3, 3)
    assert done_one["missing_covered"] == 0.5
    # "develop" says "you mention it": wrong when the essay never names it, right when the annotators say mentioned
    assert feedback_metrics([_item()], [report])["develop_targets_never_mentioned"] == 1.0
    assert feedback_metrics([_item(mentioned=["buying-time"])], [report])["develop_targets_never_mentioned"] == 0.0
    assert feedback_metrics([_item(covered=["buying-time"])], [report])["develop_covered"] == 1.0


def test_praise_for_a_point_the_annotators_do_not_call_covered_is_counted():
    rubric = load_rubric("soviet-foreign-policy-1924-41")
    debate = rubric.debates[0]
    fb = build_feedback(rubric, "pact", _points(rubric, {debate.id: "covered"}), (), ())
    assert fb.strength_points == (debate.id,)
    report = Report("x", rubric.id, question="pact", points=_points(rubric, {debate.id: "covered"}), feedback=fb)
    assert feedback_metrics([_item()], [report])["strengths_not_covered"] == 1.0
    assert feedback_metrics([_item(debates=[debate.id])], [report])["strengths_not_covered"] == 0.0


def test_praise_is_counted_by_the_kind_of_line():
    """Debate, explain and detail praise each get their count and the share the annotators do not call covered."""
    rubric = load_rubric("soviet-foreign-policy-1924-41")
    debate, first, second = rubric.debates[0].id, rubric.factors[0].id, rubric.factors[1].id
    fb = Feedback(("You weigh both sides of a debate: whether it was wise.",
                   "You explain the first factor: “It mattered because the army was weak.”",
                   "You support the second factor with precise detail: “In 1930 output rose by half.”",
                   "You bring in factors the question rewards: one and two."),
                  (), (debate, first, second, ""))
    report = Report("x", rubric.id, question="pact", points=_points(rubric, {}), feedback=fb)
    kinds = feedback_metrics([_item(covered=[first])], [report])["praise_by_kind"]
    assert kinds == {"debate": {"lines": 1, "not_covered": 1.0}, "explain": {"lines": 1, "not_covered": 0.0},
                     "detail": {"lines": 1, "not_covered": 1.0}}
    assert "debate praise for points not covered 100% (of 1)" in feedback_text(feedback_metrics([_item()], [report]))

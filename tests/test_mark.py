"""Marking essays through the library: the report says the right things, and bad input is handled."""

import json

import pytest

from marker.mark import mark_essay, mark_essays
from marker.report import to_json
from tests.conftest import SAMPLES

STRONG = (SAMPLES / "23_eleanor.txt").read_text(encoding="utf-8")
UNRELATED = (
    "Photosynthesis is the process by which green plants turn light into chemical energy. Chlorophyll in the "
    "leaves absorbs red and blue light, and the energy splits water into oxygen and hydrogen. The plant then "
    "uses carbon dioxide from the air to build glucose in the Calvin cycle. Gardeners know that plants kept in "
    "the dark grow pale and weak because they cannot make enough sugar. In conclusion, light is essential."
)


def test_mark_strong_essay_covers_its_main_points_with_evidence_in_its_text(rubric):
    report = mark_essay(STRONG, rubric, question_id="pact")
    status = {p.id: p.status for p in report.points}
    for pid in ("nazi-soviet-pact", "munich-exclusion", "failed-anglo-french-talks", "buying-time"):
        assert status[pid] == "covered", pid
    assert report.level >= 4 and 16 <= report.mark <= 25
    for point in report.points:
        for ev in point.evidence:
            assert STRONG[ev.start : ev.end] == ev.text
    assert sorted(p.id for p in report.points) == sorted(p.id for p in rubric.points)


def test_mark_missing_points_are_ordered_by_importance_for_the_question(rubric):
    report = mark_essay(STRONG, rubric, question_id="pact")
    weights = [rubric.importance(pid, "pact") for pid in report.missing]
    assert weights == sorted(weights, reverse=True)
    assert all(p.status != "covered" for p in report.points if p.id in report.missing)


def test_mark_feedback_is_grounded_in_the_report(rubric):
    report = mark_essay(STRONG, rubric, question_id="pact")
    assert 2 <= len(report.feedback.strengths) <= 4
    assert 1 <= len(report.feedback.targets) <= 4
    quoted = [s for s in report.feedback.strengths if "“" in s]
    assert quoted and all(any(chunk in STRONG for chunk in s.split("“")[1].rstrip("”…").split("…")) for s in quoted)
    targets = {rubric.point_by_id[pid].target for pid in report.missing}
    assert any(t in targets or t.startswith(("Correct", "Develop")) for t in report.feedback.targets)


def test_mark_unrelated_essay_gets_no_credit(rubric):
    report = mark_essay(UNRELATED, rubric)
    assert [p.id for p in report.points if p.status == "covered"] == []
    assert report.level == 0 and report.mark == 0


def test_mark_non_english_essay_is_warned_and_gets_no_credit(rubric):
    text = ("Stalin firmó el pacto con Hitler en agosto de 1939 porque temía que Gran Bretaña y Francia no lo "
            "ayudarían. La Unión Soviética necesitaba tiempo para preparar el ejército y ganar territorio.")
    report = mark_essay(text, rubric)
    assert any("English" in w for w in report.warnings)
    assert report.level <= 1


def test_mark_one_line_and_empty_essays_do_not_crash(rubric):
    one = mark_essay("Stalin signed the Nazi-Soviet Pact in 1939.", rubric)
    assert one.level <= 2
    empty = mark_essay("", rubric)
    assert empty.level == 0 and empty.mark == 0 and all(p.status == "missing" for p in empty.points)


def test_mark_same_input_gives_byte_identical_json(rubric):
    first = to_json([mark_essay(STRONG, rubric, name="a")])
    second = to_json([mark_essay(STRONG, rubric, name="a")])
    assert first == second


def test_mark_batch_keeps_order_survives_a_bad_file_and_marks_duplicates_alike(rubric, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    paths = [SAMPLES / "23_eleanor.txt", bad, SAMPLES / "23_eleanor.txt"]
    reports = mark_essays(paths, rubric)
    assert [r.essay for r in reports] == [str(p) for p in paths]
    assert reports[1].error is not None and "broken.pdf" in reports[1].error
    assert reports[0].to_dict() == reports[2].to_dict()


def test_mark_refuses_a_huge_essay_clearly(rubric, tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("Stalin wanted security for the Soviet Union. " * 2300, encoding="utf-8")
    [report] = mark_essays([path], rubric)
    assert report.error == (f"{path}: the essay has 16,100 words, over marker's limit of 15,000: check it is one "
                            "essay, or split it")
    assert json.loads(to_json([report]))[0] == {"essay": str(path), "rubric": rubric.id, "error": report.error}


@pytest.mark.parametrize("name", ["15_tyler", "24_kieran"])
def test_mark_weak_short_essays_are_placed_low(rubric, name):
    report = mark_essay((SAMPLES / f"{name}.txt").read_text(encoding="utf-8"), rubric)
    assert report.level <= 2


def test_mark_detects_the_question_from_the_opening_unless_given(rubric):
    text = ("Why did Stalin sign the Nazi-Soviet Pact in August 1939? Stalin signed the pact mainly because "
            "Britain and France would not make a serious alliance. " + STRONG)
    detected = mark_essay(text, rubric)
    assert detected.question == "pact" and detected.question_detected
    given = mark_essay(text, rubric, question_id="aims")
    assert given.question == "aims" and not given.question_detected


def test_mark_reads_every_document_format_in_a_batch(rubric):
    folder = SAMPLES.parent / "tests" / "fixtures" / "ingest"
    reports = mark_essays([folder / "essay.docx", folder / "essay.odt", folder / "essay.pdf"], rubric)
    assert all(r.error is None for r in reports)
    covered = [{p.id for p in r.points if p.status == "covered"} for r in reports]
    assert covered[0] and covered[0] == covered[1]  # same essay, same judgement, whatever the format
    for r in reports:
        for p in r.points:
            for ev in p.evidence:
                assert r.text[ev.start : ev.end] == ev.text


def test_mark_an_essay_on_another_history_topic_stays_in_the_lowest_level(rubric):
    weimar = (SAMPLES.parent / "sample_essays_weimar" / "04_daisy.txt").read_text(encoding="utf-8")
    report = mark_essay(weimar, rubric)
    assert not [p.id for p in report.points if p.status == "covered"]
    assert report.level <= 1 and report.mark <= 5
    assert any("stays in level 1" in reason for reason in report.judgement.reasons) or report.level == 0


@pytest.mark.parametrize("name", ["06_liam", "13_ananya", "35_jamal"])
def test_mark_feedback_never_repeats_a_target(rubric, name):
    report = mark_essay((SAMPLES / f"{name}.txt").read_text(encoding="utf-8"), rubric)
    targets = report.feedback.targets
    assert len(targets) == len(set(targets))
    assert not any(a != b and b in a for a in targets for b in targets)  # no target restated inside another

"""The app's logic without a browser: uploads to essays, teacher changes, table rows, chart data, feedback files."""

import dataclasses
import io
import zipfile

import pytest
from docx import Document

from marker.changes import (
    TEACHER_TAG,
    TeacherChanges,
    apply_changes,
    flag_id,
    flag_key,
    level_mark_problem,
    teacher_level_and_mark,
)
from marker.classview import (
    ClassEssay,
    candidate_numbers,
    class_rows,
    heatmap_cells,
    level_distribution,
    most_common_errors,
    most_missing,
    prompt_for,
    report_from_data,
    student_name,
    submissions_from_upload,
)
from marker.facts import FactFlag
from marker.feedback_docs import StudentFeedback, feedback_docx, feedback_item, feedback_zip, safe_filename
from marker.report import Evidence, Feedback, Judgement, PointMatch, Report

ESSAY = "The Nazi-Soviet Pact was signed in August 1939. It gave Stalin time to rebuild the Red Army."


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _report(rubric, statuses: dict[str, str], *, level=2, mark=8, errors=(), name="01_amy.txt") -> Report:
    marked = [p.id for p in rubric.points if statuses.get(p.id)]  # each its own span: a sentence is quoted once

    def evidence(pid: str) -> tuple[Evidence, ...]:
        if pid not in marked:
            return ()
        start = 11 * marked.index(pid)
        return (Evidence(start, start + 10, ESSAY[start:start + 10]),)

    points = tuple(PointMatch(p.id, p.title, p.kind, statuses.get(p.id, "missing"), 0.5, evidence(p.id))
                   for p in rubric.points)
    return Report(essay=name, rubric=rubric.id, rubric_version=rubric.version, question=rubric.questions[0].id,
                  words=17, points=points, missing=tuple(p.id for p in points if p.status != "covered"),
                  errors=tuple(errors), judgement=Judgement(level, mark, "descriptor", ("reason",), 0.4),
                  feedback=Feedback(("strength",), ("target",)), text=ESSAY)


FLAG = FactFlag(4, 20, "Nazi-Soviet Pact", "signed 1940", "It was signed on 23 August 1939.", "pact-signed", 0.9,
                "date")


def test_zip_upload_gives_one_essay_per_file_and_names_unreadable_members():
    data = _zip({"11B/01_amy.txt": ESSAY.encode(), "11B/02_ben.md": ESSAY.encode(), "__MACOSX/._x.txt": b"junk",
                 "11B/notes.exe": b"MZ...", "11B/": b""})
    subs = submissions_from_upload("11B.zip", data)
    assert [s.name for s in subs] == ["11B.zip/11B/01_amy.txt", "11B.zip/11B/02_ben.md", "11B.zip/11B/notes.exe"]
    assert subs[0].text == ESSAY and subs[0].error is None
    assert "not an essay file" in subs[2].error


def test_upload_that_is_not_a_zip_or_is_damaged_becomes_an_error_not_an_exception():
    assert submissions_from_upload("class.zip", b"PK\x03\x04 broken")[0].error.startswith("class.zip: not a readable")
    assert submissions_from_upload("photo.txt", b"\x89PNG\r\n\x1a\n" + b"\0" * 50)[0].error
    assert submissions_from_upload("empty.zip", _zip({}))[0].error.endswith("no essay files")


def test_student_names_and_candidate_numbers():
    assert student_name("03_marcus.txt") == "marcus"
    assert student_name("class.zip/Amy Lee.docx") == "Amy Lee"
    numbers = candidate_numbers(["amy", "ben", "cat"])
    assert len(set(numbers.values())) == 3 and all(len(n) == 4 and n.isdigit() for n in numbers.values())
    assert candidate_numbers(["amy", "zed"])["amy"] == numbers["amy"]  # stable as the class grows


def test_teacher_mark_sets_level_and_level_moves_mark_into_its_band(rubric):
    assert teacher_level_and_mark(rubric, 8, None, 17) == (4, 17)
    assert teacher_level_and_mark(rubric, 8, 4, None) == (4, 16)
    assert teacher_level_and_mark(rubric, 23, 4, None) == (4, 20)
    assert teacher_level_and_mark(rubric, 8, 3, 9) == (2, 9)  # a stored pair that disagrees: the level follows
    assert teacher_level_and_mark(rubric, 8, None, 0) == (0, 0)


def test_a_mark_outside_the_levels_band_is_refused_with_a_message(rubric):
    assert level_mark_problem(rubric, 4, 17) is None and level_mark_problem(rubric, 0, 0) is None
    problem = level_mark_problem(rubric, 5, 2)
    assert "Level 5 is marks 21-25" in problem and "2 is level 1" in problem
    assert "Level 0 is mark 0" in level_mark_problem(rubric, 0, 3)
    assert "from 0 to 25" in level_mark_problem(rubric, 1, 26)


def test_changes_tick_untick_dismiss_and_rejudge_without_touching_the_machine_report(rubric):
    first, second = rubric.factors[0].id, rubric.factors[1].id
    machine = _report(rubric, {first: "covered"}, errors=[FLAG])
    changes = TeacherChanges(points={first: "missing", second: "covered"}, dismissed=frozenset({flag_id(FLAG)}),
                             level=4, mark=17)
    final = apply_changes(machine, changes, rubric)
    status = {pm.id: pm.status for pm in final.points}
    assert status[first] == "missing" and status[second] == "covered"
    assert first in final.missing and second not in final.missing
    assert final.errors == () and (final.level, final.mark) == (4, 17)
    assert final.judgement.descriptor == next(lv.descriptor for lv in rubric.levels if lv.level == 4)
    assert machine.points[0].status == "covered" and machine.errors == (FLAG,) and machine.mark == 8


def test_flag_ids_match_the_store_and_store_overrides_fold_into_changes(rubric):
    from types import SimpleNamespace as O

    flag = {"fact": FLAG.fact, "start": FLAG.start, "end": FLAG.end}
    assert flag_id(FLAG) == flag_key(flag)
    f0 = rubric.factors[0].id
    overrides = [O(points={f0: "missing"}, dismissed_errors=(flag_id(FLAG),), restored_errors=(), level=4, mark=16,
                   comment="Good start", who="Ms Khan"),
                 O(points={f0: "covered"}, dismissed_errors=(), restored_errors=(flag_id(FLAG),), level=None,
                   mark=None, comment="", who="Ms Khan")]
    changes = TeacherChanges.fold(overrides)
    assert changes.points == {f0: "covered"} and changes.dismissed == frozenset()
    assert (changes.level, changes.mark, changes.comments, changes.who) == (4, 16, ("Good start",), ("Ms Khan",))
    machine = _report(rubric, {f0: "covered"}, errors=[FLAG])
    relative = changes.against(machine)  # setting a point back to the machine's status is no change
    assert relative.points == {} and relative.judged
    assert TeacherChanges.fold([]).empty


def test_stored_report_round_trips_to_the_same_report(rubric):
    machine = _report(rubric, {rubric.factors[0].id: "covered"}, errors=[FLAG])
    again = report_from_data(machine.to_dict(), machine.text)
    assert again.to_dict() == machine.to_dict() and again.text == ESSAY


def _essay(rubric, i, report, changes=TeacherChanges()):
    return ClassEssay(i, f"student{i}", f"{1000 + i}", report, changes, apply_changes(report, changes, rubric))


def test_class_rows_show_teacher_marks_beside_machine_and_anonymise(rubric):
    f0, f1 = rubric.factors[0].id, rubric.factors[1].id
    a = _essay(rubric, 1, _report(rubric, {f0: "covered", f1: "partial"}, errors=[FLAG]),
               TeacherChanges(mark=17, dismissed=frozenset({flag_id(FLAG)})))
    b = _essay(rubric, 2, _report(rubric, {}, level=1, mark=3, name="02_ben.txt"))
    rows = class_rows([a, b])
    assert (rows[0].level, rows[0].mark, rows[0].machine) == (4, 17, "L2 · 8")
    assert rows[0].changes == "✎ level 4, mark 17; 1 flag(s) dismissed"
    assert (rows[0].covered, rows[0].partial, rows[0].errors) == (1, 1, 0)
    assert (rows[1].level, rows[1].mark, rows[1].changes) == (1, 3, "")  # blank, never "None"
    anonymous = class_rows([a, b], anonymous=True)
    assert [r.student for r in anonymous] == ["Candidate 1001", "Candidate 1002"]


def test_overview_data_counts_the_class(rubric):
    f0, f1 = rubric.factors[0].id, rubric.factors[1].id
    a = _report(rubric, {f0: "covered"}, errors=[FLAG], level=2)
    b = _report(rubric, {f0: "covered", f1: "covered"}, errors=[FLAG], level=2, name="b.txt")
    c = _report(rubric, {}, level=4, mark=17, name="c.txt")
    missing = dict(most_missing([a, b, c], rubric, limit=50))
    assert missing[rubric.point_by_id[f0].title] == 1 and missing[rubric.point_by_id[f1].title] == 2
    assert most_common_errors([a, b, c], rubric) == [(FLAG.correction, 2)]
    assert dict(level_distribution([a, b, c], rubric)) == {1: 0, 2: 2, 3: 0, 4: 1, 5: 0}
    cells = heatmap_cells([_essay(rubric, 1, a)], rubric)
    assert len(cells) == len(rubric.points) and {c["by"] for c in cells} == {"machine"}
    decided = heatmap_cells([_essay(rubric, 1, a, TeacherChanges(points={f1: "covered"}))], rubric)
    assert [(c["status"], c["by"]) for c in decided if c["point"] == rubric.point_by_id[f1].title] == [
        ("covered", "teacher")]
    assert {c["value"] for c in cells if c["point"] == rubric.point_by_id[f0].title} == {1.0}


def test_missing_points_are_prompts_phrased_as_questions(rubric):
    for point in rubric.points:
        assert prompt_for(point).endswith("?")
    bare = rubric.factors[0].model_copy(update={"prompt": ""})
    assert prompt_for(bare).endswith("?") and bare.title[1:].lower() in prompt_for(bare).lower()


def test_feedback_documents_hold_the_teacher_view_and_zip_with_unique_names(rubric):
    report = _report(rubric, {rubric.factors[0].id: "covered"}, errors=[FLAG])
    changes = TeacherChanges(mark=17, points={rubric.factors[1].id: "covered"}, comments=("Well argued.",))
    final = apply_changes(report, changes, rubric)
    doc = Document(io.BytesIO(feedback_docx(feedback_item("Amy\x07 <b>", final, changes), rubric)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Feedback for Amy <b>" in text and "Level 4, 17 out of 25, set by your teacher" in text
    assert f"You explain {rubric.factors[1].title}.{TEACHER_TAG}" in text
    statuses = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert statuses[rubric.factors[1].title] == "explained" + TEACHER_TAG
    assert statuses[rubric.factors[0].title] == "explained"
    assert "Well argued." in text and FLAG.correction in text
    items = [StudentFeedback("Amy", final), StudentFeedback("Amy", report), StudentFeedback("../x/Ben", report)]
    with zipfile.ZipFile(io.BytesIO(feedback_zip(items, rubric))) as archive:
        names = archive.namelist()
    assert names == ["feedback - Amy.docx", "feedback - Amy (2).docx", "feedback - .._x_Ben.docx"]
    assert not any("/" in n or "\\" in n for n in names)
    assert safe_filename("...") == "student"


@pytest.mark.parametrize("bad", ["\x00", "\x1b[31m"])
def test_feedback_survives_control_characters_in_student_text(rubric, bad):
    report = _report(rubric, {}, errors=[dataclasses.replace(FLAG, text=f"Pact{bad}")])
    assert feedback_docx(StudentFeedback(f"Amy{bad}", report, f"comment{bad}"), rubric)[:2] == b"PK"


def test_feedback_follows_the_teacher_marks_their_decisions_and_never_praises_a_flagged_sentence(rubric):
    f0, f1 = rubric.factors[0].id, rubric.factors[1].id
    t0, t1 = rubric.point_by_id[f0].title, rubric.point_by_id[f1].title
    machine = _report(rubric, {f0: "covered", f1: "covered"})
    assert any(t0 in line for line in apply_changes(machine, TeacherChanges(), rubric).feedback.strengths)

    unticked = apply_changes(machine, TeacherChanges(points={f0: "missing"}), rubric).feedback
    assert not any(t0 in line for line in unticked.strengths)  # no "You explain ..." after the teacher unticks
    assert any(t1 in line and not line.endswith(TEACHER_TAG) for line in unticked.strengths)
    credited = apply_changes(_report(rubric, {}), TeacherChanges(points={f1: "covered"}), rubric).feedback
    assert f"You explain {t1}.{TEACHER_TAG}" in credited.strengths

    flagged = dataclasses.replace(FLAG, start=0, end=10)  # the very sentence quoted as f0's evidence
    wrong = apply_changes(_report(rubric, {f0: "covered"}, errors=[flagged]), TeacherChanges(), rubric).feedback
    assert not any(ESSAY[:10] in line for line in wrong.strengths)
    assert any(flagged.correction in line for line in wrong.targets)
    dismissed = TeacherChanges(dismissed=frozenset({flag_id(flagged)}))
    cleared = apply_changes(_report(rubric, {f0: "covered"}, errors=[flagged]), dismissed, rubric).feedback
    assert any(ESSAY[:10] in line for line in cleared.strengths)  # the teacher rejected the flag: praise stands


def test_a_report_for_a_question_the_rubric_no_longer_has_still_gets_feedback(rubric):
    f0 = rubric.factors[0].id
    stray = dataclasses.replace(_report(rubric, {f0: "covered"}), question="withdrawn-question")
    final = apply_changes(stray, TeacherChanges(points={f0: "missing"}), rubric)
    assert final.feedback.targets and not any(rubric.factors[0].title in s for s in final.feedback.strengths)


# --- hostile class zips (issue 18): no member is lost without a word ---------------------------------------------

from marker.classview import mark_submissions, Submission  # noqa: E402
from tests import hostile  # noqa: E402


def test_zip_member_that_does_not_inflate_is_that_members_error():
    data = hostile.broken_class_zip(ESSAY.encode() * 3)
    subs = submissions_from_upload("11B.zip", data)
    assert [s.name for s in subs] == ["11B.zip/amy.txt"]
    assert subs[0].error.startswith("11B.zip/amy.txt: damaged inside the zip")


def test_zip_members_skipped_are_reported_by_name_and_names_are_escaped():
    data = hostile.zip_bytes({"../../etc/amy.txt": ESSAY.encode(), "/abs/ben.txt": ESSAY.encode(),
                              "11B/.cara.txt": ESSAY.encode(), "11B/dan\nevans.txt": ESSAY.encode(),
                              "11B/.DS_Store": b"x", "__MACOSX/11B/._dan.txt": b"x"})
    subs = {s.name: s for s in submissions_from_upload("11B.zip", data)}
    assert set(subs) == {"11B.zip/../../etc/amy.txt", "11B.zip//abs/ben.txt", "11B.zip/11B/.cara.txt",
                         "11B.zip/11B/dan\nevans.txt"}
    assert subs["11B.zip/../../etc/amy.txt"].error.startswith(
        "11B.zip/../../etc/amy.txt: not marked: its name points outside the archive's folder")
    assert "not marked: its name points outside" in subs["11B.zip//abs/ben.txt"].error
    assert subs["11B.zip/11B/.cara.txt"].error.startswith("11B.zip/11B/.cara.txt: not marked: a hidden file")
    assert subs["11B.zip/11B/dan\nevans.txt"].error is None and subs["11B.zip/11B/dan\nevans.txt"].text == ESSAY
    broken = submissions_from_upload("11B\n.zip", hostile.zip_bytes({"x\n.txt": b""}))
    assert broken[0].error.startswith("11B\\n.zip/x\\n.txt: ") and "\n" not in broken[0].error


def test_a_146_byte_class_zip_is_one_clear_error():
    data = hostile.broken_class_zip(b"x")[:146]
    subs = submissions_from_upload("class.zip", data)
    assert len(subs) == 1 and subs[0].error and "\n" not in subs[0].error


def test_mark_submissions_turns_any_exception_into_that_essays_error(rubric):
    subs = [Submission("a.txt", ESSAY), Submission("b.txt", ESSAY), Submission("c.txt", error="c.txt: empty")]

    def mark_one(sub):
        if sub.name == "a.txt":
            raise ZeroDivisionError("division by zero")
        return Report(essay=sub.name, rubric=rubric.id)

    reports = mark_submissions(subs, mark_one, rubric.id)
    assert [r.essay for r in reports] == ["a.txt", "b.txt", "c.txt"]
    assert reports[0].error == "a.txt: marking failed (ZeroDivisionError: division by zero)"
    assert reports[1].error is None and reports[2].error == "c.txt: empty"

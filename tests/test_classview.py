"""The app's logic without a browser: uploads to essays, teacher changes, table rows, chart data, feedback files."""

import dataclasses
import io
import zipfile

import pytest
from docx import Document

from marker.classview import (
    ClassEssay,
    TeacherChanges,
    candidate_numbers,
    changes_from_final,
    class_rows,
    flag_id,
    heatmap_cells,
    level_distribution,
    most_common_errors,
    most_missing,
    prompt_for,
    report_from_data,
    student_name,
    submissions_from_upload,
    teacher_level_and_mark,
    with_changes,
)
from marker.facts import FactFlag
from marker.feedback_docs import StudentFeedback, feedback_docx, feedback_zip, safe_filename
from marker.report import Evidence, Feedback, Judgement, PointMatch, Report
from marker.store import Final, flag_key

ESSAY = "The Nazi-Soviet Pact was signed in August 1939. It gave Stalin time to rebuild the Red Army."


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _report(rubric, statuses: dict[str, str], *, level=2, mark=8, errors=(), name="01_amy.txt") -> Report:
    points = tuple(PointMatch(p.id, p.title, p.kind, statuses.get(p.id, "missing"), 0.5,
                              (Evidence(0, 10, ESSAY[:10]),) if statuses.get(p.id) else ())
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
    assert teacher_level_and_mark(rubric, 8, 3, 9) == (3, 9)


def test_changes_tick_untick_dismiss_and_rejudge_without_touching_the_machine_report(rubric):
    first, second = rubric.factors[0].id, rubric.factors[1].id
    machine = _report(rubric, {first: "covered"}, errors=[FLAG])
    changes = TeacherChanges(points={first: "missing", second: "covered"}, dismissed=frozenset({flag_id(FLAG)}),
                             level=4, mark=17)
    final = with_changes(machine, changes, rubric)
    status = {pm.id: pm.status for pm in final.points}
    assert status[first] == "missing" and status[second] == "covered"
    assert first in final.missing and second not in final.missing
    assert final.errors == () and (final.level, final.mark) == (4, 17)
    assert final.judgement.descriptor == next(lv.descriptor for lv in rubric.levels if lv.level == 4)
    assert machine.points[0].status == "covered" and machine.errors == (FLAG,) and machine.mark == 8


def test_flag_ids_match_the_store_and_store_overrides_become_changes(rubric):
    flag = {"fact": FLAG.fact, "start": FLAG.start, "end": FLAG.end}
    assert flag_id(FLAG) == flag_key(flag)
    final = Final(points={"a": "covered", "b": "missing"}, machine_points={"a": "partial", "b": "missing"},
                  level=4, mark=16, machine_level=2, machine_mark=8, errors=(), dismissed_errors=(flag,),
                  comments=("Good start",), overridden_by=("teacher",))
    changes = changes_from_final(final)
    assert changes.points == {"a": "covered"} and changes.dismissed == {flag_id(FLAG)}
    assert (changes.level, changes.mark, changes.comments) == (4, 16, ("Good start",))
    untouched = changes_from_final(Final({}, {}, 2, 8, 2, 8, (), (), (), ()))
    assert untouched.empty


def test_stored_report_round_trips_to_the_same_report(rubric):
    machine = _report(rubric, {rubric.factors[0].id: "covered"}, errors=[FLAG])
    again = report_from_data(machine.to_dict(), machine.text)
    assert again.to_dict() == machine.to_dict() and again.text == ESSAY


def _essay(rubric, i, report, changes=TeacherChanges()):
    return ClassEssay(i, f"student{i}", f"{1000 + i}", report, changes, with_changes(report, changes, rubric))


def test_class_rows_show_teacher_marks_beside_machine_and_anonymise(rubric):
    f0, f1 = rubric.factors[0].id, rubric.factors[1].id
    a = _essay(rubric, 1, _report(rubric, {f0: "covered", f1: "partial"}, errors=[FLAG]),
               TeacherChanges(mark=17, dismissed=frozenset({flag_id(FLAG)})))
    b = _essay(rubric, 2, _report(rubric, {}, level=1, mark=3, name="02_ben.txt"))
    rows = class_rows([a, b])
    assert (rows[0].level, rows[0].mark, rows[0].teacher_level, rows[0].teacher_mark) == (2, 8, 4, 17)
    assert (rows[0].covered, rows[0].partial, rows[0].errors, rows[0].changed) == (1, 1, 0, True)
    assert rows[1].teacher_mark is None and not rows[1].changed
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
    assert len(cells) == len(rubric.points)
    assert {c["value"] for c in cells if c["point"] == rubric.point_by_id[f0].title} == {1.0}


def test_missing_points_are_prompts_phrased_as_questions(rubric):
    for point in rubric.points:
        assert prompt_for(point).endswith("?")
    bare = rubric.factors[0].model_copy(update={"prompt": ""})
    assert prompt_for(bare).endswith("?") and bare.title[1:].lower() in prompt_for(bare).lower()


def test_feedback_documents_hold_the_teacher_view_and_zip_with_unique_names(rubric):
    report = _report(rubric, {rubric.factors[0].id: "covered"}, errors=[FLAG])
    final = with_changes(report, TeacherChanges(mark=17), rubric)
    doc = Document(io.BytesIO(feedback_docx(StudentFeedback("Amy\x07 <b>", final, "Well argued."), rubric)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Feedback for Amy <b>" in text and "Level 4, 17 out of 25" in text
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

"""The parts of the Mark a class page that read or change a class: the open class, the results table, one essay
with the teacher's changes, and the exports. Not a page itself (app.py does not list it)."""

from __future__ import annotations

from pathlib import PurePosixPath

import pandas as pd
import streamlit as st

from app_pages.common import CLASS_KEY, rubric_and_models, show_errors, show_highlighted_essay
from marker.classview import (
    ClassEssay,
    TeacherChanges,
    class_essays,
    class_rows,
    flag_id,
    student_name,
    teacher_level_and_mark,
)
from marker.errors import MarkerError
from marker.report import escape_markdown, question_line
from marker.rubric import Rubric

UNSAVED_KEY = "unsaved_class"  # (rubric id, question id, reports) when no store could be opened
SHOWN_IDS_KEY = "shown_essay_ids"  # essay ids in the order the filtered table shows them
REVISION_KEY = "override_revision"  # bumped after each save so the change form starts from the saved state
FLASH_KEY = "override_flash"
WHO = "teacher"

RESULT_COLUMNS = {
    "student": st.column_config.TextColumn("Student", width="medium"),
    "words": st.column_config.NumberColumn("Words", format="%d"),
    "level": st.column_config.NumberColumn("Level", help="The machine's suggested level"),
    "mark": st.column_config.NumberColumn("Mark", help="The machine's suggested mark"),
    "teacher_level": st.column_config.NumberColumn("Teacher level", help="Your level, where you changed it"),
    "teacher_mark": st.column_config.NumberColumn("Teacher mark", help="Your mark, where you changed it"),
    "covered": st.column_config.NumberColumn("Points covered", help="Points explained (after your changes)"),
    "partial": st.column_config.NumberColumn("Partly covered", help="Points mentioned but not explained"),
    "errors": st.column_config.NumberColumn("Errors", help="Factual errors flagged (after dismissals)"),
    "confidence": st.column_config.ProgressColumn("Confidence", min_value=0.0, max_value=1.0, format="%.2f",
                                                  help="How sure the machine is of its level"),
    "changed": st.column_config.CheckboxColumn("Changed", help="You changed something on this essay"),
}


def label_for(essay_name: str) -> str:
    """The student label a file is saved under: 'class.zip/03_amy.docx' -> 'amy'."""
    return student_name(PurePosixPath(essay_name.replace("\\", "/")).name)


def current_class(saved):
    """(essays, rubric, record) of the class open in this session; ([], None, None) when none is open."""
    name = st.session_state.get(CLASS_KEY)
    if saved is not None and name:
        try:
            record = saved.get_class(name)
        except MarkerError as exc:
            st.error(escape_markdown(str(exc)))
            return [], None, None
        rubric = rubric_and_models(record.rubric_id)[0]
        return class_essays(record, rubric), rubric, record
    unsaved = st.session_state.get(UNSAVED_KEY)
    if unsaved:
        rubric_id, _, reports = unsaved
        rubric = rubric_and_models(rubric_id)[0]
        essays = [ClassEssay(-i, label_for(r.essay), f"{i:04d}", r, TeacherChanges(), r)
                  for i, r in enumerate(reports, start=1)]
        return essays, rubric, None
    return [], None, None


def results_frame(essays: list[ClassEssay], anonymous: bool) -> pd.DataFrame:
    rows = class_rows(essays, anonymous=anonymous)
    frame = pd.DataFrame([vars(r) for r in rows])
    frame.insert(0, "id", [e.id for e in essays])
    return frame


def filter_frame(frame: pd.DataFrame, search: str, levels: list[int]) -> pd.DataFrame:
    """Rows whose student contains the search text and whose (teacher's, else machine's) level is chosen."""
    shown = frame
    if search.strip():
        shown = shown[shown["student"].str.contains(search.strip(), case=False, regex=False)]
    if levels:
        level = shown["teacher_level"].fillna(shown["level"])
        shown = shown[level.isin(levels)]
    return shown


def select_from_table() -> None:
    """Clicking a row of the results table opens that essay below it."""
    rows = st.session_state["results"].selection.rows
    ids = st.session_state.get(SHOWN_IDS_KEY, [])
    if rows and rows[0] < len(ids):
        st.session_state["essay_choice"] = ids[rows[0]]


def essay_view(essay: ClassEssay, rubric: Rubric, saved, anonymous: bool) -> None:
    """One essay: the highlighted text, the judgement and its reasons, feedback, and the teacher's changes."""
    machine, final, changes = essay.report, essay.final, essay.changes
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        st.success(flash)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown(f"#### {escape_markdown(essay.shown_name(anonymous))}")
        for warning in machine.warnings:
            st.warning(escape_markdown(warning))
        show_highlighted_essay(final)
        if final.errors:
            st.markdown("**Factual errors, with corrections**")
            show_errors(final)
    with right:
        _judgement(machine, final, changes, rubric)
        _changes_summary(machine, changes, rubric)
        st.markdown("**Missing, most important first**")
        if final.missing:
            st.markdown("\n".join(f"{i}. {escape_markdown(rubric.point_by_id[pid].title)}"
                                  for i, pid in enumerate(final.missing[:10], start=1)
                                  if pid in rubric.point_by_id))
        else:
            st.caption("Nothing: every point is at least mentioned.")
        if final.develop:
            st.markdown("**To develop (mentioned, not explained)**")
            st.markdown("\n".join(f"- {escape_markdown(rubric.point_by_id[pid].title)}"
                                   for pid in final.develop[:10] if pid in rubric.point_by_id))
        st.caption(escape_markdown(question_line(final)))
        if final.feedback:
            st.markdown("**Strengths**")
            for line in final.feedback.strengths:
                st.success(escape_markdown(line))
            st.markdown("**Targets**")
            for line in final.feedback.targets:
                st.info(escape_markdown(line))
    if saved is None or essay.id < 0:
        st.info("Changes can only be kept for a saved class.")
        return
    _change_form(essay, rubric, saved)


def _judgement(machine, final, changes: TeacherChanges, rubric: Rubric) -> None:
    st.metric("Machine's suggestion", f"Level {machine.level} · {machine.mark}/{rubric.max_mark}",
              help=f"Confidence {machine.judgement.confidence:.2f}" if machine.judgement else None)
    if changes.judged:
        st.metric("Your judgement", f"Level {final.level} · {final.mark}/{rubric.max_mark}",
                  delta=final.mark - machine.mark)
    if machine.judgement:
        st.markdown(f"**Why level {machine.level}:** {escape_markdown(machine.judgement.descriptor)}")
        st.markdown("\n".join(f"- {escape_markdown(r)}" for r in machine.judgement.reasons))


def _changes_summary(machine, changes: TeacherChanges, rubric: Rubric) -> None:
    if changes.empty:
        return
    machine_status = {pm.id: pm.status for pm in machine.points}
    lines = [f"- {escape_markdown(rubric.point_by_id[pid].title if pid in rubric.point_by_id else pid)}: "
             f"machine {machine_status.get(pid, '?')}, you {status}" for pid, status in changes.points.items()]
    lines += [f"- dismissed the flag on “{escape_markdown(f.text)}”" for f in machine.errors
              if flag_id(f) in changes.dismissed]
    lines += [f"- comment: {escape_markdown(c)}" for c in changes.comments]
    if lines:
        st.markdown("**Your changes**\n" + "\n".join(lines))


def comment_bank(saved, rubric: Rubric) -> list[str]:
    """The rubric's comment bank, seeded on first use with each point's target sentence."""
    comments = saved.comments(rubric.id)
    if not comments:
        for point in rubric.points:
            saved.add_comment(rubric.id, point.target)
        comments = saved.comments(rubric.id)
    return [c.text for c in comments]


def _use_comment(comment_key: str, bank_key: str) -> None:
    """Picking a bank comment adds it to the comment box at once (one click), and the picker resets."""
    picked = st.session_state.get(bank_key)
    if picked:
        st.session_state[comment_key] = (st.session_state.get(comment_key, "") + " " + picked).strip()
        st.session_state[bank_key] = None


def _change_form(essay: ClassEssay, rubric: Rubric, saved) -> None:
    final = essay.final
    rev = f"{essay.id}_{st.session_state.setdefault(REVISION_KEY, 0)}"
    comment_key, bank_key = f"comment_{rev}", f"bank_{rev}"
    st.markdown("#### Change the marking")
    st.selectbox("Comment bank", comment_bank(saved, rubric), index=None, key=bank_key,
                 placeholder="Pick a saved comment to add it to your comment…",
                 on_change=_use_comment, args=(comment_key, bank_key))
    levels = sorted(lv.level for lv in rubric.levels)
    with st.form(f"change_{rev}"):
        cols = st.columns(2)
        level = cols[0].selectbox("Level", levels, index=levels.index(final.level) if final.level in levels else 0,
                                  key=f"level_{rev}")
        mark = cols[1].number_input("Mark", min_value=0, max_value=rubric.max_mark, value=final.mark, step=1,
                                    key=f"mark_{rev}")
        st.markdown("Points (ticked = covered)")
        ticks = {pm.id: st.checkbox(pm.title, value=pm.status == "covered", key=f"tick_{rev}_{pm.id}",
                                    help=f"Machine: {pm.status}")
                 for pm in final.points}
        dismiss, restore = {}, {}
        dismissed_flags = [f for f in essay.report.errors if flag_id(f) in essay.changes.dismissed]
        if final.errors or dismissed_flags:
            st.markdown("Error flags")
            for flag in final.errors:
                dismiss[flag_id(flag)] = st.checkbox(f"Dismiss the flag on “{escape_markdown(flag.text)}”",
                                                     key=f"dismiss_{rev}_{flag_id(flag)}")
            for flag in dismissed_flags:  # a dismissal is not final: a misclick can be undone
                restore[flag_id(flag)] = st.checkbox(f"Reinstate the dismissed flag on “{escape_markdown(flag.text)}”",
                                                     key=f"restore_{rev}_{flag_id(flag)}")
        comment = st.text_area("Comment for the student", key=comment_key)
        to_bank = st.checkbox("Also keep this comment in the comment bank", key=f"to_bank_{rev}")
        submitted = st.form_submit_button("Save changes", type="primary", key=f"save_{rev}")
    if not submitted:
        return
    points = {pid: ("covered" if ticked else "missing") for pid, ticked in ticks.items()
              if ticked != (next(pm.status for pm in final.points if pm.id == pid) == "covered")}
    dismissed = [key for key, chosen in dismiss.items() if chosen]
    restored = [key for key, chosen in restore.items() if chosen]
    new_level = new_mark = None
    if (level, mark) != (final.level, final.mark):
        new_level, new_mark = teacher_level_and_mark(
            rubric, final.mark, level if level != final.level else None, int(mark) if mark != final.mark else None)
    if not (points or dismissed or restored or new_level is not None or comment.strip()):
        st.info("Nothing to save: nothing was changed.")
        return
    try:
        saved.add_override(essay_id=essay.id, points=points, dismissed_errors=dismissed, restored_errors=restored,
                           level=new_level, mark=new_mark, comment=comment, who=WHO)
        if to_bank and comment.strip():
            saved.add_comment(rubric.id, comment)
    except MarkerError as exc:
        st.error(escape_markdown(str(exc)))
        return
    st.session_state[REVISION_KEY] += 1
    st.session_state[FLASH_KEY] = "Your changes are saved. The machine's original judgement is kept beside them."
    st.rerun()


def exports(essays: list[ClassEssay], rubric: Rubric, record, anonymous: bool) -> None:
    """Marks as CSV/XLSX and every student's printable feedback, zipped; built only when clicked."""
    from marker.feedback_docs import StudentFeedback, feedback_zip

    st.subheader("Export")
    cols = st.columns(3)
    stem = (record.name if record else "class").replace("/", "_")
    if record is not None:
        from marker.export import export_class

        cols[0].download_button("Marks (CSV)", lambda: export_class(record, "csv", anonymous=anonymous),
                                file_name=f"{stem}.csv", mime="text/csv", key="export_csv")
        cols[1].download_button(
            "Marks (Excel)", lambda: export_class(record, "xlsx", anonymous=anonymous), file_name=f"{stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="export_xlsx")
    else:
        cols[0].caption("Save the class to export its marks.")
    items = [StudentFeedback(e.shown_name(anonymous), e.final, " ".join(e.changes.comments)) for e in essays]
    cols[2].download_button("Feedback for every student (Word, zipped)", lambda: feedback_zip(items, rubric),
                            file_name=f"{stem} feedback.zip", mime="application/zip", key="export_feedback")

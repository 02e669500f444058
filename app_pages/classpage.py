"""The parts of the Mark a class page about the whole class: the open class, files that could not be read, the
results table and the exports (one essay is app_pages/review.py). Not a page itself (app.py does not list it)."""

from __future__ import annotations

import functools
import hashlib
from pathlib import PurePosixPath

import pandas as pd
import streamlit as st

from app_pages.common import CLASS_KEY, rubric_and_models
from app_pages.review import CHOICE_KEY
from app_pages.signin import current_user
from marker import access
from marker.changes import TeacherChanges, apply_changes
from marker.classview import ClassEssay, class_essays, class_rows, student_name
from marker.errors import MarkerError
from marker.report import escape_markdown
from marker.rubric import Rubric

UNSAVED_KEY = "unsaved_class"  # (rubric id, question id, reports) when no store could be opened
FAILED_KEY = "failed_files"  # class name -> [(file, reason)] of files that could not be read, until dismissed
ROW_HEIGHT = 35

RESULT_COLUMNS = {
    "student": st.column_config.TextColumn("Student", width="medium"),
    "words": st.column_config.NumberColumn("Words", format="%d"),
    "level": st.column_config.NumberColumn("Level", help="The level as it stands (yours where you changed it)"),
    "mark": st.column_config.NumberColumn("Mark", help="The mark as it stands (yours where you changed it)"),
    "machine": st.column_config.TextColumn("Machine", help="The machine's suggested level · mark"),
    "changes": st.column_config.TextColumn("Your changes", width="medium", help="What you changed on this essay"),
    "covered": st.column_config.NumberColumn("Covered", help="Points explained (after your changes)"),
    "partial": st.column_config.NumberColumn("Partial", help="Points mentioned but not explained"),
    "errors": st.column_config.NumberColumn("Errors", help="Factual errors flagged (after dismissals)"),
    "confidence": st.column_config.ProgressColumn("Confidence", min_value=0.0, max_value=1.0, format="%.2f",
                                                  help="How sure the machine is of its level"),
}


def label_for(essay_name: str) -> str:
    """The student label a file is saved under: 'class.zip/03_amy.docx' -> 'amy'."""
    return student_name(PurePosixPath(essay_name.replace("\\", "/")).name)


def current_class(saved):
    """(essays, rubric, record) of the class open in this session; ([], None, None) when none is open. The class
    is opened through marker.access, so a class name put in the session any other way opens nothing."""
    name = st.session_state.get(CLASS_KEY)
    if saved is not None and name:
        try:
            record = access.open_class(saved, current_user(), name)
        except MarkerError as exc:
            st.error(escape_markdown(str(exc)))
            return [], None, None
        rubric = rubric_and_models(record.rubric_id)[0]
        return class_essays(record, rubric), rubric, record
    unsaved = st.session_state.get(UNSAVED_KEY)
    if unsaved:
        rubric_id, _, reports = unsaved
        rubric = rubric_and_models(rubric_id)[0]
        essays = [ClassEssay(-i, label_for(r.essay), f"{i:04d}", r, TeacherChanges(),
                             apply_changes(r, TeacherChanges(), rubric)) for i, r in enumerate(reports, start=1)]
        return essays, rubric, None
    return [], None, None


def results_frame(essays: list[ClassEssay], anonymous: bool) -> pd.DataFrame:
    """The results table's rows: the level and mark as they stand, the machine's beside them, the teacher's
    changes in words."""
    rows = class_rows(essays, anonymous=anonymous)
    frame = pd.DataFrame([vars(r) for r in rows])
    frame.insert(0, "id", [e.id for e in essays])
    return frame


def filter_frame(frame: pd.DataFrame, search: str, levels: list[int]) -> pd.DataFrame:
    """Rows whose student contains the search text and whose level (as it stands) is chosen."""
    shown = frame
    if search.strip():
        shown = shown[shown["student"].str.contains(search.strip(), case=False, regex=False)]
    if levels:
        shown = shown[shown["level"].isin(levels)]
    return shown


def in_order(essays: list[ClassEssay], anonymous: bool) -> list[ClassEssay]:
    """The class in the order it was added, or by candidate number in anonymous mode (names give nothing away)."""
    return sorted(essays, key=lambda e: e.candidate) if anonymous else essays


def results_table(shown: pd.DataFrame, current: int | None) -> None:
    """The whole class at once (no inner scrolling box). The selected row follows the open essay: the table is
    keyed by what it shows and which essay is open, so filtering never leaves another student ticked."""
    ids = list(shown["id"])
    key = "results_" + hashlib.sha1(repr((ids, current)).encode()).hexdigest()[:12]
    st.dataframe(
        shown.drop(columns=["id"]), hide_index=True, key=key, on_select=functools.partial(_select, key, ids),
        selection_mode="single-row", column_config=RESULT_COLUMNS, height=ROW_HEIGHT * (len(shown) + 1) + 3,
        row_height=ROW_HEIGHT, placeholder="",
        selection_default={"selection": {"rows": [ids.index(current)] if current in ids else []}},
    )


def _select(key: str, ids: list[int]) -> None:
    """Clicking a row opens that essay (by its id, whatever the row's position)."""
    rows = st.session_state[key].selection.rows
    if rows and rows[0] < len(ids):
        st.session_state[CHOICE_KEY] = ids[rows[0]]


def failed_files(saved, class_name: str | None) -> list[tuple[str, str]]:
    """(file, reason) of the open class's unreadable files not yet dismissed: from the store for a saved class,
    from this session for essays not saved."""
    if saved is not None and class_name:
        return [(f.name, f.reason) for f in access.failed_files(saved, current_user(), class_name)]
    return st.session_state.setdefault(FAILED_KEY, {}).get(class_name or "", [])


def keep_failed(class_name: str | None, failed: list[tuple[str, str]]) -> None:
    """Unreadable files of essays not saved stay in this session (name and reason) until dismissed; a saved
    class keeps them in the store instead (save_class(..., failed=...))."""
    kept = st.session_state.setdefault(FAILED_KEY, {})
    known = dict(kept.get(class_name or "", []))
    known.update(failed)
    kept[class_name or ""] = list(known.items())


def _dismiss_failed(saved, class_name: str | None) -> None:
    if saved is not None and class_name:
        try:
            access.dismiss_failed(saved, current_user(), class_name)
        except MarkerError as exc:
            st.error(escape_markdown(str(exc)))
        return
    st.session_state.setdefault(FAILED_KEY, {}).pop(class_name or "", None)


def failed_panel(saved, class_name: str | None, marked: int) -> None:
    """'27 marked, 3 could not be read', and each unreadable file with its reason, until dismissed."""
    try:
        failed = failed_files(saved, class_name)
    except MarkerError as exc:
        st.error(escape_markdown(str(exc)))
        failed = []
    counts = f"{marked} marked" + (f", {len(failed)} could not be read" if failed else "")
    st.caption(counts)
    if not failed:
        return
    with st.container(border=True, key="failed_files"):
        st.markdown(f"**{len(failed)} file(s) could not be read and are not in the results**")
        st.markdown("\n".join(f"- **{escape_markdown(name)}**: {escape_markdown(reason.removeprefix(name + ': '))}"
                               for name, reason in failed))
        st.button("Dismiss this list", key="dismiss_failed", on_click=_dismiss_failed, args=(saved, class_name))


def exports(essays: list[ClassEssay], rubric: Rubric, record, anonymous: bool) -> None:
    """Marks as CSV/XLSX and every student's printable feedback, zipped; built only when clicked."""
    from marker.feedback_docs import feedback_item, feedback_zip

    st.subheader("Export")
    cols = st.columns(3)
    stem = (record.name if record else "class").replace("/", "_")
    if record is not None:
        from marker.export import export_class

        cols[0].download_button("Marks (CSV)", lambda: export_class(record, "csv", anonymous=anonymous, rubric=rubric),
                                file_name=f"{stem}.csv", mime="text/csv", key="export_csv")
        cols[1].download_button(
            "Marks (Excel)", lambda: export_class(record, "xlsx", anonymous=anonymous, rubric=rubric),
            file_name=f"{stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="export_xlsx")
    else:
        cols[0].caption("Save the class to export its marks.")
    items = [feedback_item(e.shown_name(anonymous), e.final, e.changes) for e in essays]
    cols[2].download_button("Feedback for every student (Word, zipped)", lambda: feedback_zip(items, rubric),
                            file_name=f"{stem} feedback.zip", mime="application/zip", key="export_feedback")

"""Shared pieces of the app pages: cached models and store, rubric choice, and the highlighted-essay view.

Models load once per server (st.cache_resource); every page stays a thin view over marker's library.
"""

from __future__ import annotations

import streamlit as st

from marker.errors import MarkerError
from marker.highlight import legend_html, report_marks, to_html
from marker.report import Report, escape_markdown
from marker.rubric import Rubric, available_rubrics, load_rubric

CLASS_KEY = "class_name"  # the class open on the Mark a class and Class overview pages


@st.cache_resource(show_spinner="Loading the marking models…")
def rubric_and_models(rubric_id: str):
    """The rubric and its fitted models, warmed once per server process (the first essay is then fast too)."""
    from marker.mark import mark_essay
    from marker.models_io import load_models

    rubric = load_rubric(rubric_id)
    models = load_models(rubric)
    mark_essay(rubric.points[0].phrasings[0], rubric, models=models)  # any sentence of the topic warms the index
    return rubric, models


def session_report(text: str, rubric: Rubric, question_id: str | None, warnings: tuple[str, ...] = ()):
    """Mark a draft once per browser session: reruns from other widgets reuse the report instead of re-reading
    the essay. Kept in this session's memory only (one entry), never on disk or shared between users."""
    from marker.mark import mark_essay

    key = (rubric.id, rubric.version, question_id, text, warnings)
    cached = st.session_state.get("_session_report")
    if cached is None or cached[0] != key:
        report = mark_essay(text, rubric, name="draft", question_id=question_id,
                            models=rubric_and_models(rubric.id)[1], warnings=warnings)
        st.session_state["_session_report"] = (key, report)
        return report
    return cached[1]


@st.cache_resource(show_spinner="Opening saved classes…")
def _open_store(url: str):
    from marker.store import open_store

    return open_store(url)


def store():
    """The store at MARKER_DB_URL (or the user's SQLite file), opened once per server; None if it cannot open."""
    from marker.store import resolve_url

    try:
        return _open_store(resolve_url())
    except MarkerError as exc:
        st.warning(f"Saved classes are unavailable: {escape_markdown(str(exc))}")
        return None


@st.cache_data(show_spinner=False, ttl=60)
def available_rubric_labels() -> dict[str, str]:
    """Rubric id -> how pickers name it (a calibrated copy says so); cleared when a calibrated rubric is saved."""
    from marker.calibrate import calibration_label

    labels = {}
    for rubric_id in sorted(available_rubrics()):
        try:
            labels[rubric_id] = calibration_label(load_rubric(rubric_id))
        except MarkerError:
            labels[rubric_id] = f"{rubric_id} (cannot be read)"
    return labels


def choose_rubric(key: str = "rubric", *, ready_only: bool = False) -> Rubric:
    """A rubric picker; calibrated copies are labelled as such, with their held-out agreement. `ready_only` leaves
    out drafts a teacher has not yet reviewed (the student page and Calibrate offer only reviewed rubrics)."""
    from marker.review import ready_rubric_ids

    labels = available_rubric_labels()
    ids = [i for i in ready_rubric_ids() if i in labels] if ready_only else list(labels)
    if not ids:
        st.info("No reviewed rubric yet: mark a draft reviewed on the Build page first.")
        st.stop()
    rubric_id = st.selectbox("Rubric", ids, key=key, format_func=lambda i: labels[i])
    if rubric_id is None:  # never: a selectbox with options always has one chosen
        st.stop()
    return rubric_and_models(rubric_id)[0]


def choose_question(rubric: Rubric, key: str = "question"):
    return st.selectbox("Question", rubric.questions, format_func=lambda q: q.text, key=key)


def show_highlighted_essay(report: Report, only: str | None = None) -> None:
    """The essay with evidence (every point, or just point `only`) and errors highlighted, under a legend of exactly
    what is shown; to_html escapes every character of the student's text."""
    marks = report_marks(report, only)
    legend = legend_html(report.text, marks)
    if legend:
        st.html(legend)
    st.html(to_html(report.text, marks))


def show_errors(report: Report) -> None:
    """Factual errors with their corrections (student text escaped for Markdown)."""
    for flag in report.errors:
        st.error(f"“{escape_markdown(flag.text)}”  \n**Correction:** {escape_markdown(flag.correction)}",
                 icon=":material/error:")

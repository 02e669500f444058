"""Check an essay: paste or upload one essay, see coverage, errors, level and feedback with evidence."""

import streamlit as st

from app_pages.common import choose_rubric, rubric_and_models
from marker.errors import MarkerError
from marker.highlight import escape_markdown, report_marks, to_html
from marker.ingest import SUPPORTED, essay_from_bytes
from marker.mark import mark_essay

st.title("Check an essay")
rubric = choose_rubric()
question = st.selectbox("Question", rubric.questions, format_func=lambda q: q.text)
upload = st.file_uploader("Upload an essay", type=[ext.lstrip(".") for ext in SUPPORTED])
pasted = st.text_area("…or paste it here", height=200)

text, name, warnings = "", "pasted essay", ()
if upload is not None:
    try:
        essay = essay_from_bytes(upload.getvalue(), upload.name)
        text, name, warnings = essay.text, upload.name, essay.warnings
    except MarkerError as exc:
        st.error(str(exc))
elif pasted.strip():
    text = pasted

if text:
    _, models = rubric_and_models(rubric.id)
    report = mark_essay(text, rubric, name=name, question_id=question.id, models=models, warnings=warnings)
    for warning in report.warnings:
        st.warning(warning)
    left, right = st.columns([3, 2])
    with right:
        st.metric("Suggested level", report.level, help=report.judgement.descriptor)
        st.metric("Suggested mark", f"{report.mark} / {rubric.max_mark}")
        st.caption(report.judgement.descriptor)
        for reason in report.judgement.reasons:
            st.markdown(f"- {reason}", help=None)
        st.subheader("Coverage")
        icon = {"covered": "✅", "partial": "🟡", "missing": "⬜"}
        for pm in report.points:
            st.text(f"{icon[pm.status]} {pm.title} ({pm.status}, {pm.score:.2f})")
        st.subheader("Missing, most important first")
        for pid in report.missing[:8]:
            st.text(f"• {rubric.point_by_id[pid].title}")
    with left:
        st.subheader("The essay, with evidence highlighted")
        st.html(to_html(report.text, report_marks(report)))
        if report.errors:
            st.subheader("Factual errors")
            for err in report.errors:
                st.error(f"“{escape_markdown(err.text)}” — {err.correction}", icon="❗")
        st.subheader("Strengths")
        for s in report.feedback.strengths:
            st.success(escape_markdown(s))
        st.subheader("Targets")
        for t in report.feedback.targets:
            st.info(escape_markdown(t))

"""Check my draft (students): paste or upload a draft, see what it covers, questions to think about and errors.

No mark unless the student asks for one, and nothing is saved: the draft lives only in this browser session. On a
department server (docs/server.md) a signed-in student may also keep a draft and reopen their own kept drafts (never
anyone else's: marker.access), and uploads count against the student's daily limit.
"""

import streamlit as st

from app_pages.common import (
    choose_question,
    choose_rubric,
    session_report,
    show_errors,
    show_highlighted_essay,
    store,
)
from app_pages.signin import page_user
from marker import access, accounts
from marker.changes import TeacherChanges, apply_changes
from marker.classview import UPLOAD_TYPES, checklist, prompt_for
from marker.errors import MarkerError
from marker.ingest import SUPPORTED, essay_from_bytes
from marker.report import escape_markdown

COUNTED_KEY = "check_uploads_counted"  # uploads already counted against this student's daily limit


def _open_draft(saved, user) -> None:
    """Put one of the student's own kept drafts in the text box (marker.access refuses anyone else's)."""
    draft_id = st.session_state.get("check_kept")
    if draft_id is not None:
        try:
            st.session_state["check_text"] = access.open_draft(saved, user, draft_id).text
        except MarkerError as exc:
            st.session_state["check_flash"] = str(exc)


user = page_user("check")
kept_drafts = user.role == "student" and not user.is_local  # a student signed in to a department server
saved = store() if kept_drafts else None
st.title("Check my draft")
if kept_drafts and saved is not None:
    st.caption("Nothing you paste or upload here is saved unless you keep it. Only you can see your kept drafts.")
    drafts = access.my_drafts(saved, user)
    if drafts:
        titles = {d.id: f"{d.title} ({d.created:%d %b %Y %H:%M})" for d in drafts}
        st.selectbox("Open a draft you kept", list(titles), index=None, format_func=lambda i: titles.get(i, ""), key="check_kept",
                     on_change=_open_draft, args=(saved, user), placeholder="Your kept drafts")
    if st.session_state.get("check_flash"):
        st.error(escape_markdown(st.session_state.pop("check_flash")))
else:
    st.caption("Nothing you paste or upload here is saved. Use it as many times as you like while you write.")
rubric = choose_rubric("check_rubric", ready_only=True)
question = choose_question(rubric, "check_question")
upload = st.file_uploader("Upload your draft", type=[t for t in UPLOAD_TYPES if "." + t in SUPPORTED],
                          key="check_upload")
pasted = st.text_area("…or paste it here", height=220, key="check_text")

text: str = ""
warnings: tuple[str, ...] = ()
if upload is not None and saved is not None and upload.file_id not in st.session_state.setdefault(COUNTED_KEY, []):
    try:
        accounts.upload_allowed(saved, user, 1, upload.size)
    except MarkerError as exc:
        st.error(escape_markdown(str(exc)))
        st.stop()
    st.session_state[COUNTED_KEY].append(upload.file_id)
if upload is not None:
    try:
        essay = essay_from_bytes(upload.getvalue(), upload.name)
        text, warnings = essay.text, essay.warnings
    except MarkerError as exc:
        st.error(escape_markdown(str(exc)))
    if text and pasted.strip():
        st.caption("Checking the uploaded file; remove it to check the pasted text instead.")
if not text and pasted.strip():
    if upload is not None:
        st.info("The upload could not be read, so your pasted text is checked instead.")
    text = pasted

if not text:
    st.info("Paste or upload a draft to see which points it covers and what to think about next.")
    st.stop()

try:
    # Through the one model of changes (none here): strengths never quote a sentence with an error flag.
    report = apply_changes(session_report(text, rubric, question.id, warnings), TeacherChanges(), rubric)
except MarkerError as exc:
    st.error(escape_markdown(str(exc)))
    st.stop()

for warning in report.warnings:
    st.warning(escape_markdown(warning))

left, right = st.columns([3, 2], gap="large")
with right:
    st.subheader("Coverage checklist")
    for icon, title, words in checklist(report):
        st.markdown(f"{icon} **{escape_markdown(title)}**: {words}")
with left:
    st.subheader("Questions to think about")
    prompts = [prompt_for(rubric.point_by_id[pid]) for pid in (*report.develop, *report.missing)[:6]]
    if prompts:
        for prompt in prompts:
            st.info(escape_markdown(prompt), icon=":material/lightbulb:")
    else:
        st.success("Your draft touches every point this question rewards.")
    if report.errors:
        st.subheader("Facts to check")
        show_errors(report)
    if report.feedback and report.feedback.strengths:
        st.subheader("What is working")
        for line in report.feedback.strengths:
            st.success(escape_markdown(line))
    st.subheader("Your draft, with the points it makes highlighted")
    show_highlighted_essay(report)

if st.toggle("Show me a suggested mark", key="check_show_mark"):
    st.metric("Suggested level", f"Level {report.level}")
    st.metric("Suggested mark", f"{report.mark} out of {rubric.max_mark}")
    if report.judgement:
        st.caption(escape_markdown(report.judgement.descriptor))
    st.caption("This is a machine's suggestion for practice, not your teacher's mark.")

if kept_drafts and saved is not None:
    with st.form("keep_draft", border=True):
        title = st.text_input("Keep this draft as", key="check_draft_title", placeholder="e.g. Soviet policy, draft 2")
        if st.form_submit_button("Keep this draft"):
            try:
                access.save_draft(saved, user, rubric_id=rubric.id, question_id=question.id, text=text, title=title)
            except MarkerError as exc:
                st.error(escape_markdown(str(exc)))
            else:
                st.success("Kept. Only you can open it, from the list at the top of this page.")

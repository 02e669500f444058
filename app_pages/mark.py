"""Mark a class (teachers): upload a class's essays, mark them with visible progress, review each essay with its
evidence, change any judgement, and export marks and printable feedback. Classes are saved and can be reopened.
"""

import streamlit as st

from app_pages import classpage, review
from app_pages.common import CLASS_KEY, choose_question, choose_rubric, rubric_and_models, store
from app_pages.signin import page_user
from marker import access, accounts
from marker.classview import UPLOAD_TYPES, candidate_number, mark_submissions, submissions_from_upload
from marker.errors import MarkerError
from marker.mark import assemble, prepare
from marker.report import escape_markdown

user = page_user("mark")
st.title("Mark a class")
saved = store()

classes = access.visible_classes(saved, user) if saved else []
mode = "Mark new essays"
if classes:
    mode = st.radio("Start", ["Mark new essays", "Open a saved class"], horizontal=True, key="mark_mode",
                    label_visibility="collapsed")

if mode == "Open a saved class":
    names = [c.name for c in classes]
    current = st.session_state.get(CLASS_KEY)
    chosen = st.selectbox("Saved class", names, index=names.index(current) if current in names else 0,
                          format_func=lambda n: next(f"{c.name} ({c.essays} essays, {c.created:%d %b %Y})"
                                                     for c in classes if c.name == n), key="open_class")
    st.session_state[CLASS_KEY] = chosen
else:
    with st.container(border=True):
        rubric = choose_rubric("mark_rubric")
        question = choose_question(rubric, "mark_question")
        class_name = st.text_input("Class name (essays are saved under it)", key="new_class_name",
                                   placeholder="e.g. 11B History mocks")
        uploads = st.file_uploader("Essays: select many at once, or a .zip of them", type=list(UPLOAD_TYPES),
                                   accept_multiple_files=True, key="mark_uploads")
        go = st.button(f"Mark {len(uploads)} file(s)" if uploads else "Mark", type="primary",
                       disabled=not uploads or not class_name.strip(), key="mark_go")
        if uploads and not class_name.strip():
            st.caption("Give the class a name to mark and save it.")
    if go and saved is not None:
        try:  # on a server, each user's uploads count against their own daily limit
            accounts.upload_allowed(saved, user, len(uploads), sum(f.size for f in uploads))
        except MarkerError as exc:
            st.error(escape_markdown(str(exc)))
            go = False
    if go:
        submissions = [s for f in uploads for s in submissions_from_upload(f.name, f.getvalue())]
        models = rubric_and_models(rubric.id)[1]
        bar = st.progress(0.0, text=f"Reading and marking {len(submissions)} file(s)…")

        def mark_one(sub):
            return assemble(prepare(sub.text, rubric, sub.warnings), rubric, models, name=sub.name,
                            question_id=question.id)

        def show_progress(done, total):
            bar.progress(done / total, text=f"Read {done} of {total} file(s)")

        reports = mark_submissions(submissions, mark_one, rubric.id, show_progress)
        marked = [r for r in reports if r.error is None]
        failed = [(r.essay, r.error) for r in reports if r.error is not None]
        bar.progress(1.0, text=f"{len(marked)} marked, {len(failed)} could not be read" if failed
                     else f"{len(marked)} marked")
        if saved and marked:
            labels = [classpage.label_for(r.essay) for r in marked]
            try:
                result = access.save_class(saved, user, class_name.strip(), rubric, question.id, marked,
                                           labels=labels, candidates=[candidate_number(label) for label in labels],
                                           failed=failed)
            except MarkerError as exc:
                st.error(escape_markdown(str(exc)))
            else:
                st.session_state[CLASS_KEY] = result.class_name
                st.success(f"Marked {len(marked)} essay(s) and saved them to the class "
                           f"“{escape_markdown(result.class_name)}”.")
        elif not saved and marked:
            st.session_state[classpage.UNSAVED_KEY] = (rubric.id, question.id, marked)
            st.session_state[CLASS_KEY] = None
            classpage.keep_failed(None, failed)
        elif failed:
            st.error(f"None of the {len(failed)} file(s) could be read:\n"
                     + "\n".join(f"- **{escape_markdown(n)}**: {escape_markdown(r)}" for n, r in failed))

essays, rubric, record = classpage.current_class(saved)
if not essays:
    st.stop()

st.divider()
anonymous = st.toggle("Anonymous marking (candidate numbers instead of names, in candidate order)", key="anonymous")
essays = classpage.in_order(essays, anonymous)
question_text = next((q.text for q in rubric.questions if q.id == essays[0].report.question), "")
st.subheader(escape_markdown(record.name) if record else "This session's essays (not saved)")
st.caption(escape_markdown(question_text))
classpage.failed_panel(saved, record.name if record else None, len(essays))

table = classpage.results_frame(essays, anonymous)
filters = st.columns(2)
search = filters[0].text_input("Filter by student", key="filter_student", placeholder="type part of a name or number")
levels = filters[1].multiselect("Filter by level", [0, *sorted({lv.level for lv in rubric.levels})],
                                key="filter_level")
shown = classpage.filter_frame(table, search, levels)
by_id = {e.id: e for e in essays}
if st.session_state.get(review.CHOICE_KEY) not in by_id:  # open the first essay, and show it selected
    st.session_state[review.CHOICE_KEY] = (list(shown["id"]) or list(by_id))[0]
classpage.results_table(shown, st.session_state[review.CHOICE_KEY])

st.subheader("Review")
essay = review.navigator(by_id, list(shown["id"]), anonymous)
review.review(essay, rubric, saved, anonymous)

st.divider()
classpage.exports(essays, rubric, record, anonymous)
st.page_link("app_pages/overview.py", label="See the class overview", icon=":material/insights:")

"""Build a rubric (teachers): upload source documents, check the draft's points against the passages they came
from, edit, merge, split, delete and reorder them, verify or correct the facts, then save or download the rubric.

The draft lives in this session until it is saved; every edit goes through marker.build, so what is saved is
exactly what `marker rubric build` and `marker rubric check` would accept.
"""

import datetime as dt

import streamlit as st

from marker import build
from marker.errors import MarkerError
from marker.ingest import SUPPORTED, essay_from_bytes
from marker.report import escape_markdown
from marker.rubric import user_rubric_dir

DRAFT = "builder_draft"

st.title("Build a rubric")
st.caption("Upload your notes, textbook chapters and model answers. marker drafts the key points, debates and "
           "facts; you check and edit them before the rubric is used. Facts start unverified: sources contain slips.")

uploads = st.file_uploader("Source documents", type=[ext.lstrip(".") for ext in SUPPORTED],
                           accept_multiple_files=True, key="builder_uploads")
title = st.text_input("Topic title", key="builder_title", placeholder="e.g. The Weimar Republic 1918-33")
question = st.text_input("Essay question (optional)", key="builder_question")

if st.button("Draft the rubric", key="builder_run", disabled=not (uploads and title.strip())):
    try:
        docs = [(u.name, essay_from_bytes(u.getvalue(), u.name).text) for u in uploads]
        with st.spinner("Reading the documents and grouping their arguments…"):
            st.session_state[DRAFT] = build.build_draft(docs, title.strip(), question=question.strip() or None)
    except MarkerError as exc:
        st.error(escape_markdown(str(exc)))

draft: build.Draft | None = st.session_state.get(DRAFT)
if draft is None:
    st.info("Upload one or more documents and give the topic a title to draft a rubric.")
    st.stop()


def apply(new_draft: build.Draft) -> None:
    st.session_state[DRAFT] = new_draft
    st.rerun()


st.subheader(f"{len(draft.points)} points, {len(draft.debates)} debates, {len(draft.facts)} facts")

# --- points --------------------------------------------------------------------------------------------------
st.markdown("### Points")
st.caption("Each point shows the passages it was drawn from. Tick passages and press *Split* to move them into a "
           "new point.")
for pos, point in enumerate(draft.points):
    with st.expander(f"{pos + 1}. {point.title}  ·  {len(point.passages)} passages from "
                     f"{len(point.documents)} document(s)"):
        new_title = st.text_input("Title", point.title, key=f"title_{point.id}")
        new_terms = st.text_input("Key terms (comma-separated)", ", ".join(point.key_terms), key=f"terms_{point.id}")
        new_importance = st.slider("Importance", 0.0, 1.0, float(point.importance), 0.05, key=f"imp_{point.id}")
        chosen = []
        for k, passage in enumerate(point.passages):
            if st.checkbox(f"{passage.document}: {passage.text}", key=f"pass_{point.id}_{k}"):
                chosen.append(k)
        cols = st.columns(5)
        if cols[0].button("Save edits", key=f"save_{point.id}"):
            terms = [t.strip() for t in new_terms.split(",") if t.strip()]
            apply(build.update_point(draft, point.id, title=new_title.strip() or point.title, key_terms=terms,
                                     importance=new_importance))
        if cols[1].button("Up", key=f"up_{point.id}", disabled=pos == 0):
            apply(build.move_point(draft, point.id, -1))
        if cols[2].button("Down", key=f"down_{point.id}", disabled=pos == len(draft.points) - 1):
            apply(build.move_point(draft, point.id, 1))
        if cols[3].button("Split", key=f"split_{point.id}"):
            try:
                apply(build.split_point(draft, point.id, chosen))
            except MarkerError as exc:
                st.error(escape_markdown(str(exc)))
        if cols[4].button("Delete", key=f"delete_{point.id}"):
            apply(build.delete_point(draft, point.id))

merge_ids = st.multiselect("Merge points (into the first chosen)", [p.id for p in draft.points], key="merge_ids")
if st.button("Merge", key="merge", disabled=len(merge_ids) < 2):
    apply(build.merge_points(draft, merge_ids))

# --- debates -------------------------------------------------------------------------------------------------
st.markdown("### Debates")
if not draft.debates:
    st.info("No passage in the documents weighs one explanation against another.")
for debate in draft.debates:
    with st.expander(debate.title):
        for side in debate.sides:
            st.markdown(f"**{escape_markdown(side.label)}**: cues {escape_markdown(', '.join(side.cues))}; "
                        f"points {escape_markdown(', '.join(side.points) or '-')}")
        for passage in debate.passages:
            st.caption(f"{passage.document}: {passage.text}")

# --- facts ---------------------------------------------------------------------------------------------------
st.markdown("### Facts")
st.caption("Only verified facts are used to flag errors in essays. Check each against a reliable source.")
for fact in draft.facts:
    with st.expander(f"{'✔' if fact.verified else '?'} {fact.statement}"):
        st.caption(f"From {fact.passage.document}: {fact.passage.text}")
        statement = st.text_input("Statement", fact.statement, key=f"fact_text_{fact.id}")
        date_text = st.text_input("Date (YYYY-MM-DD, blank for none)",
                                  fact.date.isoformat() if fact.date else "", key=f"fact_date_{fact.id}")
        precision = st.selectbox("Precision", ["day", "month", "year"],
                                 index=["day", "month", "year"].index(fact.precision), key=f"fact_prec_{fact.id}")
        cols = st.columns(3)
        if cols[0].button("Verify", key=f"verify_{fact.id}"):
            try:
                date = dt.date.fromisoformat(date_text) if date_text.strip() else None
            except ValueError:
                st.error("Write the date as YYYY-MM-DD.")
            else:
                apply(build.set_fact(draft, fact.id, verified=True, statement=statement, date=date,
                                     precision=precision))
        if cols[1].button("Unverify", key=f"unverify_{fact.id}", disabled=not fact.verified):
            apply(build.set_fact(draft, fact.id, verified=False))
        if cols[2].button("Delete", key=f"fact_delete_{fact.id}"):
            apply(build.set_fact(draft, fact.id, delete=True))

# --- save ----------------------------------------------------------------------------------------------------
st.markdown("### Save")
try:
    build.to_rubric(draft)
    yaml_text = build.to_rubric_yaml(draft)
except MarkerError as exc:
    st.error(escape_markdown(str(exc)))
    st.stop()
folder = user_rubric_dir()
st.caption(f"Saved rubrics go to {folder} and are listed beside the shipped ones wherever a rubric is chosen.")
if st.button("Save to my rubrics", key="save_rubric"):
    path = build.save_draft(draft, folder)
    st.success(f"Saved {draft.rubric_id} to {path}")
st.download_button("Download the rubric (YAML)", yaml_text, file_name=f"{draft.rubric_id}.yaml",
                   mime="application/x-yaml", key="download_rubric")

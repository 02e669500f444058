"""Build a rubric (teachers): upload source documents, check the draft against the passages it came from, and edit
every part of it: points (add, edit, merge, split, delete, reorder), example phrasings, key terms, debates, facts,
levels and the question. Then mark it reviewed and save it, or download it.

The draft lives in this session until it is saved; every edit goes through marker.build, so what is saved is
exactly what `marker rubric build` and `marker rubric check` would accept. A saved draft keeps `status: draft` until
the teacher marks it reviewed, so it is not offered to students or in Calibrate before then. The sections a teacher
was working in stay open after each edit (their keys are kept in the session).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import streamlit as st

from app_pages.signin import page_user
from marker import build
from marker.errors import MarkerError
from marker.ingest import SUPPORTED, essay_from_bytes
from marker.report import escape_markdown
from marker.review import lacks
from marker.rubric import user_rubric_dir

DRAFT = "builder_draft"
OPEN = "builder_open"  # keys of the sections the teacher last worked in: they stay open

page_user("build")
st.title("Build a rubric")
st.caption("Upload your notes, slides, mind maps, textbook chapters and model answers. marker drafts the key points, "
           "debates and facts; you check and edit them before the rubric is used. Facts start unverified: sources "
           "contain slips.")

uploads = st.file_uploader("Source documents", type=[ext.lstrip(".") for ext in SUPPORTED],
                           accept_multiple_files=True, key="builder_uploads")
title = st.text_input("Topic title", key="builder_title", placeholder="e.g. The Weimar Republic 1918-33")
question = st.text_input("Essay question (optional)", key="builder_question")

if st.button("Draft the rubric", key="builder_run", disabled=not (uploads and title.strip())):
    docs, unreadable = [], []
    for u in uploads:
        try:
            docs.append((u.name, essay_from_bytes(u.getvalue(), u.name).text))
        except MarkerError as exc:
            unreadable.append(f"left out: {exc}")
    try:
        if not docs:
            raise build.BuildError("no document could be read: " + " ".join(unreadable))
        with st.spinner("Reading the documents and grouping their arguments…"):
            made = build.build_draft(docs, title.strip(), question=question.strip() or None)
        st.session_state[DRAFT] = replace(made, notes=tuple(unreadable) + made.notes) if unreadable else made
        st.session_state[OPEN] = set()
    except MarkerError as exc:
        st.error(escape_markdown(str(exc)))

draft: build.Draft | None = st.session_state.get(DRAFT)
if draft is None:
    st.info("Upload one or more documents and give the topic a title to draft a rubric.")
    st.stop()


def is_open(key: str) -> bool:
    return key in st.session_state.get(OPEN, set())


def apply(new_draft: build.Draft, section: str | None = None) -> None:
    """Keep the edit, keep the section the teacher worked in open, and redraw."""
    st.session_state[DRAFT] = new_draft
    if section:
        st.session_state[OPEN] = st.session_state.get(OPEN, set()) | {section}
    st.rerun()


def attempt(section: str, edit, *args, **kwargs) -> None:
    """Apply an edit from marker.build, or say why it cannot be made (and keep the section open)."""
    try:
        new = edit(*args, **kwargs)
    except MarkerError as exc:
        st.session_state[OPEN] = st.session_state.get(OPEN, set()) | {section}
        st.error(escape_markdown(str(exc)))
    else:
        apply(new, section)


def split_list(text: str, sep: str = ",") -> list[str]:
    return [t.strip() for t in text.split(sep) if t.strip()]


for note in draft.notes:
    st.warning(escape_markdown(note))
st.subheader(f"{len(draft.points)} points, {len(draft.debates)} debates, {len(draft.facts)} facts")
new_question = st.text_input("Question students answer", draft.question, key="builder_question_edit")
if new_question.strip() and new_question.strip() != draft.question and st.button("Save question",
                                                                                  key="save_question"):
    apply(replace(draft, question=build.tidy_question(new_question)))

# --- points --------------------------------------------------------------------------------------------------
st.markdown("### Points")
st.caption("Each point shows the passages it was drawn from. Edit the example phrasings (one a line: the ways a "
           "student might make the point), tick passages and press *Split* to move them into a new point.")
for pos, point in enumerate(draft.points):
    section = f"point:{point.id}"
    with st.expander(f"{pos + 1}. {point.title}  ·  {len(point.passages)} phrasings from "
                     f"{len(point.documents)} document(s)", expanded=is_open(section)):
        new_title = st.text_input("Title (the argument)", point.title, key=f"title_{point.id}")
        new_terms = st.text_input("Key terms (comma-separated)", ", ".join(point.key_terms), key=f"terms_{point.id}")
        new_importance = st.slider("Importance", 0.0, 1.0, float(point.importance), 0.05, key=f"imp_{point.id}")
        shown = [" ".join(p.text.split()) for p in point.passages]
        new_phrasings = st.text_area("Example phrasings (one a line)", "\n".join(shown),
                                     key=f"phr_{point.id}", height=160)
        chosen = []
        for k, passage in enumerate(point.passages):
            if st.checkbox(f"{passage.document}: {passage.text}", key=f"pass_{point.id}_{k}"):
                chosen.append(k)
        cols: Sequence[Any] = st.columns(5)
        if cols[0].button("Save edits", key=f"save_{point.id}"):
            try:
                edited = build.update_point(draft, point.id, title=new_title.strip() or point.title,
                                            key_terms=split_list(new_terms), importance=new_importance)
                lines = split_list(new_phrasings, "\n")
                if lines != shown:
                    edited = build.set_phrasings(edited, point.id, lines)
            except MarkerError as exc:
                st.error(escape_markdown(str(exc)))
            else:
                apply(edited, section)
        if cols[1].button("Up", key=f"up_{point.id}", disabled=pos == 0):
            apply(build.move_point(draft, point.id, -1), section)
        if cols[2].button("Down", key=f"down_{point.id}", disabled=pos == len(draft.points) - 1):
            apply(build.move_point(draft, point.id, 1), section)
        if cols[3].button("Split", key=f"split_{point.id}"):
            attempt(section, build.split_point, draft, point.id, chosen)
        if cols[4].button("Delete", key=f"delete_{point.id}"):
            apply(build.delete_point(draft, point.id))

merge_ids = st.multiselect("Merge points (into the first chosen)", [p.id for p in draft.points], key="merge_ids")
if st.button("Merge", key="merge", disabled=len(merge_ids) < 2):
    apply(build.merge_points(draft, merge_ids), f"point:{merge_ids[0]}")

with st.expander("Add a point", expanded=is_open("add_point")):
    add_title = st.text_input("Title (the argument, e.g. 'Land hunger turned the peasants against the war')",
                              key="add_point_title")
    add_phrasings = st.text_area("Example phrasings (at least two, one a line)", key="add_point_phrasings")
    add_terms = st.text_input("Key terms (comma-separated)", key="add_point_terms")
    if st.button("Add the point", key="add_point"):
        attempt("add_point", build.add_point, draft, add_title, split_list(add_phrasings, "\n"),
                split_list(add_terms))

# --- debates -------------------------------------------------------------------------------------------------
st.markdown("### Debates")
if not draft.debates:
    st.info("No passage in the documents weighs one explanation against another: add the debate the question "
            "turns on.")
point_ids = [p.id for p in draft.points]
for debate in draft.debates:
    section = f"debate:{debate.id}"
    with st.expander(debate.title, expanded=is_open(section)):
        new_title = st.text_input("Title", debate.title, key=f"deb_title_{debate.id}")
        sides = []
        for k, side in enumerate(debate.sides):
            label = st.text_input(f"Side {k + 1}", side.label, key=f"deb_label_{debate.id}_{k}")
            cues = st.text_input("Words that signal this side (comma-separated)", ", ".join(side.cues),
                                 key=f"deb_cues_{debate.id}_{k}")
            pts = st.multiselect("Points this side draws on", point_ids,
                                 default=[p for p in side.points if p in point_ids], key=f"deb_pts_{debate.id}_{k}")
            sides.append((label, split_list(cues), pts))
        shown_debate = [" ".join(p.text.split()) for p in debate.passages]
        debate_phrasings = st.text_area("Example phrasings (one a line: how an essay might weigh the sides)",
                                        "\n".join(shown_debate), key=f"deb_phr_{debate.id}", height=120)
        for passage in debate.passages:
            if passage.document != build.TEACHER:
                st.caption(f"{passage.document}: {passage.text}")
        cols = st.columns(2)
        if cols[0].button("Save debate", key=f"deb_save_{debate.id}"):
            lines = split_list(debate_phrasings, "\n")
            attempt(section, build.update_debate, draft, debate.id, title=new_title, sides=sides,
                    phrasings=lines if lines != shown_debate else None)
        if cols[1].button("Delete debate", key=f"deb_delete_{debate.id}"):
            apply(build.update_debate(draft, debate.id, delete=True))

with st.expander("Add a debate", expanded=is_open("add_debate")):
    side_a = st.text_input("Side 1 (e.g. 'inevitable')", key="add_debate_a")
    side_b = st.text_input("Side 2 (e.g. 'avoidable mistakes')", key="add_debate_b")
    if st.button("Add the debate", key="add_debate"):
        attempt("add_debate", build.add_debate, draft, side_a, side_b)

# --- facts ---------------------------------------------------------------------------------------------------
st.markdown("### Facts")
st.caption("Only verified facts are used to flag errors in essays. Check each against a reliable source.")
PRECISIONS = ["day", "month", "year"]
CALENDARS: dict[str, str] = {"gregorian": "New Style (Gregorian)", "julian": "Old Style (Julian)"}
CALENDAR_IDS: list[str] = list(CALENDARS)


def calendar_name(calendar: str) -> str:
    return CALENDARS[calendar]


def parse_date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text.strip() else None


for fact in draft.facts:
    section = f"fact:{fact.id}"
    with st.expander(f"{'✔' if fact.verified else '?'} {fact.statement}", expanded=is_open(section)):
        st.caption(f"From {fact.passage.document}: {fact.passage.text}")
        statement = st.text_input("Statement", fact.statement, key=f"fact_text_{fact.id}")
        date_text = st.text_input("Date (YYYY-MM-DD, blank for none)",
                                  fact.date.isoformat() if fact.date else "", key=f"fact_date_{fact.id}")
        precision = st.selectbox("Precision", PRECISIONS, index=PRECISIONS.index(fact.precision),
                                 key=f"fact_prec_{fact.id}")
        calendar = st.selectbox("Calendar the date is given in", CALENDAR_IDS, format_func=calendar_name,
                                index=CALENDAR_IDS.index(fact.calendar), key=f"fact_cal_{fact.id}")
        cols = st.columns(4)
        for col, label, key, verified in ((cols[0], "Verify", "verify", True), (cols[1], "Save", "fact_save", None)):
            if col.button(label, key=f"{key}_{fact.id}"):  # Save corrects without verifying
                try:
                    date = parse_date(date_text)
                except ValueError:
                    st.error("Write the date as YYYY-MM-DD.")
                else:
                    apply(build.set_fact(draft, fact.id, verified=verified, statement=statement, date=date,
                                         precision=precision, calendar=calendar), section)
        if cols[2].button("Unverify", key=f"unverify_{fact.id}", disabled=not fact.verified):
            apply(build.set_fact(draft, fact.id, verified=False), section)
        if cols[3].button("Delete", key=f"fact_delete_{fact.id}"):
            apply(build.set_fact(draft, fact.id, delete=True))

with st.expander("Add a fact", expanded=is_open("add_fact")):
    fact_text = st.text_input("Statement (e.g. 'Treaty of X: 1922')", key="add_fact_text")
    fact_date = st.text_input("Date (YYYY-MM-DD, blank for none)", key="add_fact_date")
    fact_prec = st.selectbox("Precision", PRECISIONS, index=2, key="add_fact_prec")
    fact_cal = st.selectbox("Calendar the date is given in", CALENDAR_IDS, format_func=calendar_name,
                            key="add_fact_cal")
    fact_checked = st.checkbox("I have checked this fact", key="add_fact_verified")
    if st.button("Add the fact", key="add_fact"):
        try:
            date = parse_date(fact_date)
        except ValueError:
            st.session_state[OPEN] = st.session_state.get(OPEN, set()) | {"add_fact"}
            st.error("Write the date as YYYY-MM-DD.")
        else:
            attempt("add_fact", build.add_fact, draft, fact_text, date=date, precision=fact_prec,
                    verified=fact_checked, calendar=fact_cal)

# --- levels --------------------------------------------------------------------------------------------------
st.markdown("### Levels")
levels = list(draft.levels or build.default_levels())
with st.expander(f"{len(levels)} levels, marked out of {max(hi for _, (_, hi), _ in levels)}",
                 expanded=is_open("levels")):
    edited_levels = []
    for lv, (lo, hi), text in levels:
        cols = st.columns([1, 1, 4])
        low = cols[0].number_input(f"Level {lv} from", 0, 200, lo, key=f"lv_lo_{lv}")
        high = cols[1].number_input("to", 0, 200, hi, key=f"lv_hi_{lv}")
        descriptor = cols[2].text_area("Descriptor", text, key=f"lv_text_{lv}", height=80)
        edited_levels.append((lv, (int(low), int(high)), descriptor))
    cols = st.columns(3)
    if cols[0].button("Save levels", key="levels_save"):
        attempt("levels", build.set_levels, draft, edited_levels)
    if cols[1].button("Add a level", key="levels_add"):
        top, (_low, top_hi), _text = levels[-1]
        attempt("levels", build.set_levels, draft, [*levels, (top + 1, (top_hi + 1, top_hi + 5), "Describe it.")])
    if cols[2].button("Remove the top level", key="levels_remove", disabled=len(levels) < 2):
        attempt("levels", build.set_levels, draft, levels[:-1])

# --- review and save -----------------------------------------------------------------------------------------
st.markdown("### Review and save")
try:
    rubric = build.to_rubric(draft)
    yaml_text = build.to_rubric_yaml(draft)
except MarkerError as exc:
    st.error(escape_markdown(str(exc)))
    st.stop()
gaps = [g for g in lacks(rubric) if not g.startswith("it is a draft")]
if gaps:
    st.warning("Still lacking:\n" + "\n".join(f"- {escape_markdown(g)}" for g in gaps))
reviewed = st.checkbox("I have checked this rubric: offer it to students and in Calibrate",
                       value=draft.status == "reviewed", key="builder_reviewed")
if reviewed != (draft.status == "reviewed"):
    apply(build.mark_reviewed(draft, reviewed))
folder = user_rubric_dir()
st.caption(f"Saved rubrics go to {folder}. A draft is listed for marking but not offered to students or in "
           "Calibrate until it is marked reviewed.")
if st.button("Save to my rubrics", key="save_rubric"):
    path = build.save_draft(draft, folder)
    st.success(f"Saved {draft.rubric_id} ({draft.status}) to {path}")
st.download_button("Download the rubric (YAML)", yaml_text, file_name=f"{draft.rubric_id}.yaml",
                   mime="application/x-yaml", key="download_rubric")

"""Rubrics: browse the questions, points, debates, facts and levels of every rubric; check an uploaded rubric file."""

import pandas as pd
import streamlit as st

from app_pages.common import choose_rubric
from app_pages.signin import page_user
from marker.errors import RubricError
from marker.report import escape_markdown
from marker.rubric import parse_rubric

page_user("rubrics")
st.title("Rubrics")
rubric = choose_rubric("rubric_browse")
st.markdown(f"**{escape_markdown(rubric.title)}**  \n{escape_markdown(rubric.qualification)} "
            f"{escape_markdown(rubric.subject)} · version {rubric.version} · marked out of {rubric.max_mark}")

questions, points, debates, facts, levels = st.tabs(["Questions", "Points", "Debates", "Facts", "Levels"])
with questions:
    st.dataframe(pd.DataFrame([{"id": q.id, "question": q.text} for q in rubric.questions]), hide_index=True)
with points:
    st.dataframe(
        pd.DataFrame([{"point": p.title, "importance": p.importance, "what to explain": p.description,
                       "target for students": p.target, "prompt": p.prompt} for p in rubric.factors]),
        hide_index=True,
        column_config={"importance": st.column_config.ProgressColumn("importance", min_value=0, max_value=1,
                                                                     format="%.2f")},
    )
with debates:
    for d in rubric.debates:
        with st.expander(d.title):
            st.write(d.description)
            for side in d.sides:
                names = ", ".join(rubric.point_by_id[pid].title for pid in side.points)
                st.markdown(f"**{escape_markdown(side.label)}**" + (f": {escape_markdown(names)}" if names else ""))
with facts:
    verified = sum(f.verified for f in rubric.facts)
    st.caption(f"{verified} of {len(rubric.facts)} facts verified; only verified facts are used to flag errors.")
    st.dataframe(pd.DataFrame([{"fact": f.statement, "verified": f.verified} for f in rubric.facts]),
                 hide_index=True)
with levels:
    st.dataframe(pd.DataFrame([
        {"level": lv.level, "marks": f"{lv.marks[0]}-{lv.marks[1]}", "descriptor": lv.descriptor}
        for lv in sorted(rubric.levels, key=lambda lv: -lv.level)
    ]), hide_index=True)

st.subheader("Check a rubric file")
upload = st.file_uploader("Upload a rubric YAML to validate it (nothing is saved)", type=["yaml", "yml"],
                          key="rubric_upload")
if upload is not None:
    try:
        checked = parse_rubric(upload.getvalue().decode("utf-8", errors="replace"), upload.name)
    except RubricError as exc:
        problems = str(exc).splitlines()
        st.error(f"{len(problems)} problem(s) to fix:\n\n" + "\n".join(f"- {escape_markdown(p)}" for p in problems))
    else:
        st.success(f"{escape_markdown(upload.name)} is a valid rubric: {len(checked.factors)} factors, "
                   f"{len(checked.debates)} debates, {len(checked.facts)} facts, {len(checked.levels)} levels.")

"""Rubrics: browse the points, debates, facts and levels of every rubric; validate an uploaded rubric."""

import pandas as pd
import streamlit as st

from app_pages.common import choose_rubric
from marker.errors import RubricError
from marker.rubric import parse_rubric

st.title("Rubrics")
rubric = choose_rubric("rubric_browse")
st.caption(f"{rubric.qualification} {rubric.subject} · version {rubric.version}")
st.subheader("Points and debates")
st.dataframe(pd.DataFrame([
    {"id": p.id, "kind": p.kind, "title": p.title, "importance": p.importance, "target": p.target}
    for p in rubric.points
]), hide_index=True)
st.subheader("Levels")
st.dataframe(pd.DataFrame([
    {"level": lv.level, "marks": f"{lv.marks[0]}-{lv.marks[1]}", "descriptor": lv.descriptor}
    for lv in sorted(rubric.levels, key=lambda lv: -lv.level)
]), hide_index=True)
st.subheader("Facts")
st.dataframe(pd.DataFrame([
    {"id": f.id, "verified": f.verified, "statement": f.statement} for f in rubric.facts
]), hide_index=True)

st.subheader("Check a rubric file")
upload = st.file_uploader("Upload a rubric YAML", type=["yaml", "yml"])
if upload is not None:
    try:
        checked = parse_rubric(upload.getvalue().decode("utf-8", errors="replace"), upload.name)
        st.success(f"{upload.name} is valid: {len(checked.factors)} factors, {len(checked.debates)} debates, "
                   f"{len(checked.facts)} facts.")
    except RubricError as exc:
        st.error(str(exc))

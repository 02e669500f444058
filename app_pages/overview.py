"""Class overview: which points each student covered, what the class most often missed or got wrong, and how
the levels fall, for the class open on the Mark a class page (teacher's changes included)."""

import altair as alt
import pandas as pd
import streamlit as st

from app_pages import classpage
from app_pages.common import store
from app_pages.signin import page_user
from marker.classview import heatmap_cells, level_distribution, most_common_errors, most_missing
from marker.highlight import PALETTE
from marker.report import escape_markdown

STATUS_COLOURS = alt.Scale(domain=["covered", "partial", "missing"], range=[PALETTE[4], PALETTE[1], "#EEEEEE"])

page_user("overview")
st.title("Class overview")
essays, rubric, record = classpage.current_class(store())
if not essays:
    st.info("Mark or open a class first.")
    st.page_link("app_pages/mark.py", label="Mark a class", icon=":material/school:")
    st.stop()

anonymous = st.session_state.get("anonymous", False)
essays = classpage.in_order(essays, anonymous)
finals = [e.final for e in essays]
st.caption(f"{escape_markdown(record.name) if record else 'This session'} · {len(essays)} essays")

st.subheader("Points covered, essay by essay")
cells = pd.DataFrame(heatmap_cells(essays, rubric, anonymous=anonymous))
point_order = [p.title for p in rubric.points]
student_order = list(dict.fromkeys(cells["student"]))
# One column per student, wide enough for its label: every student is labelled, however large the class.
heatmap = alt.Chart(cells, height=alt.Step(18), width=alt.Step(20)).mark_rect().encode(
    x=alt.X("student:N", title=None, sort=student_order,
            axis=alt.Axis(orient="top", labelAngle=-60, labelLimit=160, labelOverlap=False)),
    y=alt.Y("point:N", sort=point_order, title=None, axis=alt.Axis(labelLimit=320, labelOverlap=False)),
    color=alt.Color("status:N", scale=STATUS_COLOURS, title="Status"),
    stroke=alt.condition("datum.by == 'teacher'", alt.value("#1F2933"), alt.value("white")),  # the teacher's: outlined
    strokeWidth=alt.condition("datum.by == 'teacher'", alt.value(2), alt.value(1)),
    tooltip=["student", "point", "status", alt.Tooltip("by:N", title="decided by")],
)
st.altair_chart(heatmap, width="content")
st.caption("Outlined cells are your decisions; the rest are the machine's. Hover over a cell for who decided it.")

left, right = st.columns(2, gap="large")
with left:
    st.subheader("Most often missing")
    missing = pd.DataFrame(most_missing(finals, rubric), columns=["factor", "essays"])
    if missing.empty:
        st.caption("Every essay covers every factor.")
    else:
        st.altair_chart(alt.Chart(missing).mark_bar(color=PALETTE[5]).encode(
            x=alt.X("essays:Q", title="essays missing it", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("factor:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            tooltip=["factor", "essays"]))
with right:
    st.subheader("Levels")
    levels = pd.DataFrame(level_distribution(finals, rubric), columns=["level", "essays"])
    st.altair_chart(alt.Chart(levels).mark_bar(color=PALETTE[4]).encode(
        x=alt.X("level:O", title="level"), y=alt.Y("essays:Q", axis=alt.Axis(tickMinStep=1)),
        tooltip=["level", "essays"]))

st.subheader("Most common factual errors")
errors = pd.DataFrame(most_common_errors(finals, rubric), columns=["correct fact", "essays"])
if errors.empty:
    st.caption("No factual errors were flagged.")
else:
    st.dataframe(errors, hide_index=True, column_config={
        "essays": st.column_config.ProgressColumn("essays", min_value=0, max_value=len(essays), format="%d")})

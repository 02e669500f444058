"""Calibrate (heads of department): the department's marks on the same essays in, agreement out.

Each teacher is compared with the median of the other teachers and the tool with the median of all of them; the
widest disagreements name the rubric points behind the tool's side; seed scripts check every marker against the
tolerance; one button refits the tool on the consensus and shows the held-out agreement before and after;
only then can a calibrated copy of the rubric be saved (never the original), and a refit that agrees worse
only when the head of department confirms it. Every figure comes from marker.calibrate, exactly as `marker calibrate` computes it.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.common import available_rubric_labels, choose_rubric, rubric_and_models, store
from app_pages.signin import page_user
from marker import calibrate as cal
from marker.classview import UPLOAD_TYPES, submissions_from_upload
from marker.errors import MarkerError
from marker.highlight import PALETTE
from marker.report import escape_markdown

ESSAYS_KEY = "calibration_essays"  # (signature, essays, prepared, tool reports): the tool reads each essay once
REFIT_KEY = "calibration_refit"  # (signature, marks, fit, saved or None, run id) of the last refit
VERDICT_COLOURS = alt.Scale(domain=["harsh", "in line", "lenient"], range=[PALETTE[4], PALETTE[7], PALETTE[5]])
MARK_COLUMNS = ["essay", "marker", "mark", "level"]


# --- helpers (pure, so the page below stays a thin view) ---------------------------------------------------------

def essays_from_uploads(uploads, rubric, question_id):
    """Uploaded files (or zips of them) as calibration essays named by file stem, plus the reasons any were skipped."""
    essays, problems = [], []
    seen: dict[str, str] = {}
    for upload in uploads:
        for sub in submissions_from_upload(upload.name, upload.getvalue()):
            if sub.error is not None:
                problems.append(sub.error)
                continue
            name = Path(sub.name).stem
            if name.casefold() in seen:
                problems.append(f"{sub.name}: another essay is also called {name!r} ({seen[name.casefold()]}); "
                                "rename one so the marks can tell them apart. It was left out.")
                continue
            seen[name.casefold()] = sub.name
            essays.append(cal.CalibrationEssay(name, None, sub.text, None, question_id))
    return essays, problems


def uploads_signature(rubric_id, question_id, uploads) -> str:
    """What the tool's reading of the essays depends on; the essays are read again only when it changes."""
    digest = hashlib.sha256(f"{rubric_id}\0{question_id}".encode())
    for upload in uploads:
        digest.update(upload.name.encode() + b"\0" + hashlib.sha256(upload.getvalue()).digest())
    return digest.hexdigest()


def _cell(value) -> str:
    """An editor cell as CSV text: whole numbers without '.0', blanks for empty cells."""
    if value is None or pd.isna(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def editor_csv(frame: pd.DataFrame) -> str:
    """Typed marks as the CSV text parse_marks checks: typed and uploaded marks obey one set of rules."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(MARK_COLUMNS)
    for _, row in frame.iterrows():
        cells = [_cell(row.get(column)) for column in MARK_COLUMNS]
        if any(cells):
            writer.writerow(cells)
    return out.getvalue()


def agreement_frame(raters) -> pd.DataFrame:
    return pd.DataFrame([{
        "rater": r.rater, "essays": r.essays, "QWK": r.qwk, "exact level": r.exact, "adjacent level": r.adjacent,
        "mark MAE": r.mark_mae, "within tolerance": r.within_tolerance, "bias": r.bias, "verdict": r.verdict,
    } for r in raters])


AGREEMENT_COLUMNS = {
    "QWK": st.column_config.NumberColumn(format="%.2f", help="Quadratic weighted kappa of levels (1 = perfect)"),
    "exact level": st.column_config.NumberColumn(format="percent"),
    "adjacent level": st.column_config.NumberColumn(format="percent", help="Within one level"),
    "mark MAE": st.column_config.NumberColumn(format="%.2f", help="Mean absolute difference in marks"),
    "within tolerance": st.column_config.NumberColumn(format="percent"),
    "bias": st.column_config.NumberColumn(format="%+.1f", help="Mean mark minus consensus: + lenient, - harsh"),
}


def tool_gap_frame(report) -> pd.DataFrame:
    rows = []
    for gap in report.tool_disagreements:
        what = "credited" if gap.difference > 0 else "not credited"
        drivers = "; ".join(f"{d.title} ({d.status}, {d.marks:+.1f})" for d in gap.drivers)
        rows.append({"essay": gap.essay, "tool": gap.tool_mark, "consensus": gap.consensus,
                     "difference": gap.difference, "points behind the tool's mark": f"{what}: {drivers}"
                     if drivers else ""})
    return pd.DataFrame(rows)


def teacher_gap_frame(report) -> pd.DataFrame:
    return pd.DataFrame([{"essay": d.essay, "spread": d.spread,
                          "marks": ", ".join(f"{k} {v}" for k, v in sorted(d.marks.items(),
                                                                         key=lambda kv: kv[0].casefold()))}
                         for d in report.teacher_disagreements])


def tool_scatter(report, rubric) -> alt.LayerChart | alt.FacetChart:
    """The tool's mark against the consensus, one point per essay; on the dashed line they agree."""
    points = pd.DataFrame([{"essay": e.essay, "consensus": e.consensus, "tool": e.tool_mark}
                           for e in report.essays if e.consensus is not None and e.tool_mark is not None])
    scale = alt.Scale(domain=[0, rubric.max_mark])
    diagonal = alt.Chart(pd.DataFrame({"consensus": [0, rubric.max_mark], "tool": [0, rubric.max_mark]})).mark_line(
        color=PALETTE[7], strokeDash=[4, 4]).encode(x=alt.X("consensus:Q", scale=scale), y=alt.Y("tool:Q", scale=scale))
    dots = alt.Chart(points).mark_circle(size=70, color=PALETTE[4]).encode(
        x=alt.X("consensus:Q", scale=scale, title="department consensus (median mark)"),
        y=alt.Y("tool:Q", scale=scale, title="tool's mark"), tooltip=["essay", "consensus", "tool"])
    return alt.layer(diagonal, dots)


def confusion_chart(report, rubric) -> alt.LayerChart | alt.FacetChart:
    labels, matrix = cal.level_confusion(report, rubric)
    cells = pd.DataFrame([{"consensus level": labels[i], "tool level": labels[j], "essays": matrix[i][j]}
                          for i in range(len(labels)) for j in range(len(labels))])
    base = alt.Chart(cells).encode(x=alt.X("tool level:O"), y=alt.Y("consensus level:O", sort="descending"))
    heat = base.mark_rect(stroke="white").encode(
        color=alt.Color("essays:Q", scale=alt.Scale(scheme="blues"), legend=None),
        tooltip=["consensus level", "tool level", "essays"])
    counts = base.mark_text().encode(text=alt.condition("datum.essays > 0", "essays:Q", alt.value("")))
    return alt.layer(heat, counts)


def bias_chart(report, tolerance: int) -> alt.LayerChart | alt.FacetChart:
    bias = pd.DataFrame([{"rater": r.rater, "bias": r.bias, "verdict": r.verdict}
                         for r in report.raters if r.bias is not None])
    bars = alt.Chart(bias).mark_bar().encode(
        x=alt.X("bias:Q", title="mean mark minus consensus (- harsh, + lenient)"),
        y=alt.Y("rater:N", sort=None, title=None, axis=alt.Axis(labelLimit=220)),
        color=alt.Color("verdict:N", scale=VERDICT_COLOURS, title="verdict"), tooltip=["rater", "bias", "verdict"])
    limits = pd.DataFrame({"bias": [-tolerance / 2, tolerance / 2]})
    return alt.layer(bars, alt.Chart(limits).mark_rule(color=PALETTE[7], strokeDash=[3, 3]).encode(x="bias:Q"))


def seed_frame(report) -> pd.DataFrame:
    return pd.DataFrame([{"rater": s.rater, "seeds marked": s.seeds, "within tolerance": s.within,
                          "largest difference": s.max_difference, "mean difference": s.mean_difference,
                          "result": "no seed marked" if s.passed is None else "PASS" if s.passed else "FAIL"}
                         for s in report.seeds])


def keep_run(report, fit=None, saved=None):
    """The run in the app's store (MARKER_DB_URL); None when the store is unavailable."""
    kept = store()
    if kept is None:
        return None
    return kept.save_calibration_run(report.rubric, cal.to_dict(report, fit, saved),
                                     saved.rubric_path if saved else None)


# --- the page ----------------------------------------------------------------------------------------------------

user = page_user("calibrate")  # on a server: a head of department, named when confirming a refit
st.title("Calibrate")
st.caption("Every teacher marks the same essays. Each teacher is compared with the median of the other teachers, "
           "the tool with the median of all of them; then the tool can be fitted to your department's standard.")

with st.container(border=True):
    rubric = choose_rubric("cal_rubric", ready_only=True)
    models = rubric_and_models(rubric.id)[1]
    question = st.selectbox("Question", [None, *rubric.questions], key="cal_question",
                            format_func=lambda q: "Detect from each essay" if q is None else q.text)
    question_id = question.id if question is not None else None
    uploads = st.file_uploader("Essays: select many at once, or a .zip of them", type=list(UPLOAD_TYPES),
                               accept_multiple_files=True, key="cal_uploads")

if not uploads:
    st.info("Upload the essays the department marked, then give the teachers' marks.")
    st.stop()

signature = uploads_signature(rubric.id, question_id, uploads)
cached = st.session_state.get(ESSAYS_KEY)
if cached is None or cached[0] != signature:
    essays, problems = essays_from_uploads(uploads, rubric, question_id)
    bar = st.progress(0.0, text=f"Reading {len(essays)} essays…")
    prepared = cal.prepare_essays(essays, rubric, progress=lambda done, total: bar.progress(
        done / total, text=f"Read {done} of {total} essays"))
    bar.empty()
    tool = cal.tool_reports(essays, prepared, rubric, models)
    cached = (signature, essays, prepared, tool, problems)
    st.session_state[ESSAYS_KEY] = cached
_, essays, prepared, tool, problems = cached
for problem in problems:
    st.warning(escape_markdown(problem))
if not essays:
    st.stop()
names = [e.name for e in essays]

with st.container(border=True):
    source = st.radio("Teachers' marks", ["Upload a marks CSV", "Enter marks here"], horizontal=True,
                      key="cal_marks_source")
    if source == "Upload a marks CSV":
        st.caption("One row per essay and teacher: columns essay, marker, mark and, optionally, level. Essays are "
                   "named by file name or by name without the extension.")
        marks_file = st.file_uploader("Marks CSV", type=["csv"], key="cal_marks")
        marks_text, marks_source = (marks_file.getvalue().decode("utf-8-sig", errors="replace"), marks_file.name) \
            if marks_file else (None, "")
    else:
        blank = pd.DataFrame({"essay": pd.Series(dtype="str"), "marker": pd.Series(dtype="str"),
                              "mark": pd.Series(dtype="Float64"), "level": pd.Series(dtype="Float64")})
        typed = st.data_editor(blank, num_rows="dynamic", key="cal_editor", hide_index=True, column_config={
            "essay": st.column_config.SelectboxColumn(options=names, required=True),
            "marker": st.column_config.TextColumn(required=True),
            "mark": st.column_config.NumberColumn(min_value=0, max_value=rubric.max_mark, step=1, required=True),
            "level": st.column_config.NumberColumn(min_value=0, step=1, help="optional"),
        })
        marks_text, marks_source = (editor_csv(typed), "the marks table") if len(typed) else (None, "")
    left, right = st.columns(2)
    with left:
        seeds_file = st.file_uploader("Seed scripts (optional): CSV with columns essay, mark", type=["csv"],
                                      key="cal_seeds")
    with right:
        tolerance = st.number_input("Tolerance (marks either side)", min_value=0, max_value=rubric.max_mark,
                                    value=cal.DEFAULT_TOLERANCE, step=1, key="cal_tolerance")

if marks_text is None:
    st.info("Give the teachers' marks to compare them with each other and with the tool.")
    st.stop()

try:
    marks = cal.parse_marks(marks_text, names, rubric, source=marks_source)
    seeds = cal.parse_seeds(seeds_file.getvalue().decode("utf-8-sig", errors="replace"), names, rubric,
                            source=seeds_file.name) if seeds_file else None
    report = cal.agreement(marks, rubric, tool=tool, models=models, tolerance=int(tolerance), seeds=seeds)
except MarkerError as exc:
    st.error(escape_markdown(str(exc)))
    st.stop()

marked = sum(bool(e.marks) for e in report.essays)
st.subheader("Agreement")
st.caption(f"{marked} essays marked by {len(report.markers)} teachers · tolerance ±{report.tolerance} marks · "
           "each teacher against the median of the others, the tool against the median of all.")
st.dataframe(agreement_frame(report.raters), hide_index=True, key="cal_agreement", column_config=AGREEMENT_COLUMNS)
for verdict in ("harsh", "lenient"):
    who = [r for r in report.raters if r.verdict == verdict]
    if who:
        st.markdown(f"**{verdict.capitalize()}:** " + ", ".join(
            f"{escape_markdown(r.rater)} ({r.bias:+.1f} marks on average)" for r in who))

left, middle, right = st.columns(3, gap="large")
with left:
    st.markdown("**The tool against the consensus**")
    st.altair_chart(tool_scatter(report, rubric))
with middle:
    st.markdown("**Levels: consensus (rows) and tool (columns)**")
    st.altair_chart(confusion_chart(report, rubric))
with right:
    st.markdown("**Bias per marker**")
    st.altair_chart(bias_chart(report, report.tolerance))

st.subheader("Widest disagreements")
left, right = st.columns(2, gap="large")
with left:
    st.markdown("**Between the tool and the consensus**")
    gaps = tool_gap_frame(report)
    if gaps.empty:
        st.caption("The tool gives the consensus mark on every essay.")
    else:
        st.dataframe(gaps, hide_index=True, key="cal_tool_gaps", column_config={
            "difference": st.column_config.NumberColumn(format="%+.1f")})
with right:
    st.markdown("**Between teachers**")
    spreads = teacher_gap_frame(report)
    if spreads.empty:
        st.caption("The teachers agree on every essay.")
    else:
        st.dataframe(spreads, hide_index=True, key="cal_teacher_gaps")

if report.seeds:
    st.subheader("Seed scripts")
    st.caption(f"Each marker against the definitive marks; a pass needs every seed within ±{report.tolerance}.")
    st.dataframe(seed_frame(report), hide_index=True, key="cal_seed_checks")

with st.expander("Every essay"):
    st.dataframe(pd.DataFrame([{"essay": e.essay, "consensus": e.consensus, "consensus level": e.consensus_level,
                                "tool": e.tool_mark, "tool level": e.tool_level, "seed": e.seed_mark,
                                **e.marks} for e in report.essays]), hide_index=True, key="cal_per_essay")

if st.button("Keep this comparison in the saved runs", key="cal_keep"):
    run = keep_run(report)
    if run is not None:
        st.success(f"Calibration run {run.id} saved.")

st.subheader("Fit the tool to the department")
st.caption("Refits the tool's level model on the consensus marks and shows how the tool agrees with the department "
           "before and after, measured on held-out essays only. Nothing is saved until you choose to keep it; the "
           "calibrated copy then goes to your rubric folder beside the original, which is never changed.")
try:
    cal.check_enough_to_refit(essays, marks)
    enough = True
except cal.CalibrationError as exc:
    st.error(escape_markdown(str(exc)))
    enough = False
if st.button("Refit and compare (nothing is saved yet)", type="primary", disabled=not enough, key="cal_refit"):
    try:
        with st.spinner("Refitting on the department's marks…"):
            fit = cal.refit(essays, prepared, marks, rubric, tolerance=int(tolerance), current=models)
    except MarkerError as exc:
        st.error(escape_markdown(str(exc)))
    else:
        st.session_state[REFIT_KEY] = (signature, marks_text, fit, None, None)

last = st.session_state.get(REFIT_KEY)
if last is not None and last[:2] == (signature, marks_text):
    _, _, fit, saved, run_id = last
    st.markdown(f"Held-out figures ({fit.folds}-fold cross-validation on {fit.essays} essays), the tool before and "
                f"after: {escape_markdown(fit.mode_text)}.")
    st.dataframe(agreement_frame([fit.before, fit.after]), hide_index=True, key="cal_refit_figures",
                 column_config=AGREEMENT_COLUMNS)
    worse = cal.refit_worse(fit)
    if saved is not None:
        st.success(f"Saved the calibrated rubric **{escape_markdown(saved.rubric_id)}** to "
                   f"`{saved.rubric_path}`" + (f" (run {run_id} kept)." if run_id else ".")
                   + " Choose it wherever a rubric is chosen to mark with it; every picker labels it as calibrated.")
    else:
        confirmed = True
        if worse:
            st.warning(f"The refitted tool agrees WORSE with your department than the current one on held-out "
                       f"essays ({escape_markdown(worse)}). It is not offered for marking unless the head of "
                       "department confirms it.")
            confirmed = st.checkbox("I am the head of department and want to keep the refit anyway",
                                    key="cal_confirm_worse")
        overwrite = st.checkbox("Replace an earlier calibrated copy of this rubric", key="cal_overwrite")
        if st.button("Save the calibrated rubric", key="cal_save", disabled=not confirmed):
            try:
                saved = cal.save_calibrated(fit, rubric, overwrite=overwrite,
                                            confirmed_by=(user.name if not user.is_local else "head of department")
                                            if worse else "")
            except MarkerError as exc:
                st.error(escape_markdown(str(exc)))
            else:
                available_rubric_labels.clear()
                run = keep_run(report, fit, saved)
                st.session_state[REFIT_KEY] = (signature, marks_text, fit, saved, run.id if run else None)
                st.rerun()

kept = store()
runs = kept.calibration_runs(rubric.id) if kept else []
if runs:
    with st.expander(f"Saved calibration runs for this rubric ({len(runs)})"):
        st.dataframe(pd.DataFrame([{"run": r.id, "date": r.created, "calibrated rubric": r.calibrated_path or "",
                                    "essays": r.figures.get("essays")} for r in reversed(runs)]),
                     hide_index=True, key="cal_runs")

"""The review screen of Mark a class: one essay beside the rubric, built for speed. Not a page itself.

Left: the essay, its highlights (all points, or one), and its errors with one-click dismiss/reinstate. Right, in a
panel that scrolls on its own: the judgement with a level-and-mark form that refuses a pair that does not fit, then
every rubric point as covered / partial / missing, set in one click and saved at once, with its evidence. Previous
and next (keys K and J) walk the essays in the order the results table shows them.
"""

from __future__ import annotations

import streamlit as st

from app_pages.common import show_errors, show_highlighted_essay
from app_pages.signin import current_user
from marker import access
from marker.changes import bands, flag_id, level_mark_problem
from marker.classview import ClassEssay
from marker.errors import MarkerError
from marker.report import escape_markdown, question_line
from marker.rubric import Rubric

CHOICE_KEY = "essay_choice"  # the essay open on the review screen (its id): selection follows the essay
REVISION_KEY = "override_revision"  # bumped after each save so every control starts from the saved state
FLASH_KEY = "override_flash"
WHO = "teacher"
STATUS_LABELS = {"covered": "✓ covered", "partial": "◐ partial", "missing": "✗ missing"}
ALL_POINTS = "__all__"


def step(order: list[int], by: int) -> None:
    """Open the essay `by` places on in `order` (the table's order), wrapping at the ends."""
    current = st.session_state.get(CHOICE_KEY)
    at = order.index(current) if current in order else 0
    st.session_state[CHOICE_KEY] = order[(at + by) % len(order)]


def navigator(essays: dict[int, ClassEssay], order: list[int], anonymous: bool) -> ClassEssay:
    """Previous / essay picker / next, over the essays the table shows (all of them when it shows none)."""
    order = order or list(essays)
    if st.session_state.get(CHOICE_KEY) not in essays:
        st.session_state[CHOICE_KEY] = order[0]
    current = st.session_state[CHOICE_KEY]
    choices = order if current in order else [current, *order]
    prev, pick, nxt, where = st.columns([1.2, 4, 1.2, 2], vertical_alignment="bottom")
    prev.button("Previous", key="essay_prev", shortcut="K", on_click=step, args=(order, -1), icon="⬅️",
                width="stretch", help="Previous essay in the table's order (key K)")
    pick.selectbox("Essay", choices, key=CHOICE_KEY, format_func=lambda i: essays[i].shown_name(anonymous))
    nxt.button("Next", key="essay_next", shortcut="J", on_click=step, args=(order, 1), icon="➡️",
               width="stretch", help="Next essay in the table's order (key J)")
    if current in order:
        where.caption(f"Essay {order.index(current) + 1} of {len(order)}")
    else:
        where.caption("Not in the filtered table")
    return essays[current]


def _rev(essay: ClassEssay) -> str:
    return f"{essay.id}_{st.session_state.setdefault(REVISION_KEY, 0)}"


def _save(saved, essay_id: int, message: str, **override) -> None:
    """Keep one override (beside the machine's report, with its audit record) and say so; a store error or a
    refusal (marker.access: the signed-in user may not change this essay) is shown, never raised."""
    try:
        access.change_judgement(saved, current_user(), essay_id=essay_id, who=WHO, **override)
    except MarkerError as exc:
        st.session_state[FLASH_KEY] = ("error", str(exc))
        return
    st.session_state[REVISION_KEY] = st.session_state.get(REVISION_KEY, 0) + 1
    st.session_state[FLASH_KEY] = ("success", message)


def _set_status(saved, essay: ClassEssay, pid: str, key: str) -> None:
    status = st.session_state.get(key)
    if status:
        _save(saved, essay.id, f"Saved: {essay.final.points[_index(essay, pid)].title} is {status}.",
              points={pid: status})


def _index(essay: ClassEssay, pid: str) -> int:
    return next(i for i, pm in enumerate(essay.final.points) if pm.id == pid)


def review(essay: ClassEssay, rubric: Rubric, saved, anonymous: bool) -> None:
    """The essay and its side panel."""
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        (st.success if flash[0] == "success" else st.error)(escape_markdown(flash[1]))
    editable = saved is not None and essay.id >= 0
    final = essay.final
    left, right = st.columns([11, 9], gap="medium")
    with left:
        st.markdown(f"#### {escape_markdown(essay.shown_name(anonymous))}")
        for warning in essay.report.warnings:
            st.warning(escape_markdown(warning))
        shown = [pm for pm in final.points if pm.status != "missing" and pm.evidence]
        only = st.selectbox("Show one point", [ALL_POINTS, *(pm.id for pm in shown)], key="show_one_point",
                            format_func=lambda pid: "All points" if pid == ALL_POINTS else next(
                                pm.title for pm in shown if pm.id == pid))
        show_highlighted_essay(final, None if only == ALL_POINTS else only)
        _errors(essay, saved if editable else None)
    with right, st.container(height=760, border=True, key="rubric_panel"):
        _judgement(essay, rubric, saved if editable else None)
        _points(essay, saved if editable else None)
        _feedback(final)
        if editable:
            _comment(essay, rubric, saved)
        else:
            st.info("Changes can only be kept for a saved class.")


def _judgement(essay: ClassEssay, rubric: Rubric, saved) -> None:
    machine, final = essay.report, essay.final
    st.metric("Machine's suggestion", f"Level {machine.level} · {machine.mark}/{rubric.max_mark}",
              help=f"Confidence {machine.judgement.confidence:.2f}" if machine.judgement else None)
    if essay.changes.judged:
        st.metric("Your judgement", f"Level {final.level} · {final.mark}/{rubric.max_mark}",
                  delta=(final.mark or 0) - (machine.mark or 0))
    if machine.judgement:
        with st.expander(f"Why level {machine.level}"):
            st.markdown(escape_markdown(machine.judgement.descriptor))
            st.markdown("\n".join(f"- {escape_markdown(r)}" for r in machine.judgement.reasons))
    if saved is None:
        return
    table = bands(rubric)
    with st.form(f"judge_{_rev(essay)}", border=False):
        cols = st.columns([2, 1, 1], vertical_alignment="bottom")
        level = cols[0].selectbox(
            "Level", list(table), index=list(table).index(final.level) if final.level in table else 0,
            format_func=lambda lv: f"Level {lv} ({table[lv][0]}-{table[lv][1]})" if lv else "Level 0 (0: nothing "
                                                                                              "worthy of credit)")
        mark = cols[1].number_input("Mark", min_value=0, max_value=rubric.max_mark, value=final.mark, step=1)
        submitted = cols[2].form_submit_button("Set", type="primary")
    if submitted:
        if (level, mark) == (final.level, final.mark):
            st.info("Nothing to save: that is the level and mark already.")
            return
        if mark is None:
            st.error("Give a mark.")
            return
        problem = level_mark_problem(rubric, level, int(mark))
        if problem:
            st.error(problem)
            return
        _save(saved, essay.id, f"Saved: level {level}, {int(mark)}/{rubric.max_mark}.", level=level, mark=int(mark))
        st.rerun()


def _points(essay: ClassEssay, saved) -> None:
    """Every rubric point, its status one click away (saved at once), its evidence beneath."""
    st.markdown("**The rubric, point by point**")
    machine = {pm.id: pm.status for pm in essay.report.points}
    for pm in essay.final.points:
        mine = pm.id in essay.changes.points
        title = escape_markdown(pm.title) + (" · *your decision*" if mine else "")
        st.markdown(title, help=f"Machine: {machine.get(pm.id, '?')}")
        key = f"status_{_rev(essay)}_{pm.id}"
        st.segmented_control(pm.title, list(STATUS_LABELS), default=pm.status, key=key, required=True,
                             format_func=lambda s: STATUS_LABELS[s], label_visibility="collapsed", disabled=saved is None,
                             on_change=_set_status, args=(saved, essay, pm.id, key))
        if pm.evidence and pm.status != "missing":
            st.caption("“" + escape_markdown(pm.evidence[0].text[:160]) + "”")


def _feedback(final) -> None:
    st.caption(escape_markdown(question_line(final)))
    if not final.feedback:
        return
    with st.expander("Feedback the student will see", expanded=False):
        for line in final.feedback.strengths:
            st.success(escape_markdown(line))
        for line in final.feedback.targets:
            st.info(escape_markdown(line))


def _flag(saved, essay_id: int, key: str, dismiss: bool) -> None:
    if dismiss:
        _save(saved, essay_id, "Flag dismissed.", dismissed_errors=[key])
    else:
        _save(saved, essay_id, "Flag reinstated.", restored_errors=[key])


def _errors(essay: ClassEssay, saved) -> None:
    final = essay.final
    dismissed = [f for f in essay.report.errors if flag_id(f) in essay.changes.dismissed]
    if not (final.errors or dismissed):
        return
    st.markdown("**Factual errors, with corrections**")
    show_errors(final)
    if saved is None:
        return
    for flag in final.errors:
        st.button(f"Dismiss the flag on “{flag.text[:60]}”", key=f"flag_dismiss_{_rev(essay)}_{flag_id(flag)}",
                  on_click=_flag, args=(saved, essay.id, flag_id(flag), True), type="tertiary")
    for flag in dismissed:  # a dismissal is not final: a misclick can be undone
        st.button(f"Reinstate the dismissed flag on “{flag.text[:60]}”", key=f"flag_restore_{_rev(essay)}_{flag_id(flag)}",
                  on_click=_flag, args=(saved, essay.id, flag_id(flag), False), type="tertiary")


def comment_bank(saved, rubric: Rubric) -> list[str]:
    """The rubric's comment bank, seeded on first use with each point's target sentence."""
    comments = saved.comments(rubric.id)
    if not comments:
        for point in rubric.points:
            saved.add_comment(rubric.id, point.target)
        comments = saved.comments(rubric.id)
    return [c.text for c in comments]


def _use_comment(comment_key: str, bank_key: str) -> None:
    """Picking a bank comment adds it to the comment box at once (one click), and the picker resets."""
    picked = st.session_state.get(bank_key)
    if picked:
        st.session_state[comment_key] = (st.session_state.get(comment_key, "") + " " + picked).strip()
        st.session_state[bank_key] = None


def _comment(essay: ClassEssay, rubric: Rubric, saved) -> None:
    rev = _rev(essay)
    comment_key, bank_key = f"comment_{rev}", f"bank_{rev}"
    for comment in essay.changes.comments:
        st.caption(f"Your comment: {escape_markdown(comment)}")
    st.selectbox("Comment bank", comment_bank(saved, rubric), index=None, key=bank_key,
                 placeholder="Pick a saved comment to add it to your comment…",
                 on_change=_use_comment, args=(comment_key, bank_key))
    comment = st.text_area("Comment for the student", key=comment_key, height=90)
    to_bank = st.checkbox("Also keep this comment in the comment bank", key=f"to_bank_{rev}")
    if st.button("Save comment", key=f"save_comment_{rev}"):
        if not comment.strip():
            st.info("Nothing to save: the comment is empty.")
            return
        if to_bank:
            saved.add_comment(rubric.id, comment)
        _save(saved, essay.id, "Comment saved.", comment=comment)
        st.rerun()

"""What a rubric still lacks before it is ready to mark with: `marker rubric check` and the Build page say it.

A built rubric is saved as `status: draft`. It is offered on the student page and in Calibrate only once a teacher
marks it reviewed; these are the gaps a teacher should close first.
"""

from __future__ import annotations

from marker.rubric import Rubric, available_rubrics, load_rubric

REVIEW_DEFAULTS = {
    # A point needs this many example phrasings to be recognised in the many ways students put it (the shipped
    # rubrics' factors have 4 or more).
    "min_phrasings": 3,
    # A draft needs at least this many verified facts before errors of fact can be flagged at all.
    "min_verified_facts": 1,
}


def lacks(rubric: Rubric) -> list[str]:
    """Plain sentences naming what the rubric still lacks (empty: nothing)."""
    out = []
    if rubric.status == "draft":
        out.append("it is a draft: a teacher must check it and mark it reviewed before students or Calibrate use it")
    if not rubric.debates:
        out.append("no debate: add at least one (two sides an essay should weigh)")
    need = REVIEW_DEFAULTS["min_phrasings"]
    thin = [p.id for p in rubric.factors if len(p.phrasings) < need]
    if thin:
        out.append(f"{len(thin)} point(s) with fewer than {need} example phrasings: {', '.join(thin)}")
    verified = sum(f.verified for f in rubric.facts)
    if verified < REVIEW_DEFAULTS["min_verified_facts"]:
        out.append(f"no verified fact ({len(rubric.facts)} unverified): tick the facts you have checked, or no "
                   "error of fact can be flagged")
    elif verified < len(rubric.facts):
        out.append(f"{len(rubric.facts) - verified} of {len(rubric.facts)} facts still unverified")
    return out


def ready_rubric_ids() -> list[str]:
    """Ids of the rubrics offered as ready (reviewed), sorted; a rubric that fails to load is left out."""
    from marker.errors import MarkerError

    ready = []
    for rid, path in available_rubrics().items():
        try:
            if load_rubric(path).status == "reviewed":
                ready.append(rid)
        except MarkerError:
            continue
    return sorted(ready)

"""The feedback measured against the annotation: does it ask for what the essay already does, praise what it does not?

Issue 14 asks that targets never ask for what the essay already does, that "missing" holds only missing points and
"develop" only partial ones, and that a praised point is one the student explains. The annotators' coverage of
each essay (covered, only mentioned, absent) judges each line by the point it is about (`Feedback.target_points`,
`Feedback.strength_points`); lines about no point (an error's correction, a habit, the period) are not counted.
"""

from __future__ import annotations

from collections.abc import Sequence

from marker.dataset import AnnotatedEssay
from marker.feedback import LINE_OPENINGS
from marker.report import Report


# Praise lines by kind, told by the openings marker/feedback.py words them with.
PRAISE_KINDS = tuple((kind, LINE_OPENINGS[kind]) for kind in ("debate", "explain", "detail"))


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def praise_kind(line: str) -> str | None:
    """Which kind of praise a strength line is (debate, explain, detail), or None for another line."""
    return next((kind for kind, opening in PRAISE_KINDS if line.startswith(opening)), None)


def feedback_metrics(items: Sequence[AnnotatedEssay], reports: Sequence[Report]) -> dict:
    """Counts and shares of feedback lines and lists that contradict the annotators' coverage of the essay."""
    targets = targets_done = develop_targets = develop_absent = 0
    strengths = strengths_not_covered = 0
    kinds = {kind: [0, 0] for kind, _ in PRAISE_KINDS}  # lines, lines on a point the annotators do not call covered
    missing = missing_covered = missing_mentioned = develop = develop_covered = 0
    for item, report in zip(items, reports):
        if report.error is not None or report.feedback is None:
            continue
        covered, mentioned = item.gold_covered, set(item.gold.mentioned_only)
        for line, pid in zip(report.feedback.targets, report.feedback.target_points):
            if not pid:
                continue
            targets += 1
            targets_done += pid in covered
            if line.startswith(LINE_OPENINGS["develop"]):  # "you mention it without explaining it"
                develop_targets += 1
                develop_absent += pid not in covered and pid not in mentioned
        for line, pid in zip(report.feedback.strengths, report.feedback.strength_points):
            if pid:
                strengths += 1
                strengths_not_covered += pid not in covered
                kind = praise_kind(line)
                if kind is not None:
                    kinds[kind][0] += 1
                    kinds[kind][1] += pid not in covered
        missing += len(report.missing)
        missing_covered += sum(pid in covered for pid in report.missing)
        missing_mentioned += sum(pid in mentioned for pid in report.missing)
        develop += len(report.develop)
        develop_covered += sum(pid in covered for pid in report.develop)
    return {
        "point_targets": targets,
        "targets_asking_done": _share(targets_done, targets),
        "develop_targets": develop_targets,
        "develop_targets_never_mentioned": _share(develop_absent, develop_targets),
        "point_strengths": strengths,
        "strengths_not_covered": _share(strengths_not_covered, strengths),
        "missing": missing,
        "missing_covered": _share(missing_covered, missing),
        "missing_mentioned": _share(missing_mentioned, missing),
        "develop": develop,
        "develop_covered": _share(develop_covered, develop),
        "praise_by_kind": {kind: {"lines": n, "not_covered": _share(wrong, n)} for kind, (n, wrong) in kinds.items()},
    }


def feedback_text(fb: dict) -> str:
    """One line of `marker eval` output."""
    def pct(key: str) -> str:
        return "-" if fb[key] is None else f"{fb[key]:.0%}"
    return (f"feedback: targets asking for what the essay already does {pct('targets_asking_done')} "
            f"(of {fb['point_targets']}); 'develop' targets on points never mentioned "
            f"{pct('develop_targets_never_mentioned')} (of {fb['develop_targets']}); praise for points not covered "
            f"{pct('strengths_not_covered')} (of {fb['point_strengths']}); 'missing' points the essay covers "
            f"{pct('missing_covered')}, only mentions {pct('missing_mentioned')} (of {fb['missing']})"
            + "".join(f"\n          {kind} praise for points not covered "
                      + ("-" if c["not_covered"] is None else f"{c['not_covered']:.0%}") + f" (of {c['lines']})"
                      for kind, c in fb.get("praise_by_kind", {}).items()))

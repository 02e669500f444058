"""One model of a teacher's changes to a machine report, used by the store, the app, every export and feedback.

The store folds a teacher's overrides (oldest first, later ones win) into `TeacherChanges`; `apply_changes` turns a
machine report and those changes into the report as the teacher left it: point statuses set, flags dismissed, level
and mark kept consistent with the rubric's bands, and the feedback rebuilt from the teacher's decisions, with every
line that comes from a decision of the teacher's marked as such. Feedback never quotes a sentence that carries a
live error flag as a strength.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from marker.report import Feedback, Judgement, PointMatch, Report

if TYPE_CHECKING:
    from marker.facts import FactFlag
    from marker.rubric import Rubric

TEACHER_TAG = " (your teacher's decision)"
SET_BY_TEACHER = "Set by the teacher."
NOTHING_CREDITED = "Nothing worthy of credit: the answer does not address the rubric's points."


def flag_key(flag: dict[str, Any]) -> str:
    """A stable name for one error flag of a report (what an override dismisses)."""
    return f"{flag.get('fact', '')}@{flag.get('start')}-{flag.get('end')}"


def flag_id(flag: FactFlag) -> str:
    """flag_key of a FactFlag object."""
    return flag_key({"fact": flag.fact, "start": flag.start, "end": flag.end})


@dataclass(frozen=True)
class TeacherChanges:
    """A teacher's changes to one essay's marking; empty means the machine's judgement stands."""

    points: dict[str, str] = field(default_factory=dict)  # point id -> status the teacher chose
    dismissed: frozenset[str] = frozenset()  # flag_key of flags the teacher rejected
    level: int | None = None
    mark: int | None = None
    comments: tuple[str, ...] = ()
    who: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.points or self.dismissed or self.judged or self.comments)

    @property
    def judged(self) -> bool:
        return self.level is not None or self.mark is not None

    @classmethod
    def fold(cls, overrides: Iterable[Any]) -> TeacherChanges:
        """Fold stored overrides (objects with points, dismissed_errors, restored_errors, level, mark, comment and
        who), oldest first: a later status, level or mark wins; a later reinstatement undoes a dismissal."""
        points: dict[str, str] = {}
        dismissed: set[str] = set()
        level = mark = None
        comments: list[str] = []
        who: list[str] = []
        for o in overrides:
            points.update(o.points)
            dismissed.update(o.dismissed_errors)
            dismissed.difference_update(getattr(o, "restored_errors", ()))
            level = o.level if o.level is not None else level
            mark = o.mark if o.mark is not None else mark
            if o.comment:
                comments.append(o.comment)
            if o.who and o.who not in who:
                who.append(o.who)
        return cls(points, frozenset(dismissed), level, mark, tuple(comments), tuple(who))

    def against(self, report: Report) -> TeacherChanges:
        """Only what differs from the machine's report (a point set back to the machine's status is no change)."""
        machine = {pm.id: pm.status for pm in report.points}
        flags = {flag_id(f) for f in report.errors}
        points = {pid: s for pid, s in self.points.items() if pid in machine and machine[pid] != s}
        level, mark = self.level, self.mark
        if (level is None or level == report.level) and (mark is None or mark == report.mark):
            level = mark = None
        return replace(self, points=points, dismissed=self.dismissed & flags, level=level, mark=mark)


# -- level and mark --------------------------------------------------------------------------------------------

def bands(rubric: Rubric) -> dict[int, tuple[int, int]]:
    """Level -> (lowest, highest) mark, with level 0 ("nothing worthy of credit") as the mark 0 alone."""
    out = {0: (0, 0)}
    out.update({lv.level: (lv.marks[0], lv.marks[1]) for lv in rubric.levels})
    return dict(sorted(out.items()))


def level_for(rubric: Rubric, mark: int) -> int:
    """The level whose band holds a mark; 0 is level 0, above the top band is the top level."""
    for level, (low, high) in bands(rubric).items():
        if low <= mark <= high:
            return level
    return max(bands(rubric)) if mark > 0 else 0


def level_mark_problem(rubric: Rubric, level: int, mark: int) -> str | None:
    """Why a level and mark cannot go together (None when they can): the mark must lie in the level's band."""
    table = bands(rubric)
    if level not in table:
        return f"There is no level {level} in this rubric."
    if not 0 <= mark <= rubric.max_mark:
        return f"A mark must be from 0 to {rubric.max_mark}, not {mark}."
    low, high = table[level]
    if low <= mark <= high:
        return None
    band = f"mark {low}" if low == high else f"marks {low}-{high}"
    return (f"Level {level} is {band}, so {mark}/{rubric.max_mark} does not fit it: {mark} is level "
            f"{level_for(rubric, mark)}. Change the mark or the level.")


def teacher_level_and_mark(rubric: Rubric, machine_mark: int, level: int | None, mark: int | None) -> tuple[int, int]:
    """The teacher's level and mark, always consistent: a mark sets its level (the level follows the mark, also
    when both were stored and disagree); a level alone moves the machine's mark into its band."""
    if mark is not None:
        return level_for(rubric, mark), mark
    if level is None:
        return level_for(rubric, machine_mark), machine_mark
    low, high = bands(rubric).get(level, (0, rubric.max_mark))
    return level, min(max(machine_mark, low), high)


# -- the report as the teacher left it ----------------------------------------------------------------------------

def apply_changes(report: Report, changes: TeacherChanges, rubric: Rubric | None) -> Report:
    """The report as the teacher left it; the machine's report is never modified.

    Without a rubric (one no longer installed) statuses, flags, level and mark still apply, but the level is not
    checked against bands and the machine's feedback lines are kept.
    """
    if report.error is not None:
        return report
    changes = changes.against(report)
    points = tuple(replace(pm, status=changes.points.get(pm.id, pm.status)) for pm in report.points)
    errors = tuple(e for e in report.errors if flag_id(e) not in changes.dismissed)
    judgement = report.judgement
    if changes.judged:
        if rubric is not None:
            level, mark = teacher_level_and_mark(rubric, report.mark or 0, changes.level, changes.mark)
            descriptor = next((lv.descriptor for lv in rubric.levels if lv.level == level), NOTHING_CREDITED)
        else:
            level = changes.level if changes.level is not None else report.level or 0
            mark = changes.mark if changes.mark is not None else report.mark or 0
            descriptor = judgement.descriptor if judgement else ""
        judgement = Judgement(level, mark, descriptor, (SET_BY_TEACHER,), 1.0)
    status = {pm.id: pm.status for pm in points}
    ordered = tuple(dict.fromkeys((*report.missing, *report.develop, *status)))  # the machine's order first
    missing = tuple(pid for pid in ordered if status.get(pid) == "missing")
    develop = tuple(pid for pid in ordered if status.get(pid) == "partial")
    feedback = report.feedback
    if rubric is not None and all(pid in rubric.point_by_id for pid in (*status, *missing)):
        question = report.question if report.question in {q.id for q in rubric.questions} else None
        feedback = teacher_feedback(rubric, question, points, missing, errors, set(changes.points))
    return replace(report, points=points, errors=errors, judgement=judgement, missing=missing, develop=develop,
                   feedback=feedback)


def teacher_feedback(rubric: Rubric, question_id: str | None, points: tuple[PointMatch, ...],
                     missing: tuple[str, ...], errors: tuple[FactFlag, ...], decided: set[str]) -> Feedback:
    """Strengths and targets from the statuses as they stand, never praising a flagged sentence; lines about a
    point whose status the teacher decided say so."""
    from marker.feedback import build_feedback

    clean = tuple(replace(pm, evidence=tuple(ev for ev in pm.evidence if not _flagged(ev.start, ev.end, errors)))
                  for pm in points)
    built = build_feedback(rubric, question_id, clean, missing, errors)
    titles = {pid: rubric.point_by_id[pid] for pid in decided}
    strengths = [_tag(line, titles) for line in built.strengths]
    for pm in clean:  # a point the teacher credited is praised even without a quotable sentence
        if pm.id in decided and pm.status == "covered" and not any(pm.title in s for s in strengths):
            strengths.append(f"You explain {pm.title}.{TEACHER_TAG}")
    return Feedback(tuple(strengths), tuple(_tag(line, titles) for line in built.targets))


def _flagged(start: int, end: int, errors: tuple[FactFlag, ...]) -> bool:
    return any(start < e.end and e.start < end for e in errors)


def _tag(line: str, decided: dict) -> str:
    """Mark a feedback line that rests on a status the teacher set."""
    if any(p.title in line or p.target == line for p in decided.values()):
        return line + TEACHER_TAG
    return line

"""A teacher's correction of one report, checked, kept and audited in the store's transaction.

Moved out of marker.store (which calls it from Store.add_override): the override row and its audit-log row (who,
when, what, before, after: marker.audit) are written in the same transaction, so a change is never kept without
its record, nor a record without its change.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from marker import audit
from marker.changes import TeacherChanges, flag_key
from marker.errors import StoreError

STATUSES = ("covered", "partial", "missing")


def checked(points: dict[str, str] | None, dismissed_errors: Sequence[str], restored_errors: Sequence[str],
            level: int | None, mark: int | None, comment: str) -> tuple[dict[str, str], tuple[str, ...],
                                                                       tuple[str, ...]]:
    """The override's points, dismissed and reinstated flags, after the checks that need no database."""
    points = dict(points or {})
    dismissed = tuple(dict.fromkeys(dismissed_errors))
    restored = tuple(dict.fromkeys(restored_errors))
    both = sorted(set(dismissed) & set(restored))
    if both:
        raise StoreError(f"an error flag cannot be dismissed and reinstated at once: {', '.join(both)}")
    for pid, status in points.items():
        if status not in STATUSES:
            raise StoreError(f"point {pid}: status must be one of {', '.join(STATUSES)}, not {status!r}")
    for value, what, top in ((level, "level", 9), (mark, "mark", 100)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top):
            raise StoreError(f"{what} must be a whole number from 0 to {top}, not {value!r}")
    if not (points or dismissed or restored or level is not None or mark is not None or comment.strip()):
        raise StoreError("an override needs a point status, a dismissed or reinstated error, a level, a mark "
                         "or a comment")
    return points, dismissed, restored


def add(session: Session, *, essay_id: int | None, report_id: int | None, points: dict[str, str],
        dismissed: tuple[str, ...], restored: tuple[str, ...], level: int | None, mark: int | None, comment: str,
        who: str, now: dt.datetime):
    """Keep the override (an OverrideRow) and its audit record; StoreError if it names what the report lacks."""
    from marker.store import EssayRow, OverrideRow, ReportRow, _override_record

    if report_id is not None:
        target = session.get(ReportRow, report_id)
        if target is None:
            raise StoreError(f"no report {report_id}")
        owner = target.essay_id
    else:
        if essay_id is None or session.get(EssayRow, essay_id) is None:
            raise StoreError(f"no essay {essay_id}")
        owner = essay_id
        target = session.scalars(select(ReportRow).where(ReportRow.essay_id == owner)
                                 .order_by(ReportRow.id.desc()).limit(1)).first()
    data = json.loads(target.report_json) if target else {}
    known_points = {p["id"] for p in data.get("points", [])}
    unknown = sorted(set(points) - known_points)
    if unknown:
        raise StoreError(f"the report has no point {', '.join(unknown)}")
    known_flags = {flag_key(f) for f in data.get("errors", [])}
    stray = [k for k in (*dismissed, *restored) if k not in known_flags]
    if stray:
        raise StoreError(f"the report has no error flag {', '.join(stray)}")
    earlier = session.scalars(select(OverrideRow).where(
        OverrideRow.essay_id == owner,
        (OverrideRow.report_id.is_(None)) | (OverrideRow.report_id == (target.id if target else -1)))
        .order_by(OverrideRow.id))
    standing = TeacherChanges.fold(_override_record(o) for o in earlier)
    row = OverrideRow(essay_id=owner, report_id=report_id, points_json=json.dumps(points, sort_keys=True),
                      dismissed_json=json.dumps(list(dismissed)), restored_json=json.dumps(list(restored)),
                      level=level, mark=mark, comment=comment.strip(), who=who.strip()[:200], created=now)
    session.add(row)
    session.flush()
    before, after = _before_after(data, standing, points, dismissed, restored, level, mark, row.comment)
    class_id = session.scalar(select(EssayRow.class_id).where(EssayRow.id == owner))
    audit.record(session, who=row.who, action="change", class_id=class_id, essay_id=owner, before=before,
                 after=after, now=now)
    return row


def _before_after(data: dict[str, Any], standing: TeacherChanges, points: dict[str, str], dismissed: tuple[str, ...],
                  restored: tuple[str, ...], level: int | None, mark: int | None,
                  comment: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """What the change touched, as it stood (the machine's value with earlier changes folded in) and as it is now."""
    machine = {p["id"]: p["status"] for p in data.get("points", [])}
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    if points:
        before["points"] = {pid: standing.points.get(pid, machine.get(pid)) for pid in sorted(points)}
        after["points"] = {pid: points[pid] for pid in sorted(points)}
    for name, value in (("level", level), ("mark", mark)):
        if value is not None:
            current = getattr(standing, name)
            before[name] = current if current is not None else data.get(name)
            after[name] = value
    flags = {**{k: "shown" for k in restored}, **{k: "dismissed" for k in dismissed}}
    if flags:
        before["flags"] = {k: "dismissed" if k in standing.dismissed else "shown" for k in sorted(flags)}
        after["flags"] = {k: flags[k] for k in sorted(flags)}
    if comment:
        after["comment"] = comment
    return before, after

"""The audit log: who changed a mark or judgement, when, what, and its value before and after.

marker.overrides writes a row in the same transaction as every teacher's change (in the app, the CLI or a script,
on a laptop or a department server); marker.access adds class deletions. Reading it back is for the head of
department and for a school's data requests (docs/server.md).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from marker.server_tables import AuditRow

if TYPE_CHECKING:
    from marker.store import Store


@dataclass(frozen=True)
class AuditEntry:
    id: int
    created: dt.datetime
    who: str
    action: str
    class_id: int | None
    essay_id: int | None
    before: dict[str, Any] = field(repr=False)
    after: dict[str, Any] = field(repr=False)


def record(session: Session, *, who: str, action: str, class_id: int | None, essay_id: int | None,
           before: dict[str, Any], after: dict[str, Any], now: dt.datetime) -> None:
    """Add one audit row in the caller's transaction."""
    session.add(AuditRow(created=now, who=(who or "unknown").strip()[:200] or "unknown", action=action[:40],
                         class_id=class_id, essay_id=essay_id,
                         before_json=json.dumps(before, ensure_ascii=False, sort_keys=True),
                         after_json=json.dumps(after, ensure_ascii=False, sort_keys=True)))


def entries(store: Store, *, class_id: int | None = None, essay_id: int | None = None) -> list[AuditEntry]:
    """The audit rows (of one class or one essay, or all), oldest first."""
    from marker.store import _aware

    def work(session: Session) -> list[AuditEntry]:
        query = select(AuditRow).order_by(AuditRow.id)
        if class_id is not None:
            query = query.where(AuditRow.class_id == class_id)
        if essay_id is not None:
            query = query.where(AuditRow.essay_id == essay_id)
        return [AuditEntry(r.id, _aware(r.created), r.who, r.action, r.class_id, r.essay_id,
                           json.loads(r.before_json), json.loads(r.after_json)) for r in session.scalars(query)]

    return store._read(work)

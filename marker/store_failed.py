"""Files that could not be read, kept with their class: name, reason and when, until the teacher dismisses them.

A class of 30 where 3 files would not open should say so every time it is reopened ('27 marked, 3 could not be
read'), not only in the session that marked it. The rows live in the same database and transactions as the class
(marker.store saves them inside save_class); dismissing stamps them, so the dismissal is kept too and they are
no longer listed. Deleting the class deletes them (the foreign key cascades).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from marker.errors import StoreError
from marker.store import Base, ClassRow, _aware, _utcnow


class FailedFileRow(Base):
    __tablename__ = "failed_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(1000))
    reason: Mapped[str] = mapped_column(Text)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    dismissed: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))  # NULL: still shown


@dataclass(frozen=True)
class FailedFile:
    """A file of the class that could not be read, and why."""

    name: str
    reason: str
    created: dt.datetime


def add(session: Session, class_id: int, failed: Sequence[tuple[str, str]]) -> None:
    """Keep each (file name, reason) with the class; a file already listed (not dismissed) gets the newer reason."""
    now = _utcnow()
    shown = {r.file_name: r for r in session.scalars(_shown(class_id))}
    for name, reason in dict((n[:1000], r) for n, r in failed).items():
        if name in shown:
            shown[name].reason, shown[name].created = reason, now
        else:
            session.add(FailedFileRow(class_id=class_id, file_name=name, reason=reason, created=now))


def listed(session: Session, class_name: str) -> list[FailedFile]:
    """The class's unreadable files not yet dismissed, in the order they were kept."""
    return [FailedFile(r.file_name, r.reason, _aware(r.created))
            for r in session.scalars(_shown(_class_id(session, class_name)))]


def dismiss(session: Session, class_name: str) -> int:
    """Mark every listed file of the class dismissed (kept, no longer shown); returns how many."""
    result = session.execute(update(FailedFileRow).where(
        FailedFileRow.class_id == _class_id(session, class_name), FailedFileRow.dismissed.is_(None))
        .values(dismissed=_utcnow()))
    return result.rowcount or 0  # type: ignore[attr-defined]  # an UPDATE's result is a CursorResult


def _shown(class_id: int):
    return (select(FailedFileRow).where(FailedFileRow.class_id == class_id, FailedFileRow.dismissed.is_(None))
            .order_by(FailedFileRow.id))


def _class_id(session: Session, class_name: str) -> int:
    class_id = session.scalar(select(ClassRow.id).where(ClassRow.name == class_name))
    if class_id is None:
        raise StoreError(f"no class named {class_name!r} (see `marker class list`)")
    return class_id

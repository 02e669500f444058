"""Who may see and change what: every read and write of a class, an essay's marks or a draft goes through here.

Off by default (a laptop: the user is accounts.LOCAL and everything is allowed, as before). With server mode on
(MARKER_SERVER_MODE=1), the app asks who the user is first (the `marker class` commands take --as USERNAME and
its password) and passes that user to these functions:
- a student sees only the Check my draft page and only their own drafts, and no class at all;
- a teacher sees and changes only the classes they own;
- a head of department sees and changes the department's classes, and calibrates.
The decision is made here, against the database, on every call: a page, a URL or a class name typed by hand
cannot get past it, and the rules are tested without a browser (tests/test_access.py). A class the user may not
open is answered exactly like a class that does not exist, so its name gives nothing away.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from marker import audit
from marker.accounts import ROLE_NAMES, AccessDenied, User
from marker.errors import StoreError
from marker.server_tables import ClassOwnerRow, DraftRow

if TYPE_CHECKING:
    from marker.rubric import Rubric
    from marker.store import ClassRecord, ClassSummary, OverrideRecord, SaveResult, Store

ENV_SERVER_MODE = "MARKER_SERVER_MODE"
PAGES = ("mark", "overview", "calibrate", "build", "check", "rubrics")
PAGES_BY_ROLE = {
    "student": ("check",),
    "teacher": ("mark", "overview", "build", "rubrics"),
    "head": ("mark", "overview", "calibrate", "build", "rubrics"),
    "local": PAGES,
}
MAX_DRAFT_CHARS = 200_000


def server_mode(environ: Mapping[str, str] | None = None) -> bool:
    """Server mode is on only when MARKER_SERVER_MODE says so (1, true, yes, on)."""
    value = (os.environ if environ is None else environ).get(ENV_SERVER_MODE, "")
    return value.strip().lower() in {"1", "true", "yes", "on"}


def pages_for(user: User) -> tuple[str, ...]:
    return PAGES_BY_ROLE.get(user.role, ())


def require_page(user: User, page: str) -> None:
    if page not in pages_for(user):
        raise AccessDenied(f"this page is not open to a {ROLE_NAMES.get(user.role, user.role)}")


# -- classes -----------------------------------------------------------------------------------------------------

def _allowed_ids(session: Session, user: User) -> set[int] | None:
    """The ids of the classes the user may open; None means every class (the laptop)."""
    if user.is_local:
        return None
    if user.role == "teacher":
        query = select(ClassOwnerRow.class_id).where(ClassOwnerRow.owner_id == user.id)
    elif user.role == "head":
        query = select(ClassOwnerRow.class_id).where(ClassOwnerRow.department == user.department)
    else:
        return set()
    return set(session.scalars(query))


def _class_id(session: Session, name: str) -> int | None:
    from marker.store import ClassRow

    return session.scalar(select(ClassRow.id).where(ClassRow.name == name))


def _require_class(session: Session, user: User, name: str) -> int:
    allowed = _allowed_ids(session, user)
    class_id = _class_id(session, name)
    if class_id is None and allowed is None:  # the laptop hides nothing: say plainly that there is no such class
        raise StoreError(f"no class named {name!r} (see `marker class list`)")
    if class_id is None or (allowed is not None and class_id not in allowed):
        raise AccessDenied(f"no class named {name!r} that you can open")
    return class_id


def visible_classes(store: Store, user: User) -> list[ClassSummary]:
    """The saved classes this user may open (none for a student)."""
    allowed = store._read(lambda s: _allowed_ids(s, user))
    if allowed is not None and not allowed:
        return []
    summaries = store.list_classes()
    if allowed is None:
        return summaries
    names = store._read(lambda s: _names_of(s, allowed))
    return [c for c in summaries if c.name in names]


def _names_of(session: Session, ids: set[int]) -> set[str]:
    from marker.store import ClassRow

    return set(session.scalars(select(ClassRow.name).where(ClassRow.id.in_(ids))))


def open_class(store: Store, user: User, name: str) -> ClassRecord:
    """The class with every essay, if this user may open it (AccessDenied otherwise, as if it did not exist)."""
    store._read(lambda s: _require_class(s, user, name))
    return store.get_class(name)


def save_class(store: Store, user: User, name: str, rubric: Rubric, question_id: str | None, reports,
               **kwargs: Any) -> SaveResult:
    """Save marked essays to a class (Store.save_class); on a server a new class belongs to the user who saved it,
    and essays may be added only to a class the user can open."""
    if user.role == "student":
        raise AccessDenied("students cannot save classes")
    if user.is_local:
        return store.save_class(name, rubric, question_id, reports, **kwargs)

    def check(session: Session, class_id: int, created: bool) -> None:
        """In the save's own transaction: a new class belongs to the user; an existing one must be theirs to open.
        The save (new essays, or new machine marks of essays it has) is audited under the user's name."""
        if created:
            session.add(ClassOwnerRow(class_id=class_id, owner_id=user.id, department=user.department))
        else:
            allowed = _allowed_ids(session, user)
            if allowed is not None and class_id not in allowed:
                raise AccessDenied(f"no class named {name.strip()!r} that you can open")
        marked = sum(1 for r in reports if r.error is None)
        audit.record(session, who=user.name, action="create class" if created else "save marks", class_id=class_id,
                     essay_id=None, before={}, after={"marked essays": marked}, now=dt.datetime.now(dt.timezone.utc))

    return store.save_class(name, rubric, question_id, reports, check=check, **kwargs)


def delete_class(store: Store, user: User, name: str) -> int:
    """Delete a class the user can open (the deletion is audited: who, when, which class, how many essays)."""
    if user.role == "student":
        raise AccessDenied(f"no class named {name!r} that you can open")
    class_id = store._read(lambda s: _require_class(s, user, name))
    count = store.delete_class(name)
    store._write(lambda s: audit.record(s, who=user.name, action="delete class", class_id=class_id, essay_id=None,
                                        before={"essays": count}, after={}, now=dt.datetime.now(dt.timezone.utc)))
    return count


def failed_files(store: Store, user: User, name: str):
    store._read(lambda s: _require_class(s, user, name))
    return store.failed_files(name)


def dismiss_failed(store: Store, user: User, name: str) -> int:
    store._read(lambda s: _require_class(s, user, name))
    return store.dismiss_failed(name)


def change_judgement(store: Store, user: User, *, essay_id: int, **override: Any) -> OverrideRecord:
    """Keep a teacher's change to an essay of a class the user can open, recorded under the user's name."""
    from marker.store import ClassRow, EssayRow

    def check(session: Session) -> None:
        name = session.scalar(select(ClassRow.name).join(EssayRow, EssayRow.class_id == ClassRow.id)
                              .where(EssayRow.id == essay_id))
        if name is None or user.role == "student":
            raise AccessDenied(f"no essay {essay_id} that you can change")
        _require_class(session, user, name)

    store._read(check)
    given = override.pop("who", "")
    return store.add_override(essay_id=essay_id, who=(given if user.is_local else user.name) or user.name,
                              **override)


# -- students' drafts ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Draft:
    id: int
    title: str
    rubric_id: str
    question_id: str
    text: str
    created: dt.datetime


def _draft(row: DraftRow) -> Draft:
    from marker.store import _aware

    return Draft(row.id, row.title, row.rubric_id, row.question_id, row.text, _aware(row.created))


def _require_student(user: User) -> int:
    if user.role != "student" or user.id is None:
        raise AccessDenied("drafts are kept only for students signed in to a department server")
    return user.id


def save_draft(store: Store, user: User, *, rubric_id: str, question_id: str, text: str, title: str) -> Draft:
    student = _require_student(user)
    if not text.strip():
        raise AccessDenied("there is no draft to keep")
    if len(text) > MAX_DRAFT_CHARS:
        raise AccessDenied(f"a draft is kept only up to {MAX_DRAFT_CHARS:,} characters")

    def work(session: Session) -> Draft:
        row = DraftRow(student_id=student, rubric_id=rubric_id, question_id=question_id,
                       title=(title.strip() or "Untitled draft")[:200], text=text,
                       created=dt.datetime.now(dt.timezone.utc))
        session.add(row)
        session.flush()
        return _draft(row)

    return store._write(work)


def my_drafts(store: Store, user: User) -> list[Draft]:
    """The signed-in student's own drafts, newest first (nobody else's, ever)."""
    student = _require_student(user)
    return store._read(lambda s: [_draft(r) for r in s.scalars(
        select(DraftRow).where(DraftRow.student_id == student).order_by(DraftRow.id.desc()))])


def open_draft(store: Store, user: User, draft_id: int) -> Draft:
    """One of the student's own drafts; another student's is answered as if it did not exist."""
    student = _require_student(user)

    def work(session: Session) -> Draft:
        row = session.get(DraftRow, draft_id)
        if row is None or row.student_id != student:
            raise AccessDenied(f"no draft {draft_id} of yours")
        return _draft(row)

    return store._read(work)

"""Accounts for the department server: users and their roles, local passwords, identity-provider sign-in, upload
limits, and deleting one student's data.

Roles: a student checks drafts; a teacher marks their own classes; a head of department sees the department's
classes and calibrates. Passwords are hashed with scrypt (hashlib, memory-hard, a random 16-byte salt per user)
and compared in constant time; the hash string names its parameters so they can be raised later. Nothing here
imports Streamlit: the app's sign-in page and `marker account ...` both call these functions.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from marker.errors import MarkerError
from marker.server_tables import ClassOwnerRow, DraftRow, UploadRow, UserRow

if TYPE_CHECKING:
    from marker.store import Store

ROLES = ("student", "teacher", "head")
ROLE_NAMES = {"student": "student", "teacher": "teacher", "head": "head of department"}
# (files, megabytes) a user may upload in 24 hours unless their account says otherwise
DEFAULT_UPLOAD_LIMITS = {"student": (30, 10), "teacher": (2000, 500), "head": (2000, 500)}
SCRYPT_N, SCRYPT_R, SCRYPT_P, SALT_BYTES, KEY_BYTES = 2 ** 14, 8, 1, 16, 32
MIN_PASSWORD = 10
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,199}$")


class AccessDenied(MarkerError):
    """The signed-in user may not see or change this; the message says what, never what it holds."""


@dataclass(frozen=True)
class User:
    """Who is signed in. `id` None with role 'local' is the laptop (server mode off): everything is allowed."""

    id: int | None
    username: str
    name: str
    role: str
    department: str

    @property
    def is_local(self) -> bool:
        return self.role == "local"


LOCAL = User(None, "local", "this computer", "local", "")


# -- passwords ---------------------------------------------------------------------------------------------------

def hash_password(password: str) -> str:
    """'scrypt$N$r$p$salt$key' (base64): a fresh random salt each time."""
    if len(password) < MIN_PASSWORD:
        raise MarkerError(f"a password needs at least {MIN_PASSWORD} characters")
    salt = os.urandom(SALT_BYTES)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=KEY_BYTES)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P),
                     base64.b64encode(salt).decode(), base64.b64encode(key).decode()])


def check_password(password: str, stored: str | None) -> bool:
    """True when `password` matches the stored hash (constant-time compare); False for anything malformed."""
    try:
        scheme, n, r, p, salt, key = (stored or "").split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


# -- users -------------------------------------------------------------------------------------------------------

def _user(row: UserRow) -> User:
    return User(row.id, row.username, row.display_name, row.role, row.department)


def add_user(store: Store, username: str, *, role: str, department: str, name: str = "",
             password: str | None = None, email: str | None = None) -> User:
    """Create an account (a password for local sign-in, an email for the identity provider, or both)."""
    username = username.strip()
    if not _USERNAME.match(username):
        raise MarkerError(f"a user name is 1-200 letters, digits or . _ @ - (not {username!r})")
    if role not in ROLES:
        raise MarkerError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if not department.strip():
        raise MarkerError("every account belongs to a department")
    if password is None and not email:
        raise MarkerError("an account needs a password (local sign-in) or an email (the school's sign-in)")
    hashed = hash_password(password) if password is not None else None

    def work(session: Session) -> User:
        if session.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
            raise MarkerError(f"there is already a user {username!r}")
        if email and session.scalar(select(UserRow.id).where(UserRow.email == email.strip().lower())) is not None:
            raise MarkerError(f"another account already has the email {email!r}")
        row = UserRow(username=username, display_name=(name.strip() or username)[:200], role=role,
                      department=department.strip()[:200], email=email.strip().lower() if email else None,
                      password_hash=hashed, created=dt.datetime.now(dt.timezone.utc))
        session.add(row)
        session.flush()
        return _user(row)

    return store._write(work)


def users(store: Store) -> list[User]:
    return store._read(lambda s: [_user(r) for r in s.scalars(select(UserRow).order_by(UserRow.username))])


def get_user(store: Store, user_id: int) -> User | None:
    return store._read(lambda s: (lambda r: _user(r) if r else None)(s.get(UserRow, user_id)))


def sign_in(store: Store, username: str, password: str) -> User:
    """The local-accounts fallback: the user whose password this is, else AccessDenied (one message for both a
    wrong name and a wrong password, and the hash is computed either way, so neither is given away)."""
    row = store._read(lambda s: s.scalar(select(UserRow).where(UserRow.username == username.strip())))
    stored = row.password_hash if row is not None else None
    ok = check_password(password, stored or _dummy_hash())
    if row is None or stored is None or not ok:
        raise AccessDenied("that user name and password do not match an account")
    return _user(row)


def user_for_identity(store: Store, email: str | None) -> User:
    """The account for an identity the school's provider vouched for (its verified email), else AccessDenied."""
    address = (email or "").strip().lower()
    row = store._read(lambda s: s.scalar(select(UserRow).where(UserRow.email == address))) if address else None
    if row is None:
        raise AccessDenied("you are signed in, but this marker has no account for you yet: "
                           "ask your head of department to add one")
    return _user(row)


@functools.cache
def _dummy_hash() -> str:
    """A hash no password matches, checked when there is no account, so a wrong name takes as long as a wrong
    password."""
    return hash_password(base64.b64encode(os.urandom(24)).decode())


# -- classes, drafts and uploads that belong to users ------------------------------------------------------------

def assign_class(store: Store, class_name: str, owner: str) -> None:
    """Give a class (e.g. one saved from a laptop or the CLI) to a teacher, in that teacher's department."""
    from marker.store import ClassRow

    def work(session: Session) -> None:
        class_id = session.scalar(select(ClassRow.id).where(ClassRow.name == class_name))
        if class_id is None:
            raise MarkerError(f"no class named {class_name!r}")
        row = session.scalar(select(UserRow).where(UserRow.username == owner))
        if row is None or row.role == "student":
            raise MarkerError(f"{owner!r} is not a teacher's or head of department's account")
        session.merge(ClassOwnerRow(class_id=class_id, owner_id=row.id, department=row.department))

    store._write(work)


def upload_allowed(store: Store, user: User, files: int, size: int) -> None:
    """Count an upload against the user's 24-hour limit, or refuse it (AccessDenied) without counting it."""
    if user.is_local:
        return
    since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)

    def work(session: Session) -> None:
        row = session.get(UserRow, user.id)
        if row is None:
            raise AccessDenied("this account no longer exists")
        max_files, max_mb = DEFAULT_UPLOAD_LIMITS[row.role]
        max_files = row.upload_files_per_day if row.upload_files_per_day is not None else max_files
        max_mb = row.upload_mb_per_day if row.upload_mb_per_day is not None else max_mb
        used_files, used_bytes = session.execute(
            select(func.coalesce(func.sum(UploadRow.files), 0), func.coalesce(func.sum(UploadRow.bytes), 0))
            .where(UploadRow.user_id == user.id, UploadRow.created >= since)).one()
        if used_files + files > max_files or used_bytes + size > max_mb * 1024 * 1024:
            raise AccessDenied(f"upload limit reached: {max_files} files and {max_mb} MB in 24 hours "
                               f"({used_files} files, {used_bytes / 1048576:.1f} MB used); try again later "
                               f"or ask your head of department")
        session.add(UploadRow(user_id=user.id, files=files, bytes=size, created=dt.datetime.now(dt.timezone.utc)))

    store._write(work)


def set_upload_limits(store: Store, username: str, files: int | None, megabytes: int | None) -> None:
    def work(session: Session) -> None:
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise MarkerError(f"no user {username!r}")
        row.upload_files_per_day, row.upload_mb_per_day = files, megabytes

    store._write(work)


def delete_student(store: Store, username: str, essay_labels: tuple[str, ...] = ()) -> dict[str, int]:
    """Delete one student's data for good: the account, their drafts and upload counts, and (by the labels their
    essays were saved under, e.g. 'Amy Shah') their essays in every class of their department, with the reports,
    changes and audit rows of them. On SQLite the file is then compacted so the text leaves the disk. Returns
    what was deleted."""
    from marker.store import EssayRow

    def work(session: Session) -> dict[str, int]:
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise MarkerError(f"no user {username!r}")
        if row.role != "student":
            raise MarkerError(f"{username!r} is a {ROLE_NAMES[row.role]}, not a student")
        drafts = session.scalar(select(func.count(DraftRow.id)).where(DraftRow.student_id == row.id)) or 0
        essays = 0
        if essay_labels:
            in_department = select(ClassOwnerRow.class_id).where(ClassOwnerRow.department == row.department)
            doomed = list(session.scalars(select(EssayRow.id).where(
                EssayRow.student_label.in_(essay_labels), EssayRow.class_id.in_(in_department))))
            if doomed:
                session.execute(delete(EssayRow).where(EssayRow.id.in_(doomed)))
            essays = len(doomed)
        session.delete(row)  # drafts and uploads cascade
        return {"accounts": 1, "drafts": drafts, "essays": essays}

    counts = store._write(work)
    store.compact()
    return counts

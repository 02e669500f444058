"""Database failures as one clear line each: what went wrong, what happened to the work, what to do.

Every store operation runs in one transaction (marker.store), so a failure part-way leaves nothing half-saved; these
messages say so. The faults recognised are those a school meets: a full disk, a read-only folder or file, a locked
or damaged SQLite file, and a PostgreSQL server that is down, refuses the login or goes away mid-save.
"""

from __future__ import annotations

from marker.errors import StorageFailure, StoreError

# (words in the driver's message, lower case) -> what the user is told; the first match wins
_KNOWN = (
    (("database or disk is full", "disk full", "no space left", "could not extend file", "could not write"),
     "the disk is full (or the database has reached its size limit): free some space and try again"),
    (("readonly database", "read-only", "read only", "permission denied", "access is denied"),
     "the database cannot be written (a read-only file or folder): check its permissions, or point "
     "MARKER_DB_URL at a writable place"),
    (("database disk image is malformed", "file is not a database", "malformed database schema", "file is encrypted"),
     "the database file is damaged: restore it from a backup, or move it aside to start a new one"),
    (("database is locked", "database is busy", "deadlock", "could not serialize"),
     "the database stayed busy (another program is writing to it): try again in a moment"),
    (("unable to open database file", "cannot open"),
     "the database file cannot be opened: check that its folder exists and can be written"),
    (("connection refused", "could not connect", "server closed the connection", "connection timed out",
      "terminating connection", "connection is closed", "the database system is shutting down",
      "name or service not known", "no route to host", "ssl connection has been closed", "consuming input failed"),
     "cannot reach the PostgreSQL server: check that it is running and MARKER_DB_URL is right"),
    (("authentication failed", "does not exist"),
     "the database refused the login, or the database or a table does not exist: check MARKER_DB_URL"),
)


def storage_error(exc: BaseException, where: str, *, action: str = "save to") -> StoreError:
    """A StoreError for any failure of the database (`where`: the URL with its password hidden; `action`: what was
    being done, "save to", "read" or "open")."""
    if isinstance(exc, StoreError):
        return exc
    detail = first_line(getattr(exc, "orig", None) or exc)
    lowered = f"{detail} {exc}".lower()
    advice = next((say for words, say in _KNOWN if any(w in lowered for w in words)), "")
    outcome = "nothing was saved (the change was rolled back)" if action == "save to" else "nothing was changed"
    if advice:
        return StorageFailure(f"cannot {action} the database at {where}: {advice}; {outcome} ({detail})")
    return StorageFailure(f"cannot {action} the database at {where}: {type(exc).__name__}: {detail}; {outcome}")


def first_line(exc: BaseException | None) -> str:
    """The first line of an exception's message, white space collapsed (its type's name when it has none)."""
    text = str(exc).strip()
    return " ".join(text.splitlines()[0].split()) if text else type(exc).__name__

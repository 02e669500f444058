"""Storage failures (issue 18): a full disk, a read-only database, a locked or damaged file, an unreachable
PostgreSQL server each give one clear line, exit status 4 from the command, and nothing half-saved.

The disk fills portably: SQLite's max_page_count caps the file's size, so the next page it needs fails exactly as
a full disk does (SQLITE_FULL, "database or disk is full").
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import event

from marker import store as store_module
from marker.cli import EXIT_STORAGE, main
from marker.errors import StorageFailure, StoreError
from marker.report import Feedback, Judgement, PointMatch, Report
from marker.store import open_store
from marker.storefaults import storage_error
from tests.conftest import RUBRIC_ID, SAMPLES, pg_schema


def _report(rubric, name: str, text: str) -> Report:
    points = tuple(PointMatch(p.id, p.title, p.kind, "missing", 0.1) for p in rubric.points)
    return Report(essay=name, rubric=rubric.id, rubric_version=rubric.version, question=rubric.questions[0].id,
                  words=len(text.split()), points=points, missing=tuple(p.id for p in points),
                  judgement=Judgement(2, 8, "descriptor", ("reason",), 0.4), feedback=Feedback((), ()), text=text)


def _cap_pages(engine, extra_pages: int) -> None:
    """Every new connection may grow the file by at most `extra_pages` pages: the disk is then full."""
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(engine, "connect")
    def _full(dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + extra_pages}")

    engine.dispose()  # drop pooled connections so every later one is capped


def test_storefaults_disk_full_during_save_is_one_line_and_nothing_is_half_saved(rubric, tmp_path):
    url = f"sqlite:///{tmp_path / 'marker.db'}"
    with open_store(url) as store:
        store.save_class("10A", rubric, None, [_report(rubric, "first.txt", "A short essay. " * 20)])
        _cap_pages(store.engine, extra_pages=8)
        big = [_report(rubric, f"{n}.txt", f"Essay {n}. " + "The pact was signed. " * 4000) for n in range(5)]
        with pytest.raises(StoreError) as caught:
            store.save_class("11B", rubric, None, big)
        with pytest.raises(StoreError):
            store.save_class("10A", rubric, None, big)  # into a class that exists: it must keep only what it had
    message = str(caught.value)
    assert isinstance(caught.value, StorageFailure)  # the command's exit status 4, not 1 (no such class is 1)
    assert message.startswith(f"cannot save to the database at {url}: the disk is full")
    assert "nothing was saved (the change was rolled back)" in message and "\n" not in message
    with open_store(url) as store:
        assert [c.name for c in store.list_classes()] == ["10A"]
        assert [e.label for e in store.get_class("10A").essays] == ["first"]


def test_storefaults_read_only_database_is_named_as_such(rubric, tmp_path):
    path = tmp_path / "marker.db"
    open_store(f"sqlite:///{path}").close()
    with open_store(f"sqlite:///file:{path}?mode=ro&uri=true") as store:
        assert store.list_classes() == []  # reading still works
        with pytest.raises(StoreError, match="the database cannot be written \\(a read-only file or folder\\)"):
            store.save_class("11B", rubric, None, [_report(rubric, "a.txt", "An essay.")])


def test_storefaults_folder_that_cannot_be_created_is_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database's folder should be", encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        open_store(f"sqlite:///{blocker / 'sub' / 'marker.db'}")
    assert str(caught.value).startswith("cannot open the database at ") and "nothing was changed" in str(caught.value)


def test_storefaults_damaged_database_file(tmp_path):
    path = tmp_path / "marker.db"
    path.write_bytes(b"this is not a database, it is a damaged file " * 100)
    with pytest.raises(StoreError) as caught:
        open_store(f"sqlite:///{path}")
    assert "the database file is damaged: restore it from a backup" in str(caught.value)


def test_storefaults_locked_database_gives_up_with_a_clear_message(rubric, tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "SQLITE_BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr(store_module, "RETRIES", 2)
    path = tmp_path / "marker.db"
    store = open_store(f"sqlite:///{path}")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError) as caught:
            store.save_class("11B", rubric, None, [_report(rubric, "a.txt", "An essay.")])
        with pytest.raises(StoreError, match="^cannot open the database at .*: the database stayed busy"):
            open_store(f"sqlite:///{path}")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        store.close()
    assert "the database stayed busy (another program is writing to it)" in str(caught.value)
    with open_store(f"sqlite:///{path}") as store:
        assert store.list_classes() == []


def test_storefaults_postgresql_gone_is_named():
    with pytest.raises(StoreError) as caught:
        open_store("postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    message = str(caught.value)
    assert message.startswith("cannot open the database at postgresql+psycopg://nobody:***@127.0.0.1:1/none: "
                              "cannot reach the PostgreSQL server") and "secret" not in message


@pytest.mark.parametrize(
    ("driver_message", "advice"),
    [
        ("server closed the connection unexpectedly\n\tThis probably means...", "cannot reach the PostgreSQL server"),
        ('could not extend file "base/16384/2619": No space left on device', "the disk is full"),
        ("terminating connection due to administrator command", "cannot reach the PostgreSQL server"),
        ("something nobody foresaw", "OperationalError: something nobody foresaw"),
    ],
)
def test_storefaults_driver_messages_become_advice(driver_message, advice):
    class OperationalError(Exception):
        pass

    error = storage_error(OperationalError(driver_message), "postgresql://x@db/marker")
    assert str(error).startswith(f"cannot save to the database at postgresql://x@db/marker: {advice}")
    assert "\n" not in str(error)


def test_storefaults_mark_save_on_a_full_disk_exits_4_with_every_report_on_stdout(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'marker.db'}"
    open_store(url).close()
    make_engine = store_module._make_engine

    def full_disk_engine(given):
        engine = make_engine(given)
        _cap_pages(engine, extra_pages=0)
        return engine

    monkeypatch.setattr(store_module, "_make_engine", full_disk_engine)
    monkeypatch.setenv("MARKER_DB_URL", url)
    essay = str(SAMPLES / "21_megan.txt")
    code = main(["mark", essay, "--rubric", RUBRIC_ID, "--format", "json", "--save", "--class", "11B"])
    out, err = capsys.readouterr()
    assert code == EXIT_STORAGE == 4
    assert [r["essay"] for r in json.loads(out)] == [essay]
    [line] = [line for line in err.splitlines() if line.startswith("Error:")]
    assert line.startswith("Error: the reports were written, but class '11B' was not saved: cannot save to the "
                           f"database at {url}: the disk is full")
    monkeypatch.setattr(store_module, "_make_engine", make_engine)
    with open_store(url) as store:
        assert store.list_classes() == []


def test_storefaults_postgresql_gone_mid_save_saves_nothing(rubric):
    """The server drops the store's connection between the class row and the essays (as a restart or a crash of
    the server would): one clear line, and the class is not there afterwards."""
    import os

    from sqlalchemy.orm import Session

    pg_url = os.environ.get("MARKER_TEST_PG_URL")
    if not pg_url:
        pytest.skip("MARKER_TEST_PG_URL is not set (CI starts PostgreSQL with .ci/postgres.sh)")
    killed = []

    def drop_connection(session, _context) -> None:
        if not killed:
            pid = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
            with admin.connect() as conn:
                conn.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)})")
            killed.append(pid)

    with pg_schema(pg_url) as (url, admin), open_store(url) as store:
        event.listen(Session, "after_flush", drop_connection)
        try:
            with pytest.raises(StorageFailure) as caught:
                store.save_class("11B", rubric, None, [_report(rubric, "a.txt", "An essay. " * 50)])
        finally:
            event.remove(Session, "after_flush", drop_connection)
        assert killed and "cannot reach the PostgreSQL server" in str(caught.value)
        assert "nothing was saved" in str(caught.value) and "\n" not in str(caught.value)
        assert store.list_classes() == []

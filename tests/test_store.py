"""Saved work: classes of really-marked essays survive a reload, overrides sit beside the machine's values,
re-marking keeps history, deletion leaves nothing behind, saving is all-or-nothing and safe from two processes,
exports carry what they promise, and nothing leaves the machine.

Every store test runs on SQLite and, when MARKER_TEST_PG_URL is set (CI: .ci/postgres.sh), on PostgreSQL too,
each in a fresh database (SQLite) or schema (PostgreSQL).
"""

from __future__ import annotations

import csv
import io
import ipaddress
import json
import multiprocessing
import os
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import MetaData, inspect, select

from marker.cli import main
from marker.export import class_table, export_class, to_csv
from marker.store import StoreError, flag_key, open_store, text_sha256
from tests.conftest import RUBRIC_ID, SAMPLES, pg_schema

PG_URL = os.environ.get("MARKER_TEST_PG_URL")
ESSAYS = ["15_tyler", "16_priya", "23_eleanor"]


@pytest.fixture(scope="module")
def reports(rubric):
    """Three essays marked once by the real engine (two of them carry error flags)."""
    from marker.mark import mark_essays

    marked = mark_essays([SAMPLES / f"{name}.txt" for name in ESSAYS], rubric)
    assert all(r.error is None for r in marked)
    return marked


@pytest.fixture(scope="module")
def rubric_v2(rubric, tmp_path_factory):
    """The shipped rubric, re-issued as version 2 (same id), as after a department recalibrates."""
    from marker.rubric import load_rubric

    source = Path(rubric.source).read_text(encoding="utf-8")
    assert "\nversion: 1\n" in source
    path = tmp_path_factory.mktemp("rubric_v2") / Path(rubric.source).name
    path.write_text(source.replace("\nversion: 1\n", "\nversion: 2\n", 1), encoding="utf-8")
    return load_rubric(path)


@pytest.fixture(scope="module")
def reports_v2(rubric, rubric_v2, reports):
    from marker.mark import mark_essay
    from marker.models_io import load_models

    models = load_models(rubric)
    return [mark_essay(r.text, rubric_v2, name=r.essay, models=models) for r in reports]


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty database per test: a new SQLite file, or a new PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'marker.db'}"
        return
    if not PG_URL:
        pytest.skip("MARKER_TEST_PG_URL is not set (CI starts PostgreSQL with .ci/postgres.sh)")
    with pg_schema(PG_URL) as (url, _admin):
        yield url


@pytest.fixture
def store(store_url):
    with open_store(store_url) as opened:
        yield opened


def _all_rows_text(store) -> str:
    """Every value of every row of every table in the database, as one string."""
    meta = MetaData()
    meta.reflect(store.engine)
    assert {"classes", "essays", "reports", "overrides", "comment_bank", "calibration_runs"} <= set(meta.tables)
    with store.engine.connect() as conn:
        return "\n".join(repr(tuple(row)) for table in meta.sorted_tables for row in conn.execute(select(table)))


def test_store_save_and_reload_a_class(store, rubric, reports):
    result = store.save_class("12B history", rubric, None, reports)
    assert (result.created, result.essays_added, result.reports_added, result.skipped) == (True, 3, 3, ())
    [summary] = store.list_classes()
    assert (summary.name, summary.essays, summary.rubric_id, summary.rubric_version) == ("12B history", 3, RUBRIC_ID, 1)
    detected = [r.question for r in reports]
    assert summary.question_id == max(detected, key=detected.count)

    record = store.get_class("12B history")
    assert [e.label for e in record.essays] == ESSAYS
    for essay, report in zip(record.essays, reports):
        assert essay.text == report.text and essay.sha256 == text_sha256(report.text)
        assert essay.file_name == report.essay
        assert len(essay.reports) == 1 and essay.latest.data == report.to_dict()
        assert essay.latest.level == report.level and essay.latest.mark == report.mark
        assert essay.latest.marker_version == report.to_dict()["marker_version"]
        for point in essay.latest.data["points"]:  # offsets still address the stored text
            for ev in point["evidence"]:
                assert essay.text[ev["start"]:ev["end"]] == ev["text"]

    again = store.save_class("12B history", rubric, None, reports)
    assert (again.created, again.essays_added, again.reports_added, again.unchanged) == (False, 0, 0, 3)
    with pytest.raises(StoreError, match="no class named 'nope'"):
        store.get_class("nope")


def test_store_labels_candidates_and_unreadable_essays(store, rubric, reports):
    from marker.report import Report

    broken = Report(essay="lost.docx", rubric=rubric.id, error="lost.docx: file not found")
    batch = [reports[0], broken, reports[1], reports[0]]
    result = store.save_class("11A", rubric, None, batch, labels=["Ann", None, None, None],
                              candidates=["4021", None, "4022", "4023"])
    assert result.skipped == ("lost.docx",) and result.essays_added == 3
    essays = store.get_class("11A").essays
    assert [(e.label, e.candidate_number) for e in essays] == [("Ann", "4021"), ("16_priya", "4022"),
                                                               ("15_tyler", "4023")]
    other = next(q.id for q in rubric.questions if q.id != store.list_classes()[0].question_id)
    with pytest.raises(StoreError, match="save these essays under another class name"):
        store.save_class("11A", rubric, other, reports)  # one class, one question
    with pytest.raises(StoreError, match="no marked essays"):
        store.save_class("empty", rubric, None, [broken])
    with pytest.raises(StoreError, match="one for one"):
        store.save_class("11A", rubric, None, reports, labels=["x"])
    assert [c.name for c in store.list_classes()] == ["11A"]


def test_store_overrides_sit_beside_the_machine_judgement(store, rubric, reports):
    store.save_class("12C", rubric, None, reports)
    tyler = store.get_class("12C").essays[0]
    machine = tyler.latest.data
    flag = machine["errors"][0]
    pid = next(p["id"] for p in machine["points"] if p["status"] == "missing")

    store.add_override(report_id=tyler.latest.id, points={pid: "covered"}, dismissed_errors=[flag_key(flag)],
                       level=3, mark=12, comment="Knows the pact's date really", who="Ms Khan")
    store.add_override(essay_id=tyler.id, mark=13, who="Mr Osei")

    tyler = store.get_class("12C").essays[0]
    assert tyler.latest.data == machine  # the machine's report is untouched
    assert [o.who for o in tyler.overrides] == ["Ms Khan", "Mr Osei"]
    final = tyler.final()
    assert (final.level, final.mark) == (3, 13)
    assert (final.machine_level, final.machine_mark) == (machine["level"], machine["mark"])
    assert final.points[pid] == "covered" and final.machine_points[pid] == "missing"
    assert final.overridden_points == {pid: ("missing", "covered")}
    assert flag in final.dismissed_errors and flag not in final.errors
    assert len(final.errors) == len(machine["errors"]) - 1
    assert final.comments == ("Knows the pact's date really",) and final.overridden_by == ("Ms Khan", "Mr Osei")


def test_store_a_dismissed_flag_can_be_reinstated_and_dismissed_again(store, rubric, reports):
    """A misclick is not final: later overrides fold over earlier ones, and the history keeps every step."""
    store.save_class("12E", rubric, None, reports[:1])
    essay = store.get_class("12E").essays[0]
    flag = essay.latest.data["errors"][0]
    store.add_override(essay_id=essay.id, dismissed_errors=[flag_key(flag)], who="Ms Khan")
    assert flag in store.get_class("12E").essays[0].final().dismissed_errors

    store.add_override(essay_id=essay.id, restored_errors=[flag_key(flag)], who="Ms Khan")
    essay = store.get_class("12E").essays[0]
    final = essay.final()
    assert flag in final.errors and flag not in final.dismissed_errors
    assert [o.restored_errors for o in essay.overrides] == [(), (flag_key(flag),)]

    store.add_override(essay_id=essay.id, dismissed_errors=[flag_key(flag)], who="Mr Osei")
    assert flag in store.get_class("12E").essays[0].final().dismissed_errors


@pytest.mark.parametrize("kwargs, message", [
    ({"points": {"no-such-point": "covered"}}, "no point no-such-point"),
    ({"restored_errors": ["made-up@1-2"]}, "no error flag made-up@1-2"),
    ({"points": {"rapallo": "excellent"}}, "status must be one of"),
    ({"dismissed_errors": ["made-up@1-2"]}, "no error flag made-up@1-2"),
    ({"level": 12}, "level must be a whole number from 0 to 9"),
    ({"mark": -1}, "mark must be"),
    ({}, "needs a point status"),
    ({"dismissed_errors": ["FLAG"], "restored_errors": ["FLAG"]}, "cannot be dismissed and reinstated at once"),
])
def test_store_bad_overrides_are_refused(store, rubric, reports, kwargs, message):
    store.save_class("12D", rubric, None, reports[:1])
    latest = store.get_class("12D").essays[0].latest
    key = flag_key(latest.data["errors"][0])
    kwargs = {k: [key if x == "FLAG" else x for x in v] if isinstance(v, list) else v for k, v in kwargs.items()}
    with pytest.raises(StoreError, match=message):
        store.add_override(report_id=latest.id, **kwargs)
    with pytest.raises(StoreError, match="exactly one"):
        store.add_override(level=1)
    assert store.get_class("12D").essays[0].overrides == ()


def test_store_remarking_with_a_new_rubric_version_keeps_old_reports_and_overrides(
        store, rubric, rubric_v2, reports, reports_v2):
    store.save_class("13A", rubric, None, reports)
    first = store.get_class("13A").essays
    store.add_override(report_id=first[0].latest.id, level=5, mark=22, who="v1 marker")
    store.add_override(essay_id=first[1].id, comment="Late submission", who="HoD")

    result = store.save_class("13A", rubric_v2, None, reports_v2)
    assert (result.created, result.essays_added, result.reports_added) == (False, 0, 3)
    record = store.get_class("13A")
    assert record.rubric_version == 2 and [c.rubric_version for c in store.list_classes()] == [2]
    for essay, old in zip(record.essays, first):
        assert [r.rubric_version for r in essay.reports] == [1, 2]
        assert essay.reports[0] == old.latest  # the old report is kept exactly
        assert essay.latest.data["rubric_version"] == 2
    tyler, priya = record.essays[0], record.essays[1]
    assert [o.report_id for o in tyler.overrides] == [first[0].latest.id]  # still there, tied to the v1 report
    assert tyler.applied_overrides == () and tyler.final().level == reports_v2[0].level
    assert priya.final().comments == ("Late submission",)  # an essay-wide override follows the new report


def test_store_delete_leaves_no_row_or_text(store, rubric, reports):
    secret = reports[0].text[40:120]
    store.save_class("Delete-Me-7Q", rubric, None, reports[:2])
    store.save_class("Keep-Me", rubric, None, reports[2:])
    doomed = store.get_class("Delete-Me-7Q").essays[0]
    store.add_override(report_id=doomed.latest.id, comment="Override-Comment-XYZ", who="Teacher-ABC")
    before = _all_rows_text(store)
    assert secret in before and "Delete-Me-7Q" in before and "Override-Comment-XYZ" in before
    if store.is_sqlite:
        store.compact()
        assert secret.encode() in _sqlite_bytes(store)  # proves the byte search below can find the text

    assert store.delete_class("Delete-Me-7Q") == 2

    after = _all_rows_text(store)
    for gone in (secret, reports[1].text[40:120], "Delete-Me-7Q", "Override-Comment-XYZ", "Teacher-ABC"):
        assert gone not in after
    assert reports[2].text[40:120] in after  # the other class is untouched
    assert [c.name for c in store.list_classes()] == ["Keep-Me"]
    if store.is_sqlite:
        on_disk = _sqlite_bytes(store)
        for gone in (secret, reports[1].text[40:120], "Delete-Me-7Q", "Override-Comment-XYZ"):
            assert gone.encode() not in on_disk
    with pytest.raises(StoreError, match="no class named"):
        store.delete_class("Delete-Me-7Q")


def _sqlite_bytes(store) -> bytes:
    """The database file and any write-ahead log beside it."""
    path = Path(store.engine.url.database)
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal"), Path(f"{path}-journal")) if p.exists())


class _FailsOnText:
    """A report that breaks when the store reads its text: a failure in the middle of the save transaction."""

    def __init__(self, report):
        self._report = report

    def __getattr__(self, name):
        return getattr(self._report, name)

    @property
    def text(self):
        raise RuntimeError("disk full half-way through")


def test_store_failure_half_way_leaves_no_partial_class(store, rubric, reports):
    with pytest.raises(RuntimeError, match="half-way"):
        store.save_class("Half", rubric, None, [reports[0], reports[1], _FailsOnText(reports[2])])
    assert store.list_classes() == []
    assert reports[0].text[40:120] not in _all_rows_text(store)

    store.save_class("Half", rubric, None, reports[:1])
    with pytest.raises(StoreError, match="different essay labelled '15_tyler'"):  # fails after adding priya
        store.save_class("Half", rubric, None, [reports[1], reports[2]], labels=["16_priya", "15_tyler"])
    assert [e.label for e in store.get_class("Half").essays] == ["15_tyler"]
    assert reports[1].text[40:120] not in _all_rows_text(store)


@dataclass(frozen=True)
class _SavedReport:
    """What save_class reads from a Report, as plain data: cheap to send to a child process."""

    essay: str
    rubric: str
    rubric_version: int
    question: str
    text: str
    data: dict
    error: None = None

    def to_dict(self) -> dict:
        return self.data


def _save_many(url: str, prefix: str, reports, ready, rounds: int) -> None:
    """Child process: save `rounds` classes of its own and add an essay to a shared class each round."""
    from marker.rubric import load_rubric
    from marker.store import open_store

    rubric = load_rubric(RUBRIC_ID)
    with open_store(url) as store:
        ready.wait()  # both processes start writing together
        for i in range(rounds):
            store.save_class(f"{prefix}-{i}", rubric, None, reports)
            store.save_class("shared", rubric, None, reports[:1], labels=[f"{prefix}-{i}"])


def test_store_two_processes_saving_at_once_lose_nothing(store, store_url, reports):
    # fork, not spawn: spawn re-runs the parent's __main__, which an earlier AppTest may have left as an app page.
    ctx = multiprocessing.get_context("fork")
    ready, rounds = ctx.Barrier(2, timeout=60), 10
    plain = [_SavedReport(r.essay, r.rubric, r.rubric_version, r.question, r.text, r.to_dict()) for r in reports]
    workers = [ctx.Process(target=_save_many, args=(store_url, name, plain, ready, rounds)) for name in "PQ"]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    classes = {c.name: c.essays for c in store.list_classes()}
    assert classes == {**{f"{p}-{i}": 3 for p in "PQ" for i in range(rounds)}, "shared": 2 * rounds}
    shared = store.get_class("shared").essays
    assert sorted(e.label for e in shared) == sorted(f"{p}-{i}" for p in "PQ" for i in range(rounds))
    assert all(len(e.reports) == 1 and e.latest.data == reports[0].to_dict() for e in shared)


def test_store_sqlite_retries_while_another_writer_holds_the_lock(tmp_path, monkeypatch, rubric, reports):
    import sqlite3
    import threading

    import marker.store

    monkeypatch.setattr(marker.store, "SQLITE_BUSY_TIMEOUT_S", 0.05)  # so the retry, not the busy wait, must cope
    path = tmp_path / "locked.db"
    with open_store(f"sqlite:///{path}") as store:
        holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError, match="the database stayed busy"):
            store.save_class("Never", rubric, None, reports[:1])
        threading.Timer(0.3, holder.execute, args=("COMMIT",)).start()
        assert store.save_class("Later", rubric, None, reports[:1]).essays_added == 1
        assert [c.name for c in store.list_classes()] == ["Later"]
        holder.close()


def test_store_comment_bank_and_calibration_runs(store):
    first = store.add_comment(RUBRIC_ID, "  Explain why the pact mattered, not just when.  ")
    store.add_comment(RUBRIC_ID, "Explain why the pact mattered, not just when.")
    store.add_comment("other-rubric", "Unrelated")
    assert [c.text for c in store.comments(RUBRIC_ID)] == ["Explain why the pact mattered, not just when."]
    store.delete_comment(first.id)
    assert store.comments(RUBRIC_ID) == []
    with pytest.raises(StoreError):
        store.add_comment(RUBRIC_ID, "   ")

    figures = {"qwk": 0.71, "teachers": ["A", "B"], "levels": {"1": 3}}
    run = store.save_calibration_run(RUBRIC_ID, figures, "/tmp/calibrated.yaml")
    [again] = store.calibration_runs(RUBRIC_ID)
    assert again == run and again.figures == figures and again.calibrated_path == "/tmp/calibrated.yaml"
    assert store.calibration_runs("other-rubric") == []


def test_store_migrations_build_exactly_the_models(store, store_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from marker.store import Base

    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0004"
    with open_store(store_url) as reopened:  # opening again migrates nothing and loses nothing
        assert reopened.list_classes() == []


def test_store_upgrade_from_the_first_schema_keeps_overrides(store, store_url, rubric, reports):
    """A database made before flags could be reinstated opens, upgrades and keeps its dismissals."""
    from alembic import command

    from marker.store import alembic_config

    store.save_class("12F", rubric, None, reports[:1])
    essay = store.get_class("12F").essays[0]
    flag = essay.latest.data["errors"][0]
    store.add_override(essay_id=essay.id, dismissed_errors=[flag_key(flag)], comment="Dismissed before", who="Ms Khan")
    cfg = alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
        assert "restored_json" not in conn.exec_driver_sql("SELECT * FROM overrides").keys()
    with open_store(store_url) as reopened:
        [override] = reopened.get_class("12F").essays[0].overrides
        assert (override.dismissed_errors, override.restored_errors) == ((flag_key(flag),), ())
        assert override.comment == "Dismissed before"
        assert flag in reopened.get_class("12F").essays[0].final().dismissed_errors


def test_store_default_location_and_bad_urls(tmp_path, monkeypatch):
    import platformdirs

    monkeypatch.delenv("MARKER_DB_URL", raising=False)
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda app: str(tmp_path / "data" / app))
    with open_store() as store:
        assert store.is_sqlite and store.list_classes() == []
    assert (tmp_path / "data" / "marker" / "marker.db").exists()
    with open_store(f"sqlite:///{tmp_path}/x.db") as store:
        assert store.engine.dialect.name == "sqlite"
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    monkeypatch.setenv("MARKER_DB_URL", f"sqlite:///{tmp_path}/from-env.db")
    open_store().close()
    assert (tmp_path / "from-env.db").exists()
    with pytest.raises(StoreError, match="cannot use database URL"):
        open_store("nosuchdb://x/y")
    with pytest.raises(StoreError, match="cannot open the database"):
        open_store("postgresql+psycopg://nobody:secret@127.0.0.1:1/none")


def test_export_csv_xlsx_json_carry_final_and_machine_values(store, rubric, reports):
    from openpyxl import load_workbook

    formula = '=HYPERLINK("http://evil.example","x")'
    store.save_class("Export", rubric, None, reports, labels=[formula, "Priya", "Eleanor"],
                     candidates=["9001", "9002", "9003"])
    tyler = store.get_class("Export").essays[0]
    flag = tyler.latest.data["errors"][0]
    store.add_override(report_id=tyler.latest.id, points={"rapallo": "covered"}, dismissed_errors=[flag_key(flag)],
                       level=4, mark=16, comment="=2+2 moderated", who="HoD")
    record = store.get_class("Export")
    header, rows = class_table(record)
    point_ids = [p["id"] for p in reports[0].to_dict()["points"]]
    assert header[5:5 + len(point_ids)] == point_ids

    table = list(csv.reader(io.StringIO(to_csv(record))))
    assert table[0] == header and len(table) == 4
    row = dict(zip(header, table[1]))
    assert row["student"] == "'" + formula  # inert in a spreadsheet
    assert row["rapallo"] == "covered" and row["overridden points"] == "rapallo: missing -> covered"
    assert (row["level"], row["mark"]) == ("4", "16")
    assert (row["machine level"], row["machine mark"]) == (str(reports[0].level), str(reports[0].mark))
    assert flag["text"] in row["dismissed errors"] and flag["text"] not in row["errors"]
    assert row["teacher comment"] == "'=2+2 moderated" and row["overridden by"] == "HoD"
    priya = dict(zip(header, table[2]))
    assert priya["level"] == priya["machine level"] == str(reports[1].level)
    assert all(f["text"] in priya["errors"] for f in reports[1].to_dict()["errors"])

    book = load_workbook(io.BytesIO(export_class(record, "xlsx")))
    sheet = book["marks"]
    cells = [[c.value for c in r] for r in sheet.iter_rows()]
    assert cells[0] == header
    assert sheet["A2"].value == formula and sheet["A2"].data_type == "s"  # text, not a formula
    xrow = dict(zip(header, cells[1]))
    assert (xrow["level"], xrow["mark"], xrow["machine mark"]) == (4, 16, reports[0].mark)
    assert [r[0].value for r in book["points"].iter_rows(min_row=2)] == point_ids

    data = json.loads(export_class(record, "json"))
    assert data["class"] == "Export" and data["rubric"] == RUBRIC_ID
    first = data["essays"][0]
    assert (first["level"], first["mark"]) == (4, 16)
    assert first["machine"] == {"points": {p["id"]: p["status"] for p in reports[0].to_dict()["points"]},
                                "level": reports[0].level, "mark": reports[0].mark}
    assert first["report"] == reports[0].to_dict() and first["overrides"][0]["applies"] is True
    assert first["dismissed_errors"] == [flag]

    anonymous = to_csv(record, anonymous=True)
    assert "Priya" not in anonymous and "HYPERLINK" not in anonymous and "15_tyler" not in anonymous
    assert [r[0] for r in csv.reader(io.StringIO(anonymous))][1:] == ["9001", "9002", "9003"]
    anon_json = export_class(record, "json", anonymous=True).decode()
    assert "Priya" not in anon_json and "sample_essays" not in anon_json


def test_cli_class_commands(store, store_url, rubric, reports, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("MARKER_DB_URL", store_url)
    store.save_class("10X", rubric, None, reports)
    assert main(["class", "list"]) == 0
    assert capsys.readouterr().out.startswith(f"10X\t3 essays\t{RUBRIC_ID} v1\t")
    assert main(["class", "show", "10X"]) == 0
    out = capsys.readouterr().out
    assert f"15_tyler: level {reports[0].level}, mark {reports[0].mark};" in out and "3 essays" in out
    assert main(["class", "export", "10X", "--format", "json"]) == 0
    assert [e["student"] for e in json.loads(capsys.readouterr().out)["essays"]] == ESSAYS
    out_file = tmp_path / "10x.xlsx"
    assert main(["class", "export", "10X", "--format", "xlsx", "--out", str(out_file)]) == 0
    assert out_file.read_bytes()[:2] == b"PK" and "3 essays -> " in capsys.readouterr().err
    assert main(["class", "show", "nope"]) == 1
    assert capsys.readouterr().err.strip() == "Error: no class named 'nope' (see `marker class list`)"
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["class", "delete", "10X"]) == 2  # not interactive and no --yes: refused
    assert main(["class", "delete", "10X", "--yes"]) == 0
    assert "deleted class '10X': 3 essays" in capsys.readouterr().out
    assert store.list_classes() == []
    assert main(["mark", str(SAMPLES / "15_tyler.txt"), "--rubric", RUBRIC_ID, "--save"]) == 2
    assert "--save and --class NAME go together" in capsys.readouterr().err


def _loopback(host) -> bool:
    """Loopback names and addresses only (None is getaddrinfo's own 'this machine')."""
    if host is None or host in ("localhost", b"localhost"):
        return True
    host = host.decode() if isinstance(host, bytes) else str(host)
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def test_nothing_leaves_the_machine_mark_save_export(store_url, monkeypatch, capsys, tmp_path):
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo
    attempts = []

    def guarded_connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
            attempts.append(address)
            raise OSError(f"test blocks network access to {address}")
        return real_connect(sock, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if not _loopback(host):
            attempts.append(host)
            raise socket.gaierror(f"test blocks name lookups ({host})")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    with pytest.raises(OSError):  # the guard works
        socket.create_connection(("93.184.216.34", 80), timeout=1)
    attempts.clear()

    monkeypatch.setenv("MARKER_DB_URL", store_url)
    essays = [str(SAMPLES / f"{name}.txt") for name in ESSAYS[:2]]
    assert main(["mark", *essays, "--rubric", RUBRIC_ID, "--format", "json", "--save", "--class", "Offline"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    for fmt in ("csv", "xlsx", "json"):
        assert main(["class", "export", "Offline", "--format", fmt, "--out", str(tmp_path / f"o.{fmt}")]) == 0
    assert "15_tyler" in (tmp_path / "o.csv").read_text(encoding="utf-8")
    assert attempts == []


def test_store_failed_files_are_kept_with_the_class_until_dismissed(store, store_url, rubric, reports):
    """Unreadable files are saved with the class (name, reason, when), listed apart from its essays, survive a
    reopen, and a dismissal is saved too; the same file failing again is listed once, with the newer reason."""
    from marker.report import Report

    broken = Report(essay="lost.docx", rubric=rubric.id, error="lost.docx: file not found")
    result = store.save_class("12C", rubric, None, [*reports[:2], broken],
                              failed=[("notes.exe", "notes.exe: not an essay file")])
    assert result.skipped == ("lost.docx",) and result.essays_added == 2
    with open_store(store_url) as reopened:
        kept = reopened.failed_files("12C")
        assert [(f.name, f.reason) for f in kept] == [("lost.docx", "lost.docx: file not found"),
                                                      ("notes.exe", "notes.exe: not an essay file")]
        assert all(f.created.tzinfo is not None for f in kept)
        assert len(reopened.get_class("12C").essays) == 2  # counted apart from the marked essays
        reopened.save_class("12C", rubric, None, reports[:2], failed=[("notes.exe", "notes.exe: still broken")])
        assert [(f.name, f.reason) for f in reopened.failed_files("12C")][1] == ("notes.exe", "notes.exe: still broken")
        assert reopened.dismiss_failed("12C") == 2
    with open_store(store_url) as again:
        assert again.failed_files("12C") == [] and again.dismiss_failed("12C") == 0
        again.save_class("12C", rubric, None, reports[:1], failed=[("late.pdf", "late.pdf: damaged")])
        assert [f.name for f in again.failed_files("12C")] == ["late.pdf"]  # a new failure is shown again
        with pytest.raises(StoreError, match="no class named 'nope'"):
            again.failed_files("nope")
        again.delete_class("12C")
        assert "late.pdf" not in _all_rows_text(again)


def test_store_upgrade_adds_failed_files_to_a_database_made_before_them(store, store_url, rubric, reports):
    """A database from before failed files were kept (revision 0002) opens, upgrades and keeps its classes."""
    from alembic import command

    from marker.store import alembic_config

    store.save_class("12G", rubric, None, reports[:1], failed=[("gone.docx", "gone.docx: unreadable")])
    cfg = alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
        assert "failed_files" not in inspect(conn).get_table_names()
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0002"
    with open_store(store_url) as reopened:
        assert len(reopened.get_class("12G").essays) == 1 and reopened.failed_files("12G") == []
        reopened.save_class("12G", rubric, None, reports[:1], failed=[("gone.docx", "gone.docx: unreadable")])
        assert [f.name for f in reopened.failed_files("12G")] == ["gone.docx"]

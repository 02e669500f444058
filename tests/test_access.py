"""Department server mode, by library call: accounts and passwords, every role's rule, 0 cross-role reads, upload
limits, the audit log and deleting one student's data.

Every test that touches the database runs on SQLite and, when MARKER_TEST_PG_URL is set (CI: .ci/postgres.sh), on
PostgreSQL too, each in a fresh database or schema.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from sqlalchemy import MetaData, select

from marker import access, accounts, audit
from marker.accounts import LOCAL, AccessDenied
from marker.store import open_store
from tests.conftest import RUBRIC_ID, SAMPLES, pg_schema

PG_URL = os.environ.get("MARKER_TEST_PG_URL")
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def reports(rubric):
    """Two short essays marked once by the real engine (the first carries an error flag)."""
    from marker.mark import mark_essays

    marked = mark_essays([SAMPLES / "15_tyler.txt", SAMPLES / "24_kieran.txt"], rubric)
    assert all(r.error is None for r in marked)
    return marked


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        with open_store(f"sqlite:///{tmp_path / 'server.db'}") as opened:
            yield opened
        return
    if not PG_URL:
        pytest.skip("MARKER_TEST_PG_URL is not set (CI starts PostgreSQL with .ci/postgres.sh)")
    with pg_schema(PG_URL) as (url, _admin), open_store(url) as opened:
        yield opened


@dataclass
class School:
    khan: accounts.User  # teacher, History
    osei: accounts.User  # teacher, History
    head: accounts.User  # head of History
    geo: accounts.User  # head of Geography
    amy: accounts.User  # student
    ben: accounts.User  # student


@pytest.fixture
def school(store, rubric, reports) -> School:
    add = accounts.add_user
    people = School(
        khan=add(store, "khan", role="teacher", department="History", name="Ms Khan", password=PASSWORD),
        osei=add(store, "osei", role="teacher", department="History", name="Mr Osei", email="Osei@School.example"),
        head=add(store, "hod", role="head", department="History", name="Mrs Hale", password=PASSWORD),
        geo=add(store, "geo", role="head", department="Geography", name="Mr Geo", password=PASSWORD),
        amy=add(store, "amy", role="student", department="History", name="Amy Shah", password=PASSWORD),
        ben=add(store, "ben", role="student", department="History", name="Ben Cole", password=PASSWORD),
    )
    access.save_class(store, people.khan, "12A", rubric, None, reports[:1], labels=["Amy Shah"])
    access.save_class(store, people.osei, "12B", rubric, None, reports[1:], labels=["Ben Cole"])
    return people


def test_passwords_are_salted_scrypt_and_checked_in_constant_time():
    first, second = accounts.hash_password(PASSWORD), accounts.hash_password(PASSWORD)
    assert first != second and first.startswith("scrypt$16384$8$1$") and PASSWORD not in first
    assert accounts.check_password(PASSWORD, first) and accounts.check_password(PASSWORD, second)
    assert not accounts.check_password(PASSWORD + "!", first)
    for broken in (None, "", "md5$x", "scrypt$1$2$3$!!$!!", first.replace("scrypt", "bcrypt")):
        assert not accounts.check_password(PASSWORD, broken)
    with pytest.raises(accounts.MarkerError, match="at least 10"):
        accounts.hash_password("short")


def test_local_sign_in_and_identity_provider_accounts(store, school):
    assert accounts.sign_in(store, "khan", PASSWORD) == school.khan
    with pytest.raises(AccessDenied) as wrong:
        accounts.sign_in(store, "khan", "not the password")
    with pytest.raises(AccessDenied) as nobody:
        accounts.sign_in(store, "nobody", PASSWORD)
    with pytest.raises(AccessDenied):  # an account with no password signs in only through the provider
        accounts.sign_in(store, "osei", PASSWORD)
    assert str(wrong.value) == str(nobody.value)  # a wrong name and a wrong password look the same
    assert accounts.user_for_identity(store, " osei@school.EXAMPLE") == school.osei
    with pytest.raises(AccessDenied, match="no account for you"):
        accounts.user_for_identity(store, "stranger@school.example")
    with pytest.raises(accounts.MarkerError, match="already"):
        accounts.add_user(store, "khan", role="teacher", department="History", password=PASSWORD)
    with pytest.raises(accounts.MarkerError, match="role must be"):
        accounts.add_user(store, "x", role="admin", department="History", password=PASSWORD)


def test_pages_by_role_and_server_mode_off_by_default():
    assert not access.server_mode({}) and not access.server_mode({"MARKER_SERVER_MODE": "0"})
    assert access.server_mode({"MARKER_SERVER_MODE": "1"}) and access.server_mode({"MARKER_SERVER_MODE": "true"})
    student = accounts.User(1, "s", "S", "student", "History")
    teacher = accounts.User(2, "t", "T", "teacher", "History")
    head = accounts.User(3, "h", "H", "head", "History")
    assert access.pages_for(student) == ("check",)
    assert "calibrate" not in access.pages_for(teacher) and "check" not in access.pages_for(teacher)
    assert "calibrate" in access.pages_for(head) and set(access.pages_for(LOCAL)) == set(access.PAGES)
    for page in ("mark", "overview", "calibrate", "build", "rubrics"):
        with pytest.raises(AccessDenied):
            access.require_page(student, page)
    with pytest.raises(AccessDenied):
        access.require_page(teacher, "calibrate")
    access.require_page(head, "calibrate")


def test_each_role_sees_exactly_its_classes_and_no_cross_role_read(store, school):
    names = lambda user: [c.name for c in access.visible_classes(store, user)]  # noqa: E731
    assert names(school.khan) == ["12A"] and names(school.osei) == ["12B"]
    assert names(school.head) == ["12A", "12B"] and names(LOCAL) == ["12A", "12B"]
    assert names(school.geo) == [] and names(school.amy) == [] and names(school.ben) == []

    allowed = {("khan", "12A"), ("osei", "12B"), ("hod", "12A"), ("hod", "12B")}
    cross_reads = 0
    for user in (school.khan, school.osei, school.head, school.geo, school.amy, school.ben):
        for name in ("12A", "12B"):
            reads = (lambda u=user, n=name: access.open_class(store, u, n),
                     lambda u=user, n=name: access.failed_files(store, u, n))
            for read in reads:
                try:
                    read()
                except AccessDenied as exc:
                    assert (user.username, name) not in allowed, (user.username, name)
                    assert str(exc) == f"no class named {name!r} that you can open"  # as if it did not exist
                else:
                    cross_reads += (user.username, name) not in allowed
    assert cross_reads == 0
    with pytest.raises(AccessDenied) as missing:
        access.open_class(store, school.khan, "no such class")
    assert "that you can open" in str(missing.value)


def test_only_the_classes_owner_or_head_can_change_add_to_or_delete_it(store, school, rubric, reports):
    essay_a = access.open_class(store, school.khan, "12A").essays[0]
    for intruder in (school.osei, school.geo, school.amy):
        with pytest.raises(AccessDenied):
            access.change_judgement(store, intruder, essay_id=essay_a.id, mark=1)
        with pytest.raises(AccessDenied):
            access.save_class(store, intruder, "12A", rubric, None, reports[1:], labels=["Intruder"])
        with pytest.raises(AccessDenied):
            access.delete_class(store, intruder, "12A")
        with pytest.raises(AccessDenied):
            access.dismiss_failed(store, intruder, "12A")
    assert [e.label for e in access.open_class(store, school.khan, "12A").essays] == ["Amy Shah"]
    assert essay_a.overrides == () == store.get_class("12A").essays[0].overrides

    access.change_judgement(store, school.khan, essay_id=essay_a.id, level=2, mark=8, who="forged name")
    access.change_judgement(store, school.head, essay_id=essay_a.id, mark=9)
    assert [o.who for o in store.get_class("12A").essays[0].overrides] == ["Ms Khan", "Mrs Hale"]
    class_a = store.get_class("12A").id
    assert [(e.who, e.action) for e in audit.entries(store, class_id=class_a)] == [
        ("Ms Khan", "create class"), ("Ms Khan", "change"), ("Mrs Hale", "change")]  # the refused saves left none
    assert access.delete_class(store, school.head, "12A") == 1
    assert [c.name for c in store.list_classes()] == ["12B"]
    [deleted] = [e for e in audit.entries(store) if e.action == "delete class"]
    assert (deleted.who, deleted.before) == ("Mrs Hale", {"essays": 1})


def test_every_change_of_a_mark_or_judgement_is_audited_with_before_and_after(store, rubric, reports):
    from marker.changes import flag_key

    store.save_class("laptop class", rubric, None, reports[:1])  # the laptop's path records changes too
    essay = store.get_class("laptop class").essays[0]
    machine = essay.latest.data
    pid = machine["points"][0]["id"]
    flag = flag_key(machine["errors"][0])
    store.add_override(essay_id=essay.id, points={pid: "covered"}, level=3, mark=12, who="Ms Khan")
    store.add_override(essay_id=essay.id, mark=13, dismissed_errors=[flag], comment="Well argued", who="Mr Osei")
    store.add_override(essay_id=essay.id, restored_errors=[flag], who="Ms Khan")
    first, second, third = audit.entries(store, essay_id=essay.id)
    assert (first.who, first.action, first.class_id) == ("Ms Khan", "change", store.get_class("laptop class").id)
    assert first.before == {"points": {pid: machine["points"][0]["status"]}, "level": machine["level"],
                            "mark": machine["mark"]}
    assert first.after == {"points": {pid: "covered"}, "level": 3, "mark": 12}
    assert second.before == {"mark": 12, "flags": {flag: "shown"}}
    assert second.after == {"mark": 13, "flags": {flag: "dismissed"}, "comment": "Well argued"}
    assert (third.before, third.after) == ({"flags": {flag: "dismissed"}}, {"flags": {flag: "shown"}})
    assert first.created <= second.created <= third.created
    with pytest.raises(accounts.MarkerError):  # a refused change leaves no audit row either
        store.add_override(essay_id=essay.id, points={"no-such-point": "covered"}, who="Ms Khan")
    assert len(audit.entries(store)) == 3


def test_students_see_only_their_own_drafts(store, school):
    kept = access.save_draft(store, school.amy, rubric_id="r", question_id="q", text="Amy's secret draft",
                             title="Essay 1")
    assert [d.id for d in access.my_drafts(store, school.amy)] == [kept.id]
    assert access.open_draft(store, school.amy, kept.id).text == "Amy's secret draft"
    assert access.my_drafts(store, school.ben) == []
    for other in (school.ben, school.khan, school.head, LOCAL):
        with pytest.raises(AccessDenied):
            access.open_draft(store, other, kept.id)
    for nobody_student in (school.khan, LOCAL):
        with pytest.raises(AccessDenied):
            access.my_drafts(store, nobody_student)
    with pytest.raises(AccessDenied):
        access.save_class(store, school.amy, "mine", None, None, [])


def test_upload_limits_per_user(store, school):
    accounts.set_upload_limits(store, "amy", files=3, megabytes=1)
    accounts.upload_allowed(store, school.amy, 2, 1000)
    with pytest.raises(AccessDenied, match="upload limit reached: 3 files and 1 MB"):
        accounts.upload_allowed(store, school.amy, 2, 1000)
    accounts.upload_allowed(store, school.amy, 1, 1000)  # the refused upload was not counted
    with pytest.raises(AccessDenied, match="upload limit"):
        accounts.upload_allowed(store, school.amy, 1, 1)
    with pytest.raises(AccessDenied, match="upload limit"):  # bytes count too
        accounts.upload_allowed(store, school.ben, 1, 11 * 1024 * 1024)
    accounts.upload_allowed(store, school.ben, 1, 1000)  # one user's limit is not another's
    accounts.upload_allowed(store, LOCAL, 10 ** 6, 10 ** 12)  # the laptop has no account and no limit


def test_deleting_one_students_data_leaves_nothing_of_them_and_everything_else(store, school, rubric, reports):
    access.save_draft(store, school.amy, rubric_id="r", question_id="q", text="Draft-Text-AMY", title="t")
    access.save_draft(store, school.ben, rubric_id="r", question_id="q", text="Draft-Text-BEN", title="t")
    accounts.upload_allowed(store, school.amy, 1, 10)
    essay = store.get_class("12A").essays[0]
    access.change_judgement(store, school.khan, essay_id=essay.id, comment="Comment-For-AMY")
    with pytest.raises(accounts.MarkerError, match="not a student"):
        accounts.delete_student(store, "khan")
    counts = accounts.delete_student(store, "amy", essay_labels=("Amy Shah",))
    assert counts == {"accounts": 1, "drafts": 1, "essays": 1}
    text = _all_rows_text(store)
    for gone in ("Draft-Text-AMY", "Comment-For-AMY", "Amy Shah", essay.text[:200]):
        assert gone not in text
    for kept in ("Draft-Text-BEN", "Ben Cole", "12A", "12B"):
        assert kept in text
    assert [u.username for u in accounts.users(store)] == ["ben", "geo", "hod", "khan", "osei"]
    with pytest.raises(accounts.MarkerError, match="no user"):
        accounts.delete_student(store, "amy")


def test_classes_saved_on_a_laptop_are_nobodys_until_assigned(store, school, rubric, reports):
    store.save_class("old class", rubric, None, reports[:1])
    assert "old class" not in [c.name for c in access.visible_classes(store, school.head)]
    accounts.assign_class(store, "old class", "osei")
    assert "old class" in [c.name for c in access.visible_classes(store, school.osei)]
    assert "old class" in [c.name for c in access.visible_classes(store, school.head)]
    assert "old class" not in [c.name for c in access.visible_classes(store, school.khan)]
    with pytest.raises(accounts.MarkerError, match="not a teacher"):
        accounts.assign_class(store, "old class", "amy")


def _all_rows_text(store) -> str:
    meta = MetaData()
    meta.reflect(store.engine)
    with store.engine.connect() as conn:
        return "\n".join(repr(tuple(row)) for table in meta.sorted_tables for row in conn.execute(select(table)))


def test_cli_accounts_assign_audit_and_delete_a_student(tmp_path, monkeypatch, capsys, rubric, reports):
    import io

    from marker.cli import main

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("MARKER_DB_URL", url)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["account", "add", "khan", "--role", "teacher", "--department", "History", "--name", "Ms Khan",
                 "--password-stdin"]) == 0
    assert main(["account", "add", "amy", "--role", "student", "--department", "History",
                 "--email", "amy@school.example"]) == 0
    with open_store(url) as store:
        store.save_class("11C", rubric, None, reports[:1], labels=["Amy Shah"])
        access.save_draft(store, accounts.user_for_identity(store, "amy@school.example"), rubric_id="r",
                          question_id="q", text="Draft-Of-Amy", title="t")
    assert main(["account", "assign-class", "11C", "--owner", "khan"]) == 0
    with open_store(url) as store:
        khan = accounts.sign_in(store, "khan", PASSWORD)
        essay = access.open_class(store, khan, "11C").essays[0]
        access.change_judgement(store, khan, essay_id=essay.id, mark=7)
    capsys.readouterr()
    assert main(["account", "audit", "--class", "11C"]) == 0
    assert "Ms Khan\tchange" in capsys.readouterr().out
    assert main(["account", "delete-student", "amy", "--label", "Amy Shah"]) == 2  # --yes is required
    assert main(["account", "delete-student", "amy", "--label", "Amy Shah", "--yes"]) == 0
    assert "1 draft(s) and 1 essay(s)" in capsys.readouterr().out
    with open_store(url) as store:
        assert store.get_class("11C").essays == () and "Draft-Of-Amy" not in _all_rows_text(store)
    assert main(["account", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == ["khan\tMs Khan\tteacher\tHistory"]
    from marker.cli_accounts import ROLES

    assert ROLES == accounts.ROLES
    with pytest.raises(SystemExit) as usage:
        main(["account", "add", "x", "--role", "admin", "--department", "H"])
    assert usage.value.code == 2


def test_cli_class_commands_on_a_server_act_as_a_signed_in_account(store, school, monkeypatch, capsys, tmp_path):
    """`marker class ...` and `marker mark --save` on a department server: the --as account, signed in with its
    password, with exactly its role's rights (the same marker.access rules as the app); without --as, nothing."""
    import io
    import json

    from marker.cli import main

    monkeypatch.setenv("MARKER_DB_URL", store.engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("MARKER_SERVER_MODE", "1")

    def run(*argv: str, password: str = PASSWORD) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    code, out, err = run("class", "list")
    assert (code, out) == (2, "") and "--as USERNAME" in err
    code, out, err = run("class", "show", "12A", "--as", "khan")  # stdin is no terminal and no --password-stdin
    assert (code, out) == (2, "") and "--password-stdin" in err
    for who, password in (("khan", "not the password"), ("osei", PASSWORD), ("nobody", PASSWORD)):
        code, out, err = run("class", "list", "--as", who, "--password-stdin", password=password)
        assert (code, out) == (1, "") and "do not match an account" in err  # osei signs in only through the provider

    listed = {}
    for who in ("khan", "hod", "geo", "amy"):
        code, out, _ = run("class", "list", "--as", who, "--password-stdin")
        assert code == 0
        listed[who] = [line.split("\t")[0] for line in out.splitlines()]
    assert listed == {"khan": ["12A"], "hod": ["12A", "12B"], "geo": [], "amy": []}

    for who, name in (("khan", "12B"), ("geo", "12A"), ("amy", "12A")):
        for command in (["show", name], ["export", name, "--format", "json"], ["delete", name, "--yes"]):
            code, out, err = run("class", *command, "--as", who, "--password-stdin")
            assert (code, out) == (1, "") and err.strip() == f"Error: no class named {name!r} that you can open"
    assert [c.name for c in store.list_classes()] == ["12A", "12B"]  # the refused deletes deleted nothing

    code, out, _ = run("class", "show", "12A", "--as", "khan", "--password-stdin")
    assert code == 0 and out.startswith("12A: ") and "Amy Shah: level" in out
    code, out, _ = run("class", "export", "12B", "--format", "json", "--as", "hod", "--password-stdin")
    assert code == 0 and [e["student"] for e in json.loads(out)["essays"]] == ["Ben Cole"]

    essay = SAMPLES / "15_tyler.txt"
    code, out, err = run("mark", str(essay), "--rubric", RUBRIC_ID, "--save", "--class", "12A")
    assert (code, out) == (2, "") and "--as USERNAME" in err  # refused before any marking
    code, out, err = run("mark", str(essay), "--rubric", RUBRIC_ID, "--format", "json", "--save", "--class", "12B",
                         "--as", "khan", "--password-stdin")
    assert code == 1 and json.loads(out)[0]["essay"].endswith("15_tyler.txt")  # the report is written...
    assert "class '12B' was not saved: no class named '12B' that you can open" in err  # ...but not saved to 12B
    assert len(store.get_class("12B").essays) == 1

    code, out, _ = run("class", "delete", "12A", "--yes", "--as", "khan", "--password-stdin")
    assert code == 0 and [c.name for c in store.list_classes()] == ["12B"]
    assert [(e.who, e.action) for e in audit.entries(store) if e.action == "delete class"] == [
        ("Ms Khan", "delete class")]

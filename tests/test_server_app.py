"""Department server mode, by page (Streamlit's AppTest): nothing before sign-in, each role's menu and pages, a class
name typed into the session by hand opens nothing, local passwords and the identity provider's accounts.

The accounts and classes are made through the library (tests/test_access.py checks its rules on SQLite and
PostgreSQL); here the app is driven as a person would, against a SQLite store.
"""

from __future__ import annotations

import os

import pytest
from streamlit.testing.v1 import AppTest

from marker import access, accounts, audit
from marker.store import open_store
from tests.conftest import ROOT, SAMPLES

APP = str(ROOT / "app.py")
TIMEOUT = 120
PASSWORD = "correct horse battery"
OIDC_SECRETS = {"auth": {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x" * 32,
                         "client_id": "marker", "client_secret": "s",
                         "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}}


@pytest.fixture(scope="module")
def server(tmp_path_factory, rubric):
    """Server mode on, a store with two History teachers' classes, a head, two students and a Geography head."""
    from marker.mark import mark_essays

    url = f"sqlite:///{tmp_path_factory.mktemp('server') / 'server.db'}"
    old = {k: os.environ.get(k) for k in ("MARKER_DB_URL", "MARKER_SERVER_MODE")}
    os.environ.update({"MARKER_DB_URL": url, "MARKER_SERVER_MODE": "1"})
    tyler, kieran = mark_essays([SAMPLES / "15_tyler.txt", SAMPLES / "24_kieran.txt"], rubric)
    with open_store(url) as store:
        add = accounts.add_user
        khan = add(store, "khan", role="teacher", department="History", name="Ms Khan", password=PASSWORD)
        osei = add(store, "osei", role="teacher", department="History", name="Mr Osei", email="osei@school.example")
        add(store, "hod", role="head", department="History", name="Mrs Hale", password=PASSWORD)
        add(store, "amy", role="student", department="History", name="Amy Shah", password=PASSWORD)
        access.save_class(store, khan, "12A Khan", rubric, None, [tyler], labels=["Tyler Smith"])
        access.save_class(store, osei, "12B Osei", rubric, None, [kieran], labels=["Kieran Jones"])
        access.save_draft(store, accounts.sign_in(store, "amy", PASSWORD), rubric_id=rubric.id,
                          question_id=rubric.questions[0].id, text="Amy's kept draft about Litvinov.", title="Mine")
    yield url
    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _signed_in(username: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.text_input(key="sign_in_user").input(username)
    at.text_input(key="sign_in_password").input(PASSWORD)
    next(b for b in at.button if b.label == "Sign in").click().run()
    assert not at.exception
    return at


def _shown(at: AppTest) -> str:
    """Every piece of text the page shows (titles, markdown, captions, messages, widget labels and options)."""
    parts = [e.value for kind in ("title", "markdown", "caption", "error", "info", "success", "warning", "subheader")
             for e in getattr(at, kind)]
    for box in at.selectbox:
        parts += [box.label, *map(str, box.options)]
    parts += [str(frame.value) for frame in at.dataframe]
    return "\n".join(map(str, parts))


def test_nothing_is_shown_before_sign_in_whatever_the_page(server):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert [t.value for t in at.title] == ["Sign in to marker"]
    for page in ("app_pages/mark.py", "app_pages/overview.py", "app_pages/check.py", "app_pages/calibrate.py"):
        at.switch_page(page).run()
        assert [t.value for t in at.title] == ["Sign in to marker"], page
        assert "12A" not in _shown(at) and "Litvinov" not in _shown(at)
    at.text_input(key="sign_in_user").input("khan")
    at.text_input(key="sign_in_password").input("wrong password")
    next(b for b in at.button if b.label == "Sign in").click().run()
    assert "do not match an account" in at.error[0].value
    assert [t.value for t in at.title] == ["Sign in to marker"]


def test_a_student_sees_only_check_my_draft_and_only_their_own_drafts(server):
    at = _signed_in("amy")
    assert [t.value for t in at.title] == ["Check my draft"]
    kept = next(b for b in at.selectbox if b.key == "check_kept")
    assert len(kept.options) == 1 and "Mine" in kept.options[0]
    for page in ("mark", "overview", "calibrate", "build", "rubrics"):
        with pytest.raises(ValueError, match=r"Known pages: \['[^']*/app_pages/check.py'\]"):
            at.switch_page(f"app_pages/{page}.py")  # the menu (and so every URL) holds Check my draft alone
        # and a page reached some other way refuses the student before showing anything
        direct = AppTest.from_file(str(ROOT / "app_pages" / f"{page}.py"), default_timeout=TIMEOUT)
        direct.session_state["signed_in_user_id"] = at.session_state["signed_in_user_id"]
        direct.session_state["class_name"] = "12A Khan"  # a class name put in the session by hand
        direct.run()
        assert [e.value for e in direct.error] == ["this page is not open to a student"], page
        assert not direct.title and "Tyler" not in _shown(direct)


def test_a_teacher_sees_only_their_own_classes_even_when_naming_another(server):
    at = _signed_in("khan")
    assert [t.value for t in at.title] == ["Mark a class"]
    at.radio(key="mark_mode").set_value("Open a saved class").run()
    assert [o.split(" (")[0] for o in at.selectbox(key="open_class").options] == ["12A Khan"]
    assert "Tyler Smith" in _shown(at) and "Kieran" not in _shown(at)

    other = _signed_in("khan")
    other.session_state["class_name"] = "12B Osei"  # another teacher's class, typed by hand
    other.switch_page("app_pages/overview.py").run()
    assert "Kieran" not in _shown(other)
    assert any("no class named '12B Osei' that you can open" in e.value for e in other.error)
    with pytest.raises(ValueError, match="Known pages"):
        other.switch_page("app_pages/calibrate.py")  # not in a teacher's menu, so no URL reaches it
    direct = AppTest.from_file(str(ROOT / "app_pages" / "calibrate.py"), default_timeout=TIMEOUT)
    direct.session_state["signed_in_user_id"] = other.session_state["signed_in_user_id"]
    direct.run()
    assert [e.value for e in direct.error] == ["this page is not open to a teacher"] and not direct.title


def test_a_teachers_change_is_recorded_under_their_name(server):
    at = _signed_in("khan")
    at.radio(key="mark_mode").set_value("Open a saved class").run()
    control = next(c for c in at.segmented_control if c.key and c.key.startswith("status_"))
    control.set_value("covered" if control.value != "covered" else "missing").run()
    assert not at.exception and any("Saved" in s.value for s in at.success)
    with open_store(server) as store:
        [entry] = [e for e in audit.entries(store) if e.action == "change"]
    assert entry.who == "Ms Khan" and entry.action == "change" and list(entry.after) == ["points"]


def test_a_head_of_department_sees_the_departments_classes_and_calibrate(server):
    at = _signed_in("hod")
    at.radio(key="mark_mode").set_value("Open a saved class").run()
    assert [o.split(" (")[0] for o in at.selectbox(key="open_class").options] == ["12A Khan", "12B Osei"]
    at.switch_page("app_pages/calibrate.py").run()
    assert [t.value for t in at.title] == ["Calibrate"] and not at.exception


def test_school_sign_in_maps_the_providers_email_to_an_account(server):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets.update(OIDC_SECRETS)
    at.user = {"is_logged_in": False}
    at.run()
    assert any(b.label == "Sign in with your school account" for b in at.button)
    at.user = {"is_logged_in": True, "email": "Osei@School.Example", "email_verified": True}
    at.run()
    assert [t.value for t in at.title] == ["Mark a class"]
    at.radio(key="mark_mode").set_value("Open a saved class").run()
    assert [o.split(" (")[0] for o in at.selectbox(key="open_class").options] == ["12B Osei"]

    stranger = AppTest.from_file(APP, default_timeout=TIMEOUT)
    stranger.secrets.update(OIDC_SECRETS)
    stranger.user = {"is_logged_in": True, "email": "stranger@school.example"}
    stranger.run()
    assert any("no account for you" in e.value for e in stranger.error)
    assert "Mark a class" not in [t.value for t in stranger.title]


def test_a_class_marked_on_the_page_belongs_to_the_teacher_who_marked_it(server):
    at = _signed_in("khan")
    at.text_input(key="new_class_name").input("13C Khan")
    at.file_uploader(key="mark_uploads").set_value([("chloe.txt", (SAMPLES / "07_chloe.txt").read_bytes(),
                                                     "text/plain")])
    at.run()
    at.button(key="mark_go").click().run()
    assert not at.exception and any("13C Khan" in s.value for s in at.success)
    with open_store(server) as store:
        users = {u.username: u for u in accounts.users(store)}
        assert [c.name for c in access.visible_classes(store, users["khan"])] == ["12A Khan", "13C Khan"]
        assert [c.name for c in access.visible_classes(store, users["osei"])] == ["12B Osei"]
    other = _signed_in("hod")
    other.radio(key="mark_mode").set_value("Open a saved class").run()
    assert "13C Khan" in [o.split(" (")[0] for o in other.selectbox(key="open_class").options]


def test_a_student_keeps_a_draft_and_reopens_it_and_uploads_count_against_their_limit(server):
    at = _signed_in("amy")
    at.text_area(key="check_text").input("Stalin signed the Nazi-Soviet Pact in 1939 to buy time. " * 3).run()
    at.text_input(key="check_draft_title").input("Second try")
    next(b for b in at.button if b.label == "Keep this draft").click().run()
    assert not at.exception and any("Only you can open it" in s.value for s in at.success)
    again = _signed_in("amy")
    titles = next(b for b in again.selectbox if b.key == "check_kept").options
    assert len(titles) == 2 and "Second try" in titles[0]
    with open_store(server) as store:
        accounts.set_upload_limits(store, "amy", files=0, megabytes=1)
    again.file_uploader(key="check_upload").set_value([("draft.txt", b"A draft about Litvinov.", "text/plain")])
    again.run()
    assert any("upload limit reached" in e.value for e in again.error)


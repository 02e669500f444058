"""Department server mode end to end: `streamlit run app.py` with MARKER_SERVER_MODE=1 and an [auth] secrets section
pointing at a test OpenID Connect provider on 127.0.0.1 (tests/oidc_issuer.py), driven by playwright with Debian's
chromium. A teacher signs in through the provider (st.login: discovery, redirect, code, token, signed ID token)
and sees only their own class; after signing out, a student signs in and sees only Check my draft; a page typed
into the address bar opens nothing else. Skipped, with the reason, where chromium or playwright is missing.
"""

from __future__ import annotations

import os

import pytest

from marker import access, accounts
from marker.store import open_store
from tests.conftest import SAMPLES
from tests.oidc_issuer import Issuer
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, _free_port, streamlit_app

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytest.importorskip("authlib", reason="Authlib (the server extra) is not installed")


@pytest.fixture(scope="module")
def site(tmp_path_factory, rubric):
    """(app URL, issuer): the app in server mode against a store with two teachers' classes and a student."""
    from marker.mark import mark_essays

    folder = tmp_path_factory.mktemp("server-browser")
    url = f"sqlite:///{folder / 'store.db'}"
    tyler, kieran = mark_essays([SAMPLES / "15_tyler.txt", SAMPLES / "24_kieran.txt"], rubric)
    with open_store(url) as store:
        khan = accounts.add_user(store, "khan", role="teacher", department="History", name="Ms Khan",
                                 email="khan@school.example")
        osei = accounts.add_user(store, "osei", role="teacher", department="History", name="Mr Osei",
                                 email="osei@school.example")
        accounts.add_user(store, "amy", role="student", department="History", name="Amy Shah",
                          email="amy@school.example")
        access.save_class(store, khan, "12A Khan", rubric, None, [tyler], labels=["Tyler Smith"])
        access.save_class(store, osei, "12B Osei", rubric, None, [kieran], labels=["Kieran Jones"])
    port = _free_port()
    with Issuer("marker-test", "test-client-secret") as issuer:
        secrets_file = folder / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{"c" * 48}"\n'
            'client_id = "marker-test"\nclient_secret = "test-client-secret"\n'
            f'server_metadata_url = "{issuer.url}/.well-known/openid-configuration"\n', encoding="utf-8")
        env = {**os.environ, "MARKER_DB_URL": url, "MARKER_SERVER_MODE": "1", "XDG_DATA_HOME": str(folder),
               "AUTHLIB_INSECURE_TRANSPORT": "1"}  # the test provider speaks plain HTTP on 127.0.0.1
        with streamlit_app(env, port, folder / "streamlit.log", "--secrets.files", str(secrets_file)) as app:
            yield app, issuer


def _only_local(route, request, origins: tuple[str, ...]) -> None:
    if request.url.startswith((*origins, "data:", "blob:")):
        route.continue_()
    else:
        route.abort()


def _page_not_found(tab) -> None:
    """Streamlit says the page typed does not exist (for this user), runs their first page, and is dismissed."""
    dialog = tab.get_by_role("dialog")
    dialog.wait_for()
    assert "Page not found" in dialog.inner_text()
    tab.keyboard.press("Escape")
    dialog.wait_for(state="detached")


def test_sign_in_through_the_school_provider_shows_each_role_only_its_own(site):
    app, issuer = site
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.route("**/*", lambda route, request: _only_local(route, request, (app, issuer.url)))
            tab = context.new_page()
            tab.set_default_timeout(90_000)

            tab.goto(app)
            tab.get_by_role("heading", name="Sign in to marker").wait_for()
            assert "12A" not in tab.content() and "Mark a class" not in tab.inner_text("body")
            issuer.next_email = "khan@school.example"
            tab.get_by_role("button", name="Sign in with your school account").click()
            tab.get_by_role("heading", name="Mark a class").wait_for()
            assert issuer.tokens_issued == 1
            nav = tab.locator('[data-testid="stSidebarNav"]').inner_text()
            assert "Calibrate" not in nav and "Check my draft" not in nav
            assert "Ms Khan" in tab.locator('[data-testid="stSidebar"]').inner_text()
            tab.get_by_text("Open a saved class").click()
            tab.get_by_text("Tyler Smith").first.wait_for()
            body = tab.inner_text("body")
            assert "12A Khan" in body and "12B Osei" not in body and "Kieran" not in body

            tab.goto(f"{app}/calibrate")  # typed into the address bar: not in a teacher's menu
            _page_not_found(tab)
            tab.get_by_role("heading", name="Mark a class").wait_for()
            assert "Calibrate" not in [h.inner_text() for h in tab.get_by_role("heading").all()]

            tab.get_by_role("button", name="Sign out").click()
            tab.get_by_role("heading", name="Sign in to marker").wait_for()
            issuer.next_email = "amy@school.example"
            tab.get_by_role("button", name="Sign in with your school account").click()
            tab.get_by_role("heading", name="Check my draft").wait_for()
            tab.goto(f"{app}/mark")
            _page_not_found(tab)
            tab.get_by_role("heading", name="Check my draft").wait_for()
            body = tab.inner_text("body")
            assert "12A Khan" not in body and "Tyler" not in body and "Mark a class" not in body
        finally:
            browser.close()

"""End to end in a real headless browser: `streamlit run app.py`, driven by playwright with Debian's chromium.

Uploads two essays on Mark a class, checks the results table and the highlighted essay, saves a screenshot of every
page (to docs/screenshots/ when MARKER_SCREENSHOTS=docs/screenshots), and shows that an essay carrying <script> and an onerror image is shown as text with
nothing run. Skipped, with the reason, where chromium or playwright is missing.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES

CHROMIUM = Path("/usr/bin/chromium")
# Screenshots go to a temporary folder, so a test run leaves the work tree clean; to refresh the README's pictures:
#     MARKER_SCREENSHOTS=docs/screenshots python -m pytest tests/test_browser.py
SHOTS = Path(os.environ.get("MARKER_SCREENSHOTS") or tempfile.mkdtemp(prefix="marker-shots-"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]
XSS_ESSAY = ("The Nazi-Soviet Pact was signed in August 1939 and it gave Stalin time to prepare for war.\n\n"
             "<script>window.__xss=1</script> <img src=x onerror=\"window.__xss=2\">\n\n"
             "Stalin did not trust Britain and France after the Munich Agreement of 1938.\n")

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium: apt-get install -y chromium)",
                allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`streamlit run app.py` on a free local port with a throwaway store; always terminated afterwards."""
    port = _free_port()
    env = {**os.environ, "MARKER_DB_URL": f"sqlite:///{tmp_path_factory.mktemp('browser') / 'store.db'}"}
    log = tmp_path_factory.mktemp("browser-log") / "streamlit.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def page(server):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            tab = context.new_page()
            tab.set_default_timeout(60_000)
            tab.goto(server)
            tab.get_by_role("heading", name="Mark a class").wait_for()
            yield tab
        finally:
            browser.close()


def _open(page, title: str) -> None:
    """Go to a page through the sidebar, keeping the session (a new URL would start a new one)."""
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    page.get_by_role("heading", name=title).wait_for()


def _settle(page) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_timeout(300)
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden")


def _shot(page, name: str, height: int = 1000) -> None:
    """Streamlit scrolls inside its own container, so a tall window (not full_page) shows the whole page."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": height})
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_mark_two_essays_then_every_page(page):
    page.get_by_label("Class name (essays are saved under it)").fill("Year 12 mocks")
    page.keyboard.press("Enter")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        [str(SAMPLES / "05_imogen.txt"), str(SAMPLES / "01_lewis.txt")])
    page.get_by_role("button", name="Mark 2 file(s)").click()
    page.get_by_text("saved them to the class").wait_for()
    _settle(page)

    table = page.get_by_test_id("stDataFrame")
    table.wait_for()
    # The grid draws on a canvas; its accessible table (inside the canvas, never "visible") holds the cell text.
    table.locator("[role=gridcell]", has_text="lewis").wait_for(state="attached")
    names = {cell.strip() for cell in table.locator("[role=gridcell]").all_text_contents()}
    assert {"imogen", "lewis"} <= names

    essay = page.locator("[data-testid=stHtml] mark").first
    essay.wait_for()
    assert page.locator("[data-testid=stHtml] mark sup").count() >= 3  # each highlight names its point
    assert page.get_by_text("Machine's suggestion").count() == 1
    _shot(page, "mark-a-class", 2600)

    _open(page, "Class overview")
    page.locator("[data-testid=stVegaLiteChart]").first.wait_for()
    _settle(page)
    _shot(page, "class-overview", 1500)

    _open(page, "Rubrics")
    _settle(page)
    _shot(page, "rubrics")

    _open(page, "Check my draft")
    page.get_by_label("…or paste it here").fill((SAMPLES / "02_olivia.txt").read_text())
    page.keyboard.press("Control+Enter")
    page.get_by_text("Questions to think about").wait_for()
    _settle(page)
    _shot(page, "check-my-draft", 1800)

    for title, name in (("Calibrate", "calibrate"), ("Build a rubric", "build-a-rubric")):
        _open(page, title)
        _settle(page)
        _shot(page, name)


def test_script_and_onerror_in_an_essay_are_shown_as_text_and_never_run(page, tmp_path):
    _open(page, "Check my draft")
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(XSS_ESSAY)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(hostile))  # an upload wins over pasting
    essay = page.locator("[data-testid=stHtml]", has_text="window.__xss=1").last
    essay.wait_for()
    _settle(page)
    shown = essay.inner_text()
    assert "<script>window.__xss=1</script>" in shown and 'onerror="window.__xss=2"' in shown
    page.wait_for_timeout(500)
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("img[src=x]").count() == 0

"""Every app page driven headlessly with Streamlit's AppTest: upload, results, changes, reopening, exports."""

import io
import os
import zipfile

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SAMPLES

APP = str(ROOT / "app.py")
TIMEOUT = 120
XSS = '<script>window.__xss=1</script> <img src=x onerror="window.__xss=2"> ' * 2


@pytest.fixture(scope="module", autouse=True)
def temporary_store(tmp_path_factory):
    """Each test module gets its own SQLite store, never the user's."""
    old = os.environ.get("MARKER_DB_URL")
    os.environ["MARKER_DB_URL"] = f"sqlite:///{tmp_path_factory.mktemp('store') / 'app.db'}"
    yield os.environ["MARKER_DB_URL"]
    if old is None:
        os.environ.pop("MARKER_DB_URL")
    else:
        os.environ["MARKER_DB_URL"] = old


def _app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception
    return at


def _sample(name: str) -> tuple[str, bytes, str]:
    return (name, (SAMPLES / name).read_bytes(), "text/plain")


def _zip(*files: tuple[str, bytes, str]) -> tuple[str, bytes, str]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, _ in files:
            archive.writestr(name, data)
    return ("more.zip", buffer.getvalue(), "application/zip")


def _plain(markdown: str) -> str:
    """Escaped Markdown as the reader sees it."""
    return markdown.replace("\\", "")


def _by_label(widgets, label: str):
    return next(w for w in widgets if w.label == label)


@pytest.fixture(scope="module")
def marked():
    """A class of three essays (two files and a zip holding one more, plus a stray file) marked and saved."""
    at = _app()
    at.text_input(key="new_class_name").input("11B mocks")
    stray = ("notes.exe", b"MZ\x90\x00", "application/octet-stream")
    at.file_uploader(key="mark_uploads").set_value(
        [_sample("01_lewis.txt"), _sample("05_imogen.txt"), _zip(_sample("02_olivia.txt"), stray)])
    at.run()
    at.button(key="mark_go").click().run()
    assert not at.exception
    return at


def _save_button(at, prefix: str):
    return next(b for b in at.button if b.key and b.key.startswith(prefix))


def _status(at, pid: str):
    return next(c for c in at.segmented_control if c.key and c.key.startswith("status_") and c.key.endswith(pid))


def test_mark_a_class_shows_results_for_every_essay_and_keeps_unreadable_files_until_dismissed(marked):
    assert any("saved them to the class “11B mocks”" in s.value for s in marked.success)
    assert any(c.value == "3 marked, 1 could not be read" for c in marked.caption)
    listed = " ".join(m.value for m in marked.markdown)
    assert "notes.exe" in _plain(listed) and "not an essay file" in listed
    table = marked.dataframe[0].value
    assert list(table["student"]) == ["lewis", "imogen", "olivia"]
    assert {"words", "level", "mark", "machine", "changes", "covered", "errors", "confidence"} <= set(table.columns)
    assert table.loc[table["student"] == "imogen", "level"].item() > table.loc[table["student"] == "lewis",
                                                                                 "level"].item()
    marked.run()  # still there on the next run, and the one after, until dismissed
    assert "notes.exe" in _plain(" ".join(m.value for m in marked.markdown))
    marked.button(key="dismiss_failed").click().run()
    assert "notes.exe" not in _plain(" ".join(m.value for m in marked.markdown))
    assert any(c.value == "3 marked" for c in marked.caption)


def test_unreadable_files_are_kept_with_the_saved_class_for_a_later_session():
    """The teacher comes back another day (a fresh session): the class still says what could not be read, until
    dismissed, and the dismissal is kept for the session after that."""
    at = _app()
    at.text_input(key="new_class_name").input("11C later")
    at.file_uploader(key="mark_uploads").set_value(
        [_sample("01_lewis.txt"), ("broken.docx", b"not a zip at all", "application/octet-stream")])
    at.run()
    at.button(key="mark_go").click().run()
    assert not at.exception and any(c.value == "1 marked, 1 could not be read" for c in at.caption)

    def reopen() -> AppTest:
        later = _app()
        later.radio(key="mark_mode").set_value("Open a saved class").run()
        later.selectbox(key="open_class").set_value("11C later").run()
        assert not later.exception
        return later

    later = reopen()
    assert any(c.value == "1 marked, 1 could not be read" for c in later.caption)
    assert "broken.docx" in _plain(" ".join(m.value for m in later.markdown))
    later.button(key="dismiss_failed").click().run()
    assert any(c.value == "1 marked" for c in later.caption)
    after = reopen()
    assert any(c.value == "1 marked" for c in after.caption)
    assert "broken.docx" not in _plain(" ".join(m.value for m in after.markdown))


def test_essay_view_highlights_evidence_with_labels_and_shows_errors_with_corrections(marked):
    essay_html = "".join(h.proto.body for h in marked.html)
    assert "<mark" in essay_html and "[Nazi-Soviet Pact" in essay_html  # a label, not colour alone
    assert any("Correction:" in e.value and "1934" in e.value for e in marked.error)
    assert any(m.label == "Machine's suggestion" for m in marked.metric)
    assert any(e.label.startswith("Why level") for e in marked.expander)


def test_show_one_point_limits_highlights_and_legend_to_that_point(marked, rubric):
    picker = marked.selectbox(key="show_one_point")
    one = picker.options[1]
    picker.set_value(picker.options[1]).run()  # options are shown by title
    body = "".join(h.proto.body for h in marked.html)
    titles = {p.title for p in rubric.points}
    shown = {t for t in titles if f"[{t}]" in body}
    assert shown == {one}
    marked.selectbox(key="show_one_point").set_value("All points").run()


def test_one_click_status_level_and_mark_dismissal_and_comment_are_saved_beside_the_machine(marked, temporary_store):
    at = marked
    before = at.dataframe[0].value.iloc[0]
    machine_errors = int(before["errors"])
    machine_mark = int(before["mark"])
    missing = next(c for c in at.segmented_control if c.key and c.key.startswith("status_") and c.value == "missing")
    pid = missing.key.split("_", 3)[-1]
    missing.set_value("partial").run()  # one click, saved at once
    assert not at.exception and any("is partial" in s.value for s in at.success)
    assert _status(at, pid).value == "partial"

    _by_label(at.selectbox, "Level").set_value(5)
    _by_label(at.number_input, "Mark").set_value(2)
    next(b for b in at.button if b.label == "Set").click().run()
    assert any("Level 5 is marks 21-25" in e.value for e in at.error)  # refused, with the reason

    _by_label(at.selectbox, "Level").set_value(4)
    _by_label(at.number_input, "Mark").set_value(17)
    next(b for b in at.button if b.label == "Set").click().run()
    judged = {m.label: m.value for m in at.metric}
    assert judged["Your judgement"] == "Level 4 · 17/25"
    assert judged["Machine's suggestion"].endswith(f" {machine_mark}/25")

    _save_button(at, "flag_dismiss_").click().run()
    _by_label(at.text_area, "Comment for the student").input("Develop your judgement.")
    _by_label(at.checkbox, "Also keep this comment in the comment bank").check()
    _save_button(at, "save_comment_").click().run()
    assert not at.exception
    row = at.dataframe[0].value.iloc[0]
    assert (row["level"], row["mark"]) == (4, 17) and row["machine"].endswith(f" · {machine_mark}")
    assert row["changes"].startswith("✎ level 4, mark 17; 1 point(s) set; 1 flag(s) dismissed; comment")
    assert row["errors"] == machine_errors - 1

    from marker.store import open_store

    essay = open_store(temporary_store).get_class("11B mocks").essays[0]
    final = essay.final()
    assert (final.mark, final.machine_mark, final.comments) == (17, machine_mark, ("Develop your judgement.",))
    assert final.points[pid] == "partial" and len(final.dismissed_errors) == 1

    reopened = _app()
    reopened.radio(key="mark_mode").set_value("Open a saved class").run()
    assert reopened.dataframe[0].value.iloc[0]["mark"] == 17
    assert "Develop your judgement." in reopened.selectbox(key=next(
        s.key for s in reopened.selectbox if s.key and s.key.startswith("bank_"))).options


def test_a_dismissed_flag_can_be_reinstated(marked, temporary_store):
    """Runs after the test above dismissed a flag: one click reinstates it."""
    at = marked
    dismissed_errors = int(at.dataframe[0].value.iloc[0]["errors"])
    restore = _save_button(at, "flag_restore_")
    assert restore.label.startswith("Reinstate the dismissed flag on")
    restore.click().run()
    assert not at.exception
    assert int(at.dataframe[0].value.iloc[0]["errors"]) == dismissed_errors + 1
    assert not any(b.key and b.key.startswith("flag_restore_") for b in at.button)

    from marker.store import open_store

    essay = open_store(temporary_store).get_class("11B mocks").essays[0]
    assert essay.final().dismissed_errors == () and essay.overrides[-1].restored_errors


def test_next_and_previous_walk_the_class_in_table_order(marked):
    assert marked.selectbox(key="essay_choice").format_func(marked.selectbox(key="essay_choice").value) == "lewis"
    _save_button(marked, "essay_next").click().run()
    assert any(m.value == "#### imogen" for m in marked.markdown)
    _save_button(marked, "essay_prev").click().run()
    _save_button(marked, "essay_prev").click().run()  # wraps round to the last
    assert any(m.value == "#### olivia" for m in marked.markdown)
    _save_button(marked, "essay_next").click().run()
    assert any(m.value == "#### lewis" for m in marked.markdown)


def test_comment_bank_is_seeded_with_targets_and_reused_with_one_click(marked, rubric):
    bank = next(s for s in marked.selectbox if s.key and s.key.startswith("bank_"))
    assert rubric.factors[0].target in bank.options
    bank.set_value(rubric.factors[0].target).run()
    assert _by_label(marked.text_area, "Comment for the student").value == rubric.factors[0].target
    assert next(s for s in marked.selectbox if s.key and s.key.startswith("bank_")).value is None


def test_anonymous_mode_shows_candidate_numbers_only_in_candidate_order(marked):
    marked.toggle(key="anonymous").set_value(True).run()
    students = list(marked.dataframe[0].value["student"])
    assert all(s.startswith("Candidate ") for s in students) and len(set(students)) == 3
    assert students == sorted(students)
    shown = " ".join(m.value for m in marked.markdown)
    assert "lewis" not in shown and "imogen" not in shown
    marked.toggle(key="anonymous").set_value(False).run()


def test_results_filter_by_level(marked):
    level = int(marked.dataframe[0].value.iloc[1]["level"])
    marked.multiselect(key="filter_level").set_value([level]).run()
    assert set(marked.dataframe[0].value["level"].astype(int)) == {level}
    assert len(marked.dataframe[0].value) < 3
    marked.multiselect(key="filter_level").set_value([]).run()


def test_exports_are_offered_for_the_saved_class(marked):
    labels = {b.label for b in marked.get("download_button")}
    assert {"Marks (CSV)", "Marks (Excel)", "Feedback for every student (Word, zipped)"} <= labels


def test_class_overview_draws_charts_for_the_open_class(marked):
    at = _app()
    at.session_state["class_name"] = "11B mocks"
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 3
    assert at.title[0].value == "Class overview"
    import json

    heatmap = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    x = heatmap["encoding"]["x"]
    assert x["axis"]["labelOverlap"] is False  # every student labelled, however many
    assert x["sort"] == ["lewis", "imogen", "olivia"] and heatmap["width"] == {"step": 20}


def test_class_overview_without_a_class_says_what_to_do():
    at = _app("app_pages/overview.py")
    assert "Mark or open a class first." in [i.value for i in at.info]


def test_check_my_draft_gives_prompts_and_corrections_and_no_mark_unless_asked(rubric, monkeypatch):
    import marker.mark

    calls = []
    real = marker.mark.mark_essay
    monkeypatch.setattr(marker.mark, "mark_essay", lambda *a, **k: calls.append(1) or real(*a, **k))
    at = _app("app_pages/check.py")
    calls.clear()
    at.text_area(key="check_text").input((SAMPLES / "01_lewis.txt").read_text()).run()
    assert not at.exception and not at.metric
    prompts = [i.value for i in at.info]
    assert prompts and all(p.endswith("?") for p in prompts)
    assert any("Correction:" in e.value for e in at.error)
    assert any("✅" in m.value or "🟡" in m.value for m in at.markdown)
    at.toggle(key="check_show_mark").set_value(True).run()
    assert [m.label for m in at.metric] == ["Suggested level", "Suggested mark"]
    assert len(calls) == 1  # asking for the mark reuses the session's report; the draft is read once


def test_check_my_draft_uses_the_pasted_text_when_the_upload_cannot_be_read():
    at = _app("app_pages/check.py")
    at.text_area(key="check_text").input((SAMPLES / "01_lewis.txt").read_text())
    at.file_uploader(key="check_upload").set_value(("draft.docx", b"not a word file", "application/octet-stream"))
    at.run()
    assert not at.exception and at.error  # the upload's problem is said...
    assert any("pasted text is checked instead" in i.value for i in at.info)  # ...and the pasted draft is checked
    assert any("✅" in m.value or "🟡" in m.value for m in at.markdown)


def test_student_text_is_escaped_everywhere_it_is_shown():
    at = _app("app_pages/check.py")
    at.text_area(key="check_text").input(
        "The Nazi-Soviet Pact was signed in August 1939. " + XSS + "Stalin wanted time.").run()
    bodies = "".join(h.proto.body for h in at.html)
    assert "&lt;script&gt;" in bodies and "<script" not in bodies and "<img" not in bodies


def test_rubrics_page_browses_the_rubric_and_explains_an_invalid_upload(rubric):
    at = _app("app_pages/rubrics.py")
    frames = [d.value for d in at.dataframe]
    assert any(len(f) == len(rubric.factors) for f in frames) and any(len(f) == len(rubric.levels) for f in frames)
    bad = b"id: Broken Id\ntitle: x\nsubject: History\nqualification: A level\n"
    at.file_uploader(key="rubric_upload").set_value(("mine.yaml", bad, "application/yaml")).run()
    problem = at.error[0].value
    assert "problem(s) to fix" in problem and "mine\\.yaml" in problem and "id" in problem
    good = (ROOT / "rubrics" / f"{rubric.id}.yaml").read_bytes()
    at.file_uploader(key="rubric_upload").set_value(("ok.yaml", good, "application/yaml")).run()
    assert "is a valid rubric" in at.success[0].value


def test_streamlit_config_is_private_minimal_and_limits_uploads_like_ingest():
    import tomllib

    from marker.ingest import DEFAULT_MAX_BYTES

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "minimal"
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == DEFAULT_MAX_BYTES


def test_navigation_lists_every_page_file():
    """A page file that app.py forgets would be unreachable."""
    app = (ROOT / "app.py").read_text()
    helpers = {"common.py", "classpage.py", "review.py", "signin.py", "__init__.py"}
    for page in (ROOT / "app_pages").glob("*.py"):
        if page.name not in helpers:
            assert f"app_pages/{page.name}" in app, page.name

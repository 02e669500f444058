"""The rubric builder page, driven headless: upload documents, draft, edit points and facts, save."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from marker.rubric import parse_rubric
from tests.conftest import ROOT

PAGE = str(ROOT / "app_pages" / "build.py")
SEEDS = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def seed_draft():
    from marker.build import build_draft, read_documents

    return build_draft(read_documents(SEEDS[:2]), "Soviet foreign policy 1924-41")


@pytest.fixture
def app(tmp_path, monkeypatch, seed_draft):
    """The page holding a draft of two seed documents (built once per module, as the upload test builds it)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # the user's rubric folder, kept out of the real home
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["builder_draft"] = seed_draft
    at.run()
    assert not at.exception
    return at


@pytest.fixture
def uploaded(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    assert not at.exception
    for path in SEEDS[:2]:
        at.file_uploader(key="builder_uploads").upload(path.name, path.read_bytes(), "text/plain")
    at.text_input(key="builder_title").input("Soviet foreign policy 1924-41")
    at.run()
    at.button(key="builder_run").click()
    at.run()
    assert not at.exception
    return at


def _draft(at):
    return at.session_state["builder_draft"]


def test_build_page_asks_for_documents_first():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    assert not at.exception
    assert at.button(key="builder_run").disabled
    assert "Upload one or more documents" in at.info[0].value


def test_build_page_drafts_points_with_their_passages(uploaded, seed_draft):
    app = uploaded
    draft = _draft(app)
    assert draft == seed_draft  # the page drafts exactly what the library does
    assert draft.points and draft.documents == (SEEDS[0].name, SEEDS[1].name)
    first = draft.points[0]
    assert app.text_input(key=f"title_{first.id}").value == first.title
    assert app.checkbox(key=f"pass_{first.id}_0").label.endswith(first.passages[0].text)
    assert f"{len(draft.points)} points" in app.subheader[0].value


def test_build_page_edits_merges_splits_reorders_and_deletes(app):
    first, second = _draft(app).points[:2]
    app.text_input(key=f"title_{first.id}").input("Renamed by the teacher")
    app.button(key=f"save_{first.id}").click().run()
    assert _draft(app).points[0].title == "Renamed by the teacher"

    app.button(key=f"down_{first.id}").click().run()
    assert [p.id for p in _draft(app).points[:2]] == [second.id, first.id]

    app.multiselect(key="merge_ids").set_value([second.id, first.id]).run()
    app.button(key="merge").click().run()
    merged = _draft(app).points[0]
    assert merged.id == second.id and first.id not in {p.id for p in _draft(app).points}
    assert len(merged.passages) == len(first.passages) + len(second.passages)

    app.checkbox(key=f"pass_{merged.id}_0").check()
    app.checkbox(key=f"pass_{merged.id}_1").check()
    app.run()
    app.button(key=f"split_{merged.id}").click().run()
    assert not app.exception
    points = _draft(app).points
    assert points[1].passages == merged.passages[:2] and len(points[0].passages) == len(merged.passages) - 2

    doomed = points[1].id
    app.button(key=f"delete_{doomed}").click().run()
    assert doomed not in {p.id for p in _draft(app).points}


def test_build_page_verifies_a_fact_and_saves_to_the_user_folder(app, tmp_path):
    fact = next(f for f in _draft(app).facts if f.date is not None)
    app.text_input(key=f"fact_date_{fact.id}").input("1934-09-18")
    app.selectbox(key=f"fact_prec_{fact.id}").set_value("day")
    app.run()
    app.button(key=f"verify_{fact.id}").click().run()
    assert not app.exception
    saved_fact = next(f for f in _draft(app).facts if f.id == fact.id)
    assert saved_fact.verified and saved_fact.date.isoformat() == "1934-09-18"

    app.button(key="save_rubric").click().run()
    assert not app.exception
    files = list(tmp_path.rglob("*.yaml"))
    assert len(files) == 1 and "marker" in str(files[0])
    rubric = parse_rubric(files[0].read_text(encoding="utf-8"))
    assert rubric.fact_by_id[fact.id].verified
    assert "Saved soviet-foreign-policy-1924-41" in app.success[0].value


def test_build_page_reports_a_bad_date(app):
    fact = _draft(app).facts[0]
    app.text_input(key=f"fact_date_{fact.id}").input("18/09/1934")
    app.run()
    app.button(key=f"verify_{fact.id}").click().run()
    assert "YYYY-MM-DD" in app.error[0].value
    assert not next(f for f in _draft(app).facts if f.id == fact.id).verified


def _expander(at, label_start: str):
    return next(e for e in at.expander if e.label.startswith(label_start))


def test_build_page_keeps_the_section_open_after_an_edit(app):
    first = _draft(app).points[0]
    assert not _expander(app, "1. ").proto.expanded
    app.text_input(key=f"terms_{first.id}").input("alpha, beta")
    app.button(key=f"save_{first.id}").click().run()
    assert _draft(app).points[0].key_terms == ("alpha", "beta")
    assert _expander(app, "1. ").proto.expanded  # the teacher's place is kept
    assert not _expander(app, "2. ").proto.expanded


def test_build_page_adds_a_point_and_edits_phrasings(app):
    n = len(_draft(app).points)
    app.text_input(key="add_point_title").input("Isolation left the USSR without allies")
    app.text_area(key="add_point_phrasings").input("Nobody would ally with the USSR.\nThe USSR stood alone.")
    app.button(key="add_point").click().run()
    assert not app.exception and len(_draft(app).points) == n + 1
    added = _draft(app).points[-1]
    assert added.title == "Isolation left the USSR without allies"
    assert _expander(app, "Add a point").proto.expanded

    app.text_area(key=f"phr_{added.id}").input("Nobody would ally with the USSR.\nA third phrasing.\nThe last.")
    app.button(key=f"save_{added.id}").click().run()
    assert [p.text for p in _draft(app).points[-1].passages] == [
        "Nobody would ally with the USSR.", "A third phrasing.", "The last."]

    app.text_input(key="add_point_title").input("Only one phrasing")
    app.text_area(key="add_point_phrasings").input("Just this.")
    app.button(key="add_point").click().run()
    assert "two example phrasings" in app.error[0].value and len(_draft(app).points) == n + 1


def test_build_page_adds_and_edits_a_debate_and_a_fact(app):
    n = len(_draft(app).debates)
    app.text_input(key="add_debate_a").input("Security")
    app.text_input(key="add_debate_b").input("Revolution")
    app.button(key="add_debate").click().run()
    debate = _draft(app).debates[-1]
    assert len(_draft(app).debates) == n + 1 and debate.title == "Security or revolution?"
    app.text_input(key=f"deb_cues_{debate.id}_0").input("safety, defence")
    app.button(key=f"deb_save_{debate.id}").click().run()
    assert _draft(app).debates[-1].sides[0].cues == ("safety", "defence")
    app.button(key=f"deb_delete_{debate.id}").click().run()
    assert len(_draft(app).debates) == n

    facts = len(_draft(app).facts)
    app.text_input(key="add_fact_text").input("Treaty of Berlin: 1926")
    app.text_input(key="add_fact_date").input("1926-04-24")
    app.selectbox(key="add_fact_prec").set_value("day")
    app.checkbox(key="add_fact_verified").check()
    app.button(key="add_fact").click().run()
    fact = _draft(app).facts[-1]
    assert len(_draft(app).facts) == facts + 1 and fact.verified and fact.date.isoformat() == "1926-04-24"


def test_build_page_edits_levels_and_saves_a_draft_until_reviewed(app, tmp_path):
    app.text_area(key="lv_text_1").input("Very weak.")
    app.button(key="levels_save").click().run()
    assert _draft(app).levels[0][2] == "Very weak."
    app.button(key="levels_remove").click().run()
    assert len(_draft(app).levels) == 4 and _expander(app, "4 levels").proto.expanded

    app.button(key="save_rubric").click().run()
    saved = parse_rubric(next(tmp_path.rglob("*.yaml")).read_text(encoding="utf-8"))
    assert saved.status == "draft" and saved.max_mark == 20
    assert any("Still lacking" in w.value for w in app.warning)

    app.checkbox(key="builder_reviewed").check().run()
    assert _draft(app).status == "reviewed"
    app.button(key="save_rubric").click().run()
    assert parse_rubric(next(tmp_path.rglob("*.yaml")).read_text(encoding="utf-8")).status == "reviewed"


def test_build_page_edits_a_debates_phrasings_and_corrects_a_fact_without_verifying_it(app):
    app.text_input(key="add_debate_a").input("Security")
    app.text_input(key="add_debate_b").input("Revolution")
    app.button(key="add_debate").click().run()
    debate = _draft(app).debates[-1]
    app.text_area(key=f"deb_phr_{debate.id}").input("Security came before revolution.\nRevolution still mattered.")
    app.button(key=f"deb_save_{debate.id}").click().run()
    assert [p.text for p in _draft(app).debates[-1].passages] == [
        "Security came before revolution.", "Revolution still mattered."]
    assert _expander(app, debate.title).proto.expanded
    app.text_area(key=f"deb_phr_{debate.id}").input("Only one line.")
    app.button(key=f"deb_save_{debate.id}").click().run()
    assert "two example phrasings" in app.error[0].value and len(_draft(app).debates[-1].passages) == 2

    fact = next(f for f in _draft(app).facts if f.date is not None)
    app.text_input(key=f"fact_text_{fact.id}").input("Corrected by the teacher")
    app.selectbox(key=f"fact_cal_{fact.id}").set_value("julian")
    app.button(key=f"fact_save_{fact.id}").click().run()
    saved = next(f for f in _draft(app).facts if f.id == fact.id)
    assert saved.statement == "Corrected by the teacher" and saved.calendar == "julian" and not saved.verified
    assert next(e for e in app.expander if e.label.endswith("Corrected by the teacher")).proto.expanded

    app.text_input(key="add_fact_text").input("Battle of Culloden: 1746")
    app.text_input(key="add_fact_date").input("1746-04-16")
    app.selectbox(key="add_fact_cal").set_value("julian")
    app.button(key="add_fact").click().run()
    assert _draft(app).facts[-1].calendar == "julian" and not _draft(app).facts[-1].verified


def test_build_page_leaves_out_an_unreadable_upload_and_explains_a_source_too_thin(tmp_path, monkeypatch):
    """Bad input on the page: a scan with no text is left out with a note and the rest is drafted; a one-line
    source alone is refused with the reason, and no draft appears."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    at.file_uploader(key="builder_uploads").upload(SEEDS[0].name, SEEDS[0].read_bytes(), "text/plain")
    at.file_uploader(key="builder_uploads").upload("scan.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    at.text_input(key="builder_title").input("Soviet foreign policy 1924-41")
    at.run()
    at.button(key="builder_run").click().run()
    assert not at.exception and _draft(at).points
    assert _draft(at).documents == (SEEDS[0].name,) and _draft(at).notes[0].startswith("left out: scan.pdf")
    assert any("left out: scan" in w.value for w in at.warning)  # shown (escaped) above the draft

    one = AppTest.from_file(PAGE, default_timeout=120)
    one.run()
    one.file_uploader(key="builder_uploads").upload("line.txt", b"Stalin signed a pact with Hitler in 1939.",
                                                    "text/plain")
    one.text_input(key="builder_title").input("A one-line source")
    one.run()
    one.button(key="builder_run").click().run()
    assert not one.exception and "builder_draft" not in one.session_state
    assert "too few full sentences" in one.error[0].value

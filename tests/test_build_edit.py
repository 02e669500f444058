"""Editing every part of a draft (the Build page's operations), draft status, and `marker rubric check`."""

from __future__ import annotations

import datetime as dt

import pytest

from marker import build
from marker.build import BuildError
from marker.review import lacks
from marker.rubric import parse_rubric
from tests.conftest import ROOT

FIX = ROOT / "tests" / "fixtures" / "build"


@pytest.fixture(scope="module")
def draft():
    return build.build_from_files([FIX / "bullets.md", FIX / "mindmap.txt"], "The causes of the English Civil War")


def test_levels_come_from_the_yaml_file_and_can_be_edited(draft):
    import yaml

    data = yaml.safe_load(build.write.LEVELS_FILE.read_text(encoding="utf-8"))
    assert [lv["marks"] for lv in data["levels"]] == [list(m) for _, m, _ in draft.levels]
    edited = build.set_levels(draft, [(1, (1, 10), "Weak."), (2, (11, 20), "Strong.")])
    rubric = build.to_rubric(edited)
    assert rubric.max_mark == 20 and [lv.descriptor for lv in rubric.levels] == ["Weak.", "Strong."]
    with pytest.raises(BuildError, match="overlap"):
        build.set_levels(draft, [(1, (1, 10), "Weak."), (2, (8, 20), "Strong.")])


def test_add_point_and_rewrite_phrasings(draft):
    added = build.add_point(draft, "The Irish rebellion raised the question of the army",
                            ["The Irish rising forced the question of who would command an army.",
                             "Parliament would not trust the king with an army to crush the Irish rebels."],
                            ["Irish rebellion", "militia"])
    point = added.points[-1]
    assert point.title.startswith("The Irish rebellion") and point.key_terms == ("Irish rebellion", "militia")
    rubric = build.to_rubric(added)
    assert rubric.point_by_id[point.id].provenance == []  # the teacher's wording quotes no source
    with pytest.raises(BuildError, match="two example phrasings"):
        build.add_point(draft, "Too thin", ["Only one line."])

    first = draft.points[0]
    kept = first.passages[0].text
    rewritten = build.set_phrasings(draft, first.id, [kept, "A new way a student might say it."])
    passages = rewritten.points[0].passages
    assert passages[0] == first.passages[0] and passages[1].document == build.TEACHER
    assert len(build.to_rubric(rewritten).point_by_id[first.id].phrasings) == 2


def test_add_edit_and_delete_a_debate(draft):
    ids = [p.id for p in draft.points]
    added = build.add_debate(draft, "Inevitable", "Avoidable mistakes", cues_a=["bound to"], points_a=ids[:1],
                             points_b=["no-such-point"])
    debate = added.debates[-1]
    assert debate.title == "Inevitable or avoidable mistakes?"
    assert debate.sides[0].points == tuple(ids[:1]) and debate.sides[1].points == ()
    rubric = build.to_rubric(added)
    assert len(rubric.point_by_id[debate.id].phrasings) >= 2
    edited = build.update_debate(added, debate.id, title="Was war inevitable?",
                                 sides=[("Inevitable", ["doomed"], ids[:2]), ("Avoidable", ["mistakes"], [])])
    assert edited.debates[-1].title == "Was war inevitable?" and edited.debates[-1].sides[0].points == tuple(ids[:2])
    assert debate.id not in {d.id for d in build.update_debate(added, debate.id, delete=True).debates}
    with pytest.raises(BuildError):
        build.add_debate(draft, "Same", "same")


def test_add_fact_verified_by_the_teacher(draft):
    added = build.add_fact(draft, "Grand Remonstrance: 1641", date=dt.date(1641, 11, 22), precision="day",
                           verified=True)
    fact = build.to_rubric(added).fact_by_id[added.facts[-1].id]
    assert fact.verified and fact.date.start == dt.date(1641, 11, 22)


def test_a_draft_is_saved_as_draft_and_check_says_what_it_lacks(draft, tmp_path, capsys):
    from marker.cli import main

    rubric = build.to_rubric(draft)
    assert rubric.status == "draft"
    gaps = lacks(rubric)
    assert any("draft" in g for g in gaps) and any("verified fact" in g for g in gaps)
    first = draft.points[0]
    thin = build.set_phrasings(draft, first.id, [x.text for x in first.passages[:2]])
    path = build.save_draft(thin, tmp_path / "d.yaml")
    assert main(["rubric", "check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "status: draft" in out and "lacks: it is a draft" in out
    assert f"fewer than 3 example phrasings: {first.id}" in out or f", {first.id}" in out

    reviewed = build.mark_reviewed(draft)
    assert build.to_rubric(reviewed).status == "reviewed"
    shipped = parse_rubric((ROOT / "rubrics" / "weimar-republic-1918-33.yaml").read_text(encoding="utf-8"))
    assert shipped.status == "reviewed"  # shipped rubrics default to reviewed


def test_drafts_are_not_offered_as_ready(draft, tmp_path, monkeypatch):
    from marker.review import ready_rubric_ids
    from marker.rubric import available_rubrics

    monkeypatch.setenv("MARKER_RUBRICS_DIR", str(tmp_path))
    build.save_draft(draft, tmp_path)
    assert draft.rubric_id in available_rubrics()
    assert draft.rubric_id not in ready_rubric_ids()
    build.save_draft(build.mark_reviewed(draft), tmp_path)
    assert draft.rubric_id in ready_rubric_ids()


def test_the_student_page_picker_leaves_out_drafts(draft, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MARKER_RUBRICS_DIR", str(tmp_path))
    build.save_draft(draft, tmp_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("app_pages/check.py").run()
    assert not at.exception
    assert draft.rubric_id not in at.selectbox(key="check_rubric").options
    assert "weimar-republic-1918-33" in at.selectbox(key="check_rubric").options

"""The Calibrate page driven headless: a department's marks in, agreement, plots, seed checks and a saved refit out.

The fixture department (tests/fixtures/calibration) has a known harsh marker (Mr Brown, gold - 4) and a known
lenient one (Mrs Clarke, gold + 4); the store and the user's rubric folder live under a temporary folder.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import zipfile

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from marker.rubric import load_rubric
from marker.store import open_store
from tests.conftest import ROOT, RUBRIC_ID, SAMPLES

PAGE = str(ROOT / "app_pages" / "calibrate.py")
FIXTURES = ROOT / "tests" / "fixtures" / "calibration"
MARKED = ["15_tyler", "16_priya", "17_callum", "18_hannah", "19_tomasz", "20_jordan", "21_megan", "22_arjun",
          "23_eleanor", "24_kieran", "25_sophie", "26_daniel"]


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """A temporary store and user data folder (where calibrated rubrics are saved) for the whole module."""
    root = tmp_path_factory.mktemp("calibrate_page")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MARKER_DB_URL", f"sqlite:///{root / 'store.db'}")
        patch.setenv("XDG_DATA_HOME", str(root / "data"))
        patch.delenv("MARKER_RUBRICS_DIR", raising=False)
        yield root


def _file(name: str) -> tuple[str, bytes, str]:
    return (f"{name}.txt", (SAMPLES / f"{name}.txt").read_bytes(), "text/plain")


def _zip(names: list[str]) -> tuple[str, bytes, str]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(f"class/{name}.txt", (SAMPLES / f"{name}.txt").read_bytes())
    return ("department.zip", buffer.getvalue(), "application/zip")


def _csv(name: str, text: str) -> list[tuple[str, bytes, str]]:
    return [(name, text.encode(), "text/csv")]


def _page(essays, marks_csv: str, seeds_csv: str | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    at.file_uploader(key="cal_uploads").set_value(essays).run()
    at.file_uploader(key="cal_marks").set_value(_csv("marks.csv", marks_csv)).run()
    if seeds_csv is not None:
        at.file_uploader(key="cal_seeds").set_value(_csv("seeds.csv", seeds_csv)).run()
    assert not at.exception
    return at


@pytest.fixture(scope="module")
def department(folders):
    """Twelve essays (eight as files, four in a zip, as on the Mark page) with the fixture's marks and seeds."""
    essays = [_file(n) for n in MARKED[:8]] + [_zip(MARKED[8:])]
    return _page(essays, (FIXTURES / "marks.csv").read_text(), (FIXTURES / "seeds.csv").read_text())


# Each table on the page is recognised by a column only it has.
TABLES = {"cal_agreement": "verdict", "cal_tool_gaps": "points behind the tool's mark", "cal_teacher_gaps": "spread",
          "cal_seed_checks": "seeds marked"}


def _frame(at, key: str):
    frames = [d.value for d in at.dataframe]
    if key == "cal_refit_figures":  # the agreement columns again, for "before" and "after"
        return next(f for f in frames if "verdict" in f.columns and list(f["rater"]) == ["before", "after"])
    return next(f for f in frames if TABLES[key] in f.columns)


def _verdicts(at) -> dict[str, str]:
    table = _frame(at, "cal_agreement")
    return dict(zip(table["rater"], table["verdict"]))


def test_page_asks_for_essays_then_marks(folders):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert "Upload the essays" in at.info[0].value
    at.file_uploader(key="cal_uploads").set_value([_file("15_tyler")]).run()
    assert "Give the teachers' marks" in at.info[0].value


def test_agreement_table_names_the_harsh_and_the_lenient_marker(department):
    assert not department.error
    verdicts = _verdicts(department)
    assert verdicts == {"Dr Evans": "in line", "Mr Brown": "harsh", "Mrs Clarke": "lenient", "Ms Ahmed": "in line",
                        "marker (tool)": verdicts["marker (tool)"]}
    table = _frame(department, "cal_agreement").set_index("rater")
    assert table.loc["Mr Brown", "bias"] < -3 < 3 < table.loc["Mrs Clarke", "bias"]
    assert (table["essays"] == 12).all()
    assert table.loc["Ms Ahmed", "QWK"] > table.loc["Mr Brown", "QWK"]
    shown = [m.value for m in department.markdown]
    assert any(s.startswith("**Harsh:** Mr Brown") for s in shown)
    assert any(s.startswith("**Lenient:** Mrs Clarke") for s in shown)


def test_charts_disagreements_and_seed_checks_render(department):
    charts = department.get("vega_lite_chart")
    assert len(charts) == 3
    specs = " ".join(c.proto.spec for c in charts)
    assert "consensus level" in specs and "tool level" in specs and "harsh" in specs
    gaps = _frame(department, "cal_tool_gaps")
    assert len(gaps) > 0 and set(gaps["essay"]) <= set(MARKED)
    widest = gaps.iloc[0]
    assert abs(widest["difference"]) == gaps["difference"].abs().max()
    assert widest["points behind the tool's mark"].startswith("credited" if widest["difference"] > 0
                                                              else "not credited")
    spreads = _frame(department, "cal_teacher_gaps")
    assert spreads["spread"].max() == 8  # lenient (+4) against harsh (-4)
    seeds = _frame(department, "cal_seed_checks").set_index("rater")
    assert seeds.loc["Ms Ahmed", "result"] == "PASS" and seeds.loc["Mr Brown", "result"] == "FAIL"
    assert seeds.loc["Mrs Clarke", "result"] == "FAIL" and (seeds["seeds marked"] == 3).all()


def test_refit_shows_held_out_figures_before_saving_then_saves_beside_the_original(department, folders):
    from marker import calibrate as cal

    original = load_rubric(RUBRIC_ID).source
    before = hashlib.sha256(original.read_bytes()).hexdigest()
    department.button(key="cal_refit").click().run()
    assert not department.exception and not department.error
    figures = _frame(department, "cal_refit_figures")
    assert list(figures["rater"]) == ["before", "after"] and (figures["essays"] == 12).all()
    assert not list((folders / "data").rglob("*-calibrated.yaml"))  # nothing saved before the figures are seen

    fit = department.session_state["calibration_refit"][2]
    worse = cal.refit_worse(fit)
    if worse:  # a refit that agrees worse is refused until the head of department confirms it
        assert any("agrees WORSE" in w.value for w in department.warning)
        assert department.button(key="cal_save").disabled
        department.checkbox(key="cal_confirm_worse").check().run()
    assert not department.button(key="cal_save").disabled
    department.button(key="cal_save").click().run()
    assert not department.exception and not department.error

    saved = list((folders / "data").rglob("*-calibrated.yaml"))
    assert [p.name for p in saved] == [f"{RUBRIC_ID}-calibrated.yaml"]
    assert saved[0].with_name(f"{RUBRIC_ID}-calibrated.model.json").is_file()
    provenance = yaml.safe_load(saved[0].read_text())["calibration"]
    assert provenance["essays"] == 12 and provenance["markers"] == 4 and provenance["tolerance"] == 3
    assert bool(provenance.get("agrees_worse")) == bool(worse)
    assert hashlib.sha256(original.read_bytes()).hexdigest() == before
    assert load_rubric(saved[0]).id == f"{RUBRIC_ID}-calibrated"
    assert any("Saved the calibrated rubric" in s.value for s in department.success)
    with open_store() as store:
        runs = store.calibration_runs(RUBRIC_ID)
    assert runs and runs[-1].calibrated_path == str(saved[0])
    assert runs[-1].figures["refit"]["essays"] == 12

    picker = department.selectbox(key="cal_rubric")
    label = picker.format_func(f"{RUBRIC_ID}-calibrated")
    assert label.startswith(f"{RUBRIC_ID}-calibrated (calibrated ") and "held-out QWK" in label
    assert ("AGREES WORSE" in label) == bool(worse)
    assert picker.format_func(RUBRIC_ID) == RUBRIC_ID


def test_a_refit_that_agrees_worse_is_named_so_and_one_that_does_not_is_not(department):
    from marker import calibrate as cal

    fit = department.session_state["calibration_refit"][2]
    same = dataclasses.replace(fit, after=fit.before)
    assert cal.refit_worse(same) is None
    worse = dataclasses.replace(fit, after=dataclasses.replace(fit.before, qwk=fit.before.qwk - 0.12,
                                                               mark_mae=fit.before.mark_mae + 1))
    reason = cal.refit_worse(worse)
    assert f"QWK {fit.before.qwk:.2f} -> {fit.before.qwk - 0.12:.2f}" in reason and "mark MAE" in reason


def test_refit_is_refused_with_too_few_marked_essays(folders):
    few = MARKED[:5]
    rows = [line for line in (FIXTURES / "marks.csv").read_text().splitlines()[1:]
            if line.split(",")[0].removesuffix(".txt") in few]
    at = _page([_file(n) for n in few], "essay,marker,mark,level\n" + "\n".join(rows) + "\n")
    assert _verdicts(at)["Mr Brown"] == "harsh"
    assert any("too few essays to refit: 5" in e.value for e in at.error)
    assert at.button(key="cal_refit").disabled


def test_bad_marks_file_is_explained_with_its_row(folders):
    at = _page([_file("15_tyler"), _file("16_priya")], "essay,marker,mark\n15_tyler,Ms Ahmed,4\n99_nobody,Ms Ahmed,3\n")
    assert any("row 3" in e.value and "99" in e.value for e in at.error)
    assert not at.dataframe


def test_the_app_menu_opens_the_calibrate_page(folders):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("app_pages/calibrate.py").run()
    assert not at.exception and at.title[0].value == "Calibrate"


def test_marks_typed_into_the_table_are_checked_like_a_csv(folders):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.file_uploader(key="cal_uploads").set_value([_file("15_tyler"), _file("16_priya")]).run()
    at.radio(key="cal_marks_source").set_value("Enter marks here").run()
    rows = [{"essay": "15_tyler", "marker": "Ms A", "mark": 4.0}, {"essay": "15_tyler", "marker": "Mr B", "mark": 9.0},
            {"essay": "16_priya", "marker": "Ms A", "mark": 9.0},
            {"essay": "16_priya", "marker": "Mr B", "mark": 14.0, "level": 3.0}]
    # The editor's own widget state: what a teacher adding four rows sends.
    at.session_state["cal_editor"] = {"edited_rows": {}, "added_rows": rows, "deleted_rows": []}
    at.run()
    assert not at.exception
    verdicts = _verdicts(at)
    assert verdicts["Mr B"] == "lenient" and verdicts["Ms A"] == "harsh"
    rows[1]["level"] = 4.0  # mark 9 is not in level 4's band
    at.session_state["cal_editor"] = {"edited_rows": {}, "added_rows": rows, "deleted_rows": []}
    at.run()
    assert any("the marks table row 3" in e.value.replace("\\", "") and "level 4" in e.value for e in at.error)

"""The marking desk's exports without a browser: one model of a teacher's changes across the store, the class view,
every export and the feedback; CSV for Excel; anonymous order by candidate number."""

import csv
import io
import json

import pytest

from marker.changes import apply_changes
from marker.classview import class_essays, report_from_data
from marker.export import export_class
from marker.store import open_store
from tests.test_store import reports  # noqa: F401  (the store tests' three marked essays, a pytest fixture)


@pytest.fixture
def saved(tmp_path, rubric, reports):
    store = open_store(f"sqlite:///{tmp_path / 'desk.db'}")
    store.save_class("Desk", rubric, None, reports, labels=["Zoë Ålvarez", "Amélie", "Björn"],
                     candidates=["9300", "9100", "9200"])
    yield store
    store.close()


def test_csv_starts_with_a_byte_order_mark_so_excel_reads_accented_names(saved):
    data = export_class(saved.get_class("Desk"), "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Zoë Ålvarez" in data.decode("utf-8-sig")


def test_anonymous_exports_order_by_candidate_number_not_by_name(saved):
    record = saved.get_class("Desk")
    rows = list(csv.reader(io.StringIO(export_class(record, "csv", anonymous=True).decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["9100", "9200", "9300"]
    named = list(csv.reader(io.StringIO(export_class(record, "csv").decode("utf-8-sig"))))
    assert [r[0] for r in named[1:]] == ["Zoë Ålvarez", "Amélie", "Björn"]  # the named order is kept


def test_store_view_exports_and_feedback_agree_on_the_teachers_changes(saved, rubric):
    """One model: a stored pair that disagrees resolves the same way in the view and every export, and the
    feedback drops praise for a point the teacher unticked."""
    essay = saved.get_class("Desk").essays[0]
    covered = next(p for p in essay.latest.data["points"] if p["status"] == "covered" and p["kind"] == "factor")
    saved.add_override(essay_id=essay.id, points={covered["id"]: "missing"}, level=5, mark=2, who="Ms Khan")
    record = saved.get_class("Desk")

    view = class_essays(record, rubric)[0]
    assert (view.final.level, view.final.mark) == (1, 2)  # the level follows the mark
    assert not any(covered["title"] in line for line in view.final.feedback.strengths)
    assert covered["id"] in view.final.missing

    rows = list(csv.DictReader(io.StringIO(export_class(record, "csv").decode("utf-8-sig"))))
    assert (rows[0]["level"], rows[0]["mark"]) == ("1", "2")
    assert rows[0][covered["id"]] == "missing" and rows[0]["overridden by"] == "Ms Khan"
    data = json.loads(export_class(record, "json"))["essays"][0]
    assert (data["level"], data["mark"]) == (1, 2)
    assert data["feedback"] == view.final.feedback.to_dict()
    machine = report_from_data(essay.latest.data, essay.text)
    assert apply_changes(machine, record.essays[0].changes, rubric).to_dict() == view.final.to_dict()

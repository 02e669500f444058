"""The annotated development essays and seed documents are sound data: quotes in their essays, ids in the
rubric, marks in their level's band, and the set is varied enough to train on."""

from pathlib import Path

import numpy as np
import pytest

from marker.dataset import load_annotated, problems
from marker.rubric import load_rubric

ROOT = Path(__file__).parent.parent
RUBRIC = load_rubric("soviet-foreign-policy-1924-41")
DEV = load_annotated(ROOT / "sample_essays")
SEEDS = load_annotated(ROOT / "tests" / "fixtures" / "seeds")


@pytest.mark.parametrize("item", DEV + SEEDS, ids=lambda it: it.name)
def test_dataset_annotation_is_consistent_with_essay_and_rubric(item):
    assert problems(item, RUBRIC) == []


def test_dataset_dev_set_is_large_and_balanced():
    assert len(DEV) >= 40
    levels = np.bincount([it.gold.level for it in DEV], minlength=6)
    assert all(levels[1:6] >= 6), levels
    assert len({it.gold.question_id for it in DEV}) >= 4
    words = [len(it.text.split()) for it in DEV]
    assert min(words) >= 140 and max(words) <= 1450


def test_dataset_length_does_not_predict_level():
    words = np.array([len(it.text.split()) for it in DEV], dtype=float)
    levels = np.array([it.gold.level for it in DEV], dtype=float)
    assert abs(np.corrcoef(words, levels)[0, 1]) < 0.35


def test_dataset_has_about_forty_planted_errors_of_varied_kinds():
    errors = [e for it in DEV for e in it.gold.errors]
    assert len(errors) >= 35
    assert {e.kind for e in errors} >= {"year", "day-month", "person", "country-side", "sequence", "outcome"}


def test_dataset_problems_are_reported(tmp_path):
    bad = DEV[0]
    broken = bad.gold.model_copy(update={"points": ["no-such-point"], "mark": 25, "level": 1})
    item = type(bad)(bad.name, bad.path, bad.text, broken)
    found = problems(item, RUBRIC)
    assert f"{bad.name}: points names unknown id 'no-such-point'" in found
    assert f"{bad.name}: mark 25 is not in level 1's band" in found

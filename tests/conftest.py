"""Shared test helpers: the shipped rubric and paths to essays."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_essays"
RUBRIC_ID = "soviet-foreign-policy-1924-41"


@pytest.fixture(scope="session")
def rubric():
    from marker.rubric import load_rubric

    return load_rubric(RUBRIC_ID)

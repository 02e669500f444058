"""Shared test helpers: the shipped rubric and paths to essays; the vector cache kept in a temporary folder."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_essays"
RUBRIC_ID = "soviet-foreign-policy-1924-41"


@pytest.fixture(scope="session")
def rubric():
    from marker.rubric import load_rubric

    return load_rubric(RUBRIC_ID)


@pytest.fixture(scope="session", autouse=True)
def _vector_cache_in_tmp(tmp_path_factory):
    """Tests (and the commands they start) never write to the user's real cache folder."""
    os.environ["MARKER_CACHE_DIR"] = str(tmp_path_factory.mktemp("marker-cache"))


def with_empty_essay(tmp_path_factory, paths: list[str], at: int) -> list[str]:
    """The paths with an empty essay file inserted at `at`: a bad essay that must keep its place in a batch."""
    empty = tmp_path_factory.mktemp("bad") / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    return paths[:at] + [str(empty)] + paths[at:]

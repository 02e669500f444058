"""Shared test helpers: the shipped rubric and paths to essays; the vector cache kept in a temporary folder."""

import os
import uuid
from contextlib import contextmanager
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


def load_benchmark(name: str):
    """A script of benchmarks/ imported as a module (they are scripts, not a package), for tests of their small paths."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"marker_bench_{name}", ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rubric_error(tmp_path: Path, rubric_id: str, old: str, new: str, message: str) -> None:
    """A shipped rubric with `old` replaced by `new` fails to load with `message`, after the file's path."""
    from marker.rubric import RubricError, load_rubric

    text = (ROOT / "rubrics" / f"{rubric_id}.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"{rubric_id}.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(RubricError, match=message) as exc:
        load_rubric(path)
    assert str(exc.value).startswith(f"{path}: ")


def with_empty_essay(tmp_path_factory, paths: list[str], at: int) -> list[str]:
    """The paths with an empty essay file inserted at `at`: a bad essay that must keep its place in a batch."""
    empty = tmp_path_factory.mktemp("bad") / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    return paths[:at] + [str(empty)] + paths[at:]


@contextmanager
def pg_schema(pg_url: str):
    """A fresh PostgreSQL schema for one test: (the URL that uses it, an AUTOCOMMIT admin engine); dropped after."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    schema = f"marker_t_{uuid.uuid4().hex[:16]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        url = make_url(pg_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False), admin
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()

"""Guard rails: the linter and the type checker, run as part of `pytest` so CI keeps the code clean.

Both read their settings from pyproject.toml ([tool.ruff], [tool.mypy]): what they check, which rules, and the
few modules not yet held to the type checker. mypy keeps its cache in .mypy_cache/ (ignored by git), so a second
run takes seconds.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(tool: str, *args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(tool) is None:
        pytest.fail(f"{tool} is not installed: install the test extra (pip install -e '.[test]')")
    return subprocess.run([sys.executable, "-m", tool, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, check=False)


def test_guards_ruff_is_clean():
    """`ruff check` over marker/, app_pages/ and app.py (the paths and rules are in pyproject.toml)."""
    result = _run("ruff", "check", "--no-fix", "--output-format", "concise")
    assert result.returncode == 0, f"ruff check found problems:\n{result.stdout}{result.stderr}"


def test_guards_mypy_is_clean():
    """`mypy` over marker/, app_pages/ and app.py (files, strictness and the deferred modules in pyproject.toml)."""
    result = _run("mypy")
    assert result.returncode == 0, f"mypy found type errors:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize("tool, bad, expected", [
    ("ruff", "import os\n\n\ndef f():\n    return undefined_name\n", "F821"),
    ("mypy", "def f() -> int:\n    return 'not an int'\n", "return-value"),
])
def test_guards_catch_a_planted_error(tool, bad, expected, tmp_path):
    """Each guard, with this project's settings, really fails on a bad module (so a clean run means something)."""
    planted = tmp_path / f"guard_probe_{tool}.py"
    planted.write_text(bad, encoding="utf-8")
    if tool == "ruff":
        result = _run(tool, "check", "--no-fix", "--no-cache", "--config", str(ROOT / "pyproject.toml"),
                      "--output-format", "concise", str(planted))
    else:
        result = _run(tool, "--cache-dir", str(tmp_path / "cache"), str(planted))
    assert result.returncode != 0
    assert expected in result.stdout

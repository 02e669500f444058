"""The lock the figures are measured with (constraints.txt): every dependency pinned, inside the range pyproject.toml
declares, and installed as pinned, so a measured figure names the versions it came from."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def pins(text: str) -> dict[str, str]:
    """name -> version of each `name==version` line (comments and blank lines skipped)."""
    out = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep, f"constraints.txt: {line!r} is not pinned with =="
            out[canonicalize_name(name)] = version.strip()
    return out


def declared() -> list[Requirement]:
    """The project's own and its test extra's requirements: what the README's commands install."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]


LOCK = pins((ROOT / "constraints.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("requirement", declared(), ids=str)
def test_every_dependency_is_pinned_inside_its_declared_range(requirement):
    name = canonicalize_name(requirement.name)
    assert name in LOCK, f"{requirement.name} is not pinned in constraints.txt"
    assert requirement.specifier.contains(LOCK[name], prereleases=True), (name, LOCK[name], str(requirement))


def test_installed_versions_are_the_pinned_ones():
    wrong = {}
    for name, version in LOCK.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # an extra this environment did not install
        if installed != version:
            wrong[name] = (installed, version)
    assert not wrong, f"installed (found, pinned): {wrong}; install with `pip install -c constraints.txt`"


def test_pins_reader_rejects_an_unpinned_line():
    assert pins("# a comment\nspacy==3.8.18\n\nnumpy==2.4.6  # why\n") == {"spacy": "3.8.18", "numpy": "2.4.6"}
    with pytest.raises(AssertionError):
        pins("spacy>=3.8\n")

"""Where rubrics are: the folders rubric ids are looked up in, the rubrics found there, and a rubric id or path
resolved to its file (importable from marker.rubric too)."""

from __future__ import annotations

import os
from pathlib import Path

from marker.errors import RubricError


def rubric_dirs() -> list[Path]:
    """Where rubric ids are looked up: $MARKER_RUBRICS_DIR, the user's rubric folder, the shipped rubrics."""
    dirs = []
    if os.environ.get("MARKER_RUBRICS_DIR"):
        dirs.append(Path(os.environ["MARKER_RUBRICS_DIR"]))
    dirs.append(user_rubric_dir())
    dirs.append(Path(__file__).resolve().parent.parent / "rubrics")
    return dirs


def user_rubric_dir() -> Path:
    """The user's own rubric folder (drafts and calibrated rubrics are saved here)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("marker", appauthor=False)) / "rubrics"


def available_rubrics() -> dict[str, Path]:
    """Rubric id -> file, first folder wins (so a user's copy can shadow a shipped one)."""
    found: dict[str, Path] = {}
    for folder in rubric_dirs():
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                found.setdefault(path.stem, path)
    return found


def resolve_rubric_path(ref: str | os.PathLike) -> Path:
    """A rubric id or path to the file it names."""
    path = Path(ref)
    if path.suffix in {".yaml", ".yml"} or path.exists():
        return path
    shipped = available_rubrics()
    if str(ref) in shipped:
        return shipped[str(ref)]
    known = ", ".join(sorted(shipped)) or "none found"
    raise RubricError(f"unknown rubric {str(ref)!r}: give a path to a YAML file or one of: {known}")

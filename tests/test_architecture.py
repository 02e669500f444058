"""The architecture's rules (README "Design", ../shared/notes/architecture.md), checked on the import graph.

Every module's imports are read with `ast` (top-level and inside functions alike; imports under
`if TYPE_CHECKING:` are left out, as they never run):
- no pipeline stage imports the store, the database libraries, the CLI, the app, app_pages or streamlit, neither
  directly nor through another marker module, and no stage prints;
- no module under marker/ imports streamlit (the library has no UI);
- the CLI (marker/cli.py, marker/cli_*.py), app.py and app_pages/*.py only wire library calls: they import no NLP,
  numeric or storage library and no stage's internals (marker.facts.claims, marker.nlp, ...), only the modules
  that offer the calls.
Each rule is also run on a deliberately bad module, to prove it can fail.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The pipeline and the library around it: plain functions over data; they never persist, print or draw.
# A package name covers its submodules. A new library module belongs here unless it persists or wires.
STAGES = (
    "marker", "marker.argument", "marker.batch", "marker.build", "marker.calibrate.agreement",
    "marker.calibrate.inputs", "marker.calibrate.refit", "marker.calibrate.render", "marker.changes",
    "marker.classview",
    "marker.dataset", "marker.dates", "marker.defaults", "marker.embed", "marker.errors", "marker.evaluate",
    "marker.facts", "marker.feedback", "marker.fit", "marker.highlight", "marker.ingest", "marker.linear",
    "marker.mark", "marker.match", "marker.models_io", "marker.moves", "marker.nlp", "marker.report",
    "marker.review", "marker.rubric", "marker.rubric_facts", "marker.rubric_find", "marker.rubric_load", "marker.score", "marker.signals",
    "marker.spelling", "marker.static_embed", "marker.textlimits", "marker.vector_cache",
)
# What a stage may not reach: persistence (any marker.store* module, the database libraries), the wiring layers.
STAGE_FORBIDDEN = ("marker.store*", "marker.cli", "marker.__main__", "app", "app_pages", "streamlit",
                   "sqlalchemy", "alembic", "psycopg")
# What the wiring layers may not import: the heavy libraries the stages use, and the stages' internals
# (a package's submodules, and the steps behind mark/ingest/build's entry points).
WIRING_FORBIDDEN = (
    "spacy", "sklearn", "numpy", "onnxruntime", "tokenizers", "rapidfuzz", "threadpoolctl", "safetensors",
    "wordllama", "sqlalchemy", "alembic", "psycopg", "yaml", "pydantic", "docx", "pypdf", "odf", "striprtf",
    "marker.facts.*", "marker.build.*", "marker.nlp", "marker.embed", "marker.static_embed", "marker.signals",
    "marker.match", "marker.argument", "marker.moves", "marker.score", "marker.linear", "marker.spelling",
    "marker.vector_cache", "marker.dates", "marker.textlimits",
)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def library_modules(root: Path = ROOT) -> dict[str, Path]:
    """marker's modules by dotted name (the alembic migrations, run by alembic alone, left out)."""
    return {module_name(p, root): p for p in sorted((root / "marker").rglob("*.py")) if "migrations" not in p.parts}


def wiring_files(root: Path = ROOT) -> list[Path]:
    """The CLI (marker/cli.py and its commands, marker/cli_*.py), the app and its pages."""
    return [*sorted((root / "marker").glob("cli*.py")), root / "marker" / "__main__.py", root / "app.py",
            *sorted((root / "app_pages").glob("*.py"))]


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones too (imports are statements, so expressions need no walking); the body of an
    `if TYPE_CHECKING:` is left out."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, ast.If) and "TYPE_CHECKING" in ast.unparse(stmt.test):
            yield from _statements(stmt.orelse)
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            yield from _statements(getattr(stmt, field, []) or [])


@lru_cache(maxsize=None)
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@lru_cache(maxsize=None)
def _imported(path: Path, package: str) -> tuple[frozenset[str], frozenset[str]]:
    """(modules named, `from` modules' names as module.name) in one file, read once."""
    tree = _tree(path)
    modules: set[str] = set()
    names: set[str] = set()
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . import x / from ..y import z
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            modules.add(module)
            names |= {f"{module}.{alias.name}" for alias in node.names}
    return frozenset(modules), frozenset(names)


def imports(path: Path, name: str, known: Iterable[str] = ()) -> set[str]:
    """Every module a file imports: `import a.b` gives a.b; `from a import b` gives a, and a.b too when that is
    one of the `known` modules (a submodule, not a function or class)."""
    modules, names = _imported(path, name if path.name == "__init__.py" else name.rpartition(".")[0])
    return set(modules) | {n for n in names if n in known}


def matches(module: str, patterns: Iterable[str]) -> str | None:
    """The pattern a module falls under: "a" is a and its submodules, "a.*" only the submodules, "a*" any name
    beginning so (marker.store* is marker.store, marker.store_failed, ...)."""
    for pattern in patterns:
        if pattern.endswith(".*"):
            if module.startswith(pattern[:-1]):
                return pattern
        elif pattern.endswith("*"):
            if module.startswith(pattern[:-1]):
                return pattern
        elif module == pattern or module.startswith(pattern + "."):
            return pattern
    return None


def is_stage(name: str, stages: Iterable[str] = STAGES) -> bool:
    return any(name == s or (s != "marker" and name.startswith(s + ".")) for s in stages)


def stage_violations(modules: Mapping[str, Path], stages: Iterable[str] = STAGES) -> list[str]:
    """Stages that import (directly, or through marker modules) what they may not."""
    graph = {name: imports(path, name, modules) for name, path in modules.items()}
    problems = []
    for name in sorted(n for n in modules if is_stage(n, stages)):
        parent: dict[str, str | None] = {name: None}
        todo = [name]
        while todo:  # breadth first, so each problem is shown by its shortest chain
            current = todo.pop(0)
            for imported in sorted(graph[current]):
                rule = matches(imported, STAGE_FORBIDDEN)
                if rule:
                    chain, step = [], current
                    while step is not None:
                        chain.append(step)
                        step = parent[step]
                    problems.append(f"{name} imports {imported} ({rule}) through {' -> '.join(reversed(chain))}")
                elif imported in graph and imported not in parent:
                    parent[imported] = current
                    todo.append(imported)
    return sorted(set(problems))


def print_violations(modules: Mapping[str, Path], stages: Iterable[str] = STAGES) -> list[str]:
    """Stages that call print(): library code returns what it has to say."""
    problems = []
    for name, path in sorted(modules.items()):
        if not is_stage(name, stages) or "print" not in path.read_text(encoding="utf-8"):
            continue
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
                problems.append(f"{name}:{node.lineno} prints")
    return problems


def streamlit_violations(modules: Mapping[str, Path]) -> list[str]:
    return [f"{name} imports {imported}" for name, path in sorted(modules.items())
            for imported in sorted(imports(path, name, modules)) if matches(imported, ("streamlit",))]


def wiring_violations(files: Iterable[Path], root: Path = ROOT) -> list[str]:
    known = library_modules()  # the real package: what `from marker.x import y` may name as a module
    problems = []
    for path in files:
        name = module_name(path, root)
        for imported in sorted(imports(path, name, known)):
            rule = matches(imported, WIRING_FORBIDDEN)
            if rule:
                problems.append(f"{path.relative_to(root)} imports {imported} ({rule})")
    return problems


# -- the rules, on the real code -----------------------------------------------------------------------------------

def test_architecture_every_stage_exists():
    """The list of stages names real modules (a renamed module must be renamed here too, not silently dropped)."""
    modules = library_modules()
    assert [s for s in STAGES if not any(is_stage(n, (s,)) for n in modules)] == []


def test_architecture_no_stage_reaches_the_store_or_the_app():
    assert stage_violations(library_modules()) == []


def test_architecture_no_stage_prints():
    assert print_violations(library_modules()) == []


def test_architecture_the_library_has_no_ui():
    assert streamlit_violations(library_modules()) == []


def test_architecture_cli_and_pages_only_wire_library_calls():
    files = wiring_files()
    assert len(files) > 5 and all(p.is_file() for p in files)
    assert wiring_violations(files) == []


# -- each rule fails on a deliberately bad module ------------------------------------------------------------------

def _with_module(tmp_path: Path, name: str, source: str) -> dict[str, Path]:
    """The real modules, plus (or with one replaced by) a temporary module of that name."""
    path = tmp_path / (name.replace(".", "/") + ".py")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return {**library_modules(), name: path}


@pytest.mark.parametrize("source, expected", [
    ("from marker.store import open_store\n", "marker.store"),
    ("def save(x):\n    from marker import store\n    return store\n", "marker.store"),  # inside a function too
    ("import streamlit as st\n", "streamlit"),
    ("from sqlalchemy import select\n", "sqlalchemy"),
    ("from app_pages.common import store\n", "app_pages"),
    ("from marker.export import export_class\n", "marker.store"),  # through another module that imports it
])
def test_architecture_stage_rule_fails_on_a_bad_import(tmp_path, source, expected):
    modules = _with_module(tmp_path, "marker.score", source)  # a stage replaced by a bad one
    problems = stage_violations(modules)
    assert any(p.startswith("marker.score imports ") and expected in p for p in problems), problems


def test_architecture_stage_rule_ignores_type_checking_imports(tmp_path):
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from marker.store import ClassRecord\n"
    assert not [p for p in stage_violations(_with_module(tmp_path, "marker.score", source))
                if p.startswith("marker.score ")]


def test_architecture_print_rule_fails_on_a_printing_stage(tmp_path):
    modules = _with_module(tmp_path, "marker.facts.loud", "def check(x):\n    print(x)\n")
    assert print_violations(modules) == ["marker.facts.loud:2 prints"]


def test_architecture_streamlit_rule_fails_on_a_library_module(tmp_path):
    modules = _with_module(tmp_path, "marker.widgets", "import streamlit.components.v1 as components\n")
    assert streamlit_violations(modules) == ["marker.widgets imports streamlit.components.v1"]


@pytest.mark.parametrize("source, expected", [
    ("import spacy\n", "spacy"),
    ("import numpy as np\n", "numpy"),
    ("from sklearn.linear_model import Ridge\n", "sklearn"),
    ("import onnxruntime\n", "onnxruntime"),
    ("from marker.facts.claims import read_claims\n", "marker.facts.*"),
    ("from marker.facts import claims\n", "marker.facts.*"),
    ("from marker.nlp import analyse\n", "marker.nlp"),
    ("def page():\n    from marker.build.group import group_points\n", "marker.build.*"),
])
def test_architecture_wiring_rule_fails_on_a_bad_import(tmp_path, source, expected):
    page = tmp_path / "app_pages" / "bad.py"
    page.parent.mkdir()
    page.write_text(source, encoding="utf-8")
    problems = wiring_violations([page], root=tmp_path)
    assert problems and all(p.startswith("app_pages/bad.py imports ") for p in problems)
    assert any(f"({expected})" in p for p in problems), problems


def test_architecture_wiring_rule_allows_the_library_entry_points(tmp_path):
    page = tmp_path / "app_pages" / "good.py"
    page.parent.mkdir()
    page.write_text("import pandas as pd\nimport streamlit as st\nfrom marker.facts import check_facts\n"
                    "from marker.mark import mark_essay\nfrom marker.store import open_store\n"
                    "from marker import build\n", encoding="utf-8")
    assert wiring_violations([page], root=tmp_path) == []

"""Reading a rubric: the one YAML loader (safe, duplicate keys rejected), validation errors that name the file, the
key path and the line, and loading a rubric by id or path (cached per file version). The model it validates
against is marker.rubric's; every name here is importable from marker.rubric too."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from marker.errors import RubricError
from marker.rubric_find import resolve_rubric_path

if TYPE_CHECKING:
    from marker.rubric import Rubric


class KeyPathError(ValueError):
    """A rubric-wide check's failure, with the key path of the value at fault (pydantic would say "top level")."""

    def __init__(self, path: tuple, message: str):
        super().__init__(message)
        self.path = path



# libyaml's C parser reads the shipped rubric in 0.04 s against 0.35 s for the pure-Python one; the constructor
# (and so the duplicate-key check below) is the same Python code either way. Without libyaml, fall back.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictSafeLoader(_SafeBase):  # type: ignore[valid-type,misc]  # base chosen at import
    """A safe loader that rejects duplicate keys instead of silently keeping the last."""


def _construct_mapping(loader: _StrictSafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_StrictSafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _construct_timestamp(loader: _StrictSafeLoader, node: yaml.ScalarNode):
    """A date YAML cannot build (2023-02-30) stays text, so validation reports it with its key path."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_StrictSafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def load_yaml(text: str, source: str) -> Any:
    """The one YAML loader: safe, duplicate keys rejected, syntax errors keep line and column."""
    try:
        return yaml.load(text, Loader=_StrictSafeLoader)  # noqa: S506 - a safe loader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise RubricError(f"{source}: invalid YAML{where}: {exc.problem or exc}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: say where, as a line and column
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise RubricError(f"{source}: invalid YAML (line {line}, column {column}): unacceptable character "
                          f"#x{exc.character if isinstance(exc.character, int) else ord(exc.character):04x}: "
                          f"{exc.reason}") from None
    except yaml.YAMLError as exc:
        raise RubricError(f"{source}: invalid YAML: {' '.join(str(exc).split())}") from None


def _line_of(root: yaml.Node | None, path: tuple) -> int | None:
    """The 1-based line of the node at a key path, or of its deepest existing ancestor."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if getattr(k, "value", None) == str(step)]
            node = match[0] if match else None
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _describe(errors: ValidationError, source: str, root: yaml.Node | None) -> str:
    lines = []
    for err in errors.errors():
        path = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "tagged-union"))))
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, KeyPathError):
            path = (*path, *cause.path)
        key = " -> ".join(str(p) for p in path) or "(top level)"
        line = _line_of(root, path)
        where = f" (line {line})" if line else ""
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"{source}: at {key}{where}: {msg}")
    return "\n".join(lines)


def parse_rubric(text: str, source: str = "<rubric>") -> Rubric:
    """Validate rubric YAML text. Raises RubricError naming the source, key path and line."""
    data = load_yaml(text, source)
    if not isinstance(data, dict):
        raise RubricError(f"{source}: a rubric must be a YAML mapping with keys such as id, title and points")
    from marker.rubric import Rubric  # the model imports this module's names, so it is read when first needed

    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        try:
            root = yaml.compose(text, Loader=_SafeBase)
        except yaml.YAMLError:
            root = None
        raise RubricError(_describe(exc, source, root)) from None


_CACHE: dict[tuple[str, float, int], Rubric] = {}


def load_rubric(ref: str | os.PathLike) -> Rubric:
    """Load and validate a rubric by id or path (cached per file version)."""
    path = resolve_rubric_path(ref)
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime, stat.st_size)
        if key in _CACHE:
            return _CACHE[key]
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RubricError(f"{path}: rubric file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError(f"{path}: cannot read rubric ({exc})") from None
    rubric = parse_rubric(text, str(path))
    rubric._source = path.resolve()
    _CACHE[key] = rubric
    return rubric

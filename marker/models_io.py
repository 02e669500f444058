"""Finding, loading and saving the fitted marking models that ship beside a rubric.

A rubric `rubrics/NAME.yaml` has its models in `rubrics/NAME.model.json`, fitted by `marker fit` on annotated
essays, with the figures and the essays they were fitted on recorded inside. Loading checks that the file was
fitted for this rubric's id and version. Because the models read only generic features, a rubric without its own
file (a fresh draft) is marked with the generic models shipped in the package.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from marker.defaults import DEFAULTS
from marker.errors import RubricError
from marker.linear import LinearModel, MatchModels
from marker.rubric import Rubric

GENERIC = "generic.model.json"


@dataclass(frozen=True)
class MarkingModels:
    """Everything fitted: point and debate decisions and the level/mark regression."""

    match: MatchModels
    level: LinearModel
    source: str
    meta: dict

    @property
    def error_cost(self) -> float:
        """Marks one flagged factual error costs (fitted with the level model; the lower bound if not recorded)."""
        return float(self.meta.get("error_cost", DEFAULTS["error_cost_bounds"][0]))

    def to_dict(self) -> dict:
        return {
            **self.meta,
            "factor_model": self.match.factor.to_dict(),
            "debate_model": self.match.debate.to_dict(),
            "level_model": self.level.to_dict(),
            **({"develop_model": self.match.develop.to_dict()} if self.match.develop is not None else {}),
        }


def model_path(rubric: Rubric) -> Path | None:
    """Where a rubric's own fitted models live (None for a rubric not loaded from a file)."""
    if rubric.source is None:
        return None
    return rubric.source.with_name(rubric.source.stem + ".model.json")


def _from_dict(data: dict, source: str) -> MarkingModels:
    try:
        develop = LinearModel.from_dict(data["develop_model"]) if "develop_model" in data else None
        match = MatchModels(LinearModel.from_dict(data["factor_model"]), LinearModel.from_dict(data["debate_model"]),
                            develop=develop, **data["cuts"])
        level = LinearModel.from_dict(data["level_model"])
    except (KeyError, TypeError, ValueError) as exc:
        raise RubricError(f"{source}: invalid model file ({exc})") from None
    meta = {k: v for k, v in data.items() if not k.endswith("_model")}
    return MarkingModels(match, level, source, meta)


_CACHE: dict[tuple[str, int, str], MarkingModels] = {}


def load_models(rubric: Rubric) -> MarkingModels:
    """The rubric's own fitted models if it has them, else the generic shipped ones."""
    path = model_path(rubric)
    if path is not None and path.exists():
        key = (str(path), rubric.version, str(path.stat().st_mtime_ns))
        if key not in _CACHE:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("rubric") != rubric.id or data.get("rubric_version") != rubric.version:
                raise RubricError(
                    f"{path}: fitted for rubric {data.get('rubric')} version {data.get('rubric_version')}, "
                    f"not {rubric.id} version {rubric.version}; refit with `marker fit`"
                )
            _CACHE[key] = _from_dict(data, str(path))
        return _CACHE[key]
    return load_generic_models()


def load_generic_models() -> MarkingModels:
    """The package's generic models (fitted on the first topic's essays; they read only generic features)."""
    key = (GENERIC, 0, "")
    if key not in _CACHE:
        generic = resources.files("marker") / "models" / GENERIC
        _CACHE[key] = _from_dict(json.loads(generic.read_text(encoding="utf-8")), GENERIC)
    return _CACHE[key]


def save_models(models: MarkingModels, path: Path) -> None:
    """Write a model file deterministically (sorted keys, rounded floats)."""
    path.write_text(json.dumps(models.to_dict(), indent=1, sort_keys=True) + "\n", encoding="utf-8")

"""Refitting the tool on the department's consensus: measured on held-out folds only, saved as a new rubric file
beside its models, never over the original."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from marker.calibrate.agreement import RaterAgreement, department_consensus, rater_agreement, round_half_up
from marker.calibrate.inputs import (
    DEFAULT_TOLERANCE,
    MIN_ESSAYS_TO_REFIT,
    CalibrationError,
    CalibrationEssay,
    TeacherMark,
)
from marker.dataset import AnnotatedEssay, Annotation
from marker.defaults import DEFAULTS
from marker.mark import Prepared, assemble
from marker.models_io import MarkingModels, load_models, model_path, save_models
from marker.report import Report
from marker.rubric import Rubric, load_rubric, load_yaml, user_rubric_dir


@dataclass(frozen=True)
class CalibrationFit:
    """The tool refitted on a department's consensus, with its held-out figures before and after."""

    rubric: str
    rubric_version: int
    mode: str  # "full" (points and level, from annotations) | "level" (level model on the current point models)
    essays: int
    folds: int
    markers: tuple[str, ...]
    tolerance: int
    before: RaterAgreement
    after: RaterAgreement
    models: MarkingModels = field(repr=False, compare=False)
    date: str = ""
    held_out_marks: dict[str, int | None] = field(default_factory=dict)

    @property
    def mode_text(self) -> str:
        return ("point, debate and level models refitted (point annotations kept, consensus marks)"
                if self.mode == "full" else "level model refitted on the current point models")

    def figures(self) -> dict[str, Any]:
        return {"before": self.before.to_dict(), "after": self.after.to_dict()}

    def to_dict(self) -> dict[str, Any]:
        return {"rubric": self.rubric, "rubric_version": self.rubric_version, "mode": self.mode,
                "essays": self.essays, "folds": self.folds, "markers": list(self.markers),
                "tolerance": self.tolerance, "date": self.date, "held_out": self.figures()}


def _items(essays: Sequence[CalibrationEssay], consensus: Mapping[str, float], rubric: Rubric,
           *, with_points: bool) -> list[AnnotatedEssay]:
    """Essays as training items whose gold mark is the department's consensus (level from the bands)."""
    items = []
    for e in essays:
        mark = round_half_up(consensus[e.name])
        update: dict[str, Any] = {"mark": mark, "level": rubric.level_for_mark(mark), "question_id": e.question_id}
        if with_points and e.annotation is not None:
            gold = e.annotation.model_copy(update=update)
        else:
            gold = Annotation(question="", **update)
        items.append(AnnotatedEssay(e.name, e.path or Path(e.name), e.text, gold))
    return items


def _level_only(rows: np.ndarray, targets: np.ndarray, current: MarkingModels) -> MarkingModels:
    """The current level model refined towards the department's marks (it stays near the shipped one when the
    marks are few or agree with it). The target is the mark before the error cost, which stays as fitted."""
    from marker.linear import refine_ridge
    from marker.score import model_columns, model_features

    # the rows hold every level feature; the model reads its own (those it was fitted on), by name
    own = model_columns(rows, model_features(current.level))
    level = refine_ridge(current.level, own, targets, alpha=DEFAULTS["calibration_alpha"],
                         shift_alpha=DEFAULTS["calibration_shift_alpha"])
    return MarkingModels(current.match, level, "calibrated", dict(current.meta))


def check_enough_to_refit(essays: Sequence[CalibrationEssay], marks: Sequence[TeacherMark],
                          min_essays: int = MIN_ESSAYS_TO_REFIT) -> None:
    """Refuse, before any work, a refit on too few marked essays to learn a standard from."""
    marked = {m.essay for m in marks} & {e.name for e in essays}
    if len(marked) < min_essays:
        raise CalibrationError(
            f"too few essays to refit: {len(marked)} have teachers' marks, at least {min_essays} are needed "
            "(refitting on fewer would learn those scripts rather than the department's standard)")


def refit(essays: Sequence[CalibrationEssay], prepared: Sequence[Prepared], marks: Sequence[TeacherMark],
          rubric: Rubric, *, tolerance: int = DEFAULT_TOLERANCE, folds: int | None = None,
          current: MarkingModels | None = None, min_essays: int = MIN_ESSAYS_TO_REFIT,
          today: dt.date | None = None) -> CalibrationFit:
    """Refit the tool on the consensus marks; figures before and after on the same held-out folds.

    With an examiner annotation for every essay, the point, debate and level models are all refitted (annotated
    points, consensus marks); otherwise only the level model is, on top of the current point decisions.
    """
    from marker.fit import _folds, _level_row, cross_validated_reports, fit_models

    check_enough_to_refit(essays, marks, min_essays)
    consensus = department_consensus(marks)
    keep = [i for i, e in enumerate(essays) if e.name in consensus]
    essays = [essays[i] for i in keep]
    prepared = [prepared[i] for i in keep]
    current = current or load_models(rubric)
    before = [assemble(p, rubric, current, name=e.name, question_id=e.question_id) for e, p in zip(essays, prepared)]
    # Each essay keeps the question it was marked for (given, or detected by the tool) in every refit.
    essays = [replace(e, question_id=b.question or e.question_id) for e, b in zip(essays, before)]
    full = all(e.annotation is not None for e in essays)
    items = _items(essays, consensus, rubric, with_points=full)
    k = folds or DEFAULTS["cv_folds"]
    splits = _folds(items, k)

    if full:
        after = cross_validated_reports(items, prepared, rubric, folds=k)
        models = fit_models(items, prepared, rubric)
    else:
        rows = np.array([_level_row(item, p, rubric, current.match) for item, p in zip(items, prepared)])
        targets = np.array([consensus[e.name] for e in essays])
        after_list: list[Report | None] = [None] * len(essays)
        for train, test in splits:
            fold_models = _level_only(rows[train], targets[train], current)
            for i in test:
                after_list[i] = assemble(prepared[i], rubric, fold_models, name=essays[i].name,
                                         question_id=essays[i].question_id)
        after = after_list  # type: ignore[assignment]
        models = _level_only(rows, targets, current)

    target = [consensus[e.name] for e in essays]
    scored = [(b.mark, a.mark, t) for b, a, t in zip(before, after, target)
              if b.mark is not None and a.mark is not None]
    markers = tuple(sorted({m.marker for m in marks}, key=str.casefold))
    date = (today or dt.date.today()).isoformat()
    models = MarkingModels(models.match, models.level, "calibrated", {
        **current.meta,
        **models.meta,
        "fitted": date,
        "fitted_on": {"essays": len(items), "sha256": sorted(it.sha256 for it in items)},
    })
    return CalibrationFit(
        rubric=rubric.id, rubric_version=rubric.version, mode="full" if full else "level", essays=len(items),
        folds=len(splits), markers=markers, tolerance=tolerance,
        before=rater_agreement("before", "tool", [b for b, _, _ in scored], [t for _, _, t in scored],
                               rubric, tolerance),
        after=rater_agreement("after", "tool", [a for _, a, _ in scored], [t for _, _, t in scored],
                              rubric, tolerance),
        models=models, date=date, held_out_marks={e.name: a.mark for e, a in zip(essays, after)},
    )


def refit_worse(fit: CalibrationFit) -> str | None:
    """How the refit agrees worse with the department than the tool does now, on the same held-out essays (None
    when it does not): a lower QWK of levels or a larger mean mark difference."""
    before, after = fit.before, fit.after
    worse = []
    if before.qwk is not None and after.qwk is not None and after.qwk < before.qwk:
        worse.append(f"QWK {before.qwk:.2f} -> {after.qwk:.2f}")
    if before.mark_mae is not None and after.mark_mae is not None and after.mark_mae > before.mark_mae:
        worse.append(f"mark MAE {before.mark_mae:.2f} -> {after.mark_mae:.2f}")
    return "; ".join(worse) or None


def calibration_label(rubric: Rubric) -> str:
    """How a picker names a rubric: a calibrated copy says so, with its date and held-out agreement."""
    c = rubric.calibration
    if not c:
        return rubric.id
    held = c.get("held_out", {})
    qwk = [held.get(k, {}).get("qwk") for k in ("before", "after")]
    figures = f", held-out QWK {qwk[0]:.2f} -> {qwk[1]:.2f}" if None not in qwk else ""
    warning = " - AGREES WORSE, kept by the head of department" if c.get("agrees_worse") else ""
    return f"{rubric.id} (calibrated {c.get('date', '')}{figures}{warning})"


@dataclass(frozen=True)
class SavedCalibration:
    rubric_id: str
    rubric_path: Path
    model_path: Path


_CALIBRATED = re.compile(r"-calibrated$")


def calibrated_id(rubric: Rubric) -> str:
    """`<id>-calibrated`: the file is saved as `<id>-calibrated.yaml`, so the id and the file name agree."""
    return (_CALIBRATED.sub("", rubric.id)[: 80 - len("-calibrated")]) + "-calibrated"


def _target(rubric: Rubric, out: str | Path | None) -> tuple[Path, str]:
    if out is not None and Path(out).suffix.lower() in {".yaml", ".yml"}:
        path = Path(out)
        stem = path.stem.lower()
        new_id = stem if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", stem) else calibrated_id(rubric)
        return path, new_id
    folder = Path(out) if out is not None else user_rubric_dir()
    new_id = calibrated_id(rubric)
    return folder / f"{new_id}.yaml", new_id


def save_calibrated(fit: CalibrationFit, rubric: Rubric, *, out: str | Path | None = None,
                    overwrite: bool = False, confirmed_by: str = "") -> SavedCalibration:
    """Write `<id>-calibrated.yaml` (a copy with a new id and a `calibration:` provenance mapping) and its models.

    `out` is a .yaml file or a folder (default: the user's rubric folder, where rubric ids are looked up). The
    original rubric is never overwritten; an earlier calibrated file only with `overwrite`.
    """
    if rubric.source is None:
        raise CalibrationError(f"rubric {rubric.id} was not loaded from a file, so there is nothing to copy")
    path, new_id = _target(rubric, out)
    if path.resolve() == rubric.source.resolve():
        raise CalibrationError(f"{path} is the rubric being calibrated; it is never overwritten: give another --out")
    if path.exists() and not overwrite:
        raise CalibrationError(f"{path} already exists; give another --out, or overwrite it with --force")
    data = load_yaml(rubric.source.read_text(encoding="utf-8"), str(rubric.source))
    data["id"] = new_id
    data["calibration"] = {
        "date": fit.date,
        "from": {"rubric": rubric.id, "version": rubric.version, "file": str(rubric.source)},
        "consensus": "median of the teachers' marks on each essay",
        "essays": fit.essays,
        "markers": len(fit.markers),
        "marker_names": list(fit.markers),
        "tolerance": fit.tolerance,
        "refit": fit.mode_text,
        "folds": fit.folds,
        "held_out": fit.figures(),
    }
    worse = refit_worse(fit)
    if worse:  # kept only because someone confirmed it; every picker says so
        data["calibration"].update({"agrees_worse": worse, "confirmed_by": confirmed_by})
    import yaml

    header = (f"# Calibrated copy of rubric {rubric.id} v{rubric.version}, made by `marker calibrate` on {fit.date}.\n"
              f"# Provenance and the held-out figures are under `calibration:`; its models are in "
              f"{path.stem}.model.json.\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")
    calibrated = load_rubric(path)
    models = MarkingModels(fit.models.match, fit.models.level, "calibrated", {
        **fit.models.meta,
        "rubric": calibrated.id,
        "rubric_version": calibrated.version,
        "cuts": {"covered_cut": fit.models.match.covered_cut, "mentioned_cut": fit.models.match.mentioned_cut,
                 "debate_cut": fit.models.match.debate_cut, "develop_cut": fit.models.match.develop_cut},
        "calibration": data["calibration"],
    })
    target = model_path(calibrated)
    assert target is not None
    save_models(models, target)
    return SavedCalibration(calibrated.id, path, target)


def without_annotations(essays: Sequence[CalibrationEssay]) -> list[CalibrationEssay]:
    """The same essays with examiner annotations dropped (forces a level-only refit)."""
    return [replace(e, annotation=None) for e in essays]

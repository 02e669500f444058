"""A calibration as a plain-text table or as JSON (the CLI and the app show these)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from marker.calibrate.agreement import CalibrationReport, RaterAgreement
from marker.calibrate.refit import CalibrationFit, SavedCalibration


def _fmt(value: float | None, spec: str, none: str = "-") -> str:
    return none if value is None else format(value, spec)


def _agreement_lines(raters: Sequence[RaterAgreement], tolerance: int, label: str = "rater") -> list[str]:
    width = max([len(label)] + [len(r.rater) for r in raters]) + 2
    lines = [f"  {label:<{width}}essays   QWK   exact  adjacent  mark MAE  within ±{tolerance}   bias  verdict"]
    for r in raters:
        lines.append(
            f"  {r.rater:<{width}}{r.essays:>6}  {_fmt(r.qwk, '5.2f'):>5}  {_fmt(r.exact, '5.0%'):>5}  "
            f"{_fmt(r.adjacent, '7.0%'):>8}  {_fmt(r.mark_mae, '8.2f'):>8}  {_fmt(r.within_tolerance, '8.0%'):>9}  "
            f"{_fmt(r.bias, '+5.1f'):>5}  {r.verdict}")
    return lines


def to_table(report: CalibrationReport, fit: CalibrationFit | None = None,
             saved: SavedCalibration | None = None) -> str:
    """The agreement, disagreements, seed checks and any refit as plain text for the terminal."""
    marked = sum(bool(e.marks) for e in report.essays)
    essays = f"{len(report.essays)} essays" + (f" ({marked} marked by teachers)" if marked != len(report.essays)
                                               else "")
    out = [f"Calibration against rubric {report.rubric} v{report.rubric_version}: {essays}, "
           f"{len(report.markers)} markers, tolerance ±{report.tolerance} marks",
           "Each teacher against the median of the other teachers; the tool against the median of all teachers.",
           "Bias: mean mark minus consensus (+ lenient, - harsh).", ""]
    out += _agreement_lines(report.raters, report.tolerance)
    if report.teacher_disagreements:
        out += ["", "Widest disagreements between teachers:"]
        for d in report.teacher_disagreements:
            marks = ", ".join(f"{k} {v}" for k, v in sorted(d.marks.items(), key=lambda kv: kv[0].casefold()))
            out.append(f"  {d.essay}: spread {d.spread} marks ({marks})")
    if report.tool_disagreements:
        out += ["", "Widest disagreements between the tool and the consensus:"]
        for gap in report.tool_disagreements:
            out.append(f"  {gap.essay}: tool {gap.tool_mark}, consensus {gap.consensus:g} ({gap.difference:+g})")
            if gap.drivers:
                what = "credited" if gap.difference > 0 else "not credited"
                out.append(f"    points {what}: " + "; ".join(f"{p.title} [{p.status}, {p.marks:+.1f}]"
                                                          for p in gap.drivers))
    if report.seeds:
        out += ["", f"Seed scripts (definitive marks, tolerance ±{report.tolerance}):"]
        width = max(len(s.rater) for s in report.seeds) + 2
        for s in report.seeds:
            if s.passed is None:
                out.append(f"  {s.rater:<{width}}marked no seed script")
                continue
            out.append(f"  {s.rater:<{width}}{s.within}/{s.seeds} within, largest difference {s.max_difference}, "
                       f"mean {s.mean_difference:+.1f}: {'PASS' if s.passed else 'FAIL'}")
    if fit is not None:
        out += ["", f"Refit on the consensus marks of {fit.essays} essays: {fit.mode_text}.",
                f"Held-out figures ({fit.folds}-fold cross-validation), the tool before and after:"]
        out += _agreement_lines([fit.before, fit.after], fit.tolerance, label="tool")
    if saved is not None:
        out += ["", f"Calibrated rubric {saved.rubric_id}: {saved.rubric_path}", f"  its models: {saved.model_path}",
                f"  mark with it: marker mark ESSAYS --rubric {saved.rubric_id}"]
    return "\n".join(out) + "\n"


def to_dict(report: CalibrationReport, fit: CalibrationFit | None = None,
            saved: SavedCalibration | None = None) -> dict[str, Any]:
    """The JSON form: the agreement report, plus `refit` (and where it was saved) when the tool was refitted."""
    data = report.to_dict()
    data["refit"] = None
    if fit is not None:
        data["refit"] = fit.to_dict()
        if saved is not None:
            data["refit"]["saved"] = {"rubric": saved.rubric_id, "path": str(saved.rubric_path),
                                      "models": str(saved.model_path)}
    return data


def to_json(report: CalibrationReport, fit: CalibrationFit | None = None,
            saved: SavedCalibration | None = None) -> str:
    return json.dumps(to_dict(report, fit, saved), indent=2, ensure_ascii=False) + "\n"

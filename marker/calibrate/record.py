"""Keeping a calibration run in the store (the one step that touches the database)."""

from __future__ import annotations

from marker.calibrate.agreement import CalibrationReport
from marker.calibrate.refit import CalibrationFit, SavedCalibration
from marker.calibrate.render import to_dict


def save_run(report: CalibrationReport, fit: CalibrationFit | None = None, saved: SavedCalibration | None = None,
             *, url: str | None = None):
    """Keep a calibration run (its JSON figures and any calibrated rubric's path) in the store."""
    from marker.store import open_store

    with open_store(url) as store:
        return store.save_calibration_run(report.rubric, to_dict(report, fit, saved),
                                          saved.rubric_path if saved else None)

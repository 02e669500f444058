"""Department calibration: how far each teacher and the tool agree, and fitting the tool to the department.

A department marks the same essays; each teacher is compared with the consensus of the OTHER teachers (the median
of their marks on each essay), the tool with the median of all teachers, on the figures exam boards use: quadratic
weighted kappa of levels, exact and adjacent level agreement, mark error, the share within tolerance and the mean
bias (positive = lenient). Seed scripts with definitive marks check each teacher against the tolerance. The tool can
then be refitted on the consensus marks; the figures before and after are measured on held-out folds only, and the
result is saved as a new rubric file beside its models, never over the original.

The library never prints, and only `record.save_run` touches the database; the CLI (`marker calibrate`) and the app call
`load_essays`, `tool_reports`, `agreement`, `refit` and `save_calibrated`, and render with `to_table`/`to_dict`.

The steps, one module each: `inputs` (the essays, the teachers' marks and seed scripts, the tool's reports on them),
`agreement` (each rater against the consensus, the disagreements and what drove them), `refit` (refitting on the
consensus, measured on held-out folds, and saving the calibrated rubric), `render` (table and JSON) and `record`
(keeping a run in the store). Every name is importable from `marker.calibrate` as before.
"""

from marker.calibrate.inputs import (  # noqa: F401 - re-exported
    CalibrationError,
    CalibrationEssay,
    DEFAULT_TOLERANCE,
    DEFAULT_TOP,
    DRIVERS_PER_ESSAY,
    MIN_ESSAYS_TO_REFIT,
    TOOL,
    TeacherMark,
    load_essays,
    parse_marks,
    parse_seeds,
    prepare_essays,
    read_csv_text,
    tool_reports,
    _essay_lookup,
    _match_essay,
    _rows,
    _whole_mark,
)
from marker.calibrate.agreement import (  # noqa: F401 - re-exported
    CalibrationReport,
    EssayRow,
    PointDriver,
    RaterAgreement,
    SeedCheck,
    TeacherDisagreement,
    ToolDisagreement,
    agreement,
    consensus_level,
    department_consensus,
    level_confusion,
    level_labels,
    marks_by_essay,
    point_contributions,
    rater_agreement,
    round_half_up,
    seed_checks,
    tool_drivers,
    _level_weights,
    _round,
)
from marker.calibrate.refit import (  # noqa: F401 - re-exported
    CalibrationFit,
    SavedCalibration,
    calibrated_id,
    calibration_label,
    check_enough_to_refit,
    refit,
    refit_worse,
    save_calibrated,
    without_annotations,
    _CALIBRATED,
    _items,
    _level_only,
    _target,
)
from marker.calibrate.render import (  # noqa: F401 - re-exported
    to_dict,
    to_json,
    to_table,
    _agreement_lines,
    _fmt,
)
from marker.calibrate.record import (  # noqa: F401 - re-exported
    save_run,
)

"""`marker mark`, `marker eval`, `marker fit` and `marker calibrate`: each calls the library and prints its result."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import closing
from pathlib import Path

from marker.cli_classes import _save_marked, signed_in
from marker.cli_common import EXIT_BAD_ESSAY, EXIT_FAILURE, EXIT_USAGE, _progress
from marker.errors import display_name


def cmd_mark(args: argparse.Namespace) -> int:
    from marker.batch import mark_batch, write_reports
    from marker.rubric import load_rubric

    if args.dask:  # across a Dask cluster: marker/distributed.py
        from marker.distributed import run_command

        return run_command(args)
    if args.manifest or args.out or not args.essays:
        print("Error: give ESSAY files (--manifest, --out: with --dask) (see `marker mark --help`)", file=sys.stderr)
        return EXIT_USAGE
    if bool(args.save) != bool(args.class_name):
        print("Error: --save and --class NAME go together (see `marker mark --help`)", file=sys.stderr)
        return EXIT_USAGE
    rubric = load_rubric(args.rubric)
    if args.question:
        rubric.question(args.question)
    user = None
    if args.save:  # who saves on a department server (the --as account) is known before any marking is done
        from marker.access import server_mode
        from marker.store import open_store

        if server_mode():
            with open_store() as store:
                user = signed_in(store, args)
            if user is None:
                return EXIT_USAGE
    kept = []  # only with --save: a class is saved whole

    def after_writing(r) -> None:
        notes = ([r.error] if r.error else []) + [f"{display_name(r.essay)}: {w}" for w in r.warnings]
        if notes and sys.stderr.isatty():
            print("\r\033[K", end="", file=sys.stderr)  # clear the progress bar's line for them
        for note in notes:
            print(f"warning: {note}", file=sys.stderr)
        if args.save:
            kept.append(r)

    progress = None if sys.stdout.isatty() else _progress  # reports streaming to the terminal show progress already
    marking = mark_batch(args.essays, rubric, question_id=args.question, jobs=args.jobs or 1, progress=progress)
    with closing(marking):
        summary = write_reports(marking, args.format, sys.stdout, after_writing)
    for line in summary.lines():  # how many were marked; which were not, and why
        print(line, file=sys.stderr)
    if args.save:
        _save_marked(args.class_name, rubric, args.question, kept, user)
    return EXIT_BAD_ESSAY if summary.failed else 0


def cmd_eval(args: argparse.Namespace) -> int:
    from marker.dataset import load_annotated
    from marker.evaluate import evaluate, to_text
    from marker.rubric import load_rubric

    rubric = load_rubric(args.rubric)
    train = [item for folder in args.train or () for item in load_annotated(folder)]
    result = evaluate(load_annotated(args.folder), rubric, folds=args.folds, train=train)
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
        return 0
    sys.stdout.write(to_text(result))
    return 0


def cmd_fit(args: argparse.Namespace) -> int:
    from marker.dataset import load_annotated
    from marker.fit import fit_models, prepare_all
    from marker.models_io import GENERIC, load_generic_models, model_path, save_models
    from marker.rubric import load_rubric

    rubric = load_rubric(args.rubric)
    items = [item for folder in args.folder for item in load_annotated(folder)]
    point_models = load_generic_models().match if args.levels_only else None
    models = fit_models(items, prepare_all(items, rubric), rubric, point_models=point_models)
    out = Path(args.out) if args.out else model_path(rubric)
    save_models(models, out)  # type: ignore[arg-type]  # a rubric loaded from a file has a model path
    print(f"fitted on {len(items)} essays -> {out}")
    if args.generic:
        generic = Path(__file__).resolve().parent / "models" / GENERIC
        save_models(models, generic)
        print(f"generic models -> {generic}")
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from marker import calibrate as cal
    from marker.models_io import load_models
    from marker.rubric import load_rubric

    rubric = load_rubric(args.rubric)
    if args.question:
        rubric.question(args.question)
    essays = cal.load_essays(args.essays, rubric, question_id=args.question)
    names = [e.name for e in essays]
    marks = cal.parse_marks(cal.read_csv_text(args.marks), names, rubric, source=args.marks)
    seeds = cal.parse_seeds(cal.read_csv_text(args.seeds), names, rubric, source=args.seeds) if args.seeds else None
    refit = args.refit or args.out is not None
    if refit:
        cal.check_enough_to_refit(essays, marks)
    prepared = cal.prepare_essays(essays, rubric, progress=_progress)
    models = load_models(rubric)
    tool = cal.tool_reports(essays, prepared, rubric, models)
    report = cal.agreement(marks, rubric, tool=tool, models=models, tolerance=args.tolerance, seeds=seeds,
                           top=args.top)
    fit = saved = None
    worse = None
    if refit:
        fit = cal.refit(essays, prepared, marks, rubric, tolerance=args.tolerance, current=models)
        worse = cal.refit_worse(fit)
        if worse is None or args.accept_worse:  # as on the Calibrate page: a worse refit only when someone confirms
            saved = cal.save_calibrated(fit, rubric, out=args.out, overwrite=args.force,
                                        confirmed_by=args.accept_worse or "")
    sys.stdout.write((cal.to_json if args.json else cal.to_table)(report, fit, saved))
    if args.save:
        run = cal.save_run(report, fit, saved)
        print(f"calibration run {run.id} saved for rubric {run.rubric_id}", file=sys.stderr)
    if worse and saved is None:
        print(f"marker: the refit agrees worse with the department than the tool does now ({worse}), so no "
              f"calibrated rubric was saved; to keep it anyway, run again with --accept-worse \"YOUR NAME\"",
              file=sys.stderr)
        return EXIT_FAILURE
    return 0

"""The `marker` command: parse arguments, call one library function, print.

Exit status: 0 success; 1 an unexpected failure (one line on stderr; MARKER_DEBUG=1 adds the traceback); 2 a usage
error or an unknown/invalid rubric (one line on stderr, nothing on stdout); 3 some essays could not be read or marked
(they keep their place in the output with an "error"); 4 the database failed (disk full, read-only, locked, damaged,
unreachable): one line on stderr, nothing half-saved (with `mark --save`, the reports on stdout are complete).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import closing
from pathlib import Path
from typing import NoReturn

from marker.errors import MarkerError, RubricError, StorageFailure, display_name

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_BAD_ESSAY = 3
EXIT_STORAGE = 4


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, as the contract says
        print(f"Error: {message} (see `marker {self.prog.split(' ', 1)[-1]} --help`)", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        width = 30
        filled = int(width * done / total)
        print(f"\rmarking [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr)
        if done == total:
            print(file=sys.stderr)


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
        _save_marked(args.class_name, rubric, args.question, kept)
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
    if refit:
        fit = cal.refit(essays, prepared, marks, rubric, tolerance=args.tolerance, current=models)
        saved = cal.save_calibrated(fit, rubric, out=args.out, overwrite=args.force)
    sys.stdout.write((cal.to_json if args.json else cal.to_table)(report, fit, saved))
    if args.save:
        run = cal.save_run(report, fit, saved)
        print(f"calibration run {run.id} saved for rubric {run.rubric_id}", file=sys.stderr)
    return 0


def cmd_rubric_check(args: argparse.Namespace) -> int:
    from marker.review import lacks
    from marker.rubric import load_rubric

    rubric = load_rubric(args.path)
    verified = sum(f.verified for f in rubric.facts)
    print(f"OK {rubric.id} v{rubric.version}: {rubric.title} ({rubric.qualification} {rubric.subject})")
    print(f"  {len(rubric.factors)} factors, {len(rubric.debates)} debates, {len(rubric.questions)} questions, "
          f"{len(rubric.levels)} levels (max mark {rubric.max_mark}), {len(rubric.facts)} facts ({verified} verified), "
          f"{len(rubric.entities)} entities")
    gaps = lacks(rubric)
    print(f"  status: {rubric.status}" + ("" if gaps else "; nothing missing"))
    for gap in gaps:
        print(f"  lacks: {gap}")
    return 0


def cmd_rubric_show(args: argparse.Namespace) -> int:
    from marker.rubric import load_rubric

    rubric = load_rubric(args.rubric)
    print(f"{rubric.title} [{rubric.id} v{rubric.version}] - {rubric.qualification} {rubric.subject}")
    print("\nQuestions:")
    for q in rubric.questions:
        print(f"  {q.id}: {q.text}")
    print("\nLevels:")
    for lv in sorted(rubric.levels, key=lambda lv: -lv.level):
        print(f"  {lv.level} ({lv.marks[0]}-{lv.marks[1]}): {lv.descriptor}")
    print("\nPoints (importance):")
    for p in rubric.points:
        print(f"  [{p.kind}] {p.id} ({p.importance:.2f}): {p.title}")
    print(f"\nFacts: {len(rubric.facts)}")
    for f in rubric.facts:
        print(f"  {'✔' if f.verified else '?'} {f.id}: {f.statement}")
    return 0


def cmd_rubric_list(args: argparse.Namespace) -> int:
    from marker.rubric import available_rubrics

    for rid, path in available_rubrics().items():
        print(f"{rid}\t{path}")
    return 0


def cmd_rubric_build(args: argparse.Namespace) -> int:
    from marker.build import build_from_files, save_draft, to_rubric_yaml

    draft = build_from_files(args.documents, args.title, rubric_id=args.id, question=args.question)
    for note in draft.notes:
        print(f"Note: {note}", file=sys.stderr)
    if args.out == "-":
        sys.stdout.write(to_rubric_yaml(draft))
        return 0
    path = save_draft(draft, args.out)
    print(f"draft {draft.rubric_id}: {len(draft.points)} points, {len(draft.debates)} debates, "
          f"{len(draft.facts)} facts (unverified) -> {path}")
    return 0


# -- saved classes (marker.store); the database is MARKER_DB_URL or a SQLite file in the user's data folder --------

def _save_marked(class_name: str, rubric, question: str | None, reports) -> None:
    from marker.store import open_store

    try:
        with open_store() as store:
            result = store.save_class(class_name, rubric, question, reports)
    except MarkerError as exc:  # the reports are on stdout already: say that they were not saved, keep the kind
        raise type(exc)(f"the reports were written, but class {class_name!r} was not saved: {exc}") from None
    unchanged = f", {result.unchanged} unchanged" if result.unchanged else ""
    skipped = f", {len(result.skipped)} unreadable not saved" if result.skipped else ""
    print(f"saved to class {result.class_name!r}: {result.essays_added} new essays, {result.reports_added} new "
          f"reports{unchanged}{skipped}", file=sys.stderr)


def cmd_class_list(args: argparse.Namespace) -> int:
    from marker.store import open_store

    with open_store() as store:
        classes = store.list_classes()
    if not classes:
        print("no saved classes (save some with `marker mark ESSAY... --rubric ID --save --class NAME`)",
              file=sys.stderr)
    for c in classes:
        print(f"{c.name}\t{c.essays} essays\t{c.rubric_id} v{c.rubric_version}\tquestion {c.question_id}"
              f"\tcreated {c.created:%Y-%m-%d %H:%M} UTC")
    return 0


def cmd_class_show(args: argparse.Namespace) -> int:
    from marker.store import open_store

    with open_store() as store:
        record = store.get_class(args.name)
    print(f"{record.name}: {record.rubric_id} v{record.rubric_version}, question {record.question_id}, "
          f"{len(record.essays)} essays")
    for essay in record.essays:
        final = essay.final()
        line = f"  {essay.label}: level {final.machine_level}, mark {final.machine_mark}"
        if (final.level, final.mark) != (final.machine_level, final.machine_mark) or final.overridden_points:
            line += f" -> teacher: level {final.level}, mark {final.mark}"
            if final.overridden_points:
                line += f", {len(final.overridden_points)} point(s) changed"
        line += (f"; {len(final.errors)} errors; {len(essay.reports)} report(s), latest v{essay.latest.rubric_version}"
                 f"; {len(essay.overrides)} override(s)")
        print(line)
    return 0


def cmd_class_export(args: argparse.Namespace) -> int:
    from marker.export import export_class
    from marker.store import open_store

    if args.out is None and args.format == "xlsx" and sys.stdout.isatty():
        print("Error: an xlsx workbook is binary: give --out FILE (see `marker class export --help`)", file=sys.stderr)
        return EXIT_USAGE
    with open_store() as store:
        record = store.get_class(args.name)
    data = export_class(record, args.format, anonymous=args.anonymous)
    if args.out:
        Path(args.out).write_bytes(data)
        print(f"{len(record.essays)} essays -> {args.out}", file=sys.stderr)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0


def cmd_class_delete(args: argparse.Namespace) -> int:
    from marker.store import open_store

    if not args.yes:
        if not sys.stdin.isatty():
            print("Error: deleting a class needs --yes when not run interactively", file=sys.stderr)
            return EXIT_USAGE
        answer = input(f"Delete class {args.name!r} with all its essays, reports and overrides? [y/N] ")
        if answer.strip().lower() not in {"y", "yes"}:
            print("nothing deleted", file=sys.stderr)
            return 1
    with open_store() as store:
        count = store.delete_class(args.name)
    print(f"deleted class {args.name!r}: {count} essays with their reports and overrides")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="marker", description="Offline, transparent essay marking against a rubric.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("mark", help="mark essays against a rubric",
                       description="Mark essays (.txt .md .docx .odt .rtf .pdf) against a rubric.")
    p.add_argument("essays", nargs="*", metavar="ESSAY", help="essay files (with --dask, also folders)")
    p.add_argument("--rubric", required=True, help="a rubric id from rubrics/ or a path to a rubric YAML")
    p.add_argument("--format", choices=["json", "jsonl", "table", "markdown"], default="table",
                   help="json: one array (the contract); jsonl: one report per line, each written as soon as it is "
                        "marked, in input order")
    p.add_argument("--question", help="the rubric question id the essays answer (default: detected from each essay's opening)")
    p.add_argument("--jobs", type=_positive, metavar="N",
                   help="mark on N worker processes (default 1: in this process); output is the same either way; "
                        "with --dask local, the cluster's workers (default one per core)")
    p.add_argument("--dask", metavar="ADDRESS", help="mark on a Dask cluster (scheduler ADDRESS, or 'local' for one "
                   "on this machine) into --out DIR, one JSON Lines file per partition (docs/scale.md)")
    p.add_argument("--out", metavar="DIR", help="with --dask: the folder for part-NNNNN.jsonl and summary.json")
    p.add_argument("--manifest", action="append", metavar="FILE", help="with --dask: a file of essay paths, one a line")
    p.add_argument("--partition-size", type=_positive, default=50, metavar="N",
                   help="with --dask: essays per partition (default 50)")
    p.add_argument("--save", action="store_true", help="also save the reports to a class (needs --class)")
    p.add_argument("--class", dest="class_name", metavar="NAME", help="the class to save to (with --save)")
    p.set_defaults(func=cmd_mark)

    p = sub.add_parser("eval", help="measure agreement with annotated essays",
                       description="Score marker against a folder of annotated essays (NAME.txt + NAME.json).")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--rubric", required=True)
    p.add_argument("--json", action="store_true", help="print all figures as JSON")
    p.add_argument("--folds", type=int, default=None, help="cross-validation folds (default 5)")
    p.add_argument("--train", action="append", metavar="DIR",
                   help="annotated essays the models were fitted on, for the TF-IDF baseline on held-out essays "
                        "(repeatable)")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("fit", help="fit the marking models on annotated essays",
                       description="Fit point, debate and level models; saved beside the rubric as NAME.model.json.")
    p.add_argument("folder", metavar="DIR", nargs="+", help="folders of annotated essays, fitted on together")
    p.add_argument("--rubric", required=True)
    p.add_argument("--out", help="where to write the model file (default: beside the rubric)")
    p.add_argument("--generic", action="store_true", help="also save as the package's generic models")
    p.add_argument("--levels-only", action="store_true",
                   help="keep the generic point and debate models; fit only the level model (for a topic with few "
                        "annotated essays)")
    p.set_defaults(func=cmd_fit)

    p = sub.add_parser(
        "calibrate", help="department calibration: teachers' marks against each other and the tool",
        description="Compare each teacher and the tool with the department's consensus (median of the other "
                    "markers) on QWK, level agreement, mark error, tolerance and bias; check seed scripts; "
                    "optionally refit the tool on the consensus and save a calibrated rubric.")
    p.add_argument("essays", nargs="+", metavar="ESSAY")
    p.add_argument("--rubric", required=True, help="a rubric id or a path to a rubric YAML")
    p.add_argument("--marks", required=True, metavar="CSV",
                   help="teachers' marks: columns essay, marker, mark and optionally level")
    p.add_argument("--tolerance", type=int, default=3, help="marks either side that count as agreement (default 3)")
    p.add_argument("--seeds", metavar="CSV", help="seed scripts' definitive marks: columns essay, mark")
    p.add_argument("--question", help="the rubric question id the essays answer (default: from annotations, "
                                      "else the rubric's first)")
    p.add_argument("--top", type=int, default=5, help="how many widest disagreements to list (default 5)")
    p.add_argument("--refit", action="store_true",
                   help="refit the tool on the consensus marks and save a calibrated rubric")
    p.add_argument("--out", help="calibrated rubric file (.yaml) or folder (implies --refit; "
                                 "default: your rubric folder, as ID-calibrated.yaml)")
    p.add_argument("--force", action="store_true", help="overwrite an earlier calibrated rubric at the same place")
    p.add_argument("--json", action="store_true", help="print all figures as JSON")
    p.add_argument("--save", action="store_true",
                   help="also keep this run in the store (MARKER_DB_URL, else the SQLite file in your data folder)")
    p.set_defaults(func=cmd_calibrate)

    p = sub.add_parser("rubric", help="check, show or list rubrics", description="Work with rubric files.")
    rsub = p.add_subparsers(dest="rubric_command", required=True, parser_class=_Parser)
    q = rsub.add_parser("check", help="validate a rubric file and summarise it", description="Validate a rubric.")
    q.add_argument("path")
    q.set_defaults(func=cmd_rubric_check)
    q = rsub.add_parser("show", help="print a rubric's questions, levels, points and facts",
                        description="Show a rubric.")
    q.add_argument("rubric", metavar="ID")
    q.set_defaults(func=cmd_rubric_show)
    q = rsub.add_parser("list", help="list the rubrics marker can find", description="List rubrics.")
    q.set_defaults(func=cmd_rubric_list)
    q = rsub.add_parser("build", help="draft a rubric from source documents",
                        description="Draft a rubric (points, debates, unverified facts, default levels) from source "
                                    "documents (.txt .md .docx .odt .rtf .pdf) for a teacher to check and edit.")
    q.add_argument("documents", nargs="+", metavar="DOC")
    q.add_argument("--title", required=True, help="the topic, e.g. 'The Weimar Republic 1918-33'")
    q.add_argument("--out", required=True, help="the YAML file (or folder) to write, or - for stdout")
    q.add_argument("--id", help="the rubric id (default: made from the title)")
    q.add_argument("--question", help="the essay question (default: made from the title)")
    q.set_defaults(func=cmd_rubric_build)

    p = sub.add_parser("class", help="list, show, export or delete saved classes",
                       description="Work with classes saved by `marker mark ... --save --class NAME` (database: "
                                   "MARKER_DB_URL, else a SQLite file in your user data folder).")
    csub = p.add_subparsers(dest="class_command", required=True, parser_class=_Parser)
    q = csub.add_parser("list", help="list saved classes", description="List saved classes.")
    q.set_defaults(func=cmd_class_list)
    q = csub.add_parser("show", help="show a class's essays, marks and overrides",
                        description="Show a saved class: each essay's machine mark, any teacher override, errors.")
    q.add_argument("name", metavar="NAME")
    q.set_defaults(func=cmd_class_show)
    q = csub.add_parser("export", help="export a class as csv, xlsx or json",
                        description="Export a class: one row per essay, one column per point, errors, level, mark, "
                                    "teacher overrides and the machine's original values.")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
    q.add_argument("--out", help="the file to write (default: stdout)")
    q.add_argument("--anonymous", action="store_true", help="candidate numbers instead of names; no file names")
    q.set_defaults(func=cmd_class_export)
    q = csub.add_parser("delete", help="delete a class and every essay, report and override of it",
                        description="Delete a saved class completely: its essays, their text, reports and overrides.")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    q.set_defaults(func=cmd_class_delete)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except RubricError as exc:
        print(f"Error: {exc}".replace("\n", " | ") if args.command == "mark" else f"Error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StorageFailure as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_STORAGE
    except MarkerError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: one line, not a traceback, unless asked for
        if os.environ.get("MARKER_DEBUG"):
            raise
        print(f"Error: unexpected failure ({type(exc).__name__}: {' '.join(str(exc).split())}); "
              "run again with MARKER_DEBUG=1 for the details and report it", file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    raise SystemExit(main())

"""The `marker` command: parse arguments, call one library function, print.

Exit status: 0 success; 1 an unexpected failure (one line on stderr; MARKER_DEBUG=1 adds the traceback); 2 a usage
error or an unknown/invalid rubric (one line on stderr, nothing on stdout); 3 some essays could not be read or marked
(they keep their place in the output with an "error"); 4 the database failed (disk full, read-only, locked, damaged,
unreachable): one line on stderr, nothing half-saved (with `mark --save`, the reports on stdout are complete).

The commands themselves live in cli_mark.py (mark, eval, fit, calibrate), cli_rubric.py and cli_classes.py."""

from __future__ import annotations

import argparse
import os
import sys
from typing import NoReturn

from marker.cli_classes import (  # noqa: F401 - _save_marked re-exported, as before the split
    _save_marked, add_user_options, cmd_class_delete, cmd_class_export, cmd_class_list, cmd_class_show)
from marker.cli_common import EXIT_BAD_ESSAY, EXIT_FAILURE, EXIT_STORAGE, EXIT_USAGE, _progress  # noqa: F401
from marker.cli_mark import cmd_calibrate, cmd_eval, cmd_fit, cmd_mark
from marker.cli_rubric import cmd_rubric_build, cmd_rubric_check, cmd_rubric_list, cmd_rubric_show
from marker.errors import MarkerError, RubricError, StorageFailure


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, as the contract says
        print(f"Error: {message} (see `marker {self.prog.split(' ', 1)[-1]} --help`)", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


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
    add_user_options(p)
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
    p.add_argument("--accept-worse", metavar="NAME",
                   help="save a refit even if it agrees worse with the department than the tool does now, recording "
                        "who confirmed it (without this, such a refit is shown but not saved)")
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
    add_user_options(q)
    q.set_defaults(func=cmd_class_list)
    q = csub.add_parser("show", help="show a class's essays, marks and overrides",
                        description="Show a saved class: each essay's machine mark, any teacher override, errors.")
    q.add_argument("name", metavar="NAME")
    add_user_options(q)
    q.set_defaults(func=cmd_class_show)
    q = csub.add_parser("export", help="export a class as csv, xlsx or json",
                        description="Export a class: one row per essay, one column per point, errors, level, mark, "
                                    "teacher overrides and the machine's original values.")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
    q.add_argument("--out", help="the file to write (default: stdout)")
    q.add_argument("--anonymous", action="store_true", help="candidate numbers instead of names; no file names")
    add_user_options(q)
    q.set_defaults(func=cmd_class_export)
    q = csub.add_parser("delete", help="delete a class and every essay, report and override of it",
                        description="Delete a saved class completely: its essays, their text, reports and overrides.")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_user_options(q)
    q.set_defaults(func=cmd_class_delete)

    from marker.cli_accounts import register

    register(sub, _Parser)  # `marker account ...`: the department server's accounts
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

"""The `marker` command: parse arguments, call one library function, print.

Exit status: 0 success; 1 an unexpected failure; 2 a usage error or an unknown/invalid rubric (one line on stderr,
nothing on stdout); 3 some essays could not be read (they keep their place in the output with an "error").
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from marker.errors import MarkerError, RubricError

EXIT_USAGE = 2
EXIT_BAD_ESSAY = 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as the contract says
        print(f"Error: {message} (see `marker {self.prog.split(' ', 1)[-1]} --help`)", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        width = 30
        filled = int(width * done / total)
        print(f"\rmarking [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr)
        if done == total:
            print(file=sys.stderr)


def cmd_mark(args: argparse.Namespace) -> int:
    from marker.mark import mark_essays
    from marker.report import to_json, to_markdown, to_table
    from marker.rubric import load_rubric

    rubric = load_rubric(args.rubric)
    if args.question:
        rubric.question(args.question)
    reports = mark_essays(args.essays, rubric, question_id=args.question, progress=_progress)
    render = {"json": to_json, "table": to_table, "markdown": to_markdown}[args.format]
    sys.stdout.write(render(reports))
    for r in reports:
        if r.error:
            print(f"warning: {r.error}", file=sys.stderr)
        for w in r.warnings:
            print(f"warning: {r.essay}: {w}", file=sys.stderr)
    return EXIT_BAD_ESSAY if any(r.error for r in reports) else 0


def cmd_eval(args: argparse.Namespace) -> int:
    from marker.dataset import load_annotated
    from marker.evaluate import evaluate
    from marker.rubric import load_rubric

    rubric = load_rubric(args.rubric)
    result = evaluate(load_annotated(args.folder), rubric, folds=args.folds)
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
        return 0
    pts, errs, lv = result["points"], result["errors"], result["levels"]
    base = lv.get("words_only", {})
    print(f"{result['essays']} essays, {result['mode']}")
    print(f"points : P {pts['precision']:.3f}  R {pts['recall']:.3f}  F1 {pts['f1']:.3f}  kappa {pts['kappa']:.3f}"
          f"  ({pts['decisions']} decisions)")
    print(f"errors : P {errs['precision']:.3f}  R {errs['recall']:.3f}  ({errs['found']}/{errs['gold']} found,"
          f" {errs['flags']} flags)")
    print(f"levels : QWK {lv['qwk']:.3f}  exact {lv['exact']:.0%}  adjacent {lv['adjacent']:.0%}"
          f"  mark MAE {lv['mark_mae']:.2f}")
    if base:
        print(f"words-only baseline: QWK {base['qwk']:.3f}  exact {base['exact']:.0%}  MAE {base['mark_mae']:.2f}"
              f"  (correlation of words with level {lv['words_level_correlation']:.2f})")
    print("\nper point                                   P      R      F1   support")
    for pid, m in pts["per_point"].items():
        print(f"  {pid:<40} {m['precision']:.2f}   {m['recall']:.2f}   {m['f1']:.2f}   {m['support']}")
    for ff in errs["false_flags"]:
        print(f"false flag: {ff['essay']}: {ff['text']!r} ({ff['fact']})")
    return 0


def cmd_fit(args: argparse.Namespace) -> int:
    from marker.dataset import load_annotated
    from marker.fit import fit_models, prepare_all
    from marker.models_io import GENERIC, model_path, save_models
    from marker.rubric import load_rubric

    rubric = load_rubric(args.rubric)
    items = load_annotated(args.folder)
    models = fit_models(items, prepare_all(items, rubric), rubric)
    out = Path(args.out) if args.out else model_path(rubric)
    save_models(models, out)
    print(f"fitted on {len(items)} essays -> {out}")
    if args.generic:
        generic = Path(__file__).resolve().parent / "models" / GENERIC
        save_models(models, generic)
        print(f"generic models -> {generic}")
    return 0


def cmd_rubric_check(args: argparse.Namespace) -> int:
    from marker.rubric import load_rubric

    rubric = load_rubric(args.path)
    verified = sum(f.verified for f in rubric.facts)
    print(f"OK {rubric.id} v{rubric.version}: {rubric.title} ({rubric.qualification} {rubric.subject})")
    print(f"  {len(rubric.factors)} factors, {len(rubric.debates)} debates, {len(rubric.questions)} questions, "
          f"{len(rubric.levels)} levels (max mark {rubric.max_mark}), {len(rubric.facts)} facts ({verified} verified), "
          f"{len(rubric.entities)} entities")
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
    if args.out == "-":
        sys.stdout.write(to_rubric_yaml(draft))
        return 0
    path = save_draft(draft, args.out)
    print(f"draft {draft.rubric_id}: {len(draft.points)} points, {len(draft.debates)} debates, "
          f"{len(draft.facts)} facts (unverified) -> {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="marker", description="Offline, transparent essay marking against a rubric.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("mark", help="mark essays against a rubric",
                       description="Mark essays (.txt .md .docx .odt .rtf .pdf) against a rubric.")
    p.add_argument("essays", nargs="+", metavar="ESSAY")
    p.add_argument("--rubric", required=True, help="a rubric id from rubrics/ or a path to a rubric YAML")
    p.add_argument("--format", choices=["json", "table", "markdown"], default="table")
    p.add_argument("--question", help="the rubric question id the essays answer (default: the rubric's first)")
    p.set_defaults(func=cmd_mark)

    p = sub.add_parser("eval", help="measure agreement with annotated essays",
                       description="Score marker against a folder of annotated essays (NAME.txt + NAME.json).")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--rubric", required=True)
    p.add_argument("--json", action="store_true", help="print all figures as JSON")
    p.add_argument("--folds", type=int, default=None, help="cross-validation folds (default 5)")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("fit", help="fit the marking models on annotated essays",
                       description="Fit point, debate and level models; saved beside the rubric as NAME.model.json.")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--rubric", required=True)
    p.add_argument("--out", help="where to write the model file (default: beside the rubric)")
    p.add_argument("--generic", action="store_true", help="also save as the package's generic models")
    p.set_defaults(func=cmd_fit)

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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except RubricError as exc:
        print(f"Error: {exc}".replace("\n", " | ") if args.command == "mark" else f"Error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except MarkerError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())

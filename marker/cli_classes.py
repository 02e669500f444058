"""`marker class list|show|export|delete`, and saving marked essays to a class (`marker mark --save`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from marker.cli_common import EXIT_USAGE
from marker.errors import MarkerError

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

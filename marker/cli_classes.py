"""`marker class list|show|export|delete`, and saving marked essays to a class (`marker mark --save`).

Every read and write of a class goes through marker/access.py, as in the app. On a laptop (server mode off) the
user is this computer, who may do everything; on a department server (MARKER_SERVER_MODE=1) a command acts as the
account named with `--as USERNAME`, signed in with its password, and has exactly that role's rights
(docs/server.md)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from marker.cli_common import EXIT_USAGE
from marker.errors import MarkerError

if TYPE_CHECKING:
    from marker.accounts import User
    from marker.store import Store

# -- saved classes (marker.store); the database is MARKER_DB_URL or a SQLite file in the user's data folder --------


def add_user_options(parser: argparse.ArgumentParser) -> None:
    """--as and --password-stdin: who a class command acts as on a department server."""
    parser.add_argument("--as", dest="as_user", metavar="USERNAME",
                        help="on a department server (MARKER_SERVER_MODE=1, where it is required): act as this "
                             "account, with its role's rights; its password is asked for")
    parser.add_argument("--password-stdin", action="store_true",
                        help="with --as: read the password from the first line of standard input")


def signed_in(store: Store, args: argparse.Namespace) -> User | None:
    """Who the command acts as: this computer on a laptop; on a server the --as account, signed in with its password
    (accounts.sign_in: AccessDenied for a wrong name or password). None, after saying why on stderr, when the server
    gets no account or no way to read its password."""
    from marker import access, accounts

    if not access.server_mode():
        return accounts.LOCAL
    if not args.as_user:
        print("Error: on a department server (MARKER_SERVER_MODE=1) class commands act as an account: give "
              "--as USERNAME (see docs/server.md)", file=sys.stderr)
        return None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif sys.stdin.isatty():
        password = getpass.getpass(f"Password for {args.as_user}: ")
    else:
        print("Error: --as needs the account's password: type it when asked, or give it on the first line of "
              "standard input with --password-stdin", file=sys.stderr)
        return None
    return accounts.sign_in(store, args.as_user, password)


def _save_marked(class_name: str, rubric, question: str | None, reports, user: User | None = None) -> None:
    """Save the reports to the class as `user` (default: this computer, the laptop's user)."""
    from marker import access
    from marker.accounts import LOCAL
    from marker.store import open_store

    try:
        with open_store() as store:
            result = access.save_class(store, user or LOCAL, class_name, rubric, question, reports)
    except MarkerError as exc:  # the reports are on stdout already: say that they were not saved, keep the kind
        raise type(exc)(f"the reports were written, but class {class_name!r} was not saved: {exc}") from None
    unchanged = f", {result.unchanged} unchanged" if result.unchanged else ""
    skipped = f", {len(result.skipped)} unreadable not saved" if result.skipped else ""
    print(f"saved to class {result.class_name!r}: {result.essays_added} new essays, {result.reports_added} new "
          f"reports{unchanged}{skipped}", file=sys.stderr)


def cmd_class_list(args: argparse.Namespace) -> int:
    from marker import access
    from marker.store import open_store

    with open_store() as store:
        user = signed_in(store, args)
        if user is None:
            return EXIT_USAGE
        classes = access.visible_classes(store, user)
    if not classes:
        print("no saved classes (save some with `marker mark ESSAY... --rubric ID --save --class NAME`)",
              file=sys.stderr)
    for c in classes:
        print(f"{c.name}\t{c.essays} essays\t{c.rubric_id} v{c.rubric_version}\tquestion {c.question_id}"
              f"\tcreated {c.created:%Y-%m-%d %H:%M} UTC")
    return 0


def cmd_class_show(args: argparse.Namespace) -> int:
    from marker import access
    from marker.store import open_store

    with open_store() as store:
        user = signed_in(store, args)
        if user is None:
            return EXIT_USAGE
        record = access.open_class(store, user, args.name)
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
    from marker import access
    from marker.export import export_class
    from marker.store import open_store

    if args.out is None and args.format == "xlsx" and sys.stdout.isatty():
        print("Error: an xlsx workbook is binary: give --out FILE (see `marker class export --help`)", file=sys.stderr)
        return EXIT_USAGE
    with open_store() as store:
        user = signed_in(store, args)
        if user is None:
            return EXIT_USAGE
        record = access.open_class(store, user, args.name)
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
    from marker import access
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
        user = signed_in(store, args)
        if user is None:
            return EXIT_USAGE
        count = access.delete_class(store, user, args.name)
    print(f"deleted class {args.name!r}: {count} essays with their reports and overrides")
    return 0

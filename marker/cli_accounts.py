"""`marker account ...`: the department server's accounts from the command line (marker.accounts does the work).

    marker account add USERNAME --role student|teacher|head --department D [--name N] [--email E] [--password-stdin]
    marker account list
    marker account assign-class CLASS --owner USERNAME
    marker account limits USERNAME [--files N] [--mb N]
    marker account audit [--class NAME]
    marker account delete-student USERNAME [--label LABEL ...] --yes
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

# marker.accounts.ROLES (a test keeps them equal); spelled out so `marker mark` need not import the database layer
ROLES = ("student", "teacher", "head")


def cmd_add(args: argparse.Namespace) -> int:
    from marker import accounts
    from marker.store import open_store

    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif not args.email:
        password = getpass.getpass(f"Password for {args.username}: ")
    with open_store() as store:
        user = accounts.add_user(store, args.username, role=args.role, department=args.department, name=args.name,
                                 password=password, email=args.email)
    print(f"added {user.username} ({accounts.ROLE_NAMES[user.role]}, {user.department})")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from marker import accounts
    from marker.store import open_store

    with open_store() as store:
        for user in accounts.users(store):
            print(f"{user.username}\t{user.name}\t{accounts.ROLE_NAMES[user.role]}\t{user.department}")
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    from marker import accounts
    from marker.store import open_store

    with open_store() as store:
        accounts.assign_class(store, args.name, args.owner)
    print(f"class {args.name!r} now belongs to {args.owner}")
    return 0


def cmd_limits(args: argparse.Namespace) -> int:
    from marker import accounts
    from marker.store import open_store

    with open_store() as store:
        accounts.set_upload_limits(store, args.username, args.files, args.mb)
    print(f"{args.username}: {args.files or 'the role default'} files and {args.mb or 'the role default'} MB a day")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from marker import audit
    from marker.store import open_store

    with open_store() as store:
        class_id = store.get_class(args.class_name).id if args.class_name else None
        for e in audit.entries(store, class_id=class_id):
            print(f"{e.created:%Y-%m-%d %H:%M:%S} UTC\t{e.who}\t{e.action}\tclass {e.class_id}\tessay {e.essay_id}"
                  f"\t{json.dumps(e.before, ensure_ascii=False)} -> {json.dumps(e.after, ensure_ascii=False)}")
    return 0


def cmd_delete_student(args: argparse.Namespace) -> int:
    from marker import accounts
    from marker.store import open_store

    if not args.yes:
        print("Error: deleting a student's data needs --yes (it cannot be undone)", file=sys.stderr)
        return 2
    with open_store() as store:
        counts = accounts.delete_student(store, args.username, tuple(args.label or ()))
    print(f"deleted {args.username}: the account, {counts['drafts']} draft(s) and {counts['essays']} essay(s) with "
          f"their reports, changes and audit records")
    return 0


def register(sub, parser_class) -> None:
    """Add `marker account ...` to the CLI's subcommands."""
    p = sub.add_parser("account", help="department server accounts, class owners, upload limits, audit, deletion",
                       description="Accounts for the department server (docs/server.md).")
    asub = p.add_subparsers(dest="account_command", required=True, parser_class=parser_class)
    q = asub.add_parser("add", help="add an account", description="Add an account (local password and/or email).")
    q.add_argument("username")
    q.add_argument("--role", required=True, choices=ROLES)
    q.add_argument("--department", required=True)
    q.add_argument("--name", default="", help="the name shown in the app and the audit log")
    q.add_argument("--email", help="the email the school's identity provider signs this person in with")
    q.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    q.set_defaults(func=cmd_add)
    q = asub.add_parser("list", help="list accounts", description="List accounts.")
    q.set_defaults(func=cmd_list)
    q = asub.add_parser("assign-class", help="give a saved class to a teacher", description="Give a class an owner.")
    q.add_argument("name", metavar="CLASS")
    q.add_argument("--owner", required=True)
    q.set_defaults(func=cmd_assign)
    q = asub.add_parser("limits", help="set a user's daily upload limits", description="Set upload limits.")
    q.add_argument("username")
    q.add_argument("--files", type=int, help="files a day (default: the role's)")
    q.add_argument("--mb", type=int, help="megabytes a day (default: the role's)")
    q.set_defaults(func=cmd_limits)
    q = asub.add_parser("audit", help="print the audit log", description="Who changed which mark, when.")
    q.add_argument("--class", dest="class_name", help="only this class")
    q.set_defaults(func=cmd_audit)
    q = asub.add_parser("delete-student", help="delete one student's data for good",
                        description="Delete a student's account, drafts, and essays saved under the given labels "
                                    "in their department's classes.")
    q.add_argument("username")
    q.add_argument("--label", action="append", help="a label the student's essays were saved under (repeatable)")
    q.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    q.set_defaults(func=cmd_delete_student)

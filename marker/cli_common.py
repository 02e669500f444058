"""What the `marker` commands share: the exit statuses (marker/cli.py's docstring says what each means) and the
progress bar."""

from __future__ import annotations

import sys

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_BAD_ESSAY = 3
EXIT_STORAGE = 4


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        width = 30
        filled = int(width * done / total)
        print(f"\rmarking [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr)
        if done == total:
            print(file=sys.stderr)

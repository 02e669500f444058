"""Teaching notes a topic's draft rubric was built from: third-party texts kept out of git, listed in SOURCES.csv.

    python topics/notes.py wwi              # fetch every note in topics/wwi/notes/SOURCES.csv not yet cached
    python topics/notes.py wwi --check      # each cached text runs from its recorded first to its last words
    python topics/notes.py wwi --paths      # the cached files, in SOURCES.csv order (for `marker rubric build`)

The cache is ~/.cache/marker/notes/TOPIC (or $MARKER_NOTES/TOPIC). Fetching reuses the real essays' fetcher
(corpus/real/fetch.py): a page is reduced to its visible text and cut between the recorded first and last words, so
menus and comments stay out; a page that changed is reported, not guessed at. Fetching needs a network; marking and
building never do.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "corpus" / "real"))
from fetch import _loose, fetch  # noqa: E402  (corpus/real/fetch.py: one fetcher for every third-party text)


def cache_dir(topic: str) -> Path:
    return Path(os.environ.get("MARKER_NOTES", Path.home() / ".cache" / "marker" / "notes")) / topic


def sources(topic: str) -> list[dict]:
    with (HERE / topic / "notes" / "SOURCES.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def check(rows: list[dict], folder: Path) -> list[str]:
    """Problems with the cache: a note missing, or not running from its recorded first words to its last."""
    problems = []
    for row in rows:
        path = folder / f"{row['id']}.txt"
        if not path.exists():
            problems.append(f"{row['id']}: not in {folder} (run without --check to fetch it)")
            continue
        text = path.read_text(encoding="utf-8").strip()
        if not re.match(_loose(row["first_words"]), text) or not re.search(_loose(row["last_words"]) + r"$", text):
            problems.append(f"{row['id']}: the cached text does not run from its recorded first to its last words")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topic", help="a folder of topics/ with notes/SOURCES.csv, e.g. wwi")
    parser.add_argument("--check", action="store_true", help="check the cached texts against SOURCES.csv")
    parser.add_argument("--paths", action="store_true", help="print the cached files, one a line")
    args = parser.parse_args(argv)
    rows, folder = sources(args.topic), cache_dir(args.topic)
    if args.paths:
        print("\n".join(str(folder / f"{row['id']}.txt") for row in rows))
        return 0
    if args.check:
        problems = check(rows, folder)
        print("\n".join(problems) or f"{len(rows)} notes in {folder} match SOURCES.csv")
        return 1 if problems else 0
    missing = fetch(rows, folder)
    print(f"{len(rows) - missing} of {len(rows)} notes in {folder}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())

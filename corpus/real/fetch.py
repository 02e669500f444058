"""Real essays: third-party texts kept out of git. This script gets them back and lays them out for `marker eval`.

    python corpus/real/fetch.py                 # fetch every text in SOURCES.csv not yet in the cache
    python corpus/real/fetch.py --layout DIR    # DIR/soviet and DIR/weimar: NAME.txt beside its gold NAME.json

The cache is ~/.cache/marker/real (or $MARKER_REAL_ESSAYS). A text is cut from its page between the first and
last words recorded in SOURCES.csv, so page furniture stays out; a page that changed is reported, not guessed at.
Fetching needs a network, which marking never does; use it on a machine that has one.
"""

from __future__ import annotations

import argparse
import csv
import html
import os
import re
import shutil
import sys
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
SKIP = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript"}


def cache_dir() -> Path:
    return Path(os.environ.get("MARKER_REAL_ESSAYS", Path.home() / ".cache" / "marker" / "real"))


class _Text(HTMLParser):
    """The page's visible text, a line per block element, without scripts, menus and footers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skipping += 1
        elif tag in {"p", "br", "div", "li", "h1", "h2", "h3", "h4", "tr"}:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def page_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    text = html.unescape("".join(parser.parts))
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\s*\n\s*\n\s*", "\n\n", text).strip()


def _loose(words: str) -> str:
    return r"\s+".join(re.escape(w) for w in words.split())


def cut(text: str, first_words: str, last_words: str) -> str | None:
    """The essay between its recorded first and last words, or None when the page no longer has them."""
    match = re.search(_loose(first_words) + r"[\s\S]*?" + _loose(last_words), text)
    return match.group(0) if match else None


def fetch(rows: list[dict], folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    missing = 0
    for row in rows:
        target = folder / f"{row['id']}.txt"
        if target.exists():
            continue
        try:
            request = urllib.request.Request(row["address"], headers={"User-Agent": "marker-corpus/1"})
            with urllib.request.urlopen(request, timeout=30) as response:
                markup = response.read().decode("utf-8", errors="replace")
        except OSError as exc:
            print(f"{row['id']}: could not fetch {row['address']}: {exc}", file=sys.stderr)
            missing += 1
            continue
        essay = cut(page_text(markup), row["first_words"], row["last_words"])
        if essay is None:
            print(f"{row['id']}: the page no longer holds the recorded text", file=sys.stderr)
            missing += 1
            continue
        target.write_text(essay + "\n", encoding="utf-8")
    return missing


def layout(rows: list[dict], folder: Path, out: Path) -> int:
    """Copy cached texts beside their committed gold annotations, one folder per topic."""
    laid = 0
    for row in rows:
        text, gold = folder / f"{row['id']}.txt", HERE / "gold" / f"{row['id']}.json"
        if text.exists() and gold.exists():
            (out / row["topic"]).mkdir(parents=True, exist_ok=True)
            shutil.copy(text, out / row["topic"] / text.name)
            shutil.copy(gold, out / row["topic"] / gold.name)
            laid += 1
    return laid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layout", metavar="DIR", help="lay texts and gold out for marker eval")
    args = parser.parse_args(argv)
    rows = list(csv.DictReader((HERE / "SOURCES.csv").open(encoding="utf-8")))
    if args.layout:
        laid = layout(rows, cache_dir(), Path(args.layout))
        print(f"{laid} of {len(rows)} real essays laid out in {args.layout}")
        return 0
    missing = fetch(rows, cache_dir())
    print(f"{len(rows) - missing} of {len(rows)} real essays in {cache_dir()}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())

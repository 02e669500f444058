"""Quoted strengths judged blind: the lines of two versions, shuffled for an examiner, then scored by version.

    # 1. mark the same essays with each version (its own tree first on PYTHONPATH; run from that tree)
    marker mark <essays> --rubric <rubric> --format json > /tmp/main.json      # and > /tmp/cand.json
    # 2. the blind items: every quoted strength of both versions once, with the point's title and description
    python benchmarks/strengths_judged.py items --rubric R --a /tmp/main.json --b /tmp/cand.json --out DIR
    # 3. an examiner who sees only DIR writes DIR/verdicts.csv (item,verdict,note: explains|evidence|other|unclear)
    python benchmarks/strengths_judged.py score --dir DIR

Several rubrics: repeat --rubric/--a/--b in the same order. docs/benchmarks.md, "Quoted strengths judged blind".
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections import Counter
from pathlib import Path

from marker.rubric import load_rubric

_LINE = (("explain", re.compile(r"^You explain (.*?): “(.*)”$")),
         ("detail", re.compile(r"^You support (.*?) with precise detail: “(.*)”$")))


def quoted_lines(reports: list[dict], rubric_id: str) -> list[dict]:
    """Every quoted strength of a batch's reports, with the whole sentence it quotes (matched back to its span)."""
    rubric = load_rubric(rubric_id)
    by_title = {p.title: p for p in rubric.points}
    out = []
    for report in reports:
        spans = {p["id"]: p["evidence"] for p in report.get("points", [])}
        for line in report.get("feedback", {}).get("strengths", []):
            for kind, pattern in _LINE:
                found = pattern.match(line)
                if not found:
                    continue
                point = by_title[found.group(1)]
                quote = found.group(2).rstrip("…")
                sentence = next(" ".join(e["text"].split()) for e in spans[point.id]
                                if " ".join(e["text"].split()).startswith(quote))
                out.append({"essay": report["essay"], "point": point.id, "title": point.title,
                            "description": point.description.strip(), "sentence": sentence, "kind": kind})
    return out


def write_items(a: list[dict], b: list[dict], out: Path, seed: int) -> None:
    """items.md for the judge (each (point, sentence) once, shuffled, unlabelled) and key.json for scoring."""
    items: dict[tuple[str, str], dict] = {}
    for line in a + b:
        items.setdefault((line["point"], line["sentence"]), line)
    keys = list(items)
    random.Random(seed).shuffle(keys)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "items.md", "w", encoding="utf-8") as fh:
        for i, key in enumerate(keys, 1):
            x = items[key]
            fh.write(f"## item {i}\nPOINT: {x['title']} — {x['description']}\nSENTENCE: \"{x['sentence']}\"\n\n")
    (out / "key.json").write_text(json.dumps({"items": [list(k) for k in keys], "a": a, "b": b}, indent=1))


def score(folder: Path) -> dict[str, dict]:
    """Per version and kind of line: how many, and the judge's verdicts."""
    key = json.loads((folder / "key.json").read_text())
    with open(folder / "verdicts.csv", encoding="utf-8") as fh:
        verdict = {int(r["item"]): r["verdict"].strip() for r in csv.DictReader(fh)}
    by_pair = {tuple(k): verdict[i] for i, k in enumerate(key["items"], 1)}
    result = {}
    for version in ("a", "b"):
        lines = key[version]
        for kind in ("explain", "detail", "all"):
            chosen = [x for x in lines if kind in (x["kind"], "all")]
            if chosen:
                result[f"{version} {kind}"] = {"lines": len(chosen),
                                               **Counter(by_pair[(x["point"], x["sentence"])] for x in chosen)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    items = sub.add_parser("items")
    items.add_argument("--rubric", action="append", required=True)
    items.add_argument("--a", action="append", required=True, type=Path, help="version A's marker JSON")
    items.add_argument("--b", action="append", required=True, type=Path, help="version B's marker JSON")
    items.add_argument("--out", required=True, type=Path)
    items.add_argument("--seed", type=int, default=2026)
    scoring = sub.add_parser("score")
    scoring.add_argument("--dir", required=True, type=Path)
    args = parser.parse_args()
    if args.command == "items":
        a = [x for r, p in zip(args.rubric, args.a) for x in quoted_lines(json.loads(p.read_text()), r)]
        b = [x for r, p in zip(args.rubric, args.b) for x in quoted_lines(json.loads(p.read_text()), r)]
        write_items(a, b, args.out, args.seed)
        print(f"{len(a)} lines of A, {len(b)} of B -> {args.out / 'items.md'}")
    else:
        for name, counts in score(args.dir).items():
            n = counts.pop("lines")
            shares = ", ".join(f"{v} {k} ({100 * v / n:.1f} %)" for k, v in sorted(counts.items()))
            print(f"{name}: {n} lines: {shares}")


if __name__ == "__main__":
    main()

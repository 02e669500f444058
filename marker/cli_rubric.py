"""`marker rubric check|show|list|build`."""

from __future__ import annotations

import argparse
import sys


def cmd_rubric_check(args: argparse.Namespace) -> int:
    from marker.facts import untested
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
    for note in untested(rubric):
        print(f"  cannot test: {note}")
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

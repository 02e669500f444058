"""Replay the teacher's review of the WWI draft into the shipped rubric, with the library's edit functions.

    python topics/notes.py wwi                       # the teaching notes, into the cache (kept out of git)
    python topics/wwi/review.py [--out rubrics/wwi-origins-1890-1914.yaml]

The unedited draft is built from the cached notes exactly as `marker rubric build` builds it. Its points are matched
to the key arguments written down before building (topics/wwi/canonical-points.yaml, via marker.build.align_points):
points carrying the same argument are merged (merge_points), retitled and described (update_point) and given our
own example phrasings (set_phrasings: the notes' sentences are replaced, so no third-party text reaches git);
points carrying none are deleted (delete_point); arguments the notes lacked are added (add_point); debates and
facts the same way (update_debate, add_debate, set_fact, add_fact); then mark_reviewed. What the Build page edits
as text (the two exam questions with per-question importance, the debates' wording, the entities and the facts'
structured fields: parties, frames, offices, sources) is taken from topics/wwi/review.yaml.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from build_quality import CANONICAL, TOPICS, canonical_reference, documents_of  # noqa: E402

from marker import build  # noqa: E402


def _draft_ids(draft: build.Draft, reference, edits: dict) -> dict[str, list[str]]:
    """Canonical id -> the draft points whose best match it is (each draft point goes to one id at most)."""
    mapping = build.align_points(build.to_rubric(draft), reference)
    out: dict[str, list[str]] = {}
    for pid, ids in mapping.items():
        best = next((i for i in ids if i in edits["points"] or i in edits["debates"]), None)
        if best is not None:
            out.setdefault(best, []).append(pid)
    return out


def review(draft: build.Draft, edits: dict, reference) -> dict:
    """The reviewed rubric as a mapping (validated by marker.rubric on load)."""
    matched = _draft_ids(draft, reference, edits)
    keep = {pid for ids in matched.values() for pid in ids}
    for p in draft.points:
        if p.id not in keep:
            draft = build.delete_point(draft, p.id)
    rename: dict[str, str] = {}
    for cid, e in edits["points"].items():
        ids = [i for i in matched.get(cid, []) if i in {p.id for p in draft.points}]
        if len(ids) > 1:
            draft = build.merge_points(draft, ids)
        if ids:
            target = ids[0]
            draft = build.set_phrasings(draft, target, e["phrasings"])
        else:
            draft = build.add_point(draft, e["title"], e["phrasings"], e["key_terms"], e["importance"])
            target = draft.points[-1].id
        draft = build.update_point(draft, target, title=e["title"], description=" ".join(e["description"].split()),
                                   key_terms=e["key_terms"], entities=e["entities"], importance=e["importance"])
        rename[target] = cid
    for d in draft.debates:
        cid = next((c for c in edits["debates"] if d.id in matched.get(c, [])), None)
        if cid is None or cid in rename.values():
            draft = build.update_debate(draft, d.id, delete=True)
        else:
            rename[d.id] = cid
    back = {v: k for k, v in rename.items()}
    for cid, e in edits["debates"].items():
        sides = [(s["label"], s["cues"], [back[p] for p in s["points"]]) for s in e["sides"]]
        if cid not in back:
            draft = build.add_debate(draft, sides[0][0], sides[1][0])
            back[cid] = draft.debates[-1].id
            rename[back[cid]] = cid
        draft = build.update_debate(draft, back[cid], title=e["title"], sides=sides)
    for f in draft.facts:
        draft = build.set_fact(draft, f.id, delete=True)
    for f in edits["facts"]:
        draft = build.add_fact(draft, f["statement"], names=f["names"], date=f["date"]["start"],
                               precision=f["date"]["precision"], verified=True)
    draft = build.mark_reviewed(replace(draft, question=edits["questions"][0]["text"]))
    return _finish(build.to_rubric_dict(draft), edits, rename)


def _finish(out: dict, edits: dict, rename: dict[str, str]) -> dict:
    """Canonical ids, in the order written down; the questions, debate wording, entities and full facts."""
    order = {cid: k for k, cid in enumerate([*edits["points"], *edits["debates"]])}
    for p in out["points"]:
        p["id"] = rename[p["id"]]
        for side in p.get("sides", []):
            side["points"] = [rename.get(x, x) for x in side["points"]]
        e = edits["debates" if p["kind"] == "debate" else "points"][p["id"]]
        p.update(target=e["target"], prompt=e["prompt"])
        if p["kind"] == "debate":
            p.update(description=" ".join(e["description"].split()), phrasings=e["phrasings"],
                     importance=e["importance"], provenance=[])
    out["points"].sort(key=lambda p: order[p["id"]])
    out["questions"] = edits["questions"]
    out["dates"] = edits["dates"]
    out["entities"] = edits["entities"]
    out["facts"] = [{"id": f["id"], "verified": True, **{k: v for k, v in f.items() if k != "id"}}
                    for f in edits["facts"]]
    return out


HEADER = """\
# Shipped rubric: The origins of the First World War 1890-1914 (A-level History, 25-mark essay; issue 15 part 4).
# Built with `marker rubric build` from six public teaching notes (topics/wwi/notes/SOURCES.csv; their texts are not
# in git), then reviewed with the library's edit functions: python topics/wwi/review.py (edits in
# topics/wwi/review.yaml). Titles, descriptions, phrasings and key terms are our own words; facts are standard
# textbook facts checked by the reviewer. Point ids are topics/wwi/canonical-points.yaml's.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "rubrics" / "wwi-origins-1890-1914.yaml"))
    args = parser.parse_args(argv)
    edits = yaml.safe_load((ROOT / "topics" / "wwi" / "review.yaml").read_text(encoding="utf-8"))
    _, title, rubric_id, _ = TOPICS["wwi"]
    draft = build.build_from_files(documents_of("wwi"), title, rubric_id=rubric_id)
    body = yaml.safe_dump(review(draft, edits, canonical_reference(CANONICAL["wwi"])), sort_keys=False,
                          allow_unicode=True, width=118)
    text = HEADER + body
    from marker.rubric import parse_rubric

    parse_rubric(text, args.out)  # validated as marker loads it
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"reviewed rubric -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Edit: the operations the Build page and tests apply to a draft; each returns a new Draft."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from marker.build.model import BuildError, Draft, DraftPoint
from marker.build.name import describe_point

def _idf_of(draft: Draft) -> dict[str, float]:
    return dict(draft.idf)


def _point_index(draft: Draft, point_id: str) -> int:
    for i, p in enumerate(draft.points):
        if p.id == point_id:
            return i
    raise BuildError(f"no point {point_id!r} in the draft")


def update_point(draft: Draft, point_id: str, **changes) -> Draft:
    """Change a point's title, key terms, entities, importance or description."""
    i = _point_index(draft, point_id)
    allowed = {"title", "key_terms", "entities", "importance", "description"}
    unknown = set(changes) - allowed
    if unknown:
        raise BuildError(f"cannot change {', '.join(sorted(unknown))} (choose from {', '.join(sorted(allowed))})")
    points = list(draft.points)
    points[i] = replace(points[i], **{k: tuple(v) if isinstance(v, list) else v for k, v in changes.items()})
    return replace(draft, points=tuple(points))


def delete_point(draft: Draft, point_id: str) -> Draft:
    """Remove a point, and its mentions in debate sides."""
    i = _point_index(draft, point_id)
    points = draft.points[:i] + draft.points[i + 1:]
    return _relink(replace(draft, points=points), {point_id: None})


def move_point(draft: Draft, point_id: str, offset: int) -> Draft:
    """Move a point up (negative offset) or down the list."""
    i = _point_index(draft, point_id)
    points = list(draft.points)
    j = max(0, min(len(points) - 1, i + offset))
    points.insert(j, points.pop(i))
    return replace(draft, points=tuple(points))


def merge_points(draft: Draft, point_ids: Sequence[str]) -> Draft:
    """Merge points into the first one named: passages pooled, title and terms recomputed."""
    if len(point_ids) < 2:
        raise BuildError("choose at least two points to merge")
    indices = [_point_index(draft, pid) for pid in point_ids]
    first = draft.points[indices[0]]
    passages = tuple(dict.fromkeys(p for i in indices for p in draft.points[i].passages))
    _, title, key_terms, entities = describe_point(passages, _idf_of(draft))
    merged = replace(first, title=title, passages=passages, key_terms=key_terms, entities=entities,
                     importance=max(draft.points[i].importance for i in indices))
    drop = set(point_ids[1:])
    points = tuple(merged if p.id == first.id else p for p in draft.points if p.id not in drop)
    return _relink(replace(draft, points=points), {pid: first.id for pid in drop})


def split_point(draft: Draft, point_id: str, passage_indices: Sequence[int]) -> Draft:
    """Move the chosen passages of a point into a new point placed after it."""
    i = _point_index(draft, point_id)
    point = draft.points[i]
    chosen = set(passage_indices)
    moved = tuple(p for k, p in enumerate(point.passages) if k in chosen)
    kept = tuple(p for k, p in enumerate(point.passages) if k not in chosen)
    if len(moved) < 2 or len(kept) < 2:
        raise BuildError("a split must leave at least two passages on each side (a point needs two phrasings)")
    idf = _idf_of(draft)
    taken = [p.id for p in draft.points if p.id != point_id] + [d.id for d in draft.debates]
    _, title, key_terms, entities = describe_point(kept, idf)
    new_id, new_title, new_terms, new_entities = describe_point(moved, idf, taken_ids=[*taken, point_id])
    old = replace(point, title=title, passages=kept, key_terms=key_terms, entities=entities)
    new = DraftPoint(new_id, new_title, moved, new_terms, new_entities, point.importance, moved[0].text)
    points = list(draft.points)
    points[i:i + 1] = [old, new]
    return replace(draft, points=tuple(points))


def set_fact(draft: Draft, fact_id: str, *, verified: bool | None = None, statement: str | None = None,
             date: dt.date | None = None, precision: str | None = None, delete: bool = False) -> Draft:
    """Verify, correct or delete a fact."""
    facts = []
    found = False
    for f in draft.facts:
        if f.id != fact_id:
            facts.append(f)
            continue
        found = True
        if delete:
            continue
        changes = {k: v for k, v in (("verified", verified), ("statement", statement), ("date", date),
                                     ("precision", precision)) if v is not None}
        facts.append(replace(f, **changes))
    if not found:
        raise BuildError(f"no fact {fact_id!r} in the draft")
    ids = {f.id for f in facts}
    facts = [replace(f, after=tuple(a for a in f.after if a in ids)) for f in facts]
    return replace(draft, facts=tuple(facts))


def _relink(draft: Draft, renamed: dict[str, str | None]) -> Draft:
    """Point debate sides at merged or deleted points' replacements."""
    debates = []
    for d in draft.debates:
        sides = tuple(
            replace(s, points=tuple(dict.fromkeys(renamed.get(p, p) for p in s.points if renamed.get(p, p))))
            for s in d.sides
        )
        debates.append(replace(d, sides=sides))
    return replace(draft, debates=tuple(debates))



"""Edit: the operations the Build page and tests apply to a draft; each returns a new Draft."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from marker.build.model import BuildError, Draft, DraftDebate, DraftFact, DraftPoint, DraftSide, Passage
from marker.build.name import describe_point, slug

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
    fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in changes.items()}
    points[i] = replace(points[i], **fields)
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
             date: dt.date | None = None, precision: str | None = None, calendar: str | None = None,
             delete: bool = False) -> Draft:
    """Verify, correct or delete a fact (calendar: "gregorian", or "julian" for a date given Old Style)."""
    _check_calendar(calendar)
    facts = []
    found = False
    for f in draft.facts:
        if f.id != fact_id:
            facts.append(f)
            continue
        found = True
        if delete:
            continue
        changes: dict[str, Any] = {k: v for k, v in (("verified", verified), ("statement", statement), ("date", date),
                                     ("precision", precision), ("calendar", calendar)) if v is not None}
        facts.append(replace(f, **changes))
    if not found:
        raise BuildError(f"no fact {fact_id!r} in the draft")
    ids = {f.id for f in facts}
    facts = [replace(f, after=tuple(a for a in f.after if a in ids)) for f in facts]
    return replace(draft, facts=tuple(facts))


def _check_calendar(calendar: str | None) -> None:
    if calendar not in (None, "gregorian", "julian"):
        raise BuildError(f"a fact's calendar is gregorian or julian (Old Style), not {calendar!r}")


def _relink(draft: Draft, renamed: dict[str, str | None]) -> Draft:
    """Point debate sides at merged or deleted points' replacements."""
    debates = []
    for d in draft.debates:
        sides = tuple(
            replace(s, points=tuple(dict.fromkeys(q for q in (renamed.get(p, p) for p in s.points) if q)))
            for s in d.sides
        )
        debates.append(replace(d, sides=sides))  # type: ignore[arg-type]  # two sides in, two out
    return replace(draft, debates=tuple(debates))




# --------------------------------------------------------------------------------------------------------------
# Adding and rewriting what the sources did not give: points, phrasings, debates, facts, levels, review status
# --------------------------------------------------------------------------------------------------------------

TEACHER = "(teacher)"  # the document name of text a teacher typed; never quoted as provenance


def _teacher_passages(texts: Sequence[str]) -> tuple[Passage, ...]:
    return tuple(Passage(TEACHER, 0, len(t), t) for t in dict.fromkeys(" ".join(t.split()) for t in texts) if t)


def add_point(draft: Draft, title: str, phrasings: Sequence[str], key_terms: Sequence[str] = (),
              importance: float = 0.5) -> Draft:
    """A point the teacher writes: a title and at least two ways a student might make it."""
    passages = _teacher_passages(phrasings)
    if not title.strip():
        raise BuildError("give the new point a title (the argument in a few words)")
    if len(passages) < 2:
        raise BuildError("give the new point at least two example phrasings, one a line")
    taken = [p.id for p in draft.points] + [d.id for d in draft.debates]
    point = DraftPoint(slug(" ".join(title.split()[:6]), taken), title.strip(), passages,
                       tuple(t.strip() for t in key_terms if t.strip()), (), importance, passages[0].text)
    return replace(draft, points=(*draft.points, point))


def set_phrasings(draft: Draft, point_id: str, phrasings: Sequence[str]) -> Draft:
    """Rewrite a point's example phrasings: passages whose text is kept stay (with their source), new lines
    become the teacher's own."""
    i = _point_index(draft, point_id)
    point = draft.points[i]
    points = list(draft.points)
    points[i] = replace(point, passages=_rewritten(point.passages, phrasings, "a point"))
    return replace(draft, points=tuple(points))


def _rewritten(passages: Sequence[Passage], phrasings: Sequence[str], what: str) -> tuple[Passage, ...]:
    """The phrasings as passages: a line whose text is a passage's keeps that passage (and its source), a new line
    is the teacher's own."""
    wanted = [" ".join(t.split()) for t in phrasings if t.strip()]
    if len(wanted) < 2:
        raise BuildError(f"{what} needs at least two example phrasings")
    by_text = {" ".join(p.text.split()): p for p in passages}
    return tuple(by_text.get(t) or _teacher_passages([t])[0] for t in dict.fromkeys(wanted))


def add_debate(draft: Draft, side_a: str, side_b: str, *, cues_a: Sequence[str] = (), cues_b: Sequence[str] = (),
               points_a: Sequence[str] = (), points_b: Sequence[str] = ()) -> Draft:
    """A debate the teacher names: two sides, the words that signal each, and the points each draws on."""
    if not side_a.strip() or not side_b.strip() or side_a.strip().lower() == side_b.strip().lower():
        raise BuildError("a debate needs two different sides")
    known = {p.id for p in draft.points}
    sides = tuple(DraftSide(label.strip(), tuple(dict.fromkeys([label.strip().lower(), *(c.strip() for c in cues
                                                                                        if c.strip())])),
                            tuple(p for p in pts if p in known))
                  for label, cues, pts in ((side_a, cues_a, points_a), (side_b, cues_b, points_b)))
    taken = [p.id for p in draft.points] + [d.id for d in draft.debates]
    did = slug("debate-" + slug(side_a) + "-vs-" + slug(side_b), taken)
    debate = DraftDebate(did, f"{sides[0].label} or {sides[1].label.lower()}?", (sides[0], sides[1]), ())
    return replace(draft, debates=(*draft.debates, debate))


def update_debate(draft: Draft, debate_id: str, *, title: str | None = None, sides: Sequence[tuple[str, Sequence[str],
                  Sequence[str]]] | None = None, phrasings: Sequence[str] | None = None,
                  delete: bool = False) -> Draft:
    """Retitle a debate, rewrite its two sides as (label, cues, point ids) or its example phrasings (the ways an
    essay might weigh the sides, at least two), or delete it."""
    if debate_id not in {d.id for d in draft.debates}:
        raise BuildError(f"no debate {debate_id!r} in the draft")
    known = {p.id for p in draft.points}
    debates = []
    for d in draft.debates:
        if d.id == debate_id:
            if delete:
                continue
            if sides is not None:
                if len(sides) != 2 or not all(label.strip() for label, _, _ in sides):
                    raise BuildError("a debate needs two sides, each with a label")
                d = replace(d, sides=tuple(DraftSide(label.strip(), tuple(c.strip() for c in cues if c.strip()),
                                                     tuple(p for p in pts if p in known))
                                           for label, cues, pts in sides))  # type: ignore[arg-type]  # two, checked above
            if title is not None and title.strip():
                d = replace(d, title=title.strip())
            if phrasings is not None:
                d = replace(d, passages=_rewritten(d.passages, phrasings, "a debate"))
        debates.append(d)
    return replace(draft, debates=tuple(debates))


def add_fact(draft: Draft, statement: str, *, names: Sequence[str] = (), date: dt.date | None = None,
             precision: str = "year", verified: bool = False, calendar: str = "gregorian") -> Draft:
    """A fact the teacher writes (verified when they tick it)."""
    _check_calendar(calendar)
    if not statement.strip():
        raise BuildError("write the fact as a short statement")
    taken = [f.id for f in draft.facts]
    names = tuple(n.strip() for n in names if n.strip()) or (statement.split(":")[0].strip()[:60],)
    fact = DraftFact(slug(names[0], taken), statement.strip(), names, Passage(TEACHER, 0, len(statement), statement),
                     date, precision, verified=verified, calendar=calendar)
    return replace(draft, facts=(*draft.facts, fact))


def set_levels(draft: Draft, levels: Sequence[tuple[int, tuple[int, int], str]]) -> Draft:
    """Replace the levels-of-response scheme: (level, (low, high), descriptor), marks rising without overlap."""
    rows = sorted((int(lv), (int(lo), int(hi)), text.strip()) for lv, (lo, hi), text in levels)
    if not rows:
        raise BuildError("a rubric needs at least one level")
    for (lv, (lo, hi), text), prev in zip(rows, [None, *rows]):
        if not text or lo > hi or (prev is not None and lo <= prev[1][1]):
            raise BuildError(f"level {lv}: marks must rise without overlap and each level needs a descriptor")
    return replace(draft, levels=tuple(rows))


def mark_reviewed(draft: Draft, reviewed: bool = True) -> Draft:
    """The teacher's word that the rubric is ready: reviewed rubrics are offered to students and Calibrate."""
    return replace(draft, status="reviewed" if reviewed else "draft")

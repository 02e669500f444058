"""Annotated essays: NAME.txt (or any ingest format) beside NAME.json holding an examiner's judgement.

This is the format of the development essays in sample_essays/ and of held-out evaluation essays, so the loader
validates it strictly: unknown ids, quotes not in the essay and marks outside their level's band are errors.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from marker.errors import MarkerError
from marker.ingest import SUPPORTED, read_essay
from marker.rubric import Rubric


class GoldError(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    quote: Annotated[str, Field(min_length=1)]
    kind: str = ""
    fact: str = ""
    correction: str = ""
    shape: str = ""  # the sentence's grammatical shape (docs/corpus.md lists them), so recall is read per shape


class Annotation(BaseModel):
    """An examiner's judgement of one essay."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str
    question_id: str | None = None
    points: list[str] = []
    mentioned_only: list[str] = []
    debates: list[str] = []
    errors: list[GoldError] = []
    level: Annotated[int, Field(ge=0, le=9)]
    mark: Annotated[int, Field(ge=0)]
    rationale: str = ""


@dataclass(frozen=True)
class AnnotatedEssay:
    name: str
    path: Path
    text: str
    gold: Annotation

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def gold_covered(self) -> frozenset[str]:
        return frozenset(self.gold.points) | frozenset(self.gold.debates)


class DatasetError(MarkerError):
    """An annotation file is malformed or inconsistent with its essay or rubric."""


def problems(item: AnnotatedEssay, rubric: Rubric) -> list[str]:
    """Every inconsistency between an annotation, its essay and the rubric (empty when sound)."""
    out = []
    factor_ids = {p.id for p in rubric.factors}
    debate_ids = {p.id for p in rubric.debates}
    for field, allowed in (("points", factor_ids), ("mentioned_only", factor_ids), ("debates", debate_ids)):
        for pid in getattr(item.gold, field):
            if pid not in allowed:
                out.append(f"{item.name}: {field} names unknown id {pid!r}")
    both = set(item.gold.points) & set(item.gold.mentioned_only)
    if both:
        out.append(f"{item.name}: ids both covered and mentioned_only: {', '.join(sorted(both))}")
    for err in item.gold.errors:
        count = item.text.count(err.quote)
        if count != 1:
            out.append(f"{item.name}: error quote found {count} times (must be once): {err.quote!r}")
        if err.fact and rubric.facts and err.fact not in rubric.fact_by_id:
            out.append(f"{item.name}: error names unknown fact {err.fact!r}")
    level = rubric.level_for_mark(item.gold.mark) if item.gold.mark > 0 else 0
    if level != item.gold.level:
        out.append(f"{item.name}: mark {item.gold.mark} is not in level {item.gold.level}'s band")
    if item.gold.question_id is not None and item.gold.question_id not in {q.id for q in rubric.questions}:
        out.append(f"{item.name}: unknown question_id {item.gold.question_id!r}")
    return out


def load_annotated(folder: str | Path) -> list[AnnotatedEssay]:
    """Every essay in a folder that has a NAME.json annotation, sorted by name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DatasetError(f"{folder}: not a folder of annotated essays")
    items = []
    for ann_path in sorted(folder.glob("*.json")):
        essay_path = next((ann_path.with_suffix(ext) for ext in SUPPORTED if ann_path.with_suffix(ext).exists()), None)
        if essay_path is None:
            continue
        try:
            gold = Annotation.model_validate(json.loads(ann_path.read_text(encoding="utf-8")))
        except (ValidationError, json.JSONDecodeError) as exc:
            first = str(exc).splitlines()[0:3]
            raise DatasetError(f"{ann_path}: invalid annotation: {' '.join(first)}") from None
        items.append(AnnotatedEssay(ann_path.stem, essay_path, read_essay(essay_path).text, gold))
    if not items:
        raise DatasetError(f"{folder}: no annotated essays (NAME.txt beside NAME.json) found")
    return items

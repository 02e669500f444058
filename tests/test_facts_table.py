"""Table-driven fact checking: CSV files of sentences (rubric, sentence, truth, fact_id, shape) in
tests/fixtures/facts/tables/ and tests/data/fact_sentences/ (the blind tables).

- engine_shapes.csv (and any table whose name starts with "engine_") is strict: every true sentence, and every false
  one without a fact_id (nothing in the base to check it against), must go unflagged; every false sentence with a
  fact_id must be flagged with that fact.
- Any other table (tables written blind by others, dropped in as they are) is scored as a whole: the precision of
  its flags is held above a floor (the target is 0.95: a correct sentence is never worth a false flag); recall is
  reported per shape.

`rubric` is soviet, weimar or fixture (tests/fixtures/facts/claims_rubric.yaml), or a rubric id or path; a table
without the column is read against the Soviet rubric.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from marker.facts import check_facts
from marker.nlp import analyse
from marker.rubric import load_rubric

HERE = Path(__file__).resolve().parent
TABLES = HERE / "fixtures" / "facts" / "tables"
BLIND = HERE / "data" / "fact_sentences"  # the tables written blind (README there): soviet-*.csv, weimar-*.csv
RUBRICS = {"soviet": "soviet-foreign-policy-1924-41", "weimar": "weimar-republic-1918-33",
           "fixture": str(HERE / "fixtures" / "facts" / "claims_rubric.yaml")}


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if (r.get("sentence") or "").strip()]
    topic = path.name.split("-")[0]
    for r in rows:  # a blind table names its topic in its file name
        if not r.get("rubric") and topic in RUBRICS:
            r["rubric"] = topic
    return rows


def _flags(row: dict):
    rubric = load_rubric(RUBRICS.get(row.get("rubric") or "soviet", row.get("rubric") or ""))
    return check_facts(analyse(row["sentence"]), rubric)


STRICT = [(p.name, i, r) for p in sorted(TABLES.glob("engine_*.csv")) for i, r in enumerate(_rows(p), start=2)]
SCORED = sorted([p for p in TABLES.glob("*.csv") if not p.name.startswith("engine_")] + list(BLIND.glob("*.csv")))


@pytest.mark.parametrize(("table", "line", "row"), STRICT, ids=[f"{t}:{n}" for t, n, _ in STRICT])
def test_facts_table_strict_row(table: str, line: int, row: dict) -> None:
    flags = _flags(row)
    truth = row["truth"].strip().lower() in {"true", "1", "yes", "t"}
    if truth or not row["fact_id"].strip():
        assert [(f.fact, f.kind, f.text) for f in flags] == []
    else:
        assert row["fact_id"].strip() in {f.fact for f in flags}, [(f.fact, f.kind, f.claim) for f in flags]


def test_facts_table_strict_covers_both_polarities_and_every_rubric() -> None:
    truths = {r["truth"].strip().lower() for _, _, r in STRICT}
    assert {"true", "false"} <= truths
    assert {r["rubric"] for _, _, r in STRICT} >= {"soviet", "weimar", "fixture"}


@pytest.mark.parametrize("path", SCORED, ids=[p.name for p in SCORED])
def test_facts_table_scored_precision(path: Path) -> None:
    rows = _rows(path)
    flagged_true, right, wrong, per_shape = [], 0, 0, {}
    for row in rows:
        flags = _flags(row)
        truth = row["truth"].strip().lower() in {"true", "1", "yes", "t"}
        shape = per_shape.setdefault(row.get("shape", ""), [0, 0])
        if truth:
            wrong += bool(flags)
            if flags:
                flagged_true.append(row["sentence"])
        else:
            shape[1] += 1
            hit = row["fact_id"].strip() in {f.fact for f in flags}
            shape[0] += hit
            right += hit
            wrong += bool(flags) and not hit
    precision = right / (right + wrong) if right + wrong else 1.0
    print(f"{path.name}: precision {precision:.3f}; found per shape: {per_shape}")
    # The target is 0.95 (issue 13), now the floor. Measured on the blind tables in round 16: Soviet 0.970, Weimar
    # 0.972, no true sentence flagged (the flags left that count against precision are right flags on another fact
    # than the row's; docs/benchmarks.md).
    assert precision >= PRECISION_FLOOR, flagged_true[:10]


PRECISION_FLOOR = 0.95

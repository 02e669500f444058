"""benchmarks/strengths_judged.py (issue 14 part 5): the blind items hold each quoted line once, unlabelled, and
the score counts the judge's verdicts per version and kind of line."""

import csv
import json

from marker.rubric import load_rubric
from tests.conftest import load_benchmark

RUBRIC = "soviet-foreign-policy-1924-41"


def _report(title: str, line: str, sentence: str) -> dict:
    return {"essay": "e.txt", "points": [{"id": "munich-exclusion", "evidence": [{"text": sentence}]}],
            "feedback": {"strengths": [line]}, "title": title}


def test_items_are_shuffled_once_each_and_scored_by_version(tmp_path):
    bench = load_benchmark("strengths_judged")
    title = load_rubric(RUBRIC).point_by_id["munich-exclusion"].title
    told = "Munich met in September 1938 without the USSR."
    why = "Munich convinced Stalin that the West would never fight for the USSR because it gave way to Hitler."
    a = bench.quoted_lines([_report(title, f"You explain {title}: “{told}”", told)], RUBRIC)
    b = bench.quoted_lines([_report(title, f"You explain {title}: “{why[:40]}…”", why),
                            _report(title, f"You support {title} with precise detail: “{told}”", told)], RUBRIC)
    assert [x["sentence"] for x in b] == [why, told] and [x["kind"] for x in b] == ["explain", "detail"]
    bench.write_items(a, b, tmp_path, seed=1)
    items = (tmp_path / "items.md").read_text()
    assert items.count("## item") == 2 and "You explain" not in items and "detail" not in items
    keys = json.loads((tmp_path / "key.json").read_text())["items"]
    with open(tmp_path / "verdicts.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["item", "verdict", "note"])
        for i, (_, sentence) in enumerate(keys, 1):
            writer.writerow([i, "explains" if sentence == why else "evidence", ""])
    scored = bench.score(tmp_path)
    assert scored["a explain"] == {"lines": 1, "evidence": 1}
    assert scored["b explain"] == {"lines": 1, "explains": 1}
    assert scored["b all"] == {"lines": 2, "explains": 1, "evidence": 1}

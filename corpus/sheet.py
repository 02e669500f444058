"""Write the rubric sheet an annotator sees: questions, point ids, titles and descriptions, and the levels scheme.

Nothing else of the rubric (no example phrasings, key terms, entities or facts) and nothing of marker's output, so
an annotator judges the essay as an examiner would. `python corpus/sheet.py RUBRIC_YAML > sheet.md`.
"""

from __future__ import annotations

import sys

import yaml


def sheet(rubric: dict) -> str:
    lines = [f"# Rubric: {rubric['title']}", "", "## Questions", ""]
    lines += [f"- `{q['id']}`: {q['text']}" for q in rubric["questions"]]
    for kind, heading in (("factor", "Points (factors)"), ("debate", "Debates")):
        lines += ["", f"## {heading}", ""]
        lines += [f"- `{p['id']}` **{p['title']}**: {p['description'].strip()}"
                  for p in rubric["points"] if p["kind"] == kind]
    lines += ["", f"## Levels of response (marks out of {rubric['max_mark']})", ""]
    lines += [f"- Level {lv['level']} ({lv['marks'][0]}-{lv['marks'][1]} marks): {lv['descriptor']}"
              for lv in rubric["levels"]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as fh:
        sys.stdout.write(sheet(yaml.safe_load(fh)))

"""How far two examiners agree, read with marker's own metrics so the ceiling sits beside the tool's figures.

    python corpus/agreement.py [--work WORK]

For every essay read twice, the second reading is scored as if it were the tool and the first as gold: the same
point precision, recall, F1, kappa and strict precision, debates, errors found and level figures that `marker eval`
reports, plus kappa over the three statuses (covered, name-dropped, missing). Also the first readers' recall of
the writers' planted errors and how many true look-alikes they called errors. With --work it reads the helpers'
scratch folder (before `assemble.py gold`), else the readings committed under corpus/annotations.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from marker.dataset import AnnotatedEssay, Annotation
from marker.evaluate import _level_stats, error_metrics, point_metrics
from marker.facts import FactFlag
from marker.report import Judgement, PointMatch, Report
from marker.rubric import load_rubric

HERE = Path(__file__).resolve().parent
GROUPS = {"soviet (blind)": ("so-", "soviet-foreign-policy-1924-41"),
          "weimar (blind)": ("we-", "weimar-republic-1918-33"),
          "wwi (blind)": ("ww-", "wwi-origins-1890-1914"),
          "soviet (real)": ("r-sov-", "soviet-foreign-policy-1924-41"),
          "weimar (real)": ("r-wei-", "weimar-republic-1918-33")}
FIELDS = ("question", "question_id", "points", "mentioned_only", "debates", "errors", "level", "mark", "rationale")


def annotation(data: dict) -> Annotation:
    errors = [{k: e[k] for k in ("quote", "kind", "correction") if k in e} for e in data.get("errors", [])]
    return Annotation.model_validate({**{k: data[k] for k in FIELDS if k in data}, "errors": errors})


def as_report(name: str, text: str, ann: Annotation, rubric) -> Report:
    """An annotation in the shape of marker's report: covered, partial for a name-drop, else missing."""
    status = {**{p: "partial" for p in ann.mentioned_only}, **{p: "covered" for p in [*ann.points, *ann.debates]}}
    points = tuple(PointMatch(p.id, p.title, p.kind, status.get(p.id, "missing"), 0.0) for p in rubric.points)
    flags = []
    for err in ann.errors:
        start = text.find(err.quote)
        if start >= 0:
            flags.append(FactFlag(start, start + len(err.quote), err.quote, err.quote, err.correction, "", 1.0,
                                  err.kind))
    judgement = Judgement(level=ann.level, mark=ann.mark, descriptor="", reasons=())
    return Report(essay=name, rubric=rubric.id, points=points, errors=tuple(flags), judgement=judgement)


class Readings:
    """First and second readings and essay texts, from the scratch folder or from the committed corpus."""

    def __init__(self, work: Path | None) -> None:
        self.work = work

    def pairs(self) -> list[tuple[str, dict, dict]]:
        if self.work:
            seconds = sorted((self.work / "annotate").glob("second*/out/*.json"))
        else:
            seconds = sorted((HERE / "annotations" / "second").glob("*.json"))
        out = []
        for path in seconds:
            first = self.first(path.stem)
            if first is not None:
                out.append((path.stem, first, json.loads(path.read_text(encoding="utf-8"))))
        return out

    def first(self, name: str) -> dict | None:
        if self.work:
            paths = [*(self.work / "annotate").glob(f"batch*/out/{name}.json"),
                     self.work / "annotate" / "real" / "out" / f"{name}.json"]
        else:
            paths = [HERE / "annotations" / "first" / f"{name}.json"]
        paths = [p for p in paths if p.exists()]
        return json.loads(paths[0].read_text(encoding="utf-8")) if paths else None

    def text(self, name: str) -> str:
        if self.work:
            found = [*(self.work / "writers").glob(f"batch*/{name}.txt")]
        else:
            found = [*HERE.glob(f"*/*/{name}.txt")]
        found.append(Path.home() / ".cache" / "marker" / "real" / f"{name}.txt")
        return next(p for p in found if p.exists()).read_text(encoding="utf-8")

    def records(self) -> list[tuple[str, dict]]:
        paths = (sorted((self.work / "writers").glob("batch*/*.record.json")) if self.work
                 else sorted((HERE / "records").glob("*.json")))
        return [(p.name.split(".")[0], json.loads(p.read_text(encoding="utf-8"))) for p in paths]


def _status_kappa(pairs: list[tuple[Report, Report]]) -> float:
    a = [pm.status for first, _ in pairs for pm in first.points if pm.kind == "factor"]
    b = [pm.status for _, second in pairs for pm in second.points if pm.kind == "factor"]
    return round(float(cohen_kappa_score(a, b)), 3)


def agreement(readings: Readings) -> dict:
    out = {}
    pairs = readings.pairs()
    for label, (prefix, rubric_id) in GROUPS.items():
        mine = [(n, f, s) for n, f, s in pairs if n.startswith(prefix)]
        if not mine:
            continue
        rubric = load_rubric(rubric_id)
        items, seconds, both = [], [], []
        for name, first, second in mine:
            text = readings.text(name)
            gold = annotation(first)
            items.append(AnnotatedEssay(name, Path(name), text, gold))
            report = as_report(name, text, annotation(second), rubric)
            seconds.append(report)
            both.append((as_report(name, text, gold, rubric), report))
        points = point_metrics(items, seconds, rubric)
        points.pop("per_point")
        errors = error_metrics(items, seconds)
        out[label] = {
            "essays": len(items),
            "points": points,
            "status_kappa_3way": _status_kappa(both),
            "errors": {k: errors[k] for k in ("precision", "recall", "gold", "found", "flags")},
            "levels": _level_stats([it.gold.level for it in items], [r.level for r in seconds],
                                   [it.gold.mark for it in items], [r.mark for r in seconds]),
        }
    out["planted errors (first readers)"] = planted_recall(readings)
    return out


def planted_recall(readings: Readings) -> dict:
    """First readers against the writers' records: planted errors they found, look-alikes they called errors."""
    found = planted = looks = looks_flagged = 0
    for name, record in readings.records():
        first = readings.first(name)
        if first is None:
            continue
        text = readings.text(name)
        quotes = [e["quote"] for e in first["errors"]]
        for err in record.get("planted_errors", []):
            planted += 1
            found += any(_overlap(text, err["quote"], q) for q in quotes)
        for look in record.get("true_lookalikes", []):
            looks += 1
            looks_flagged += any(_overlap(text, look["quote"], q) for q in quotes)
    return {"planted": planted, "found": found, "true_lookalikes": looks, "lookalikes_called_errors": looks_flagged}


def _overlap(text: str, a: str, b: str) -> bool:
    sa, sb = text.find(a), text.find(b)
    return sa >= 0 and sb >= 0 and sa < sb + len(b) and sb < sa + len(a)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path)
    print(json.dumps(agreement(Readings(parser.parse_args().work)), indent=1))

"""Turn the helpers' work into the blind corpus: stage essays for annotators, then settle gold and split.

    python corpus/assemble.py stage WORK batchN   # a finished batch's essays (text only) for its first reader
    python corpus/assemble.py seconds WORK secondN batchN...   # six essays of each batch for a second reader
    python corpus/assemble.py thirds WORK    # essays read twice whose readings differ, for a third reader
    python corpus/assemble.py gold WORK      # gold annotations, writer records, the split, into corpus/
    python corpus/assemble.py gold-topic WORK TOPIC   # a topic with no training split (all locked test), alone

WORK is the scratch folder the helpers wrote in (outside git): WORK/writers/batchN/{NAME.txt, NAME.record.json},
WORK/annotate/*/out/NAME.json (first readings), WORK/annotate/second*/out/NAME.json (independent second readings),
WORK/third/NAME.json (third readings of disagreements) and WORK/third/errors.json (verdicts on error disputes).
Gold for an essay read twice is its third reading where there was one, else the first reading; gold errors are the
writer's planted errors plus any other error an annotator found and the third reading confirmed.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLAN = {row["name"]: row for row in csv.DictReader((HERE / "plan.csv").open(encoding="utf-8"))}
SECOND_PER_BATCH = 6
TEST_SHARE = 3  # every third essay of each (level, style) ordering goes to the locked test


def _key(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def second_reading(names: list[str]) -> list[str]:
    """The essays of a batch that a second annotator reads too: a fixed pseudo-random choice by name."""
    return sorted(sorted(names, key=_key)[:SECOND_PER_BATCH])


def stage(work: Path, batch_name: str) -> None:
    """Copy a batch's essays (never the writer's record) where its first reader reads them."""
    batch = work / "writers" / batch_name
    names = sorted(p.stem for p in batch.glob("*.txt"))
    out = work / "annotate" / batch.name
    (out / "essays").mkdir(parents=True, exist_ok=True)
    (out / "out").mkdir(exist_ok=True)
    for name in names:
        shutil.copy(batch / f"{name}.txt", out / "essays" / f"{name}.txt")
    _questions(out, names)


def stage_seconds(work: Path, reader: str, batches: list[str]) -> None:
    """Six essays of each batch for a second reader, who never sees the first readings."""
    out = work / "annotate" / reader
    (out / "essays").mkdir(parents=True, exist_ok=True)
    (out / "out").mkdir(exist_ok=True)
    names = []
    for batch_name in batches:
        batch = work / "writers" / batch_name
        for name in second_reading(sorted(p.stem for p in batch.glob("*.txt"))):
            shutil.copy(batch / f"{name}.txt", out / "essays" / f"{name}.txt")
            names.append(name)
    _questions(out, names)


def _questions(out: Path, names: list[str]) -> None:
    rows = {n: {"topic": PLAN[n]["topic"], "question_id": PLAN[n]["question_id"], "question": PLAN[n]["question"]}
            for n in names}
    (out / "questions.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")


def _overlaps(text: str, a: str, b: str) -> bool:
    sa, sb = text.find(a), text.find(b)
    return sa >= 0 and sb >= 0 and sa < sb + len(b) and sb < sa + len(a)


def settle_errors(name: str, text: str, first: dict, record: dict, verdicts: dict) -> list[dict]:
    """Planted errors (with their shape) plus the annotator's other errors that the third reading upheld."""
    gold = [{"quote": e["quote"], "kind": _kind_from(first, text, e["quote"]), "correction": e["correction"],
             "shape": e["shape"]} for e in record.get("planted_errors", []) if text.count(e["quote"]) == 1]
    for err in first.get("errors", []):
        if any(_overlaps(text, err["quote"], g["quote"]) for g in gold):
            continue
        verdict = verdicts.get(f"{name}::{err['quote']}")
        if verdict and verdict.get("false") and text.count(err["quote"]) == 1:
            gold.append({"quote": err["quote"], "kind": err.get("kind", ""), "shape": "unplanted",
                         "correction": verdict.get("correction") or err.get("correction", "")})
    return gold


def _kind_from(first: dict, text: str, quote: str) -> str:
    return next((e.get("kind", "") for e in first.get("errors", []) if _overlaps(text, e["quote"], quote)), "")


def error_disputes(work: Path) -> list[dict]:
    """Errors a first reader found that the writer did not plant: each needs a third reading."""
    out = []
    for batch in sorted((work / "writers").glob("batch*")):
        for path in sorted(batch.glob("*.txt")):
            first = _read(work, "first", path.stem)
            if first is None:
                continue
            text = path.read_text(encoding="utf-8")
            planted = json.loads(path.with_suffix(".record.json").read_text(encoding="utf-8"))["planted_errors"]
            for err in first.get("errors", []):
                if not any(_overlaps(text, err["quote"], p["quote"]) for p in planted):
                    out.append({"id": f"{path.stem}::{err['quote']}", "topic": PLAN[path.stem]["topic_title"],
                                "sentence": _sentence(text, err["quote"]), "claim": err["quote"],
                                "annotator_correction": err.get("correction", "")})
    return out


def _sentence(text: str, quote: str) -> str:
    i = text.find(quote)
    start = max(text.rfind(". ", 0, i) + 2, text.rfind("\n", 0, i) + 1, 0)
    ends = [j for j in (text.find(". ", i + len(quote)), text.find("\n", i + len(quote))) if j >= 0]
    return text[start:(min(ends) + 1 if ends else len(text))].strip()


def _read(work: Path, which: str, name: str) -> dict | None:
    if which == "third":
        paths = [work / "third" / f"{name}.json"]
    elif which == "second":
        paths = list((work / "annotate").glob(f"second*/out/{name}.json"))
    else:
        paths = [*(work / "annotate").glob(f"batch*/out/{name}.json"), work / "annotate" / "real" / "out" / f"{name}.json"]
    paths = [p for p in paths if p.exists()]
    return json.loads(paths[0].read_text(encoding="utf-8")) if paths else None


def _verdicts(reading: dict) -> tuple:
    statuses = {**{p: "name-dropped" for p in reading.get("mentioned_only", [])},
                **{p: "covered" for p in reading.get("points", [])}}
    return statuses, sorted(reading.get("debates", [])), reading["level"]


def stage_thirds(work: Path) -> list[str]:
    """Every essay read twice whose readers differ on a point, a debate, the level or the errors."""
    staged = []
    for second_path in sorted((work / "annotate").glob("second*/out/*.json")):
        name = second_path.stem
        first, second = _read(work, "first", name), json.loads(second_path.read_text(encoding="utf-8"))
        if first is None or (work / "third" / f"{name}.json").exists():
            continue
        text_path = next(p for p in [*(work / "writers").glob(f"batch*/{name}.txt"),
                                     work / "annotate" / "real" / "essays" / f"{name}.txt"] if p.exists())
        text = text_path.read_text(encoding="utf-8")
        same_errors = (len(first["errors"]) == len(second["errors"]) and all(
            any(_overlaps(text, a["quote"], b["quote"]) for b in second["errors"]) for a in first["errors"]))
        if _verdicts(first) == _verdicts(second) and same_errors:
            continue
        folder = work / "third" / "input" / name
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(text_path, folder / "essay.txt")
        _write(folder / "reader1.json", first)
        _write(folder / "reader2.json", second)
        staged.append(name)
    return staged


ANNOTATION_KEYS = ("question", "question_id", "points", "mentioned_only", "debates", "level", "mark", "rationale")


def _settled(work: Path, topic: str | None = None) -> list[tuple[str, str, dict]]:
    """Every written essay (of `topic`, or all) with its settled gold; its readings and the writer's record are
    copied into corpus/ on the way."""
    verdicts_path = work / "third" / "errors.json"
    verdicts = json.loads(verdicts_path.read_text(encoding="utf-8")) if verdicts_path.exists() else {}
    rows = []
    for path in sorted((work / "writers").glob("batch*/*.txt"), key=lambda p: (p.parent.name, p.name)):
        name, text = path.stem, path.read_text(encoding="utf-8")
        if topic is not None and PLAN.get(name, {}).get("topic") != topic:
            continue
        first = _read(work, "first", name)
        if first is None:
            print(f"{name}: no first reading yet, left out", file=sys.stderr)
            continue
        record = json.loads(path.with_suffix(".record.json").read_text(encoding="utf-8"))
        settled = _read(work, "third", name) or first
        ann = {k: settled[k] for k in ANNOTATION_KEYS if k in settled}
        ann["errors"] = settle_errors(name, text, first, record, verdicts)
        for which in ("first", "second", "third"):
            reading = _read(work, which, name)
            if reading is not None:
                _write(HERE / "annotations" / which / f"{name}.json", reading)
        _write(HERE / "records" / f"{name}.json", record)
        rows.append((name, text, ann))
    return rows


def gold(work: Path) -> None:
    rows = _settled(work)
    settle_real(work)
    split = assign_split([(n, a["level"]) for n, _, a in rows], committed_split())
    for old in ("soviet", "weimar"):
        shutil.rmtree(HERE / old, ignore_errors=True)
    with (HERE / "split.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "topic", "split", "level", "style", "words"])
        for name, text, ann in rows:
            topic = PLAN[name]["topic"]
            folder = HERE / topic / split[name]
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
            _write(folder / f"{name}.json", ann)
            w.writerow([name, topic, split[name], ann["level"], PLAN[name]["style"], len(text.split())])
    print(f"{len(rows)} essays settled; test {sum(s == 'test' for s in split.values())}")


def gold_topic(work: Path, topic: str) -> None:
    """Settle one evaluation-only topic (the third topic: no marks of it are ever fitted on) into corpus/TOPIC/test,
    leaving every other topic's gold and split rows as they are."""
    shutil.rmtree(HERE / topic, ignore_errors=True)
    kept = [row for row in csv.DictReader((HERE / "split.csv").open(encoding="utf-8")) if row["topic"] != topic]
    rows = []
    for name, text, ann in _settled(work, topic):
        folder = HERE / topic / "test"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        _write(folder / f"{name}.json", ann)
        rows.append({"name": name, "topic": topic, "split": "test", "level": ann["level"],
                     "style": PLAN[name]["style"], "words": len(text.split())})
    with (HERE / "split.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["name", "topic", "split", "level", "style", "words"])
        w.writeheader()
        w.writerows(kept + rows)
    print(f"{topic}: {len(rows)} essays settled, all in the locked test")


def settle_real(work: Path) -> None:
    """Real essays: gold is the third reading where two readers disagreed, else the first; their texts stay out of
    git (corpus/real/fetch.py gets them back), so only the readings and the gold are written here."""
    for path in sorted((work / "annotate" / "real" / "out").glob("*.json")):
        name = path.stem
        for which in ("first", "second", "third"):
            reading = _read(work, which, name)
            if reading is not None:
                _write(HERE / "annotations" / which / f"{name}.json", reading)
        settled = _read(work, "third", name) or json.loads(path.read_text(encoding="utf-8"))
        ann = {k: settled[k] for k in ANNOTATION_KEYS if k in settled}
        ann["errors"] = [{k: e[k] for k in ("quote", "kind", "correction") if k in e} for e in settled["errors"]]
        _write(HERE / "real" / "gold" / f"{name}.json", ann)


def assign_split(levels: list[tuple[str, int]], locked: dict[str, str] | None = None) -> dict[str, str]:
    """Locked test: within each topic, essays ordered by (gold level, style, a hash of the name); every third one
    goes to the test, so the test holds a third of every level and every style and no choice of ours.

    Essays already in `locked` (the split committed before) keep their side: extending the corpus draws only the
    new essays, so the test never loses an essay to training or gains one that was trained on."""
    locked = locked or {}
    out = {n: locked[n] for n, _ in levels if n in locked}
    for topic in ("soviet", "weimar"):
        new = sorted(((lv, PLAN[n]["style"], _key(n), n) for n, lv in levels
                      if PLAN[n]["topic"] == topic and n not in locked))
        for i, (*_, name) in enumerate(new):
            out[name] = "test" if i % TEST_SHARE == 1 else "train"
    return out


def committed_split() -> dict[str, str]:
    path = HERE / "split.csv"
    if not path.exists():
        return {}
    return {row["name"]: row["split"] for row in csv.DictReader(path.open(encoding="utf-8"))}


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    command, work = sys.argv[1], Path(sys.argv[2])
    if command == "stage":
        stage(work, sys.argv[3])
    elif command == "seconds":
        stage_seconds(work, sys.argv[3], sys.argv[4:])
    elif command == "thirds":
        print(" ".join(stage_thirds(work)))
    elif command == "gold-topic":
        gold_topic(work, sys.argv[3])
    elif command == "disputes":
        json.dump(error_disputes(work), sys.stdout, indent=1, ensure_ascii=False)
    else:
        gold(work)

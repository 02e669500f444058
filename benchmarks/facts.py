"""The fact checker alone: errors found and false flags per grammatical shape, and its speed.

    python benchmarks/facts.py                      # development essays, blind train, seed documents (both topics)
    python benchmarks/facts.py --real /tmp/real     # and real essays (corpus/real/fetch.py --layout /tmp/real)
    python benchmarks/facts.py --locked             # and the locked test: to REPORT figures only, never to tune
    python benchmarks/facts.py --fresh              # and corpus/errors (fresh blind slips): REPORT only, as locked
    python benchmarks/facts.py --verbose            # every miss and false flag (never printed for the locked test),
                                                    # and corpus/errors-train's DEV part
    python benchmarks/facts.py --errors-train       # corpus/errors-train: DEV and HELD-BACK parts, printed apart
    python benchmarks/facts.py --verbose --parses   # and under each DEV miss its fact's statement and the parse
    python benchmarks/facts.py --errors-check       # corpus/errors-check: a training set since the twelfth session
    python benchmarks/facts.py --errors-judge       # corpus/errors-judge: judges a round once, REPORT only

corpus/errors-train (training essays by another hand, planted slips and true look-alikes) is split once, fixed before
any result was read: the HELD-BACK part is every third essay per topic in sorted file order (the 3rd, 6th, ...), the
rest is the DEV part. Only the DEV part's misses are printed; a false flag (a flag on a sentence that is not a
planted slip, look-alike or not) is listed in both.

Speed is the checker's own time (analyse() excluded), warm (each essay checked once before timing), in ms per
1,000 words over all the essays read.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from marker.dataset import AnnotatedEssay, Annotation, GoldError, load_annotated  # noqa: E402
from marker.evaluate import error_metrics  # noqa: E402
from marker.facts import check_facts  # noqa: E402
from marker.nlp import analyse, sentence_parses  # noqa: E402
from marker.rubric import load_rubric  # noqa: E402

TOPICS = {
    "soviet": ("soviet-foreign-policy-1924-41", ROOT / "sample_essays", ROOT / "tests" / "fixtures" / "seeds"),
    "weimar": ("weimar-republic-1918-33", ROOT / "sample_essays_weimar", None),
}


ERRORS_TRAIN = ROOT / "corpus" / "errors-train"
ERRORS_CHECK = ROOT / "corpus" / "errors-check"
ERRORS_JUDGE = ROOT / "corpus" / "errors-judge"


def errors_train(topic: str, held_back: bool | None,
                 folder: Path = ERRORS_TRAIN) -> tuple[list[AnnotatedEssay], dict[str, list[str]]]:
    """One part of a set of planted slips for a topic (corpus/errors-train's DEV or HELD-BACK part; None: every
    essay, as for corpus/errors-check and corpus/errors-judge), and each essay's true look-alike quotes."""
    items, lookalikes = [], {}
    for i, path in enumerate(sorted((folder / topic).glob("*.json"))):
        if held_back is not None and (i % 3 == 2) != held_back:
            continue
        raw = json.loads(path.read_text(encoding="utf-8"))
        errors = [GoldError(**{k: e[k] for k in ("quote", "kind", "fact", "correction", "shape") if k in e})
                  for e in raw["errors"]]
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        items.append(AnnotatedEssay(path.stem, path.with_suffix(".txt"), text,
                                    Annotation(question=raw["question"], errors=errors, level=0, mark=0)))
        lookalikes[path.stem] = [t["quote"] for t in raw.get("true_lookalikes", [])]
    return items, lookalikes


def run(folder: Path | tuple, rubric, verbose: bool, parses: bool = False) -> tuple[dict, float, int]:
    items, lookalikes = folder if isinstance(folder, tuple) else (load_annotated(folder), {})
    docs = [analyse(it.text) for it in items]
    for d in docs:  # warm: the parser and the rubric's index load once
        check_facts(d, rubric)
    t0 = time.perf_counter()
    readings: list[list] = [[] for _ in docs]  # each sentence's reading, kept for lost_at (no second pass)
    reports = [SimpleNamespace(errors=check_facts(d, rubric, r)) for d, r in zip(docs, readings)]
    seconds = time.perf_counter() - t0
    words = sum(len(it.text.split()) for it in items)
    scores = error_metrics(items, reports)
    scores["stages"], stage_of = lost_at(items, readings, reports, rubric)
    if verbose:
        for it, rep in zip(items, reports):
            flagged = [(f.start, f.end) for f in rep.errors]
            for err in it.gold.errors:
                s = it.text.find(err.quote)
                if s >= 0 and not any(a < s + len(err.quote) and s < b for a, b in flagged):
                    print(f"  miss  {it.name} [{err.shape}/{err.kind}; {stage_of[it.name, err.quote]}] "
                          f"{err.quote[:110]}")
                    if parses:
                        _explain(rubric, docs[items.index(it)], s, err.fact)
    for it, rep in zip(items, reports) if lookalikes else ():  # a look-alike flagged is a false flag; counted apart
        spans = [(s, s + len(q)) for q in lookalikes.get(it.name, []) if (s := it.text.find(q)) >= 0]
        scores.setdefault("lookalikes", [0, 0])[1] += len(spans)
        scores["lookalikes"][0] += sum(any(f.start < e and s < f.end for f in rep.errors) for s, e in spans)
    if verbose or lookalikes:
        for ff in scores["false_flags"]:
            print(f"  FALSE {ff['essay']} ({ff['fact']}) {ff['text'][:110]}")
    return scores, seconds, words


STAGES = ("found", "fact not in base", "names nothing", "names another fact", "named, read as true")


def lost_at(items, readings, reports, rubric) -> tuple[dict[str, int], dict[tuple[str, str], str]]:
    """Where each planted slip was lost: its fact missing from the base, its sentence naming nothing the checker
    knows (or, where the slip's fact is recorded, naming only other facts), or named and read as true. Counts only,
    so it can be shown for parts whose misses stay unread; and each slip's stage, by (essay, quote)."""
    verified = {f.id for f in rubric.facts if f.verified}
    counts = dict.fromkeys(STAGES, 0)
    stage_of: dict[tuple[str, str], str] = {}
    for it, seen, rep in zip(items, readings, reports):  # seen: check_facts' sentence readings of the essay
        for err in it.gold.errors:
            s = it.text.find(err.quote)
            if s < 0:
                continue
            named = set().union(*(m.facts for i in seen if i.sentence.start <= s < i.sentence.end
                                  for m in [*i.mentions, *(m for u in i.units for m in u.mentions)]))
            stage = ("found" if any(f.start < s + len(err.quote) and s < f.end for f in rep.errors) else
                     "fact not in base" if err.fact and err.fact not in verified else
                     "names nothing" if not named else
                     "names another fact" if err.fact and err.fact not in named else "named, read as true")
            counts[stage] += 1
            stage_of[it.name, err.quote] = stage
    return counts, stage_of


def _explain(rubric, doc, at: int, fact_id: str) -> None:
    """The fact a missed slip contradicts and its sentence's parse (word/dependency>head index)."""
    fact = next((f for f in rubric.facts if f.id == fact_id), None)
    print(f"        fact {fact_id}: {fact.statement if fact else '(not in the fact base)'}")
    sent = next(x for x in doc.sentences if x.start <= at < x.end)
    parse = sentence_parses(doc, [sent.index])[sent.index]
    print("        parse " + " ".join(f"{t.text}/{t.dep_}>{t.head.i}" for t in parse))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path)
    parser.add_argument("--locked", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="corpus/errors: report only, like the locked test")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--parses", action="store_true", help="with --verbose: each DEV miss's fact and parse")
    parser.add_argument("--errors-train", action="store_true", help="corpus/errors-train, both parts")
    parser.add_argument("--errors-check", action="store_true",
                        help="corpus/errors-check: planted slips by a third hand (a training set; misses printed)")
    parser.add_argument("--errors-judge", action="store_true",
                        help="corpus/errors-judge: planted slips to judge a round, REPORT only, like the locked test")
    parser.add_argument("--topic", choices=list(TOPICS), action="append")
    args = parser.parse_args()
    total_s = total_w = 0
    for topic in args.topic or list(TOPICS):
        rid, dev, seeds = TOPICS[topic]
        rubric = load_rubric(rid)
        cols: dict[str, Path | tuple] = {"development": dev, "blind train": ROOT / "corpus" / topic / "train"}
        if seeds is not None:
            cols["seeds"] = seeds
        if args.verbose or args.errors_train:
            cols["e-train DEV"] = errors_train(topic, held_back=False)
        if args.errors_train:
            cols["e-train HELD"] = errors_train(topic, held_back=True)
        if args.errors_check:
            cols["E-CHECK"] = errors_train(topic, held_back=None, folder=ERRORS_CHECK)
        if args.errors_judge:
            cols["E-JUDGE"] = errors_train(topic, held_back=None, folder=ERRORS_JUDGE)
        if args.real is not None:
            cols["real essays"] = args.real / topic
        if args.locked:
            cols["LOCKED TEST"] = ROOT / "corpus" / topic / "test"
        if args.fresh:
            cols["FRESH"] = ROOT / "corpus" / "errors" / topic
        print(f"## {topic}")
        shapes: dict[str, dict[str, str]] = {}
        stages: dict[str, dict[str, int]] = {}
        for name, folder in cols.items():
            verbose = args.verbose and name not in ("LOCKED TEST", "FRESH", "e-train HELD", "E-JUDGE")
            if verbose:
                print(f"### {name}")
            s, sec, w = run(folder, rubric, verbose, args.parses and name == "e-train DEV")
            if not name.lower().startswith("e-"):  # the speed line stays comparable with runs without the set
                total_s, total_w = total_s + sec, total_w + w
            looks = f", look-alikes flagged {s['lookalikes'][0]}/{s['lookalikes'][1]}" if "lookalikes" in s else ""
            print(f"{name:12s} errors P {s['precision']:.3f} R {s['recall']:.3f} ({s['found']}/{s['gold']} found, "
                  f"{s['flags']} flags, {len(s['false_flags'])} false{looks})")
            stages[name] = s["stages"]
            for shape, c in s["per_shape"].items():
                shapes.setdefault(shape, {})[name] = f"{c['found']}/{c['gold']}"
        print("| where a slip is lost | " + " | ".join(cols) + " |")
        print("|---|" + "---|" * len(cols))
        for stage in STAGES:
            print(f"| {stage} | " + " | ".join(str(stages[c][stage]) for c in cols) + " |")
        print("| shape | " + " | ".join(cols) + " |")
        print("|---|" + "---|" * len(cols))
        for shape in sorted(shapes):
            print(f"| {shape} | " + " | ".join(shapes[shape].get(c, "-") for c in cols) + " |")
    print(f"speed: {1000 * total_s / max(total_w, 1) * 1000:.1f} ms per 1,000 words (checker only, warm, "
          f"{total_w} words)")


if __name__ == "__main__":
    main()

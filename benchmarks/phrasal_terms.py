"""Which rubric key terms a phrasal verb can take away (issues 14 and 15, marker/terms.py), on texts a helper may read.

    PYTHONPATH=. python benchmarks/phrasal_terms.py

For each shipped rubric: (1) the terms that could be affected, those with a word the parser reads as a particle
(dep `prt`) or as a verb heading one somewhere in the texts read (each rubric's own phrasings, descriptions and
targets, the development essays and the Soviet and Weimar training essays); (2) the term hits the rule removes and
the split phrasal-verb hits it adds, per term, on the same texts marked with their own rubric (the WWI rubric on its
own texts only: its essays are all test essays, never read here). Never the locked test or the fresh set.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from marker.nlp import analyse, sentence_parses
from marker.rubric import load_rubric
from marker.signals import TERM_WORDS, _words, rubric_index
from marker.terms import find_terms

ROOT = Path(__file__).resolve().parent.parent
RUBRICS = {
    "soviet-foreign-policy-1924-41": [ROOT / "sample_essays", ROOT / "corpus" / "soviet" / "train"],
    "weimar-republic-1918-33": [ROOT / "sample_essays_weimar", ROOT / "corpus" / "weimar" / "train"],
    "wwi-origins-1890-1914": [],
}


def rubric_texts(rubric) -> list[str]:
    return [t for p in rubric.points for t in (p.title, p.description, p.target, *p.phrasings) if t]


def main() -> None:
    texts_of = {ref: [p.read_text(encoding="utf-8") for folder in folders for p in sorted(folder.glob("*.txt"))]
                for ref, folders in RUBRICS.items()}
    rubrics = {ref: load_rubric(ref) for ref in RUBRICS}
    phrasal: Counter[str] = Counter()  # lemmas read as a particle or a verb heading one
    per_rubric: dict[str, tuple[Counter, Counter]] = {}
    for ref, rubric in rubrics.items():
        index = rubric_index(rubric)
        removed: Counter[str] = Counter()
        added: Counter[str] = Counter()
        for text in [*texts_of[ref], "\n\n".join(rubric_texts(rubric))]:
            essay = analyse(text)
            parses = sentence_parses(essay, [s.index for s in essay.sentences])
            for s in essay.sentences:
                for token in parses[s.index]:
                    if token.dep_ == "prt":
                        phrasal[token.lemma_.lower()] += 1
                        phrasal[token.head.lemma_.lower()] += 1
                words = _words(essay, s.start, s.end)
                lemmas = [index.speller.correct(w) or w for w, _, _ in words]
                places = [(a, b) for _, a, b in words]
                plain = find_terms(lemmas, places, index.term_points, None, s.start, TERM_WORDS)
                read = find_terms(lemmas, places, index.term_points, parses[s.index], s.start, TERM_WORDS)
                for term in index.term_points:
                    diff = len(plain.get(term, ())) - len(read.get(term, ()))
                    if diff > 0:
                        removed[term] += diff
                    elif diff < 0:
                        added[term] -= diff
        per_rubric[ref] = (removed, added)
    for ref, rubric in rubrics.items():
        index = rubric_index(rubric)
        could = sorted(t for t in index.term_points if any(w in phrasal for w in t.split()))
        removed, added = per_rubric[ref]
        print(f"## {ref}: {len(texts_of[ref])} essays and the rubric's own texts")
        print(f"could be affected ({len(could)} of {len(index.term_points)} terms): {', '.join(could)}")
        print(f"hits removed: {dict(sorted(removed.items()))}")
        print(f"split phrasal-verb hits added: {dict(sorted(added.items()))}")


if __name__ == "__main__":
    main()

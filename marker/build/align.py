"""Measuring a draft against a curated rubric: which reference points each draft point carries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from marker.report import PointMatch, Report
from marker.rubric import Rubric

def reports_on_reference(reports: Sequence[Report], mapping: dict[str, tuple[str, ...]],
                         reference: Rubric) -> list[Report]:
    """Reports made with a draft, restated over the reference rubric's ids (mapping from align_points): a
    reference point takes the best status of the draft points that carry it, so a draft can be scored against
    annotations made for the reference."""
    rank = {"missing": 0, "partial": 1, "covered": 2}
    out = []
    for report in reports:
        status: dict[str, str] = {}
        for pm in report.points:
            for rid in mapping.get(pm.id) or ():
                if rank[pm.status] > rank[status.get(rid, "missing")]:
                    status[rid] = pm.status
        points = tuple(PointMatch(p.id, p.title, p.kind, status.get(p.id, "missing"), 0.0, ())
                       for p in reference.points)
        out.append(replace(report, points=points))
    return out


def align_points(draft: Rubric, reference: Rubric, *, min_share: float = 1 / 3,
                 min_texts: int = 2) -> dict[str, tuple[str, ...]]:
    """Map each draft point to the reference points it recognisably carries, best first (empty: noise).

    A draft factor carries a reference factor when at least `min_texts` of its texts (title and phrasings), and at
    least `min_share` of them, contain one of the reference point's key terms or entities. A draft debate carries a
    reference debate when its texts and side cues include cues of both of the reference debate's sides. A text is
    read twice, as written and in lower case (spaCy keeps a capitalised word it takes for a name as it is: "the
    Balkan Wars" lemmatises to "balkan wars", "the balkan wars" to "balkan war", the listed term).
    """
    from marker.signals import _lemma_string, _point_terms
    from marker.terms import two_word_terms

    ref_terms = {p.id: [t for t, _ in _point_terms(p, reference) if t] for p in reference.points}
    side_cues = {d.id: [[_lemma_string(c) for c in s.cues] for s in d.sides] for d in reference.debates}
    all_terms = {t for terms in ref_terms.values() for t in terms}
    reading = (all_terms, two_word_terms(all_terms), max((len(t.split()) for t in all_terms), default=0))
    mapping: dict[str, tuple[str, ...]] = {}
    for point in draft.points:
        if point.kind == "debate":
            texts = [f" {_lemma_string(t)} | {_lemma_string(t.lower())} " for t in [point.title, *point.phrasings]]
            joined = " ".join(texts) + " " + " ".join(f" {_lemma_string(c)} | {_lemma_string(c.lower())} "
                                                      for s in point.sides for c in s.cues)
            scored = []
            for rid, sides in side_cues.items():
                per_side = [sum(f" {c} " in joined for c in cues if c) for cues in sides]
                if min(per_side) >= 1:
                    scored.append((-sum(per_side), rid))
            mapping[point.id] = tuple(rid for _, rid in sorted(scored))
            continue
        named = [_terms_in(t, *reading) | _terms_in(t.lower(), *reading) for t in [point.title, *point.phrasings]]
        scored = []
        for ref in reference.factors:
            hits = sum(any(t in found for t in ref_terms[ref.id]) for found in named)
            if hits >= min_texts and hits / len(named) >= min_share:
                scored.append((-hits, ref.id))
        mapping[point.id] = tuple(rid for _, rid in sorted(scored))
    return mapping


def _terms_in(text: str, terms: set[str], pairs: dict[str, frozenset[str]], longest: int) -> set[str]:
    """The terms one draft text contains, found as marking finds them in a sentence (marker/terms.py: lemma runs of
    any length, read with the text's phrasal verbs; the text is parsed only where a term may occur)."""
    from marker.nlp import get_parser, get_pipeline
    from marker.terms import find_terms, may_name

    words = [t for t in get_pipeline()(text) if not (t.is_punct or t.is_space)]
    lemmas = [(t.lemma_ or t.lower_).lower() for t in words]
    if not may_name(lemmas, terms, pairs, longest):
        return set()
    places = [(t.idx, t.idx + len(t.text)) for t in words]
    return set(find_terms(lemmas, places, terms, get_parser()(text), 0, longest))

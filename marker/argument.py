"""What an examiner rewards in an argument, read paragraph by paragraph, with no topic in it.

A paragraph earns credit for a claim argued with explanation (causal connectives and clauses) and specific
evidence (dates, figures), for a link back to the question (the question's own content words, or a judgement),
and for a counter-argument weighed (a concession or contrast). The essay earns credit for a judgement sustained to
the end: a conclusion that answers the question and agrees with the line the introduction set out. Range counts
only the factors the essay explains (covered, not merely named), as a fraction of what the rubric rewards for the
question, so the features mean the same on any rubric. Names, lists and signposts earn nothing by themselves.

This module also recognises answers with no argument of their own (only the question, a list of names, headings,
the rubric's own point titles pasted in), which the scorer keeps in the lowest level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from spacy.lang.en.stop_words import STOP_WORDS

from marker.dates import count_dates, narrative_opening
from marker.defaults import (
    CAUSAL, CONCLUSION, COUNTER, DEFAULTS, JUDGEMENT, QUESTION_FRAME, VAGUE_WORDS, WEIGHING,
)
from marker.nlp import Sentence
from marker.report import PointMatch
from marker.rubric import Rubric

ARGUMENT_FEATURES = (
    "range_explained", "debates_weighed", "argued_paragraphs", "explanation_rate", "evidence_rate",
    "linked_paragraphs", "counter_paragraphs", "judgement_sustained", "narrative_rate", "weighing_rate",
    "vague_rate", "precise_words",
)

_FIGURE = re.compile(r"\b\d[\d,.]*\s*(?:%|per\s*cent|percent|million|thousand|billion)?")


def question_terms(rubric: Rubric, question_id: str | None) -> frozenset[str]:
    """The content words of the question's own text (lower-case), without its framing ("to what extent")."""
    text = rubric.question(question_id).text.lower()
    words = re.findall(r"[a-z][a-z'-]+", text)
    return frozenset(w for w in words if w not in STOP_WORDS and not QUESTION_FRAME.fullmatch(w) and len(w) > 2)


@dataclass(frozen=True)
class SentenceCues:
    """Per-sentence cues (booleans), read once from the sentence text."""

    causal: np.ndarray
    counter: np.ndarray
    judgement: np.ndarray
    evidence: np.ndarray
    narrative: np.ndarray
    linked: np.ndarray


def sentence_cues(sentences: tuple[Sentence, ...], terms: frozenset[str]) -> SentenceCues:
    texts = [s.text for s in sentences]

    def flags(pattern) -> np.ndarray:
        return np.array([bool(pattern.search(t)) for t in texts], dtype=bool)

    judgement = flags(JUDGEMENT)
    linked = np.array([bool(terms & set(s.lemmas) or terms & set(s.text.lower().split())) for s in sentences],
                      dtype=bool)
    return SentenceCues(
        causal=flags(CAUSAL),
        counter=flags(COUNTER),
        judgement=judgement,
        evidence=np.array([bool(count_dates(t) or _FIGURE.search(t)) for t in texts], dtype=bool),
        narrative=np.array([narrative_opening(t) for t in texts], dtype=bool),
        linked=linked | judgement,
    )


def _paragraphs(sentences: tuple[Sentence, ...]) -> list[list[int]]:
    groups: dict[int, list[int]] = {}
    for i, s in enumerate(sentences):
        groups.setdefault(s.paragraph, []).append(i)
    return [groups[k] for k in sorted(groups)]


def explained(points: tuple[PointMatch, ...], sentences: tuple[Sentence, ...]) -> frozenset[str]:
    """Covered factors whose evidence includes a sentence of argument (not a list of names or a heading)."""
    prose = {s.start for s in sentences if _is_prose(s)}
    return frozenset(pm.id for pm in points if pm.kind == "factor" and pm.status == "covered"
                     and any(ev.start in prose for ev in pm.evidence))


def range_explained(rubric: Rubric, question_id: str | None, points: tuple[PointMatch, ...],
                    sentences: tuple[Sentence, ...]) -> float:
    """Importance-weighted share of the rubric's factors for this question that the essay explains: covered, with
    a sentence of argument among its evidence (a factor named only in a list earns nothing)."""
    weights = {p.id: rubric.importance(p.id, question_id) for p in rubric.factors}
    total = sum(weights.values()) or 1.0
    return sum(weights.get(pid, 0.0) for pid in explained(points, sentences)) / total


def debates_weighed(rubric: Rubric, question_id: str | None, points: tuple[PointMatch, ...]) -> float:
    """Importance-weighted share of the rubric's debates the essay weighs (0 for a rubric without debates)."""
    weights = {p.id: rubric.importance(p.id, question_id) for p in rubric.debates}
    total = sum(weights.values())
    if not total:
        return 0.0
    return sum(weights.get(pm.id, 0.0) for pm in points if pm.kind == "debate" and pm.status == "covered") / total


def judgement_sustained(paras: list[list[int]], cues: SentenceCues, vectors: np.ndarray,
                        sentences: tuple[Sentence, ...]) -> float:
    """0-1: a conclusion that reaches a judgement, answers the question, and agrees with the introduction."""
    if len(paras) < 2:
        return 0.0
    intro, last = paras[0], paras[-1]
    concluding = bool(CONCLUSION.search(sentences[last[0]].text)) or bool(cues.judgement[last].any())
    if not concluding:
        return 0.0
    answers = bool(cues.linked[last].any())
    agrees = False
    if vectors.shape[0] == len(sentences) and vectors.size:
        a, b = vectors[intro].mean(axis=0), vectors[last].mean(axis=0)
        denom = float(np.linalg.norm(a) * np.linalg.norm(b)) or 1.0
        agrees = float(a @ b) / denom >= DEFAULTS["intro_conclusion_agreement"]
    return (1.0 + answers + agrees) / 3.0


def argument_features(rubric: Rubric, question_id: str | None, sentences: tuple[Sentence, ...],
                      vectors: np.ndarray, points: tuple[PointMatch, ...]) -> dict[str, float]:
    """The features named in ARGUMENT_FEATURES for one essay (each a share in [0, 1], so length earns nothing)."""
    if not sentences:
        return dict.fromkeys(ARGUMENT_FEATURES, 0.0)
    cues = sentence_cues(sentences, question_terms(rubric, question_id))
    paras = _paragraphs(sentences)
    body = paras[1:-1] if len(paras) >= 3 else paras
    words = [w for s in sentences for w in s.text.lower().split() if w.isalpha()]
    argued = [bool(cues.causal[p].any() and cues.evidence[p].any()) for p in body]
    return {
        "range_explained": range_explained(rubric, question_id, points, sentences),
        "debates_weighed": debates_weighed(rubric, question_id, points),
        "argued_paragraphs": min(sum(argued), DEFAULTS["argued_paragraphs_cap"]) / DEFAULTS["argued_paragraphs_cap"],
        "explanation_rate": float(cues.causal.mean()),
        "evidence_rate": float(cues.evidence.mean()),
        "linked_paragraphs": float(np.mean([cues.linked[p].any() for p in body])),
        "counter_paragraphs": float(np.mean([cues.counter[p].any() for p in paras])),
        "judgement_sustained": judgement_sustained(paras, cues, vectors, sentences),
        "narrative_rate": float(cues.narrative.mean()),
        "weighing_rate": float(np.mean([bool(WEIGHING.search(s.text)) for s in sentences])),
        "vague_rate": float(np.mean([w in VAGUE_WORDS for w in words])) if words else 0.0,
        "precise_words": float(np.mean([len(w) >= 8 for w in words])) if words else 0.0,
    }


def _is_prose(sentence: Sentence) -> bool:
    """A sentence of the student's own rather than a list or a heading: enough words, the function words that
    join a claim together, mostly not names, and not a run of commas."""
    words = [w for w in sentence.text.split() if any(c.isalpha() for c in w)]
    if len(words) < DEFAULTS["prose_min_words"]:
        return False
    names = sum(w[0].isupper() for w in words[1:])
    return (sum(w.lower().strip(",.;:!?") in STOP_WORDS for w in words) >= 2 and names * 2 < len(words) - 1
            and sentence.text.count(",") * 3 <= len(words))


def no_argument(rubric: Rubric, sentences: tuple[Sentence, ...]) -> str | None:
    """Why an answer has no argument of its own (None when it has one): it is only the question, a list of names
    or headings, or the rubric's own point titles and descriptions pasted in."""
    copies = [q.text for q in rubric.questions] + [p.title for p in rubric.points] \
        + [p.description for p in rubric.points]
    prose = [s for s in sentences if _is_prose(s)]
    if not prose:
        return ("The answer has no sentences of argument: only names, headings or a list, so it stays in the "
                "lowest level.")
    lowered = [c.lower() for c in copies]
    if any(max(fuzz.token_set_ratio(s.text.lower(), c) for c in lowered) < DEFAULTS["copied_text_ratio"]
           for s in prose):  # one sentence of its own is enough: stop at the first
        return None
    if all(max(fuzz.token_set_ratio(s.text.lower(), q.text.lower()) for q in rubric.questions)
           >= DEFAULTS["copied_text_ratio"] for s in prose):
        return "The answer only restates the question, so it stays in the lowest level."
    return ("The answer repeats the rubric's own point titles or descriptions rather than arguing, so it stays in "
            "the lowest level.")

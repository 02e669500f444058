"""What an examiner rewards in an argument, read paragraph by paragraph from the sentence moves, with no topic in it.

There is one reading of what a sentence does: marker/moves.py's roles and moves, read from the dependency parse
(explains, evidences, weighs, signposts, lists), and marker/match.py's sentences that argue a point. This module
only aggregates them per paragraph: a paragraph earns credit for a claim argued (a sentence about one of the
rubric's factors that explains it, or evidences it beside an explanation), for a link back to the question (the
question's own content words, or a judgement), and for a counter-argument weighed (a concession, a contrast, a
rhetorical question answered). The essay earns credit for a judgement sustained to the end: a conclusion that
answers the question and agrees with the line the introduction set out. Range counts only the factors the essay
argues (covered, with a sentence that argues them), as a fraction of what the rubric rewards for the question, so
the features mean the same on any rubric, and as a capped count. A claim qualified rather than asserted flatly (read
from the clause by marker/claims.py: a comparative, a concession clause, a degree or limit modifier or a modal of
judgement governing its predicate) is read as a share of the essay's own sentences, capped (past half of them, more
qualifiers are not more analysis); it is said in the report and feedback but carries no weight in the level model
(marker/score.py's REPORTED_ONLY), and neither do sentences dated outside the rubric's period (marker/claims.py),
which are only told to the teacher and student. No feature reads register (informal words). Question lines, headings, signposts
and roadmaps are not argument:
they are left out of every rate, so names, lists and signposts earn nothing by themselves.

This module also recognises answers with no argument of their own (only the question, a list of names, headings,
the rubric's own point titles pasted in), which the scorer keeps in the lowest level.
"""

from __future__ import annotations

import re

import numpy as np
from rapidfuzz import fuzz

from marker.claims import own_sentences, qualified
from marker.defaults import CONCLUSION, DEFAULTS, QUESTION_FRAME, WEIGHING
from marker.match import argued
from marker.signals import SentenceSignals
from marker.nlp import STOP_WORDS, EssayDoc, Sentence  # from marker.nlp, never spaCy: see its STOP_WORDS
from marker.report import PointMatch
from marker.rubric import Rubric

ARGUMENT_FEATURES = (
    "range_explained", "debates_weighed", "argued_paragraphs", "explanation_rate", "evidence_rate",
    "linked_paragraphs", "counter_paragraphs", "judgement_sustained", "narrative_rate", "weighing_rate",
    "precise_words", "factors_explained", "body_paragraphs", "qualified_rate",
)


def question_terms(rubric: Rubric, question_id: str | None) -> frozenset[str]:
    """The content words of the question's own text (lower-case), without its framing ("to what extent")."""
    text = rubric.question(question_id).text.lower()
    words = re.findall(r"[a-z][a-z'-]+", text)
    return frozenset(w for w in words if w not in STOP_WORDS and not QUESTION_FRAME.fullmatch(w) and len(w) > 2)


def _paragraphs(sentences: tuple[Sentence, ...]) -> list[np.ndarray]:
    groups: dict[int, list[int]] = {}
    for i, s in enumerate(sentences):
        groups.setdefault(s.paragraph, []).append(i)
    return [np.array(groups[k]) for k in sorted(groups)]


def body_paragraphs(paras: list[np.ndarray]) -> list[np.ndarray]:
    """The paragraphs that argue the case: not the introduction, which sets the line out, nor the conclusion. An
    answer of two paragraphs is an introduction and one paragraph of argument (an opening with no conclusion
    yet); one of a single paragraph is all body. So an opening earns one argued paragraph at most, not two."""
    if len(paras) >= 3:
        return paras[1:-1]
    return paras[1:] if len(paras) == 2 else paras


def arguing(rubric: Rubric, sig: SentenceSignals) -> dict[str, np.ndarray]:
    """Per factor: the sentences that argue it (marker/match.py's reading: about it, in the argument, explaining
    it or evidencing it beside an explanation)."""
    return {p.id: argued(sig, i) for i, p in enumerate(rubric.points) if p.kind == "factor"}


def explained(points: tuple[PointMatch, ...], argues: dict[str, np.ndarray]) -> frozenset[str]:
    """Covered factors that some sentence argues (a factor named only in a list, a roadmap, the question line or
    a bare fact is not explained, whatever the matcher called it)."""
    return frozenset(pm.id for pm in points if pm.kind == "factor" and pm.status == "covered"
                     and pm.id in argues and argues[pm.id].any())


def range_explained(rubric: Rubric, question_id: str | None, points: tuple[PointMatch, ...],
                    argues: dict[str, np.ndarray]) -> float:
    """Importance-weighted share of the rubric's factors for this question that the essay explains."""
    weights = {p.id: rubric.importance(p.id, question_id) for p in rubric.factors}
    total = sum(weights.values()) or 1.0
    return sum(weights.get(pid, 0.0) for pid in explained(points, argues)) / total


def debates_weighed(rubric: Rubric, question_id: str | None, points: tuple[PointMatch, ...]) -> float:
    """Importance-weighted share of the rubric's debates the essay weighs (0 for a rubric without debates)."""
    weights = {p.id: rubric.importance(p.id, question_id) for p in rubric.debates}
    total = sum(weights.values())
    if not total:
        return 0.0
    return sum(weights.get(pm.id, 0.0) for pm in points if pm.kind == "debate" and pm.status == "covered") / total


def _linked(sentences: tuple[Sentence, ...], terms: frozenset[str], sig: SentenceSignals) -> np.ndarray:
    """Sentences that link back to the question: its own content words, or a judgement."""
    words = [terms & set(s.lemmas) or terms & set(s.text.lower().split()) for s in sentences]
    return np.array([bool(w) for w in words]) | (sig.judgement > 0)


def judgement_sustained(paras: list[np.ndarray], linked: np.ndarray, sig: SentenceSignals,
                        sentences: tuple[Sentence, ...]) -> float:
    """0-1: a conclusion that reaches a judgement, answers the question, and agrees with the introduction."""
    if len(paras) < 2:
        return 0.0
    intro, last = paras[0], paras[-1]
    if not (CONCLUSION.search(sentences[last[0]].text) or (sig.judgement[last] > 0).any()):
        return 0.0
    answers = bool(linked[last].any())
    agrees = False
    vectors = sig.vectors
    if vectors.shape[0] == len(sentences) and vectors.size:
        a, b = vectors[intro].mean(axis=0), vectors[last].mean(axis=0)
        denom = float(np.linalg.norm(a) * np.linalg.norm(b)) or 1.0
        agrees = float(a @ b) / denom >= DEFAULTS["intro_conclusion_agreement"]
    return (1.0 + answers + agrees) / 3.0


def _rate(flags: np.ndarray, own: np.ndarray) -> float:
    """Share of the essay's own sentences of argument carrying a flag."""
    return float(flags[own].mean()) if own.any() else 0.0


def argument_features(rubric: Rubric, question_id: str | None, essay: EssayDoc,
                      sig: SentenceSignals, points: tuple[PointMatch, ...]) -> dict[str, float]:
    """The features named in ARGUMENT_FEATURES for one essay, each in [0, 1], read from the sentence moves of
    `sig.argument` and the sentences that argue each factor. The rates are shares of the essay's own sentences, so
    length earns nothing by itself; the counts (factors explained, paragraphs that argue a claim, paragraphs of
    argument) are capped, so a sustained argument over several factors earns what an opening cannot, and no more
    past the cap. No feature reads register: how formal the words are ("really", "lots", "got") is who wrote the
    essay, not what an examiner rewards."""
    moves, sentences = sig.argument, essay.sentences
    if not sentences or len(moves.role) != len(sentences):
        return dict.fromkeys(ARGUMENT_FEATURES, 0.0)
    own = own_sentences(sig)  # question lines, headings, signposts are not argument
    argues = arguing(rubric, sig)
    claim = np.any(list(argues.values()), axis=0) if argues else np.zeros(len(sentences), dtype=bool)
    linked = _linked(sentences, question_terms(rubric, question_id), sig) & own
    paras = _paragraphs(sentences)
    body = body_paragraphs(paras)
    words = [w for s, o in zip(sentences, own) if o for w in s.text.lower().split() if w.isalpha()]
    cap, qcap = DEFAULTS["argued_paragraphs_cap"], DEFAULTS["qualified_rate_cap"]
    return {
        "range_explained": range_explained(rubric, question_id, points, argues),
        "debates_weighed": debates_weighed(rubric, question_id, points),
        "argued_paragraphs": min(sum(bool(claim[p].any()) for p in body), cap) / cap,
        "explanation_rate": _rate(moves.explains, own),
        "evidence_rate": _rate(moves.evidences, own),
        "linked_paragraphs": float(np.mean([linked[p].any() for p in body])),
        "counter_paragraphs": float(np.mean([moves.weighs[p].any() for p in paras])),
        "judgement_sustained": judgement_sustained(paras, linked, sig, sentences),
        "narrative_rate": _rate(sig.narrative > 0, own),
        "weighing_rate": _rate(np.array([bool(WEIGHING.search(s.text)) for s in sentences]), own),
        "precise_words": float(np.mean([len(w) >= 8 for w in words])) if words else 0.0,
        "factors_explained": min(len(explained(points, argues)), DEFAULTS["factors_explained_cap"])
        / DEFAULTS["factors_explained_cap"],
        "body_paragraphs": min(sum(bool(own[p].any()) for p in body), cap) / cap,
        "qualified_rate": min(_rate(qualified(essay, own), own), qcap) / qcap,
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

"""Point and debate coverage: which rubric points an essay makes, with the sentences that make them.

Three kinds of evidence are read per sentence and point: semantic similarity to the point's exemplars (its
title, description and example student phrasings, embedded by marker/embed.py), lexical hits of its key terms on
lemmas, and entity hits with fuzzy matching for misspelt names. They are summarised into a few generic features
per (essay, point), and a logistic model fitted on annotated essays (marker/fit.py) turns them into
covered / partial / missing. The features never name a point, so the fitted model transfers to new rubrics.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from rapidfuzz import fuzz, process

from marker.dates import count_dates, narrative_opening
from marker.defaults import ANAPHORA_OPENING, CAUSAL, CONTRAST, DEFAULTS, EVALUATION, JUDGEMENT
from marker.embed import get_embedder, normalise
from marker.linear import LinearModel
from marker.nlp import EssayDoc, get_pipeline
from marker.report import Evidence, PointMatch
from marker.rubric import Point, Rubric
from marker.vector_cache import encode_cached

FACTOR_FEATURES = (
    "sem_max", "sem_top2", "sem_margin", "sem_with_term", "support_sentences", "term_count",
    "term_sentences", "best_has_term", "evidence_causal", "evidence_dates", "evidence_length",
)
DEBATE_FEATURES = (
    "sem_max", "sem_top2", "side_min", "side_max", "cue_min", "cue_max", "contrast_rate",
    "contrast_on_topic", "judgement_rate",
)


@dataclass(frozen=True)
class RubricIndex:
    """What the matcher precomputes once per rubric: exemplar vectors and term patterns per point."""

    rubric: Rubric
    vectors: np.ndarray  # (exemplars, dim)
    owner: np.ndarray  # (exemplars,) index of the point each exemplar belongs to
    terms: tuple[tuple[tuple[str, bool], ...], ...]  # per point: (lemma string, is_name)
    side_cues: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # per point (debates only)

    @cached_property
    def question_vectors(self) -> np.ndarray:
        """The rubric's question texts, embedded once."""
        return encode_cached([q.text for q in self.rubric.questions])

    @cached_property
    def fuzzy_names(self) -> dict[int, list[str]]:
        """Name-like terms by token count, for misspelling search."""
        by_len: dict[int, set[str]] = {}
        for point_terms in self.terms:
            for term, is_name in point_terms:
                if is_name and len(term) >= 5:
                    by_len.setdefault(term.count(" ") + 1, set()).add(term)
        return {n: sorted(t) for n, t in by_len.items()}


def _lemma_string(text: str) -> str:
    doc = get_pipeline()(text)
    return " ".join((t.lemma_ or t.lower_).lower() for t in doc if not (t.is_punct or t.is_space))


def _point_terms(point: Point, rubric: Rubric) -> tuple[tuple[str, bool], ...]:
    aliases = {e.name.lower(): e for e in rubric.entities}
    raw: list[tuple[str, bool]] = [(t, False) for t in point.key_terms]
    for name in point.entities:
        raw.append((name, True))
        entity = aliases.get(name.lower())
        if entity is not None:
            raw.extend((a, True) for a in entity.aliases)
    seen: dict[str, bool] = {}
    for text, is_name in raw:
        lemma = _lemma_string(text)
        if lemma:
            seen[lemma] = seen.get(lemma, False) or is_name
    return tuple(sorted(seen.items()))


def exemplars(point: Point) -> list[str]:
    """The texts a point is recognised by: its title, description and example phrasings."""
    return [point.title, point.description, *point.phrasings]


def exemplar_texts(rubric: Rubric) -> tuple[list[str], list[int]]:
    """Every point's exemplars in rubric order, with the index of the point each belongs to."""
    pairs = [(text, i) for i, point in enumerate(rubric.points) for text in exemplars(point)]
    return [t for t, _ in pairs], [i for _, i in pairs]


_INDEX_CACHE: dict[int, RubricIndex] = {}


def rubric_index(rubric: Rubric) -> RubricIndex:
    """The matcher's precomputed view of a rubric, built once per rubric object."""
    cached = _INDEX_CACHE.get(id(rubric))
    if cached is not None and cached.rubric is rubric:
        return cached
    texts, owner = exemplar_texts(rubric)
    vectors = encode_cached(texts)  # from the on-disk cache after the first run
    terms = tuple(_point_terms(p, rubric) for p in rubric.points)
    side_cues = tuple(
        tuple(tuple(_lemma_string(c) for c in side.cues) for side in p.sides) if p.kind == "debate" else ((), ())
        for p in rubric.points
    )
    index = RubricIndex(rubric, vectors, np.asarray(owner), terms, side_cues)
    _INDEX_CACHE[id(rubric)] = index
    return index


@dataclass(frozen=True)
class SentenceSignals:
    """Per-sentence evidence for every point: similarity (sentences x points) and term hits."""

    sims: np.ndarray
    vectors: np.ndarray  # (sentences, dim) sentence embeddings, kept for question detection
    hits: tuple[frozenset[int], ...]  # per sentence: indices of points whose terms occur
    hit_terms: tuple[dict[int, frozenset[str]], ...]  # per sentence: point -> matched terms
    causal: np.ndarray
    contrast: np.ndarray
    judgement: np.ndarray
    evaluation: np.ndarray
    narrative: np.ndarray
    dates: np.ndarray
    lengths: np.ndarray


def _ngrams(lemmas: tuple[str, ...], max_n: int = 4) -> set[str]:
    grams = set()
    for n in range(1, max_n + 1):
        for i in range(len(lemmas) - n + 1):
            grams.add(" ".join(lemmas[i : i + n]))
    return grams


def sentence_signals(essay: EssayDoc, rubric: Rubric) -> SentenceSignals:
    """Read every sentence once against every point; the embedding pass is the costly step."""
    index = rubric_index(rubric)
    n_points = len(rubric.points)
    sents = essay.sentences
    if not sents:
        empty = np.zeros(0)
        return SentenceSignals(np.zeros((0, n_points)), np.zeros((0, 0)), (), (), *([empty] * 7))
    texts = [s.text for s in sents]
    # Sentences opening with a pointer back ("It gave Stalin time") are also read joined to their predecessor:
    # their token states pooled together, as one passage without attention across the sentence break.
    joined_for = [
        i for i, s in enumerate(sents)
        if i > 0 and s.paragraph == sents[i - 1].paragraph and ANAPHORA_OPENING.match(s.text)
    ]
    sums = get_embedder().token_sums(texts)  # first and alone: Python work beside it slows its threads (GIL)
    joined = [sums[i - 1] + sums[i] for i in joined_for]  # both sentences' tokens pooled: no extra model run
    vectors = normalise(np.vstack([sums, *joined]) if joined else sums)
    raw = vectors @ index.vectors.T  # (texts, exemplars)
    per_point = np.full((raw.shape[0], n_points), -1.0)
    for p in range(n_points):
        cols = index.owner == p
        per_point[:, p] = raw[:, cols].max(axis=1)
    sims = per_point[: len(sents)].copy()
    for k, i in enumerate(joined_for):
        sims[i] = np.maximum(sims[i], per_point[len(sents) + k])

    grams_per_sentence = [_ngrams(s.lemmas) for s in sents]
    essay_grams: dict[int, set[str]] = {}
    for grams in grams_per_sentence:
        for g in grams:
            essay_grams.setdefault(g.count(" ") + 1, set()).add(g)
    fuzzy_map = _fuzzy_matches(index, essay_grams, rubric.thresholds.fuzzy_name)
    hits, hit_terms = [], []
    for grams in grams_per_sentence:
        found: dict[int, set[str]] = {}
        present = grams | {fuzzy_map[g] for g in grams if g in fuzzy_map}
        for p, point_terms in enumerate(index.terms):
            for term, _ in point_terms:
                if term in present:
                    found.setdefault(p, set()).add(term)
        hits.append(frozenset(found))
        hit_terms.append({p: frozenset(t) for p, t in found.items()})
    return SentenceSignals(
        sims=sims,
        vectors=vectors[: len(sents)],
        hits=tuple(hits),
        hit_terms=tuple(hit_terms),
        causal=np.array([len(CAUSAL.findall(t)) for t in texts], dtype=float),
        contrast=np.array([len(CONTRAST.findall(t)) for t in texts], dtype=float),
        judgement=np.array([len(JUDGEMENT.findall(t)) for t in texts], dtype=float),
        evaluation=np.array([bool(EVALUATION.search(t)) for t in texts], dtype=float),
        narrative=np.array([narrative_opening(t, rubric.dates) for t in texts], dtype=float),
        dates=np.array([count_dates(t, rubric.dates) for t in texts], dtype=float),
        lengths=np.array([len(s.lemmas) for s in sents], dtype=float),
    )


def detect_question(sig: SentenceSignals, rubric: Rubric, opening: int = 3) -> str:
    """The rubric question an essay most likely answers: its opening sentences, which usually restate the
    question, against each question's text (the first question when the rubric has one, or the essay is empty)."""
    if len(rubric.questions) == 1 or sig.vectors.shape[0] == 0:
        return rubric.questions[0].id
    sims = sig.vectors[:opening] @ rubric_index(rubric).question_vectors.T
    return rubric.questions[int(np.argmax(sims.max(axis=0)))].id


def _fuzzy_matches(index: RubricIndex, essay_grams: dict[int, set[str]], cutoff: int) -> dict[str, str]:
    """Essay n-grams that are misspellings of a rubric name ("ribentrop" -> "ribbentrop")."""
    found: dict[str, str] = {}
    for n, names in index.fuzzy_names.items():
        candidates = sorted(g for g in essay_grams.get(n, ()) if len(g) >= 5 and g not in names)
        if not candidates:
            continue
        scores = process.cdist(candidates, names, scorer=fuzz.ratio, score_cutoff=cutoff, workers=1)
        for i, row in enumerate(scores):
            j = int(np.argmax(row))
            if row[j] >= cutoff:
                found[candidates[i]] = names[j]
    return found


def _evidence_order(sig: SentenceSignals, p: int) -> np.ndarray:
    """Sentences ranked as evidence for point p: similarity, with a bonus for its key terms and for sentences
    whose best-matching point it is, and against sentences that resemble every point alike."""
    term_bonus = np.array([0.1 if p in h else 0.0 for h in sig.hits])
    own_bonus = np.where(sig.sims.argmax(axis=1) == p, 0.1, 0.0)
    specificity = sig.sims[:, p] - sig.sims.mean(axis=1)  # summary sentences resemble every point a little
    return np.argsort(-(sig.sims[:, p] + specificity + term_bonus + own_bonus), kind="stable")


def factor_features(sig: SentenceSignals, p: int) -> list[float]:
    """Generic features of one factor point in one essay (names in FACTOR_FEATURES)."""
    if sig.sims.shape[0] == 0:
        return [0.0] * len(FACTOR_FEATURES)
    col = sig.sims[:, p]
    order = np.argsort(-col, kind="stable")
    best = int(order[0])
    others = np.delete(sig.sims[best], p)
    margin = float(col[best] - (others.max() if others.size else 0.0))
    top2 = float(col[order[:2]].mean())
    has_term = np.array([p in h for h in sig.hits])
    sem_with_term = float(col[has_term].max()) if has_term.any() else 0.0
    is_best = sig.sims.argmax(axis=1) == p
    support = float(np.sum(is_best & (col >= DEFAULTS["support_similarity"])))
    terms = set()
    for ht in sig.hit_terms:
        terms |= ht.get(p, frozenset())
    ev = _evidence_order(sig, p)[:2]
    return [
        float(col[best]),
        top2,
        margin,
        sem_with_term,
        min(support, 6.0),
        float(min(len(terms), 6)),
        float(min(has_term.sum(), 6)),
        float(has_term[best]),
        float(np.minimum(sig.causal[ev], 2).sum()),
        float(np.minimum(sig.dates[ev], 2).sum()),
        float(np.log1p(sig.lengths[ev].mean())),
    ]


def debate_features(sig: SentenceSignals, p: int, debate: Point, covered: dict[str, float],
                    cue_hits: tuple[int, int]) -> list[float]:
    """Generic features of one debate: are both sides present, and is the essay weighing them?"""
    if sig.sims.shape[0] == 0:
        return [0.0] * len(DEBATE_FEATURES)
    col = sig.sims[:, p]
    order = np.argsort(-col, kind="stable")
    side_strength = [max((covered.get(pid, 0.0) for pid in side.points), default=0.0) for side in debate.sides]
    n = len(col)
    on_topic = col >= DEFAULTS["evidence_similarity"]
    return [
        float(col[order[0]]),
        float(col[order[:2]].mean()),
        min(side_strength),
        max(side_strength),
        float(min(cue_hits)),
        float(max(cue_hits)),
        float((sig.contrast > 0).sum() / n),
        float(((sig.contrast > 0) & on_topic).sum()),
        float((sig.judgement > 0).sum() / n),
    ]


def side_cue_hits(essay: EssayDoc, index: RubricIndex, p: int) -> tuple[int, int]:
    """How many sentences carry each side's cue phrases."""
    counts = []
    for cues in index.side_cues[p]:
        counts.append(sum(1 for s in essay.sentences if any(f" {c} " in f" {' '.join(s.lemmas)} " for c in cues if c)))
    return (counts[0], counts[1]) if len(counts) == 2 else (0, 0)


@dataclass(frozen=True)
class MatchModels:
    """The fitted decisions: a three-way model for factors, a two-way one for debates, and the probability
    cut-offs chosen for them by cross-validation (marker/fit.py)."""

    factor: LinearModel
    debate: LinearModel
    covered_cut: float = 0.5  # P(covered) at or above which a factor is covered
    mentioned_cut: float = 0.5  # P(covered) + P(partial) at or above which an uncovered factor is partial
    debate_cut: float = 0.5  # P(covered) at or above which a debate is weighed

    def factor_status(self, probs: dict[str, float]) -> str:
        covered = probs.get("covered", 0.0)
        if covered >= self.covered_cut:
            return "covered"
        return "partial" if covered + probs.get("partial", 0.0) >= self.mentioned_cut else "missing"

    def debate_status(self, prob: float) -> str:
        if prob >= self.debate_cut:
            return "covered"
        return "partial" if prob >= self.debate_cut / 2 else "missing"


@dataclass(frozen=True)
class Coverage:
    """The matcher's output for one essay: a PointMatch per point plus the raw features for scoring."""

    points: tuple[PointMatch, ...]
    factor_probs: dict[str, dict[str, float]]
    debate_probs: dict[str, float]
    features: dict[str, list[float]]


def essay_feature_rows(rubric: Rubric, sig: SentenceSignals) -> dict[str, list[float]]:
    """Factor features for every factor point (used both for fitting and for marking)."""
    return {pt.id: factor_features(sig, i) for i, pt in enumerate(rubric.points) if pt.kind == "factor"}


def factor_probabilities(factor: LinearModel, rows: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """Class probabilities (covered / partial / missing) for each factor's feature row."""
    if not rows:
        return {}
    matrix = factor.predict_proba(np.array(list(rows.values())))
    return {pid: {c: float(v) for c, v in zip(factor.classes, row)} for pid, row in zip(rows, matrix)}


def debate_rows(essay: EssayDoc, rubric: Rubric, sig: SentenceSignals,
                factor_probs: dict[str, dict[str, float]]) -> dict[str, list[float]]:
    """Debate features for every debate, read from the factor decisions (used for fitting and for marking)."""
    index = rubric_index(rubric)
    covered = {pid: pr.get("covered", 0.0) for pid, pr in factor_probs.items()}
    return {
        point.id: debate_features(sig, i, point, covered, side_cue_hits(essay, index, i))
        for i, point in enumerate(rubric.points) if point.kind == "debate"
    }


def match_points(essay: EssayDoc, rubric: Rubric, sig: SentenceSignals, models: MatchModels) -> Coverage:
    """Decide every point and debate, with evidence spans in the essay's own text."""
    index = rubric_index(rubric)
    feats = essay_feature_rows(rubric, sig)
    probs = factor_probabilities(models.factor, feats)
    d_rows = debate_rows(essay, rubric, sig, probs)
    feats.update(d_rows)
    covered_col = models.debate.classes.index("covered")
    debate_probs = {
        pid: float(models.debate.predict_proba(np.array([row]))[0, covered_col]) for pid, row in d_rows.items()
    }

    results = []
    for i, point in enumerate(rubric.points):
        if point.kind == "factor":
            pr = probs[point.id]
            status = models.factor_status(pr)
            score = pr.get("covered", 0.0)
        else:
            score = debate_probs[point.id]
            status = models.debate_status(score)
        evidence = _evidence(essay, sig, i, point, status, index)
        results.append(PointMatch(point.id, point.title, point.kind, status, float(score), evidence))
    return Coverage(tuple(results), probs, debate_probs, feats)


def _evidence(essay: EssayDoc, sig: SentenceSignals, p: int, point: Point, status: str,
              index: RubricIndex) -> tuple[Evidence, ...]:
    """Up to max_evidence sentences that show the point, strongest first."""
    if status == "missing" or sig.sims.shape[0] == 0:
        return ()
    chosen: list[int] = []
    if point.kind == "debate":
        for side in point.sides:  # the strongest sentence for each side, then the best sentence weighing them
            side_idx = [k for k, q in enumerate(index.rubric.points) if q.id in side.points]
            if side_idx:
                chosen.append(int(np.argmax(sig.sims[:, side_idx].max(axis=1))))
        contrast = [int(k) for k in np.argsort(-sig.sims[:, p], kind="stable") if sig.contrast[k] > 0]
        chosen.extend(contrast[:1])
    elif status == "partial" and any(p in h for h in sig.hits):
        chosen.append(next(int(k) for k in _evidence_order(sig, p) if p in sig.hits[k]))
    else:
        for k in _evidence_order(sig, p):
            if len(chosen) >= DEFAULTS["max_evidence"]:
                break
            if sig.sims[k, p] >= DEFAULTS["evidence_similarity"] or p in sig.hits[k]:
                chosen.append(int(k))
        if not chosen:
            chosen.append(int(_evidence_order(sig, p)[0]))
    sents = essay.sentences
    unique = list(dict.fromkeys(chosen))
    return tuple(Evidence(sents[k].start, sents[k].end, sents[k].text) for k in unique)

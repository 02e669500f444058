"""Point and debate coverage: which rubric points an essay makes, with the sentences that make them.

Three kinds of evidence are read per sentence and point: semantic similarity to the point's exemplars (its
title, description and example student phrasings, embedded by marker/embed.py), lexical hits of its key terms on
lemmas, and entity hits with fuzzy matching for misspelt names. They are summarised into a few generic features
per (essay, point), and a logistic model fitted on annotated essays (marker/fit.py) turns them into
covered / partial / missing. The features never name a point, so the fitted model transfers to new rubrics.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from marker.claims import argued_in_place, debate_kin, paragraph_points
from marker.defaults import DEFAULTS
from marker.linear import LinearModel, MatchModels
from marker.nlp import EssayDoc
from marker.report import Evidence, PointMatch
from marker.rubric import Point, Rubric
from marker.signals import RubricIndex, SentenceSignals, _words, rubric_index

FACTOR_FEATURES = (
    "sem_max", "sem_top2", "sem_margin", "sem_with_term", "support_sentences", "term_count",
    "term_sentences", "best_has_term", "evidence_causal", "evidence_dates", "evidence_length",
    "named_or_paraphrased", "argued_sentences", "argued_sem", "argued_explained", "bare_mentions",
)
# The development decision (covered or only mentioned, among the factors called covered) reads the factor features
# and the point's importance for the question answered: the rubric's own per-question weight. Examiners call a
# factor the question turns on covered when the essay develops it, and one at the edge of the question's scope
# only mentioned when it comes up in passing (docs/benchmarks.md, issue 14 third round).
DEVELOP_FEATURES = (*FACTOR_FEATURES, "question_importance")
DEBATE_FEATURES = (
    "sem_max", "sem_top2", "side_min", "side_max", "cue_min", "cue_max", "contrast_rate",
    "contrast_on_topic", "judgement_rate", "weighed_windows", "weighed_on_topic", "weighs_rate",
    "question_importance",
)


def question_scores(sig: SentenceSignals, rubric: Rubric, opening: int = 3) -> np.ndarray:
    """How well the essay fits each rubric question: its opening sentences, which usually restate the question,
    against each question's text. Where the opening does not pick one question clearly (its margin under
    `question_margin_sure`), what the essay itself argues is added: the share of its sentences about each point,
    read against each question's importance map (an essay on the golden-age question spends its paragraphs on the
    points that question weights); an essay with few sentences about any point says proportionately less.
    Chosen on the training essays, one topic checked on the other
    (docs/benchmarks.md, issue 14 part 5)."""
    sims = (sig.vectors[:opening] @ rubric_index(rubric).question_vectors.T).max(axis=0)
    ranked = np.sort(sims)[::-1]
    about_counts = sig.about.sum(axis=0).astype(float)
    if ranked.size < 2 or ranked[0] - ranked[1] >= DEFAULTS["question_margin_sure"] or not about_counts.any():
        return sims
    weights = np.array([[rubric.importance(p.id, q.id) for p in rubric.points] for q in rubric.questions])
    return sims + weights @ (about_counts / max(about_counts.sum(), DEFAULTS["question_body_sentences"]))


def detect_question(sig: SentenceSignals, rubric: Rubric, opening: int = 3) -> str:
    """The rubric question an essay most likely answers (question_scores' best; the first question when the
    rubric has one, or the essay is empty)."""
    if len(rubric.questions) == 1 or sig.vectors.shape[0] == 0:
        return rubric.questions[0].id
    return rubric.questions[int(np.argmax(question_scores(sig, rubric, opening)))].id


def _evidence_order(sig: SentenceSignals, p: int) -> np.ndarray:
    """Sentences ranked as evidence for point p: similarity, with a bonus for its key terms and for sentences
    whose best-matching point it is, and against sentences that resemble every point alike."""
    term_bonus = np.array([0.1 if p in h else 0.0 for h in sig.hits])
    own_bonus = np.where(sig.sims.argmax(axis=1) == p, 0.1, 0.0)
    specificity = sig.sims[:, p] - sig.sims.mean(axis=1)  # summary sentences resemble every point a little
    return np.argsort(-(sig.sims[:, p] + specificity + term_bonus + own_bonus), kind="stable")


def _shown_order(sig: SentenceSignals, p: int) -> list[int]:
    """Sentences to show as evidence for point p, best first: those whose grammar makes p what they are about
    (named as subject, object or in the main clause, or paraphrased), then those naming it only in a list or a
    time/scene adjunct ("After Munich, ..."), each tier in _evidence_order. A sentence that belongs only to another
    point (another point its best match, and p not named in its core) is left out. Only the spans shown change:
    the features (and so the statuses) read _evidence_order."""
    best = sig.sims.argmax(axis=1)
    tiers = {}
    for k in _evidence_order(sig, p):
        k = int(k)
        weak = sig.peripheral(k, p)
        if best[k] != p and (weak or p not in sig.hits[k]):
            continue  # only belongs to another point
        tiers[k] = int(weak)
    return sorted(tiers, key=tiers.__getitem__)


def about(sig: SentenceSignals, p: int) -> np.ndarray:
    """Sentences that are about point p (SentenceSignals.about: named outside a list or paraphrased, and p their
    best-matching point within a margin)."""
    return sig.about[:, p]


def argued(sig: SentenceSignals, p: int) -> np.ndarray:
    """Sentences that argue point p: about it, in the argument (not a question line, heading or signpost), and
    explaining it or giving evidence in an explaining passage (marker/moves.py)."""
    if sig.sims.shape[0] == 0:
        return np.zeros(0, dtype=bool)
    return sig.argument.argues(about(sig, p))


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
    terms: set[str] = set()
    for ht in sig.hit_terms:
        terms |= ht.get(p, frozenset())
    ev = _evidence_order(sig, p)[:2]
    argues = argued(sig, p)
    in_argument = np.array([r == "argument" for r in sig.argument.role], dtype=bool)
    explained = about(sig, p) & sig.argument.explains & in_argument
    bare = np.array([p in sig.hits[k] and (sig.listed_only(k, p) or not in_argument[k]) for k in range(len(col))])
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
        float(has_term.any() or col[best] >= DEFAULTS["paraphrase_similarity"]),
        float(min(argues.sum(), 4)),
        float(col[argues].max()) if argues.any() else 0.0,
        float(min(explained.sum(), 4)),
        float(min(bare.sum(), 4)),
    ]
def debate_features(sig: SentenceSignals, p: int, debate: Point, covered: dict[str, float],
                    cue_hits: tuple[int, int], windows: list[tuple[int, list[int], list[int]]],
                    importance: float = 1.0) -> list[float]:
    """Generic features of one debate: are both sides present, is the essay weighing them, and how much does the
    question ask for it (its importance for the question, against the question's chief debate's)."""
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
        float(min(len(windows), 4)),
        float(min(sum(1 for k, _, _ in windows if on_topic[k]), 4)),
        float(sig.argument.weighs.sum() / n),
        importance,
    ]


def _has_cue(lemmas: tuple[str, ...] | list[str], cues: tuple[str, ...]) -> bool:
    text = f" {' '.join(lemmas)} "
    return any(f" {c} " in text for c in cues if c)


def _turn_sides(essay: EssayDoc, sig: SentenceSignals, index: RubricIndex, p: int, k: int,
                ids: dict[str, int]) -> tuple[set[int], set[int]]:
    """Which of the debate's sides the turned clause of weighing sentence k carries, and which the rest of the
    sentence carries: a side's cue words, or a key term of one of the side's points."""
    turn = sig.argument.turns[k] if k < len(sig.argument.turns) else None
    if turn is None:
        return set(), set()
    lo, hi = turn
    s = essay.sentences[k]
    inner: set[int] = set()
    outer: set[int] = set()
    words = _words(essay, s.start, s.end)
    for n, (cues, side) in enumerate(zip(index.side_cues[p], index.rubric.points[p].sides)):
        if _has_cue([w for w, a, b in words if lo <= a and b <= hi], cues):
            inner.add(n)
        if _has_cue([w for w, a, b in words if not (lo <= a and b <= hi)], cues):
            outer.add(n)
        for pid in side.points:
            for a, b in sig.hit_spans[k].get(ids[pid], ()) if pid in ids else ():
                (inner if lo <= a and b <= hi else outer).add(n)
    return inner, outer


def weighing_windows(essay: EssayDoc, sig: SentenceSignals, index: RubricIndex,
                     p: int) -> list[tuple[int, list[int], list[int]]]:
    """Where the essay sets the debate's two sides against each other: each sentence that weighs (a concession,
    a contrast, a comparison, an answered rhetorical question), with the sentences of its passage (itself and its
    neighbours in the paragraph) that carry each side: a side's cue words, or a sentence about one of the side's
    points. A sentence whose own turn sets one side against the other ("although X, Y"; "X, but Y"; "X mattered
    more than Y") weighs the debate by itself."""
    n = sig.sims.shape[0]
    if n == 0:
        return []
    ids = {q.id: i for i, q in enumerate(index.rubric.points)}
    sides = []
    for cues, side in zip(index.side_cues[p], index.rubric.points[p].sides):
        on_side = np.array([_has_cue(lem, cues) for lem in sig.lemmas])
        for pid in side.points:
            if pid in ids:
                on_side |= about(sig, ids[pid])
        sides.append(on_side)
    if len(sides) != 2:
        return []
    debates = [i for i, q in enumerate(index.rubric.points) if q.kind == "debate"]
    out = []
    for k in np.flatnonzero(sig.argument.weighs):
        inner, outer = _turn_sides(essay, sig, index, p, int(k), ids)
        if {0, 1} <= inner | outer and (inner - outer or outer - inner) and inner and outer:
            out.append((int(k), [int(k)], [int(k)]))
            continue
        near = [j for j in (k - 1, k, k + 1) if 0 <= j < n and essay.sentences[j].paragraph == essay.sentences[k].paragraph]
        if not sig.argument.answers[k]:  # a contrast turns against what came before it: itself and the sentence before
            near = [j for j in near if j <= k]
        a, b = [j for j in near if sides[0][j]], [j for j in near if sides[1][j]]
        # ... and the passage is about this debate more than any other of the rubric's debates
        if a and b and sig.sims[near][:, p].max() >= sig.sims[near][:, debates].max() - DEFAULTS["about_margin"]:
            out.append((int(k), [int(j) for j in a], [int(j) for j in b]))
    return out


def side_cue_hits(sig: SentenceSignals, index: RubricIndex, p: int) -> tuple[int, int]:
    """How many sentences carry each side's cue phrases."""
    counts = []
    for cues in index.side_cues[p]:
        counts.append(sum(1 for lem in sig.lemmas if _has_cue(lem, cues)))
    return (counts[0], counts[1]) if len(counts) == 2 else (0, 0)


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


def develop_rows(rubric: Rubric, rows: dict[str, list[float]], question_id: str) -> dict[str, list[float]]:
    """The development decision's features: each factor's row and its importance for the question."""
    return {pid: [*row, rubric.importance(pid, question_id)] for pid, row in rows.items()}


def factor_probabilities(factor: LinearModel, rows: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """Class probabilities (covered / partial / missing) for each factor's feature row."""
    if not rows:
        return {}
    matrix = factor.predict_proba(np.array([row[: len(factor.features)] for row in rows.values()]))
    probs = {pid: {c: float(v) for c, v in zip(factor.classes, row)} for pid, row in zip(rows, matrix)}
    return {pid: gated(pr, rows[pid]) for pid, pr in probs.items()}


_CREDITED = FACTOR_FEATURES.index("named_or_paraphrased")
_ARGUED = FACTOR_FEATURES.index("argued_sentences")


def gated(probs: dict[str, float], row: list[float]) -> dict[str, float]:
    """What the examiner's rules allow whatever the model says: a point neither named nor paraphrased gets no
    credit; a point no sentence argues (only listed, asked, signposted, or stated as a bare fact) is at most
    partial, its covered probability moved to partial."""
    if len(row) <= _ARGUED:
        return probs
    if not row[_CREDITED]:
        return {c: float(c == "missing") for c in probs}
    return probs if row[_ARGUED] else _at_most_partial(probs)


def _at_most_partial(probs: dict[str, float]) -> dict[str, float]:
    return {**probs, "covered": 0.0, "partial": probs.get("partial", 0.0) + probs.get("covered", 0.0)}


def by_paragraph(rubric: Rubric, sig: SentenceSignals, probs: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Demote-only: a factor argued only in body paragraphs whose own point is another, in no debate with it,
    by sentences that do not explain it themselves, is at most partial (marker/claims.py: paragraph_points,
    debate_kin, argued_in_place)."""
    factors = np.array([p.kind == "factor" for p in rubric.points], dtype=bool)
    owners, kin = paragraph_points(sig, factors), debate_kin(rubric)
    out = dict(probs)
    for i, point in enumerate(rubric.points):
        argues = argued(sig, i) if point.id in probs else np.zeros(0, dtype=bool)
        if argues.any() and not argued_in_place(sig, i, argues, owners, kin).any():
            out[point.id] = _at_most_partial(probs[point.id])
    return out


def debate_rows(essay: EssayDoc, rubric: Rubric, sig: SentenceSignals, factor_probs: dict[str, dict[str, float]],
                question_id: str | None = None) -> dict[str, list[float]]:
    """Debate features for every debate, read from the factor decisions (used for fitting and for marking), for the
    question the essay answers (detected from its opening when not given)."""
    index = rubric_index(rubric)
    covered = {pid: pr.get("covered", 0.0) for pid, pr in factor_probs.items()}
    importance = question_importance(rubric, question_id or detect_question(sig, rubric))
    return {
        point.id: debate_features(sig, i, point, covered, side_cue_hits(sig, index, i),
                                  weighing_windows(essay, sig, index, i), importance[point.id])
        for i, point in enumerate(rubric.points) if point.kind == "debate"
    }


def question_importance(rubric: Rubric, question_id: str) -> dict[str, float]:
    """Each debate's importance for the question, as a share of the question's most important debate's (so a
    rubric that weights every debate alike gives each 1.0)."""
    weights = {d.id: rubric.importance(d.id, question_id) for d in rubric.debates}
    top = max(weights.values(), default=0.0)
    return {pid: w / top if top else 1.0 for pid, w in weights.items()}


def match_points(essay: EssayDoc, rubric: Rubric, sig: SentenceSignals, models: MatchModels,
                 question_id: str | None = None, *, paragraphs: bool = True) -> Coverage:
    """Decide every point and debate, with evidence spans in the essay's own text, for the question the essay
    answers (detected from its opening when not given). paragraphs=False leaves out by_paragraph's demotion, so
    the fit chooses its cut-offs without it (marker/fit.py: _choose_cuts)."""
    index = rubric_index(rubric)
    feats = essay_feature_rows(rubric, sig)
    question = question_id or detect_question(sig, rubric)
    develop = develop_rows(rubric, feats, question)
    probs = factor_probabilities(models.factor, feats)
    probs = by_paragraph(rubric, sig, probs) if paragraphs else probs
    d_rows = debate_rows(essay, rubric, sig, probs, question)
    feats.update(d_rows)
    covered_col = models.debate.classes.index("covered")
    windows = DEBATE_FEATURES.index("weighed_windows")
    debate_probs = {  # no passage setting the two sides against each other: not weighed, at most partial
        pid: min(float(models.debate.predict_proba(np.array([row[: len(models.debate.features)]]))[0, covered_col]),
                 1.0 if row[windows] else models.debate_cut * 0.99)
        for pid, row in d_rows.items()
    }

    results = []
    for i, point in enumerate(rubric.points):
        if point.kind == "factor":
            pr = probs[point.id]
            status = models.factor_status(pr)
            if status == "covered" and not models.developed(develop[point.id]):
                status = "partial"  # named and argued, but not developed for this question
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
    windows = weighing_windows(essay, sig, index, p) if point.kind == "debate" else []
    if windows:  # the passage that weighs the two sides, most on topic first: both sides and the weighing
        k, a, b = max(windows, key=lambda w: sig.sims[w[0], p])
        chosen.extend([a[0], b[0], k])
    elif point.kind == "debate":
        for side in point.sides:  # the strongest sentence for each side, then the best sentence weighing them
            side_idx = [k for k, q in enumerate(index.rubric.points) if q.id in side.points]
            if side_idx:
                chosen.append(int(np.argmax(sig.sims[:, side_idx].max(axis=1))))
        contrast = [int(k) for k in np.argsort(-sig.sims[:, p], kind="stable") if sig.contrast[k] > 0]
        chosen.extend(contrast[:1])
    elif status == "partial" and any(p in h for h in sig.hits):
        named = [k for k in _shown_order(sig, p) if p in sig.hits[k]]
        chosen.append(named[0] if named else next(int(k) for k in _evidence_order(sig, p) if p in sig.hits[k]))
    else:  # evidence is about this point: sentences that argue it, then others about it
        argues, own = argued(sig, p), about(sig, p)
        for k in sorted(_shown_order(sig, p), key=lambda k: (not argues[k], not own[k])):
            if len(chosen) >= DEFAULTS["max_evidence"]:
                break
            if own[k] and (sig.sims[k, p] >= DEFAULTS["evidence_similarity"] or p in sig.hits[k]):
                chosen.append(int(k))
        if not chosen:  # nothing clearly about it: the best sentence not belonging to another point
            chosen.append(int((_shown_order(sig, p) or _evidence_order(sig, p))[0]))
    sents = essay.sentences
    unique = list(dict.fromkeys(chosen))
    return tuple(Evidence(sents[k].start, sents[k].end, sents[k].text, sig.quote_role(k, p, index.shared_terms))
                 for k in unique)

"""Reading an essay against a rubric, sentence by sentence: the evidence every coverage decision is made from.

Per sentence and point: semantic similarity to the point's exemplars (its title, description and example student
phrasings, embedded by marker/embed.py) and hits of its key terms and entity names on lemmas, with misspelt words
read as the rubric word they mean (marker/spelling.py, the fact checker's limits). Per sentence: discourse cues
(cause, contrast, judgement, evaluation, narrative, dates) and its role in the argument (marker/moves.py).
marker/match.py turns these into decisions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from rapidfuzz import fuzz, process

from marker.moves import Argument, read_argument
from marker.dates import count_dates, narrative_opening
from marker.defaults import ANAPHORA_OPENING, CAUSAL, CONTRAST, DEFAULTS, EVALUATION, JUDGEMENT
from marker.embed import get_embedder, normalise
from marker.nlp import EssayDoc, Sentence, english_words, get_pipeline, sentence_parses
from marker.rubric import Point, Rubric
from marker.spelling import Speller
from marker.terms import find_terms, may_name, two_word_terms
from marker.vector_cache import encode_cached, exemplar_texts, exemplars  # noqa: F401 (re-exported)


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
    def point_starts(self) -> np.ndarray:
        """The column where each point's exemplars start (exemplar_texts lists them point by point, each point
        with at least its title)."""
        starts = np.searchsorted(self.owner, np.arange(len(self.rubric.points)))
        if not np.array_equal(self.owner, np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(self.owner)]))):
            raise ValueError("rubric exemplars are not grouped point by point with at least one per point")
        return starts

    @cached_property
    def term_points(self) -> dict[str, tuple[int, ...]]:
        """Every key term or name (as a lemma string) and the points it belongs to."""
        out: dict[str, list[int]] = {}
        for p, point_terms in enumerate(self.terms):
            for term, _ in point_terms:
                out.setdefault(term, []).append(p)
        return {t: tuple(ps) for t, ps in out.items()}

    @cached_property
    def shared_terms(self) -> frozenset[str]:
        """Terms and names of two or more factors ("Hindenburg" in four Weimar factors): naming one does not show
        which of them a sentence is about."""
        kinds = [p.kind for p in self.rubric.points]
        return frozenset(t for t, ps in self.term_points.items() if sum(kinds[p] == "factor" for p in ps) > 1)

    @cached_property
    def term_pairs(self) -> dict[str, frozenset[str]]:
        """The two-word terms by their first word (a phrasal verb split by its object may be one)."""
        return two_word_terms(self.term_points)

    @cached_property
    def speller(self) -> Speller:
        """Reads misspelt words of the rubric's terms and names as the words they mean."""
        cues = {c for sides in self.side_cues for side in sides for c in side}
        words = {w for term in (*self.term_points, *cues) for w in term.split()}
        return Speller(words, self.rubric.thresholds.fuzzy_name, known=english_words() | words)


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


TERM_WORDS = 4  # the longest run of words a term is looked for as

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
    index = RubricIndex(rubric, vectors, np.asarray(owner), terms, side_cues)  # type: ignore[arg-type]  # two sides
    _INDEX_CACHE[id(rubric)] = index
    return index


@dataclass(frozen=True)
class SentenceSignals:
    """Per-sentence evidence for every point: similarity (sentences x points), term hits with their places, the
    discourse cues, and the sentence's part in the argument."""

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
    hit_spans: tuple[dict[int, tuple[tuple[int, int], ...]], ...] = ()  # per sentence: point -> essay char spans
    argument: Argument = Argument.empty()
    lemmas: tuple[tuple[str, ...], ...] = ()  # per sentence, misspelt words read as meant (marker/spelling.py)

    @cached_property
    def about(self) -> np.ndarray:
        """(sentences x points) whether each sentence is about each point: it names the point outside a list and
        the point is (nearly) its best-matching one, or it paraphrases the point (similar enough) and the point is
        its best-matching one within a small margin. A sentence that belongs to another point, or names this one
        only in a list, is not evidence for it."""
        n, n_points = self.sims.shape
        top = self.sims.max(axis=1, keepdims=True) if n else np.zeros((0, 1))
        listed = np.zeros((n, n_points), dtype=bool)
        named = np.zeros((n, n_points), dtype=bool)
        for k, points in enumerate(self.hits):  # only a named point can be listed: no need to ask of the others
            for p in points:
                named[k, p] = True
                listed[k, p] = self.listed_only(k, p)
        named &= ~listed
        return (named & (self.sims >= top - DEFAULTS["named_about_margin"])) | (
            (self.sims >= DEFAULTS["paraphrase_similarity"]) & (self.sims >= top - DEFAULTS["about_margin"]) & ~listed)

    def listed_only(self, k: int, p: int) -> bool:
        """Every place sentence k names point p lies inside a coordinated list."""
        return self._named_only_inside(k, p, self.argument.lists[k] if self.argument.lists else ())

    def peripheral(self, k: int, p: int) -> bool:
        """Every place sentence k names point p lies inside a list or a time/scene adjunct ("After Munich, ..."):
        the sentence names the point without being about it, weak evidence for it."""
        lists = self.argument.lists[k] if self.argument.lists else ()
        adjuncts = self.argument.adjuncts[k] if self.argument.adjuncts else ()
        return self._named_only_inside(k, p, (*lists, *adjuncts))

    def quote_role(self, k: int, p: int, shared: frozenset[str] = frozenset()) -> str:
        """How sentence k can be quoted, by itself, as a strength for point p: `explains` when it is in the argument,
        about p (its best match), names p in its core (not only in a list or an adjunct) by a term that is not
        `shared` with other factors (RubricIndex.shared_terms), stands alone and explains within itself; `detail`
        when the same holds but it gives a date or a number instead of explaining; otherwise `mention`."""
        a = self.argument
        own_name = any(t not in shared for t in self.hit_terms[k].get(p, ())) if self.hit_terms else True
        if not a.alone or not (a.role[k] == "argument" and a.alone[k] and self.about[k, p] and p in self.hits[k]
                               and own_name and int(self.sims[k].argmax()) == p and not self.peripheral(k, p)):
            return "mention"
        if a.self_explains[k]:
            return "explains"
        return "detail" if a.evidences[k] else "mention"

    def _named_only_inside(self, k: int, p: int, inside: tuple[tuple[int, int], ...]) -> bool:
        spans = self.hit_spans[k].get(p, ()) if self.hit_spans else ()
        return bool(spans) and all(any(lo <= a and b <= hi for lo, hi in inside) for a, b in spans)


def _words(essay: EssayDoc, start: int, end: int) -> list[tuple[str, int, int]]:
    """A sentence's words as (lemma, start, end), the tokens nlp.analyse keeps for Sentence.lemmas."""
    span = essay.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    return [((t.lemma_.lower() or t.lower_), t.idx, t.idx + len(t.text)) for t in span
            if not (t.is_space or t.is_punct)]


def read_terms(essay: EssayDoc, index: RubricIndex, sents: Sequence[Sentence]) -> list[tuple[dict[int, dict[str, list]],
                                                                                      tuple[str, ...]]]:
    """Per sentence: point -> matched term -> its (start, end) places, and the sentence's lemmas with misspelt words
    read as the rubric word they mean. The sentences that may name a term are parsed (in one batch, kept in
    essay.parses for the sentence roles and the fact checker) so phrasal verbs are read (marker/terms.py)."""
    words = [_words(essay, s.start, s.end) for s in sents]
    lemmas = [tuple(index.speller.correct(w) or w for w, _, _ in ws) for ws in words]
    terms = index.term_points
    parses = sentence_parses(essay, [s.index for s, lem in zip(sents, lemmas)
                                     if may_name(lem, terms, index.term_pairs, TERM_WORDS)])
    out = []
    for s, ws, lem in zip(sents, words, lemmas):
        found: dict[int, dict[str, list]] = {}
        if s.index in parses:
            places = [(a, b) for _, a, b in ws]
            for term, spans in find_terms(lem, places, terms, parses[s.index], s.start, TERM_WORDS).items():
                for p in terms[term]:
                    found.setdefault(p, {})[term] = spans
        out.append((found, lem))
    return out


def sentence_signals(essay: EssayDoc, rubric: Rubric) -> SentenceSignals:
    """Read every sentence once against every point; the embedding pass is the costly step."""
    index = rubric_index(rubric)
    n_points = len(rubric.points)
    sents = essay.sentences
    if not sents:
        empty = np.zeros(0)
        return SentenceSignals(np.zeros((0, n_points)), np.zeros((0, 0)), (), (), empty, empty, empty, empty, empty, empty, empty)
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
    # each point's best exemplar: one reduction over the point's run of columns (exemplars are in point order)
    per_point = np.maximum.reduceat(raw, index.point_starts, axis=1).astype(np.float64)
    sims = per_point[: len(sents)].copy()
    for k, i in enumerate(joined_for):
        sims[i] = np.maximum(sims[i], per_point[len(sents) + k])

    found, lemmas = zip(*read_terms(essay, index, sents))
    contrast = np.array([len(CONTRAST.findall(t)) for t in texts], dtype=float)
    # The question restated: one of the essay's opening sentences, as close to a rubric question as its wording.
    question_like = (vectors[: len(sents)] @ index.question_vectors.T).max(axis=1) >= DEFAULTS["question_similarity"]
    question_like[DEFAULTS["question_opening"]:] = False
    titles = [p.title.lower() for p in rubric.points]  # a rubric point's own title pasted in is a title line
    title_like = np.array([process.extractOne(t.lower().rstrip(" ."), titles, scorer=fuzz.ratio,
                                              score_cutoff=DEFAULTS["title_similarity"]) is not None for t in texts])
    candidates = np.array([bool(f) for f in found]) | (sims.max(axis=1) >= DEFAULTS["support_similarity"]) \
        | (contrast > 0)
    return SentenceSignals(
        sims=sims,
        vectors=vectors[: len(sents)],
        hits=tuple(frozenset(f) for f in found),
        hit_terms=tuple({p: frozenset(t) for p, t in f.items()} for f in found),
        causal=np.array([len(CAUSAL.findall(t)) for t in texts], dtype=float),
        contrast=contrast,
        judgement=np.array([len(JUDGEMENT.findall(t)) for t in texts], dtype=float),
        evaluation=np.array([bool(EVALUATION.search(t)) for t in texts], dtype=float),
        narrative=np.array([narrative_opening(t, rubric.dates) for t in texts], dtype=float),
        dates=np.array([count_dates(t, rubric.dates) for t in texts], dtype=float),
        lengths=np.array([len(s.lemmas) for s in sents], dtype=float),
        hit_spans=tuple({p: tuple(sp for spans in t.values() for sp in spans) for p, t in f.items()} for f in found),
        argument=read_argument(essay, candidates, question_like, title_like),
        lemmas=lemmas,
    )

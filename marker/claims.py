"""Two things about the student's own claims that an examiner reads and no other level feature does, with no topic
in them: whether a sentence of argument is about the rubric's period at all, and whether its claim is qualified.

- Off the period: a sentence of the student's own argument (question lines, headings, signposts left out) whose
  every date lies wholly outside the rubric's period (the span in its title), read through the one date grammar
  (marker/dates). "4 of 20 sentences are dated outside 1924-41" is something a teacher can be told. The
  introduction counts like any paragraph: on the training essays, weak answers open with biography and background
  outside the period, strong ones do not (leaving the introduction out read worse; docs/benchmarks.md, round 7).
- Qualified: a claim set by degree, comparison or limit rather than asserted flatly, read from the dependency parse
  of the sentence's main clause: a comparative with "than" or "rather than", a concession clause ("although",
  "while", "even though"), a degree or limit modifier of the main predicate ("partly", "only", "largely", "to some
  extent"), or a modal of judgement on the main verb ("may", "might", "could"). The same word elsewhere (an "only"
  on a noun, a "could" of ability in a subordinate clause) does not count: the parse says what it governs.
"""

from __future__ import annotations

import numpy as np

from marker.dates import parse_dates
from marker.nlp import EssayDoc, sentence_parses
from marker.rubric import Rubric
from marker.signals import SentenceSignals

_CONCESSIVE = frozenset({"although", "though", "whilst", "while", "whereas"})
# Degree and limit modifiers of a predicate: the claim holds in part, mainly, or no further than this.
_DEGREE = frozenset({
    "partly", "partially", "only", "largely", "mainly", "mostly", "primarily", "chiefly", "essentially",
    "ultimately", "merely", "somewhat", "arguably", "perhaps", "probably", "possibly", "likely", "slightly",
    "fundamentally", "initially", "temporarily", "briefly", "less", "more", "least", "most", "above",
})
# Modifiers that limit a claim when it is negated ("not simply pushed", "not entirely new").
_LIMITS = frozenset({"simply", "solely", "purely", "entirely", "wholly", "necessarily", "just", "always"})
# "to some extent", "in part", "up to a point", "in the short term"
_EXTENT = frozenset({"extent", "degree", "point", "part", "measure", "term"})
_MODALS = frozenset({"may", "might", "could"})
_JUDGEMENT_VERBS = frozenset({"seem", "appear", "suggest"})
_PREDICATE_DEPS = frozenset({"conj", "ccomp", "acomp", "attr", "xcomp"})  # a root's dependents that carry its claim


def period(rubric: Rubric) -> tuple[int, int] | None:
    """The years the rubric is about: the span in its title ("Soviet foreign policy 1924-41"); None when it names
    none. (A question's own narrower span is not used: an answer on "the golden age, 1924-29" rightly sets 1923
    and 1930-33 against it.)"""
    dates = [d for d in parse_dates(rubric.title, settings=rubric.dates) if d.kind == "range"]
    return (min(d.lo.year for d in dates), max(d.hi.year for d in dates)) if dates else None


def outside_period(text: str, years: tuple[int, int] | None, rubric: Rubric) -> bool:
    """The sentence is dated, and every date in it lies wholly outside `years` (a date overlapping the period, or a
    relative one, keeps it in)."""
    if years is None:
        return False
    dates = parse_dates(text, settings=rubric.dates)
    return bool(dates) and all(not (d.relative or d.partial) and (d.hi.year < years[0] or d.lo.year > years[1])
                               for d in dates)


def off_period(rubric: Rubric, essay: EssayDoc, own: np.ndarray) -> np.ndarray:
    """Per sentence: one of the student's own sentences of argument dated wholly outside the rubric's period."""
    years = period(rubric)
    return np.array([bool(o) and outside_period(s.text, years, rubric) for s, o in zip(essay.sentences, own)],
                    dtype=bool)


def own_sentences(sig: SentenceSignals) -> np.ndarray:
    """The essay's own sentences of argument: not question lines, headings or signposts."""
    return np.array([r == "argument" for r in sig.argument.role], dtype=bool)


def off_period_told(rubric: Rubric, essay: EssayDoc, sig: SentenceSignals) -> np.ndarray:
    """Per sentence: outside the period and about none of the rubric's points, what a teacher and student are told
    about. A dated sentence about a rubric point is not called off the question, whatever its date: long-term causes
    (an alliance of 1879 in an essay on 1890-1914), background a point names (the civil war of 1918-20) and the
    historians who judged it later are part of an answer."""
    own = own_sentences(sig)
    if len(own) != len(essay.sentences) or not own.any():
        return np.zeros(len(essay.sentences), dtype=bool)
    return off_period(rubric, essay, own) & ~sig.about.any(axis=1)


def off_period_reason(rubric: Rubric, told: np.ndarray, own: np.ndarray) -> str | None:
    """What a teacher is told about sentences outside the period ("Relevance: 4 of 20 sentences of argument are
    dated outside 1924-41, ..."), or None when there are none (`told`: off_period_told)."""
    years = period(rubric)
    if not told.any() or years is None:
        return None
    return (f"Relevance: {int(told.sum())} of {int(own.sum())} sentences of argument are dated only outside "
            f"{years[0]}-{years[1]}, the rubric's period, and are about none of its points: a little is context, "
            "much of it costs marks.")


def _main_predicates(sent) -> list:
    """The sentence's claim: its root, the roots of clauses coordinated with it, a clausal complement of a reporting
    root ("This shows that ..."), and the adjective or noun a copula predicates."""
    roots = [t for t in sent if t.dep_ == "ROOT"]
    preds = list(roots)
    for r in roots:
        preds += [c for c in r.children if c.dep_ in _PREDICATE_DEPS]
    return preds


def _governed_by(tok, pred_ids: set[int], depth: int = 3) -> bool:
    """The token hangs from one of the predicates within `depth` arcs (its phrase is part of the claim)."""
    for _ in range(depth):
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.i in pred_ids:
            return True
    return False


def qualification(sent) -> str | None:
    """How a parsed sentence's claim is qualified ("concession", "comparison", "degree", "modal"), or None when it
    is asserted flatly (see the module's docstring)."""
    preds = _main_predicates(sent)
    pred_ids = {p.i for p in preds}
    for tok in sent:
        low = tok.lower_
        if tok.dep_ == "mark" and low in _CONCESSIVE and tok.head.dep_ == "advcl" and tok.head.head.i in pred_ids:
            return "concession"
        if low == "than" and (tok.head.tag_ in {"JJR", "RBR"} or tok.i > sent.start
                              and sent.doc[tok.i - 1].lower_ == "rather"
                              or any(c.tag_ in {"JJR", "RBR"} for c in tok.head.children)):
            return "comparison"
    for tok in sent:  # a ranking: a superlative in the claim's subject, object or complement ("the most important")
        if tok.tag_ in {"JJS", "RBS"} and tok.lower_ != "least" and _governed_by(tok, pred_ids):
            return "comparison"
    for p in preds:
        negated = any(n.dep_ == "neg" for n in p.children)
        for c in p.children:
            if c.dep_ in {"advmod", "npadvmod"} and (c.lower_ in _DEGREE or negated and c.lower_ in _LIMITS):
                return "degree"
            if c.dep_ == "prep" and any(g.lower_ == "part" or g.lemma_.lower() in _EXTENT
                                        and any(d.dep_ in {"det", "amod"} for d in g.children) for g in c.children):
                return "degree"
            if c.dep_ == "aux" and c.lower_ in _MODALS and not negated:
                return "modal"  # "may have", "could be argued"; "could not" is ability, not judgement
            if c.dep_ == "aux" and c.lower_ in {"would", "'d"} and any(a.dep_ == "aux" and a.lower_ == "have"
                                                                      for a in p.children):
                return "modal"  # a counterfactual judged: "would not have done business with Hitler"
        if p.lemma_.lower() in _JUDGEMENT_VERBS:
            return "modal"
    return None


def qualified(essay: EssayDoc, own: np.ndarray) -> np.ndarray:
    """Per sentence: the student's own sentence of argument whose claim is qualified (parsed here if no one has)."""
    out = np.zeros(len(essay.sentences), dtype=bool)
    for i, doc in sentence_parses(essay, np.flatnonzero(own).tolist()).items():
        out[i] = qualification(doc[:]) is not None
    return out


def paragraph_points(sig: SentenceSignals, factors: np.ndarray) -> dict[int, frozenset[int]]:
    """Each body paragraph's own point(s) (paragraph number -> point indices; `factors` a boolean per point): the
    factor points its topic sentence (its first sentence of the student's own argument) is about, else those most of
    its argued sentences are about; none when neither names a factor. Body paragraphs are those of the student's own
    argument but the first and the last, when there are three or more (an introduction and a conclusion range over
    every point)."""
    own = own_sentences(sig)
    if len(own) == 0:
        return {}
    paragraphs = list(dict.fromkeys(int(g) for g in sig.argument.paragraph[own]))
    about = sig.about & factors[None, :]
    argues = sig.argument.argues(about.any(axis=1))
    out: dict[int, frozenset[int]] = {}
    for g in paragraphs[1:-1] if len(paragraphs) >= 3 else []:
        members = np.flatnonzero((sig.argument.paragraph == g) & own)
        topic = np.flatnonzero(about[members[0]])
        if not topic.size:  # the point most of its argued sentences are about
            counts = about[members[argues[members]]].sum(axis=0)
            topic = np.flatnonzero(counts == counts.max()) if counts.max() > 0 else topic
        out[g] = frozenset(int(p) for p in topic)
    return out


def debate_kin(rubric: Rubric) -> np.ndarray:
    """Points x points: True where two points share one of the rubric's debates, on the same side or on opposite
    sides (a point is kin to itself). A paragraph on one argues the other as part of its own story (a side and its
    answer); a point in no debate with it is only named there."""
    n = len(rubric.points)
    index = {p.id: i for i, p in enumerate(rubric.points)}
    kin = np.eye(n, dtype=bool)
    for point in rubric.points:
        debated = [index[q] for side in point.sides for q in side.points]
        kin[np.ix_(debated, debated)] = True
    return kin


def argued_in_place(sig: SentenceSignals, p: int, argues: np.ndarray, owners: dict[int, frozenset[int]],
                    kin: np.ndarray) -> np.ndarray:
    """Of the sentences that argue point p (`argues`), those that still do when a body paragraph argues another
    point (`owners`: paragraph_points): in a paragraph whose own points are none of p's kin (`kin`: debate_kin, the
    points in a debate with p, on either side), a sentence argues p only if it explains p itself (its own clause
    explains, or answers a rhetorical question); the paragraph's explanation no longer lends it evidence. A point
    that is its paragraph's own point or kin to it, or argued outside the body paragraphs, keeps what it has."""
    moves = sig.argument
    foreign = np.array([bool(owners.get(int(g))) and not kin[p, sorted(owners[int(g)])].any() for g in moves.paragraph],
                       dtype=bool)
    return argues & (~foreign | moves.explains | moves.answers)

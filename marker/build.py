"""Drafting a rubric from source documents: the teacher's notes, textbooks and model answers.

A teacher should check and edit a draft, not write a rubric from nothing. The draft is built in four passes over
the documents' sentences, none of which knows the topic:

- points: substantive sentences are embedded and grouped across documents (agglomerative clustering on cosine
  distance); groups are ranked by how many documents make the argument and how argumentative their sentences are
  (cause, contrast and judgement cues), then titled from their distinctive names and TF-IDF terms;
- debates: sentences that weigh one explanation against another ("X versus Y", "X over Y", "from X to Y",
  "the tension between X and Y", "in the short term ... ultimately ...") give pairs of sides; pairs that recur
  become debates, each side tied to the points it is nearest;
- facts: events next to dates and people next to roles become facts, all unverified, because sources contain slips;
- levels: the default 5-level, 25-mark scheme.

The draft is plain frozen data (Draft), so the app can merge, split, reorder and edit it before `to_rubric_yaml`.
Output depends only on the documents and their order.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import yaml

from marker.dates import DateClaim, parse_dates, precision_of
from marker.defaults import CAUSAL, CONTRAST, JUDGEMENT
from marker.errors import MarkerError
from marker.report import PointMatch, Report
from marker.rubric import DateSettings, Rubric, parse_rubric

BUILD_DEFAULTS = {
    # Sentences shorter than this (in words) are headings or bullet fragments, not arguments.
    "min_words": 7,
    # Sentences longer than this are cut at this many words before embedding (the model reads 128 tokens).
    "max_words": 90,
    # Agglomerative clustering: sentences closer than this cosine distance (average linkage) form one group.
    "cluster_distance": 0.7,
    # Share of the clustering distance taken from shared TF-IDF terms and names rather than embeddings: embeddings
    # alone put every sentence about the same actors together, shared rare terms tell events apart.
    "lexical_weight": 0.3,
    # Groups larger than this are clustered again, tighter (a rubric point is one argument, not a chapter).
    "max_group": 12,
    # At most this many factor points in a draft (the teacher deletes more easily than writes).
    "max_points": 28,
    # A group needs this many sentences to become a point (a rubric point needs two phrasings).
    "min_group": 2,
    # Phrasings and provenance passages kept per point.
    "max_phrasings": 8,
    "max_provenance": 3,
    # Key terms per point (the median of the hand-written rubrics' factors: 10 in both shipped topics; 8 measured
    # worse on both topics' drafts, docs/builder.md), and the share of a name's mentions that must fall in a group
    # for it to be the group's.
    "key_terms": 10,
    "entity_share": 0.4,
    "term_share": 0.3,
    "max_term_df": 0.08,  # nor can a term found in more than this share of all sentences
    # Side phrases of debate passages closer than this cosine similarity name the same side.
    "side_similarity": 0.45,
    "max_debates": 4,
    "min_debate_passages": 2,
}

DEFAULT_LEVELS = (
    (1, (1, 5), "Limited understanding of the question; little relevant or accurate evidence; narrative or "
                "assertion with no meaningful analysis and no supported judgement."),
    (2, (6, 10), "Mostly descriptive or deals with part of the question; limited and sometimes inaccurate "
                 "evidence; links to the question implicit; judgement asserted rather than argued."),
    (3, (11, 15), "Some understanding and some analysis, but generalised, unbalanced or drifting into narrative; "
                  "some relevant evidence of uneven range and precision; a partly supported judgement."),
    (4, (16, 20), "Well organised with good understanding; analyses a range of factors with relevant, mostly "
                  "accurate evidence; considers more than one interpretation; a reasoned but partly "
                  "substantiated judgement."),
    (5, (21, 25), "Well organised with full understanding; a sustained, balanced analysis with precise, "
                  "wide-ranging evidence; weighs factors and interpretations against each other and reaches a "
                  "substantiated judgement."),
)


class BuildError(MarkerError):
    """The documents cannot make a draft (none readable, or too little argument in them)."""


# --------------------------------------------------------------------------------------------------------------
# Frozen data between the stages
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """One sentence of a source document, with its character span in that document's text."""

    document: str
    start: int
    end: int
    text: str
    cues: int = 0  # cause, contrast and judgement cues in it


@dataclass(frozen=True)
class DraftPoint:
    """A candidate key point: passages grouped across documents, titled and described."""

    id: str
    title: str
    passages: tuple[Passage, ...]
    key_terms: tuple[str, ...]
    entities: tuple[str, ...]
    importance: float = 0.5
    description: str = ""

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(sorted({p.document for p in self.passages}))


@dataclass(frozen=True)
class DraftSide:
    label: str
    cues: tuple[str, ...]
    points: tuple[str, ...]


@dataclass(frozen=True)
class DraftDebate:
    """A candidate debate: passages that weigh one side against another, with the points each side draws on."""

    id: str
    title: str
    sides: tuple[DraftSide, DraftSide]
    passages: tuple[Passage, ...]
    importance: float = 0.7


@dataclass(frozen=True)
class DraftFact:
    """A candidate fact (event and date, person and role, parties, order), never verified by the builder."""

    id: str
    statement: str
    names: tuple[str, ...]
    passage: Passage
    date: dt.date | None = None
    precision: str = "year"
    role: tuple[str, str] | None = None  # (person, role)
    parties: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    verified: bool = False
    alternatives: tuple[str, ...] = ()  # other dates the sources give for the same event


@dataclass(frozen=True)
class Draft:
    """A draft rubric as plain data; `to_rubric_yaml` turns it into a rubric file."""

    rubric_id: str
    title: str
    documents: tuple[str, ...]
    points: tuple[DraftPoint, ...]
    debates: tuple[DraftDebate, ...]
    facts: tuple[DraftFact, ...]
    subject: str = "History"
    qualification: str = "A-level"
    question: str = ""
    idf: tuple[tuple[str, float], ...] = field(default=(), repr=False)


# --------------------------------------------------------------------------------------------------------------
# Reading documents into passages
# --------------------------------------------------------------------------------------------------------------

_NAME_WORD = r"[A-Z][A-Za-z'’\-]*[a-z][A-Za-z'’\-]*|[A-Z]{2,}"
_NAME = re.compile(
    rf"\b(?:{_NAME_WORD})(?:\s+(?:of|of the|de|von|and)\s+(?:{_NAME_WORD})|\s+(?:{_NAME_WORD}))*"
)
_GENERIC_CAPITALS = frozenset(
    "the a an in on at by for from to of and but however this that these those it he she they his her their its "
    "after before during while when although though as with despite following initially faced key both one two "
    "first second third overall thus also yet so if since until".split()
)


def _strip_generic_opening(words: list[str]) -> list[str]:
    """Drop leading function words ("However Britain" -> "Britain")."""
    while words and words[0].lower() in _GENERIC_CAPITALS:
        words = words[1:]
    return words


@dataclass(frozen=True)
class _Sentence:
    passage: Passage
    lemmas: tuple[str, ...]  # lower-case lemmas, no punctuation
    words: tuple[str, ...]  # lower-case surface words aligned with lemmas
    stops: tuple[bool, ...]
    names: tuple[str, ...]


def read_documents(paths: Sequence[str | Path]) -> list[tuple[str, str]]:
    """(name, text) for each document, read through ingest so every supported format works."""
    from marker.ingest import read_essay

    docs, seen = [], Counter()
    for path in paths:
        text = read_essay(path).text
        name = Path(path).name
        seen[name] += 1
        docs.append((name if seen[name] == 1 else f"{name}#{seen[name]}", text))
    return docs


def _names_in(text: str) -> tuple[str, ...]:
    """Capitalised names: multi-word ones anywhere, single words when not opening the sentence."""
    found = []
    for m in _NAME.finditer(text):
        name = m.group(0).strip()
        words = _strip_generic_opening(name.split())
        if not words:
            continue
        name = " ".join(words)
        sentence_start = m.start() == 0 or text[: m.start()].rstrip().endswith((".", ":", "!", "?"))
        if len(words) == 1 and (sentence_start and name == m.group(0).strip() or len(name) < 3):
            continue
        found.append(name.rstrip("’'").removesuffix("’s").removesuffix("'s"))
    return tuple(found)


def _sentences(docs: Sequence[tuple[str, str]]) -> list[_Sentence]:
    from spacy.lang.en.stop_words import STOP_WORDS

    from marker.nlp import analyse

    out, seen_texts = [], set()
    for name, text in docs:
        essay = analyse(text)
        for s in essay.sentences:
            n_words = len(s.lemmas)
            if n_words < BUILD_DEFAULTS["min_words"] or s.text.rstrip().endswith("?"):
                continue
            key = " ".join(s.lemmas)
            if key in seen_texts:
                continue
            seen_texts.add(key)
            span = essay.doc.char_span(s.start, s.end, alignment_mode="expand")
            tokens = [t for t in span if not (t.is_punct or t.is_space)] if span is not None else []
            lemmas = tuple((t.lemma_ or t.lower_).lower() for t in tokens)
            words = tuple(t.lower_ for t in tokens)
            stops = tuple(t.lower_ in STOP_WORDS or not any(c.isalpha() for c in t.text) for t in tokens)
            cues = len(CAUSAL.findall(s.text)) + len(CONTRAST.findall(s.text)) + len(JUDGEMENT.findall(s.text))
            passage = Passage(name, s.start, s.end, s.text, cues)
            out.append(_Sentence(passage, lemmas, words, stops, _names_in(s.text)))
    return out


# --------------------------------------------------------------------------------------------------------------
# Terms: TF-IDF over sentences, shown in their commonest surface form
# --------------------------------------------------------------------------------------------------------------


def _terms(sentence: _Sentence) -> dict[str, str]:
    """Lemma unigrams and bigrams (no stop word at either edge) -> surface form in this sentence."""
    out = {}
    n = len(sentence.lemmas)
    for i in range(n):
        if sentence.stops[i] or len(sentence.lemmas[i]) < 3:
            continue
        out.setdefault(sentence.lemmas[i], sentence.words[i])
        for j in (i + 1, i + 2):
            if j < n and not sentence.stops[j] and not any(sentence.stops[k] for k in range(i + 1, j)):
                out.setdefault(" ".join(sentence.lemmas[i : j + 1]), " ".join(sentence.words[i : j + 1]))
                break
    return out


def _idf(sentences: Sequence[_Sentence]) -> dict[str, float]:
    df = Counter()
    for s in sentences:
        df.update(_terms(s).keys())
    n = len(sentences)
    return {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}


def _ranked_terms(sentences: Sequence[_Sentence], idf: dict[str, float]) -> list[tuple[str, str, float]]:
    """(lemma term, surface form, score) by TF-IDF within a group; a term must recur unless the group is tiny."""
    tf, surfaces = Counter(), defaultdict(Counter)
    for s in sentences:
        for lemma, surface in _terms(s).items():
            tf[lemma] += 1
            surfaces[lemma][surface] += 1
    need = 2 if len(sentences) >= 3 else 1
    n_corpus = math.exp(max(idf.values(), default=1.0) - 1.0)  # idf's (1 + N) / 1 for a term seen once
    scored = []
    for lemma, count in tf.items():
        if count < need:
            continue
        corpus_count = max((1 + n_corpus) / math.exp(idf.get(lemma, 1.0) - 1.0) - 1, count)
        if count / corpus_count < BUILD_DEFAULTS["term_share"] or corpus_count > BUILD_DEFAULTS["max_term_df"] * n_corpus:
            continue  # a term all over the documents ("stalin", "soviet") does not pick this argument out
        bonus = 1.3 if " " in lemma else 1.0
        scored.append((lemma, surfaces[lemma].most_common(1)[0][0], count * idf.get(lemma, 1.0) * bonus))
    scored.sort(key=lambda t: (-t[2], t[0]))
    kept: list[tuple[str, str, float]] = []
    for lemma, surface, score in scored:
        if any(lemma in k[0].split() or lemma == k[0] for k in kept if " " in k[0]) and " " not in lemma:
            continue  # a word already shown inside a kept phrase
        kept.append((lemma, surface, score))
    return kept


def _group_entities(group: Sequence[_Sentence], corpus_names: Counter) -> list[str]:
    counts = Counter(n for s in group for n in set(s.names))
    out = []
    for name, c in sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0])):
        share = c / corpus_names[name]
        if share >= BUILD_DEFAULTS["entity_share"] and (c >= 2 or " " in name or len(group) <= 3):
            out.append(name)
    return out[:5]


def slug(text: str, taken: Iterable[str] = ()) -> str:
    """A rubric id from a title, unique among `taken`."""
    base = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("’", "").replace("'", "")).strip("-")[:60].strip("-")
    base = base or "point"
    taken = set(taken)
    candidate, k = base, 2
    while candidate in taken:
        candidate, k = f"{base}-{k}", k + 1
    return candidate


def _title(entities: Sequence[str], terms: Sequence[tuple[str, str, float]]) -> str:
    """The group's most distinctive name (or term), then two terms that add new words."""
    head = entities[0] if entities else (terms[0][1].capitalize() if terms else "Point")
    shown = set(head.lower().replace("-", " ").split())
    rest = []
    for _, surface, _ in terms:
        words = set(surface.lower().replace("-", " ").split())
        if words - shown and len(rest) < 2:
            rest.append(surface)
            shown |= words
    return f"{head}: {', '.join(rest)}" if rest else head


# --------------------------------------------------------------------------------------------------------------
# Points
# --------------------------------------------------------------------------------------------------------------


def _embed(texts: Sequence[str]) -> np.ndarray:
    from marker.embed import get_embedder

    cap = BUILD_DEFAULTS["max_words"]
    return get_embedder().encode([" ".join(t.split()[:cap]) for t in texts])


def _lexical(sentences: Sequence[_Sentence], idf: dict[str, float]) -> np.ndarray:
    """L2-normalised TF-IDF rows over lemma terms, names counted twice."""
    vocab = {t: k for k, t in enumerate(sorted(idf))}
    rows = np.zeros((len(sentences), len(vocab)), dtype=np.float32)
    for i, s in enumerate(sentences):
        for term in _terms(s):
            rows[i, vocab[term]] = idf[term]
        for name in s.names:
            for term in _terms_of_name(name):
                if term in vocab:
                    rows[i, vocab[term]] += idf[term]
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.maximum(norms, 1e-12)


def _terms_of_name(name: str) -> list[str]:
    words = [w.lower() for w in re.findall(r"[\w’'-]+", name)]
    return [w for w in words if len(w) >= 3]


def _clusters(vectors: np.ndarray, distance: float | None = None, depth: int = 0) -> list[list[int]]:
    """Agglomerative groups (average linkage, cosine); oversized groups are split again more tightly."""
    from sklearn.cluster import AgglomerativeClustering

    distance = BUILD_DEFAULTS["cluster_distance"] if distance is None else distance
    if len(vectors) < 2:
        return [list(range(len(vectors)))]
    labels = AgglomerativeClustering(
        n_clusters=None, distance_threshold=distance, metric="cosine", linkage="average"
    ).fit_predict(vectors)
    groups: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        groups[int(label)].append(i)
    out = []
    for members in groups.values():
        if len(members) > BUILD_DEFAULTS["max_group"] and depth < 3:
            out.extend([members[k] for k in sub] for sub in _clusters(vectors[members], distance * 0.85, depth + 1))
        else:
            out.append(members)
    return sorted(out, key=lambda g: g[0])


def _order_phrasings(members: Sequence[int], vectors: np.ndarray, sentences: Sequence[_Sentence]) -> list[int]:
    """Most central sentence first, taking documents in turn so phrasings come from different documents."""
    centroid = vectors[list(members)].mean(axis=0)
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i in sorted(members, key=lambda i: (-float(vectors[i] @ centroid), i)):
        by_doc[sentences[i].passage.document].append(i)
    docs = sorted(by_doc, key=lambda d: (-float(vectors[by_doc[d][0]] @ centroid), d))
    ordered = []
    while any(by_doc.values()):
        for d in docs:
            if by_doc[d]:
                ordered.append(by_doc[d].pop(0))
    return ordered


def describe_point(passages: Sequence[Passage], idf: dict[str, float], corpus_names: Counter | None = None,
                   taken_ids: Iterable[str] = ()) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    """(id, title, key terms, entities) for a set of passages: used when building, merging and splitting."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from marker.nlp import get_pipeline

    group = []
    for p in passages:
        tokens = [t for t in get_pipeline()(p.text) if not (t.is_punct or t.is_space)]
        group.append(_Sentence(p, tuple((t.lemma_ or t.lower_).lower() for t in tokens), tuple(t.lower_ for t in tokens),
                               tuple(t.lower_ in STOP_WORDS or not any(c.isalpha() for c in t.text) for t in tokens),
                               _names_in(p.text)))
    names = corpus_names if corpus_names is not None else Counter(n for s in group for n in set(s.names))
    for s in group:
        for n in set(s.names):
            names.setdefault(n, 1)
    terms = _ranked_terms(group, idf)
    entities = _group_entities(group, names)
    title = _title(entities, terms)
    key_terms = []
    for _, surface, _ in terms:
        if surface not in key_terms and len(key_terms) < BUILD_DEFAULTS["key_terms"]:
            key_terms.append(surface)
    return slug(title.split(":")[0] if ":" in title and len(title.split(":")[0]) > 8 else title, taken_ids), title, \
        tuple(key_terms), tuple(entities)


def _draft_points(sentences: Sequence[_Sentence], vectors: np.ndarray, idf: dict[str, float]) -> list[DraftPoint]:
    corpus_names = Counter(n for s in sentences for n in set(s.names))
    n_docs = len({s.passage.document for s in sentences})
    w = BUILD_DEFAULTS["lexical_weight"]
    features = np.hstack([vectors * math.sqrt(1 - w), _lexical(sentences, idf) * math.sqrt(w)])
    candidates = []
    for members in _clusters(features):
        if len(members) < BUILD_DEFAULTS["min_group"]:
            continue
        docs = {sentences[i].passage.document for i in members}
        density = float(np.mean([min(sentences[i].passage.cues, 3) for i in members]))
        support = len(docs) / max(n_docs, 1)
        score = 2.0 * support + 0.5 * min(len(members), 8) / 8 + 0.4 * density / 3
        candidates.append((score, members))
    candidates.sort(key=lambda c: (-c[0], c[1][0]))
    candidates = candidates[: BUILD_DEFAULTS["max_points"]]
    top = candidates[0][0] if candidates else 1.0
    points, taken = [], []
    for score, members in candidates:
        ordered = _order_phrasings(members, vectors, sentences)
        passages = tuple(sentences[i].passage for i in ordered)
        pid, title, key_terms, entities = describe_point(passages, idf, corpus_names, taken)
        taken.append(pid)
        points.append(DraftPoint(
            id=pid, title=title, passages=passages, key_terms=key_terms, entities=entities,
            importance=round(0.3 + 0.6 * score / top, 2), description=passages[0].text,
        ))
    return points


# --------------------------------------------------------------------------------------------------------------
# Debates: passages weighing one side against another
# --------------------------------------------------------------------------------------------------------------

_SIDE_STOP = re.compile(
    r"[,;:.()\u2014\u2013]|\b(?:during|which|that|who|while|when|because|as|in|at|by|for|with|of|on|to|and|but|"
    r"often|was|were|is|are|had|has|have|this|it|the|a|an|its|their|his|her|before|after|until|into|from|over)\b",
    re.IGNORECASE,
)
_PAIR_PATTERNS = (
    # "X versus Y", "X vs Y"
    re.compile(r"(?P<a>[\w’'\- ]{3,60}?)\s+(?:versus|vs\.?)\s+(?P<b>[\w’'\- ]{3,60})", re.IGNORECASE),
    # "the tension / balance / interplay / choice between X and Y", "balance X and Y"
    re.compile(r"\b(?:tension|balance|interplay|choice|conflict|struggle)\s+(?:between|of)?\s*"
               r"(?P<a>[\w’'\- ]{3,60}?)\s+and\s+(?P<b>[\w’'\- ]{3,60})", re.IGNORECASE),
    # "evolved / shifted / moved from X to Y"
    re.compile(r"\b(?:evolved|shifted|moved|turned|changed|swung|went)\s+from\s+(?P<a>[\w’'\- ]{3,60}?)\s+to\s+"
               r"(?P<b>[\w’'\- ]{3,60})", re.IGNORECASE),
    # "prioritised X over Y", "X took precedence over Y", "abandonment of X in favour of Y", "X rather than Y"
    re.compile(r"(?P<a>[\w’'\- ]{3,60}?)\s+(?:took precedence over|over|rather than|instead of|in favour of|"
               r"in favor of|at the expense of|more than)\s+(?P<b>[\w’'\- ]{3,60})", re.IGNORECASE),
)
_WEIGHING = re.compile(r"\b(?:priorit|precedence|favou?r|rather|instead|expense|abandon|evolved|shifted|tension|"
                       r"balance|interplay|versus|vs)\w*", re.IGNORECASE)
_SHORT = re.compile(r"\b(?:in the short[- ]term|short[- ]term|in the short run|at first|initially)\b", re.IGNORECASE)
_LONG = re.compile(r"\b(?:in the long[- ]term|long[- ]term|in the long run|ultimately|in the end|eventually)\b",
                   re.IGNORECASE)


_WEIGHING_VERB = re.compile(r"(?:priorit|favou?r|prefer|emphasi[sz]|put|placed|chose|valued)\w*", re.IGNORECASE)
_GENERIC_HEADS = frozenset("need needs promotion pursuit importance aim aims goal idea desire priority".split())


def _side_phrase(text: str, from_end: bool) -> str:
    """The few words next to a weighing connective: the side it names ("the need for security" -> "security")."""
    parts = [p.strip() for p in _SIDE_STOP.split(text) if p and p.strip()]
    if not parts:
        return ""
    if not from_end and len(parts) > 1 and parts[0].lower() in _GENERIC_HEADS:
        parts = parts[1:]
    piece = parts[-1] if from_end else parts[0]
    words = piece.split()
    words = words[-3:] if from_end else words[:3]
    while len(words) > 1 and _WEIGHING_VERB.fullmatch(words[0]):
        words = words[1:]  # "prioritised security" names the side "security"
    return " ".join(words).strip(" -’'").lower()


@dataclass(frozen=True)
class _Weighing:
    passage: Passage
    a: str
    b: str
    temporal: bool


def _weighings(sentences: Sequence[_Sentence]) -> list[_Weighing]:
    found = []
    for s in sentences:
        text = s.passage.text
        short, long_ = _SHORT.search(text), _LONG.search(text)
        if short and long_ and short.start() < long_.start():
            a = _side_phrase(text[short.end(): long_.start()], from_end=False)
            b = _side_phrase(text[long_.end():], from_end=False)
            found.append(_Weighing(s.passage, a or "short term", b or "long term", True))
            continue
        if not _WEIGHING.search(text):
            continue
        for pattern in _PAIR_PATTERNS:
            m = pattern.search(text)
            if not m:
                continue
            a = _side_phrase(m.group("a"), from_end=True)
            b = _side_phrase(m.group("b"), from_end=False)
            if a and b and a != b and any(len(w) > 3 for w in a.split()) and any(len(w) > 3 for w in b.split()):
                found.append(_Weighing(s.passage, a, b, False))
                break
    return found


def _side_concepts(phrases: Sequence[str]) -> dict[str, int]:
    """Side phrases grouped into concepts: single-link on embedding similarity ("world revolution" ~ "exporting
    revolution")."""
    vectors = _embed(phrases)
    sims = vectors @ vectors.T
    concept = list(range(len(phrases)))

    def root(i: int) -> int:
        while concept[i] != i:
            i = concept[i]
        return i

    for i in range(len(phrases)):
        for j in range(i + 1, len(phrases)):
            if sims[i, j] >= BUILD_DEFAULTS["side_similarity"]:
                a, b = root(i), root(j)
                concept[max(a, b)] = min(a, b)
    return {p: root(i) for i, p in enumerate(phrases)}


def _label(phrases: Sequence[str]) -> str:
    counts = Counter(phrases)
    return min(counts, key=lambda p: (-counts[p], len(p), p))


def _draft_debates(sentences: Sequence[_Sentence], points: Sequence[DraftPoint], point_vectors: np.ndarray,
                   taken: Iterable[str]) -> list[DraftDebate]:
    """Debates from weighing passages: recurring pairs of side concepts, then single weighings that share a side
    with a debate join it; "short term ... ultimately" passages make one debate of their own."""
    weighings = _weighings(sentences)
    need = BUILD_DEFAULTS["min_debate_passages"]
    plain = [w for w in weighings if not w.temporal]
    concepts = _side_concepts(sorted({w.a for w in plain} | {w.b for w in plain})) if plain else {}
    pairs: dict[tuple[int, int], list[_Weighing]] = defaultdict(list)
    for w in plain:
        ca, cb = concepts[w.a], concepts[w.b]
        if ca != cb:
            pairs[(min(ca, cb), max(ca, cb))].append(w)
    groups: list[tuple[tuple[int, int] | None, list[_Weighing]]] = []
    leftovers = []
    for key, members in sorted(pairs.items(), key=lambda kv: (-len({w.passage for w in kv[1]}), kv[0])):
        if len({w.passage for w in members}) >= need:
            groups.append((key, list(members)))
        else:
            leftovers.extend(members)
    for w in leftovers:
        ca, cb = concepts[w.a], concepts[w.b]
        for key, members in groups:
            if ca in key or cb in key:
                members.append(w)
                break
    temporal = [w for w in weighings if w.temporal]
    if len({w.passage for w in temporal}) >= need:
        groups.append((None, temporal))
    groups.sort(key=lambda g: (-len({w.passage.document for w in g[1]}), -len(g[1]), g[1][0].passage.text))

    debates, taken = [], list(taken)
    for key, members in groups[: BUILD_DEFAULTS["max_debates"]]:
        if key is None:
            side_a, side_b = [w.a for w in members], [w.b for w in members]
            label_a, label_b = "Short-term", "Long-term"
            cues_a = ["short term", "short-term", "in the short run", *side_a]
            cues_b = ["long term", "long-term", "in the long run", "ultimately", *side_b]
        else:
            side_a, side_b = [], []
            for w in members:
                a_first = concepts[w.a] == key[0] or concepts[w.b] == key[1]
                side_a.append(w.a if a_first else w.b)
                side_b.append(w.b if a_first else w.a)
            label_a = _label([p for p in side_a if concepts[p] == key[0]] or side_a)
            label_b = _label([p for p in side_b if concepts[p] == key[1]] or side_b)
            cues_a, cues_b = side_a, side_b
        sides = []
        for label, cues in ((label_a, cues_a), (label_b, cues_b)):
            cue_vector = _embed([" ".join(dict.fromkeys(cues))])[0]
            near = np.argsort(-(point_vectors @ cue_vector), kind="stable")[:3] if len(points) else []
            sides.append(DraftSide(label[:1].upper() + label[1:], tuple(dict.fromkeys(c for c in cues if c)),
                                   tuple(points[int(k)].id for k in near)))
        title = f"{sides[0].label} or {sides[1].label.lower()}?"
        did = slug("debate-" + slug(sides[0].label) + "-vs-" + slug(sides[1].label), taken)
        taken.append(did)
        passages = tuple(dict.fromkeys(w.passage for w in members))
        debates.append(DraftDebate(did, title, (sides[0], sides[1]), passages))
    return debates


# --------------------------------------------------------------------------------------------------------------
# Facts: events with dates, people with roles, parties, order
# --------------------------------------------------------------------------------------------------------------

# Dates come from the one date grammar (marker/dates.py); a draft has no rubric yet, so it reads a wide range of years.
_BUILD_DATES = DateSettings(years=(1000, 2099))
_EVENT_WORDS = re.compile(
    r"\b(?:Treaty|Pact|Agreement|Conference|Battle|Operation|War|Revolution|Congress|Plan|Protocol|Accord|Act|"
    r"Crisis|Invasion|Purges?|Putsch|Entry|Election|Declaration|Alliance|Front|Raid)\b"
)
_ROLE = re.compile(
    rf"(?P<name>(?:{_NAME_WORD})(?:\s+(?:{_NAME_WORD}))?),\s+(?:the\s+)?(?P<role>(?:[A-Z][\w’'\-]*\s+|of\s+|for\s+|"
    r"the\s+){1,7}(?:Affairs|Minister|Commissar|Chancellor|President|Secretary|Leader|General|Marshal|"
    r"Ambassador|Premier|King|Emperor|Chairman|[A-Z][a-z]+))"
)
_TITLE_ROLE = re.compile(
    rf"\b(?P<role>General|Marshal|Foreign Minister|Prime Minister|Chancellor|President|Admiral|Commissar)\s+"
    rf"(?P<name>{_NAME_WORD})"
)
_SIGNED_WITH = re.compile(rf"(?P<a>the USSR|(?:{_NAME_WORD})(?:\s+(?:{_NAME_WORD}))?)\s+(?:signed|secured|concluded|"
                          rf"agreed)\b[^.]*?\bwith\s+(?P<b>(?:{_NAME_WORD})(?:\s+(?:{_NAME_WORD}))?)")


def _event_near(text: str, m: DateClaim) -> str | None:
    """The event name written next to a date: 'The 1922 Treaty of Rapallo', 'the Munich Agreement of 1938'."""
    best, best_gap = None, 1_000
    for name in _NAME.finditer(text):
        value = name.group(0)
        value = " ".join(_strip_generic_opening(value.split()))
        if not value or not _EVENT_WORDS.search(value) or _MONTH_ONLY.fullmatch(value):
            continue
        gap = m.start - name.end() if name.end() <= m.start else name.start() - m.end
        if 0 <= gap <= 40 and gap < best_gap:
            best, best_gap = value, gap
    return best


_MONTH_ONLY = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|"
                         r"December)")


def _draft_facts(sentences: Sequence[_Sentence]) -> list[DraftFact]:
    by_event: dict[str, list[tuple[dt.date, str, Passage, tuple[str, ...]]]] = defaultdict(list)
    roles: dict[str, tuple[str, Passage]] = {}
    for s in sentences:
        text = s.passage.text
        signed = _SIGNED_WITH.search(text)
        for m in parse_dates(text, settings=_BUILD_DATES):
            if m.relative or m.partial or m.approx or m.kind != "point":
                continue
            event = _event_near(text, m)
            if event is None:
                continue
            date, precision = m.lo, precision_of(m)
            if precision is None:
                continue
            parties = ()
            if signed and signed.start() < m.end + 60:
                parties = tuple(dict.fromkeys([signed.group("a").removeprefix("the "), signed.group("b")]))
            by_event[event].append((date, precision, s.passage, parties))
        for m in list(_ROLE.finditer(text)) + list(_TITLE_ROLE.finditer(text)):
            name, role = m.group("name").strip(), " ".join(m.group("role").split())
            if name.lower() in _GENERIC_CAPITALS or len(role) < 5 or name not in roles and len(roles) > 60:
                continue
            roles.setdefault(name, (role, s.passage))
    facts: list[DraftFact] = []
    taken: list[str] = []
    for event in sorted(by_event, key=lambda e: (min(d for d, *_ in by_event[e]), e)):
        mentions = by_event[event]
        precise = {"day": 0, "month": 1, "year": 2}
        votes = Counter(d.year for d, *_ in mentions)
        year = max(votes, key=lambda y: (votes[y], -y))
        chosen = sorted((m for m in mentions if m[0].year == year), key=lambda m: (precise[m[1]], m[0]))[0]
        date, precision, passage, _ = chosen
        parties = next((m[3] for m in mentions if m[3]), ())
        others = sorted({_date_text(d, p) for d, p, *_ in mentions} - {_date_text(date, precision)})
        fid = slug(event, taken)
        taken.append(fid)
        facts.append(DraftFact(fid, f"{event}: {_date_text(date, precision)}", (event,), passage, date, precision,
                               parties=parties, alternatives=tuple(others)))
    dated = sorted((f for f in facts if f.date), key=lambda f: (f.date, f.id))
    ordered = []
    for prev, f in zip([None, *dated], dated):
        if prev is not None and prev.date.year < f.date.year:
            f = replace(f, after=(prev.id,))
        ordered.append(f)
    facts = ordered
    for name in sorted(roles):
        role, passage = roles[name]
        fid = slug(f"{name} role", taken)
        taken.append(fid)
        facts.append(DraftFact(fid, f"{name}: {role}", (name,), passage, role=(name, role)))
    return facts


def _date_text(date: dt.date, precision: str) -> str:
    if precision == "day":
        return f"{date.day} {date:%B %Y}"
    return f"{date:%B %Y}" if precision == "month" else str(date.year)


# --------------------------------------------------------------------------------------------------------------
# The whole draft
# --------------------------------------------------------------------------------------------------------------


def build_draft(docs: Sequence[tuple[str, str]], title: str, *, rubric_id: str | None = None,
                question: str | None = None) -> Draft:
    """Draft a rubric from (name, text) documents. Deterministic for the same documents in the same order."""
    if not docs:
        raise BuildError("no source documents given")
    sentences = _sentences(docs)
    if len(sentences) < 4:
        raise BuildError("the documents hold too few full sentences to draft a rubric from (need at least 4)")
    vectors = _embed([s.passage.text for s in sentences])
    idf = _idf(sentences)
    points = _draft_points(sentences, vectors, idf)
    if not points:
        raise BuildError("no argument is made in more than one sentence of the documents; add more material")
    text_index = {s.passage: i for i, s in enumerate(sentences)}
    point_vectors = np.stack([vectors[[text_index[p] for p in pt.passages]].mean(axis=0) for pt in points])
    point_vectors /= np.linalg.norm(point_vectors, axis=1, keepdims=True)
    debates = _draft_debates(sentences, points, point_vectors, [p.id for p in points])
    facts = _draft_facts(sentences)
    return Draft(
        rubric_id=slug(rubric_id or title),
        title=title,
        documents=tuple(name for name, _ in docs),
        points=tuple(points),
        debates=tuple(debates),
        facts=tuple(facts),
        question=question or f"Assess the key arguments about {title}.",
        idf=tuple(sorted(idf.items())),
    )


def build_from_files(paths: Sequence[str | Path], title: str, **kwargs) -> Draft:
    """Read documents in any ingest format and draft a rubric from them."""
    return build_draft(read_documents(paths), title, **kwargs)


# --------------------------------------------------------------------------------------------------------------
# Editing (the app's builder page and tests use these; each returns a new Draft)
# --------------------------------------------------------------------------------------------------------------


def _idf_of(draft: Draft) -> dict[str, float]:
    return dict(draft.idf)


def _point_index(draft: Draft, point_id: str) -> int:
    for i, p in enumerate(draft.points):
        if p.id == point_id:
            return i
    raise BuildError(f"no point {point_id!r} in the draft")


def update_point(draft: Draft, point_id: str, **changes) -> Draft:
    """Change a point's title, key terms, entities, importance or description."""
    i = _point_index(draft, point_id)
    allowed = {"title", "key_terms", "entities", "importance", "description"}
    unknown = set(changes) - allowed
    if unknown:
        raise BuildError(f"cannot change {', '.join(sorted(unknown))} (choose from {', '.join(sorted(allowed))})")
    points = list(draft.points)
    points[i] = replace(points[i], **{k: tuple(v) if isinstance(v, list) else v for k, v in changes.items()})
    return replace(draft, points=tuple(points))


def delete_point(draft: Draft, point_id: str) -> Draft:
    """Remove a point, and its mentions in debate sides."""
    i = _point_index(draft, point_id)
    points = draft.points[:i] + draft.points[i + 1:]
    return _relink(replace(draft, points=points), {point_id: None})


def move_point(draft: Draft, point_id: str, offset: int) -> Draft:
    """Move a point up (negative offset) or down the list."""
    i = _point_index(draft, point_id)
    points = list(draft.points)
    j = max(0, min(len(points) - 1, i + offset))
    points.insert(j, points.pop(i))
    return replace(draft, points=tuple(points))


def merge_points(draft: Draft, point_ids: Sequence[str]) -> Draft:
    """Merge points into the first one named: passages pooled, title and terms recomputed."""
    if len(point_ids) < 2:
        raise BuildError("choose at least two points to merge")
    indices = [_point_index(draft, pid) for pid in point_ids]
    first = draft.points[indices[0]]
    passages = tuple(dict.fromkeys(p for i in indices for p in draft.points[i].passages))
    _, title, key_terms, entities = describe_point(passages, _idf_of(draft))
    merged = replace(first, title=title, passages=passages, key_terms=key_terms, entities=entities,
                     importance=max(draft.points[i].importance for i in indices))
    drop = set(point_ids[1:])
    points = tuple(merged if p.id == first.id else p for p in draft.points if p.id not in drop)
    return _relink(replace(draft, points=points), {pid: first.id for pid in drop})


def split_point(draft: Draft, point_id: str, passage_indices: Sequence[int]) -> Draft:
    """Move the chosen passages of a point into a new point placed after it."""
    i = _point_index(draft, point_id)
    point = draft.points[i]
    chosen = set(passage_indices)
    moved = tuple(p for k, p in enumerate(point.passages) if k in chosen)
    kept = tuple(p for k, p in enumerate(point.passages) if k not in chosen)
    if len(moved) < 2 or len(kept) < 2:
        raise BuildError("a split must leave at least two passages on each side (a point needs two phrasings)")
    idf = _idf_of(draft)
    taken = [p.id for p in draft.points if p.id != point_id] + [d.id for d in draft.debates]
    _, title, key_terms, entities = describe_point(kept, idf)
    new_id, new_title, new_terms, new_entities = describe_point(moved, idf, taken_ids=[*taken, point_id])
    old = replace(point, title=title, passages=kept, key_terms=key_terms, entities=entities)
    new = DraftPoint(new_id, new_title, moved, new_terms, new_entities, point.importance, moved[0].text)
    points = list(draft.points)
    points[i:i + 1] = [old, new]
    return replace(draft, points=tuple(points))


def set_fact(draft: Draft, fact_id: str, *, verified: bool | None = None, statement: str | None = None,
             date: dt.date | None = None, precision: str | None = None, delete: bool = False) -> Draft:
    """Verify, correct or delete a fact."""
    facts = []
    found = False
    for f in draft.facts:
        if f.id != fact_id:
            facts.append(f)
            continue
        found = True
        if delete:
            continue
        changes = {k: v for k, v in (("verified", verified), ("statement", statement), ("date", date),
                                     ("precision", precision)) if v is not None}
        facts.append(replace(f, **changes))
    if not found:
        raise BuildError(f"no fact {fact_id!r} in the draft")
    ids = {f.id for f in facts}
    facts = [replace(f, after=tuple(a for a in f.after if a in ids)) for f in facts]
    return replace(draft, facts=tuple(facts))


def _relink(draft: Draft, renamed: dict[str, str | None]) -> Draft:
    """Point debate sides at merged or deleted points' replacements."""
    debates = []
    for d in draft.debates:
        sides = tuple(
            replace(s, points=tuple(dict.fromkeys(renamed.get(p, p) for p in s.points if renamed.get(p, p))))
            for s in d.sides
        )
        debates.append(replace(d, sides=sides))
    return replace(draft, debates=tuple(debates))


# --------------------------------------------------------------------------------------------------------------
# To a rubric file
# --------------------------------------------------------------------------------------------------------------


def _target(title: str, key_terms: Sequence[str]) -> str:
    subject = title.split(":")[0]
    detail = ", ".join(key_terms[:3])
    return (f"Explain {subject} and why it matters to the question, with precise evidence"
            + (f" (for example: {detail})." if detail else "."))


def _point_dict(p: DraftPoint) -> dict:
    phrasings = [x.text for x in p.passages[: BUILD_DEFAULTS["max_phrasings"]]]
    provenance = []
    for x in p.passages:
        if len(provenance) >= BUILD_DEFAULTS["max_provenance"]:
            break
        if x.document not in {q["document"] for q in provenance} or len(p.documents) < BUILD_DEFAULTS["max_provenance"]:
            provenance.append({"document": x.document, "passage": x.text})
    return {
        "id": p.id,
        "title": p.title,
        "kind": "factor",
        "description": p.description or p.passages[0].text,
        "importance": float(p.importance),
        "phrasings": phrasings,
        "key_terms": list(p.key_terms),
        "entities": list(p.entities),
        "target": _target(p.title, p.key_terms),
        "prompt": f"What part did {p.title.split(':')[0]} play, and why?",
        "provenance": provenance,
    }


def _debate_dict(d: DraftDebate, point_ids: set[str]) -> dict:
    a, b = d.sides
    return {
        "id": d.id,
        "title": d.title,
        "kind": "debate",
        "description": f"The sources weigh {a.label.lower()} against {b.label.lower()}. {d.passages[0].text}",
        "importance": float(d.importance),
        "phrasings": [p.text for p in d.passages[: BUILD_DEFAULTS["max_phrasings"]]],
        "key_terms": list(dict.fromkeys([*a.cues[:3], *b.cues[:3]])),
        "entities": [],
        "target": f"Weigh {a.label.lower()} against {b.label.lower()} and reach a supported judgement.",
        "prompt": f"Which matters more: {a.label.lower()} or {b.label.lower()}?",
        "sides": [
            {"label": s.label, "points": [p for p in s.points if p in point_ids], "cues": list(s.cues)}
            for s in (a, b)
        ],
        "provenance": [{"document": p.document, "passage": p.text} for p in d.passages[: BUILD_DEFAULTS["max_provenance"]]],
    }


def _fact_dict(f: DraftFact, fact_ids: set[str]) -> dict:
    out: dict = {"id": f.id, "statement": f.statement, "verified": bool(f.verified), "names": list(f.names)}
    if f.date is not None:
        out["date"] = {"start": f.date.isoformat(), "precision": f.precision}
    if f.role is not None:
        out["actors"] = [{"entity": f.role[0], "role": f.role[1]}]
    if f.parties:
        out["parties"] = list(f.parties)
    after = [a for a in f.after if a in fact_ids]
    if after:
        out["after"] = after
    if f.alternatives:
        out["correction"] = "Sources disagree; they also give: " + "; ".join(f.alternatives)
    return out


def to_rubric_dict(draft: Draft) -> dict:
    """The draft as a rubric mapping (validates with marker.rubric)."""
    point_ids = {p.id for p in draft.points}
    fact_ids = {f.id for f in draft.facts}
    people = sorted({f.role[0] for f in draft.facts if f.role})
    return {
        "id": draft.rubric_id,
        "version": 1,
        "title": draft.title,
        "subject": draft.subject,
        "qualification": draft.qualification,
        "max_mark": 25,
        "questions": [{"id": "main", "text": draft.question}],
        "levels": [{"level": lv, "marks": list(marks), "descriptor": text} for lv, marks, text in DEFAULT_LEVELS],
        "points": [_point_dict(p) for p in draft.points] + [_debate_dict(d, point_ids) for d in draft.debates],
        "entities": [{"name": name, "kind": "person"} for name in people],
        "facts": [_fact_dict(f, fact_ids) for f in draft.facts],
    }


def to_rubric_yaml(draft: Draft) -> str:
    """The draft as rubric YAML, with a header saying what to check before use."""
    header = (
        f"# Draft rubric built by `marker rubric build` from: {', '.join(draft.documents)}.\n"
        "# Check every point, merge or delete the weak ones, and verify each fact (all are `verified: false`:\n"
        "# sources contain slips, and only verified facts are ever used to flag an essay).\n"
    )
    body = yaml.safe_dump(to_rubric_dict(draft), sort_keys=False, allow_unicode=True, width=110)
    return header + body


def to_rubric(draft: Draft) -> Rubric:
    """Validate the draft as a rubric (raises RubricError naming the key that is wrong)."""
    return parse_rubric(to_rubric_yaml(draft), f"<draft {draft.rubric_id}>")


def save_draft(draft: Draft, path: str | Path) -> Path:
    """Validate and write the draft; a folder gets `<rubric id>.yaml` inside it."""
    path = Path(path)
    if path.is_dir() or not path.suffix:
        path.mkdir(parents=True, exist_ok=True)
        path = path / f"{draft.rubric_id}.yaml"
    text = to_rubric_yaml(draft)
    parse_rubric(text, str(path))
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------------------------
# Measuring a draft against a curated rubric
# --------------------------------------------------------------------------------------------------------------


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
    reference debate when its texts and side cues include cues of both of the reference debate's sides.
    """
    from marker.match import _lemma_string, _point_terms

    ref_terms = {p.id: [t for t, _ in _point_terms(p, reference) if t] for p in reference.points}
    side_cues = {d.id: [[_lemma_string(c) for c in s.cues] for s in d.sides] for d in reference.debates}
    mapping: dict[str, tuple[str, ...]] = {}
    for point in draft.points:
        texts = [f" {_lemma_string(t)} " for t in [point.title, *point.phrasings]]
        if point.kind == "debate":
            joined = " ".join(texts) + " " + " ".join(f" {_lemma_string(c)} " for s in point.sides for c in s.cues)
            scored = []
            for rid, sides in side_cues.items():
                per_side = [sum(f" {c} " in joined for c in cues if c) for cues in sides]
                if min(per_side) >= 1:
                    scored.append((-sum(per_side), rid))
            mapping[point.id] = tuple(rid for _, rid in sorted(scored))
            continue
        scored = []
        for ref in reference.factors:
            hits = sum(any(f" {t} " in text for t in ref_terms[ref.id]) for text in texts)
            if hits >= min_texts and hits / len(texts) >= min_share:
                scored.append((-hits, ref.id))
        mapping[point.id] = tuple(rid for _, rid in sorted(scored))
    return mapping

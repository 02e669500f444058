"""The draft's data: frozen records passed between the steps, the builder's settings, and its error."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from marker.errors import MarkerError

BUILD_DEFAULTS: dict[str, Any] = {
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
    # A group with more sentences than a point keeps phrasings (max_phrasings) is clustered again, tighter, too, and
    # split when that gives at least two parts of this many sentences: two arguments told in several sentences each
    # (a war plan and a province lost, grouped by the country they share), not one argument told at length.
    "split_part": 4,
    # At most this many factor points in a draft (the teacher deletes more easily than writes).
    "max_points": 28,
    # A group needs this many sentences to become a point (a rubric point needs two phrasings).
    "min_group": 2,
    # Thin notes (a bullet per argument): while the groups give fewer points than this, single sentences whose
    # cosine similarity to every group and to every single already taken is below single_similarity become points
    # too (their title is their second phrasing; `marker rubric check` asks the teacher for more).
    "fill_points": 24,
    "single_similarity": 0.6,
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
    calendar: str = "gregorian"  # "julian" when the source gives the date Old Style


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
    # (level, (low mark, high mark), descriptor); empty means the shipped default scheme (levels.yaml)
    levels: tuple[tuple[int, tuple[int, int], str], ...] = ()
    # messages for the teacher about the documents (left out, sampled, on different topics)
    notes: tuple[str, ...] = ()
    status: str = "draft"  # "reviewed" once a teacher has checked it (the Build page's "Mark reviewed")


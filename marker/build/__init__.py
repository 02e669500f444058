"""Drafting a rubric from source documents: the teacher's notes, textbooks, slides and model answers.

A teacher should check and edit a draft, not write a rubric from nothing. The steps, one module each, none of
which knows the topic:

- read (read.py): documents in any ingest format; bullet notes, headings, tables, indented outlines and slide text
  become sentences, and page furniture (menus, share buttons, cookie banners, readers' comments) is dropped;
- segment (segment.py): sentences with lemmas and names; TF-IDF terms;
- group (group.py): substantive sentences embedded and grouped across documents (agglomerative clustering on
  cosine distance), ranked by how many documents make the argument and how argumentative they are;
- name (name.py): each group's key terms and a title that reads as an argument;
- lists (lists.py): a sentence listing causes ("general forces nationalism, imperialism, militarism and ...") lends
  each listed cause no point holds a candidate point, competing with the single sentences for the last places;
- debates (debates.py): sentences that weigh one explanation against another give pairs of sides;
- facts (facts.py): events next to dates and people next to roles, all unverified;
- question (question.py): the essay question, written as an exam question;
- levels: the levels-of-response scheme in levels.yaml (data, not code).

The draft is plain frozen data (Draft), so the app can edit it (edit.py) before write.py turns it into a rubric.
Output depends only on the documents and their order.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from marker.build.align import align_points, reports_on_reference
from marker.build.debates import _draft_debates, _weighings, names_debate
from marker.build.edit import (
    TEACHER, add_debate, add_fact, add_point, delete_point, mark_reviewed, merge_points, move_point, set_fact,
    set_levels, set_phrasings, split_point, update_debate, update_point,
)
from marker.build.facts import _draft_facts
from marker.build.group import _draft_points, _embed
from marker.build.model import (
    BUILD_DEFAULTS, BuildError, Draft, DraftDebate, DraftFact, DraftPoint, DraftSide, Passage,
)
from marker.build.name import advises, describe_point, slug
from marker.build.question import draft_question, tidy_question
from marker.build.inputs import off_topic, screen
from marker.build.read import clean_text, read_documents
from marker.build.segment import _idf, _sentences, lead_in
from marker.build.write import default_levels, save_draft, to_rubric, to_rubric_dict, to_rubric_yaml

__all__ = [
    "TEACHER", "add_debate", "add_fact", "add_point", "mark_reviewed", "set_levels", "set_phrasings",
    "update_debate",
    "BUILD_DEFAULTS", "BuildError", "Draft", "DraftDebate", "DraftFact", "DraftPoint", "DraftSide", "Passage",
    "align_points", "build_draft", "clean_text", "build_from_files", "default_levels", "delete_point", "describe_point",
    "draft_question", "merge_points", "move_point", "read_documents", "reports_on_reference", "save_draft",
    "set_fact", "slug", "split_point", "tidy_question", "to_rubric", "to_rubric_dict", "to_rubric_yaml",
    "update_point", "_draft_facts", "_sentences", "_weighings",
]


def build_draft(docs: Sequence[tuple[str, str]], title: str, *, rubric_id: str | None = None,
                question: str | None = None) -> Draft:
    """Draft a rubric from (name, text) documents. Deterministic for the same documents in the same order."""
    if not docs:
        raise BuildError("no source documents given")
    loading = _load_embedder_meanwhile()
    docs, notes = screen([(name, clean_text(text)) for name, text in docs])
    sentences = _sentences(docs)
    loading.join()
    used = {s.passage.document for s in sentences}
    notes += [f"{name}: holds no full sentence the builder can use ({len(text.split())} words), so nothing was "
              "drawn from it." for name, text in docs if name not in used]
    if len(sentences) < 4:
        raise BuildError("the documents hold too few full sentences to draft a rubric from (need at least 4"
                         + (f"; {' '.join(notes)})" if notes else ")"))
    vectors = _embed([s.passage.text for s in sentences])
    notes += off_topic([name for name, _ in docs if name in used], vectors, [s.passage.document for s in sentences])
    idf = _idf(sentences)
    # advice on writing the essay argues nothing about the past; a document's title makes no point either
    texts = dict(docs)
    advice = {i for i, s in enumerate(sentences)
              if advises(s.passage.text, lead_in(texts[s.passage.document], s.passage.start))}
    # nor does a sentence that names a debate ("whether X or Y", "X versus Y"): it argues neither side
    arguing = [i for i, s in enumerate(sentences)
               if not s.heading and i not in advice and not names_debate(s.passage.text)]
    points = _draft_points([sentences[i] for i in arguing], vectors[arguing], idf)
    if not points:
        raise BuildError("no argument is made in more than one sentence of the documents; add more material")
    text_index = {s.passage: i for i, s in enumerate(sentences)}
    point_vectors = np.stack([vectors[[text_index[p] for p in pt.passages]].mean(axis=0) for pt in points])
    point_vectors /= np.linalg.norm(point_vectors, axis=1, keepdims=True)
    debates = _draft_debates([s for i, s in enumerate(sentences) if i not in advice], points, point_vectors,
                             [p.id for p in points])
    facts = _draft_facts(sentences)
    return Draft(
        rubric_id=slug(rubric_id or title),
        title=title,
        documents=tuple(name for name, _ in docs),
        points=tuple(points),
        debates=tuple(debates),
        facts=tuple(facts),
        question=tidy_question(question) if question else draft_question(title),
        idf=tuple(sorted(idf.items())),
        levels=default_levels(),
        notes=tuple(notes),
    )


def _load_embedder_meanwhile() -> threading.Thread:
    """Load MiniLM on a second thread while the documents are read and spaCy's two pipelines load on this one: most
    of the model's loading (onnxruntime's session) runs without the GIL, so a cold build no longer waits for it
    after the pipelines (docs/builder.md). Joined before the first embedding; a failure here is left for _embed to
    raise."""

    def load() -> None:
        from marker.embed import get_minilm

        with contextlib.suppress(Exception):
            get_minilm()

    thread = threading.Thread(target=load, name="marker-build-load", daemon=True)
    thread.start()
    return thread


def build_from_files(paths: Sequence[str | Path], title: str, **kwargs) -> Draft:
    """Read documents in any ingest format and draft a rubric from them; an unreadable document (a scan with no
    text, a damaged file) is left out with a note, and the build stops only when none can be read."""
    from marker.errors import EssayInputError

    docs, notes = [], []
    for path in paths:
        try:
            docs.extend(read_documents([path]))
        except EssayInputError as exc:
            if len(paths) == 1:
                raise
            notes.append(f"left out: {exc}")
    if not docs:
        raise BuildError("no document could be read: " + " ".join(notes))
    draft = build_draft(docs, title, **kwargs)
    return replace(draft, notes=tuple(notes) + draft.notes)

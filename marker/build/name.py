"""Name: a group's distinctive terms, names and title, and ids made from titles."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from marker.build.model import BUILD_DEFAULTS, Passage
from marker.build.segment import _names_in, _Sentence, _terms



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



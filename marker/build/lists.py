"""Lists: a sentence that enumerates causes or forces ("Fay identified general forces nationalism, imperialism,
militarism and the alliances ...") argues for each of them, but joins one group, so only the group's argument gets
a point. Each listed noun that no point already holds becomes a candidate point of its own, read from the parse;
it competes with the single sentences for the draft's last places (group.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from marker.build.model import BUILD_DEFAULTS, Passage
from marker.build.name import _SUBJECT_DEPS
from marker.build.segment import _Sentence, lemma_of_verb, parses
from marker.defaults import CAUSAL

# Nouns that say the words beside them explain something: genre words of any history essay, not topic words. A list
# is an enumeration of causes when one of these governs it ("general forces X, Y and Z", "the main causes of the war
# were X, Y and Z", "factors such as X, Y and Z"), or when the list is the subject of a causal verb ("X, Y and Z
# caused the war").
_EXPLAINING = frozenset("cause factor force reason weakness pressure motive aim tension root origin".split())


@dataclass(frozen=True)
class Listed:
    """A noun of an enumerating sentence no point holds, as a candidate point."""

    noun: str  # the lemma
    title: str
    key_terms: tuple[str, ...]
    passages: tuple[Passage, ...]  # the listing sentence first, then other sentences naming the noun
    cues: int


def _conjuncts(head) -> list:
    out, frontier = [head], [head]
    while frontier:
        for child in frontier.pop().children:
            if child.dep_ == "conj":
                out.append(child)
                frontier.append(child)
    return sorted(out, key=lambda t: t.i)


def _lemma(token) -> str:
    return lemma_of_verb(token).lower()


def _explaining(token) -> bool:
    return token.pos_ == "NOUN" and _lemma(token) in _EXPLAINING


def _noun_words(token) -> list:
    """The noun with its modifiers on the left (adjectives, compounds), no determiner, in order; not the kind named
    in front of a list ("general forces nationalism" -> "nationalism")."""
    left = [c for c in token.children
            if c.i < token.i and c.dep_ in ("amod", "compound", "nmod") and not _explaining(c)]
    return sorted([t for c in left for t in c.subtree] + [token], key=lambda t: t.i)


def _noun_phrase(token) -> str:
    """The noun with its modifiers on the left: "alliance system", "long-term factors"."""
    words = _noun_words(token)
    return "".join(t.text_with_ws for t in words[:-1]) + token.text


def _governor(head) -> str | None:
    """What the list is an enumeration of, read from the parse, as the rest of a listed noun's title (", one of the
    general forces", ", one of the main causes of the war", " caused the war"); None when the list does not
    enumerate causes."""
    for child in head.children:  # "general forces nationalism, imperialism ...": the kind named in front
        if child.dep_ in ("compound", "nmod") and child.i < head.i and _explaining(child):
            return ", one of the " + _noun_phrase(child)
    parent = head.head
    if head.dep_ == "appos" and _explaining(parent):  # "the causes, nationalism, imperialism ..."
        return ", one of the " + _noun_phrase(parent)
    if head.dep_ == "pobj" and parent.head is not parent and _explaining(parent.head):  # "factors such as X, Y"
        return ", one of the " + _noun_phrase(parent.head)
    if head.dep_ == "attr":  # "the main causes of the war were X, Y and Z"
        subject = next((c for c in parent.children if c.dep_ in _SUBJECT_DEPS), None)
        if subject is not None and _explaining(subject):
            of = [t for c in subject.children if c.dep_ == "prep" and c.i > subject.i for t in c.subtree]
            return ", one of the " + "".join(t.text_with_ws for t in [*_noun_words(subject), *of]).strip()
    if head.dep_ in _SUBJECT_DEPS and parent.pos_ in ("VERB", "AUX"):  # "X, Y and Z caused the war"
        verb = [t for c in parent.children if c.i > parent.i and c.dep_ in ("prt", "dobj", "prep") for t in c.subtree]
        phrase = " ".join(t.text for t in [parent, *sorted(verb, key=lambda t: t.i)][:6])
        if CAUSAL.search(phrase):
            return " " + phrase
    return None


def _listed_nouns(doc) -> list[tuple[Any, str]]:
    """(noun token, governing phrase) for each common noun of a list of three or more that enumerates causes. Names
    (proper nouns) are not listed causes: a list of people or countries says who, not why."""
    out: list[tuple[Any, str]] = []
    for head in doc:
        if head.dep_ == "conj" or not any(c.dep_ == "conj" for c in head.children):
            continue
        chain = _conjuncts(head)
        # a common noun, in lower case unless it opens the sentence (where the tagger may take it for a name)
        nouns = [t for t in chain if t.pos_ == "NOUN" and t.text[:1].islower() or t.i == 0 and t.pos_ in ("NOUN", "PROPN")]
        if len(nouns) < 3 or len(nouns) < len(chain):
            continue
        governing = _governor(head)
        if governing is not None:
            out.extend((noun, governing) for noun in nouns)
    return out


def listed_points(sentences: Sequence[_Sentence], held: Iterable[str]) -> list[Listed]:
    """Candidate points for the listed causes of the sentences that no text in `held` (the draft's titles and key
    terms, as lower-case lemmas) already names; each noun once, in the order of the sentences."""
    held_words = {w for text in held for w in text.split()}
    # a list of three is written with a comma ("X, Y and Z"): only those sentences are parsed, whole (a label may be
    # what the list enumerates: "Causes: X, Y and Z")
    listing = [s for s in sentences if "," in s.passage.text]
    out: dict[str, Listed] = {}
    for s, doc in zip(listing, parses([s.passage.text for s in listing])):
        for noun, governing in _listed_nouns(doc):
            lemma = _lemma(noun)
            if lemma in held_words or noun.lower_ in held_words or lemma in out:
                continue
            phrase = _noun_phrase(noun)
            naming = [o.passage for o in sentences if o is not s and lemma in o.lemmas]
            passages = (s.passage, *naming)[: BUILD_DEFAULTS["max_phrasings"]]
            out[lemma] = Listed(lemma, f"{phrase[0].upper()}{phrase[1:]}{governing}",
                                tuple(dict.fromkeys([phrase.lower(), noun.lower_])), passages, s.passage.cues)
    return list(out.values())


def held_lemmas(points: Sequence) -> list[str]:
    """The titles and key terms of draft points as lower-case lemma strings (what a listed noun must not be in)."""
    from marker.nlp import get_pipeline

    texts = [text for p in points for text in (p.title, *p.key_terms)]
    return [" ".join((t.lemma_ or t.lower_).lower() for t in doc if not (t.is_punct or t.is_space))
            for doc in get_pipeline().pipe(texts)]

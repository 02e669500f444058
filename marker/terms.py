"""Finding a rubric's key terms in a text: lemma n-grams, read with the text's phrasal verbs.

The one term matcher, shared by marking (marker/signals.py, per essay sentence) and the builder's measure of a draft
(marker/build/align.py, per draft text). A term is found where its lemmas occur in a row. A word that is part of a
phrasal verb means the phrasal verb, not the word alone ("Russia had to back down" is a retreat, not "backing"): a
term whose words do not include the particle is not found on a verb that heads a particle (dep `prt` in the spaCy
parse) nor on the particle itself, while a term that is the phrasal verb ("back down", "set up") is found on it, also
with an object between ("set the league up"), read from the parse. The parse is asked for only where a term may
occur (`may_name`); a text without a parse is matched on its lemmas alone.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from spacy.tokens import Doc

Place = tuple[int, int]  # character offsets of a word (start, end exclusive)


def two_word_terms(terms: Collection[str]) -> dict[str, frozenset[str]]:
    """First word -> second words of the two-word terms: the terms a phrasal verb with its object between can be."""
    out: dict[str, set[str]] = {}
    for term in terms:
        words = term.split()
        if len(words) == 2:
            out.setdefault(words[0], set()).add(words[1])
    return {first: frozenset(seconds) for first, seconds in out.items()}


def may_name(lemmas: Sequence[str], terms: Collection[str], pairs: Mapping[str, frozenset[str]],
             longest: int) -> bool:
    """Whether a text's lemmas may contain a term: some run of them is one, or a two-word term's words occur in order
    with words between (a phrasal verb split by its object). Only such texts need their parse read."""
    for i, lemma in enumerate(lemmas):
        for n in range(1, longest + 1):
            if i + n <= len(lemmas) and " ".join(lemmas[i : i + n]) in terms:
                return True
        seconds = pairs.get(lemma)
        if seconds and any(w in seconds for w in lemmas[i + 2 :]):
            return True
    return False


def phrasal_partners(parse: Doc | None, places: Sequence[Place], offset: int = 0) -> dict[int, int]:
    """Word position -> the position of its phrasal partner, both ways: each particle (dep `prt`) and the verb it
    belongs to. `places` are the words' character offsets; the parse's are `offset` less (a sentence parsed alone).
    Tokens the words do not line up with are left out (the words are then read without the rule)."""
    if parse is None:
        return {}
    position = {start: k for k, (start, _) in enumerate(places)}
    partners: dict[int, int] = {}
    for token in parse:
        if token.dep_ != "prt" or token.head.i == token.i:
            continue
        particle, verb = position.get(token.idx + offset), position.get(token.head.idx + offset)
        if particle is not None and verb is not None:
            partners[particle], partners[verb] = verb, particle
    return partners


def find_terms(lemmas: Sequence[str], places: Sequence[Place], terms: Collection[str], parse: Doc | None = None,
               offset: int = 0, longest: int = 4) -> dict[str, list[Place]]:
    """Term -> the places it occurs in one text (runs of at most `longest` words). A run that takes a phrasal verb's
    verb without its particle, or its particle without its verb, is not the term; a phrasal verb whose particle
    follows its object is the two-word term of its verb and particle, placed from the verb to the particle."""
    partners = phrasal_partners(parse, places, offset)
    found: dict[str, list[Place]] = {}
    for n in range(1, longest + 1):
        for i in range(len(lemmas) - n + 1):
            gram = " ".join(lemmas[i : i + n])
            if gram in terms and all(i <= partners.get(k, k) < i + n for k in range(i, i + n)):
                found.setdefault(gram, []).append((places[i][0], places[i + n - 1][1]))
    for verb, particle in partners.items():
        if particle > verb + 1:  # split by its object: the run above did not see it
            gram = f"{lemmas[verb]} {lemmas[particle]}"
            if gram in terms:
                found.setdefault(gram, []).append((places[verb][0], places[particle][1]))
    return found

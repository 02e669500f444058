"""Debates told in historiographical prose (docs/wwi.md, section 8): a counter-claim against the sentence before
it ("However, some historians argue that X"), a view and those who rejected it ("X sought to reverse the verdict of
Y"), and sentences whose subject is the historians' debate itself. English cue words and the parse; no topic."""

from __future__ import annotations

import re
from collections.abc import Sequence

from marker.build.model import Passage
from marker.build.name import _join, clause_title, without_label
from marker.build.segment import _Sentence, lemma_of_verb, parse

# A claim: "X argued that", "historians stress", "the report held that" (debates.py reads sides after it too).
CLAIM = re.compile(r"\b(?:argues?|argued|stress(?:es|ed)?|emphasi[sz]e[sd]?|claims?|claimed|believes?|believed|"
                   r"sees?|saw|blames?|blamed|points? to|pointed to|holds?|held)\b(?:\s+that)?\s+", re.IGNORECASE)
# "However, some historians argue that X": a counter-claim to what the sentence before states, in the notes' own
# voice (no "argue" there); its sides are the two clauses.
COUNTER = re.compile(r"^\s*(?:however|but|yet|nevertheless|nonetheless)\b[\s,]+(?:some|other|many|several|a few)\s+"
                     r"(?:[a-z]+\s+){0,2}?(?:have\s+)?(?:argue[sd]?|claim(?:s|ed)?|believe[sd]?|contend(?:s|ed)?|"
                     r"suggest(?:s|ed)?|maintain(?:s|ed)?|insist(?:s|ed)?)\b", re.IGNORECASE)
# "X sought to reverse the verdict of Y", "revisionists challenged this interpretation": a view and those who
# rejected it, the two sides of a debate told in prose. Verbs and nouns of the genre; only sentences holding one of
# the verbs are parsed.
_REJECT_VERBS = frozenset("reverse overturn challenge refute reject revise dispute contest".split())
_VIEWS = frozenset("verdict view interpretation thesis conclusion judgement judgment orthodoxy consensus".split())
_REJECT_CUE = re.compile(r"\b(?:revers|overturn|challeng|refut|reject|revis|disput|contest)", re.IGNORECASE)


def stating(sentences: Sequence[_Sentence], rejecting: _Sentence, view: str) -> Passage | None:
    """The sentence before `rejecting` in its document that states the view it rejects: the nearest making a claim
    ("the report held that ...", "this argument blames ...") that names what the view names ("the verdict of the
    treaty": the treaty), or for "this interpretation" the nearest making a claim; None when there is none (a
    judgement reversed with no view stated is an event, not a debate)."""
    from marker.nlp import STOP_WORDS

    words = {w for w in re.findall(r"[\w’'-]+", view.lower()) if w not in STOP_WORDS and w.removesuffix("s") not in _VIEWS}
    pointing = view.lower().split()[0] in ("this", "that", "these", "those")
    for s in reversed([s for s in sentences if s.passage.document == rejecting.passage.document
                       and s.passage.end <= rejecting.passage.start and CLAIM.search(s.passage.text)]):
        if pointing or words & set(re.findall(r"[\w’'-]+", s.passage.text.lower())):
            return s.passage
    return None


def countered(stated: str, counter: str) -> tuple[str, str] | None:
    """The two sides of a counter-claim ("However, some historians argue that X") against the sentence before it:
    the clause each makes, read from the parse (the claim inside "argue that"), or None when either has none."""
    a, b = clause_title(stated), clause_title(_COUNTER_OPENING.sub("", counter))
    a, b = (c[:1].lower() + c[1:] if c and not c[1:2].isupper() else c for c in (a, b))
    return (a, b) if a and b and a.lower() != b.lower() else None


_COUNTER_OPENING = re.compile(r"^\s*(?:however|but|yet|nevertheless|nonetheless)\b[\s,]+", re.IGNORECASE)


def rejected(text: str) -> tuple[str, str] | None:
    """(the view, those who reject it) when the sentence says that someone rejected a view ("the government sought
    to reverse the verdict of the treaty": "the verdict of the treaty", "the government"), read from the parse: a
    rejecting verb whose object is a view, and the subject of that verb or of the verb it completes; else None."""
    if not _REJECT_CUE.search(text):
        return None
    for verb in parse(text):
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_.removesuffix("s") in _VIEWS), None)
        if verb.pos_ != "VERB" or obj is None or lemma_of_verb(verb) not in _REJECT_VERBS:
            continue
        holder = verb
        while holder.dep_ in ("xcomp", "conj") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in holder.children):
            holder = holder.head
        subj = next((c for c in holder.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ == "PRON":
            return None
        of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        view = [t for t in obj.subtree if t.i <= obj.i] + (list(of.subtree) if of is not None else [])
        a, b = _join(sorted(set(view), key=lambda t: t.i)), _join(list(subj.subtree))
        return (a, b) if a and b and len(view) <= 8 and len(list(subj.subtree)) <= 8 else None
    return None


# The historians' debate as the subject of a sentence: "the historiography", or a debate or controversy that is the
# historians' ("the historical debate", "the debate among historians"), not one held in the past (a cabinet's).
_HISTORIANS = re.compile(r"^(?:histor(?:ians?|ians’|ians'|ical|iographical))$", re.IGNORECASE)
_ABOUT_DEBATE_CUE = re.compile(r"\b(?:historiograph|debate|controvers)", re.IGNORECASE)


def about_the_debate(text: str) -> bool:
    """The subject of the sentence's main verb is the historians' debate itself, read from the parse."""
    if not _ABOUT_DEBATE_CUE.search(text):
        return False
    root = next((t for t in parse(without_label(text)) if t.dep_ == "ROOT"), None)
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None) if root is not None else None
    if subj is None:
        return False
    if subj.lower_ == "historiography":
        return True
    return subj.lower_ in ("debate", "controversy") and any(_HISTORIANS.match(t.text) for t in subj.subtree)

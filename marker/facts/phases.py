"""An event told by who it happened to and the words of one of its phases, with no name or frame of its own:
"Brüning was sacked in July 1932" (the office's holder and its end), "In December 1939 the Finns give up and sign a
peace" (a side of the war and its peace). The verb must be one of the fact's phase cue words (`other_dates`, in
every tense) and its one subject the fact's office holder or one of its sides (parties, opponents, winners,
losers); exactly one fact of the base must fit. The date checks then hold the clause's date against that phase."""

from __future__ import annotations

from typing import Callable

from marker.facts.claims import Parsed, asserted, negated
from marker.facts.index import _Index
from marker.facts.model import _Mention

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_OBJECTS = frozenset({"dobj", "dative", "attr", "oprd"})


def phase_mentions(index: _Index, toks: list, mentions: list[_Mention], lo: int, hi: int,
                   parse: Callable[[], Parsed]) -> list[_Mention]:
    """The events of token range [lo, hi) told by a subject and a phase's cue words (see the module)."""
    found: list[_Mention] = []
    norms = [t.norm for t in toks]
    ents = [m for m in mentions if m.kind == "entity" and lo <= m.i < hi]
    for k in range(lo, hi):
        fits: dict[str, tuple[_Mention, int]] = {}
        for cue, fact, sides in index.phase_first.get(norms[k], ()):
            if tuple(norms[k : k + len(cue)]) != cue or not any(
                    m.j <= k and {m.entity, index.represents.get(m.entity)} & sides for m in ents):
                continue  # the words alone do not allow it: the parse is not asked for
            subject = _subject(index, parse(), toks, k, len(cue), ents)
            if subject is not None and {subject.entity, index.represents.get(subject.entity)} & sides:
                end = fits.get(fact, (subject, 0))[1]
                fits[fact] = (subject, max(end, k + len(cue)))
        if len(fits) != 1:
            continue  # none, or two facts the subject and the words could tell
        (fact, (subject, end)), = fits.items()
        if any(m.kind == "event" and m.start < toks[end - 1].end and subject.start < m.end for m in mentions):
            continue  # the clause names an event there already
        found.append(_Mention("event", subject.i, end, subject.start, toks[end - 1].end, facts=frozenset({fact}),
                              via="frame"))
    return found


def _subject(index: _Index, parsed: Parsed, toks: list, k: int, length: int, ents: list[_Mention]) -> _Mention | None:
    """The one named entity that the parse makes the subject of the verb at token k (its own subject, or that of
    the verb it is a subjectless conjunct of), when the verb is asserted, not negated, and has no object beyond
    the cue's own words ("Brüning dismissed Groener" is not Brüning's dismissal)."""
    at = parsed.tokens(toks[k].start, toks[k].start + 1)
    verb = at[0] if at else None
    if verb is None or verb.pos_ not in {"VERB", "AUX"} or negated(verb) or not asserted(verb):
        return None
    cue_end = toks[k + length - 1].end
    if any(c.dep_ in _OBJECTS and not parsed.base + c.idx < cue_end for c in verb.children):
        return None
    head = verb
    while not any(c.dep_ in _SUBJECTS for c in head.children) and head.dep_ == "conj":
        head = head.head
        if negated(head):
            return None
    subjects = [c for c in head.children if c.dep_ in _SUBJECTS]
    if len(subjects) != 1 or any(c.dep_ == "conj" for c in subjects[0].children):
        return None
    a, b = parsed.span(subjects[0])
    named = [m for m in ents if a <= m.start and m.end <= b]
    return named[0] if len(named) == 1 else None

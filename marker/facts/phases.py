"""An event told by who it happened to and the words of one of its phases, with no name or frame of its own:
"Brüning was sacked in July 1932" (the office's holder and its end), "In December 1939 the Finns give up and sign a
peace" (a side of the war and its peace). The verb must be one of the fact's phase cue words (`other_dates`, in
every tense), its one subject the fact's office holder or one of its sides (parties, opponents, winners, losers),
and exactly one fact of the base must fit; an office's phase is not read where the sentence names another office. Such words can tell another event of the same kind (Finland gave up again
in 1944; a minister is dismissed from a later post), so the verb must carry one date of its own lying within a year
of the fact's own dates; the date checks then hold that date against the phase."""

from __future__ import annotations

from typing import Callable

from marker.dates import DateClaim
from marker.facts.claims import Parsed, _verb_of, asserted, date_head, negated
from marker.facts.index import _Index
from marker.facts.model import _Mention
from marker.rubric import Fact

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_OBJECTS = frozenset({"dobj", "dative", "attr", "oprd", "ccomp", "xcomp"})
_ROLE_PREPOSITIONS = frozenset({"as", "to", "into", "onto", "from", "for"})


def phase_mentions(index: _Index, toks: list, mentions: list[_Mention], dates: list[DateClaim], lo: int, hi: int,
                   parse: Callable[[], Parsed]) -> list[_Mention]:
    """The events of token range [lo, hi) told by a subject and a phase's cue words (see the module)."""
    found: list[_Mention] = []
    norms = [t.norm for t in toks]
    ents = [m for m in mentions if m.kind == "entity" and lo <= m.i < hi]
    events = [m for m in mentions if m.kind == "event"]
    own = [d for d in dates if toks[lo].start <= d.start < toks[hi - 1].end and d.kind == "point" and not d.approx
           and not d.relative]  # (a bound, "after 1941", reaches other events of the kind: Finland gave up in 1944)
    for k in range(lo, hi) if own else ():
        fits: dict[str, tuple[_Mention, int]] = {}
        for cue, fact, sides in index.phase_first.get(norms[k], ()):
            if tuple(norms[k : k + len(cue)]) != cue or _object_next(norms, ents, k + len(cue)) or not any(
                    {m.entity, index.represents.get(m.entity)} & sides and _just_before(norms, m.j, k)
                    and not any(e.start < toks[k].end and m.start < e.end for e in events) for m in ents):
                continue  # the words alone do not allow it, or an event is named there: the parse is not asked for
            parsed = parse()
            told = _subject_and_date(parsed, toks, k, len(cue), ents, own)
            if told is not None and {told[0].entity, index.represents.get(told[0].entity)} & sides \
                    and _near(index.facts[fact], told[1]):
                fits[fact] = (told[0], max(fits.get(fact, (told[0], 0))[1], k + len(cue)))
        if len(fits) != 1 or _other_office_named(index, norms, next(iter(fits))):
            continue  # none, or two facts the subject and the words could tell, or another post the phase may end
        (fact, (subject, end)), = fits.items()
        found.append(_Mention("event", subject.i, end, subject.start, toks[end - 1].end, facts=frozenset({fact}),
                              via="frame"))
    return found


def _other_office_named(index: _Index, norms: list[str], fact: str) -> bool:
    """Whether the sentence names an office of the base other than the fact's own ("X was the first Commissar for
    Foreign Affairs, but he resigned in 1918": the post resigned may be that one, not the one the fact records)."""
    own = index.office_keys.get(fact)
    if own is None:
        return False
    return any(key not in own and _holds(norms, key) for keys in index.office_keys.values() for key in keys)


def _holds(norms: list[str], key: tuple[str, ...]) -> bool:
    n = len(key)
    return any(tuple(norms[i : i + n]) == key for i in range(len(norms) - n + 1) if norms[i] == key[0])


def _near(fact: Fact, d: DateClaim) -> bool:
    """Whether a date lies within a year of the fact's own dates (its span and its phases')."""
    spans = [s for s in (fact.date, *(q.date for q in fact.other_dates)) if s is not None]
    first = min(s.start for s in spans)
    last = max(s.end or s.start for s in spans)
    return first.year - 1 <= d.lo.year and d.hi.year <= last.year + 1


def _object_next(norms: list[str], ents: list[_Mention], k: int) -> bool:
    """Whether the words after a cue open an object ("Stalin made a deal", "made Litvinov ..."): the gate then keeps
    the parse unasked, since an object makes the subject the doer, not the one the phase befell."""
    return k < len(norms) and (norms[k] in _DETERMINERS or any(m.i == k for m in ents))


_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "its", "their", "this", "that", "these", "those", "some",
                          "any", "no", "many", "several"})


def _just_before(norms: list[str], j: int, k: int) -> bool:
    """Whether a name ending at token j stands just before the verb at token k, with only auxiliaries and adverbs of
    time between ("Brüning was only sacked"): the gate before the parse is asked."""
    return j <= k and all(w in _FILLERS for w in norms[j:k])


_FILLERS = frozenset({"was", "were", "is", "are", "been", "be", "had", "has", "have", "did", "does", "got", "gets",
                      "get", "finally", "eventually", "only", "then", "later", "also", "actually", "soon", "quickly",
                      "already", "just"})


def _subject_and_date(parsed: Parsed, toks: list, k: int, length: int, ents: list[_Mention],
                      dates: list[DateClaim]) -> tuple[_Mention, DateClaim] | None:
    """The one named entity that the parse makes the subject of the verb at token k (its own subject, or that of
    the verb it is a subjectless conjunct of) and the one date hung on that verb or its head, when the verb is
    asserted, not negated, and has no object beyond the cue's own words ("Brüning dismissed Groener" is not
    Brüning's dismissal) nor a phrase naming another post ("was appointed as ambassador")."""
    at = parsed.tokens(toks[k].start, toks[k].start + 1)
    verb = at[0] if at else None
    if verb is None or verb.pos_ not in {"VERB", "AUX"} or verb.dep_ in {"relcl", "acl"} or negated(verb) \
            or not asserted(verb):
        return None  # (a relative clause's verb has its head noun for object: "the deal Stalin made")
    cue_end = toks[k + length - 1].end
    if any((c.dep_ in _OBJECTS or c.dep_ == "prep" and c.lower_ in _ROLE_PREPOSITIONS)
           and not parsed.base + c.idx < cue_end for c in verb.children):
        return None
    verbs, head = {verb.i}, verb
    while not any(c.dep_ in _SUBJECTS for c in head.children) and head.dep_ == "conj":
        head = head.head
        verbs.add(head.i)
        if negated(head):
            return None
    subjects = [c for c in head.children if c.dep_ in _SUBJECTS]
    if len(subjects) != 1 or any(c.dep_ == "conj" for c in subjects[0].children):
        return None
    a, b = parsed.span(subjects[0])
    named = [m for m in ents if a <= m.start and m.end <= b]
    told = [d for d in dates if (h := date_head(parsed, d)) is not None and (v := _verb_of(h)) is not None
            and v.i in verbs]
    return (named[0], told[0]) if len(named) == 1 and len(told) == 1 else None

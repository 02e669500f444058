"""Frames read from the parse where the words alone do not tell the agent or the event: a second predicate that
shares its subject with the first ("Japan set up Manchukuo in 1932 and then invaded Manchuria"), and a verb with no
object whose event one fact of the base names by its agent, its verb and the verb's own date ("Germany invaded on 1
September 1939"); and a list of agents that a comma cuts from its verb ("the Soviet Union, Britain and France all
declared war"), read as one subject. Each is read only when the parse confirms it; anything else abstains."""

from __future__ import annotations

import re
from typing import Callable

from marker.dates import DateClaim, date_matches
from marker.facts.claims import Parsed, _verb_of, date_head, negated
from marker.facts.index import _Index
from marker.facts.mentions import _frame_mentions
from marker.facts.model import _Mention


def _parsed_frames(index: _Index, toks: list, mentions: list[_Mention], dates: list[DateClaim], lo: int, hi: int,
                   parse: Callable[[], Parsed]) -> list[_Mention]:
    """The frames of token range [lo, hi) that need the parse to be read (both readings of this module)."""
    return [*_shared_subject_frames(index, toks, mentions, lo, hi, parse),
            *_objectless_frames(index, toks, mentions, dates, lo, hi, parse),
            *_contact_relative_frames(index, toks, mentions, lo, hi, parse)]


def _contact_relative_frames(index: _Index, toks: list, mentions: list[_Mention], lo: int, hi: int,
                             parse: Callable[[], Parsed]) -> list[_Mention]:
    """"the conscription Hitler announced in March 1936", "the conscription that Hitler announced": a relative clause
    with no relative pronoun (or "that"/"which" as its object) whose verb is a frame verb, whose one subject is a
    named agent of that frame, and whose head noun ends in one of the frame's targets (a phrase or a named entity).
    Read only when the parse makes the verb a relative clause on that noun with no object of its own."""
    found: list[_Mention] = []
    norms = [t.norm for t in toks]
    for k in range(lo, hi):
        for frame, verb in index.verb_first.get(norms[k], ()):
            if tuple(norms[k : k + len(verb)]) != verb or frame.denies or not _noun_agent_verb(frame, toks, mentions, k):
                continue
            parsed = parse()
            head = next(iter(parsed.tokens(toks[k].start, toks[k].start + 1)), None)
            if head is None or head.dep_ != "relcl" or any(
                    c.dep_ in {"dobj", "attr"} and c.lower_ not in {"that", "which"} for c in head.children):
                continue
            subjects = [c for c in head.children if c.dep_ == "nsubj"]
            if len(subjects) != 1:
                continue
            a, b = parsed.span(subjects[0])
            agents = [m for m in mentions if m.kind == "entity" and a <= m.start and m.end <= b]
            if len(agents) != 1 or not ({agents[0].entity, index.represents.get(agents[0].entity)} & frame.agents):
                continue
            stop = agents[0].i - (toks[agents[0].i - 1].norm in {"that", "which"})
            start = _target_before(index, frame, toks, mentions, parsed, head.head, stop, lo)
            if start is not None:
                end = k + len(verb)
                found.append(_Mention("event", start, end, toks[start].start, toks[end - 1].end,
                                      facts=frozenset({frame.fact}), via="frame"))
    return found


def _noun_agent_verb(frame, toks: list, mentions: list[_Mention], k: int) -> bool:
    """The words alone allow the reading: a named entity right before the verb, and before it "that"/"which" or the
    last word of one of the frame's target phrases or of a named entity (so the parse is asked only then)."""
    subject = next((m for m in mentions if m.kind == "entity" and m.j == k), None)
    if subject is None or subject.i == 0:
        return False
    before = subject.i - 1
    return toks[before].norm in {"that", "which"} or any(p[-1] == toks[before].norm for p in frame.target_phrases) \
        or any(m.kind == "entity" and m.j == subject.i for m in mentions)


def _target_before(index: _Index, frame, toks: list, mentions: list[_Mention], parsed: Parsed, noun,
                   stop: int, lo: int) -> int | None:
    """The token where a frame's target starts when the target holds `noun` (the relative clause's head) and ends
    just before token `stop` (the relative pronoun or the subject), else None."""
    at = next((i for i in range(lo, stop) if toks[i].start == parsed.base + noun.idx), None)
    if at is None:
        return None
    for m in mentions:
        if m.kind == "entity" and m.i <= at < m.j == stop and (
                {m.entity, index.represents.get(m.entity)} & frame.target_entities):
            return m.i
    norms = [t.norm for t in toks]
    for phrase in frame.target_phrases:
        start = stop - len(phrase)
        if lo <= start <= at and tuple(norms[start:stop]) == phrase:
            return start
    return None


def _shared_subject_frames(index: _Index, toks: list, mentions: list[_Mention], lo: int, hi: int,
                           parse: Callable[[], Parsed]) -> list[_Mention]:
    """"Japan set up Manchukuo in 1932 and then invaded Manchuria the following year": a second predicate with no
    subject of its own takes the first one's. A frame verb just after "and" (with "then", "later" ... between) is
    read when the parse makes it a conjunct of an earlier verb, it has no subject of its own, and that earlier verb's
    one subject is a named entity; the frame is then read from the verb on, with that entity as its agent, so only
    the second predicate's own objects and dates belong to it."""
    found: list[_Mention] = []
    for k in range(lo, hi):
        if toks[k].norm not in index.verb_first or not _after_and(toks, k, lo):
            continue
        subject = _conjunct_subject(parse(), toks[k].start, mentions)
        if subject is None:
            continue
        agent = _Mention("entity", k, k, toks[k].start, toks[k].start, subject.entity)
        told = [agent, *(m for m in mentions if m.kind == "entity" and m.i >= k)]
        found.extend(fm for fm in _frame_mentions(index, toks, told, k, hi) if fm.i == k and fm.via == "frame")
    return found


def _after_and(toks: list, k: int, lo: int) -> bool:
    """Whether token k follows "and" with only adverbs of time or order between ("and then", "and later also")."""
    j = k - 1
    while j >= 0 and toks[j].norm in _PREDICATE_ADVERBS:
        j -= 1
    return j >= lo - 1 and j >= 0 and toks[j].norm == "and"


_PREDICATE_ADVERBS = frozenset({"then", "later", "also", "soon", "finally", "eventually", "afterwards", "quickly"})


def _conjunct_subject(parsed: Parsed, at: int, mentions: list[_Mention]) -> _Mention | None:
    """The entity named as the one subject of the verb that the verb at `at` is a subjectless conjunct of."""
    toks = parsed.tokens(at, at + 1)
    verb = toks[0] if toks else None
    if verb is None or verb.pos_ != "VERB" or verb.dep_ != "conj" or any(
            c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj", "agent", "auxpass"} for c in verb.children):
        return None  # its own subject, or a passive ("... and then replaced by Molotov": the subject is no agent)
    head = verb.head
    while head.dep_ == "conj" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in head.children):
        head = head.head
    subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if head.pos_ not in {"VERB", "AUX"} or len(subjects) != 1 or any(
            c.dep_ == "conj" for c in subjects[0].children):
        return None
    a, b = parsed.span(subjects[0])
    named = [m for m in mentions if m.kind == "entity" and a <= m.start and m.end <= b]
    return named[0] if len(named) == 1 else None


def _objectless_frames(index: _Index, toks: list, mentions: list[_Mention], dates: list[DateClaim], lo: int, hi: int,
                       parse: Callable[[], Parsed]) -> list[_Mention]:
    """"Then Germany invaded on 1 September 1939", "after the Germans had attacked in 1941": a frame verb with no
    object. Its event is the one fact among the frames of that agent and verb whose date the verb's own date fits,
    when the verb is one of that fact's date cues. Read only when the parse gives the verb one subject naming one
    entity, no object, particle or other named thing under it, no negation, and exactly one date of its own, told
    to the month or day (a year alone may be an invasion the base does not hold: "in 1941" is Greece too); two
    facts that fit abstain."""
    found: list[_Mention] = []
    own: list[DateClaim] | None = None
    ents: list[_Mention] | None = None
    for k in range(lo, hi):
        entries = index.verb_first.get(toks[k].norm)
        frames = [fr for fr, verb in entries if len(verb) == 1 and not fr.denies] if entries else None
        if not frames:
            continue
        if own is None:  # the piece's dates and names, gathered once and only for a piece with a frame verb
            own = [d for d in dates if toks[lo].start <= d.start < toks[hi - 1].end and not d.approx
                   and (d.hi - d.lo).days <= 31]
            ents = [m for m in mentions if m.kind == "entity" and lo <= m.i < hi]
        if not any(d.start > toks[k].start for d in own):
            continue
        subject = max((m for m in ents or () if m.j <= k), key=lambda m: m.j, default=None)
        if subject is None or any(k < m.i <= k + 2 for m in ents or ()):
            continue  # no agent, or an object named just after the verb (read by the frames, unparsed)
        parsed = parse()
        verb = _objectless_verb(parsed, toks[k].start, subject, mentions)
        if verb is None:
            continue
        told = [d for d in own if (h := date_head(parsed, d)) is not None and (v := _verb_of(h)) is not None
                and v.i == verb.i]
        if len(told) != 1:
            continue
        agent = {subject.entity, index.represents.get(subject.entity)}
        facts = [index.facts[i] for i in {fr.fact for fr in frames if agent & fr.agents}]
        fits = {f.id for f in facts if f.verified and f.date is not None and date_matches(told[0], f.date) == "ok"
                and ({verb.lower_, verb.lemma_.lower()} & {c.lower() for c in f.date_cues})}
        if len(fits) == 1:
            found.append(_Mention("event", subject.i, k + 1, subject.start, toks[k].end, facts=frozenset(fits),
                                  via="frame"))
    return found


def _objectless_verb(parsed: Parsed, at: int, subject: _Mention, mentions: list[_Mention]):
    """The verb at `at` when its one subject is the mention `subject` and nothing else under it is an object, a
    particle, a negation or a named thing; None otherwise."""
    toks = parsed.tokens(at, at + 1)
    verb = toks[0] if toks else None
    if verb is None or verb.pos_ != "VERB" or negated(verb):
        return None
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if len(subjects) != 1 or subjects[0].dep_ != "nsubj" or any(c.dep_ in _OBJECTS for c in verb.children):
        return None
    s_lo, s_hi = parsed.span(subjects[0])
    if not (s_lo <= subject.start and subject.end <= s_hi) or any(
            c.dep_ == "conj" for c in subjects[0].children):
        return None
    v_lo, v_hi = parsed.span(verb)
    if any(v_lo <= m.start < v_hi and not s_lo <= m.start < s_hi for m in mentions):
        return None  # "invaded with Germany", "attacked from Poland": another named thing in the predicate
    return verb


_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
_OBJECTS = frozenset({"dobj", "dative", "attr", "oprd", "prt", "ccomp", "xcomp", "acomp", "agent"})


def _join_listed_subject(text: str, ranges: list[tuple[int, int]], soft: frozenset[int], mentions: list[_Mention],
                         parse: Callable[[], Parsed]) -> list[tuple[int, int]]:
    """"Germany, Italy and Japan all signed ...", "When the Soviet Union, Britain and France all declared war ...":
    the comma cuts the list's first agent from the clause, whose checks then see only the others. A piece that is
    nothing but one named entity (after "when", "after" ...) rejoins the piece after its comma when that piece holds
    more than names, the parse makes the entity the subject of a verb and the next piece's first named entity one of
    its conjuncts: every agent of the list is then read against the verb, one by one, by the checks that read a
    coordinated subject. (One pass over the pieces and the names: a sentence of many names stays linear.)"""
    ents = sorted((m for m in mentions if m.kind == "entity"), key=lambda m: m.start)
    out: list[tuple[int, int]] = []
    lone: _Mention | None = None  # the one name that makes up the last piece kept, if that is all it holds
    e = 0
    for c, d in ranges:
        while e < len(ents) and ents[e].start < c:
            e += 1
        inside = []
        while e < len(ents) and ents[e].start < d:
            inside.append(ents[e])
            e += 1
        if lone is not None and c in soft and inside and _words_besides(text, c, d, inside) - _LIST_LEAD \
                and _listed_subject(parse(), lone, inside[0]):
            out[-1] = (out[-1][0], d)
            lone = None
            continue
        out.append((c, d))
        lone = inside[0] if len(inside) == 1 and inside[0].end <= d and d - c <= inside[0].end - inside[0].start + 12 \
            and _words_besides(text, c, d, inside) <= _LIST_LEAD else None  # (no lead word is longer than 12 letters)
    return out


def _words_besides(text: str, a: int, b: int, names: list[_Mention]) -> set[str]:
    """The lower-case words of text[a:b] outside the given names."""
    rest = text[a:b]
    for m in names:
        rest = rest[: max(0, m.start - a)] + " " * (min(b, m.end) - m.start) + rest[min(b, m.end) - a :]
    return set(re.findall(r"\w+", rest.lower()))


_LIST_LEAD = frozenset({"the", "when", "after", "before", "while", "as", "since", "once", "and", "both"})


def _listed_subject(parsed: Parsed, first: _Mention, second: _Mention) -> bool:
    """Whether the parse makes `first` the subject of a verb and `second` a conjunct of it."""
    head, other = parsed.root(first.start, first.end), parsed.root(second.start, second.end)
    if head is None or other is None or head.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    return any(t.i == other.i for t in head.conjuncts) and head.head.pos_ in {"VERB", "AUX"}

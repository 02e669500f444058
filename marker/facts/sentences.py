"""One sentence read for claims: mentions, dates, clauses; and the checks run clause by clause."""

from __future__ import annotations

from bisect import bisect_left

from marker.defaults import FACT_DEFAULTS
from marker.nlp import Sentence
from typing import Callable
import re
from marker.dates import DateClaim, _MIN, _resolve_relative, date_matches
from marker.facts.agreements import narrowed_to_maker
from marker.facts.checks.dates import _check_dates
from marker.facts.checks.outcome import _check_denials, _check_outcome
from marker.facts.checks.people import _check_people
from marker.facts.checks.sides import _check_absent, _check_camps, _check_sides
from marker.facts.clauses import _build_units, _units, rejoin_then
from marker.facts.cues import _ANAPHOR, _CLAUSE_ANAPHOR, _CONDITIONAL, _KIND_OF_AGREEMENT, _GENERIC_EVENT, _PARTICIPLE_OPENER, _RELATIVE_OPENER
from marker.facts.index import _Index
from marker.facts.grammar import _prose
from marker.facts.predicates import _join_listed_subject, _parsed_frames
from marker.facts.phases import phase_mentions
from marker.facts.pronouns import pronoun_mentions
from marker.facts.mentions import _find_mentions, _frame_mentions, _object_relative_frames, _sentence_tokens
from marker.facts.claims import Parsed
from marker.facts.model import FactFlag, _Mention, _SentenceInfo, _Unit, _distinct, _events
from marker.facts.tokens import _tokens

def _relative_anchor(anchors: list, s: Sentence, d: DateClaim) -> DateClaim | None:
    """The date 'two days later' counts from: the last absolute date before it, within reach in its paragraph; None
    when that date cannot anchor (a range, no year, approximate) or when another date within reach disagrees with it
    ("abdicated on 9 November 1918 and fled to the Netherlands, where he died in 1941. Two days later ...": which
    event it follows is the writer's, not the nearest date's, so the check abstains)."""
    back = FACT_DEFAULTS["relative_anchor_sentences"]
    near = [a for sent_i, para, a in anchors
            if a.start < d.start and sent_i >= s.index - back and para == s.paragraph]
    if not near:
        return None
    anchor = near[-1]
    if anchor.kind != "point" or anchor.partial or anchor.approx or anchor.lo == _MIN:
        return None
    if any((a.lo, a.hi) != (anchor.lo, anchor.hi) for a in near[:-1]):
        return None
    return anchor


def _analyse_sentence(index: _Index, s: Sentence, text: str, anchors: list, infos: list,
                      parse: Callable[[], Parsed] | None = None) -> _SentenceInfo:
    toks = _sentence_tokens(index, s)
    mentions = _find_mentions(index, toks)
    if parse is not None:
        mentions = narrowed_to_maker(index, [t.norm for t in toks], parse, mentions)
    raw_dates = index.dates_of(s.text, s.start)
    dates: list[DateClaim] = []
    for d in raw_dates:
        if d.relative:
            resolved = _resolve_relative(d, _relative_anchor(anchors, s, d))
            if resolved is None:
                continue
            d = resolved
        else:
            anchors.append((s.index, s.paragraph, d))
        dates.append(d)
    if not mentions and not (dates and _ANAPHOR.match(s.text.lstrip())):
        # (a sentence naming nothing is read only when it opens with "it", "this" or "the pact" and gives a date: its
        # event is the previous sentence's, read in _inherit)
        return _SentenceInfo(s, toks, mentions, [], True)
    ranges, soft = _units(s)
    deep = parse if parse is not None and _prose(s.text) else None  # the readings that need the parse (predicates.py)
    if deep is not None:
        ranges = _join_listed_subject(text, ranges, soft, mentions, deep)
        # "..., but it definately happened in 1933": a pronoun subject read as the one thing before it it can mean
        mentions = sorted([*mentions, *pronoun_mentions(index, text, toks, mentions, dates, deep, s.start, s.end)],
                          key=lambda m: (m.start, m.end))
    # Frames are read clause by clause so an agent in one clause never pairs with a verb in another.
    tok_ranges = []
    starts = [t.start for t in toks]  # in order: a clause's tokens are the run between two bisections
    for a, b in ranges:
        first, stop = bisect_left(starts, a), bisect_left(starts, b)
        if first < stop:
            tok_ranges.append((first, stop))
    for n, (lo, hi) in enumerate(tok_ranges):
        # "The USSR, which had joined the League": a relative clause's verb takes the noun before it as its agent.
        reach = lo
        if n and _RELATIVE_OPENER.match(toks[lo].norm) and any(
                m.kind == "entity" and m.j == lo - 1 and toks[lo - 1].norm == "," for m in mentions):
            reach = next(m.i for m in mentions if m.kind == "entity" and m.j == lo - 1)
        elif n and toks[lo].norm == "then" and any(m.kind == "entity" and m.j == lo for m in mentions):
            # "the Red Army then marched into Poland": "then" between a subject and its verb opens no new clause
            reach = next(m.i for m in mentions if m.kind == "entity" and m.j == lo)
        told = mentions
        subject = _subject_before_apposition(toks, mentions, tok_ranges, n, parse) if n >= 2 and parse else None
        if subject is not None:
            # "Hitler, the German leader, invaded Austria": the verb's subject stands before its apposition, whose
            # own names ("German") are no agent of the verb
            reach, told = subject.i, [m for m in mentions if not tok_ranges[n - 1][0] <= m.i < tok_ranges[n - 1][1]]
        for fm in (*_frame_mentions(index, toks, told, reach, hi),
                   *_object_relative_frames(index, toks, mentions, lo, hi),
                   *(_parsed_frames(index, toks, mentions, dates, lo, hi, deep) if deep else ())):
            if subject is not None and fm.j <= lo:
                continue  # told inside the apposition ("Stresemann, chancellor until his death in 1929, ...")
            if fm.i < lo:
                fm = _Mention(fm.kind, lo, fm.j, toks[lo].start, fm.end, fm.entity, fm.facts, fm.fuzzy, fm.via,
                              fm.negated_verb)
            if not any(m.kind == "event" and m.facts == fm.facts and m.via == fm.via and m.start < fm.end
                       and fm.start < m.end for m in mentions):
                mentions.append(fm)
        if deep is not None:  # after the clause's frames: a phase told by its subject where no event is named
            mentions.extend(phase_mentions(index, toks, mentions, dates, lo, hi, deep))
    mentions.sort(key=lambda m: (m.start, m.end))
    units = rejoin_then(_build_units(ranges, soft, mentions, dates, text), text, index.cues)
    return _SentenceInfo(s, toks, mentions, units, s.text.rstrip().endswith("?"), soft)



def _subject_before_apposition(toks: list, mentions: list[_Mention], tok_ranges: list[tuple[int, int]], n: int,
                               parse: Callable[[], Parsed]) -> _Mention | None:
    """The entity that ends the piece two before piece n when the parse makes it the subject of piece n's verb and
    the piece between its apposition ("Tukhachevsky, the Red Army marshal, was executed"); None otherwise."""
    (a_lo, a_hi), (p_lo, p_hi) = tok_ranges[n - 2], tok_ranges[n - 1]
    ends = [m for m in mentions if m.kind == "entity" and a_lo <= m.i and m.j == a_hi]
    if not ends or toks[p_lo].norm in _NOT_APPOSITION:
        return None
    parsed = parse()
    head = parsed.root(ends[0].start, ends[0].end)
    if head is None or head.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    verb_at = parsed.base + head.head.idx
    piece = (toks[p_lo].start, toks[p_hi - 1].end)
    if not (toks[tok_ranges[n][0]].start <= verb_at < toks[tok_ranges[n][1] - 1].end) or not any(
            c.dep_ == "appos" and piece[0] <= parsed.base + c.idx < piece[1] for c in head.children):
        return None
    return ends[0]


_NOT_APPOSITION = frozenset({"which", "who", "whom", "whose", "that", "and", "but", "or", "however", "though"})


def _inherit(index: _Index, text: str, info: _SentenceInfo, unit_index: int,
             prev: _SentenceInfo | None) -> tuple[list[_Mention], int, str]:
    """The event a clause without one is about: a relative clause's head, or an anaphor's previous sentence; and how
    it was found ("relative", "anaphor"; "" for an agreement the clause itself names by its kind)."""
    unit = info.units[unit_index]
    opener = text[unit.start : unit.end].strip()
    if unit_index > 0 and (_RELATIVE_OPENER.match(opener) or (
            _PARTICIPLE_OPENER.match(opener) and unit.start in info.soft)):
        head = info.units[unit_index - 1]
        events = _events(head)
        if len(_distinct(events)) == 1:
            return events, head.start, "relative"
        return [], unit.start, ""
    conj = _CLAUSE_ANAPHOR.match(opener) if unit_index > 0 else None
    if conj is not None:
        # "... the Young Plan was generous, and it was adopted in 1926": an earlier clause's one event
        events = [m for u in info.units[:unit_index] for m in _events(u)]
        return (events, unit.start, "anaphor") if _refers_to(index, opener[conj.end():], events) else ([], unit.start, "")
    if unit_index == 0 and prev is not None and _ANAPHOR.match(opener):
        events = [m for u in prev.units for m in _events(u)]
        return (events, unit.start, "anaphor") if _refers_to(index, opener, events) else ([], unit.start, "")
    kind = _by_parties(index, text, unit, opener)
    if kind is not None:
        return [kind], unit.start, ""
    noun = _GENERIC_EVENT.search(opener)
    if noun:
        # "the pact was signed by Molotov and Ribbentrop": the people named pick out the event (or a short list).
        people = {m.entity for m in unit.mentions if m.kind == "entity" and index.kind.get(m.entity) == "person"}
        if len(people) >= 2:
            ids = frozenset(f.id for f in index.rubric.facts if people <= {r.entity for r in f.actors}
                            and any(noun.group(1).lower() in n.lower() for n in f.names))
            if ids:
                start = unit.start + _opener_offset(text, unit) + noun.start()
                return [_Mention("event", 0, 0, start, start + len(noun.group()), facts=ids, via="actors")], unit.start, \
                    "anaphor"
    return [], unit.start, ""


def _by_parties(index: _Index, text: str, unit: _Unit, opener: str) -> _Mention | None:
    """"Germany and Poland signed a Non-Aggression Pact": an agreement named by its kind picks out the one fact whose
    parties are exactly the countries the clause names and whose names hold every word of the kind."""
    hit = _KIND_OF_AGREEMENT.search(opener)
    if hit is None:
        return None
    words = set(re.findall(r"[a-z]+", f"{hit.group(1)} {hit.group(3)}".lower())) - {"of", "the", "a", "an"}
    countries = {index.represents.get(m.entity, m.entity) for m in unit.mentions if m.kind == "entity"
                 and index.kind.get(m.entity) == "country"}  # named as states, not through their people
    if not words:
        return None
    of_kind = [f for f in index.rubric.facts if any(
        words <= set(re.findall(r"[a-z]+", n.lower())) and hit.group(2).lower() in n.lower() for n in f.names)]
    ids = frozenset(f.id for f in of_kind if set(f.parties) == countries) if len(countries) >= 2 else frozenset()
    if not ids:
        ids = _by_date(index, unit, of_kind)
    if len(ids) != 1:
        return None
    start = unit.start + _opener_offset(text, unit) + hit.start()
    return _Mention("event", 0, 0, start, start + len(hit.group()), facts=ids, via="actors")


def _by_date(index: _Index, unit: _Unit, of_kind: list) -> frozenset[str]:
    """"On 19 August 1939 Britain and the USSR signed a Commercial Agreement": no agreement of that kind has exactly
    the parties named, so the clause's one date, told to the day or month, picks out the one agreement of the kind
    signed then (its parties are then checked against those named). At least two parties must be named, as states or
    through their people; a year alone picks nothing ("in 1932 the USSR signed non-aggression pacts with ...")."""
    parties = {index.represents.get(m.entity, m.entity) for m in unit.mentions if m.kind == "entity"
               and index.kind.get(m.entity) in {"country", "person"}}
    if len(parties) < 2 or len(unit.dates) != 1:
        return frozenset()
    d = unit.dates[0]
    if d.kind != "point" or d.approx or d.relative or d.partial or (d.hi - d.lo).days > 31:
        return frozenset()
    return frozenset(f.id for f in of_kind if f.date is not None and f.verified and f.date.end is None
                     and date_matches(d, f.date) == "ok")


def _refers_to(index: _Index, opener: str, events: list[_Mention]) -> bool:
    """Whether words that refer back ("it", "the pact") can mean these events: they are of one fact, and a noun
    ("the pact") is a word of its names."""
    kinds = _distinct(events)
    if len(kinds) != 1:
        return False
    noun = re.match(r"^the\s+(\w+)", opener, re.IGNORECASE)
    return noun is None or noun.group(1).lower() in " ".join(n.lower() for f in kinds[0] for n in index.facts[f].names)


def _conditional(index: _Index, clause: str, unit: _Unit) -> bool:
    """Whether a conditional cue reaches the clause's claims: "if", "might" or "was going to" before (or between) its
    mentions and dates. One that comes after all of them sits in a complement of its own ("Stalin didnt get any
    warnings that the Germans were going to attack" denies the warnings; the attack is only foreseen)."""
    last = max([m.end for m in unit.mentions] + [d.end for d in unit.dates], default=unit.end) - unit.start
    framed = {f for m in unit.mentions if m.via == "frame" for f in m.facts}
    verbs = [v for fr in index.frames if fr.fact in framed for v in fr.verbs if len(v) > 1]
    for cue in _CONDITIONAL.finditer(clause):
        if cue.start() >= last:
            continue
        words = tuple(t.norm for t in _tokens(clause[cue.start() :]))
        if not any(words[: len(v)] == v for v in verbs):
            return True  # a cue that opens a frame's own verb is the event as the rubric tells it ("tried to take over")
    return False


def _opener_offset(text: str, unit: _Unit) -> int:
    """Leading whitespace of a unit, so offsets into its stripped text map back to the essay."""
    raw = text[unit.start : unit.end]
    return len(raw) - len(raw.lstrip())


def _check_unit(index: _Index, text: str, info: _SentenceInfo, unit: _Unit, unit_index: int,
                prev: _SentenceInfo | None) -> list[FactFlag]:
    clause = text[unit.start : unit.end]
    if _conditional(index, clause, unit):
        return []
    flags = _check_camps(index, text, info, unit, clause)
    flags += _check_denials(index, text, info, unit, clause)
    events = _events(unit)
    span_start = unit.start
    inherited = ""
    if not events:
        events, span_start, inherited = _inherit(index, text, info, unit_index, prev)
        if not events:
            return flags
    penalty = FACT_DEFAULTS["penalty_inherited"] if inherited else 0.0
    span = (span_start, unit.end)
    flags += _check_dates(index, text, unit, events, span, penalty, clause, bool(inherited), info.parse,
                          info.mentions)
    flags += _check_people(index, text, info, unit, events, span, penalty)
    if inherited != "anaphor":
        flags += _check_sides(index, text, info, unit, events, span, penalty, clause)
        flags += _check_absent(index, text, info, unit, events, span, penalty, clause)
    if not inherited:
        flags += _check_outcome(index, text, info, unit, span, clause)
    return flags


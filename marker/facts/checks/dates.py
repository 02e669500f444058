"""Date checks: a date tied to an event of the fact base that does not fit it."""

from __future__ import annotations

from dataclasses import replace

from marker.defaults import FACT_DEFAULTS
import re
from marker.rubric import DateSpec, Fact
from marker.dates import _MIN, DateClaim, _year_span, calendar_variants, date_matches
from marker.facts.cues import (END_PHASE_CUES, START_PHASE_CUES, TIME_UNITS, _CONJUNCT, _COORDINATOR, _STATE, _DATE_NEGATION,
                               _ENDING, _NOT_UNTIL, _RELATIVE_OPENER, _SECOND_PREDICATE)
from marker.facts.agreements import agreement_maker
from marker.facts.antecedents import dates_antecedent
from marker.facts.aspect import date_phase, negation_below, not_until, perfect
from marker.facts.claims import _verb_of, cue_in_next_predicate, timed_by_event, date_head, same_predicate, shares_subject
from marker.facts.index import _Index
from marker.facts.model import FactFlag, _Mention, _Unit, _distinct, _label, _make_flag
from marker.facts.tokens import _key

_PERFECT = re.compile(r"\b(?:had|has|have|'d|'ve)\b", re.IGNORECASE)


def _date_claim_text(fact: Fact, d: DateClaim) -> str:
    """'Nazi-Soviet Pact in 1938', 'Operation Barbarossa on 22 July 1941', 'Treaty of Rapallo by 1920'."""
    when = re.sub(r"\s+", " ", d.text.strip())
    if d.relative:
        year = d.lo.year if d.lo.year == d.hi.year else f"{d.lo.year}-{d.hi.year}"
        return f"{_label(fact)} in {year} ('{when}')"
    if d.lo == d.hi and d.kind == "point":
        return f"{_label(fact)} on {when}"
    if re.match(r"(?i)(?:on|in|by|before|after|until|till|from|between|not until|around|during|at)\b", when):
        return f"{_label(fact)} {when}"
    return f"{_label(fact)} in {when}"


def _merge_same_span(events: list[_Mention]) -> list[_Mention]:
    """Frames of several facts that read the very same words ("the Red Army invaded Poland": 1920 or 1939) are one
    mention of several candidate facts, so the date decides between them: a date that fits any of them is no error."""
    by_span: dict[tuple[int, int], _Mention] = {}
    for m in events:
        key = (m.start, m.end)
        by_span[key] = replace(by_span[key], facts=by_span[key].facts | m.facts) if key in by_span else m
    return list(by_span.values())


def _check_dates(index: _Index, text: str, unit: _Unit, events: list[_Mention], span: tuple[int, int],
                 penalty: float, clause: str, needs_cue: bool = False, parse=None,
                 mentions: list[_Mention] | None = None) -> list[FactFlag]:
    """`parse`: the sentence's parse on demand (asked only when a cue word follows a date across a coordinator);
    `mentions`: the whole sentence's, where a clause's subject may lie outside the unit."""
    if not unit.dates:
        return []
    if _STATE.search(clause):
        return []
    dates = list(unit.dates)
    if _DATE_NEGATION.search(clause) and not (parse is not None and events
                                             and negation_below(parse(), dates, events, unit.start, unit.end)):
        # "did not recognise the USSR until 1936" dates the recognition itself (read from the parse); any other date
        # of a negated clause is not checked, unless the negation is in a clause below the dates' verbs
        late = [replace(d, kind="point") for d in dates if d.kind == "until" and parse is not None
                and not_until(parse(), d)]
        if late:
            dates = late + [d for d in dates if d.kind != "until"] if _NOT_UNTIL.search(clause) else late
        elif not _NOT_UNTIL.search(clause):
            return []
    events = _merge_same_span(events)
    kinds = _distinct(events)
    flags = []
    for d in dates:
        if d.approx or d.kind == "stretch":
            continue  # (a bare "to 1988": the end of what the verb stretches, not the event's date)
        if d.kind == "point" and parse is not None and _PERFECT.search(clause) and perfect(parse(), d):
            d = replace(d, lo=_MIN, kind="bound")  # "In 1941 the USSR had annexed Bessarabia": by 1941
        if len(kinds) == 1:
            target = events
            adjacent = any(_adjacent(text, d, m) for m in events)
        else:
            near = [m for m in events if _adjacent(text, d, m)]
            if len({m.facts for m in near}) != 1:
                continue
            target, adjacent = near, True
        mention = min(target, key=lambda m: abs(m.start - d.start))
        if parse is not None and "," in text[min(mention.end, d.end) : max(mention.start, d.start)] \
                and _apposition_apart(parse(), mention, d):
            continue  # "Italy, later Hitler's partner in the Pact of Steel, ... signed a pact in 1933"
        if parse is not None and _dated_in_relative(parse(), mention, d):
            continue  # "expelled from the League it had joined only in 1934": the relative clause's own date
        if d.kind == "range" and parse is not None and _in_duration_phrase(parse(), d, mentions or unit.mentions):
            d = replace(d, kind="point")  # "for the whole of 1924-29 X served as ...": a time inside, not the span
        cues = [_cue_for(index, index.facts[f], d, text, unit, parse) for f in mention.facts]
        own_cue = any(c not in {None, ""} for c in cues)
        if not adjacent and all(c is None for c in cues) and any(index.facts[f].date_cues for f in mention.facts):
            continue  # a fact with cue words ("signed") is dated from a clause only through one of them
        ending = _ENDING.search(text, mention.end if mention.end < d.start else d.end, d.start if mention.end < d.start
                                else mention.start)
        if ending and not own_cue and not any(re.match(re.escape(c) + r"\b", text[ending.start():], re.IGNORECASE)
                                              for f in mention.facts for c in index.facts[f].date_cues):
            continue  # "in 1941 Hitler broke the pact": a date of the event's end, unless the fact dates by those
            # words ("ended"; "broke out", the start of a war)
        if not adjacent and not own_cue and (any(_adjacent(text, o, m) for o in unit.dates if o is not d
                                                 for m in target) or _crosses_clause(text, mention, d, index, parse)):
            continue
        facts = [index.facts[f] for f in sorted(mention.facts) if index.facts[f].date is not None]
        if not facts:
            continue
        if needs_cue and not any(p.search(text, unit.start, unit.end) for f in facts for _, p in index.cues[f.id]) \
                and not (parse is not None and _RELATIVE_OPENER.match(clause.strip())
                         and dates_antecedent(parse(), d, mention)):
            continue  # an inherited event is dated through a cue word, or by a relative clause on its own word
        facts = [f for f in facts if not _another_post(index, f, d, mention, unit, text)]
        if parse is not None and any(f.parties for f in facts):
            maker = agreement_maker(index, parse(), mentions or unit.mentions, mention)
            facts = [f for f in facts if maker is None or not f.parties or maker in {*f.parties, *f.opponents}]
        if not facts:
            continue
        verdicts = []
        for fact in facts:
            verdicts.append((fact, _verdict(index, fact, d, text, unit, mention.via == "frame", parse, mention)))
        if any(v in {"ok", "skip"} for _, v in verdicts):
            continue
        fact, verdict = min(verdicts, key=lambda fv: abs((fv[0].date.start - d.lo).days)
                            if d.lo != _MIN and fv[0].date is not None else 0)
        if not fact.verified:
            continue
        if d.partial:
            conf = FACT_DEFAULTS["confidence_partial_date"]
        elif d.relative:
            conf = FACT_DEFAULTS["confidence_relative_date"]
        elif adjacent:
            conf = FACT_DEFAULTS["confidence_adjacent_date"]
        else:
            conf = FACT_DEFAULTS["confidence_clause_date"]
        if verdict == "day":
            conf = min(conf, FACT_DEFAULTS["confidence_day_only"])
        if mention.fuzzy:
            conf -= FACT_DEFAULTS["penalty_fuzzy"]
        conf -= penalty
        a = min(span[0], d.start)
        b = max(span[1], d.end)
        flags.append(_make_flag(text, (a, b), _date_claim_text(fact, d), fact, conf, "date"))
    return flags



def _in_duration_phrase(parsed, d: DateClaim, mentions: list[_Mention]) -> bool:
    """Whether a range lies in a phrase of duration ("for the whole of the golden years of 1924-29", "throughout
    1936-38") or beside one naming an event on the same verb ("For the whole of the Winter War, from November 1939
    to March 1940, X was ..."): a time the clause holds through, inside the event's span, not its start and end."""
    tok = parsed.root(d.start, d.end)
    while tok is not None and tok.head.i != tok.i and tok.pos_ not in {"VERB", "AUX"}:
        if tok.dep_ == "prep" and tok.lower_ in {"for", "during", "throughout"}:
            return True
        tok = tok.head
    return tok is not None and tok.pos_ in {"VERB", "AUX"} and timed_by_event(parsed, mentions, tok)


def _dated_in_relative(parsed, mention: _Mention, d: DateClaim) -> bool:
    """The date hangs on the verb of a relative clause on a noun inside an event told by its clause (a frame: "the
    USSR had been expelled from the League it had joined only in 1934"): that clause tells another act. Not a
    relative clause on the event's own name ("the Anschluss, which took place in March 1937") nor one that holds the
    event ("Germany, which had signed the pact in 1938")."""
    head = date_head(parsed, d)
    verb = _verb_of(head) if head is not None else None
    if verb is None or verb.dep_ not in {"relcl", "acl"}:
        return False
    a, b = parsed.span(verb)
    if a <= mention.start and mention.end <= b:
        return False  # the event named inside the clause
    root = parsed.root(mention.start, mention.end)
    return root is not None and verb.head.i != root.i and mention.via == "frame"


def _apposition_apart(parsed, mention: _Mention, d: DateClaim) -> bool:
    """The event is named inside an apposition (a phrase set beside a noun between commas) that the date lies
    outside: the apposition describes its noun at another time, so the clause's date is not the event's."""
    tok = parsed.root(mention.start, mention.end)
    while tok is not None and tok.dep_ != "appos" and tok.head.i != tok.i:
        tok = tok.head
    if tok is None or tok.dep_ != "appos":
        return False
    a, b = parsed.span(tok)
    return not (a <= d.start < b)


def _another_post(index: _Index, fact: Fact, d: DateClaim, mention: _Mention, unit: _Unit, text: str) -> bool:
    """Whether the event may be a post's start or end other than the fact's: the fact is the post changing hands (a
    frame of it has the office's title as a target) at the start or end of one person's term (an office whose term
    begins or ends on the fact's date), that person is the only holder of such a
    term the event names, the clause names none of the office's titles, and the date lies outside the term's window (its
    whole years, widened by `post_window_years` either side: a year off is the same change misdated). A person can
    lose more than one post: "In 1946 X was dismissed" is no error about the post X lost in 1939, while "X was
    dismissed in 1938", inside the term, is."""
    if fact.date is None or d.lo == _MIN:
        return False
    named = {m.entity for m in unit.mentions if m.kind == "entity" and mention.start <= m.start < mention.end}
    held = [(o.office, o.date) for o in index.rubric.facts if o.verified and o.office is not None and o.date is not None
            and o.date.end is not None and fact.date.start in {o.date.start, o.date.end}
            and index.entity_keys.get(_key(o.office.holder), o.office.holder) in named]
    if len({office.holder for office, _ in held}) != 1:
        return False  # no term, or a successor named beside (the post is then the one handed over)
    office, term = held[0]
    titles = {t.lower() for t in (office.title, *office.aliases)}
    if not any(t.lower() in titles for fr in fact.frames for t in fr.targets):
        return False  # the fact is not the post changing hands (a death ends every post at once)
    clause = f" {text[unit.start : unit.end].lower()} "
    if any(f" {t}" in clause for t in titles):
        return False
    years = FACT_DEFAULTS["post_window_years"]
    end = term.end or term.start
    return d.hi < _year_span(term.start.year - years)[0] or d.lo > _year_span(end.year + years)[1]


def _crosses_clause(text: str, m: _Mention, d: DateClaim, index: _Index, parse=None) -> bool:
    """A date after 'and ...' belongs to the second predicate ("joined the League and gained land in 1939"),
    unless a date cue of the event sits between ("signed in May 1935 and ratified in February 1936"), the second
    predicate is a cue or frame verb of the event sharing the first's subject and auxiliary ("tried and executed", "was expelled from the party in 1927
    and then deported in 1932", however far) or the parse hangs the date and the event from one verb ("In 1927
    Germany and the Allies agreed the Young Plan")."""
    gap = text[d.end : m.start] if d.start < m.start else text[m.end : d.start]
    cut = _SECOND_PREDICATE.search(gap)
    if cut is not None and parse is not None and m.end <= d.start and (any(
            p.search(gap[cut.start():]) for f in m.facts for _, p in index.cues.get(f, [])) or cut.group().split()[-1]
            .lower() in {v[-1] for fr in index.frames if fr.fact in m.facts and not fr.denies for v in fr.verbs}):
        date_tok, ev_tok = date_head(parse(), d), parse().root(m.start, m.end)
        if date_tok is not None and ev_tok is not None and shares_subject(_verb_of(date_tok), _verb_of(ev_tok)):
            return False
    if len(re.findall(r"\w+", gap)) > FACT_DEFAULTS["clause_tie_gap"]:
        return True
    if cut is None:
        return False
    tail = gap[cut.end():]
    if any(p.search(tail) for f in m.facts for _, p in index.cues.get(f, [])):
        return False
    return parse is None or not same_predicate(parse(), d, m)


def _adjacent(text: str, d: DateClaim, m: _Mention) -> bool:
    """'the 1938 pact', 'Munich (1938)', 'the Nazi-Soviet Pact of 1941', 'Munich in 1938'."""
    if d.end <= m.start:
        gap = text[d.end : m.start]
    elif m.end <= d.start:
        gap = text[m.end : d.start]
    else:
        return True
    words = re.findall(r"\w+", gap)
    return len(words) <= FACT_DEFAULTS["adjacent_gap"] and all(w.lower() in {"of", "in", "on", "at", "the", "from", "during",
                                                                               "was", "signed", "held", "s", "dated"}
                                                                  for w in words) and "," not in gap.strip("( ")


def _names_by_date(text: str, d: DateClaim, m: _Mention) -> bool:
    """'ratified the pact of May 1935', 'the pact (May 1935)': a date written into the event's noun phrase names the
    event, as a title does; the clause's verb ("ratified") does not choose which of its dates that is."""
    if m.end > d.start:
        return False
    gap = text[m.end : d.start].strip().lower()
    return gap in {"of", "("} and not re.match(r"(?i)(?:on|in|by|before|after|until|till|from|between|around|during)\b",
                                                d.text.strip())


def _cue_for(index: _Index, fact: Fact, d: DateClaim, text: str, unit: _Unit, parse=None) -> str | None:
    """Which of a fact's dates the clause's cue words point a date at: '' for the main one, a qualifier, or None.
    The nearest cue before the date wins ("joined in 1934 and was expelled in 1939"), else the nearest after."""
    clause = text[unit.start : unit.end]
    best: tuple[int, int, str] | None = None
    for qualifier, pattern in index.cues.get(fact.id, []):
        for m in pattern.finditer(clause):
            a, b = unit.start + m.start(), unit.start + m.end()
            rank = (0, d.start - b) if b <= d.start else (1, a - d.end) if a >= d.end else (0, 0)
            if rank[0] == 1 and len(re.findall(r"\w+", text[d.end : a])) > FACT_DEFAULTS["cue_after_gap"]:
                continue  # a cue far after the date belongs to something else
            if d.relative and b <= d.start and _CONJUNCT.search(text, b, d.start):
                continue  # "fell apart on 27 March and three days later X was appointed": "later" opens what follows
            if a >= d.end and _COORDINATOR.search(text, d.end, a) and parse is not None \
                    and cue_in_next_predicate(parse(), d, a):
                continue  # "elected in 1925 and re-elected in 1932": the cue's verb is the next predicate's
            if best is None or rank < best[:2]:
                best = (*rank, qualifier)
    return None if best is None else best[2]


def _verdict(index: _Index, fact: Fact, d: DateClaim, text: str, unit: _Unit, framed: bool = False,
             parse=None, event: _Mention | None = None) -> str:
    """ok | wrong | day | skip: the claimed date against the fact date its clause's cue words pick out. An event told
    by one of its own frames ("Hitler turns on Stalin") without a cue word is the event itself, not a phase of it;
    one told by its start or end ("ended in April 1938") is that end of its span (`_phase_spec`)."""
    cue = None if event is not None and _names_by_date(text, d, event) else _cue_for(index, fact, d, text, unit, parse)
    specs: list[DateSpec] = []
    if cue is None:
        if fact.date_needs_cue:
            return "skip"
        specs = [s for s in ([fact.date] if framed else [fact.date, *(q.date for q in fact.other_dates)])
                 if s is not None]
    elif cue == "":
        specs = [fact.date] if fact.date is not None else []
    else:
        specs = [q.date for q in fact.other_dates if q.qualifier == cue]
    if cue is None and d.kind == "range" and fact.date is not None and fact.date.end is not None:
        specs = [fact.date]  # a range is compared with the fact's own span, not a single day within it
    phased = _phase_spec(fact, d, event, parse) if cue in {None, ""} else None
    if phased is not None:
        specs = [phased]
    if d.kind == "until":  # an end: of the span, or of the term the fact records it was agreed to run (below)
        specs = [e for s in specs if s is not None and s.end is not None
                 for e in ((_term_ends(fact) or [s]) if s is fact.date else [s])]
    settings = index.rubric.dates
    results = [date_matches(d, v) for s in specs if s is not None for v in calendar_variants(s, settings, (*fact.places, *fact.parties))]
    if "ok" in results:
        return "ok"
    if "day" in results:
        # A wrong day is minor, unless it is the day of the fact's other event (invasion on the day war was declared).
        if cue == "" and any(q.date.precision == "day" and date_matches(d, q.date) == "ok" for q in fact.other_dates):
            return "wrong"
        if d.lo == d.hi and d.lo in index.day_dates and not any(
                sp is not None and sp.start == d.lo for sp in (fact.date, *(q.date for q in fact.other_dates))):
            return "wrong"  # the day of another event in the fact base: a real confusion, not a slip of a day
        return "day"
    return "wrong" if results else "skip"


def _term_ends(fact: Fact) -> list[DateSpec]:
    """The spans whose end years are the years a fact's agreed term may end in (its tolerance either side), when the
    fact records one (durations, kind term): "until" then dates the term's end, not the end of the span the base
    dates the agreement's making by ("The Young Plan ran until 1988": adopted 1929-30, payments over 59 years)."""
    term = next((u for u in fact.durations if u.kind == "term"), None)
    if term is None or fact.date is None:
        return []
    years = term.value * TIME_UNITS[term.unit] / TIME_UNITS["year"]
    start = fact.date.start.year
    first, last = start + int(years * (1 - term.tolerance)), start + int(round(years * (1 + term.tolerance) + 0.5))
    return [DateSpec(start=fact.date.start, end=_year_span(y)[1], precision="year") for y in range(first, last + 1)]


def _phase_spec(fact: Fact, d: DateClaim, event: _Mention | None, parse) -> DateSpec | None:
    """The start or the end of a fact's span as a date of its own, when the clause tells that phase of the event
    (aspect.date_phase) and the fact's cue words say its span runs from the event's start to its end (cue words of
    both: "began" and "ended" for a war; not a congress whose dates hold a policy's adoption)."""
    span = fact.date
    if span is None or span.end is None or event is None or parse is None or d.kind not in {"point", "bound"}:
        return None
    cues = {c.lower() for c in fact.date_cues}
    if not cues & START_PHASE_CUES or not cues & END_PHASE_CUES:
        return None
    phase = date_phase(parse(), d, event)
    if not phase:
        return None
    return span.model_copy(update={"start": span.end if phase == "end" else span.start, "end": None})

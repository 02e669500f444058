"""An event of the fact base denied by its own party, read from the parse: "Britain never gave a guarantee to Poland",
"by the summer of 1939 Britain still hadnt given any guarantee to Poland".

A denial is read only when every part of it is plain:

- a verb of giving or making (English: give, make, sign, offer, issue, send, declare) whose object names exactly one
  event of the base, told by its name;
- the verb's subject names a state or group that was a party of that event (not a person: "Stalin never signed the
  pact himself" is true, Molotov did);
- the denial is total: "never", "not ever", or an object with "any" / "no" ("hadnt given any guarantee"); a bare
  "did not give a guarantee" may deny a manner or a detail instead, so it abstains;
- its time, if any, is one "by <date>" that lies wholly after the event (then the event had happened by then); any
  other date, a relative or approximate one, and it abstains;
- asserted: not hedged, conditional, reported or asked, and not under a verb that reports or wants it.

Presence is denied the same way ("Mussolini was not at Munich in 1938", "Britain did not take part in the Munich
Agreement", "Daladier did not attend the Munich Conference"): "not at", "not attend", "not take part in" an event told
by its name, by a subject that the fact records as an actor or party; no purpose, manner or "as" on the verb, and a
date, if any, one that fits the event.

A denial whatever its scope (`_any_scope`): "Germany didnt sign the Kellogg-Briand Pact in 1928", "the Nazis did not
become the largest party in July 1932". A negation may deny only a manner, purpose, means, place or date, so a bare
negated event verb is read as denying the event only when nothing else is left for it to deny: the verb is the
sentence's main verb, told by a frame of the fact (or, for an event told by its name as the verb's object, one of the
fact's date cues); its one subject is the frame's agent (or, for a named event, a state or group among its parties:
never a person, "Stalin did not sign the Nazi-Soviet Pact" is true); the clause holds no
adjunct but dates and the event's name (no adverb or adverbial clause, no "to ...", "by ...", "because", "until",
"at first", no place); every date in it fits the fact's own date (so denying the date is false too); and the sentence
has no contrast ("not X but Y", "but"), no "not only" / "not just", no "again", no hedge, report, condition or
question.
"""

from __future__ import annotations

from dataclasses import dataclass

from marker.dates import _fact_span, date_matches, gregorian, parse_dates
from marker.defaults import FACT_DEFAULTS
from marker.facts.claims import Parsed, _in_subtree, _mention_at, asserted, denies_how, modality, negated
from marker.facts.cues import CANDIDACY_VERBS, MANNER_VERBS, NOT_ONLY
from marker.facts.index import _Index, verb_forms
from marker.facts.mentions import _phrase_at
from marker.facts.tokens import _key
from marker.facts.model import FactFlag, _SentenceInfo, _make_flag

GIVING_VERBS = frozenset({"give", "make", "sign", "offer", "issue", "send", "declare"})
_TOTAL = frozenset({"any", "no"})


@dataclass(frozen=True)
class Denial:
    start: int
    end: int
    fact: str


def wants_denials(info: _SentenceInfo) -> bool:
    """Whether a sentence may hold such a denial (so it is parsed): an event named or told and a negation word."""
    words = {t.norm for t in info.toks}
    norms = [t.norm for t in info.toks]
    no_one = any(a == "no" and b == "one" for a, b in zip(norms, norms[1:]))
    negation = words & {"never", "any", "no", "ever", "not", "n't", "nt", "didnt", "wasnt"}
    if (no_one or words & _NO_ONE or negation and words & _ANY_ONE) and sum(
            m.kind == "entity" for m in info.mentions) >= 2:
        return True  # "didnt send anybody to Moscow" (_nobody): two parties, no event named
    return bool(negation) and any(
        m.kind == "event" and m.via in {"name", "frame"} for m in info.mentions)


def denial_claims(index: _Index, parsed: Parsed, info: _SentenceInfo) -> list[Denial]:
    out = []
    events = [m for m in info.mentions if m.kind == "event" and m.via == "name" and len(m.facts) == 1]
    for verb in parsed.doc:
        absent = _presence_denied(index, parsed, info, verb, events) or _any_scope(
            index, parsed, info, verb, events) or _nobody(index, parsed, info, verb)
        if absent is not None:
            if not denies_how(verb):  # "never joined the League willingly": how is denied, not whether
                out.append(absent)
            continue
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in GIVING_VERBS or not negated(verb):
            continue
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        # the object's phrase holds the name, or begins it ("gave a guarantee | to Poland": "to" is the verb's)
        hit = {e.facts for e in events for o in objects if _in_subtree(parsed, o, e) or (
            parsed.span(o)[0] <= e.start < parsed.span(o)[1] and parsed.root(e.start, e.end) == o)}
        if len(objects) != 1 or len(hit) != 1:
            continue
        fact = index.facts[next(iter(next(iter(hit))))]
        if not fact.verified or fact.date is None:
            continue
        subjects = [t for c in verb.children if c.dep_ == "nsubj" for t in (c, *c.conjuncts)]
        named = [_mention_at(info.mentions, t, parsed.base, "entity") for t in subjects]
        if not named or any(m is None or m.entity not in fact.parties or index.kind.get(m.entity) == "person"
                            for m in named):
            continue  # a state that was a party ("Stalin never signed it himself" is true: Molotov did)
        words = {c.lower_ for c in verb.children} | {c.lower_ for c in objects[0].children if c.dep_ == "det"}
        if not ("never" in words or "ever" in words or words & _TOTAL):
            continue
        if not asserted(verb) or modality(verb, info.sentence.text) != "assert" or denies_how(verb):
            continue
        a, b = parsed.span(verb)
        if not _time_allows(index, info, fact, a, b):
            continue
        out.append(Denial(a, b, fact.id))
    return out


def _presence_denied(index: _Index, parsed: Parsed, info: _SentenceInfo, verb, events) -> Denial | None:
    """"X was not at <event>", "X did not attend / take part in <event>", by an actor or party of the event; "X did
    not stand in <election>", by one the fact records as standing (a party, side, candidate or holder of its figures),
    with nothing else on the verb or the election ("did not stand alone / as ..." denies a manner)."""
    lemma = verb.lemma_.lower()
    stands = lemma in CANDIDACY_VERBS and all(c.dep_ in {"nsubj", "aux", "neg", "punct"} or (
        c.dep_ == "prep" and c.lower_ == "in" and not any(g.dep_ in {"prep", "relcl", "acl"} for p in c.children
                                                        for g in p.children)) for c in verb.children)
    if lemma not in _PRESENCE and not stands or not negated(verb) or any(
            c.dep_ in {"advcl", "xcomp", "ccomp", "acomp", "attr"} or (c.dep_ == "prep" and c.lower_ == "as")
            for c in verb.children):
        return None
    if lemma == "be":
        places = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "at" for g in c.children]
    elif lemma == "take" or stands:
        part = stands or any(c.dep_ == "dobj" and c.lower_ == "part" and not list(c.children) for c in verb.children)
        places = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "in" for g in c.children] if part else []
    else:
        places = [c for c in verb.children if c.dep_ == "dobj"]
    hit = {e.facts for e in events for o in places if _in_subtree(parsed, o, e)}
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(places) != 1 or len(hit) != 1 or len(subjects) != 1 or subjects[0].conjuncts:
        return None
    fact = index.facts[next(iter(next(iter(hit))))]
    who = _mention_at(info.mentions, subjects[0], parsed.base, "entity")
    there = {*fact.parties, *(r.entity for r in fact.actors if r.role.strip().lower() not in _NOT_THERE)}
    if stands:
        there = {*fact.parties, *fact.winners, *fact.losers, *(a for q in fact.quantities for a in q.agents),
                 *(r.entity for r in fact.actors if r.role.strip().lower() == "candidate")}
    if who is None or not fact.verified or fact.date is None or who.entity not in there:
        return None
    if not asserted(verb) or modality(verb, info.sentence.text) != "assert":
        return None
    a, b = parsed.span(verb)
    dates = [d for u in info.units for d in u.dates if a <= d.start < b]
    if dates and (len(dates) != 1 or dates[0].approx or dates[0].relative or date_matches(dates[0], fact.date) != "ok"):
        return None
    return Denial(a, b, fact.id)


# the dependents a denial of the whole event may have; any other (advmod, advcl, xcomp, npadvmod, agent, dative, ...)
# is something the negation could deny instead
_BARE = frozenset({"nsubj", "aux", "neg", "dobj", "attr", "prt", "punct", "det", "compound", "amod", "nmod",
                   "nummod", "poss", "case", "prep", "pobj", "ROOT", "cc"})
# words that leave the negation a scope other than the event ("not ... but", "not only", "never ... again")
_OTHER_SCOPE = frozenset({"but", "again", "until", "till", "untill", "because", "since", "so", "instead", "rather",
                          "first", "yet", "still", "even", "without", "unlike", "than", "except", *NOT_ONLY})


def _any_scope(index: _Index, parsed: Parsed, info: _SentenceInfo, verb, events) -> Denial | None:
    """A negated main verb of a fact's event with nothing left for the negation to deny but the event (module doc)."""
    if verb.dep_ != "ROOT" or verb.pos_ not in {"VERB", "AUX"} or not any(
            c.dep_ == "neg" or c.lower_ == "never" for c in verb.children) or verb.lemma_.lower() in MANNER_VERBS:
        return None
    result = _result_clause(verb)
    # "never joined the Pact, but it signed pacts with its neighbours in 1932": that clause is not the denial's scope
    own = own_clause(verb) if any(c.lower_ == "never" for c in verb.children) else set()
    result |= own
    if any(t.lower_ in _OTHER_SCOPE and t.i not in result for t in parsed.doc):
        return None
    a, b = parsed.span(verb)
    if own:  # its dates are not the denial's
        b = parsed.base + parsed.doc[min(own)].idx
    at = parsed.base + verb.idx
    passive = _passive(verb)
    subjects = [c for c in verb.children if c.dep_ == "nsubj"] if passive is None else [passive[1]]
    if len(subjects) != 1 or subjects[0].conjuncts:
        return None
    who = _mention_at(info.mentions, subjects[0], parsed.base, "entity")
    if who is None:
        return None
    if passive is None:
        fact = _told_event(index, parsed, info, verb, at, events, who.entity)
        sub = {t.i for t in subjects[0].subtree}
    else:  # "the Kellogg-Briand Pact was not signed by Germany": the event is the subject, its party the agent
        fact = _named_event(index, parsed, verb, [passive[0]], events, who.entity)
        sub = {t.i for t in passive[0].subtree} | {t.i for t in passive[2].subtree} | {
            c.i for c in verb.children if c.dep_ == "auxpass"}
    if fact is None or not fact.verified or fact.date is None \
            or country_not_its_own(index, info.mentions, a, b, fact, who.entity):
        return None
    sub |= result
    dates = [d for u in info.units for d in u.dates if a <= d.start < b]
    covered = [(m.start, m.end) for m in info.mentions if m.kind == "event"] + [(d.start, d.end) for d in dates]
    for t in verb.subtree:
        if t.i in sub or t.dep_ in _BARE and (t.dep_ != "prep" or t.lower_ in {"in", "of", "on"}):
            continue
        if not any(x <= parsed.base + t.idx < y for x, y in covered):
            return None  # an adjunct the negation could deny instead of the event
    spans = [(d.start, d.end) for d in dates] + [(m.start, m.end) for m in info.mentions
                                                  if m.kind == "event" and fact.id in m.facts]
    for p in (t for t in verb.subtree if t.dep_ == "prep" and t.i not in sub):
        # "in 1928", "in the July 1932 election": a date or the event's own name; a place ("in Prussia") abstains
        if any(t.dep_ != "det" and not any(x <= parsed.base + t.idx < y for x, y in spans)
               for c in p.children for t in c.subtree):
            return None
    if any(d.approx or d.relative or date_matches(d, fact.date) != "ok" for d in dates):
        return None
    norms = [t.norm for t in info.toks]
    cues = [_key(c) for q in fact.other_dates for c in q.cues if _key(c)]
    if dates and any(_phrase_at(norms, k, cues) for k in range(len(norms))):
        return None  # "Italy did not sign the Anti-Comintern Pact in 1936" is true: Italy joined on a date of its own
    if not asserted(verb) or modality(verb, info.sentence.text) != "assert":
        return None
    if result:  # the flag quotes the denial, not its result
        b = parsed.base + parsed.doc[min(result)].idx
    return Denial(a, b, fact.id)


def _told_event(index: _Index, parsed: Parsed, info: _SentenceInfo, verb, at: int, events, who: str):
    """The fact whose event the verb tells with this subject: a frame of the fact with the subject as its agent, or
    the event named as the verb's one object, the verb one of its date cues and the subject a state or group that was
    one of its parties."""
    frames = {f for m in info.mentions if m.kind == "event" and m.via == "frame" and len(m.facts) == 1
              and m.start <= at < m.end for f in m.facts}
    if len(frames) == 1:
        fid = next(iter(frames))
        if any(fr.fact == fid and not fr.denies and who in fr.agents for fr in index.frames):
            return index.facts[fid]
        return None
    if frames:
        return None
    return _named_event(index, parsed, verb, [c for c in verb.children if c.dep_ == "dobj"], events, who)


def _result_clause(verb) -> set[int]:
    """The tokens of a result clause after the verb, "so it was not equal with the big powers": "so" and a finite
    clause with a subject of its own, no modal ("so it could join" is a purpose the negation may deny)."""
    for c in verb.children:
        first = min(c.subtree, key=lambda t: t.i)
        if c.dep_ == "advcl" and c.i > verb.i and first.lower_ == "so" and first.dep_ == "mark" and any(
                g.dep_ in {"nsubj", "nsubjpass"} for g in c.children) and not any(
                g.dep_ == "aux" and g.tag_ == "MD" or g.lower_ == "that" for g in c.children):
            return {t.i for t in c.subtree}
    return set()


def own_clause(verb) -> set[int]:
    """The tokens of a clause of its own joined to a denied verb by "but", read from the parse: "The USSR never joined
    the Kellogg-Briand Pact, but it did sign pacts with its neighbours". The verb's one "but" and, after it, its one
    conjunct: a verb with a subject of its own, not the denied verb again nor a bare auxiliary ("but it did in 1929",
    "but it joined it in 1929" may deny only the date), with a complement of its own. The comma before "but" is
    kept with it. Empty when there is no such clause ("not X but Y" is a contrast on the denial's scope)."""
    buts = [c for c in verb.children if c.dep_ == "cc" and c.lower_ == "but"]
    conjs = [c for c in verb.children if c.dep_ == "conj" and buts and c.i > buts[0].i]
    if len(buts) != 1 or len(conjs) != 1:
        return set()
    c = conjs[0]
    if c.lemma_.lower() in {verb.lemma_.lower(), "do", "have"} or not any(
            g.dep_ in {"nsubj", "nsubjpass"} for g in c.children) or not any(g.dep_ in _COMPLEMENTS for g in c.children):
        return set()
    comma = [t.i for t in verb.children if t.dep_ == "punct" and t.i == buts[0].i - 1]
    return {*comma, buts[0].i, *(t.i for t in c.subtree)}


# what makes a conjunct a clause with content of its own, not an elided repeat of the denied verb ("but it did")
_COMPLEMENTS = frozenset({"dobj", "attr", "acomp", "ccomp", "xcomp", "oprd", "dative", "agent"})


def _passive(verb):
    """A passive verb's one subject, its agent's one object ("by Germany") and the agent ("by"); else None."""
    pas = [c for c in verb.children if c.dep_ == "nsubjpass"]
    by = [c for c in verb.children if c.dep_ == "agent"]
    objs = [g for c in by for g in c.children if g.dep_ == "pobj"]
    if len(pas) != 1 or len(by) != 1 or len(objs) != 1 or any(c.dep_ == "nsubj" for c in verb.children):
        return None
    return pas[0], objs[0], by[0]


def _named_event(index: _Index, parsed: Parsed, verb, objects: list, events, who: str):
    """The event named by the verb's one object (or, passive, its subject), the verb one of the fact's date cues and
    `who` a state or group that was one of its parties or an agent of one of its frames."""
    hit = {e.facts for e in events for o in objects if _in_subtree(parsed, o, e)}
    if len(objects) != 1 or len(hit) != 1:
        return None
    fact = index.facts[next(iter(next(iter(hit))))]
    cues = {form[0] for c in fact.date_cues if len(_key(c)) == 1 for form in verb_forms(_key(c))}
    agents = {a for fr in index.frames if fr.fact == fact.id and not fr.denies for a in fr.agents}
    # a state or group that was a party, never a person ("Stalin did not sign the pact" is true: Molotov did)
    party = (who in fact.parties or who in agents) and index.kind.get(who) != "person"
    return fact if verb.lower_ in cues and party else None


_PRESENCE = frozenset({"be", "attend", "take"})
# actors' roles that do not put them at the event (the victim of a purge, the opponent or author of a policy)
_NOT_THERE = frozenset({"victim", "opponent", "warned", "ignored", "supporter", "dismissed", "author", "founder",
                        "promoter", "member", "candidate", "perpetrator"})


def _time_allows(index: _Index, info: _SentenceInfo, fact, a: int, b: int) -> bool:
    """No date in the clause, or one "by <date>" whose period begins after the event ended (it had happened by
    then: "by the summer of 1939" for March 1939)."""
    dates = [d for u in info.units for d in u.dates if a <= d.start < b]
    if not dates:
        return True
    if len(dates) != 1:
        return False
    d = dates[0]
    words = d.text.split(maxsplit=1)
    if d.kind != "bound" or d.approx or d.relative or d.partial or len(words) != 2 or words[0].lower() != "by":
        return False
    period = parse_dates(words[1], 0, index.rubric.dates)
    _, _, _, hi = _fact_span(gregorian(fact.date))
    return len(period) == 1 and period[0].kind == "point" and not period[0].approx and period[0].lo > hi


def country_not_its_own(index: _Index, mentions, start: int, end: int, fact, who: str = "") -> bool:
    """A country named between `start` and `end` that is not the clause's subject `who`, none of the fact's parties
    or its frames' agents, and none its actors act for ("Litvinov was not the German foreign minister"): a denial
    there may deny that qualifier, which is true."""
    own = {who, *fact.parties, *(r.entity for r in fact.actors),
           *(a for fr in index.frames if fr.fact == fact.id for a in fr.agents)}
    own |= {index.represents.get(e, e) for e in own}
    return any(x.kind == "entity" and index.kind.get(x.entity) == "country" and start <= x.start and x.end <= end
               and x.entity not in own and index.represents.get(x.entity, x.entity) not in own for x in mentions)


def check_denial(index: _Index, text: str, claim: Denial) -> list[FactFlag]:
    fact = index.facts[claim.fact]
    return [_make_flag(text, (claim.start, claim.end), f"denies: {fact.statement}", fact,
                       FACT_DEFAULTS["confidence_outcome"], "outcome")]


# an object that denies the act whatever was sent: "didnt send anybody", "sent nobody", "sent no one"
_ANY_ONE = frozenset({"anybody", "anyone", "anything"})
_NO_ONE = frozenset({"nobody", "nothing"})
# a clause whose content the sentence asserts: "Another reason is that Britain didnt send anybody ..."
_REASON = frozenset({"reason", "factor", "problem", "point", "fact", "truth"})


def _nobody(index: _Index, parsed: Parsed, info: _SentenceInfo, verb) -> Denial | None:
    """"Britain and France didnt send anybody to Moscow for talks in 1939", "sent no one to Moscow": a total denial,
    by an indefinite object, of a sending the base records as a frame ("sent a military mission to" the USSR by
    Britain and France): the verb is the frame's, every subject one of its agents, the one "to"/"into" its target.
    The object has no modifier ("anyone senior" abstains); the verb holds nothing else but dates that fit the fact
    and "for" one of its cue words ("for talks"): a purpose ("to talk about an alliance"), manner or place abstains;
    exactly one fact fits; asserted, or the content of "the reason is that"."""
    if verb.pos_ != "VERB" or not (verb.dep_ == "ROOT" or verb.dep_ == "ccomp" and verb.head.lemma_ == "be" and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in _REASON for c in verb.head.children)):
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if len(objects) != 1 or any(c.dep_ not in {"det"} for c in objects[0].children):
        return None
    o = objects[0]
    total = (o.lower_ in _ANY_ONE and negated(verb) and not list(o.children)) or (not negated(verb) and (
        o.lower_ in _NO_ONE and not list(o.children) or o.lower_ == "one" and [c.lower_ for c in o.children] == ["no"]))
    if not total or any(t.lower_ in _OTHER_SCOPE for t in parsed.doc):
        return None
    subjects = [t for c in verb.children if c.dep_ == "nsubj" for t in (c, *c.conjuncts)]
    preps = [c for c in verb.children if c.dep_ in {"prep", "dative"} and c.lower_ in {"to", "into"}]
    to = [g for c in preps for g in c.children if g.dep_ == "pobj"]
    who = [_mention_at(info.mentions, t, parsed.base, "entity") for t in (*subjects, *to)]
    if not subjects or len(preps) != 1 or len(to) != 1 or any(m is None for m in who):
        return None
    found = [m for m in who if m is not None]
    if any(t.dep_ != "det" and not (found[-1].start <= parsed.base + t.idx < found[-1].end) for t in to[0].subtree):
        return None  # "to Moscow in the summer": the target alone
    names = [{m.entity, index.represents.get(m.entity, m.entity)} for m in found]
    # the base records the sending: a frame "sent <something> to <target>" with these agents and this target
    fits = {fr.fact for fr in index.frames if not fr.denies and names[-1] & fr.target_entities and all(
        n & fr.agents for n in names[:-1]) and any(len(v) > 2 and v[0] == verb.lower_ and v[-1] == preps[0].lower_
                                                   for v in fr.verbs)}
    if len(fits) != 1:
        return None
    fact = index.facts[next(iter(fits))]
    if not fact.verified or fact.date is None:
        return None
    a, b = parsed.span(verb)
    dates = [d for u in info.units for d in u.dates if a <= d.start < b]
    if any(d.approx or d.relative or date_matches(d, fact.date) != "ok" for d in dates):
        return None
    covered = [(d.start, d.end) for d in dates]
    cue_words = {w for c in fact.date_cues for w in _key(c)}
    kept = {t.i for t in (*subjects, *to[0].subtree)} | {c.i for t in subjects for c in t.children
                                                         if c.dep_ in {"cc", "det"}}
    for c in verb.children:
        if c.dep_ in {"aux", "neg", "punct", "dobj", "nsubj", "cc"} or c.lower_ == "never" or c in preps or (
                c.dep_ == "mark" and c.lower_ == "that" and verb.dep_ == "ccomp") or c.dep_ == "prep" and (
                c.lower_ in {"in", "during"} and all(
                    any(x <= parsed.base + t.idx < y for x, y in covered) for g in c.children for t in g.subtree)):
            continue
        if c.dep_ == "prep" and c.lower_ == "for" and all(  # "for talks": the event's own word, dated or not
                g.lower_ in cue_words and all(t.dep_ in {"prep", "det"} or t is g or any(
                    x <= parsed.base + t.idx < y for x, y in covered) for t in g.subtree) for g in c.children):
            continue
        return None
    if any(t.i not in kept and t.dep_ in {"amod", "advmod", "npadvmod", "advcl", "xcomp", "acl", "relcl"}
           for c in verb.children for t in c.subtree if c.dep_ != "nsubj"):
        return None
    if not asserted(verb) or modality(verb, info.sentence.text) != "assert":
        return None
    marks = [c for c in verb.children if c.dep_ == "mark"]
    if marks:  # quote the denial, not its "that"
        a = parsed.base + parsed.doc[marks[0].i + 1].idx
    return Denial(a, b, fact.id)

"""Who signed an agreement and who won an event, read from a sentence's dependency parse (typed claims of
marker/facts/claims.py): "Molotov and Ribbentrop signed the pact", "the Red Army lost to Japan at Khalkhin Gol"."""

from __future__ import annotations

from typing import Sequence

from marker.dates import DateClaim, date_matches
from marker.dates.compare import _fact_span
from marker.facts.claims import Claim, Parsed, _in_subtree, _mention_at, modality, negated
from marker.facts.cues import DRIVE_BACK_VERBS, FIGHT_NOUNS, LOSE_VERBS, OPEN_ROLES, SIGN_VERBS, WIN_VERBS
from marker.facts.index import _Index
from marker.facts.model import _SentenceInfo


_AGREEMENT = frozenset({"pact", "treaty", "agreement", "deal", "accord", "alliance"})


def _antecedent(index: _Index, noun, earlier: Sequence[_SentenceInfo]) -> frozenset[str]:
    """"the pact" when the last earlier sentence of the essay that named an agreement whose names use that noun
    named exactly one."""
    if noun.lemma_.lower() not in _AGREEMENT or not any(c.lower_ == "the" for c in noun.children):
        return frozenset()
    word = noun.lemma_.lower()
    for info in reversed(earlier):
        kinds = {m.facts for m in info.mentions if m.kind == "event" and m.via == "name"
                 and all(any(word in n.lower() for n in index.facts[f].names) for f in m.facts)}
        if kinds:
            return next(iter(kinds)) if len(kinds) == 1 else frozenset()
    return frozenset()


def _signed_by(index: _Index, facts: frozenset[str], agents: list[str], dates: Sequence[DateClaim]) -> bool:
    """Whether the sentence surely speaks of an agreement it calls only "the pact": one of the people it names
    signed it, or it dates the signing right."""
    if any(r.entity in agents and r.role.lower() in {"signatory", "negotiator", "delegate", "signer"}
           for fid in facts for r in index.facts[fid].actors):
        return True
    specs = [index.facts[f].date for f in facts]
    known = [s for s in specs if s is not None]
    return bool(dates) and len(known) == len(specs) and all(
        date_matches(d, s) == "ok" for d in dates for s in known)


def agent_claims(index: _Index, parsed: Parsed, info: _SentenceInfo, earlier: Sequence[_SentenceInfo] = ()) -> list[Claim]:
    """"Molotov and Goering signed the Nazi-Soviet Pact", "the pact was signed by X and Y", "... signed the pact"
    after a sentence naming the pact: who signed which event."""
    events = [m for m in info.mentions if m.kind == "event" and m.via in {"name", "coordination"}]
    signing = [(verb, _signers(index, parsed, info, verb)) for verb in parsed.doc
               if verb.pos_ == "VERB" and verb.lemma_.lower() in SIGN_VERBS - OPEN_ROLES]
    # every signer the sentence names: "X signed the pact for A and Ribbentrop signed it for B" says which pact
    named = [a for _, agents in signing for a in agents]
    out = []
    for verb, agents in signing:
        objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
        hit = [e.facts for e in events for o in objects if _in_subtree(parsed, o, e)]
        if not hit and not events:
            # Only when one of the signers named did sign it: the sentence is then surely about that agreement.
            lo, hi = parsed.span(verb)
            dates = [d for u in info.units for d in u.dates if not d.approx and lo <= d.start < hi]
            hit = [f for o in objects if (f := _antecedent(index, o, earlier)) and _signed_by(index, f, named, dates)]
        if len(agents) < 1 or len(set(hit)) != 1:
            continue
        a, b = parsed.span(verb)
        out.append(Claim("agents", a, b, facts=hit[0], agents=tuple(agents), verb=verb.lower_,
                         polarity=not negated(verb), modality=modality(verb, info.sentence.text)))
    return out


def _signers(index: _Index, parsed: Parsed, info: _SentenceInfo, verb) -> list[str]:
    """The people a signing verb names as its subjects (with their conjuncts), or as its passive agent."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    subjects += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if not subjects and verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not any(
            c.dep_ in {"nsubjpass", "expl", "csubj"} for c in verb.children):
        # "Hitler and Stalin met in Moscow and signed the pact": the conjoined verb shares its head's subject
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    agents: list[str] = []
    for s in subjects:
        for t in (s, *(c for c in s.conjuncts)):
            m = _mention_at(info.mentions, t, parsed.base, "entity")
            if m is not None and index.kind.get(m.entity) == "person" and m.entity not in agents:
                agents.append(m.entity)
    return agents


_OUTCOME_VERBS = WIN_VERBS | LOSE_VERBS  # built once, not per token


def outcome_claims(index: _Index, parsed: Parsed, info: _SentenceInfo) -> list[Claim]:
    """"The Japanese won at Khalkhin Gol", "the Red Army lost to Japan at Khalkhin Gol": who won an event."""
    out = []
    events = [m for m in info.mentions if m.kind == "event" and m.via in {"name", "coordination"}]
    for verb in parsed.doc:
        lemma = verb.lemma_.lower()
        back = lemma in DRIVE_BACK_VERBS and any(c.dep_ in {"prt", "advmod"} and c.lower_ == "back" for c in verb.children)
        if verb.pos_ != "VERB" or lemma not in _OUTCOME_VERBS and not back:
            continue
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        winners = [index.represents.get(m.entity, m.entity) for s in subj for t in (s, *s.conjuncts)
                   if (m := _mention_at(info.mentions, t, parsed.base, "entity")) is not None]
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        holders = [verb, *(c for c in verb.children if back and c.lower_ == "back")]  # "drove ... back at X"
        places = [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in {"at", "in", "on"}
                  for g in c.children]
        hit = [e for e in events if any(_in_subtree(parsed, o, e) for o in objects + places)]
        other = [o for o in objects if not any(_in_subtree(parsed, o, e) for e in events)]
        if other and not (lemma in WIN_VERBS or back):
            continue  # "lost 100,000 men": the object is not the event
        if back and (_only_at_first(verb) or not _completed(verb)):
            continue  # "at first the Japanese pushed the Red Army back": a stage of the fight, not its outcome
        if other and all(_loser(info, parsed, o) for o in other):
            # "Japan defeated the Red Army at Lake Khasan", "had driven the Red Army back at ...": the loser, with the
            # event as the battle's place ("at X", "in the Battle of X"); not "in the Winter War", where a side
            # may beat the other in a battle and lose the war
            hit = [e for e in events if (g := parsed.root(e.start, e.end)) is not None and g.dep_ == "pobj"
                   and g.head.head in holders and (g.head.lower_ == "at" or g.head.lower_ == "in"
                                                   and g.lemma_.lower() == "battle")]
        elif other and not back and len(other) == 1 and not hit and _fight_word(other[0]):
            hit = _told_beside(parsed, verb, events)  # "fought China over the railway, and China won the conflict"
        elif other or back:
            continue
        if not winners or len({e.facts for e in hit}) != 1:
            continue
        if other and negated(verb) and not _named_loser(index, info, parsed, other, hit[0].facts):
            continue  # "The Soviets did not beat the Germans at X": it denies beating them, not the victory
        a, b = parsed.span(verb)
        if _a_stage_by_date(index, info, (a, b), hit[0].facts):
            continue  # "In May 1939 the Japanese defeated Mongolian cavalry at X": a stage, not the outcome
        out.append(Claim("outcome", a, b, facts=hit[0].facts, agents=tuple(winners), verb=lemma,
                         polarity=(lemma in WIN_VERBS or back) != negated(verb), modality=modality(verb, info.sentence.text)))
    return out


def _named_loser(index: _Index, info: _SentenceInfo, parsed: Parsed, objects: list, facts: frozenset[str]) -> bool:
    """Whether a side the verb's objects name lost the event (so "did not beat them" denies the outcome)."""
    losers = {x for f in facts for x in index.facts[f].losers}
    named = {index.represents.get(m.entity, m.entity) for o in objects for t in (o, *o.conjuncts)
             if (m := _mention_at(info.mentions, t, parsed.base, "entity")) is not None}
    return bool(named & losers)


def _a_stage_by_date(index: _Index, info: _SentenceInfo, span: tuple[int, int], facts: frozenset[str]) -> bool:
    """The win is dated inside the clause at a time that ends before the event could have ended: the student tells
    a stage of the fighting (an early clash won by the side that lost the whole), which the fact's outcome does not
    judge, so the claim is left unread (precision first). A year that covers the event's end is its outcome."""
    ends = [_fact_span(d)[2] for f in facts if (d := index.facts[f].date) is not None]
    dates = [d for u in info.units for d in u.dates if span[0] <= d.start and d.end <= span[1] and not d.relative]
    return bool(ends) and any(d.hi < max(ends) for d in dates)


def _loser(info: _SentenceInfo, parsed: Parsed, obj) -> bool:
    """The object of a win verb names the side beaten (each conjunct a country, army or person the base knows)."""
    return all(_mention_at(info.mentions, t, parsed.base, "entity") is not None for t in (obj, *obj.conjuncts))


_AT_FIRST = frozenset({"first", "initially", "briefly", "temporarily", "early", "still", "soon"})


def _only_at_first(verb) -> bool:
    """A push back told as a stage ("at first", "initially", "early on") rather than the end of the fight."""
    return any(c.lower_ in _AT_FIRST or c.dep_ == "prep" and any(g.lower_ in _AT_FIRST for g in c.children)
               for c in verb.children)


def _completed(verb) -> bool:
    """A push back told as done by a time ("By August 1938 the Japanese had driven the Red Army back"): a perfect
    ("had", "has") or a "by" phrase on the verb."""
    return any(c.dep_ == "aux" and c.lemma_.lower() == "have" or c.dep_ == "prep" and c.lower_ == "by"
               for c in verb.children)


def _fight_word(obj) -> bool:
    """"the conflict", "the war": a bare noun for the fighting itself (no name, complement or clause of its own)."""
    return (obj.lemma_.lower() in FIGHT_NOUNS and any(c.dep_ == "det" and c.lower_ == "the" for c in obj.children)
            and all(c.dep_ == "det" for c in obj.children))


def _told_beside(parsed: Parsed, verb, events) -> list:
    """The one event named in the clause the win verb is conjoined to ("The Red Army fought China over the
    railway, and ... China had won the conflict"): that clause tells the fight the noun stands for."""
    if verb.dep_ != "conj":
        return []
    head = verb.head
    own = [e for e in events if _in_subtree(parsed, head, e) and not _in_subtree(parsed, verb, e)]
    return own if len({e.facts for e in own}) == 1 else []

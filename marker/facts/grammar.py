"""The parse's say over a sentence: flags the grammar does not bear out are dropped (abstention), and the typed
claims only a parse can read (roles, signatories, winners) are checked. Only sentences that hold a flag or such a
claim's cue words are parsed."""

from __future__ import annotations

import re

from marker.facts.agents import agent_claims, outcome_claims
from marker.facts.checks.claims import _SIGNING_ROLES, check_claim
from marker.facts.claims import (
    MAX_PARSED, Parsed, asserted, date_of_other_phase, denies_how, date_reads_as_event, parse_sentences,
    same_predicate,
    _argument_of,
    object_referent,
    sequence_is_list,
)
from marker.facts.cues import NON_FACTIVE, ROLE_TITLES, TEMPORAL_PREPOSITIONS, TERM_LEAVE_VERBS, TERM_NOUNS, _ANAPHOR, _CLAUSE_ANAPHOR
from marker.facts.denials import check_denial, denial_claims, wants_denials
from marker.facts.doers import check_doers, doer_claims, wants_doers
from marker.facts.enemies import check_enemy, enemy_claims, wants_enemies
from marker.facts.durations import check_duration, duration_claims, wants_durations
from marker.facts.hedges import span_hedged
from marker.facts.index import _Index
from marker.facts.listed import check_listed, listed_claims, wants_listed
from marker.facts.lists import check_parties, check_set, party_claims, set_claims, wants_parse
from marker.facts.meetings import meeting_claims, wants_meetings
from marker.facts.membership import check_membership, membership_claims, wants_membership
from marker.facts.model import FactFlag, _Mention, _SentenceInfo, _label
from marker.facts.roles import role_claims
from marker.facts.succession import check_succession, newcomer_read_as_replaced, succession_claims, wants_succession
from marker.facts.targets import agent_in_noun_phrase, target_modifies_object
from marker.facts.quantities import check_quantity, quantity_claims, wants_quantities

_ROLE_WORDS = re.compile(r"\b(?:" + "|".join(sorted(ROLE_TITLES)) + r")s?\b", re.IGNORECASE)
_SIGN_WORDS = re.compile(r"\b(?:sign|negotiat|conclud)\w*", re.IGNORECASE)
_GENERIC_PACT = re.compile(r"\bthe\s+(?:pact|treaty|agreement|deal|accord|alliance)\b", re.IGNORECASE)
_WIN_WORDS = re.compile(r"\b(?:won|wins?|winning|beat|beats|beaten|defeat\w*|lost|loses?|losing|crush\w*|rout\w*|back)\b",
                        re.IGNORECASE)


def read_with_parse(index: _Index, text: str, infos: list[_SentenceInfo], flags: list[FactFlag],
                    essay=None) -> list[FactFlag]:
    """The flags the parse bears out, plus the flags of parse-read claims (`essay`: share its sentence parses)."""
    where = {}
    for k, info in enumerate(infos):
        for f in flags:
            if info.sentence.start <= f.start < info.sentence.end:
                where[id(f)] = k
    junk = {k for k, info in enumerate(infos) if not _prose(info.sentence.text)}
    flags = [f for f in flags if where.get(id(f)) not in junk]  # not prose: nothing in it is read with confidence
    wanted = set(where.values()) - junk
    for k, info in enumerate(infos):
        if k not in junk and wants_durations(index, info, infos[:k]):
            wanted.add(k)  # even with no name of its own: "The treaty ... was to last for twenty-five years"
        if info.skip or k in junk:
            continue
        people = [m for m in info.mentions if m.kind == "entity" and index.kind.get(m.entity) == "person"]
        if any(_role_context(index, text, info, m) for m in people):
            wanted.add(k)
        facts = [index.facts[f] for m in info.mentions if m.kind == "event" for f in m.facts]
        prev = _previous(infos, k)
        before = [index.facts[f] for m in (prev.mentions if prev else ()) if m.kind == "event" for f in m.facts]
        if people and not facts and _GENERIC_PACT.search(info.sentence.text):
            before += [index.facts[f] for e in infos[:k] for m in e.mentions if m.kind == "event" and m.via == "name"
                       for f in m.facts]  # "X and Y signed the pact": the essay named it earlier
        signed = any(r.role.lower() in _SIGNING_ROLES for f in facts + before for r in f.actors)
        if people and signed and _SIGN_WORDS.search(info.sentence.text):
            wanted.add(k)
        if any(f.winners or f.losers for f in facts) and _WIN_WORDS.search(info.sentence.text):
            wanted.add(k)
        if wants_parse(index, info) or wants_quantities(index, info, infos[:k]) or wants_membership(index, info) \
                or wants_meetings(index, info) or wants_denials(info) or wants_succession(index, info) \
                or wants_listed(index, info) or wants_doers(index, info) or wants_enemies(index, info):
            wanted.add(k)
    parsed = parse_sentences(infos, wanted, essay)
    kept = [f for f in flags if where.get(id(f)) not in parsed or _borne_out(index, f, infos[where[id(f)]],
                                                                              parsed[where[id(f)]])]
    # A token-read flag in a hedged sentence stands only outside the hedge's reach; a parse-read claim carries its
    # own modality (claims.modality reads the same reach from its verb).
    kept = [f for f in kept if not _hedged_flag(f, infos, parsed)]
    for k, p in sorted(parsed.items()):
        info = infos[k]
        kept.extend(f for claim in duration_claims(index, p, info, infos[:k]) for f in check_duration(index, text, claim))
        if info.skip:
            continue  # a question (durations read modality themselves), or a sentence naming nothing
        dates = [d for u in info.units for d in u.dates]
        for claim in (*role_claims(index, p, info, dates), *agent_claims(index, p, info, infos[:k]),
                      *outcome_claims(index, p, info), *meeting_claims(index, p, info)):
            kept.extend(check_claim(index, text, claim))
        kept.extend(f for claim in party_claims(index, p, info) for f in check_parties(index, text, claim))
        kept.extend(f for claim in set_claims(index, p, info) for f in check_set(index, text, claim))
        kept.extend(f for claim in listed_claims(index, text, p, info, infos[:k]) for f in check_listed(index, text, claim))
        kept.extend(f for claim in quantity_claims(index, p, info, infos[:k]) for f in check_quantity(index, text, claim))
        kept.extend(f for claim in membership_claims(index, p, info) for f in check_membership(index, text, claim))
        kept.extend(f for claim in denial_claims(index, p, info) for f in check_denial(index, text, claim))
        kept.extend(f for claim in succession_claims(index, p, info) for f in check_succession(index, text, claim))
        kept.extend(f for claim in doer_claims(index, p, info) for f in check_doers(index, text, claim))
        kept.extend(f for claim in enemy_claims(index, p, info) for f in check_enemy(index, text, claim))
    return kept


def _hedged_flag(flag: FactFlag, infos: list[_SentenceInfo], parsed: dict[int, Parsed]) -> bool:
    """A token-read flag in a hedged sentence stands only when no hedge governs a word of its span (and the sentence was
    parsed, so the hedge's reach is known)."""
    k = next((k for k, info in enumerate(infos) if info.sentence.start <= flag.start < info.sentence.end), None)
    if k is None or not infos[k].hedged:
        return False
    p = parsed.get(k)
    return p is None or span_hedged(p.doc, p.base, flag.start, flag.end)


# "X, the ...", "X, who ...", "X as ...", "X was the ... minister", "X, Y's Foreign Minister" (a possessive and a title)
_ROLE_AFTER = re.compile(r"\s*(?:,\s*(?:the|a|an|who|then|later|now|still|by\s+then)\b|\(|as\b|(?:(?:was|became|is|"
                         r"remained|had\s+been)\s+(?:the\s+|a\s+|an\s+)?|,\s*[^\W\d_]+['’]s\s+)(?:\w+\s+){0,3}?(?:" +
                         "|".join(sorted(ROLE_TITLES)) + r"))", re.IGNORECASE)


_TERM_AFTER = re.compile(r"(?:['’]s?)?\s+(?:" + "|".join(sorted(TERM_NOUNS)) + r")\s+as\b|\s+(?:" +
                         "|".join(sorted(TERM_LEAVE_VERBS)) + r")\w*\s+as\b", re.IGNORECASE)
# a verb of appointing (cues.APPOINT_VERBS) just before the name: "makes Litvinov foreign minister", the title follows
_APPOINTED = re.compile(r"\b(?:appoint(?:s|ed)?|name[sd]?|make|makes|made)\s+$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")
_APPOSITION_OPENER = re.compile(r"\s*,\s*(?:the|a|an)\s+", re.IGNORECASE)


def _previous(infos: list[_SentenceInfo], k: int) -> _SentenceInfo | None:
    """The sentence before, in the same paragraph."""
    if k and infos[k - 1].sentence.paragraph == infos[k].sentence.paragraph:
        return infos[k - 1]
    return None


def _prose(sentence: str) -> bool:
    """A sentence of words, not a run of spaces, brackets or symbols (at least one word per 15 characters, and no
    longer than the parser's limit): only prose is parsed or checked."""
    return len(sentence) <= MAX_PARSED and len(_WORD.findall(sentence)) * 15 >= len(sentence.strip())


def _role_context(index: _Index, text: str, info: _SentenceInfo, person) -> bool:
    """Whether a person's name stands where a role is given: "X, the ...", "X as ...", "X was the ... minister",
    "Foreign Minister X", or a party's name in apposition ("X, the Communist ...")."""
    if not _ROLE_WORDS.search(info.sentence.text):
        opener = _APPOSITION_OPENER.match(text, person.end, info.sentence.end)
        return opener is not None and any(m.kind == "entity" and m.start == opener.end()
                                          and index.kind.get(m.entity) == "group" for m in info.mentions)
    before = text[max(info.sentence.start, person.start - 30) : person.start]
    return bool(_ROLE_AFTER.match(text, person.end, info.sentence.end) or _ROLE_WORDS.search(before)
                or _TERM_AFTER.match(text, person.end, info.sentence.end) or _APPOINTED.search(before))


def _borne_out(index: _Index, flag: FactFlag, info: _SentenceInfo, parsed: Parsed) -> bool:
    own = [m for m in info.mentions if m.kind == "event" and flag.fact in m.facts and m.via != "denial"]
    heads = [t for t in (parsed.root(m.start, m.end) for m in own) if t is not None]
    if flag.kind != "outcome" and heads and not any(
            asserted(t) and not (flag.kind == "date" and only_intended(t) and not _frame_verb_at(index, flag.fact, t))
            for t in heads):
        return False  # the event is only wanted, refused, reported or supposed
    if flag.kind == "outcome" and flag.claim.startswith("denies") and any(
            t is not None and denies_how(t) for t in (parsed.root(m.start, m.end) for m in info.mentions
                                                       if m.kind == "event" and flag.fact in m.facts)):
        return False  # "never joined the League willingly": the manner is denied, not the joining
    if own and all(m.via == "frame" and (newcomer_read_as_replaced(parsed, m) or agent_in_noun_phrase(
            parsed, m, info.mentions) or target_modifies_object(
            parsed, m, info.mentions, frozenset(w for fr in index.frames if fr.fact == flag.fact for v in fr.verbs
                                                for w in v))) for m in own):
        return False  # "replaced Chicherin with Litvinov", "took bases in the Baltic states": another act
    own = [m for m in own if not m.pronoun_object or pronoun_stands_for_target(index, parsed, info, m)]
    if not own and any(m.kind == "event" and flag.fact in m.facts and m.pronoun_object for m in info.mentions):
        return False  # "it" read as the frame's target, and the parse does not bear it out
    events = [m for m in own if m.via != "coordination"]
    if any(m.kind == "event" and flag.fact in m.facts and m.via == "coordination" for m in info.mentions):
        return True  # "a pact with France, as well as Czechoslovakia a year later": read by the token checks
    if flag.kind == "date":
        dates = [d for u in info.units for d in u.dates if flag.start <= d.start and d.end <= flag.end]
        said = [d for d in dates if " ".join(d.text.split()) in flag.claim]
        dates = said or dates  # the date the flag is about, when the clause holds several
        fact = index.facts[flag.fact]
        cues = tuple(c.lower() for c in (*fact.date_cues, *(c for q in fact.other_dates for c in q.cues)))
        if dates and all(date_of_other_phase(parsed, d, cues, events) for d in dates):
            return False
        if events and dates and all(passive_doer(parsed, e, d, cues) for e in events for d in dates):
            return False  # "he was elected by the National Assembly in 1919": the date is of its act, not of it
        ref = _anaphor_ref(info, flag)
        if dates and ref is not None and not any(flag.start <= m.start < flag.end for m in own):
            # "It was signed in August 1938", "..., and it was adopted in 1926": the event is the one referred back
            # to, so the pronoun or "the pact" must hang from the date's verb
            return all(same_predicate(parsed, d, ref) for d in dates)
        if not events or not dates:
            return True  # an event from a relative clause or the previous sentence: the token reading stands
        verbs = frozenset(v[-1] for fr in index.frames if fr.fact == flag.fact and not fr.denies for v in fr.verbs)
        return any(date_reads_as_event(parsed, d, e, cues, verbs) for d in dates for e in events)
    if flag.kind == "person" or (flag.kind == "side" and (" took part in " in flag.claim
                                                          or " was a party to " in flag.claim)):
        fact = index.facts[flag.fact]
        actors = {r.entity for r in fact.actors} | set(fact.parties) | set(fact.opponents)
        people = [m for m in info.mentions if m.kind == "entity" and index.kind.get(m.entity) in {"person", "country", "group"}
                  and m.entity not in actors and index.represents.get(m.entity) not in actors and flag.start <= m.start < flag.end]
        if events and flag.kind == "person" and all(event_is_circumstance(parsed, e) for e in events):
            return False  # "with the Anglo-French mission being so slow, Stalin made a choice"
        if not events or not people:
            return True
        return any(person_tied_to_event(parsed, p, e) for p in people for e in events)
    if flag.kind == "side" and " backed " in flag.claim:
        backer = flag.claim.split(" backed ", 1)[0]
        named = [m for m in info.mentions if m.kind == "entity" and m.entity == backer and flag.start <= m.start < flag.end]
        return any(backer_asserted(parsed, m) for m in named)
    if flag.kind == "side" and " fought against " in flag.claim:
        enemy = flag.claim.split(" fought against ", 1)[1]
        named = [m for m in info.mentions if m.kind == "entity" and m.entity == enemy and flag.start <= m.start < flag.end]
        if named and all(located_not_opposed(parsed, m) for m in named):
            return False
    if flag.kind == "sequence":
        named = [m for m in info.mentions if m.kind == "event" and m.via == "name" and len(m.facts) == 1
                 and flag.start <= m.start < flag.end]
        if any(sequence_is_list(parsed, a, b) for a in named for b in named if a.facts != b.facts):
            return False
        word = next((w for w in ("after", "before") if f" {w} " in flag.claim), "")
        told = bool(word) and any(t.lower_ == word for t in parsed.tokens(flag.start, flag.end))
        anchor = flag.claim.split(f" {word} ", 1)[1] if told else ""  # not a "then" or "by the time" order
        anchors = [m for m in info.mentions if m.kind == "event" and len(m.facts) == 1 and flag.start <= m.start < flag.end
                   and _label(index.facts[next(iter(m.facts))]) == anchor]
        timed = [m for m in info.mentions if m.kind == "event" and flag.fact in m.facts and flag.start <= m.start < flag.end]
        if told and timed and all(told_in_relative(parsed, m, word) for m in timed):
            return False
        return not anchors or any(ordered_by(parsed, m, word) for m in anchors)
    return True


def told_in_relative(parsed: Parsed, m: _Mention, word: str) -> bool:
    """The event is told in a relative clause and the "after"/"before" hangs outside it ("Zinoviev, who was chairman
    of the Comintern until 1926, was later shot after the first show trial"): the order is the main clause's act's,
    not the event's."""
    tok = parsed.root(m.start, m.end)
    rel = next((a for a in (tok, *tok.ancestors) if a.dep_ in {"relcl", "acl"}), None) if tok is not None else None
    if rel is None:
        return False
    inside = {t.i for t in rel.subtree}
    cues = [t for t in parsed.doc if t.lower_ == word and t.dep_ in {"prep", "mark"}]
    return bool(cues) and not any(c.i in inside for c in cues)


def pronoun_stands_for_target(index: _Index, parsed: Parsed, info: _SentenceInfo, event: _Mention) -> bool:
    """Whether the object pronoun that ends a frame's mention stands, by the parse, for a noun phrase that names one of
    the frame's targets ("Germany left the League of Nations in October 1933, and the USSR joined it")."""
    pronoun = next((t for t in parsed.tokens(event.start, event.end) if parsed.base + t.idx + len(t.text) == event.end),
                   None)
    if pronoun is None or pronoun.dep_ != "dobj":
        return False
    referent = object_referent(pronoun.head, pronoun)
    if referent is pronoun:
        return False
    a, b = parsed.span(referent)
    targets = {e.target_entities for e in index.frames if e.fact in event.facts and not e.denies}
    return any(m.kind == "entity" and a <= m.start and m.end <= b and
               any({m.entity, index.represents.get(m.entity)} & t for t in targets) for m in info.mentions)


def _anaphor_ref(info: _SentenceInfo, flag: FactFlag) -> _Mention | None:
    """The words that refer back ("it", "this", "the pact") opening the clause a flag was read in, after a
    coordinator or "because", as a mention of the flag's fact; None when the clause opens otherwise."""
    raw = info.sentence.text[flag.start - info.sentence.start :]
    body = raw.lstrip()
    conj = _CLAUSE_ANAPHOR.match(body)
    off = conj.end() if conj else 0
    word = _ANAPHOR.match(body[off:])
    if word is None:
        return None
    at = flag.start + len(raw) - len(body) + off
    return _Mention("event", 0, 0, at, at + word.end(), facts=frozenset({flag.fact}))


# Grammar tests a token-level flag must pass (read off the parse).

def _frame_verb_at(index: _Index, fact: str, tok) -> bool:
    """Whether a frame of the fact writes its verb from this token on: "the Spartacists tried to take over Berlin"
    tells the rising itself when the rubric tells it so ("tried to take over"), not an intention."""
    words = [t.lower_ for t in tok.doc[tok.i : tok.i + 6]]
    return any(fr.fact == fact and len(v) > 1 and tuple(words[: len(v)]) == v for fr in index.frames for v in fr.verbs)


def only_intended(tok) -> bool:
    """A mention whose own root is a verb of deciding, ordering or wanting with the event as its complement ("Hitler
    decided to invade the Soviet Union" read as one frame): the event is not asserted."""
    return tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in NON_FACTIVE and any(
        c.dep_ in {"xcomp", "ccomp"} for c in tok.children)


def event_is_circumstance(parsed: Parsed, event: _Mention) -> bool:
    """Whether an event is only a circumstance of its clause: the object of "with", "despite", "after" ... ("Stalin
    made a choice with the Anglo-French mission slow"), or the subject of a participle clause ("with the mission
    being so slow, Stalin made a defensive choice")."""
    e_tok = parsed.root(event.start, event.end)
    if e_tok is None:
        return False
    for a in (e_tok, *e_tok.ancestors):
        if a.dep_ == "prep" and a.lower_ in {"with", "for", "about", "despite", "against", *TEMPORAL_PREPOSITIONS}:
            return True
        if a.pos_ in {"VERB", "AUX"} and a.tag_ == "VBG" and any(c.dep_ == "nsubj" for c in a.children) and (
                a.dep_ == "advcl" or a.dep_ == "pcomp" and a.head.lower_ in {"with", "without", "despite"}):
            return True
        if a.pos_ in {"VERB", "AUX"} and a.dep_ != "prep":
            return False
    return False


def person_tied_to_event(parsed: Parsed, person: _Mention, event: _Mention) -> bool:
    """Whether a person is an argument of the verb the event is an argument of (not "in his struggle with X")."""
    p_tok, e_tok = parsed.root(person.start, person.end), parsed.root(event.start, event.end)
    if p_tok is None or e_tok is None:
        return True
    verb = next((a for a in (p_tok, *p_tok.ancestors) if a.pos_ in {"VERB", "AUX"}), None)
    if verb is None:
        return False
    if event_is_circumstance(parsed, event):
        return False
    path = [p_tok, *p_tok.ancestors]
    for t in path[: path.index(verb)]:
        if t.dep_ not in {"nsubj", "nsubjpass", "pobj", "agent", "conj", "compound", "appos", "prep"} \
                or (t.dep_ == "prep" and t.lower_ not in {"by", "with", "under"}):
            return False
    return _argument_of(e_tok, {t.i for t in parsed.tokens(event.start, event.end)}, verb)


def located_not_opposed(parsed: Parsed, m: _Mention) -> bool:
    """A country named as a place ("the fighting in Spain"), not as an enemy."""
    tok = parsed.root(m.start, m.end)
    return tok is not None and tok.dep_ == "pobj" and tok.head.lower_ in {"in", "at", "from", "into", "across", "through"}


def backer_asserted(parsed: Parsed, m: _Mention) -> bool:
    """A power named as the one that backed a side is the doer of an asserted clause: the subject of its verb (or the
    agent of a passive, or a conjunct of either), and that verb is asserted ("Britain fought for Franco"), not the
    object of another verb ("signed treaties with France and helped the Republic") nor inside what "it is wrong to
    say" or "some claim" ("It is wrong to say Britain fought for Franco")."""
    tok = parsed.root(m.start, m.end)
    if tok is None:
        return False
    while tok.dep_ == "conj" and tok.head.pos_ in {"PROPN", "NOUN"}:
        tok = tok.head  # "Germany and Italy sent troops"
    if tok.dep_ in {"nsubj", "nsubjpass"}:
        verb = tok.head
    elif tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        verb = tok.head.head  # "Franco was helped by Italy"
    else:
        return False
    return asserted(verb)


def ordered_by(parsed: Parsed, m: _Mention, word: str) -> bool:
    """The event a sequence is measured against is what "after"/"before" governs: its object ("a week after Prague")
    or its clause ("after Italy invaded Albania"), not a clause coordinated beside it ("..., a week after Prague, and
    Italy invaded Albania in April"). Where the parser left "after" without an object ("After the Munich Putsch,
    France and Belgium marched": the putsch read as a subject), the parse cannot judge, and the token reading stands."""
    tok = parsed.root(m.start, m.end)
    if tok is None or any(t.lower_ == word and t.dep_ == "prep" and not any(c.dep_ in {"pobj", "pcomp"} for c in t.children)
                          for t in parsed.doc):
        return True
    for a in (tok, *tok.ancestors):
        if a.lower_ == word:
            return True
        if a.pos_ in {"VERB", "AUX"}:
            if any(c.dep_ == "mark" and c.lower_ == word for c in a.children):
                return True
            if a.dep_ != "pcomp":
                return False
    return False


def passive_doer(parsed: Parsed, event: _Mention, date, cues: tuple[str, ...]) -> bool:
    """An event or body named only as the doer of a passive whose verb is one of its own date cues, and which the date
    dates ("elected by the National Assembly in 1919", the Assembly's cue "was elected"): the clause tells what it did
    to someone else, so the cue is not about it. Not a date in a clause of its own ("alarmed by the conscription
    Hitler announced in March 1934"), nor a verb that is no cue of it ("made worse by the occupation of the Ruhr in
    1922": the date may be the event's)."""
    tok, when = parsed.root(event.start, event.end), parsed.root(date.start, date.end)
    if tok is None or when is None or tok.dep_ != "pobj" or tok.head.dep_ != "agent":
        return False
    if not any(tok.head.head.lower_ in cue.split() for cue in cues):
        return False
    if any(a.i == tok.i for a in when.ancestors):
        return False  # "made worse by the occupation of the Ruhr in January 1922": the date is the event's own
    verb = next((a for a in when.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    return verb is not None and verb.i == tok.head.head.i


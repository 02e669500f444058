"""Lists of parties read from the parse: "Britain, France, Italy and Czechoslovakia signed the Munich Agreement",
"the leaders of X, Y and Z gave ... at Munich", "occupied by French, Belgian and British troops".

Each conjunct of the subject (or of the passive agent) of a verb of taking part (cues.PARTY_VERBS) whose object,
place or own frame is the event is a claim that it took part. A conjunct is flagged only when the fact records it as
`absent`, only when the list is asserted as the complete set (no "such as", "including", "among others", "also",
no hedge, negation or condition), and only when every conjunct is a country the base names: otherwise abstain.

A fact's closed sets (`sets` in the rubric: the lands of a sphere of influence) are read the same way: a closed list
whose way up the parse passes one of the set's `heads` ("a sphere of influence in X, Y and Z", "gave Stalin X, Y and
Z"), in a clause whose subject is the fact or one of the set's `names` and whose recipient (indirect object, "to X",
"X's sphere", "the Soviet sphere") is one of its `holders`; a set with no holders, which nobody is given (a council's
permanent members: "Germany entered the League with a permanent seat alongside X, Y and Z"), only in a clause whose
subject the fact's own mention holds (the clause tells the fact). A country outside the set's `members` is flagged (a
region outside them may hold some); a conjunct the base cannot name, an unnamed or other recipient, or an open,
hedged or negated list abstains.
"""

from __future__ import annotations

import re
from functools import lru_cache

from marker.defaults import FACT_DEFAULTS
from marker.dates import date_matches
from marker.facts.claims import Claim, Parsed, _mention_at, _verb_of, asserted, date_head, modality, negated
from marker.facts.cues import (IMPOSE_VERBS, MEMBER_VERBS, MEMBERSHIP_NOUNS, OPEN_LIST_WORDS, PARTY_VERBS,
                               VOTE_PREPOSITIONS, VOTE_VERBS)
from marker.facts.index import _Index, _every_tense
from marker.facts.model import FactFlag, _Mention, _SentenceInfo, _country, _make_flag

_PLACE_PREPOSITIONS = frozenset({"at", "in"})
_GROUP_PREPOSITIONS = frozenset({"of"})
# The words that may join a list to its head in a set nobody is given: with whom ("alongside X", "with X", "by X"),
# never "without X", "except X", "unlike X"
_BESIDE = frozenset({"alongside", "with", "beside", "by", "of", "as", "next", "to", "on", "among", "amongst"})


def wants_parse(index: _Index, info: _SentenceInfo) -> bool:
    """A sentence naming an event with recorded absentees, or one with closed sets (by name or by a set's names),
    and at least two countries: it may hold a list."""
    named = {f for m in info.mentions if m.kind == "event" for f in m.facts}
    countries = {_country(index, m) for m in info.mentions if m.kind == "entity"
                 and index.kind.get(_country(index, m)) == "country"}
    if len(countries) < 2:
        # a vote's list may name parties: only when a named event records a group as absent
        absent = {a for f in named for a in index.facts[f].absent if index.kind.get(a) == "group"}
        groups = {_country(index, m) for m in info.mentions if m.kind == "entity"
                  and index.kind.get(_country(index, m)) == "group"}
        return bool(absent & groups) and len(countries | groups) >= 2
    return any(index.facts[f].absent for f in named) or any(_set_facts(index, info, named))


def _set_facts(index: _Index, info: _SentenceInfo, named: set[str]):
    """The verified facts with closed sets the sentence names, by the fact or by a set's names."""
    for fact in index.set_facts:
        if (fact.id in named or any(
                _name_spans(info.sentence.text, s.names) for s in fact.sets)):
            yield fact


def _name_spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    return [m.span() for n in names for m in _name_pattern(n).finditer(text)]


@lru_cache(maxsize=None)
def _name_pattern(name: str) -> re.Pattern[str]:
    """A set's name as a whole-word pattern, built once (names come from the rubric, so they are few): the escaping,
    formatting and cache lookup of re.finditer were paid for every fact with sets on every sentence."""
    return re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)


def party_claims(index: _Index, parsed: Parsed, info: _SentenceInfo) -> list[Claim]:
    """One `parties` claim per verb of taking part whose subject is a closed list of countries tied to one event."""
    out = []
    events = [m for m in info.mentions if m.kind == "event"]
    for verb in parsed.doc:
        vote = verb.lemma_.lower() in VOTE_VERBS
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in PARTY_VERBS and not vote:
            continue
        hit = {e.facts for e in events if _tied(parsed, verb, e)}
        if len(hit) != 1:
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        subjects += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        for s in subjects:
            items = _items(index, parsed, info, s, frozenset({"country", "group"} if vote else {"country"}))
            if items is None or len(items) < 2:
                continue
            a, b = parsed.span(verb)
            own = [d for u in info.units for d in u.dates
                   if (h := date_head(parsed, d)) is not None and (v := _verb_of(h)) is not None and v.i == verb.i]
            out.append(Claim("parties", a, b, facts=next(iter(hit)), agents=tuple(items), verb=verb.lower_,
                             date=own[0] if len(own) == 1 else None, polarity=not negated(verb) and asserted(verb),
                             modality=modality(verb, info.sentence.text)))
    return out + _own_lists(index, parsed, info, events)


def _own_lists(index: _Index, parsed: Parsed, info: _SentenceInfo, events: list[_Mention]) -> list[Claim]:
    """An event named with its own list of members: "of" or "between" on its name ("the Stresa Front of X, Y and Z",
    "the pact between X and Y"), or the object of a verb that joins its members, with the name as its subject ("the
    Pact of Steel tied together X, Y and Z"): a closed list of those who took part, asserted with its clause."""
    out = []
    for e in events:
        tok = parsed.root(e.start, e.end)
        verb = _verb_of(tok) if tok is not None and e.via == "name" and len(e.facts) == 1 and \
            tok.lemma_.lower() in MEMBERSHIP_NOUNS else None  # "the Munich crisis between X and Y": its sides
        if verb is None or tok.i == verb.i or any(t.lower_ in OPEN_LIST_WORDS for t in verb.subtree):
            continue  # "..., among others, ...": the list may be partial wherever the clause says so
        lists = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in _OWN_LIST_PREPOSITIONS
                 for g in c.children if g.dep_ == "pobj"]
        if tok.dep_ == "nsubj" and tok.head.i == verb.i and verb.lemma_.lower() in MEMBER_VERBS:
            lists += [c for c in verb.children if c.dep_ == "dobj"]
        if tok.dep_ in {"nsubjpass", "dobj"} and tok.head.i == verb.i and verb.lemma_.lower() in IMPOSE_VERBS:
            lists += [g for c in (*verb.children, *tok.children) if c.dep_ == "prep" and c.lower_ in {"on", "upon"}
                      for g in c.children if g.dep_ == "pobj"]  # "the pacts were forced on X, Y and Z"
        for g in lists:
            items = _items(index, parsed, info, g) if _country_at(index, parsed, info, g) else None
            if items is None or len(items) < 2:
                continue
            a, b = parsed.span(tok)
            a, b = min(a, parsed.span(g)[0]), max(b, parsed.span(g)[1])
            out.append(Claim("parties", a, b, facts=e.facts, agents=tuple(items), verb=g.head.lower_,
                             polarity=not negated(tok) and asserted(verb), modality=modality(verb, info.sentence.text)))
    return out


_OWN_LIST_PREPOSITIONS = frozenset({"of", "between"})


def _tied(parsed: Parsed, verb, event: _Mention) -> bool:
    """The event is the verb's object, passive subject or place ("at Munich"), or a frame told with this verb."""
    if event.via in {"frame", "denial"} and event.start <= parsed.base + verb.idx < event.end:
        return True
    tok = parsed.root(event.start, event.end)
    if tok is None:
        return False
    if verb.lemma_.lower() in VOTE_VERBS:  # "voted against the Enabling Act": the vote's object
        return tok.dep_ == "pobj" and tok.head.lower_ in VOTE_PREPOSITIONS and tok.head.head.i == verb.i
    if tok.dep_ in {"dobj", "nsubjpass"} and tok.head.i == verb.i:
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ in _PLACE_PREPOSITIONS and tok.head.head.i == verb.i


def _items(index: _Index, parsed: Parsed, info: _SentenceInfo, subject,
           kinds: frozenset[str] = frozenset({"country"})) -> list[str] | None:
    """The countries a subject lists: its conjuncts, or those of the countries it is "of" ("the leaders of X and Y")
    or whose adjective it bears ("French and Belgian troops"); None when the list is open or holds anything else."""
    if any(t.lower_ in OPEN_LIST_WORDS for t in subject.subtree):
        return None
    if any(t.lower_ in {"neither", "nor"} for t in (subject, *subject.conjuncts, *subject.children)):
        return None  # "Neither the USSR nor Czechoslovakia signed ...": each conjunct denied
    heads = [subject]
    if _country_at(index, parsed, info, subject, kinds) is None:
        # "French, Belgian and British troops" parses as two adjectives, the second with a conjunct
        adjectives = [c for c in subject.children if c.dep_ == "amod" and _country_at(index, parsed, info, c)]
        groups = [g for c in subject.children if c.dep_ == "prep" and c.lower_ in _GROUP_PREPOSITIONS
                  for g in c.children if g.dep_ == "pobj"]
        heads = adjectives or groups[:1]
        if not heads:
            return None
    items = []
    for t in (t for h in heads for t in (h, *h.conjuncts)):
        if subject_of_next_clause(t):
            return None  # "made by X, Y and Z and the USSR wasnt part of it": the last name opens a clause
        country = _country_at(index, parsed, info, t, kinds)
        if country is None:
            return None  # "Britain, France and the League": not a list of countries the base can judge
        if country not in items:
            items.append(country)
    return items


def subject_of_next_clause(tok) -> bool:
    """Whether a conjunct is followed at once by a verb the parse left without a subject (a clausal complement or
    conjunct): the name is that clause's subject, which the parser hung on the list before it."""
    end = max(t.i for t in tok.subtree) + 1
    if end >= len(tok.doc):
        return False
    verb = tok.doc[end]
    if verb.dep_ in {"aux", "auxpass"} and verb.head.i > verb.i:  # "... and the USSR had signed": the main verb
        verb = verb.head
    return verb.pos_ in {"VERB", "AUX"} and verb.dep_ in {"ccomp", "conj", "parataxis", "advcl", "ROOT"} \
        and not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in verb.children)


def _country_at(index: _Index, parsed: Parsed, info: _SentenceInfo, tok,
                kinds: frozenset[str] = frozenset({"country"})) -> str | None:
    m = _mention_at(info.mentions, tok, parsed.base, "entity")
    if m is None or index.kind.get(_country(index, m)) not in kinds:
        return None
    return _country(index, m)


def check_parties(index: _Index, text: str, claim: Claim) -> list[FactFlag]:
    """A country the fact records as absent, named in a closed, asserted list of those who took part."""
    if claim.kind != "parties" or claim.modality != "assert" or not claim.polarity or len(claim.facts) != 1:
        return []
    fact = index.facts[next(iter(claim.facts))]
    if not fact.verified:
        return []
    absent = {index.represents.get(a, a) for a in fact.absent}
    wrong = [a for a in claim.agents if a in absent]
    if not wrong:
        return _own_dates(index, text, claim, fact)
    return [_make_flag(text, (claim.start, claim.end), f"{' and '.join(wrong)} took part in the {fact.names[0]}",
                       fact, FACT_DEFAULTS["confidence_absent"], "side")]


def _own_dates(index: _Index, text: str, claim: Claim, fact) -> list[FactFlag]:
    """"Germany, Italy and Japan all signed the Anti-Comintern Pact in November 1936": the list's one date fits the
    event's own date, but a party the fact dates apart (an `other_dates` entry whose cues name the party alone: Italy
    joined in November 1937) is claimed at a date its own does not fit. Only that party is flagged; the verb must be
    one of the fact's date cues, the date one point told without doubt."""
    d = claim.date
    if d is None or d.kind != "point" or d.approx or d.relative or d.partial or fact.date is None:
        return []
    if claim.verb not in {c.lower() for c in _every_tense(fact.date_cues)}:
        return []
    if date_matches(d, fact.date) != "ok":
        return []  # a date wrong for the event itself: the date check's
    wrong = [a for a in claim.agents for q in fact.other_dates
             if any(c.strip().lower() == a.lower() for c in q.cues) and date_matches(d, q.date) == "wrong"]
    if len(wrong) != 1:
        return []
    return [_make_flag(text, (claim.start, claim.end), f"{wrong[0]} {claim.verb} the {fact.names[0]} ({d.text.strip()})",
                       fact, FACT_DEFAULTS["confidence_clause_date"], "date")]


def set_claims(index: _Index, parsed: Parsed, info: _SentenceInfo) -> list[Claim]:
    """One `set` claim per closed list of places tied, by the parse, to one of a fact's closed sets."""
    out = []
    named = {f for m in info.mentions if m.kind == "event" for f in m.facts}
    for fact in _set_facts(index, info, named):
        told = [m.start for m in info.mentions if m.kind == "event" and fact.id in m.facts]
        anchors = told + [parsed.base + a for a, _ in (s for st in fact.sets for s in _name_spans(
            info.sentence.text, st.names))]
        for first in parsed.doc:
            if first.dep_ == "conj" or not first.conjuncts:
                continue
            for si, closed in enumerate(fact.sets):
                verb = _hung_on(first, {h.lower() for h in closed.heads})
                # a set nobody is given (a council's permanent members) hangs on the clause that tells the fact
                if verb is None or not _subject_names(parsed, verb, anchors if closed.holders else told):
                    continue
                if any(c.dep_ == "cc" and c.lower_ in {"or", "nor"} for t in (first, *first.conjuncts)
                       for c in t.children):
                    continue  # "the USSR or Czechoslovakia": not a list of all of them
                if not closed.holders and not _beside(first, verb):
                    continue
                if closed.holders and not _given_to(index, parsed, info, verb, first, {
                        index.represents.get(h, h) for h in closed.holders}):
                    continue
                items = _places(index, parsed, info, first, verb)
                if items is None:
                    continue
                a, b = parsed.span(verb)
                out.append(Claim("set", a, b, facts=frozenset({fact.id}), agents=tuple(items), verb=verb.lower_,
                                 title=str(si), polarity=not negated(verb) and asserted(verb),
                                 modality=modality(verb, info.sentence.text)))
    return out


def _hung_on(first, heads: set[str]):
    """The clause's verb, when the list's way up to it (through prepositions and nouns) passes one of `heads` and no
    word that opens the list ("including", "such as"); else None."""
    tok, passed = first, False
    while tok.head.i != tok.i:
        tok = tok.head
        if tok.lower_ in OPEN_LIST_WORDS:
            return None
        passed = passed or tok.lemma_.lower() in heads
        if tok.pos_ in {"VERB", "AUX"}:
            return tok if passed else None
    return None


def _beside(first, verb) -> bool:
    """Every preposition on the list's way up to the verb says with whom ("a seat alongside X, Y and Z", "signed by
    X, Y and Z"), none without whom ("agreed without X and Y")."""
    tok = first.head
    while tok.i != verb.i:
        if tok.dep_ in {"prep", "agent"} and tok.lower_ not in _BESIDE:
            return False
        tok = tok.head
    return True


def _subject_names(parsed: Parsed, verb, anchors: list[int]) -> bool:
    """The verb's subject is the fact or one of the set's names ("the secret protocol gave ...")."""
    while verb.dep_ == "conj" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        verb = verb.head  # "The protocol divides Poland and gives ...": the subject the verbs share
    for s in (c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}):
        a, b = parsed.span(s)
        if any(a <= x < b for x in anchors):
            return True
    return False


def _given_to(index: _Index, parsed: Parsed, info: _SentenceInfo, verb, first, holders: set[str]) -> bool:
    """Whom the clause gives the list to (an indirect object, "to X", a possessive or adjective on the way up) is
    named, and every one named is a holder of the set."""
    chain = [first]
    while chain[-1].i != verb.i:
        chain.append(chain[-1].head)
    recipients = [c for c in verb.children if c.dep_ == "dative"]
    recipients += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in {"to", "for"}
                   for g in c.children if g.dep_ == "pobj"]
    recipients += [c for t in chain[1:-1] for c in t.children if c.dep_ in {"poss", "amod", "compound"}
                   and _mention_at(info.mentions, c, parsed.base, "entity")]
    # "gave Stalin eastern Poland, ...": the parser hangs the indirect object on the first conjunct
    recipients += [c for c in first.children if c.dep_ == "nmod" and c.i < first.i]
    if not recipients:
        return False
    for r in recipients:
        m = _mention_at(info.mentions, r, parsed.base, "entity")
        if m is None or _country(index, m) not in holders:
            return False
    return True


def _places(index: _Index, parsed: Parsed, info: _SentenceInfo, first, verb) -> list[str] | None:
    """The countries and places a list names ("the eastern part of Poland" names Poland); None when the verb's
    argument that holds the list opens it ("countries such as ...") or the list holds anything the base cannot name."""
    argument = first
    while argument.head.i != verb.i:
        argument = argument.head
    if any(t.lower_ in OPEN_LIST_WORDS for t in argument.subtree):
        return None
    items = []
    for t in (first, *first.conjuncts):
        if subject_of_next_clause(t):
            return None
        m = _mention_at(info.mentions, t, parsed.base, "entity")
        if m is None:
            of = [g for c in t.children if c.dep_ == "prep" and c.lower_ in _GROUP_PREPOSITIONS
                  for g in c.children if g.dep_ == "pobj"]
            m = _mention_at(info.mentions, of[0], parsed.base, "entity") if len(of) == 1 else None
        if m is None or index.kind.get(m.entity) not in {"country", "place"}:
            return None
        if m.entity not in items:
            items.append(m.entity)
    return items


def check_set(index: _Index, text: str, claim: Claim) -> list[FactFlag]:
    """A place outside the fact's closed set, named in a closed, asserted list of its members."""
    if claim.kind != "set" or claim.modality != "assert" or not claim.polarity:
        return []
    fact = index.facts[next(iter(claim.facts))]
    closed = fact.sets[int(claim.title)]
    # a region outside the members ("the Baltic") may hold some of them: only a country is judged
    wrong = [a for a in claim.agents if a not in closed.members and index.kind.get(a) == "country"]
    if not wrong or not fact.verified:
        return []
    return [_make_flag(text, (claim.start, claim.end), f"{' and '.join(wrong)} {'were' if len(wrong) > 1 else 'was'}"
                       f" in {closed.label}", fact, FACT_DEFAULTS["confidence_absent"], "side")]

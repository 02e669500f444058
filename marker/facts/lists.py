"""Lists of parties read from the parse: "Britain, France, Italy and Czechoslovakia signed the Munich Agreement",
"the leaders of X, Y and Z gave ... at Munich", "occupied by French, Belgian and British troops".

Each conjunct of the subject (or of the passive agent) of a verb of taking part (cues.PARTY_VERBS) whose object,
place or own frame is the event is a claim that it took part. A conjunct is flagged only when the fact records it as
`absent`, only when the list is asserted as the complete set (no "such as", "including", "among others", "also",
no hedge, negation or condition), and only when every conjunct is a country the base names: otherwise abstain.
"""

from __future__ import annotations

from marker.defaults import FACT_DEFAULTS
from marker.facts.claims import Claim, Parsed, _mention_at, asserted, modality, negated
from marker.facts.cues import OPEN_LIST_WORDS, PARTY_VERBS
from marker.facts.index import _Index
from marker.facts.model import FactFlag, _Mention, _SentenceInfo, _country, _make_flag

_PLACE_PREPOSITIONS = frozenset({"at", "in"})
_GROUP_PREPOSITIONS = frozenset({"of"})


def wants_parse(index: _Index, info: _SentenceInfo) -> bool:
    """A sentence naming an event with recorded absentees and at least two countries: it may hold a list."""
    countries = {_country(index, m) for m in info.mentions if m.kind == "entity"
                 and index.kind.get(_country(index, m)) == "country"}
    return len(countries) >= 2 and any(index.facts[f].absent for m in info.mentions if m.kind == "event"
                                       for f in m.facts)


def party_claims(index: _Index, parsed: Parsed, info: _SentenceInfo) -> list[Claim]:
    """One `parties` claim per verb of taking part whose subject is a closed list of countries tied to one event."""
    out = []
    events = [m for m in info.mentions if m.kind == "event"]
    for verb in parsed.doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in PARTY_VERBS:
            continue
        hit = {e.facts for e in events if _tied(parsed, verb, e)}
        if len(hit) != 1:
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        subjects += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        for s in subjects:
            items = _items(index, parsed, info, s)
            if items is None or len(items) < 2:
                continue
            a, b = parsed.span(verb)
            out.append(Claim("parties", a, b, facts=next(iter(hit)), agents=tuple(items), verb=verb.lower_,
                             polarity=not negated(verb) and asserted(verb),
                             modality=modality(verb, info.sentence.text)))
    return out


def _tied(parsed: Parsed, verb, event: _Mention) -> bool:
    """The event is the verb's object, passive subject or place ("at Munich"), or a frame told with this verb."""
    if event.via in {"frame", "denial"} and event.start <= parsed.base + verb.idx < event.end:
        return True
    tok = parsed.root(event.start, event.end)
    if tok is None:
        return False
    if tok.dep_ in {"dobj", "nsubjpass"} and tok.head.i == verb.i:
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ in _PLACE_PREPOSITIONS and tok.head.head.i == verb.i


def _items(index: _Index, parsed: Parsed, info: _SentenceInfo, subject) -> list[str] | None:
    """The countries a subject lists: its conjuncts, or those of the countries it is "of" ("the leaders of X and Y")
    or whose adjective it bears ("French and Belgian troops"); None when the list is open or holds anything else."""
    if any(t.lower_ in OPEN_LIST_WORDS for t in subject.subtree):
        return None
    heads = [subject]
    if _country_at(index, parsed, info, subject) is None:
        # "French, Belgian and British troops" parses as two adjectives, the second with a conjunct
        adjectives = [c for c in subject.children if c.dep_ == "amod" and _country_at(index, parsed, info, c)]
        groups = [g for c in subject.children if c.dep_ == "prep" and c.lower_ in _GROUP_PREPOSITIONS
                  for g in c.children if g.dep_ == "pobj"]
        heads = adjectives or groups[:1]
        if not heads:
            return None
    items = []
    for t in (t for h in heads for t in (h, *h.conjuncts)):
        country = _country_at(index, parsed, info, t)
        if country is None:
            return None  # "Britain, France and the League": not a list of countries the base can judge
        if country not in items:
            items.append(country)
    return items


def _country_at(index: _Index, parsed: Parsed, info: _SentenceInfo, tok) -> str | None:
    m = _mention_at(info.mentions, tok, parsed.base, "entity")
    if m is None or index.kind.get(_country(index, m)) != "country":
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
        return []
    return [_make_flag(text, (claim.start, claim.end), f"{' and '.join(wrong)} took part in the {fact.names[0]}",
                       fact, FACT_DEFAULTS["confidence_absent"], "side")]

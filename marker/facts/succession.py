"""Who followed whom in a post, read from the parse: "Gregor Strasser replaced Papen as chancellor", "Molotov, who
replaced Chicherin, ...", "Litvinov was succeeded by Molotov", "Stalin replaced Litvinov with Molotov".

A `succession` claim names the successor (`person`), the predecessor (`agents[0]`) and the post if one is written
("as chancellor": `title`). It is checked against the offices of the fact base: the predecessor's one term in that
post (or their one office, when no post is written) and the term that followed it in the same post (named by
`before`/`after`, or the one that began within a week of its end). A successor other than that term's holder is flagged
under the term that followed. Anything else abstains: a predecessor with no office or several, a post no fact
follows, a pronoun, a person the base does not know, a hedged, negated or conditional clause, and a subject that
never held the post when none is written ("Hindenburg replaced Brüning in May 1932": who made the change).
"""

from __future__ import annotations

import datetime as dt
import re

from marker.defaults import FACT_DEFAULTS
from marker.facts.checks.claims import _entity, _holder, _title_matches
from marker.facts.claims import Claim, Parsed, _mention_at, asserted, modality, negated, object_referent
from marker.facts.cues import SUCCESSION_VERBS
from marker.facts.index import _Index
from marker.facts.model import FactFlag, _SentenceInfo, _make_flag
from marker.rubric import Fact

_GAP = dt.timedelta(days=7)
_CUES = re.compile(r"\b(?:" + "|".join(sorted(SUCCESSION_VERBS)) + r")\w*", re.IGNORECASE)


def wants_succession(index: _Index, info: _SentenceInfo) -> bool:
    """A sentence with a verb of succession and two people the base knows."""
    people = {m.entity for m in info.mentions if m.kind == "entity" and index.kind.get(m.entity) == "person"}
    return len(people) >= 2 and bool(_CUES.search(info.sentence.text))


def succession_claims(index: _Index, parsed: Parsed, info: _SentenceInfo) -> list[Claim]:
    """One claim per verb of succession whose successor and predecessor are both people the base knows."""
    out = []
    for verb in parsed.doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in SUCCESSION_VERBS:
            continue
        roles = _arguments(verb)
        if roles is None:
            continue
        successor, predecessor, post = roles
        after, before = (_person(index, parsed, info, t) for t in (successor, predecessor))
        if not after or not before or after == before:
            continue
        title = " ".join(t.lower_ for t in post.subtree if t.dep_ not in {"det", "poss", "punct"}) if post else ""
        a, b = parsed.span(verb)
        out.append(Claim("succession", a, b, person=after, agents=(before,), title=title, verb=verb.lemma_.lower(),
                         polarity=not negated(verb) and asserted(verb),
                         modality=modality(verb, info.sentence.text)))
    return out


def _arguments(verb):
    """(successor, predecessor, post noun or None) of a verb of succession, or None when the parse does not say.
    Active: the subject follows the object ("X replaced Y"), unless "with"/"by" names who came in ("Stalin replaced
    Litvinov with Molotov"); a relative clause's subject is the noun it hangs on. Passive: "Y was replaced by X"."""
    kids = {c.dep_: c for c in verb.children}
    preps = {c.lower_: next((g for g in c.children if g.dep_ == "pobj"), None) for c in verb.children if c.dep_ == "prep"}
    post = preps.get("as")
    if "nsubjpass" in kids:
        agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        return (agent, _subject(verb, kids["nsubjpass"]), post) if agent is not None else None
    if "dobj" not in kids:
        return None
    incoming = preps.get("with") or preps.get("by")
    if incoming is None and "nsubj" not in kids:
        return None
    return (incoming if incoming is not None else _subject(verb, kids["nsubj"])), object_referent(verb, kids["dobj"]), post


def newcomer_read_as_replaced(parsed: Parsed, event) -> bool:
    """A frame ("Stalin replaced Litvinov") read by tokens where its target is the newcomer of "with"/"by" ("Stalin
    replaced Chicherin with Litvinov"): the parse tells another replacement."""
    for verb in parsed.tokens(event.start, event.end):
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in SUCCESSION_VERBS or not any(
                c.dep_ == "dobj" for c in verb.children):
            continue
        incoming = [g for c in verb.children if c.dep_ == "prep" and c.lower_ in {"with", "by"} for g in c.children
                    if g.dep_ == "pobj"]
        if any(parsed.span(g)[0] <= event.end - 1 < parsed.span(g)[1] for g in incoming):
            return True
    return False


def _subject(verb, subj):
    """A relative pronoun stands for the noun its clause hangs on ("Molotov, who replaced Chicherin")."""
    if subj.lower_ in {"who", "that", "which"} and verb.dep_ == "relcl":
        return verb.head
    return subj


def _person(index: _Index, parsed: Parsed, info: _SentenceInfo, tok) -> str:
    """The person the base knows that a word names ("" for a pronoun, a list, or anything else)."""
    if tok is None or tok.pos_ == "PRON" or any(c.dep_ == "conj" for c in tok.children):
        return ""
    m = _mention_at(info.mentions, tok, parsed.base, "entity")
    return m.entity if m is not None and index.kind.get(m.entity) == "person" else ""


def check_succession(index: _Index, text: str, claim: Claim) -> list[FactFlag]:
    if claim.modality != "assert" or not claim.polarity:
        return []
    before = claim.agents[0]
    terms = [f for f in _offices(index) if _holder(index, f) == before
             and (not claim.title or _title_matches(claim.title, f))]
    if len(terms) != 1:
        return []
    post = terms[0].office.title.lower() if terms[0].office else ""
    if not claim.title and not any(_holder(index, f) == claim.person and _title_matches(post, f) for f in _offices(index)):
        return []  # "Stalin replaced Litvinov": who made the change, unless the post is named or the subject held it
    nxt = _next_term(index, terms[0])
    if nxt is None or _holder(index, nxt) == claim.person:
        return []
    assert nxt.office is not None
    own = _own_succession(index, claim.person, before)
    fact = own if own is not None else nxt
    flag = _make_flag(text, (claim.start, claim.end), f"{claim.person} {claim.verb} {before}", fact,
                      FACT_DEFAULTS["confidence_person"], "person")
    return [FactFlag(flag.start, flag.end, flag.text, flag.claim, f"{nxt.office.holder} followed {before} as "
                     f"{nxt.office.title}. {fact.correction or fact.statement}", fact.id, flag.confidence, "person")]


def _own_succession(index: _Index, person: str, said: str) -> Fact | None:
    """The one verified fact telling whom `person` did replace (a frame "Molotov replaced Litvinov"), when that is
    someone other than `said`: the claim is about that succession."""
    own = {f.id: f for f in index.rubric.facts if f.verified for fr in f.frames
           if any(_entity(index, a) == person for a in fr.agents)
           and any(v.split()[0].lower().startswith(("replace", "succeed")) for v in fr.verbs)
           and any(index.kind.get(_entity(index, t)) == "person" and _entity(index, t) != said for t in fr.targets)}
    return next(iter(own.values())) if len(own) == 1 else None


def _offices(index: _Index) -> list[Fact]:
    return [f for f in index.rubric.facts if f.verified and f.office is not None and f.date is not None]


def _next_term(index: _Index, term: Fact) -> Fact | None:
    """The one term in the same post that followed `term`: named by its `before` or by the other's `after`, else the
    one that began within `_GAP` of its end (a caretaker's days between two chancellors)."""
    assert term.office is not None and term.date is not None
    same = [f for f in _offices(index) if f.id != term.id and _title_matches(term.office.title.lower(), f)
            and _holder(index, f) != _holder(index, term)]
    named = [f for f in same if term.id in f.after or f.id in term.before]
    end = term.date.end
    if not named and end is not None:
        named = [f for f in same if f.date is not None and dt.timedelta(0) <= f.date.start - end <= _GAP]
    return named[0] if len(named) == 1 else None

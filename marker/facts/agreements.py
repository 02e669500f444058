"""Agreements told as "a pact with X" (their parties, and the state that made them, must fit) and "a pact with X as
well as Y" (the second party gets its own agreement): read on the names found in a sentence (marker.facts.mentions)."""

from __future__ import annotations

from typing import Callable

from marker.facts.claims import Parsed, _mention_at
from marker.facts.cues import _AGREEMENT_NOUN
from marker.facts.index import _Index
from marker.facts.model import _Mention
from marker.facts.tokens import _Token, _key


def _with_parties(index: _Index, norms: list[str], mentions: list[_Mention]) -> list[_Mention]:
    """An agreement told as 'a pact with X' must fit its party X ('a non-aggression pact with Poland' is not the
    Nazi-Soviet Pact), and one whose noun a qualifier makes another kind ('naval deal with Hitler') is none of the
    base's. Who made it (the clause's subject) is read from the parse afterwards (`narrowed_to_maker`)."""
    entity_at = {m.i: m for m in mentions if m.kind == "entity"}
    out = []
    for m in mentions:
        key = tuple(norms[m.i : m.j])
        if m.kind == "event" and "with" in key:
            k = m.i - 1
            while k >= 0 and norms[k] in {"a", "an", "its", "their", "his", "own", "new", "secret", "famous"}:
                k -= 1
            if k >= 0 and norms[k] in index.agreement_qualifiers:
                continue  # "naval deal with Hitler": a different kind of agreement
        if m.kind == "event" and m.j < len(norms) and norms[m.j] in {"with", "between"} and m.j + 1 in entity_at:
            other = entity_at[m.j + 1]
            country = index.represents.get(other.entity, other.entity)
            keep = frozenset(f for f in m.facts if not index.facts[f].parties
                             or {country, other.entity} & {*index.facts[f].parties, *index.facts[f].opponents})
            if not keep:
                continue
            m = _Mention(m.kind, m.i, m.j, m.start, m.end, m.entity, keep, m.fuzzy, m.via)
        out.append(m)
    return out


def agreement_maker(index: _Index, parsed: Parsed, mentions: list[_Mention], mention: _Mention) -> str | None:
    """The state that the clause makes an agreement's maker: the subject of the verb whose direct object holds the
    mention ("Italy, later Hitler's partner, signed a pact with the USSR in 1933": Italy; "Poland signed a pact with
    Germany": Poland), or the state a person subject acts for; None where the parse gives no such subject or it is
    no state the base knows. Only the direct object: an adjunct ("After the pact with Germany, Poland ...") or a
    relative clause names an agreement its subject did not make."""
    tok = parsed.root(mention.start, mention.end)
    obj = None  # the verb's child on the way up: the mention must lie in the verb's object
    while tok is not None and tok.pos_ not in {"VERB", "AUX"} and tok.head.i != tok.i:
        obj, tok = tok, tok.head
    if tok is None or tok.pos_ not in {"VERB", "AUX"} or obj is None or obj.dep_ != "dobj":
        return None
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None and tok.dep_ == "conj":  # "... recognised the USSR and signed a pact with it": the shared subject
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if subj is not None and tok.dep_ == "relcl" and subj.tag_ in {"WDT", "WP"}:
        subj = tok.head  # "Finland, which had signed a pact with the USSR": the noun the relative clause describes
    who = _mention_at(mentions, subj, parsed.base, "entity") if subj is not None else None
    if who is None:
        return None
    state = index.represents.get(who.entity, who.entity)
    return state if index.kind.get(state) == "country" else None


def narrowed_to_maker(index: _Index, norms: list[str], parse: Callable[[], Parsed],
                      mentions: list[_Mention]) -> list[_Mention]:
    """'Poland signed a pact with Germany' is not the Nazi-Soviet Pact: an agreement told as 'a pact with X' keeps
    only the base's agreements whose parties include the state the parse makes its maker; one that none fits is
    dropped (another agreement the base does not record). The sentence is parsed only when it tells such a pact."""
    out = []
    for m in mentions:
        if m.kind == "event" and "with" in norms[m.i : m.j]:
            maker = agreement_maker(index, parse(), mentions, m)
            if maker is not None:
                keep = frozenset(f for f in m.facts if not index.facts[f].parties or maker in index.facts[f].parties)
                if not keep:
                    continue
                m = _Mention(m.kind, m.i, m.j, m.start, m.end, m.entity, keep, m.fuzzy, m.via)
        out.append(m)
    return out


def _coordinated(index: _Index, toks: list[_Token], mentions: list[_Mention]) -> list[_Mention]:
    """'a pact with France as well as Czechoslovakia': the second country gets its own agreement."""
    extra = []
    entity_at = {m.i: m for m in mentions if m.kind == "entity"}
    for m in mentions:
        if m.kind != "event" or m.j - m.i < 3:
            continue
        key = tuple(t.norm for t in toks[m.i : m.j])
        if "with" not in key:
            continue
        head = key[: key.index("with") + 1]
        if not _AGREEMENT_NOUN.match(head[-2] if len(head) >= 2 else ""):
            continue
        k = m.j
        while k < len(toks):
            words = []
            while k < len(toks) and toks[k].norm in {",", "and", "as", "well", "&", "also"}:
                words.append(toks[k].norm)
                k += 1
            if not words or k not in entity_at:
                break
            other = entity_at[k]
            ids = set()
            e = index.entities[other.entity]
            for form in (e.name, *e.aliases):
                ids |= index.name_keys.get(head + _key(form), set())
            if len(ids) == 1:
                extra.append(_Mention("event", other.i, other.j, other.start, other.end, facts=frozenset(ids),
                                      fuzzy=other.fuzzy, via="coordination"))
            k = other.j
    return extra

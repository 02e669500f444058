"""Agreements told as "a pact with X" (their parties must fit) and "a pact with X as well as Y" (the second party gets
its own agreement): read on the names found in a sentence (marker.facts.mentions)."""

from __future__ import annotations

from marker.facts.cues import _AGREEMENT_NOUN
from marker.facts.index import _Index
from marker.facts.model import _Mention
from marker.facts.tokens import _Token, _key


def _with_parties(index: _Index, norms: list[str], mentions: list[_Mention]) -> list[_Mention]:
    """Agreements told as 'a pact with X' must fit their parties: 'a non-aggression pact with Poland' is not the
    Nazi-Soviet Pact, nor is 'Britain made a naval deal with Hitler'."""
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
            maker = next((e for e in sorted(entity_at.values(), key=lambda e: -e.j) if e.j <= m.i and m.i - e.j <= 6
                          and index.kind.get(e.entity) in {"country", "person", "group"}), None)
            if maker is not None:
                country = index.represents.get(maker.entity, maker.entity)
                keep = frozenset(f for f in m.facts if not index.facts[f].parties
                                 or {country, maker.entity} & set(index.facts[f].parties))
                if not keep:
                    continue
                m = _Mention(m.kind, m.i, m.j, m.start, m.end, m.entity, keep, m.fuzzy, m.via)
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

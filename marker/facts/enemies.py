"""A side's leader named as the leader of its enemy, read from the parse: "Franco, the leader of the Republicans,
won the war", "Chiang Kai-shek, the leader of the Chinese communists, turned on his allies".

The base writes a side's leader as one of the side's own names (an alias of the group: "Franco" of the Spanish
Nationalists, "Chiang Kai-shek" of the Chinese Nationalists). A claim is read only when every part of it is plain:

- the group's mention has an apposition whose head is a leader noun (English: leader, head, chief, commander) with
  nothing on it but "the" and one "of" phrase, and that phrase's object is itself a mention of another group (not a
  country, not a noun of its own: "the leader of the war against the Republicans" abstains);
- the base records the two groups as enemies in one verified fact: the winners and losers of it, or the agent and
  target of a hostile frame of it (cues.HOSTILE_VERBS: "turned on", "attacked", "massacred");
- asserted: the clause holding the apposition is not hedged, conditional, reported or asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from marker.defaults import FACT_DEFAULTS
from marker.facts.claims import Parsed, _mention_at, modality
from marker.facts.cues import HOSTILE_VERBS
from marker.facts.index import _Index
from marker.facts.model import FactFlag, _SentenceInfo, _make_flag
from marker.nlp import lemma_of

_LEADER_NOUNS = frozenset({"leader", "head", "chief", "commander"})


@dataclass(frozen=True)
class EnemyLeader:
    start: int
    end: int
    fact: str
    side: str    # the group the name belongs to
    enemy: str   # the group the apposition makes it lead


def wants_enemies(index: _Index, info: _SentenceInfo) -> bool:
    """Two groups named and a leader noun (so the sentence is parsed)."""
    groups = {m.entity for m in info.mentions if m.kind == "entity" and index.kind.get(m.entity) == "group"}
    return len(groups) >= 2 and any(t.norm in _LEADER_NOUNS for t in info.toks)


def enemy_claims(index: _Index, parsed: Parsed, info: _SentenceInfo) -> list[EnemyLeader]:
    out = []
    for m in info.mentions:
        if m.kind != "entity" or index.kind.get(m.entity) != "group":
            continue
        tok = parsed.root(m.start, m.end)
        if tok is None:
            continue
        for noun in (c for c in tok.children if c.dep_ == "appos" and c.lemma_.lower() in _LEADER_NOUNS):
            of = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"]
            if len(of) != 1 or any(c.dep_ not in {"det", "prep", "punct"} or c.dep_ == "det" and c.lower_ != "the"
                                   for c in noun.children):
                continue
            objs = [g for g in of[0].children if g.dep_ == "pobj"]
            other = _mention_at(info.mentions, objs[0], parsed.base, "entity") if len(objs) == 1 else None
            if other is None or index.kind.get(other.entity) != "group" or other.entity == m.entity:
                continue
            if any(t.dep_ != "det" and not other.start <= parsed.base + t.idx < other.end for t in objs[0].subtree):
                continue  # the object is more than the group's name ("the Republicans' enemies")
            fact = _enemies(index, m.entity, other.entity)
            verb = next((t for t in tok.ancestors if t.pos_ in {"VERB", "AUX"}), None)
            if fact is None or verb is None or modality(noun, info.sentence.text) != "assert":
                continue
            out.append(EnemyLeader(m.start, parsed.span(noun)[1], fact, m.entity, other.entity))
    return out


def _enemies(index: _Index, one: str, two: str) -> str | None:
    """The verified fact that puts two groups on opposite sides: winners and losers, or a hostile frame's agent and
    target."""
    for f in index.facts.values():
        if f.verified and ({one, two} <= set(f.winners) | set(f.losers)) and (
                (one in f.winners) != (two in f.winners)):
            return f.id
    for fr in index.frames:
        pair = {one, two}
        if not fr.denies and index.facts[fr.fact].verified and pair & fr.agents and pair & fr.target_entities and (
                (one in fr.agents and two in fr.target_entities) or (two in fr.agents and one in fr.target_entities)) \
                and any(_hostile(v) for v in fr.verbs):
            return fr.fact
    return None


def _hostile(words: tuple[str, ...]) -> bool:
    """A frame's verb of hostility: its first word's lemma, alone or with the particle after it."""
    if not words:
        return False
    head = lemma_of(words[0])
    return head in HOSTILE_VERBS or len(words) > 1 and f"{head} {words[1]}" in HOSTILE_VERBS


def check_enemy(index: _Index, text: str, claim: EnemyLeader) -> list[FactFlag]:
    fact = index.facts[claim.fact]
    return [_make_flag(text, (claim.start, claim.end), f"{claim.side} called the leader of {claim.enemy}", fact,
                       FACT_DEFAULTS["confidence_side"], "side")]

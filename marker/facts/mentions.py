"""Mentions of the fact base in a sentence: entity and event names (with fuzzy spelling), 'a pact with X', frames."""

from __future__ import annotations

from marker.defaults import FACT_DEFAULTS
from marker.nlp import Sentence
from typing import Iterable, cast
from marker.facts.cues import (IRREGULAR_PARTICIPLES, NOMINAL_VERBS, OBJECT_PRONOUNS, PARTITIVE_NOUNS, PASSIVE_AUX,
                               _NEGATION_WORDS)
from marker.facts.agreements import _coordinated, _with_parties
from marker.facts.index import _FrameIndex, _Index
from marker.facts.model import _Mention
from marker.facts.tokens import _Token, _tokens

# Words that end the noun phrase after "into" or "entered": a name past them is not where the verb went ("went into
# talks with X"); and the last words of such verbs of going into a place.
_INTO = frozenset({"into", "enter", "enters", "entered", "entering"})
_NOT_IN_PHRASE = frozenset({"with", "against", "about", "for", "to", "from", "by", "and", "or", "but", "over", "on",
                            "at", "in", "into", "between", "after", "before", "because", "while", "when"})

def _sentence_tokens(index: _Index, sentence: Sentence) -> list[_Token]:
    toks = []
    for t in _tokens(sentence.text, sentence.start):
        if t.norm not in index.vocab and sentence.text[t.start - sentence.start].isupper():  # a capital: a name
            fixed = index.correct(t.norm)
            if fixed is not None:
                toks.append(_Token(fixed, t.start, t.end, fuzzy=True))
                continue
        toks.append(t)
    return toks


def _find_mentions(index: _Index, toks: list[_Token]) -> list[_Mention]:
    norms = [t.norm for t in toks]
    out: list[_Mention] = []
    i = 0
    while i < len(toks):
        best = None
        for n, names in index.names_at.get(norms[i], ()):
            key = tuple(norms[i : i + n])
            hit = names.get(key)
            if hit is not None:
                best = (key, *hit)
                break
        if best is None:
            i += 1
            continue
        key, kind, payload = best
        j = i + len(key)
        overlap = _longer_inside(index, norms, i, j)
        if overlap is not None:
            i = overlap  # "Hitler's Pact of Steel": the name that starts inside and runs past this one is meant
            continue
        fuzzy = any(t.fuzzy for t in toks[i:j])
        if kind == "event":
            out.append(_Mention("event", i, j, toks[i].start, toks[j - 1].end, facts=cast(frozenset, payload),
                               fuzzy=fuzzy))
        else:
            out.append(_Mention("entity", i, j, toks[i].start, toks[j - 1].end, entity=cast(str, payload),
                               fuzzy=fuzzy))
        i = j
    out = _with_parties(index, norms, out)
    out.extend(_coordinated(index, toks, out))
    return out


def _longer_inside(index: _Index, norms: list[str], i: int, j: int) -> int | None:
    """The first position inside the name at [i, j) where another name starts that runs past j and names fewer
    entities, or None: of "Hitler's Pact" and "Pact of Steel" the second is the name, the first a description by a
    party (as "agreement with Hitler" is beside "Munich Agreement", where neither names fewer and the first stays)."""
    named = _entities_in(index, norms, i, j)
    for k in range(i + 1, j):
        for n, names in index.names_at.get(norms[k], ()):
            if k + n > j and tuple(norms[k : k + n]) in names and _entities_in(index, norms, k, k + n) < named:
                return k
    return None


def _entities_in(index: _Index, norms: list[str], i: int, j: int) -> int:
    """How many entity names (people, states, places) the words [i, j) hold."""
    return sum(1 for p in range(i, j) for n, names in index.names_at.get(norms[p], ())
               if p + n <= j and names.get(tuple(norms[p : p + n]), ("",))[0] == "entity")


def _agent_phrase_before(norms: list[str], v: int, lo: int, frame: _FrameIndex) -> int:
    """Length of an agent the frame writes as a plain phrase ("Allied troops") that ends just before the verb at v."""
    for p in frame.agent_phrases:
        if v - len(p) >= lo and tuple(norms[v - len(p) : v]) == p:
            return len(p)
    return 0


def _partitive(norms: list[str], k: int) -> int:
    """Length of a partitive opening a noun phrase at k ("a bunch of", "a group of"), whose "of" names the people."""
    if k + 2 < len(norms) and norms[k] in {"a", "an"} and norms[k + 1] in PARTITIVE_NOUNS and norms[k + 2] == "of":
        return 3
    return 0


def _participle(word: str) -> bool:
    """A past participle ("assassinated", "taken"): what a passive's "is" or "gets" must stand before."""
    return word.endswith("ed") or word in IRREGULAR_PARTICIPLES.values()


def _named_inside(index: _Index, norms: list[str], mentions: list[_Mention], s: int, frame: _FrameIndex) -> int:
    """A frame's target entity named at token s inside a longer name, and so no mention of its own ("puts oil
    sanctions on Italy", where "sanctions on Italy" names the fact): its length in tokens, else 0."""
    if not any(m.kind == "event" and m.i < s < m.j for m in mentions):
        return 0
    for n in (n for n in (3, 2, 1) if s + n <= len(norms)):
        e = index.entity_keys.get(tuple(norms[s : s + n]))
        if e is not None and {e, index.represents.get(e)} & frame.target_entities:
            return n
    return 0


def _phrase_at(norms: list[str], i: int, phrases: Iterable[tuple[str, ...]]) -> int:
    for p in phrases:
        if tuple(norms[i : i + len(p)]) == p:
            return len(p)
    return 0


def _frame_mentions(index: _Index, toks: list[_Token], mentions: list[_Mention], lo: int, hi: int) -> list[_Mention]:
    """Events told as clauses within token range [lo, hi): agent, verb, target."""
    norms = [t.norm for t in toks]
    ents = [m for m in mentions if m.kind == "entity" and lo <= m.i and m.j <= hi]
    found: list[_Mention] = []
    gap_v, gap_a, gap_n = (FACT_DEFAULTS["frame_verb_gap"], FACT_DEFAULTS["frame_agent_gap"],
                           FACT_DEFAULTS["verbless_frame_gap"])

    def is_agent(frame: _FrameIndex, m: _Mention) -> bool:
        return m.entity in frame.agents or index.represents.get(m.entity) in frame.agents

    def target_after(frame: _FrameIndex, k: int, into: bool = False) -> int | None:
        for s in range(k, min(hi, k + gap_v + 1)):
            if into and s > k and norms[s - 1] in _NOT_IN_PHRASE:
                return None  # "went into talks with Poland": Poland is not where they went
            for m in ents:
                if m.i == s and (m.entity in frame.target_entities or
                                 index.represents.get(m.entity) in frame.target_entities):
                    return m.j
            n = _phrase_at(norms, s, frame.target_phrases) or _named_inside(index, norms, mentions, s, frame)
            if n:
                return s + n
        return None

    named = {m.entity for m in ents} | {index.represents.get(m.entity) for m in ents}
    for frame in index.verbless:
        if frame.agents.isdisjoint(named):
            continue  # no agent of this frame is named in the clause (is_agent would refuse every entity)
        for a in ents:
            if not is_agent(frame, a):
                continue
            for s in range(max(lo, a.i - gap_n), min(hi, a.j + gap_n)):
                n = _phrase_at(norms, s, frame.target_phrases)
                hit_ent = next((m for m in ents if m.i == s and m.entity in frame.target_entities), None)
                if n or hit_ent:
                    e = s + n if n or hit_ent is None else hit_ent.j
                    i0, j0 = min(a.i, s), max(a.j, e)
                    found.append(_Mention("event", i0, j0, toks[i0].start, toks[j0 - 1].end,
                                          facts=frozenset({frame.fact}), via="denial" if frame.denies else "frame"))
                    break
    found.extend(_nominal_frames(index, toks, mentions, lo, hi))
    for v in range(lo, hi):
        entries = index.verb_first.get(norms[v])
        if not entries:
            continue
        heads: dict[int, tuple[str, ...]] = {}  # the words from v, by length: made once, not once per frame
        subject: list[_Mention | None] = []  # the entity before v that may be its agent: found once, not per frame
        for frame, verb in entries:
            n = len(verb)
            head = heads.get(n)
            if head is None:
                head = heads[n] = tuple(norms[v : v + n])
            if head == verb:
                v_end: int | None = v + n
            elif n > 1 and v + n < hi and norms[v + n] == verb[-1]:
                v_end = _verb_end(index, norms, ents, v, verb)  # "became German Chancellor"
            else:
                continue
            if v_end is None or v_end > hi:
                continue
            pronoun = False
            if not subject:
                subject.append(next((m for m in sorted(ents, key=lambda m: -m.j) if m.j <= v and v - m.j <= gap_a),
                                    None))
            agent = subject[0]
            if v > lo and norms[v - 1] in PASSIVE_AUX:  # "was invaded", and only before a participle "gets/is invaded"
                passive = norms[v - 1] in {"was", "were", "been", "be"} or _participle(verb[0])
            else:
                passive = False
            passive = passive and verb[0] not in PASSIVE_AUX
            phrase = 0 if passive else _agent_phrase_before(norms, v, lo, frame)
            if passive and agent is not None:
                # "Poland was invaded by Germany": the subject is the target, the agent follows "by".
                if not (agent.entity in frame.target_entities or
                        index.represents.get(agent.entity) in frame.target_entities):
                    continue
                by = v_end if v_end < hi and norms[v_end] == "by" else None
                at = by + 1 + _partitive(norms, by + 1) if by is not None else hi  # "by a bunch of communists"
                real = next((m for m in ents if m.i == at), None)
                said = _phrase_at(norms, at, frame.agent_phrases) if at < hi and real is None else 0
                if by is None and frame.target_entities and not frame.denies and not verb[0].endswith("ing"):
                    i0, j0 = agent.i, v_end  # "Rathenau was assassinated in 1922": the event, its agent untold
                elif said:
                    i0, j0 = agent.i, at + said  # "was assassinated by nationalists": an agent the frame writes
                elif real is None or not is_agent(frame, real):
                    continue
                else:
                    i0, j0 = agent.i, real.j
            elif phrase:
                # "the last Allied troops left the Rhineland": an agent the frame writes as a phrase, just before it
                t_end = target_after(frame, v_end, verb[-1] in _INTO) if frame.target_entities or frame.target_phrases \
                    else v_end
                if t_end is None:
                    continue
                i0, j0 = v - phrase, t_end
            else:
                # "Hitler and Stalin met in Moscow": a contradiction's agent may be any entity of a coordinated
                # subject (a frame's own agents are not widened: its mention would change how clauses are cut)
                if agent is not None and not is_agent(frame, agent) and not (frame.denies and any(
                        is_agent(frame, m) for m in _co_subjects(ents, norms, agent))):
                    if not frame.agent_optional or index.kind.get(agent.entity) in {"country", "person", "group"}:
                        continue
                if agent is None and not frame.agent_optional and frame.agents:
                    continue
                if frame.target_entities or frame.target_phrases:
                    t_end = target_after(frame, v_end, verb[-1] in _INTO)
                    if t_end is None and not frame.denies and _pronoun_target(index, norms, mentions, frame, v_end,
                                                                               agent.i if agent else v):
                        t_end, pronoun = v_end + 1, True
                    if t_end is None:
                        continue
                else:
                    t_end = v_end
                i0 = agent.i if agent is not None else v
                j0 = t_end
            found.append(_Mention("event", i0, j0, toks[i0].start, toks[j0 - 1].end,
                                  facts=frozenset({frame.fact}), via="denial" if frame.denies else "frame",
                                  negated_verb=bool(_NEGATION_WORDS & set(verb)), pronoun_object=pronoun))
    return found



def _nominal_frames(index: _Index, toks: list[_Token], mentions: list[_Mention], lo: int, hi: int) -> list[_Mention]:
    """"the occupation of the Ruhr by France and Britain", "the seizure of Manchuria in 1931": an event noun whose
    "of" names a frame's target (or which opens a name of the frame's fact) tells that frame, as a passive does: with
    the agents listed after "by" (one of them must be the frame's agent), or with its agent untold (never a
    contradiction's)."""
    norms = [t.norm for t in toks]
    ents = [m for m in mentions if m.kind == "entity" and lo <= m.i and m.j <= hi]
    out = []
    for v in range(lo, hi - 2):
        verb = NOMINAL_VERBS.get(norms[v])
        if verb is None or norms[v + 1] != "of":
            continue
        target = next((m for m in ents if m.i == v + 2), None)
        named = [m for m in mentions if m.kind == "event" and m.via == "name" and m.i == v and m.j <= hi]
        for frame, words in index.verb_first.get(verb, ()):
            if words != (verb,):
                continue
            if target is not None and {target.entity, index.represents.get(target.entity)} & frame.target_entities:
                end = target.j
            else:
                end = next((m.j for m in named if frame.fact in m.facts), 0)
            if not end:
                continue
            by = _listed_after(ents, norms, end) if end < hi and norms[end] == "by" else []
            agents = [m for m in by if {m.entity, index.represents.get(m.entity)} & frame.agents]
            if (by and not agents) or (frame.denies and not agents):
                continue
            end = max([end, *(m.j for m in agents)])
            out.append(_Mention("event", v, end, toks[v].start, toks[end - 1].end, facts=frozenset({frame.fact}),
                                via="denial" if frame.denies else "frame"))
    return out


def _listed_after(ents: list[_Mention], norms: list[str], k: int) -> list[_Mention]:
    """The entities listed right after token k ("by France and Britain", "by France, Belgium and Britain")."""
    out: list[_Mention] = []
    nxt = k + 1
    while True:
        m = next((e for e in ents if e.i == nxt), None)
        if m is None:
            return out
        out.append(m)
        nxt = m.j
        while nxt < len(norms) and norms[nxt] in {"and", ","}:
            nxt += 1
        if nxt == m.j:
            return out


def _pronoun_target(index: _Index, norms: list[str], mentions: list[_Mention], frame: _FrameIndex, k: int,
                    before: int) -> bool:
    """Whether the word after a frame's verb is an object pronoun ("it", "them") that may stand for one of the frame's
    targets named earlier in the sentence ("Germany left the League in 1933, and the USSR joined it"); the parse
    must bear it out (claims.object_referent, read in marker.facts.grammar)."""
    return k < len(norms) and norms[k] in OBJECT_PRONOUNS and any(
        m.kind == "entity" and m.j <= before and {m.entity, index.represents.get(m.entity)} & frame.target_entities
        for m in mentions)


def _verb_end(index: _Index, norms: list[str], ents: list[_Mention], v: int, verb: tuple[str, ...]) -> int | None:
    """Where a frame's verb phrase starting at token v ends when a state's adjective stands before its last word, the
    title it qualifies ("became German Chancellor" for "became chancellor"); None if not so."""
    k = v + len(verb) - 1
    if len(verb) < 2 or tuple(norms[v:k]) != verb[:-1] or k + 1 >= len(norms) or norms[k + 1] != verb[-1]:
        return None
    state = next((m for m in ents if m.i == k and m.j == k + 1), None)
    return k + 2 if state is not None and index.kind.get(state.entity) == "country" else None


def _co_subjects(ents: list[_Mention], norms: list[str], last: _Mention) -> list[_Mention]:
    """The entities coordinated with `last` before it ("Hitler and Stalin", "Britain, France and Italy")."""
    out: list[_Mention] = []
    cur = last
    while True:
        prev = next((m for m in ents if m.j < cur.i and all(n in {"and", ","} for n in norms[m.j : cur.i])), None)
        if prev is None:
            return out
        out.append(prev)
        cur = prev


_OBJECT_RELATIVE = frozenset({"which", "that", "whom"})
_SUBJECT_PRONOUNS = frozenset({"it", "they", "he", "she"})
_AUX_FILLER = frozenset({"had", "has", "have", "did", "finally", "eventually", "only", "then", "later", "also", "actually"})


def _pronoun_fits(pronoun: str, kind: str | None) -> bool:
    """"it" stands for a country or body, "he"/"she" for a person, "they" for either."""
    return pronoun == "they" or (kind == "person") == (pronoun in {"he", "she"})


def _object_relative_frames(index: _Index, toks: list[_Token], mentions: list[_Mention], lo: int, hi: int
                            ) -> list[_Mention]:
    """'the League of Nations, which it joined in 1936', 'the League, which Germany joined in 1928': a relative
    clause whose subject is named (or a pronoun for an agent named before it in the sentence) and whose verb takes
    the noun before the relative pronoun as its target."""
    norms = [t.norm for t in toks]
    if lo >= hi or norms[lo] not in _OBJECT_RELATIVE:
        return []
    k = lo - 1 if lo and norms[lo - 1] == "," else lo
    target = next((m for m in mentions if m.kind == "entity" and m.j == k), None)
    if target is None or lo + 1 >= hi:
        return []
    subject = next((m for m in mentions if m.kind == "entity" and m.i == lo + 1), None)
    if subject is None and norms[lo + 1] not in _SUBJECT_PRONOUNS:
        return []
    v = subject.j if subject is not None else lo + 2
    while v < hi and norms[v] in _AUX_FILLER:
        v += 1

    def agent(frame: _FrameIndex, m: _Mention) -> bool:
        return m.entity in frame.agents or index.represents.get(m.entity) in frame.agents

    for frame, verb in index.verb_first.get(norms[v] if v < hi else "", ()):
        if tuple(norms[v : v + len(verb)]) != verb or v + len(verb) > hi:
            continue
        if not {target.entity, index.represents.get(target.entity)} & frame.target_entities:
            continue
        if subject is not None and not agent(frame, subject):
            continue
        if subject is None and not any(m.kind == "entity" and m.j <= k and m is not target and agent(frame, m)
                                       and _pronoun_fits(norms[lo + 1], index.kind.get(m.entity)) for m in mentions):
            continue
        end = v + len(verb)
        return [_Mention("event", lo, end, toks[lo].start, toks[end - 1].end, facts=frozenset({frame.fact}),
                         via="denial" if frame.denies else "frame")]
    return []

"""A rubric's fact base compiled once for the checker: names, entities, frames, cue patterns, spellings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable
import re
from marker.dates import DateClaim, parse_dates
from marker.rubric import Entity, Fact, Frame, Rubric
from marker.spelling import Speller
from marker.facts.cues import FRAME_VERB_SYNONYMS, IRREGULAR_PARTICIPLES, SIGNING_PARAPHRASES, _AGREEMENT_NOUN
from marker.facts.tokens import _key

@dataclass(frozen=True)
class _FrameIndex:
    fact: str
    denies: bool
    agents: frozenset[str]
    verbs: tuple[tuple[str, ...], ...]
    target_entities: frozenset[str]
    target_phrases: tuple[tuple[str, ...], ...]
    agent_optional: bool
    agent_phrases: tuple[tuple[str, ...], ...] = ()  # agents written as plain phrases ("Allied troops"), no entity


class _Index:
    """Everything about a rubric's fact base the checker needs, compiled once per rubric."""

    def __init__(self, rubric: Rubric):
        self.rubric = rubric
        self.facts: dict[str, Fact] = {f.id: f for f in rubric.facts}
        self.entities: dict[str, Entity] = {e.name: e for e in rubric.entities}
        self.represents: dict[str, str] = {e.name: e.represents or e.name for e in rubric.entities}
        self.kind: dict[str, str] = {e.name: e.kind for e in rubric.entities}
        self.quantified = frozenset(f.id for f in rubric.facts if f.quantities)  # facts recording a figure
        self.timed = frozenset(f.id for f in rubric.facts if f.durations)  # facts recording a term or a length
        self.set_facts = tuple(f for f in self.facts.values() if f.sets and f.verified)  # closed sets (lists.py)
        # the verified facts with camps, and their camps' names (a clause naming none of them is not read for sides)
        self.camp_facts = tuple((f, frozenset(c.name for c in f.camps)) for f in rubric.facts if f.camps and f.verified)
        # who was in what, when: (the verified fact, its membership)
        self.memberships = tuple((f, f.membership) for f in rubric.facts if f.membership is not None and f.verified)
        self.entity_keys: dict[tuple[str, ...], str] = {}
        for e in rubric.entities:
            for form in (e.name, *e.aliases, *e.adjectives):
                k = _key(form)
                if k:
                    self.entity_keys.setdefault(k, e.name)
        self.name_keys: dict[tuple[str, ...], set[str]] = {}
        one_word: dict[str, set[str]] = {}  # "ribbentrop" -> {"ribentrop", ...}: spellings of one entity
        for e in rubric.entities:
            words = {k[0] for k in map(_key, (e.name, *e.aliases)) if len(k) == 1}
            for w in words:
                one_word.setdefault(w, set()).update(words)
        for f in rubric.facts:
            for name in (*f.names, *f.misspellings):
                for variant in self._expand(name):
                    k = _key(variant)
                    for pos, word in enumerate(k):
                        for other in one_word.get(word, ()):
                            self.name_keys.setdefault(k[:pos] + (other,) + k[pos + 1 :], set()).add(f.id)
                    if k:
                        self.name_keys.setdefault(k, set()).add(f.id)
        self.by_first: dict[str, list[tuple[tuple[str, ...], str, object]]] = {}
        for k, ids in self.name_keys.items():
            self.by_first.setdefault(k[0], []).append((k, "event", frozenset(ids)))
        for k, name in self.entity_keys.items():
            self.by_first.setdefault(k[0], []).append((k, "entity", name))
        for entries in self.by_first.values():
            entries.sort(key=lambda e: (-len(e[0]), e[1] != "event"))
        # The same names by first word and then by length, longest first: a name is found with one dict lookup per
        # length instead of a comparison per name (the first entry of by_first's order wins, as in a scan of it).
        self.names_at: dict[str, tuple[tuple[int, dict[tuple[str, ...], tuple[str, object]]], ...]] = {}
        for first, entries in self.by_first.items():
            by_length: dict[int, dict[tuple[str, ...], tuple[str, object]]] = {}
            for k, kind, payload in entries:
                by_length.setdefault(len(k), {}).setdefault(k, (kind, payload))
            self.names_at[first] = tuple(sorted(by_length.items(), key=lambda e: -e[0]))
        self.frames: list[_FrameIndex] = [
            self._frame(f.id, frame) for f in rubric.facts for frame in f.frames
        ] + [self._frame(f.id, frame, denies=True) for f in rubric.facts for frame in f.contradictions]
        self.verb_first: dict[str, list[tuple[_FrameIndex, tuple[str, ...]]]] = {}
        self.verbless: list[_FrameIndex] = []
        for fr in self.frames:
            if not fr.verbs:
                self.verbless.append(fr)
            for verb in fr.verbs:
                self.verb_first.setdefault(verb[0], []).append((fr, verb))
        for v in self.verb_first.values():
            v.sort(key=lambda fv: -len(fv[1]))
        self.cues: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        for f in rubric.facts:
            pats = []
            if f.date_cues:
                pats.append(("", _phrases(_every_tense(_signing_told(f.date_cues)))))
            for q in f.other_dates:
                pats.append((q.qualifier, _phrases(_every_tense(q.cues))))
            self.cues[f.id] = pats
        # A phase's cue words in every tense, by first word, with the fact and who can tell it as subject: its office
        # holder or one of its sides ("Brüning was sacked", "the Finns give up": marker/facts/phases.py)
        self.phase_first: dict[str, list[tuple[tuple[str, ...], str, frozenset[str]]]] = {}
        for f in rubric.facts:
            sides = frozenset(self.entity_keys.get(_key(e), e) for e in (
                *f.parties, *f.opponents, *f.winners, *f.losers, *((f.office.holder,) if f.office else ())))
            for phase in {_key(c) for q in f.other_dates for c in _every_tense(q.cues)} if f.verified and sides else ():
                if phase:
                    self.phase_first.setdefault(phase[0], []).append((phase, f.id, sides))
        # Each office's titles as word keys, by the fact that records it ("People's Commissar for War", "War
        # Commissar"): a phase told through a holder is not read when the sentence names another office's title.
        self.office_keys: dict[str, frozenset[tuple[str, ...]]] = {
            f.id: frozenset(_key(t) for t in (f.office.title, *f.office.aliases)) for f in rubric.facts if f.office}
        self.entity_words = frozenset(w for k in self.entity_keys for w in k)
        vocab: set[str] = set()
        for k in list(self.name_keys) + list(self.entity_keys):
            vocab.update(k)
        self.vocab = frozenset(vocab)
        proper: set[str] = set()
        for f in rubric.facts:
            for name in (*f.names, *f.misspellings):
                proper.update(w.lower() for w in re.findall(r"[^\W\d_]+", name) if w[0].isupper())
        for e in rubric.entities:
            for form in (e.name, *e.aliases, *e.adjectives):
                proper.update(w.lower() for w in re.findall(r"[^\W\d_]+", form) if w[0].isupper())
        self._dates: dict[tuple[str, int], tuple[DateClaim, ...]] = {}  # dates_of's store, for one essay
        self.speller = Speller(proper, rubric.thresholds.fuzzy_name, known=self.vocab)  # the one misspelling rule
        self.day_dates = frozenset(sp.start for f in rubric.facts for sp in (f.date, *(q.date for q in f.other_dates))
                                   if sp is not None and sp.precision == "day" and sp.end is None)
        # Words that make an agreement a different kind ("naval", "trade"): read off every fact name.
        self.agreement_qualifiers = frozenset(
            k[i - 1] for k in self.name_keys for i in range(1, len(k)) if _AGREEMENT_NOUN.match(k[i])
            and k[i - 1].isalpha() and k[i - 1] not in {"a", "the", "mutual"} and k[i - 1] not in self.entity_words
        )

    def _expand(self, name: str) -> list[str]:
        """A name and its variants with every alias of an entity named after 'with/of/on' ("pact with Germany")."""
        out = [name]
        m = re.match(r"^(.*\b(?:with|of|on|to|into|against|from))\s+(?:the\s+)?(.+)$", name, re.IGNORECASE)
        if m:
            head, tail = m.group(1), m.group(2)
            ent = self.entity_keys.get(_key(tail))
            if ent is not None and self.kind.get(ent) != "person":
                e = self.entities[ent]
                out.extend(f"{head} {form}" for form in (e.name, *e.aliases))
        return out

    def _frame(self, fact_id: str, frame: Frame, denies: bool = False) -> _FrameIndex:
        target_entities, target_phrases = set(), []
        for t in frame.targets:
            ent = self.entity_keys.get(_key(t))
            if ent is not None:
                target_entities.add(ent)
            else:
                target_phrases.append(_key(t))
        return _FrameIndex(
            fact=fact_id,
            denies=denies,
            agents=frozenset(self.entity_keys.get(_key(a), a) for a in frame.agents),
            verbs=tuple(sorted({f for v in _with_synonyms(frame.verbs) if _key(v) for f in verb_forms(_key(v))},
                               key=len, reverse=True)),
            target_entities=frozenset(target_entities),
            target_phrases=tuple(sorted((p for p in target_phrases if p), key=len, reverse=True)),
            agent_optional=frame.agent_optional,
            agent_phrases=tuple(sorted({_key(a) for a in frame.agents if self.entity_keys.get(_key(a)) is None} - {()},
                                       key=len, reverse=True)),
        )

    def dates_of(self, text: str, offset: int) -> tuple[DateClaim, ...]:
        """A sentence's dates (marker.dates.parse_dates with this rubric's settings), read once per essay: the sentence
        analysis, the figures and the durations each ask for them. A pure function of its arguments, but check_facts
        empties the store at each essay (forget_dates), so it holds one essay's sentences only."""
        key = (text, offset)
        found = self._dates.get(key)
        if found is None:
            if len(self._dates) > 4096:  # a caller outside check_facts: bounded all the same
                self._dates.clear()
            found = self._dates[key] = tuple(parse_dates(text, offset, self.rubric.dates))
        return found

    def forget_dates(self) -> None:
        self._dates.clear()

    def correct(self, word: str) -> str | None:
        """The fact base's spelling of a misspelt proper name, or None (marker.spelling's rule and limits)."""
        return self.speller.correct(word)


def _with_synonyms(verbs: Iterable[str]) -> list[str]:
    """A frame's verbs and the English verbs that tell the same act (cues.FRAME_VERB_SYNONYMS)."""
    out = list(verbs)
    for v in verbs:
        out.extend(s for s in FRAME_VERB_SYNONYMS.get(" ".join(v.lower().split()), ()) if s not in out)
    return out


def verb_forms(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    """A verb phrase in every tense a student narrates in: "joined the" also as "joins", "join", "joining" (tense
    does not change a claim: "In 1936 the USSR joins the League" is as wrong as "joined")."""
    from marker.nlp import lemma_of

    out = {words}
    head, rest = words[0], words[1:]
    if head in {"was", "were"} and rest:  # a passive: "was appointed chancellor" as "had been", "is", "are" appointed
        return out | {(aux, *rest) for aux in ("was", "were", "been", "is", "are", "be")}
    lemma = lemma_of(head)
    if not lemma or lemma == head and not head.endswith("ed"):
        return out
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z", "o")) else "s")
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        third = lemma[:-1] + "ies"
    ing = (lemma[:-1] if lemma.endswith("e") and not lemma.endswith("ee") else lemma) + "ing"
    for form in (lemma, third, ing, IRREGULAR_PARTICIPLES.get(lemma, lemma)):
        out.add((form, *rest))
    return out


def _signing_told(cues: list[str]) -> list[str]:
    """A fact's date cues, with signing told in other words when "signed" is one of them ("put their names to")."""
    return [*cues, *SIGNING_PARAPHRASES] if any(c.lower() in {"signed", "sign"} for c in cues) else list(cues)


def _every_tense(cues: Iterable[str]) -> set[str]:
    """Date cue words in every tense, as frame verbs are ("In 1940 the Germans invade" is dated by "invaded")."""
    return {" ".join(form) for c in cues if c.split() for form in verb_forms(tuple(c.lower().split()))} | set(cues)


def _phrases(words: Iterable[str]) -> re.Pattern[str]:
    alts = sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b", re.IGNORECASE)


_INDEXES: dict[int, tuple[Rubric, _Index]] = {}


def _index(rubric: Rubric) -> _Index:
    cached = _INDEXES.get(id(rubric))
    if cached is not None and cached[0] is rubric:
        return cached[1]
    if len(_INDEXES) > 16:
        _INDEXES.clear()
    index = _Index(rubric)
    _INDEXES[id(rubric)] = (rubric, index)
    return index


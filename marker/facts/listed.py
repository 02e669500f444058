"""Events a list tells one by one: "Before the pact Hitler takes the Rhineland, Austria, the Sudetenland and Danzig".

The token reading ties a frame's verb to the target nearest it ("Hitler takes the Rhineland"); the later conjuncts of
the verb's object are read here, from the parse. A conjunct that is the target of a frame whose verbs hold the verb
(any tense, with its particle: "took over") and whose agents hold the verb's subject tells that frame's event, when
exactly one fact's frame fits. When the verb carries "before" or "after" whose object names one event of the base
(or "the pact", "the treaty" an earlier sentence named), an item whose event lies wholly on the wrong side of it is
flagged, as the sequence check flags one event put in the wrong order. An open list ("such as", "including"), a
negated, hedged or conditional verb, a subject that is not a frame's agent, or a conjunct no fact or several facts
fit, abstains.
"""

from __future__ import annotations

from marker.dates import wrong_side
from marker.defaults import FACT_DEFAULTS
from marker.facts.checks.sequence import _antecedent
from marker.facts.claims import Claim, Parsed, _mention_at, asserted, modality, negated
from marker.facts.cues import OPEN_LIST_WORDS
from marker.facts.index import _Index
from marker.facts.model import FactFlag, _SentenceInfo, _label, _make_flag

_ORDER_WORDS = frozenset({"before", "after"})
_TARGETS: dict[int, tuple[object, frozenset[str]]] = {}


def _frame_targets(index: _Index) -> frozenset[str]:
    """Every entity some frame of the base takes as its target, made once per index."""
    cached = _TARGETS.get(id(index))
    if cached is None or cached[0] is not index:
        cached = (index, frozenset(t for fr in index.frames if not fr.denies for t in fr.target_entities))
        _TARGETS[id(index)] = cached
    return cached[1]


def wants_listed(index: _Index, info: _SentenceInfo) -> bool:
    """A sentence with "before" or "after" that names at least two entities some frame takes as its target, one of
    them after a comma or "and" and outside every event the token reading found (a later conjunct it left untold)."""
    norms = [t.norm for t in info.toks]
    if not _ORDER_WORDS.intersection(norms):
        return False
    targets = _frame_targets(index)
    named = [m for m in info.mentions if m.kind == "entity" and m.entity in targets]
    events = [m for m in info.mentions if m.kind == "event"]
    return len(named) >= 2 and any(
        _listed_word(norms, m.i) and not any(e.start <= m.start < e.end for e in events) for m in named)


def _listed_word(norms: list[str], i: int) -> bool:
    """The word before the mention ("the" aside) is a comma or "and": the cheap sign of a later conjunct."""
    k = i - 1 if i > 0 and norms[i - 1] != "the" else i - 2
    return k >= 0 and norms[k] in {",", "and"}


def listed_claims(index: _Index, text: str, parsed: Parsed, info: _SentenceInfo,
                  earlier: list[_SentenceInfo]) -> list[Claim]:
    """One `listed` claim per later conjunct of a frame verb's object that tells its own event, with the event the
    verb's "before"/"after" names: `facts` the item's fact, `agents` (the anchor's fact id,), `title` the direction."""
    out = []
    for verb in parsed.doc:
        if verb.pos_ != "VERB":
            continue
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.conjuncts]
        order = [(c, g) for c in verb.children if c.dep_ == "prep" and c.lower_ in _ORDER_WORDS
                 for g in c.children if g.dep_ == "pobj"]
        if len(objects) != 1 or len(order) != 1 or any(t.lower_ in OPEN_LIST_WORDS for t in objects[0].subtree):
            continue
        agent = _subject(index, parsed, info, verb)
        anchor = _anchor(index, text, parsed, info, order[0], earlier)
        if agent is None or anchor is None:
            continue
        forms = {(verb.lower_,)} | {(verb.lower_, c.lower_) for c in verb.children if c.dep_ == "prt"}
        for item in objects[0].conjuncts:
            fact = _told(index, parsed, info, item, agent, forms)
            if fact is None or fact == anchor:
                continue
            a, b = parsed.span(item)
            lo = min(a, parsed.base + min(t.idx for t in order[0][0].subtree), parsed.base + verb.idx)
            out.append(Claim("listed", lo, max(b, parsed.base + verb.idx + len(verb.text)), facts=frozenset({fact}),
                             agents=(anchor,), title=order[0][0].lower_, verb=verb.lower_,
                             polarity=not negated(verb) and asserted(verb),
                             modality=modality(verb, info.sentence.text)))
    return out


def _subject(index: _Index, parsed: Parsed, info: _SentenceInfo, verb) -> str | None:
    """The entity the verb's subject names (the subject a coordinated verb shares with the verb before it)."""
    while verb.dep_ == "conj" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        verb = verb.head
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    m = _mention_at(info.mentions, subjects[0], parsed.base, "entity") if len(subjects) == 1 else None
    return None if m is None else index.represents.get(m.entity, m.entity)


def _anchor(index: _Index, text: str, parsed: Parsed, info: _SentenceInfo, order,
            earlier: list[_SentenceInfo]) -> str | None:
    """The one fact the object of "before"/"after" names, or the agreement "the pact" refers back to."""
    prep, obj = order
    m = _mention_at(info.mentions, obj, parsed.base, "event")
    if m is None:
        m = _antecedent(index, text, info, parsed.base + prep.idx + len(prep.text), earlier)
    if m is None or len(m.facts) != 1:
        return None
    return next(iter(m.facts))


def _told(index: _Index, parsed: Parsed, info: _SentenceInfo, item, agent: str, forms: set) -> str | None:
    """The one fact whose frame takes this conjunct as target, the verb as one of its verbs and the subject as agent."""
    m = _mention_at(info.mentions, item, parsed.base, "entity")
    if m is None:
        return None
    target = {m.entity, index.represents.get(m.entity, m.entity)}
    facts = {fr.fact for fr in index.frames if not fr.denies and target & fr.target_entities and agent in fr.agents
             and forms & set(fr.verbs)}
    return next(iter(facts)) if len(facts) == 1 else None


def check_listed(index: _Index, text: str, claim: Claim) -> list[FactFlag]:
    """An item of the list whose event lies wholly on the wrong side of the event "before"/"after" names."""
    if claim.kind != "listed" or claim.modality != "assert" or not claim.polarity:
        return []
    f1, f2 = index.facts[next(iter(claim.facts))], index.facts[claim.agents[0]]
    if f1.date is None or f2.date is None or not (f1.verified and f2.verified):
        return []
    if not wrong_side(f1.date, f2.date, claim.title):
        return []
    said = f"{_label(f1)} {claim.title} {_label(f2)}"
    flag = _make_flag(text, (claim.start, claim.end), said, f1, FACT_DEFAULTS["confidence_sequence"], "sequence")
    fix = f"{f1.correction or f1.statement} {f2.correction or f2.statement}"
    return [FactFlag(flag.start, flag.end, flag.text, said, fix, f1.id, flag.confidence, "sequence")]

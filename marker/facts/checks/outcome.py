"""Outcome checks: an event of the fact base denied, or a clause the fact base lists as contradicting it."""

from __future__ import annotations

from marker.defaults import FACT_DEFAULTS
import re
from marker.facts.cues import MANNER_VERBS, _DATE_NEGATION, _NOT_UNTIL, _REFUSAL, _STRONG_DENIAL, _TEMPORAL_QUALIFIER, _WEAK_DENIAL
from marker.facts.denials import country_not_its_own, own_clause
from marker.facts.index import _Index
from marker.nlp import lemma_of
from marker.facts.model import FactFlag, _SentenceInfo, _Unit, _make_flag

def _check_denials(index: _Index, text: str, info: _SentenceInfo, unit: _Unit, clause: str) -> list[FactFlag]:
    """A clause the fact base lists as contradicting a fact, asserted without negation."""
    flags = []
    for m in unit.mentions:
        if m.via != "denial":
            continue
        if m.negated_verb and (_TEMPORAL_QUALIFIER.search(clause) or _own_dates(unit)):
            continue  # "France did not ratify until 1936" dates the event, it does not deny it
        before = m.start if m.negated_verb else m.end
        if _DATE_NEGATION.search(text, unit.start, before) or _REFUSAL.search(text, unit.start, before):
            continue
        fact = index.facts[next(iter(m.facts))]
        if fact.verified:
            flags.append(_make_flag(text, (unit.start, unit.end), f"contradicts: {fact.statement}", fact,
                                    FACT_DEFAULTS["confidence_outcome"], "outcome"))
    return flags



# A comma and a conjunction that opens a clause of its own: what follows is not what the negation denies.
_NEW_CLAUSE = re.compile(r"\s*(?:[;:]|,\s*(?:because|so|but|which|and|although|though|even\s+though|as\s+a\s+result)\b)",
                         re.IGNORECASE)


# Words after a denied event that leave its scope in doubt ("not X but Y", "never ... without", "except").
_CONTRAST = frozenset({"but", "instead", "rather", "without", "except", "unless", "again"})


def _own_dates(unit: _Unit) -> list:
    """The clause's dates that are not part of an event's name ("the 1932 presidential election", "the November
    1932 election" name the event, they do not date a denial of it)."""
    names = [m for m in unit.mentions if m.kind == "event" and m.via == "name"]
    return [d for d in unit.dates if not any(m.start <= d.start and d.end <= m.end for m in names)]


def _check_outcome(index: _Index, text: str, info: _SentenceInfo, unit: _Unit, span: tuple[int, int],
                   clause: str) -> list[FactFlag]:
    """'The USSR never joined the League': an event of the fact base denied outright.

    "never" and "could not" deny the event; a bare "not" only when nothing follows that it could be denying instead
    ("did not come to power by force" denies the manner, not the event)."""
    if _own_dates(unit) or _TEMPORAL_QUALIFIER.search(clause) or _NOT_UNTIL.search(clause):
        return []
    flags = []
    for m in unit.mentions:
        if m.kind != "event" or m.via != "frame" or len(m.facts) != 1:
            continue
        fact = index.facts[next(iter(m.facts))]
        if not fact.verified or country_not_its_own(index, unit.mentions, m.start, m.end, fact):
            continue
        words = [t.norm for t in info.toks[m.i : m.j]][:7]
        pairs = {" ".join(words[i : i + 2]) for i in range(len(words) - 1)}
        weak = bool(_WEAK_DENIAL & set(words))
        # "wasnt ever", "did not ever": a negation with "ever" is "never"
        strong = bool(_STRONG_DENIAL & (set(words) | pairs)) or (weak and "ever" in words)
        after = text[m.end : info.sentence.end]
        if strong:  # "never joined the Pact, but it did sign ...": a clause of its own leaves the denial's scope
            after = after[: _own_clause_after(info, m) - m.end]
        # "did not join the League, because ...": a comma ends what the negation can deny instead of the event
        tail = [] if _NEW_CLAUSE.match(after) else re.findall(r"\w+", after)
        if not (strong or (weak and not tail)):
            continue  # "did not get a seat at Locarno": a bare "not" with anything after it may deny that instead
        if _CONTRAST & {w.lower() for w in re.findall(r"\w+", after)}:
            continue  # "did not get a seat, but ...", "never joined without ...": the scope is in doubt
        if not strong and tail and tail[0].lower() in {"by", "through", "because", "as", "for", "only", "just", "so"}:
            continue
        if any(lemma_of(w) in MANNER_VERBS for w in words):
            continue  # "Hitler did not seize power": the verb's manner may be all it denies (he was appointed)
        if not strong and any(w.endswith("ly") and w.islower() for w in tail):
            continue  # "did not join the League willingly": a manner adverb is what the negation denies
        conf = FACT_DEFAULTS["confidence_outcome"]
        flags.append(_make_flag(text, span, f"denies: {fact.statement}", fact, conf, "outcome"))
    return flags



def _own_clause_after(info: _SentenceInfo, m) -> int:
    """Where a clause of its own joined by "but" to the verb the mention negates begins (`denials.own_clause`);
    else the sentence's end."""
    parsed = info.parse() if info.parse is not None else None
    if parsed is None:
        return info.sentence.end
    for v in parsed.tokens(m.start, m.end):
        own = own_clause(v) if any(c.dep_ == "neg" or c.lower_ == "never" for c in v.children) else set()
        if own:
            return parsed.base + parsed.doc[min(own)].idx
    return info.sentence.end

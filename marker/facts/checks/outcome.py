"""Outcome checks: an event of the fact base denied, or a clause the fact base lists as contradicting it."""

from __future__ import annotations

from marker.defaults import FACT_DEFAULTS
import re
from marker.facts.cues import _DATE_NEGATION, _NOT_UNTIL, _REFUSAL, _STRONG_DENIAL, _TEMPORAL_QUALIFIER, _WEAK_DENIAL
from marker.facts.index import _Index
from marker.facts.model import FactFlag, _SentenceInfo, _Unit, _make_flag

def _check_denials(index: _Index, text: str, info: _SentenceInfo, unit: _Unit, clause: str) -> list[FactFlag]:
    """A clause the fact base lists as contradicting a fact, asserted without negation."""
    flags = []
    for m in unit.mentions:
        if m.via != "denial":
            continue
        if m.negated_verb and (_TEMPORAL_QUALIFIER.search(clause) or unit.dates):
            continue  # "France did not ratify until 1936" dates the event, it does not deny it
        before = m.start if m.negated_verb else m.end
        if _DATE_NEGATION.search(text, unit.start, before) or _REFUSAL.search(text, unit.start, before):
            continue
        fact = index.facts[next(iter(m.facts))]
        if fact.verified:
            flags.append(_make_flag(text, (unit.start, unit.end), f"contradicts: {fact.statement}", fact,
                                    FACT_DEFAULTS["confidence_outcome"], "outcome"))
    return flags



def _check_outcome(index: _Index, text: str, info: _SentenceInfo, unit: _Unit, span: tuple[int, int],
                   clause: str) -> list[FactFlag]:
    """'The USSR never joined the League': an event of the fact base denied outright.

    "never" and "could not" deny the event; a bare "not" only when nothing follows that it could be denying instead
    ("did not come to power by force" denies the manner, not the event)."""
    if unit.dates or _TEMPORAL_QUALIFIER.search(clause) or _NOT_UNTIL.search(clause):
        return []
    flags = []
    for m in unit.mentions:
        if m.kind != "event" or m.via != "frame" or len(m.facts) != 1:
            continue
        fact = index.facts[next(iter(m.facts))]
        if not fact.verified:
            continue
        words = [t.norm for t in info.toks[m.i : m.j]][:7]
        pairs = {" ".join(words[i : i + 2]) for i in range(len(words) - 1)}
        strong = bool(_STRONG_DENIAL & (set(words) | pairs))
        weak = bool(_WEAK_DENIAL & set(words))
        tail = re.findall(r"\w+", text[m.end : info.sentence.end])
        if not (strong or (weak and len(tail) <= 3)):
            continue
        if not strong and tail and tail[0].lower() in {"by", "through", "because", "as", "for", "only", "just", "so"}:
            continue
        conf = FACT_DEFAULTS["confidence_outcome"]
        flags.append(_make_flag(text, span, f"denies: {fact.statement}", fact, conf, "outcome"))
    return flags


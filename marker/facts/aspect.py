"""How a verb's grammar turns a date into the time of its event: "did not recognise the USSR until 1936" dates the
recognition itself; "In 1941 the USSR had already annexed Bessarabia" says by when it had happened. Read from the
parse (marker.facts.claims.Parsed); used by the date check (marker.facts.checks.dates)."""

from __future__ import annotations

from marker.dates import DateClaim
from marker.facts.claims import Parsed, _verb_of, asserted, date_head, negated
from marker.facts.cues import END_PHASE_VERBS, START_PHASE_VERBS, TEMPORAL_PREPOSITIONS
from marker.facts.model import _Mention


def not_until(parsed: Parsed, d: DateClaim) -> bool:
    """Whether an "until" date is the time a negated verb at last came true: "The USA did not recognise the USSR until
    1936" dates the recognition itself, not an end of it. The date is the object of "until" and "until" modifies the
    negated verb directly (not "until after ...", not a noun's "until")."""
    tok = parsed.root(d.start, d.end)
    if tok is None or tok.lower_ not in {"until", "till"} or tok.dep_ != "prep":
        return False
    if any(c.dep_ == "pcomp" or c.lower_ in TEMPORAL_PREPOSITIONS for c in tok.children):
        return False  # "not until after the war"
    verb = tok.head
    return verb.pos_ in {"VERB", "AUX"} and negated(verb)


def perfect(parsed: Parsed, d: DateClaim) -> bool:
    """Whether a date set before its verb gives the time from which a perfect looks back ("In 1941 the USSR had
    already annexed Bessarabia": by 1941), not the event's time ("Hitler had come to power in 1936")."""
    tok = date_head(parsed, d)
    verb = _verb_of(tok) if tok is not None else None
    return verb is not None and tok.i < verb.i and verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children)


def date_phase(parsed: Parsed, d: DateClaim, event: _Mention) -> str:
    """'start', 'end' or '': the phase of an event a date is told of. The date hangs from the verb (through no noun
    outside the date: "ended the hopes of 1935" is not the war's end) and the event is the verb's subject ("The
    Spanish Civil War ended in April 1938", "came to an end", "was over", "broke out", "began") or the object of a
    transitive end or start verb ("Franco ended the war in 1939"); an end verb with another object ("the war ended
    appeasement in 1938"), a negated or not asserted verb gives no phase."""
    tok = date_head(parsed, d)
    verb = _verb_of(tok) if tok is not None else None
    ev = parsed.root(event.start, event.end)
    if verb is None or ev is None or negated(verb) or not asserted(verb):
        return ""
    inside = {t.i for t in parsed.tokens(d.start, d.end)}
    if any(a.pos_ in {"NOUN", "PROPN"} and a.i not in inside for a in tok.ancestors if verb in a.ancestors):
        return ""
    role = ev.dep_ if ev.head.i == verb.i else ""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    lemma = verb.lemma_.lower()
    if lemma in END_PHASE_VERBS | START_PHASE_VERBS:
        if not (role == "dobj" or role in {"nsubj", "nsubjpass"} and not objects):
            return ""
        return "end" if lemma in END_PHASE_VERBS else "start"
    if role != "nsubj" or objects:
        return ""
    if lemma == "break" and any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children):
        return "start"  # "broke out"
    if lemma == "be" and any(c.lower_ == "over" and not list(c.children) for c in verb.children):
        return "end"  # "was over"
    if lemma == "come" and any(c.dep_ == "prep" and c.lower_ == "to" and any(
            g.dep_ == "pobj" and g.lemma_.lower() == "end" for g in c.children) for c in verb.children):
        return "end"  # "came to an end"
    return ""


_NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor"})


def negation_below(parsed: Parsed, dates: list[DateClaim], events: list[_Mention], start: int, end: int) -> bool:
    """Every negation in the clause [start, end) belongs to a clause below the dates' verbs that tells none of the
    clause's events ("signed the Kellogg-Briand Pact in 1928, promising not to use war"): the dates are asserted.
    False when a negation is at a date's verb or above it ("did not sign it in 1928", "It is not true that ..."), or
    governs an event ("Germany, which had not yet joined the League, signed ... in 1925"), or cannot be placed."""
    negs = [t for t in parsed.tokens(start, end) if t.lower_ in _NEGATIONS or t.dep_ == "neg"]
    found = [_verb_of(h) if (h := date_head(parsed, d)) is not None else None for d in dates]
    roots = [parsed.root(m.start, m.end) for m in events]
    verbs, heads = [v for v in found if v is not None], [h for h in roots if h is not None]
    if not negs or not dates or len(verbs) < len(found) or len(heads) < len(roots):
        return False  # a date or an event the parse cannot place: the negation may be theirs
    for neg in negs:
        nv = _verb_of(neg)
        if nv is None or any(nv.i == v.i or any(a.i == nv.i for a in v.ancestors) for v in verbs):
            return False
        if any(nv.i == h.i or any(a.i == nv.i for a in h.ancestors) for h in heads):
            return False
    return True

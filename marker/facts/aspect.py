"""How a verb's grammar turns a date into the time of its event: "did not recognise the USSR until 1936" dates the
recognition itself; "In 1941 the USSR had already annexed Bessarabia" says by when it had happened. Read from the
parse (marker.facts.claims.Parsed); used by the date check (marker.facts.checks.dates)."""

from __future__ import annotations

from marker.dates import DateClaim
from marker.facts.claims import Parsed, _verb_of, date_head, negated
from marker.facts.cues import TEMPORAL_PREPOSITIONS


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

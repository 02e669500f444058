"""A relative clause that dates the event it hangs from: "the Anschluss, which took place in March 1937", "the
Rome-Berlin Axis, which Mussolini named in 1938", "the Young Plan, which was agreed in 1927".

A clause that inherits its event from the clause before is dated only through a cue word of the fact (it may tell
something else that happened to the event: "the Dawes Plan, which was replaced in 1929"). Read from the parse, the
claim is unambiguous when the date hangs from a relative clause's verb (relcl) whose head is the event's own word,
and the relative pronoun is that verb's subject with a verb of happening ("which took place", "which happened"), or
its object (active or passive) with a verb of making or carrying out the event (`cues.DOING_VERBS`: "which was
agreed", "which X named"; "try" only active: "which was tried in 1924" may be a trial). Anything else keeps the cue
guard.
"""

from __future__ import annotations

from marker.dates import DateClaim
from marker.facts.claims import Parsed, _verb_of, date_head
from marker.facts.cues import ACTIVE_ONLY_DOING_VERBS, DOING_VERBS, HAPPEN_VERBS
from marker.facts.model import _Mention

_RELATIVE_PRONOUNS = frozenset({"which", "that"})


def dates_antecedent(parsed: Parsed, d: DateClaim, event: _Mention) -> bool:
    """Whether the date is told of the event by a relative clause hanging from the event's own word."""
    head = date_head(parsed, d)
    verb = _verb_of(head) if head is not None else None
    word = parsed.root(event.start, event.end)
    if verb is None or word is None or verb.dep_ != "relcl" or verb.head.i != word.i:
        return False
    pronoun = next((c for c in verb.children if c.lower_ in _RELATIVE_PRONOUNS
                    and c.dep_ in {"nsubj", "nsubjpass", "dobj"}), None)
    if pronoun is None:
        return False
    lemma = verb.lemma_.lower()
    if pronoun.dep_ == "nsubj":
        return lemma in HAPPEN_VERBS or (lemma == "take" and any(c.dep_ == "dobj" and c.lower_ == "place"
                                                                 for c in verb.children))
    return lemma in DOING_VERBS and not (pronoun.dep_ == "nsubjpass" and lemma in ACTIVE_ONLY_DOING_VERBS)

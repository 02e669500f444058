"""A frame's target read from the parse: "In 1939 Stalin took bases in the Baltic states" names the Baltic states
only as where the verb's own object lies, so the token reading of the frame (verb near target: the annexation of
the Baltic states) is not borne out."""

from __future__ import annotations


def target_modifies_object(parsed, event, mentions, verb_words: frozenset[str]) -> bool:
    """The frame's target (the entity named at the mention's end) is the object of a preposition, on the frame's
    verb or on its direct object, while that direct object is another noun that is no word of the frame's own verb
    phrase ("took bases in X", "seized ports on X"; not "sent troops into X" where the rubric's verb is "sent troops
    into", nor "joined the League of Nations", "occupied the whole of X"); or the verb puts its object "into"
    something the rubric's verb phrase does not name ("took the Baltic states into the Soviet sphere"): the verb
    tells another act."""
    toks = parsed.tokens(event.start, event.end)
    target = next((m for m in mentions if m.kind == "entity" and m.end == event.end), None)
    if not toks or target is None:
        return False
    verbs = {v.i for v in toks if v.pos_ in {"VERB", "AUX"}}
    if "into" not in verb_words and any(c.dep_ == "prep" and c.lower_ == "into" for v in toks if v.i in verbs
                                        for c in v.children):
        return True  # "took the Baltic states into the Soviet sphere": the target moved into something, another act
    inside = {t.i for t in parsed.tokens(target.start, target.end)}
    tok = toks[-1]
    while tok.head.i != tok.i and tok.i not in verbs:
        if tok.dep_ == "prep" and tok.i not in inside and tok.lower_ != "of":  # "the whole of X" is X
            verb = tok.head.head if tok.head.dep_ == "dobj" else tok.head
            objects = [c for c in verb.children if c.dep_ == "dobj" and c.i not in inside]
            if verb.i in verbs and objects and not any(o.lower_ in verb_words for o in objects):
                return True
        tok = tok.head
    return False


def agent_in_noun_phrase(parsed, event, mentions) -> bool:
    """The frame's first name is the object of a preposition on a noun, not the verb's subject ("An alliance between
    France and the USSR was formed in 1935": what was formed is the alliance), so the verb does not tell the frame.
    Not "of" ("the leaders of Britain and France signed": the group's act is its own)."""
    first = next((m for m in mentions if m.kind == "entity" and m.start == event.start), None)
    tok = parsed.root(first.start, first.end) if first is not None else None
    while tok is not None and tok.dep_ == "conj":
        tok = tok.head
    return tok is not None and tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ != "of" \
        and tok.head.head.pos_ in {"NOUN", "PROPN"} and not parsed.base + tok.head.head.idx >= event.start

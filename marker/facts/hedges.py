"""The reach of a hedge, read from the parse: a hedge holds back the clause it governs, not the whole sentence.

"Some people say sacking Litvinov was a signal, but Molotov only took over after the pact" hedges the first clause;
"the Neutrality Pact, signed with X, was a success and arguably the most important" hedges only "the most important".
A hedge word ("perhaps", "arguably", "I think", "according to", "about 1935": marker.defaults.HEDGE and
cues._EXTRA_HEDGE) governs:

- when it modifies a word that is not a verb ("arguably the most important", "about 1935"): that word's phrase;
- otherwise the clause of its verb, with everything under it, except a coordinated clause with a subject of its own
  that follows the hedge ("I think X, but Molotov only took over ..."). A hedging adverb that opens the sentence
  ("Perhaps Stalin sacked X and Molotov ...") governs the coordinated clauses as well.

Where the parse does not place a hedge, the whole sentence is hedged (abstain). The hedge's own words are not a
claim: a flag whose span reaches only them ("Stalin sacked Litvinov in May 1938, perhaps" before "because he was
Jewish") is outside the reach.
"""

from __future__ import annotations

from marker.defaults import HEDGE
from marker.facts.cues import _EXTRA_HEDGE

_VERBS = {"VERB", "AUX"}


def hedge_scope(doc) -> frozenset[int]:
    """The indices of the tokens of a parsed sentence that a hedge governs (empty when it has no hedge)."""
    cached = doc.user_data.get("marker_hedge_scope")
    if cached is not None:
        return cached
    scope: set[int] = set()
    text = doc.text
    for pattern in (HEDGE, _EXTRA_HEDGE):
        for hit in pattern.finditer(text):
            toks = [t for t in doc if hit.start() <= t.idx < hit.end()]
            if not toks:
                scope.update(t.i for t in doc)
                continue
            scope.update(_governed(toks))
    result = frozenset(scope)
    doc.user_data["marker_hedge_scope"] = result
    return result


def _governed(toks: list) -> set[int]:
    """The token indices a hedge of these tokens governs."""
    ids = {t.i for t in toks}
    top = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), toks[0])
    doc = top.doc
    if top.pos_ not in _VERBS and top.dep_ in {"advmod", "quantmod", "npadvmod", "amod"} and \
            top.head.pos_ not in _VERBS and top.head.i != top.i:
        return {t.i for t in top.head.subtree} | ids  # "arguably the most important", "about 1935"
    verb = next((a for a in (top, *top.ancestors) if a.pos_ in _VERBS), None)
    if verb is None:
        return {t.i for t in doc}
    if top.pos_ == "ADV" and all(t.is_punct or t.i in ids for t in doc[: min(ids)]):
        return {t.i for t in doc}  # "Perhaps Stalin sacked X and Molotov ...": an opening adverb hedges it all
    kept = {t.i for t in verb.subtree}
    for c in verb.children:
        if c.dep_ == "conj" and c.i > max(ids) and any(g.dep_ in {"nsubj", "nsubjpass", "expl"} for g in c.children):
            kept -= {t.i for t in c.subtree}
            # its conjunction and comma open it ("..., but the Young Plan was adopted in 1926"): not the hedge's
            first = min(t.i for t in c.subtree)
            kept -= {g.i for g in verb.children if g.dep_ in {"cc", "punct"} and max(ids) < g.i < first and all(
                t.dep_ in {"cc", "punct"} for t in doc[g.i : first])}
    return kept | ids


def hedged(tok) -> bool:
    """Whether a hedge of the token's sentence governs the token, or a word of its clause ("Molotov and perhaps X
    signed": the hedge on one signer holds back the clause's claim)."""
    scope = hedge_scope(tok.doc)
    if tok.i in scope:
        return True
    verb = _clause_verb(tok)
    return any(_clause_verb(tok.doc[i]) == verb for i in scope)


def _clause_verb(tok) -> int:
    """The index of the verb whose clause a token is in (-1 in a verbless fragment)."""
    return next((t.i for t in (tok, *tok.ancestors) if t.pos_ in _VERBS), -1)


def span_hedged(doc, base: int, start: int, end: int) -> bool:
    """Whether a hedge governs any token of a character span of the essay (`base`: the sentence's offset), the
    hedge's own words and punctuation aside."""
    scope = hedge_scope(doc) - _cue_tokens(doc)
    return any(t.i in scope and not t.is_punct for t in doc if start <= base + t.idx < end)


def _cue_tokens(doc) -> frozenset[int]:
    """The indices of the tokens that are hedge words themselves."""
    return frozenset(t.i for pattern in (HEDGE, _EXTRA_HEDGE) for hit in pattern.finditer(doc.text)
                     for t in doc if hit.start() <= t.idx < hit.end())

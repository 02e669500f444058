"""Typed claims read from a sentence's dependency parse, and the grammar tests that let a token-level flag stand.

Only sentences that mention the fact base and hold something to check are parsed (marker.nlp.get_parser), so the
cost stays small. A claim says who (a person, agents), what (the event's facts), in which role (a title, with the
country its adjective names), with a date, a polarity (negated or not) and a modality (assert, hedge, conditional,
reported, question). Anything that is not a plain assertion is never checked.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass


from marker.dates import DateClaim
from marker.facts.cues import (
    DISOWNING, EVENT_NOUN_PREPOSITIONS, EVENT_NOUNS, NEGATION_WORDS, OBJECT_PRONOUNS, NON_FACTIVE, NOT_ONLY, UNREALISED_ADJECTIVES, PHASE_VERBS, REPORTING_VERBS, TEMPORAL_PREPOSITIONS, _CONDITIONAL,
)
from marker.facts.hedges import hedged
from marker.facts.model import _Mention, _SentenceInfo

MAX_PARSED = 5000  # characters: a longer "sentence" is not prose a claim can be read from with confidence
_ARGUMENT = {"nsubj", "nsubjpass", "dobj", "attr", "agent", "pobj", "prep", "conj", "appos", "compound", "poss",
             "dative", "oprd", "acomp", "xcomp", "ccomp"}


@dataclass(frozen=True)
class Claim:
    """One typed claim of a sentence (character offsets into the essay)."""

    kind: str                      # role | agents | outcome | parties (lists.py) | quantity (quantities.py)
    start: int
    end: int
    facts: frozenset[str] = frozenset()
    person: str = ""               # role: the person given the role
    title: str = ""                # role: the post as written, lower-case, without country words; set: its index
    country: str = ""              # role: the country its adjective or "of X" names
    agents: tuple[str, ...] = ()   # agents / outcome: entities doing it
    verb: str = ""                 # the verb's lemma
    date: DateClaim | None = None
    polarity: bool = True
    modality: str = "assert"       # assert | hedge | conditional | reported | question
    value: float = 0.0             # quantity: the figure, its unit noun (singular), as written, approximate or not
    unit: str = ""
    figure: str = ""
    approx: bool = False
    listed: bool = False           # role: one of a list under a plural title ("the chancellors were X, Y and Z")
    bound: str = ""                # duration (durations.py): "max" ("less than"), "min" ("more than") or "" (the figure)


class Parsed:
    """A sentence's parse with its tokens placed in the essay's character offsets."""

    def __init__(self, doc, base: int):
        self.doc, self.base = doc, base
        self._starts: list[int] | None = None

    def tokens(self, start: int, end: int) -> list:
        """The tokens starting within [start, end), in order (found by bisection on their offsets: the checks ask
        for many spans of one sentence, and walking the whole Doc each time was a tenth of the checker's time)."""
        if self._starts is None:
            self._starts = [t.idx for t in self.doc]
        lo = bisect_left(self._starts, start - self.base)
        hi = bisect_left(self._starts, end - self.base)
        return [self.doc[i] for i in range(lo, hi)]

    def root(self, start: int, end: int):
        """The token of a character span whose head lies outside it (the span's syntactic head)."""
        toks = self.tokens(start, end)
        ids = {t.i for t in toks}
        heads = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
        return heads[0] if heads else None

    def span(self, tok) -> tuple[int, int]:
        sub = list(tok.subtree)
        return self.base + sub[0].idx, self.base + sub[-1].idx + len(sub[-1].text)


def parse_sentences(infos: list[_SentenceInfo], wanted: set[int], essay=None) -> dict[int, Parsed]:
    """Parse the wanted sentences (by position in `infos`) in one batch; given the essay they come from, its
    sentences are parsed once for every reader (marker.nlp.sentence_parses: the sentence roles read them too)."""
    if not wanted:
        return {}
    from marker.nlp import get_parser, sentence_parses, untangle

    order = sorted(wanted)
    if essay is not None:
        docs = sentence_parses(essay, [infos[k].sentence.index for k in order])
        return {k: Parsed(docs[infos[k].sentence.index], infos[k].sentence.start) for k in order}
    texts = [untangle(infos[k].sentence.text) for k in order]
    return {k: Parsed(doc, infos[k].sentence.start) for k, doc in zip(order, get_parser().pipe(texts))}


def object_referent(verb, obj):
    """An object pronoun of a verb after "and" stands for the one object of the verb before ("dismissed Brüning ...
    and replaced him", "left the League ..., and the USSR joined it"); any other object stands for itself."""
    if obj.lower_ not in OBJECT_PRONOUNS or verb.dep_ != "conj":
        return obj
    before = [c for c in verb.head.children if c.dep_ == "dobj"]
    return before[0] if len(before) == 1 else obj


def negated(tok) -> bool:
    """The token's clause is negated: "not", "n't", "nt" ("didnt"), "never", "no longer", "no"."""
    for t in (tok, *(tok.ancestors if tok.pos_ not in {"VERB", "AUX"} else ())):
        if any((c.dep_ == "neg" or c.lower_ in NEGATION_WORDS) and not _not_only(c) for c in t.children):
            return True
        if t.pos_ in {"VERB", "AUX"}:
            break
    return False


def _not_only(tok) -> bool:
    """"not only", "not just": an addition, not a negation."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return tok.lower_ == "not" and nxt is not None and nxt.lower_ in NOT_ONLY


def modality(tok, sentence: str, upto: int | None = None) -> str:
    """How the clause of a token is asserted; a conditional cue counts only within the first `upto` characters (an
    apposition is not made conditional by an "if" in a later clause)."""
    if sentence.rstrip().endswith("?"):
        return "question"
    if hedged(tok):
        return "hedge"  # a hedge governs the token's clause (marker.facts.hedges)
    verb = tok if tok.pos_ in {"VERB", "AUX"} else next((a for a in tok.ancestors if a.pos_ in {"VERB", "AUX"}), tok)
    for v in (verb, *verb.ancestors):
        if _hypothetical(v):
            return "conditional"
        if v.lemma_.lower() in REPORTING_VERBS and v is not verb:
            return "reported"
    if _CONDITIONAL.search(sentence[:upto]):
        return "conditional"
    return "assert"


def _hypothetical(verb) -> bool:
    """"might sign", "may have", "would have signed", "if ... signed": a verb that does not assert. A bare "would" or
    "could" narrates ("It was 1935 and Stalin would sign a pact")."""
    aux = [c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if {"might", "may"} & set(aux) or ({"would", "could", "should"} & set(aux) and "have" in aux):
        return True
    return any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in verb.children)


def asserted(tok) -> bool:
    """Whether the clause of a token is asserted by the sentence: not under a modal or "if", and not the complement
    of a negated verb or of a verb that reports, wants, plans or refuses ("did not accept that Soviet troops enter")."""
    own = tok if tok.pos_ in {"VERB", "AUX"} else next((a for a in tok.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    if own is None:
        return True
    if _hypothetical(own) or disowned(own) or _scheduled(own):
        return False
    node = own
    # A complement clause follows its verb in English; one parsed before it is a misparse, not a complement.
    while node.dep_ in {"ccomp", "xcomp", "conj"} and node.head.i < node.i:
        if node.dep_ == "conj" and node.head.dep_ == "ROOT" and any(
                c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in node.children):
            return True  # "Some say X, but Molotov took over after Y": a main clause with its own subject
        node = node.head
        if node.dep_ != "conj" and node.pos_ in {"VERB", "AUX"} and (
                node.lemma_.lower() in NON_FACTIVE or negated(node)):
            return False
        if node.pos_ == "ADJ" and node.lower_ in UNREALISED_ADJECTIVES:
            return False  # "was due to be evacuated in January 1925": scheduled, not done
    return True


def _scheduled(verb) -> bool:
    """"The zone was due to be evacuated in 1925": a "be" whose predicate is an adjective of schedule, expectation or
    will with a complement (cues.UNREALISED_ADJECTIVES) tells only what was due, not that it happened."""
    return any(c.dep_ == "acomp" and c.lower_ in UNREALISED_ADJECTIVES and any(g.dep_ == "xcomp" for g in c.children)
               for c in verb.children)


def disowned(verb) -> bool:
    """The clause is one the sentence calls wrong: the complement of "it is false / wrong to say / a myth" ("It is
    false that the pact was signed in 1941"), or the content of a noun so called ("The idea that X is wrong")."""
    node = verb
    while node.dep_ in {"ccomp", "xcomp", "relcl", "acl"}:
        node = node.head
        if node.lemma_.lower() in DISOWNING or _calls_wrong(node):
            return True
        if node.pos_ in {"NOUN", "PROPN"}:
            return node.dep_ in {"nsubj", "nsubjpass", "attr"} and _calls_wrong(node.head)
    return False


def _calls_wrong(head) -> bool:
    return any(c.dep_ in {"acomp", "attr"} and c.lemma_.lower() in DISOWNING for c in head.children)


def _mention_at(mentions: list[_Mention], tok, base: int, kind: str) -> _Mention | None:
    a = base + tok.idx
    return next((m for m in mentions if m.kind == kind and m.start <= a < m.end), None)


def timed_by_event(parsed: Parsed, mentions: list[_Mention], verb) -> bool:
    """Whether a verb is timed by an event of the base in a phrase of duration ("For the whole of the Winter War,
    from November 1939 to March 1940, X was Commissar"): its dates are that event's, a time inside a span (a term,
    an event), not the span's own start and end."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in {"for", "during", "throughout"}):
        a, b = parsed.span(prep)
        if any(m.kind == "event" and a <= m.start and m.end <= b for m in mentions):
            return True
    return False


def _in_subtree(parsed: Parsed, tok, mention: _Mention) -> bool:
    a, b = parsed.span(tok)
    return a <= mention.start and mention.end <= b


def date_head(parsed: Parsed, d: DateClaim):
    """The token a date hangs from: the date's own head, or the preposition just before it when that preposition has
    no object of its own. The parser often reads an opening "On 27 August 1929 Germany signed ..." as a date that
    modifies the subject, leaving "On" without an object; the date is that preposition's object."""
    toks = parsed.tokens(d.start, d.end)
    if toks and toks[0].i > 0:
        prep = toks[0].doc[toks[0].i - 1]
        if prep.dep_ == "prep" and prep.lower_ in {"on", "in", "at", "during"} and \
                not any(c.dep_ in {"pobj", "pcomp"} for c in prep.children):
            return prep
    return parsed.root(d.start, d.end)


def same_predicate(parsed: Parsed, d: DateClaim, event: _Mention) -> bool:
    """Whether a date and an event hang from one verb ("In 1927 Germany and the Allies agreed the Young Plan": the
    "and" joins two subjects, not two predicates)."""
    date_tok, ev_tok = date_head(parsed, d), parsed.root(event.start, event.end)
    if date_tok is None or ev_tok is None:
        return False
    date_verb, ev_verb = _verb_of(date_tok), _verb_of(ev_tok)
    return date_verb is not None and ev_verb is not None and date_verb.i == ev_verb.i


def date_reads_as_event(parsed: Parsed, d: DateClaim, event: _Mention, fact_cues: tuple[str, ...],
                        frame_verbs: frozenset[str] = frozenset()) -> bool:
    """Whether the parse lets a date be the date of an event: False when the date modifies another noun ("weak from
    the purges of 1937-38"), when its verb is another phase of the event ("extended in 1931", unless that is one of
    the fact's own cue words), or when the event is only a time marker of the clause ("After Munich ... in 1939").
    `frame_verbs`: the words the fact's frames tell it by; a second participle that shares the event's subject and
    auxiliary and is one of them tells the same event ("Bukharin was tried and shot in 1937")."""
    date_tok = date_head(parsed, d)
    ev_tok = parsed.root(event.start, event.end)
    if date_tok is None or ev_tok is None:
        return True
    ev_ids = {t.i for t in parsed.tokens(event.start, event.end)}
    node = date_tok
    while node.head.i != node.i:
        node = node.head
        if node.i in ev_ids:
            return True  # "the Nazi-Soviet Pact of 1941", "Munich (1938)"
        if names_event(node, ev_ids):
            return True  # "the signing of the Versailles treaty in May 1919"
        if node.dep_ == "conj" and node.pos_ in {"NOUN", "PROPN"}:
            return False  # "Germany's invasion of Belgium and the guarantee of 1839": the other conjunct's date
        if node.pos_ in {"NOUN", "PROPN"} and node.dep_ not in {"compound"} and node.lower_ not in {"year", "month"}:
            if not any(a.i in ev_ids for a in node.ancestors) and node.i not in {t.i for t in ev_tok.subtree}:
                return False  # the date belongs to another noun
        if node.pos_ in {"VERB", "AUX"}:
            break
    verb = node
    if verb.pos_ in {"VERB", "AUX"} and (verb.lower_ in fact_cues or verb.lemma_.lower() in fact_cues):
        return True  # "joined the League in 1934 and was expelled in 1939": the fact's own cue dates it
    if verb.lower_ in frame_verbs and shares_subject(verb, _verb_of(ev_tok)):
        return True
    if verb.pos_ in {"VERB", "AUX"} and _phase_verb(verb, fact_cues):
        return False
    return _argument_of(ev_tok, ev_ids, verb)


def _argument_of(ev_tok, ev_ids: set[int], verb) -> bool:
    """Whether an event is an argument of a verb: reached from the verb without crossing another noun, a time
    preposition ("after Munich"), or a compound onto another name; or the head of the verb's relative clause."""
    if verb.pos_ not in {"VERB", "AUX"}:
        return True
    if ev_tok.i == verb.i or verb in ev_tok.subtree and verb.dep_ == "relcl":
        return True
    if verb not in ev_tok.ancestors:
        return False
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"} and c.i not in ev_ids]
    up = ev_tok
    while up.i != verb.i:
        if names_event(up, ev_ids):
            ev_ids = ev_ids | {up.i}  # "won his decisive victory at Khalkhin Gol": the noun names the event
            objects = [c for c in objects if c.i != up.i]
        if up.dep_ in {"compound", "mark", "npadvmod"} and up.head.i not in ev_ids:
            return False
        if up.dep_ == "pobj" and up.head.lower_ in TEMPORAL_PREPOSITIONS:
            return False  # "after Munich": a time marker, not the clause's event
        if up.dep_ == "pobj" and up.head.head.i == verb.i and objects and up.head.lower_ in {"for", "about", "of"}:
            return False  # "signed Directive 21 for Operation Barbarossa": the verb's object is another noun
        if up.pos_ in {"NOUN", "PROPN"} and up.i not in ev_ids and up.dep_ not in {"appos", "conj"}:
            return False
        if up.pos_ in {"VERB", "AUX"} and up.dep_ in {"advcl", "conj", "ccomp", "parataxis"}:
            return False  # the event is told in another clause than the one the date belongs to
        up = up.head
    return True


def names_event(noun, ev_ids: set[int]) -> bool:
    """Whether a noun names an event by its "of"/"at"/"in" phrase ("the signing of the treaty", "victory at
    Khalkhin Gol"): an event noun (cues.EVENT_NOUNS) whose phrase's object is the event's head."""
    return noun.pos_ == "NOUN" and noun.lemma_.lower() in EVENT_NOUNS and any(
        c.dep_ == "prep" and c.lower_ in EVENT_NOUN_PREPOSITIONS and any(g.dep_ == "pobj" and g.i in ev_ids
                                                                          for g in c.children)
        for c in noun.children)


def shares_subject(verb, other) -> bool:
    """A verb joined to another by "and" with no subject or auxiliary of its own ("was tried and shot")."""
    return other is not None and verb.dep_ == "conj" and verb.head.i == other.i and not any(
        c.dep_ in {"nsubj", "nsubjpass", "expl", "aux", "auxpass"} for c in verb.children)


def _verb_of(tok):
    """The token itself when a verb, else its nearest verb ancestor (None for a verbless fragment)."""
    return next((t for t in (tok, *tok.ancestors) if t.pos_ in {"VERB", "AUX"}), None)


def cue_in_next_predicate(parsed: Parsed, d: DateClaim, cue_start: int) -> bool:
    """Whether a cue word after a date belongs to the next predicate, not the date's: the cue's verb is a conjunct of
    the date's verb ("Hindenburg was elected in 1925 and re-elected in 1932"), not the date's verb itself ("in 1925
    and 1932 he was re-elected") nor a verb of a coordinated subject ("France and Belgium marched ...")."""
    date_tok, cue_tok = parsed.root(d.start, d.end), parsed.root(cue_start, cue_start + 1)
    if date_tok is None or cue_tok is None:
        return False
    date_verb, cue_verb = _verb_of(date_tok), _verb_of(cue_tok)
    if date_verb is None or cue_verb is None or date_verb.i == cue_verb.i:
        return False
    return cue_verb in date_verb.conjuncts


def date_of_other_phase(parsed: Parsed, d: DateClaim, fact_cues: tuple[str, ...], events: list[_Mention]) -> bool:
    """A date whose verb is another phase of an event ("The treaty was renewed in 1926"), not one of its cues; a date
    on the event's own name ("the Treaty of Rapallo of 1924 ended ...") is the event's."""
    tok = date_head(parsed, d)
    if tok is None:
        return False
    ev_ids = {t.i for m in events for t in parsed.tokens(m.start, m.end)}
    for a in tok.ancestors:
        if a.i in ev_ids:
            return False
        if a.pos_ in {"VERB", "AUX"}:
            return _phase_verb(a, fact_cues)
    return False


def _phase_verb(verb, fact_cues: tuple[str, ...]) -> bool:
    """A verb of another phase of an event (renewed, ratified, ended, a sum in it fixed), unless it is one of the
    fact's own cue words; "broke out" and "set up" start an event, "broke" alone ends one."""
    if any(c.dep_ == "prt" and c.lower_ in {"out", "up"} for c in verb.children):
        return False  # "broke out", "set up": the start of an event
    return verb.lemma_.lower() in PHASE_VERBS and verb.lower_ not in fact_cues and verb.lemma_.lower() not in fact_cues


def sequence_is_list(parsed: Parsed, first: _Mention, second: _Mention) -> bool:
    """Two events that are items of one list ("the Rhineland, Manchuria and Munich"), not a sequence."""
    a, b = parsed.root(first.start, first.end), parsed.root(second.start, second.end)
    if a is None or b is None:
        return False
    return b in a.conjuncts or a in b.conjuncts


# Adverbs in -ly that time, order or stress an act rather than say how it was done: "never officially joined" still
# denies the joining.
_NOT_MANNER = frozenset({"only", "early", "finally", "eventually", "immediately", "actually", "formally", "officially",
                         "initially", "originally", "subsequently", "directly", "publicly", "openly"})
_DEGREE = frozenset({"really", "fully", "properly", "truly", "genuinely", "entirely", "completely", "quite"})


def denies_how(tok) -> bool:
    """A denial whose verb carries an adverb of manner or degree ("never joined the League willingly", "never really
    joined"): what is denied is how, not whether."""
    verb = tok if tok.pos_ in {"VERB", "AUX"} else next((a for a in tok.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    return verb is not None and any(
        c.dep_ == "advmod" and (c.lower_ in _DEGREE or c.lower_.endswith("ly") and c.lower_ not in _NOT_MANNER)
        for c in verb.children)

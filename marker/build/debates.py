"""Debates: passages weighing one side against another give pairs of sides; recurring pairs become debates."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from marker.build.group import _embed
from marker.build.model import BUILD_DEFAULTS, DraftDebate, DraftPoint, DraftSide, Passage
from marker.build.name import clause_title, slug
from marker.build.segment import _Sentence, lemma_of_verb, parse

_SIDE_STOP = re.compile(
    r"[,;:.()\u2014\u2013]|\b(?:during|which|that|who|while|when|because|as|in|at|by|for|with|of|on|to|and|but|"
    r"often|was|were|is|are|had|has|have|this|it|the|a|an|its|their|his|her|before|after|until|into|from|over|"
    r"did|do|does|could|would|made|make|caused|cause|more|less|war|others?|some)\b",
    re.IGNORECASE,
)
_PAIR_PATTERNS = (
    # "X versus Y", "X vs Y"
    re.compile(r"(?P<a>[\w’'\- ]{3,60}?)\s+(?:versus|vs\.?)\s+(?P<b>[\w’'\- ]{3,60})", re.IGNORECASE),
    # "the tension / balance / interplay / choice between X and Y", "balance X and Y"
    re.compile(r"\b(?:tension|balance|interplay|choice|conflict|struggle)\s+(?:between|of)?\s*"
               r"(?P<a>[\w’'\- ]{3,60}?)\s+and\s+(?P<b>[\w’'\- ]{3,60})", re.IGNORECASE),
    # "evolved / shifted / moved from X to Y"
    re.compile(r"\b(?:evolved|shifted|moved|turned|changed|swung|went)\s+from\s+(?P<a>[\w’'\- ]{3,60}?)\s+to\s+"
               r"(?P<b>[\w’'\- ]{3,60})", re.IGNORECASE),
    # "prioritised X over Y", "X took precedence over Y", "abandonment of X in favour of Y", "X rather than Y"
    re.compile(r"(?P<a>[\w’'\- ]{3,60}?)\s+(?:took precedence over|over|rather than|instead of|in favour of|"
               r"in favor of|at the expense of|more than)\s+(?P<b>[\w’'\- ]{3,60})", re.IGNORECASE),
)
_WEIGHING = re.compile(r"\b(?:priorit|precedence|favou?r|rather|instead|expense|abandon|evolved|shifted|tension|"
                       r"balance|interplay|versus|vs)\w*", re.IGNORECASE)
# Explicit debates: a source that says outright that the question is open. One passage is enough for these.
_EXPLICIT_PATTERNS = (
    # "whether X or Y", "whether the Republic was doomed or ..."
    re.compile(r"\bwhether\s+(?P<a>[\w’'\- ]{3,60}?)\s+or\s+(?:whether\s+)?(?P<b>[\w’'\- ]{3,60})", re.IGNORECASE),
    # "inevitable or avoidable", "doomed ... or contingent": two adjectives set against each other
    re.compile(r"\b(?P<a>inevitable|doomed|avoidable|planned|accidental|deliberate|contingent|structural|"
               r"intentional|long[- ]term|short[- ]term)\b[\w’'\- ,.]{0,40}?\bor\s+(?P<b>[\w’'\- ]{3,60})",
               re.IGNORECASE),
)
# "To what extent X ...", "how far X ...": one side is X, the other everything else.
_EXTENT = re.compile(r"\b(?:to what extent|how far|how important)\s+(?:was|were|did|do|does|is|are)?\s*"
                     r"(?P<a>[\w’'\- ]{3,80})", re.IGNORECASE)
# "Historians disagree about (the role of) X", "historians are divided over X": X against the other factors.
_DISAGREE = re.compile(r"\b(?:(?:disagree|are divided|differ|debated?)\s+(?:about|over|on|as to)|(?:have|has)\s+"
                       r"(?:long\s+)?debated)\s+"
                       r"(?!(?:the\s+)?(?:causes?|reasons?|origins?)\b)(?:the\s+)?"  # an event's causes name no side
                       r"(?:role|importance|significance|extent|impact)?\s*(?:of\s+)?"
                       r"(?P<a>[\w’'\- ]{3,80})", re.IGNORECASE)
# "Some historians argue X. On the other hand, others stress Y."
_OTHER_HAND = re.compile(r"^\s*(?:on the other hand|by contrast|in contrast|others?\s+(?:historians\s+)?"
                         r"(?:argue|stress|emphasi[sz]e|claim|believe|see))\b[\s,]*", re.IGNORECASE)
# "However, some historians argue that X", "Critics contended that X": a counter-claim to what the sentence before
# states, in the notes' own voice (no "argue" there); its sides are the two clauses. Read from the parse
# (`_counter_claim`): a verb of claiming whose subject is a group of people.
_CONTRAST_OPENERS = frozenset({"however", "but", "yet", "nevertheless", "nonetheless"})
_CLAIM_VERBS = frozenset({"argue", "claim", "believe", "contend", "suggest", "maintain", "insist"})
_SOME = frozenset({"some", "other", "many", "several", "few"})  # a part of a group, set against the rest
_OPPONENTS = frozenset({"critic", "other", "revisionist", "opponent", "sceptic", "skeptic"})  # a side by itself
_CLAIM_STEM = re.compile(r"\b(?:argu|claim|believ|contend|suggest|maintain|insist)", re.IGNORECASE)
_CLAIM = re.compile(r"\b(?:argues?|argued|stress(?:es|ed)?|emphasi[sz]e[sd]?|claims?|claimed|believes?|believed|"
                    r"sees?|saw|blames?|blamed|points? to|pointed to|holds?|held)\b(?:\s+that)?\s+", re.IGNORECASE)
# "X blamed A, but Y argued B", "some have blamed A, and others have blamed B": two claims set against each other
# within one sentence (each half must make a claim of its own).
_CLAIM_SPLIT = re.compile(r",?\s+(?:but|whereas|while)\s+|,?\s+and\s+(?=others?\b)|;\s+", re.IGNORECASE)
_SHORT = re.compile(r"\b(?:in the short[- ]term|short[- ]term|in the short run|at first|initially)\b", re.IGNORECASE)
_LONG = re.compile(r"\b(?:in the long[- ]term|long[- ]term|in the long run|ultimately|in the end|eventually)\b",
                   re.IGNORECASE)


_WEIGHING_VERB = re.compile(r"(?:priorit|favou?r|prefer|emphasi[sz]|put|placed|chose|valued)\w*", re.IGNORECASE)
_GENERIC_HEADS = frozenset("need needs promotion pursuit importance aim aims goal idea desire priority".split())


def _side_phrase(text: str, from_end: bool) -> str:
    """The few words next to a weighing connective: the side it names ("the need for security" -> "security")."""
    parts = [p.strip() for p in _SIDE_STOP.split(text) if p and p.strip()]
    if not parts:
        return ""
    if not from_end and len(parts) > 1 and parts[0].lower() in _GENERIC_HEADS:
        parts = parts[1:]
    piece = parts[-1] if from_end else parts[0]
    words = piece.split()
    words = words[-3:] if from_end else words[:3]
    while len(words) > 1 and _WEIGHING_VERB.fullmatch(words[0]):
        words = words[1:]  # "prioritised security" names the side "security"
    return " ".join(words).strip(" -’'").lower()


@dataclass(frozen=True)
class _Weighing:
    passage: Passage
    a: str
    b: str
    temporal: bool
    explicit: bool = False  # the source says outright that this is debated
    # for a claim set against a claim ("X blamed A, but Y argued B"): the paragraph (document, number) it is in
    paragraph: tuple[str, int] | None = None
    against: Passage | None = None  # a counter-claim's sentence before, whose clause is the other side


def _claimed(text: str) -> str:
    """The side a sentence argues for: the words after "argue that", "stress", ... or after its connective."""
    text = _OTHER_HAND.sub("", text)
    m = _CLAIM.search(text)
    return _side_phrase(text[m.end():] if m else text, from_end=False)


def _contrasted_claims(text: str) -> tuple[str, str] | None:
    """The two sides of a sentence that sets one claim against another, or None."""
    halves = _CLAIM_SPLIT.split(text, maxsplit=1)
    if len(halves) != 2 or not all(_CLAIM.search(h) for h in halves):
        return None
    a, b = _claimed(halves[0]), _claimed(halves[1])
    return (a, b) if a and b and a != b else None


def _countered(stated: str, counter: str) -> tuple[str, str] | None:
    """The two sides of a counter-claim ("However, some historians argue that X") against the sentence before it:
    the clause each makes, read from the parse (the claim inside "argue that"), or None when either has none."""
    a, b = clause_title(stated), clause_title(_COUNTER_OPENING.sub("", counter))
    a, b = (c[:1].lower() + c[1:] if c and not c[1:2].isupper() else c for c in (a, b))
    return (a, b) if a and b and a.lower() != b.lower() else None


def _counter_claim(text: str) -> bool:
    """Whether a sentence reports a counter-claim, read from its parse: its main verb is a verb of claiming ("argue",
    "contend") whose subject is part of a group of people ("some historians", "other writers", "a few scholars")
    after an opening "however" or "but", or a group that is a side by itself ("critics", "others", "revisionists")."""
    if not _CLAIM_STEM.search(text):
        return False  # no verb of claiming at all: no parse needed
    doc = parse(text)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or lemma_of_verb(root).lower() not in _CLAIM_VERBS:
        return False
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    if lemma_of_verb(subject).lower() in _OPPONENTS:
        return True
    part = subject.lower_ in _SOME or any(c.dep_ in ("det", "amod") and c.lower_ in _SOME for c in subject.children)
    opens = next((t for t in doc if not t.is_punct), None)
    return part and opens is not None and opens.lower_ in _CONTRAST_OPENERS


_COUNTER_OPENING = re.compile(r"^\s*(?:however|but|yet|nevertheless|nonetheless)\b[\s,]+", re.IGNORECASE)


def names_debate(text: str) -> bool:
    """The sentence names a debate rather than arguing one side of it ("whether X or Y", "inevitable ... or
    avoidable", "Debate 2: X versus Y", "historians disagree about X"): it feeds the debates, and makes no point of
    its own."""
    return any(p.search(text) for p in (*_EXPLICIT_PATTERNS, _PAIR_PATTERNS[0], _DISAGREE))


def _explicit(sentences: Sequence[_Sentence]) -> list[_Weighing]:
    found = []
    previous: _Sentence | None = None
    for s in sentences:
        text = s.passage.text
        if (pair := _contrasted_claims(text)) is not None:
            found.append(_Weighing(s.passage, *pair, False, True, (s.passage.document, s.paragraph)))
            previous = s
            continue
        for pattern in _EXPLICIT_PATTERNS:
            m = pattern.search(text)
            if m:
                a, b = _side_phrase(m.group("a"), from_end=False), _side_phrase(m.group("b"), from_end=False)
                if a and b and a != b:
                    found.append(_Weighing(s.passage, a, b, False, True))
                    break
        else:
            m = _EXTENT.search(text) or _DISAGREE.search(text)
            if m and (a := _side_phrase(m.group("a"), from_end=False)):
                found.append(_Weighing(s.passage, a, "other factors", False, True))
            elif (previous is not None and previous.passage.document == s.passage.document
                  and _counter_claim(text) and (pair := _countered(previous.passage.text, text)) is not None):
                found.append(_Weighing(s.passage, *pair, False, True, against=previous.passage))
            elif (previous is not None and previous.passage.document == s.passage.document
                  and _OTHER_HAND.match(text) and _CLAIM.search(previous.passage.text)):
                a, b = _claimed(previous.passage.text), _claimed(text)
                if a and b and a != b:
                    found.append(_Weighing(s.passage, a, b, False, True))
        previous = s
    return found


def _weighings(sentences: Sequence[_Sentence]) -> list[_Weighing]:
    found = _explicit(sentences)
    taken = {w.passage for w in found}
    for s in sentences:
        text = s.passage.text
        short, long_ = _SHORT.search(text), _LONG.search(text)
        if short and long_ and short.start() < long_.start():
            a = _side_phrase(text[short.end(): long_.start()], from_end=False)
            b = _side_phrase(text[long_.end():], from_end=False)
            found.append(_Weighing(s.passage, a or "short term", b or "long term", True))
            continue
        if s.passage in taken or not _WEIGHING.search(text):
            continue
        for pattern in _PAIR_PATTERNS:
            m = pattern.search(text)
            if not m:
                continue
            a = _side_phrase(m.group("a"), from_end=True)
            b = _side_phrase(m.group("b"), from_end=False)
            if a and b and a != b and any(len(w) > 3 for w in a.split()) and any(len(w) > 3 for w in b.split()):
                # "X versus Y" names the debate outright, like "whether X or Y"
                found.append(_Weighing(s.passage, a, b, False, pattern is _PAIR_PATTERNS[0]))
                break
    return found


def _side_concepts(phrases: Sequence[str]) -> dict[str, int]:
    """Side phrases grouped into concepts: single-link on embedding similarity ("world revolution" ~ "exporting
    revolution")."""
    vectors = _embed(phrases)
    sims = vectors @ vectors.T
    concept = list(range(len(phrases)))

    def root(i: int) -> int:
        while concept[i] != i:
            i = concept[i]
        return i

    for i in range(len(phrases)):
        for j in range(i + 1, len(phrases)):
            if sims[i, j] >= BUILD_DEFAULTS["side_similarity"]:
                a, b = root(i), root(j)
                concept[max(a, b)] = min(a, b)
    return {p: root(i) for i, p in enumerate(phrases)}


def _label(phrases: Sequence[str]) -> str:
    counts = Counter(phrases)
    return min(counts, key=lambda p: (-counts[p], len(p), p))


def _one_debate_per_paragraph(groups: list[tuple[tuple[int, int], list[_Weighing]]]
                              ) -> list[tuple[tuple[int, int], list[_Weighing]]]:
    """A paragraph that sets several claims against each other ("the Treaty blamed A, but Fay argued B. ... Some
    historians have blamed C, and others have blamed D.") reviews one question's historiography: its debates are one
    debate, the paragraph's first claim against the alternatives (later pairs join the group of the first)."""
    def paragraph(members: list[_Weighing]) -> tuple[str, int] | None:
        where = {w.paragraph for w in members}
        return where.pop() if len(where) == 1 else None

    first: dict[tuple[str, int], int] = {}
    for k, (_, members) in enumerate(groups):
        if (where := paragraph(members)) is not None:
            start = min(w.passage.start for w in members)
            if where not in first or start < min(w.passage.start for w in groups[first[where]][1]):
                first[where] = k
    out: list[tuple[tuple[int, int], list[_Weighing]]] = []
    joined: dict[int, list[_Weighing]] = {}
    for k, (key, members) in enumerate(groups):
        where = paragraph(members)
        if where is None or first[where] == k:
            out.append((key, joined.setdefault(k, list(members))))
    for k, (_, members) in sorted(enumerate(groups), key=lambda kv: min(w.passage.start for w in kv[1][1])):
        where = paragraph(members)
        if where is not None and first[where] != k:
            joined[first[where]].extend(members)
    for members in joined.values():
        if paragraph(members) is not None:
            members.sort(key=lambda w: w.passage.start)  # the paragraph's first claim first
    return out


def _lone_claims(members: Sequence[_Weighing], sentences: Sequence[_Sentence]) -> list[tuple[Passage, str]]:
    """In a paragraph debate, the other sentences of the paragraph that make one claim ("Taylor blamed a German
    bid ..."): each passage with the side it claims."""
    where = members[0].paragraph
    if where is None:
        return []
    taken = {w.passage for w in members}
    out = []
    for s in sentences:
        if (s.passage.document, s.paragraph) == where and s.passage not in taken and _CLAIM.search(s.passage.text):
            if side := _claimed(s.passage.text):
                out.append((s.passage, side))
    return out


def _sides(members: Sequence[_Weighing], key: tuple[int, int], concepts: dict[str, int]
           ) -> tuple[list[str], list[str]]:
    """Each weighing's two phrases on the debate's two sides. A phrase of side A's concept (or of B's) goes to that
    side; a group with no concepts of its own (sides near in meaning, key < 0) takes each pair in order. A
    paragraph's debate is anchored on its first claim (its first half is A), and a later pair naming neither side
    is two alternatives to A, so both go to B."""
    ordered = members[0].paragraph is not None
    anchor = (concepts[members[0].a], concepts[members[0].b]) if ordered else key
    side_a, side_b = [], []
    for w in members:
        ca: int | None = concepts[w.a]
        cb: int | None = concepts[w.b]
        if anchor[0] == anchor[1] and w is not members[0]:
            ca = cb = None  # the first pair's sides are one concept: no later phrase can be told to belong to A
        if w is members[0] and ordered or key[0] < 0 and not ordered or ca == anchor[0] or cb == anchor[1]:
            side_a.append(w.a)
            side_b.append(w.b)
        elif cb == anchor[0] or ca == anchor[1]:
            side_a.append(w.b)
            side_b.append(w.a)
        else:
            side_b.extend([w.a, w.b])
    return side_a, side_b


def _draft_debates(sentences: Sequence[_Sentence], points: Sequence[DraftPoint], point_vectors: np.ndarray,
                   taken: Iterable[str]) -> list[DraftDebate]:
    """Debates from weighing passages: recurring pairs of side concepts, then single weighings that share a side
    with a debate join it; "short term ... ultimately" passages make one debate of their own."""
    weighings = _weighings(sentences)
    need = BUILD_DEFAULTS["min_debate_passages"]
    plain = [w for w in weighings if not w.temporal]
    concepts = _side_concepts(sorted({w.a for w in plain} | {w.b for w in plain})) if plain else {}
    pairs: dict[tuple[int, int], list[_Weighing]] = defaultdict(list)
    named: dict[tuple[str, str], tuple[int, int]] = {}  # the same two phrases named twice are one debate
    for w in plain:
        ca, cb = concepts[w.a], concepts[w.b]
        if ca != cb:
            pairs[(min(ca, cb), max(ca, cb))].append(w)
        elif w.explicit:  # "whether religion or money": sides near in meaning, but the source sets them apart
            phrases = (min(w.a, w.b), max(w.a, w.b))
            pairs[named.setdefault(phrases, (-2 * len(pairs) - 1, -2 * len(pairs) - 2))].append(w)
    paired: list[tuple[tuple[int, int], list[_Weighing]]] = []
    leftovers = []
    for pair, members in sorted(pairs.items(), key=lambda kv: (-len({w.passage for w in kv[1]}), kv[0])):
        if len({w.passage for w in members}) >= need or any(w.explicit for w in members):
            paired.append((pair, list(members)))
        else:
            leftovers.extend(members)
    for w in leftovers:
        ca, cb = concepts[w.a], concepts[w.b]
        for pair, members in paired:
            if ca in pair or cb in pair:
                members.append(w)
                break
    groups: list[tuple[tuple[int, int] | None, list[_Weighing]]] = list(_one_debate_per_paragraph(paired))
    temporal = [w for w in weighings if w.temporal]
    if len({w.passage for w in temporal}) >= need:
        groups.append((None, temporal))
    groups.sort(key=lambda g: (-len({w.passage.document for w in g[1]}), -len(g[1]), g[1][0].passage.text))

    debates, taken = [], list(taken)
    for key, members in groups[: BUILD_DEFAULTS["max_debates"]]:
        extra: list[Passage] = []
        if key is None:
            side_a, side_b = [w.a for w in members], [w.b for w in members]
            label_a, label_b = "Short-term", "Long-term"
            cues_a = ["short term", "short-term", "in the short run", *side_a]
            cues_b = ["long term", "long-term", "in the long run", "ultimately", *side_b]
        else:
            side_a, side_b = _sides(members, key, concepts)
            label_a = _label([p for p in side_a if concepts[p] == key[0]] or side_a)
            label_b = _label([p for p in side_b if concepts[p] == key[1]] or side_b)
            cues_a, cues_b = list(side_a), list(side_b)
            if members[0].paragraph is not None:  # a paragraph's debate: its first claim against the rest
                label_a, label_b = side_a[0], side_b[0]
                stems = {w[:5] for p in side_a for w in p.split() if len(w) > 3}
                for passage, side in _lone_claims(members, sentences):  # restating the first claim, or another
                    (cues_a if stems & {w[:5] for w in side.split() if len(w) > 3} else cues_b).append(side)
                    extra.append(passage)
        sides = []
        for label, cues in ((label_a, cues_a), (label_b, cues_b)):
            cue_vector = _embed([" ".join(dict.fromkeys(cues))])[0]
            near = np.argsort(-(point_vectors @ cue_vector), kind="stable")[:3] if len(points) else np.array([], dtype=int)
            sides.append(DraftSide(label[:1].upper() + label[1:], tuple(dict.fromkeys(c for c in cues if c)),
                                   tuple(points[int(k)].id for k in near)))
        title = f"{sides[0].label} or {sides[1].label.lower()}?"
        did = slug("debate-" + slug(sides[0].label) + "-vs-" + slug(sides[1].label), taken)
        taken.append(did)
        passages = tuple(dict.fromkeys([*(p for w in members for p in (w.against, w.passage) if p), *extra]))
        debates.append(DraftDebate(did, title, (sides[0], sides[1]), passages))
    return debates



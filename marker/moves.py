"""What each sentence does in the essay's argument, read from its grammar and its place in the essay.

An examiner credits a factor where the student explains it or uses evidence for it in an argument, not where it is
named. So every sentence gets:

- a role: `question` (a question line, an exam instruction, or the question restated), `heading` (a short line
  without a full stop), `signpost` (the writer announcing what they will do: "This essay will consider X, Y and Z",
  "Firstly, I will look at ...") or `argument`;
- `explains`: a causal, purpose or consequence clause on the dependency parse (an adverbial clause marked by
  "because", "since", "as" or "so that", a purpose infinitive, "which meant", "led to"), or the causal cues of
  marker/defaults.py;
- `evidences`: a date or a number;
- `self_explains` and `alone`, for quoting a sentence by itself (a strength in the feedback): it explains within
  itself (not only by an opening connective such as "So" or "Therefore" that points back to the sentence before),
  and its subject is not a pronoun pointing back ("This is why ...", "It failed");
- `weighs`: a concession ("although ..., ..."), a contrast between claims ("however", "on the other hand", "but"
  joining clauses, "whereas", "despite") or the answer to a rhetorical question ("But was this ...? Hardly, because
  ..."): the moves that set one side against the other;
- `lists`: the character spans of coordinated lists (three or more conjuncts, or two after "such as",
  "including", or in a signpost), where a name is only listed;
- `adjuncts`: the character spans of a clause's time or scene-setting adjuncts (a prepositional phrase fronted
  before its verb, "After Munich, ...", or a temporal one, "... during the purges"), where a name only dates or
  places what the sentence is about, and of the items of a string of reasons ("because X, because Y, because Z").

Only sentences that could matter (those naming or resembling some point, or carrying a contrast) are parsed, with
the parser package loaded once by marker/nlp.py. Nothing here is about a topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from marker.dates import count_dates
from marker.defaults import CAUSAL, CONTRAST, DEFAULTS
from marker.nlp import EssayDoc, sentence_parses

ROLES = ("argument", "question", "heading", "signpost")
_HEADING_MAX_WORDS = 8
_END = re.compile(r"[.!?:;]['\"’”)\]]*\s*$")
_QUESTION_END = re.compile(r"\?['\"’”)\]]*\s*$")
# Exam instructions that open a question line ("Assess the validity of this view", "To what extent ...").
_INSTRUCTION = re.compile(r"^\W*(?:assess|evaluate|discuss|explain|examine|consider|analyse|analyze|how far|"
                          r"to what extent|how (?:successful|significant|important|accurate|valid))\b", re.I)
# Verbs of announcing what an essay will do, when their subject is the writer or the essay ("I will look at").
_SIGNPOST_VERBS = frozenset({
    "consider", "examine", "discuss", "look", "explore", "assess", "analyse", "analyze", "evaluate", "cover",
    "outline", "address", "focus", "explain", "describe", "investigate", "begin", "start", "turn", "move", "talk",
    "write", "go", "mention", "study", "review", "weigh", "compare", "show", "identify",
})
_WRITER = frozenset({"i", "we", "essay", "answer", "paragraph", "section", "piece", "introduction", "conclusion"})
_CAUSAL_MARKS = frozenset({"because", "since", "as", "so", "cause", "'cause"})
_CONSEQUENCE_VERBS = frozenset({
    "mean", "lead", "result", "cause", "allow", "enable", "force", "ensure", "convince", "persuade", "prevent",
    "encourage", "weaken", "strengthen", "undermine", "prove", "demonstrate", "show", "suggest", "reveal",
    "explain", "motivate", "drive", "push", "provoke", "trigger", "contribute", "help", "make", "leave", "give",
    "raise", "increase", "reduce", "damage", "destroy", "protect", "secure", "gain", "win", "lose", "fail",
    "threaten", "worry", "fear", "isolate", "divide", "unite", "benefit", "hurt", "harm", "matter", "affect",
    "deepen", "worsen", "end", "ruin", "fuel", "spark", "restore", "sideline", "bring",
})
# The consequence verbs that explain when a sentence is quoted by itself: a cause and its effect ("the purges
# weakened the army", "this led to ..."), not the verbs of telling what happened ("gave", "won", "made", "lost").
_EXPLAINING_VERBS = frozenset({
    "mean", "lead", "result", "cause", "allow", "enable", "force", "ensure", "convince", "persuade", "prevent",
    "encourage", "motivate", "drive", "push", "provoke", "trigger", "contribute", "undermine", "weaken",
    "strengthen", "prove", "demonstrate", "show", "suggest", "reveal", "explain",
})
# Of those, the verbs that explain only with a clause after them ("this meant that ..."); with a noun they define.
_CLAUSE_VERBS = frozenset({"mean", "show", "prove", "suggest", "reveal", "demonstrate", "explain"})
_MOTIVE_VERBS = frozenset({"want", "aim", "hope", "seek", "intend", "try", "plan"})  # with "to ...": a motive
_INFERENCE = frozenset({"therefore", "thus", "hence", "consequently"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_CONCESSIVE_MARKS = frozenset({"although", "though", "whilst", "while", "whereas"})
_CONTRAST_WORDS = frozenset({"however", "nevertheless", "nonetheless", "conversely", "yet", "despite", "instead"})
_LIST_OPENERS = ("such as", "including", "like", "for example", "e.g.", "namely")
_TEMPORAL_PREPS = frozenset({"after", "before", "during", "following", "since", "until", "till", "throughout"})
# A fronted phrase giving a cause ("Because of Munich, ...", "As a result of Munich, ...") is the argument itself.
_CAUSAL_PREPS = frozenset({"because", "due", "owing", "thanks"})
_CAUSAL_NOUNS = frozenset({"result", "consequence"})
# Words that open the answer to a rhetorical question ("Hardly, because ...").
_ANSWER = re.compile(r"^\W*(?:hardly|no|yes|not|partly|perhaps|certainly|clearly|arguably|only|to (?:some|a) "
                     r"(?:large |great |limited )?extent|in part|up to a point|not really|the answer)\b", re.I)
_NUMBER = re.compile(r"\b\d[\d,.]*\b")
# Words that open a sentence by tying it to the one before: the explaining is done there, not in this sentence.
_CONNECTIVES = frozenset({"so", "therefore", "thus", "hence", "consequently", "accordingly", "then"})
_POINTING_BACK = frozenset({"this", "that", "these", "those", "it"})


@dataclass(frozen=True)
class Argument:
    """Per-sentence reading of an essay's argument (arrays indexed like EssayDoc.sentences)."""

    role: tuple[str, ...]
    explains: np.ndarray
    evidences: np.ndarray
    weighs: np.ndarray
    answers: np.ndarray  # the sentence answers a rhetorical question just before it
    lists: tuple[tuple[tuple[int, int], ...], ...]  # essay character spans of coordinated lists
    paragraph: np.ndarray  # paragraph number of each sentence
    # per sentence: the essay character span of the clause a weighing sentence sets against the rest of itself
    # (the concessive clause, the clause after "but", the term after "than"), or None
    turns: tuple[tuple[int, int] | None, ...] = ()
    adjuncts: tuple[tuple[tuple[int, int], ...], ...] = ()  # spans of time/scene adjuncts and strings of reasons
    self_explains: tuple[bool, ...] = ()  # explains within itself, not only by an opening connective
    alone: tuple[bool, ...] = ()  # its subject is not a pronoun pointing back to the sentence before

    @staticmethod
    def empty() -> Argument:
        none = np.zeros(0, dtype=bool)
        return Argument((), none, none, none, none, (), np.zeros(0, dtype=int), ())

    def argues(self, about: np.ndarray) -> np.ndarray:
        """Of the sentences `about` a point, those that argue it: in the argument (not a question line, heading or
        signpost) and explaining it, or giving evidence (a date, a number) beside a sentence of the same paragraph
        that explains. A bare fact that nothing around it explains is not an argument."""
        if len(self.role) == 0:
            return np.zeros(0, dtype=bool)
        own = about & np.array([r == "argument" for r in self.role])
        explaining = self.explains | self.answers
        same = self.paragraph[1:] == self.paragraph[:-1]
        beside = np.zeros_like(explaining)
        beside[1:] |= explaining[:-1] & same
        beside[:-1] |= explaining[1:] & same
        return own & (explaining | self.evidences & beside)


def _heading(text: str, sentence_text: str, end: int) -> bool:
    words = re.findall(r"\w+", sentence_text)
    at_line_end = end >= len(text.rstrip()) or text[end:end + 2].lstrip(" \t")[:1] in {"\n", ""}
    return at_line_end and not _END.search(sentence_text) and len(words) <= _HEADING_MAX_WORDS


def _signpost(sent) -> bool:
    """The writer or the essay as subject of an announcing verb, future or present ("This essay will consider",
    "In this paragraph I look at", "Let us turn to")."""
    for tok in sent:
        if tok.pos_ not in {"VERB", "AUX"} or tok.lemma_.lower() not in _SIGNPOST_VERBS:
            continue
        subjects = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
        writer = any(c.lower_ in _WRITER or c.lemma_.lower() in _WRITER for c in subjects)
        if not subjects and tok.head.lemma_.lower() == "let":
            return True
        future = any(c.dep_ == "aux" and c.lower_ in {"will", "shall", "'ll", "would"} for c in tok.children)
        going = tok.head.lower_ == "going" or any(c.lower_ == "going" for c in tok.children)
        essay_subject = any(c.lemma_.lower() in _WRITER - {"i", "we"} for c in subjects)
        if writer and (future or going or essay_subject):
            return True
    return False


def _opening_connective(sent) -> int | None:
    """The index of an opening connective that ties the sentence to the one before ("So ...", "Therefore, ...")."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if words and words[0].lower_ in _CONNECTIVES and words[0].dep_ in {"advmod", "cc", "mark", "prep", "dep"}:
        return words[0].i
    return None


def _self_explains(sent) -> bool:
    """Explains within itself, read from the parse: a causal or purpose clause, a cause phrase ("because of", "due
    to"), a "therefore" inside the sentence, a verb of cause and effect, a motive ("wanted to ..."). Not an opening
    connective ("So ..."), nor a cue word that only announces a reason ("there were many reasons why ...", "Next aim
    was ..."), nor "means" as a definition ("Mein Kampf means My Struggle"), nor a fragment without a finite verb."""
    if not any(t.tag_ in _FINITE for t in sent):
        return False
    opening = _opening_connective(sent)
    for tok in sent:
        if tok.i == opening:
            continue
        low, lemma, kids = tok.lower_, tok.lemma_.lower(), {c.dep_ for c in tok.children}
        if tok.dep_ == "mark" and low in _CAUSAL_MARKS and tok.head.dep_ in {"advcl", "ccomp", "conj", "ROOT"}:
            return True
        if low in _CAUSAL_PREPS and tok.i + 1 < sent.end and sent.doc[tok.i + 1].lower_ in {"of", "to"}:
            return True
        if low in _INFERENCE and tok.dep_ == "advmod" or low == "order" and tok.i > 0 and tok.nbor(-1).lower_ == "in":
            return True
        if low == "to" and tok.dep_ == "aux" and tok.head.dep_ == "advcl":  # a purpose infinitive
            return True
        if low == "so" and tok.dep_ in {"cc", "advmod", "mark"} and tok.head.pos_ in {"VERB", "AUX"} \
                and tok.i + 1 < sent.end and sent.doc[tok.i + 1].pos_ not in {"ADJ", "ADV", "DET"}:
            return True
        if tok.pos_ not in {"VERB", "AUX"} or tok.dep_ not in {"advcl", "relcl", "ccomp", "xcomp", "ROOT", "conj"}:
            continue
        if lemma in _CLAUSE_VERBS and kids & {"ccomp", "xcomp"} or lemma in _MOTIVE_VERBS and "xcomp" in kids:
            return True
        if lemma in _EXPLAINING_VERBS and lemma not in _CLAUSE_VERBS and kids & {"dobj", "ccomp", "prep", "xcomp"}:
            return True
    return False


def _alone(sent) -> bool:
    """It has a finite verb, and its main clause's subject neither is nor holds a pronoun pointing back ("This is why
    ...", "It failed", "The reason for this was ..."), so the sentence can be quoted by itself."""
    if not any(t.tag_ in _FINITE for t in sent):  # a heading or a fragment ("Factor 1: The Depression.")
        return False
    roots = [t for t in sent if t.dep_ == "ROOT"]
    subjects = [c for r in roots for c in r.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}]
    return not any(t.lower_ in _POINTING_BACK and t.tag_ in {"DT", "PRP"} and t.dep_ != "det"
                   for c in subjects for t in c.subtree)


def _explains(sent) -> bool:
    for tok in sent:
        low = tok.lower_
        if tok.dep_ == "mark" and low in _CAUSAL_MARKS and tok.head.dep_ in {"advcl", "ccomp", "conj", "ROOT"}:
            return True
        if tok.dep_ in {"advcl", "relcl", "ccomp", "xcomp", "ROOT", "conj"} and tok.lemma_.lower() in _CONSEQUENCE_VERBS \
                and any(c.dep_ in {"dobj", "ccomp", "prep", "xcomp", "nsubj"} for c in tok.children):
            return True
        if low == "to" and tok.dep_ == "aux" and tok.head.dep_ == "advcl":  # a purpose infinitive
            return True
        if low == "so" and tok.dep_ in {"cc", "advmod", "mark"} and tok.head.pos_ in {"VERB", "AUX"} \
                and tok.i + 1 < len(sent.doc) and sent.doc[tok.i + 1].pos_ not in {"ADJ", "ADV", "DET"}:
            return True
        if low == "order" and tok.i > 0 and sent.doc[tok.i - 1].lower_ == "in":
            return True
    return False


def _span(first, last) -> tuple[int, int]:
    return first.idx, last.idx + len(last.text)


def _weighs(sent) -> tuple[bool, tuple[int, int] | None]:
    """Whether the sentence weighs (a concession, a contrast, a comparison), and the span (sentence offsets) of the
    clause it sets against the rest of the sentence, when the turn is inside the sentence."""
    weighs = False
    for tok in sent:
        low = tok.lower_
        if tok.dep_ == "mark" and low in _CONCESSIVE_MARKS and tok.head.dep_ == "advcl":
            return True, _span(tok.head.left_edge, tok.head.right_edge)
        if tok.i > sent.start and (low == "but" or low == "than" and tok.head.tag_ in {"JJR", "RBR"}):
            turn = [c for c in tok.head.children if c.i > tok.i and c.dep_ in {"conj", "pobj"}] if low == "but" \
                else [tok]
            if turn and (low == "than" or tok.head.pos_ in {"VERB", "AUX"} and turn[0].pos_ in {"VERB", "AUX"}):
                return True, _span(tok, turn[0].right_edge)
        if low in _CONTRAST_WORDS or low == "but" and tok.i == sent.start:
            weighs = True
    return weighs or bool(CONTRAST.search(sent.text)), None


def _lists(sent, base: int, signpost: bool) -> list[tuple[int, int]]:
    """Spans of coordinated noun phrases: a head noun with two or more conjuncts (three items), or one conjunct
    after "such as"/"including" or inside a signpost."""
    spans = []
    for tok in sent:
        if tok.dep_ == "conj" or tok.pos_ not in {"NOUN", "PROPN", "NUM"}:
            continue
        conjuncts = [tok, *[c for c in tok.conjuncts if c.i > tok.i]]
        if len(conjuncts) < 2:
            continue
        if tok.dep_ == "appos" and tok.head.pos_ in {"NOUN", "PROPN"}:  # "The Ruhr, hyperinflation, ... and X"
            conjuncts.append(tok.head)
        before = sent.doc[max(sent.start, tok.left_edge.i - 3): tok.left_edge.i].text.lower()
        if len(conjuncts) >= 3 or signpost or any(before.endswith(o) or f"{o} " in before for o in _LIST_OPENERS):
            lo = min(c.left_edge.idx for c in conjuncts if c.dep_ != "appos" or c is tok)
            last = max(conjuncts, key=lambda c: c.i)
            hi = last.right_edge.idx + len(last.right_edge.text)
            spans.append((base + lo, base + hi))
    return spans


def _adjuncts(sent, base: int) -> list[tuple[int, int]]:
    """Spans of a clause's time or scene-setting adjuncts: a prepositional phrase attached to a verb that comes
    before it ("After Munich, Stalin joined ...", but not a cause: "Because of Munich, ...") or opens with a
    preposition of time ("... after Munich"), and a bare noun phrase used as an adverb ("That year, ..."); and each
    item of a string of three or more reasons ("because X, because of Y, because Z"). A name inside one is not what
    the clause is about."""
    spans = []
    reasons = [tok for tok in sent if tok.lower_ == "because" and tok.dep_ in {"mark", "prep"}]
    if len(reasons) >= 3:  # "because X, because of Y, because Z": a list of reasons, each one only listed
        for tok in reasons:
            unit = tok.head if tok.dep_ == "mark" else tok
            spans.append((base + unit.left_edge.idx, base + unit.right_edge.idx + len(unit.right_edge.text)))
    for tok in sent:
        if tok.head.pos_ not in {"VERB", "AUX"} or tok.head.i == tok.i:
            continue
        causal = tok.lower_ in _CAUSAL_PREPS or any(c.lemma_.lower() in _CAUSAL_NOUNS for c in tok.children)
        fronted_pp = tok.dep_ == "prep" and tok.i < tok.head.i and not causal
        if fronted_pp or tok.dep_ == "prep" and tok.lower_ in _TEMPORAL_PREPS or tok.dep_ == "npadvmod":
            spans.append((base + tok.left_edge.idx, base + tok.right_edge.idx + len(tok.right_edge.text)))
    return spans


def read_argument(essay: EssayDoc, candidates: np.ndarray, question_like: np.ndarray,
                  title_like: np.ndarray) -> Argument:
    """Read every sentence's role and moves; only `candidates` (a boolean per sentence) are parsed.
    `question_like` marks sentences that restate the rubric's question (from their embedding), `title_like` those
    that reproduce a rubric point's title (read as headings)."""
    sents = essay.sentences
    n = len(sents)
    if n == 0:
        return Argument.empty()
    role = ["argument"] * n
    explains = np.array([bool(CAUSAL.search(s.text)) for s in sents])
    evidences = np.array([bool(count_dates(s.text) or _NUMBER.search(s.text)) for s in sents])
    weighs = np.zeros(n, dtype=bool)
    answers = np.zeros(n, dtype=bool)
    lists: list[tuple[tuple[int, int], ...]] = [()] * n
    turns: list[tuple[int, int] | None] = [None] * n
    adjuncts: list[tuple[tuple[int, int], ...]] = [()] * n
    self_explains, alone = [False] * n, [False] * n
    for i, s in enumerate(sents):
        if _heading(essay.text, s.text, s.end) or title_like[i]:
            role[i] = "heading"
        elif _QUESTION_END.search(s.text) or (i <= DEFAULTS["question_opening"] and _INSTRUCTION.match(s.text)) \
                or question_like[i]:
            role[i] = "question"
    todo = [i for i in range(n) if candidates[i] and role[i] != "heading"]
    for i, doc in sentence_parses(essay, todo).items():
        sent = doc[:]
        if role[i] == "argument" and _signpost(sent):
            role[i] = "signpost"
        explains[i] = explains[i] or _explains(sent)
        weighs[i], turn = _weighs(sent)
        turns[i] = (sents[i].start + turn[0], sents[i].start + turn[1]) if turn else None
        lists[i] = tuple(_lists(sent, sents[i].start, role[i] == "signpost"))
        adjuncts[i] = tuple(_adjuncts(sent, sents[i].start))
        self_explains[i], alone[i] = role[i] == "argument" and _self_explains(sent), _alone(sent)
    for i in range(1, n):
        if role[i - 1] == "question" and role[i] == "argument" and sents[i].paragraph == sents[i - 1].paragraph \
                and sents[i - 1].paragraph != sents[0].paragraph and (_ANSWER.match(sents[i].text) or explains[i]):
            answers[i] = weighs[i] = True
    in_argument = np.array([r == "argument" for r in role])
    explains, weighs = explains & in_argument, weighs & in_argument
    return Argument(tuple(role), explains, evidences, weighs, answers, tuple(lists),
                    np.array([s.paragraph for s in sents], dtype=int), tuple(turns), tuple(adjuncts),
                    tuple(self_explains), tuple(alone))

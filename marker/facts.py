"""Claims in an essay checked against the rubric's fact base.

A teacher who sees one correct sentence marked wrong stops trusting the tool, so this module abstains whenever a
claim is hedged, negated, conditional, vague, outside the fact base or cannot be tied to one fact with confidence.
Nothing here knows the topic: names, aliases, dates, actors and sides all come from the rubric. What lives here is
how students write English: dates in every form, clause structure, and the cue words of signing, fighting, attending,
supporting and sequence.

The pipeline per sentence: tokens (with fuzzy-corrected proper names) -> mentions of entities and events (names,
"pact with X" and agent-verb-target frames) -> clause units -> date, person, side, sequence and outcome checks.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterable

from rapidfuzz import fuzz, process

from marker.defaults import HEDGE
from marker.nlp import EssayDoc, Sentence
from marker.rubric import DateSpec, Entity, Fact, Frame, Rubric

# Tunable numbers of the fact checker, in one place (the decision threshold itself is rubric.thresholds).
FACT_DEFAULTS = {
    "confidence_adjacent_date": 0.97,   # "the Nazi-Soviet Pact of 1938", "Munich (1937)"
    "confidence_clause_date": 0.93,     # date and event in the same clause
    "confidence_relative_date": 0.86,   # "a year later", resolved from an earlier date in the text
    "confidence_partial_date": 0.84,    # "on 22 July" with no year
    "confidence_day_only": 0.7,         # right month, wrong day: below the default threshold on purpose
    "confidence_person": 0.93,
    "confidence_side": 0.91,
    "confidence_absent": 0.9,
    "confidence_sequence": 0.88,
    "confidence_outcome": 0.86,
    "penalty_fuzzy": 0.04,              # a name matched only through a misspelling
    "penalty_inherited": 0.06,          # the event came from "which ..." or the previous sentence
    "fuzzy_min_length": 5,              # shorter words are never fuzzy-corrected
    "frame_verb_gap": 4,                # tokens allowed between a frame's verb and its target
    "frame_agent_gap": 6,               # tokens allowed between a frame's agent and its verb
    "verbless_frame_gap": 8,            # tokens allowed between agent and target when a frame has no verb
    "cue_after_gap": 5,                 # words allowed between a date and a cue word after it ("In 1935 the USSR signed")
    "clause_tie_gap": 8,                # at most this many words between an event and a date it is tied to
    "adjacent_gap": 2,                  # tokens between a date and an event name to count as adjacent
    "role_gap": 8,                      # tokens between a person and the verb that gives them a role
    "sequence_gap": 3,                  # tokens between a sequence connector and the event it introduces
    "relative_anchor_sentences": 1,     # how many sentences back "a year later" may look for its date
}

# ---------------------------------------------------------------------------------------------------------------
# English cue words (not topic knowledge).

_SKIP_TOKENS = frozenset({"the", "-", "–", "'", "’", ".", "‘", '"', "“", "”"})
_NEGATION = re.compile(
    r"\b(?:not|never|no|nor|neither|without|n't|cannot|excluded|exclusion|left\s+out|shut\s+out|ignored|absence|"
    r"absent|instead\s+of|rather\s+than|uninvited|snubbed|failed\s+to\s+invite)\b|n['’]t\b",
    re.IGNORECASE,
)
_ENDING = re.compile(r"\b(?:broke|broken|breaking|ended|ending|end|collapsed|lasted|failed|tore\s+up|torn\s+up|"
                     r"violated|abandoned|cancelled|renounced|over|expired|finished|until|till)\b", re.IGNORECASE)
_REFUSAL = re.compile(r"\b(?:refus\w*|declin\w*|reject\w*|unwilling|reluctant\w*|forb[ia]d\w*|opposed|resist\w*)\b",
                      re.IGNORECASE)
_DATE_NEGATION = re.compile(r"\b(?:not|never|n't|neither|nor)\b|n['’]t\b", re.IGNORECASE)
_NOT_UNTIL = re.compile(r"\b(?:not|n['’]t)\b[^.;:]{0,40}?\buntil\b|\bonly\s+(?:in|on)\b", re.IGNORECASE)
_CONDITIONAL = re.compile(
    r"\b(?:if|unless|would\s+have|could\s+have|should\s+have|might|(?-i:may)(?!\s+\d)|wanted\s+to|hoped\s+to|planned\s+to|"
    r"tried\s+to|wished\s+to|aimed\s+to|intended\s+to|whether|supposed\s+to|was\s+going\s+to|were\s+going\s+to)\b",
    re.IGNORECASE,
)
_EXTRA_HEDGE = re.compile(
    r"\b(?:some\s+historians|historians\s+(?:such\s+as|like)|according\s+to|it\s+is\s+claimed|claimed\s+that|"
    r"claim\s+that|argue\s+that|argued\s+that|supposedly|reportedly|apparently|believed\s+that|it\s+is\s+thought|"
    r"is\s+believed|i\s+believe|i\s+think|not\s+sure|unsure|i\s+guess|roughly|approximately|circa|around\s+(?:the\s+)?"
    r"(?:19|'|\d)|about\s+(?:19|'|\d)|or\s+so|something\s+like|sometime|some\s+time|can't\s+remember|cannot\s+remember)\b",
    re.IGNORECASE,
)
_TEMPORAL_QUALIFIER = re.compile(
    r"\b(?:yet|until|till|before|after|still|at\s+first|initially|by\s+then|any\s*more|again|when|while|once|"
    r"no\s+longer|originally|first)\b",
    re.IGNORECASE,
)
# Clause boundaries: hard ones split always; commas are weak (a date-only phrase joins its neighbour).
_HARD_BREAK = re.compile(
    r"\s*[;:]\s+|\s+[—–-]\s+|\s*—\s*|"
    r",?\s+(?=(?:which|who|whereas|while|whilst|but|because|although|though|so\s+that|when|where|"
    r"as\s+a\s+result|meaning|leading|despite|even\s+though|and\s+then|then|however|yet|thus|"
    r"therefore|hence|whom|whose)\b)|"
    r",?\s+(?=(?:after|before)\b(?!\s+(?:the\s+)?(?:year\s+)?(?:\d|['’]|early|late|mid|jan|feb|mar|apr|may|jun|"
    r"jul|aug|sep|oct|nov|dec|spring|summer|autumn|winter)))|"
    r",\s+(?=(?:and|so|as|not|this|it|he|she|they)\b)|"
    r"\s*\((?=\s*(?:though|although|but|which|when|while|and|as|after|before|even|not|this|it|he|they|so)\b)",
    re.IGNORECASE,
)
_COMMA = re.compile(r",\s*")
_PARTICIPLE_OPENER = re.compile(r"^(?:\w+ed|made|held|fought|won|led|begun|signed|agreed|having\s+been|being)\b",
                                re.IGNORECASE)
_RELATIVE_OPENER = re.compile(r"^(?:which|who|whom|whose|where)\b", re.IGNORECASE)

_ROLE_BEFORE_VERB = re.compile(r"^(?:signed|negotiated|concluded|agreed|sign|signing|gave|delivered|made)$", re.IGNORECASE)
_PARTICLES = frozenset({"up", "in", "way", "out", "off", "away", "back", "over"})
_ROLE_BY = ("signed", "negotiated", "concluded", "agreed", "commanded", "led", "organised", "organized", "won")
_OPPOSE = ("against", "beat", "beaten", "defeated", "fought", "fighting", "war with", "war on", "war against",
           "victory over", "clash with", "clashes with", "clashed with", "battle with", "battles with",
           "fight", "fight against", "attacked", "invaded", "defeat of", "defeating", "beating", "conflict with")
_ATTEND = ("attended", "took part", "take part", "taking part", "was at", "were at", "was present", "were present",
           "participated", "was invited", "were invited", "signed", "represented", "attend", "was part of",
           "were part of", "was involved", "were involved", "joined", "went to", "was consulted", "were consulted",
           "agreed to", "sat down", "met", "was represented", "were represented", "negotiated", "sat", "sat with",
           "met with", "sat at", "was there", "were there")
_SUPPORT = ("helped", "aided", "supported", "backed", "assisted", "armed", "supplied", "sent aid to", "sent help to",
            "gave aid to", "sided with", "fought for", "sent troops to help", "help", "aid", "support", "back",
            "helping", "supporting", "aiding", "backing")
_AFTER_CUES = ("after", "following", "in response to", "a response to", "in reaction to", "a reaction to",
               "in retaliation for", "in the wake of", "as a result of", "in answer to", "response to",
               "reaction to")
_BEFORE_CUES = ("before", "prior to", "ahead of", "preceded", "came before", "led to", "leading to",
                "responded by", "reacted by", "responded with", "reacted with", "was followed by", "followed by")
_SEQUENCE_SKIP = re.compile(r"\b(?:after|before)\s+(?:which|that|this|it|then|the\s+war)\b|\bbefore\s+long\b|"
                            r"\b(?:long|soon|shortly|just|years|months|weeks|days)\s+(?:after|before)\b", re.IGNORECASE)
_ANAPHOR = re.compile(r"^(?:it|this|that|these|they|the\s+(?:pact|treaty|agreement|deal|alliance|invasion|attack|"
                      r"war|battle|conference|speech|annexation|occupation|guarantee|mission|talks))\b", re.IGNORECASE)
_SENDING = frozenset({"sent", "gave", "supplied", "provided", "offered", "lent", "sold", "shipped", "delivered"})
_GENERIC_EVENT = re.compile(r"\bthe\s+(pact|treaty|agreement|deal|alliance|conference)\b", re.IGNORECASE)
_AGREEMENT_NOUN = re.compile(r"^(?:pact|treaty|agreement|deal|alliance|accord)s?$")

# ---------------------------------------------------------------------------------------------------------------
# Dates in the forms students write them.

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_Y4 = r"1[89]\d\d"
_YA = r"['’‘]\d\d"
_QUAL = r"early|late|mid|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of|the\s+middle\s+of|end\s+of|" \
        r"start\s+of|beginning\s+of|middle\s+of"
_DATE_PATTERNS = [
    ("drange", rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|and|to)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
               rf"(?P<m>{_MONTH}),?\s+(?P<y>{_Y4})\b"),
    ("mrange", rf"\b(?P<m1>{_MONTH})\s*(?:-|–|to|and|until)\s*(?P<m2>{_MONTH})\s+(?P<y>{_Y4})\b"),
    ("dmy", rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m>{_MONTH}),?\s+(?P<y>{_Y4}|{_YA})(?![\d])"),
    ("mdy", rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>{_Y4})\b"),
    ("my", rf"\b(?:(?P<q>{_QUAL})[\s-]+)?(?P<m>{_MONTH})(?:,?\s+of)?,?\s+(?P<y>{_Y4}|{_YA}(?!\d))"),
    ("myof", rf"\b(?:(?P<q>{_QUAL})[\s-]+)?(?P<m>{_MONTH})\s+of\s+(?P<y>\d\d)\b"),
    ("season", rf"\b(?:(?P<q>early|late|mid)[\s-]+)?(?P<s>summer|spring|autumn|fall|winter)\s+(?:of\s+)?(?P<y>{_Y4}|{_YA})"),
    ("yalt", rf"\b(?P<y1>{_Y4})\s*/\s*(?P<y2>{_Y4}|\d\d)\b"),
    ("yrange", rf"\b(?P<y1>{_Y4})\s*(?:-|–|—|to|until|till)\s*(?P<y2>{_Y4}|\d\d)\b(?!['’]?s)"),
    ("qy", rf"\b(?P<q>{_QUAL})[\s-]+(?:the\s+year\s+)?(?P<y>{_Y4})\b(?!['’]?s)"),
    ("decade", r"\b(?:(?P<q>early|late|mid)[\s-]+)?(?P<dec>1[89]\d0)['’]?s\b"),
    ("dm", rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m>{_MONTH})\b"),
    ("md", rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:,\s*)?\d)"),
    ("y", rf"(?<![\d,.£$])\b(?P<y>{_Y4})\b(?![\d,]\d)(?!['’]?s\b)"),
    ("ya", rf"(?<![\w'’])(?P<y>{_YA})\b(?!['’]?s)"),
    ("rel", r"\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?P<u>years?|months?|weeks?|days?)\s+"
            r"(?P<dir>later|afterwards|earlier|previously|prior|before(?=\s*[,.;)]|\s*$))"),
    ("relphrase", r"\b(?P<phrase>the\s+following\s+year|the\s+next\s+year|the\s+year\s+after(?=\s*[,.;]|\s*$)|"
                  r"the\s+previous\s+year|the\s+year\s+before(?=\s*[,.;]|\s*$)|later\s+that\s+year|that\s+same\s+year|"
                  r"the\s+same\s+year|in\s+that\s+year|earlier\s+that\s+year)\b"),
]
_REL_HINT = re.compile(r"later|earlier|previous|prior|following\s+year|next\s+year|same\s+year|that\s+year|"
                       r"year\s+(?:after|before)", re.IGNORECASE)
_MAYBE_DATE = re.compile(r"\d|later|earlier|previous|prior|following\s+year|next\s+year|same\s+year|that\s+year|"
                         r"year\s+(?:after|before)", re.IGNORECASE)


def _tag_groups(name: str, rx: str) -> str:
    """Suffix a pattern's group names with its kind, so all patterns fit in one regex."""
    return re.sub(r"\(\?P<(\w+)>", lambda g: f"(?P<{g.group(1)}__{name}>", rx)


_DATE_RE = re.compile("|".join(f"(?P<{name}>{_tag_groups(name, rx)})" for name, rx in _DATE_PATTERNS), re.IGNORECASE)
_DATE_PREFIX = re.compile(
    r"(?:\b(?P<p>not\s+until|until|till|by|before|after|since|from|between|around|about|circa|c\.|approximately|"
    r"roughly|as\s+early\s+as|as\s+late\s+as|no\s+later\s+than|no\s+earlier\s+than|in\s+or\s+before|"
    r"in\s+or\s+after)\s+(?:the\s+)?(?:year\s+)?)$",
    re.IGNORECASE,
)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 14)}
_MIN, _MAX = dt.date(1, 1, 1), dt.date(9999, 12, 31)


@dataclass(frozen=True)
class FactFlag:
    """One false claim: where it is, what the student claimed, the correct fact and how sure the checker is."""

    start: int
    end: int
    text: str
    claim: str
    correction: str
    fact: str
    confidence: float
    kind: str  # date | person | side | sequence | outcome


@dataclass(frozen=True)
class DateClaim:
    """A date as written: the interval it denotes, or a bound ("by 1940"), or a range with two ends."""

    start: int
    end: int
    text: str
    lo: dt.date
    hi: dt.date
    kind: str = "point"          # point | range | bound
    first: tuple[dt.date, dt.date] | None = None   # a range's two ends
    last: tuple[dt.date, dt.date] | None = None
    relative: bool = False
    partial: bool = False        # month and day without a year
    month: int = 0
    day: int = 0
    approx: bool = False


@dataclass(frozen=True)
class _Token:
    norm: str
    start: int
    end: int
    fuzzy: bool = False


@dataclass(frozen=True)
class _Mention:
    """An entity or event found in a sentence (token indices into the sentence's kept tokens)."""

    kind: str                 # entity | event
    i: int
    j: int                    # exclusive
    start: int
    end: int
    entity: str = ""          # canonical entity name
    facts: frozenset[str] = frozenset()
    fuzzy: bool = False
    via: str = "name"         # name | frame | coordination | denial
    negated_verb: bool = False  # the frame's own verb phrase carries the negation ("never ratified")


@dataclass
class _Unit:
    """A clause: a character range of the sentence with the mentions and dates inside it."""

    start: int
    end: int
    mentions: list[_Mention] = field(default_factory=list)
    dates: list[DateClaim] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------------
# Compiled rubric index.


def _tokens(text: str, offset: int = 0) -> list[_Token]:
    out = []
    for m in re.finditer(r"[^\W_]+|n['’]t|[^\w\s]", text):
        norm = m.group().lower().replace("’", "'")
        if norm in _SKIP_TOKENS:
            continue
        out.append(_Token(norm, m.start() + offset, m.end() + offset))
    return out


def _key(text: str) -> tuple[str, ...]:
    return tuple(t.norm for t in _tokens(text))


def _cue_at(norms: list[str], k: int, cues: dict[str, list[tuple[str, ...]]]) -> int:
    """Length in tokens of the longest cue phrase starting at token k (0 if none)."""
    for words in cues.get(norms[k], ()) if k < len(norms) else ():
        if tuple(norms[k : k + len(words)]) == words:
            return len(words)
    return 0


def _cue_index(phrases: Iterable[str]) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        words = _key(p)
        if words:
            out.setdefault(words[0], []).append(words)
    for v in out.values():
        v.sort(key=len, reverse=True)
    return out


_OPPOSE_I, _ATTEND_I, _SUPPORT_I = _cue_index(_OPPOSE), _cue_index(_ATTEND), _cue_index(_SUPPORT)
_AFTER_I, _BEFORE_I = _cue_index(_AFTER_CUES), _cue_index(_BEFORE_CUES)
_SIGN_I = _cue_index(("signed", "agreed", "concluded", "joined", "made", "negotiated", "signed up to"))


@dataclass(frozen=True)
class _FrameIndex:
    fact: str
    denies: bool
    agents: frozenset[str]
    verbs: tuple[tuple[str, ...], ...]
    target_entities: frozenset[str]
    target_phrases: tuple[tuple[str, ...], ...]
    agent_optional: bool


class _Index:
    """Everything about a rubric's fact base the checker needs, compiled once per rubric."""

    def __init__(self, rubric: Rubric):
        self.rubric = rubric
        self.facts: dict[str, Fact] = {f.id: f for f in rubric.facts}
        self.entities: dict[str, Entity] = {e.name: e for e in rubric.entities}
        self.represents: dict[str, str] = {e.name: e.represents or e.name for e in rubric.entities}
        self.kind: dict[str, str] = {e.name: e.kind for e in rubric.entities}
        self.entity_keys: dict[tuple[str, ...], str] = {}
        for e in rubric.entities:
            for form in (e.name, *e.aliases, *e.adjectives):
                k = _key(form)
                if k:
                    self.entity_keys.setdefault(k, e.name)
        self.name_keys: dict[tuple[str, ...], set[str]] = {}
        one_word: dict[str, set[str]] = {}  # "ribbentrop" -> {"ribentrop", ...}: spellings of one entity
        for e in rubric.entities:
            words = {k[0] for k in map(_key, (e.name, *e.aliases)) if len(k) == 1}
            for w in words:
                one_word.setdefault(w, set()).update(words)
        for f in rubric.facts:
            for name in (*f.names, *f.misspellings):
                for variant in self._expand(name):
                    k = _key(variant)
                    for pos, word in enumerate(k):
                        for other in one_word.get(word, ()):
                            self.name_keys.setdefault(k[:pos] + (other,) + k[pos + 1 :], set()).add(f.id)
                    if k:
                        self.name_keys.setdefault(k, set()).add(f.id)
        self.by_first: dict[str, list[tuple[tuple[str, ...], str, object]]] = {}
        for k, ids in self.name_keys.items():
            self.by_first.setdefault(k[0], []).append((k, "event", frozenset(ids)))
        for k, name in self.entity_keys.items():
            self.by_first.setdefault(k[0], []).append((k, "entity", name))
        for entries in self.by_first.values():
            entries.sort(key=lambda e: (-len(e[0]), e[1] != "event"))
        self.frames: list[_FrameIndex] = [
            self._frame(f.id, frame) for f in rubric.facts for frame in f.frames
        ] + [self._frame(f.id, frame, denies=True) for f in rubric.facts for frame in f.contradictions]
        self.verb_first: dict[str, list[tuple[_FrameIndex, tuple[str, ...]]]] = {}
        self.verbless: list[_FrameIndex] = []
        for fr in self.frames:
            if not fr.verbs:
                self.verbless.append(fr)
            for verb in fr.verbs:
                self.verb_first.setdefault(verb[0], []).append((fr, verb))
        for v in self.verb_first.values():
            v.sort(key=lambda fv: -len(fv[1]))
        self.cues: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        for f in rubric.facts:
            pats = []
            if f.date_cues:
                pats.append(("", _phrases(f.date_cues)))
            for q in f.other_dates:
                pats.append((q.qualifier, _phrases(q.cues)))
            self.cues[f.id] = pats
        self.entity_words = frozenset(w for k in self.entity_keys for w in k)
        vocab = set()
        for k in list(self.name_keys) + list(self.entity_keys):
            vocab.update(k)
        self.vocab = frozenset(vocab)
        proper = set()
        for f in rubric.facts:
            for name in (*f.names, *f.misspellings):
                proper.update(w.lower() for w in re.findall(r"[^\W\d_]+", name) if w[0].isupper())
        for e in rubric.entities:
            for form in (e.name, *e.aliases, *e.adjectives):
                proper.update(w.lower() for w in re.findall(r"[^\W\d_]+", form) if w[0].isupper())
        self.proper = sorted(w for w in proper if len(w) >= FACT_DEFAULTS["fuzzy_min_length"])
        self.fuzzy_cache: dict[str, str | None] = {}
        self.day_dates = frozenset(sp.start for f in rubric.facts for sp in (f.date, *(q.date for q in f.other_dates))
                                   if sp is not None and sp.precision == "day" and sp.end is None)
        # Words that make an agreement a different kind ("naval", "trade"): read off every fact name.
        self.agreement_qualifiers = frozenset(
            k[i - 1] for k in self.name_keys for i in range(1, len(k)) if _AGREEMENT_NOUN.match(k[i])
            and k[i - 1].isalpha() and k[i - 1] not in {"a", "the", "mutual"} and k[i - 1] not in self.entity_words
        )
        self.threshold = rubric.thresholds.fuzzy_name

    def _expand(self, name: str) -> list[str]:
        """A name and its variants with every alias of an entity named after 'with/of/on' ("pact with Germany")."""
        out = [name]
        m = re.match(r"^(.*\b(?:with|of|on|to|into|against|from))\s+(?:the\s+)?(.+)$", name, re.IGNORECASE)
        if m:
            head, tail = m.group(1), m.group(2)
            ent = self.entity_keys.get(_key(tail))
            if ent is not None and self.kind.get(ent) != "person":
                e = self.entities[ent]
                out.extend(f"{head} {form}" for form in (e.name, *e.aliases))
        return out

    def _frame(self, fact_id: str, frame: Frame, denies: bool = False) -> _FrameIndex:
        target_entities, target_phrases = set(), []
        for t in frame.targets:
            ent = self.entity_keys.get(_key(t))
            if ent is not None:
                target_entities.add(ent)
            else:
                target_phrases.append(_key(t))
        return _FrameIndex(
            fact=fact_id,
            denies=denies,
            agents=frozenset(self.entity_keys.get(_key(a), a) for a in frame.agents),
            verbs=tuple(sorted({_key(v) for v in frame.verbs if _key(v)}, key=len, reverse=True)),
            target_entities=frozenset(target_entities),
            target_phrases=tuple(sorted((p for p in target_phrases if p), key=len, reverse=True)),
            agent_optional=frame.agent_optional,
        )

    def correct(self, word: str) -> str | None:
        """The fact base's spelling of a misspelt proper name, or None."""
        if word in self.fuzzy_cache:
            return self.fuzzy_cache[word]
        found = None
        if word not in self.vocab and len(word) >= FACT_DEFAULTS["fuzzy_min_length"] and word.isalpha():
            hit = process.extractOne(word, self.proper, scorer=fuzz.ratio, score_cutoff=self.threshold)
            # Another form of a word ("Nazism", "Georgia") is not a misspelling of a name in the base.
            if hit is not None and hit[0][0] == word[0] and not word.endswith(("ism", "isms", "ist", "ists")) \
                    and not (word.startswith(hit[0]) or hit[0].startswith(word)):
                found = hit[0]
        self.fuzzy_cache[word] = found
        return found


def _phrases(words: Iterable[str]) -> re.Pattern[str]:
    alts = sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b", re.IGNORECASE)


_INDEXES: dict[int, tuple[Rubric, _Index]] = {}


def _index(rubric: Rubric) -> _Index:
    cached = _INDEXES.get(id(rubric))
    if cached is not None and cached[0] is rubric:
        return cached[1]
    if len(_INDEXES) > 16:
        _INDEXES.clear()
    index = _Index(rubric)
    _INDEXES[id(rubric)] = (rubric, index)
    return index


# ---------------------------------------------------------------------------------------------------------------
# Dates.


def _year(text: str) -> int:
    digits = re.sub(r"\D", "", text)
    return int(digits) if len(digits) == 4 else 1900 + int(digits)


def _month(text: str) -> int:
    return _MONTHS[text.lower().rstrip(".")[:3] if text.lower().rstrip(".")[:4] != "sept" else "sept"]


def _month_span(y: int, m: int, q: str | None = None) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(y, m)[1]
    lo, hi = 1, last
    q = (q or "").lower()
    if q in {"early"} or "start" in q or "beginning" in q:
        lo, hi = 1, 15
    elif q in {"late"} or "end" in q:
        lo, hi = 14, last
    elif q in {"mid"} or "middle" in q:
        lo, hi = 5, 25
    return dt.date(y, m, lo), dt.date(y, m, hi)


def _year_span(y: int, q: str | None = None) -> tuple[dt.date, dt.date]:
    q = (q or "").lower()
    if q == "early" or "start" in q or "beginning" in q:
        return dt.date(y, 1, 1), dt.date(y, 7, 31)
    if q == "late" or "end" in q:
        return dt.date(y, 6, 1), dt.date(y, 12, 31)
    if q == "mid" or "middle" in q:
        return dt.date(y, 3, 1), dt.date(y, 10, 31)
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _shift(d: dt.date, months: int) -> dt.date:
    total = d.year * 12 + d.month - 1 + months
    y, m = divmod(total, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def parse_dates(text: str, offset: int = 0) -> list[DateClaim]:
    """Every date expression in a text (relative ones unresolved), with character offsets shifted by `offset`."""
    out: list[DateClaim] = []
    if not _MAYBE_DATE.search(text):
        return out
    for kind, g, m in _date_matches(text):
        raw = m.group()
        month_word = g.get("m") or g.get("m1")
        if month_word and month_word.rstrip(".").lower() in {"may", "march", "mar"} and month_word[0].islower():
            continue  # the modal "may" and the verb "march", not months
        try:
            claim = _date_claim(kind, g, raw)
        except (ValueError, KeyError):
            continue
        if claim is None:
            continue
        prefix = _DATE_PREFIX.search(text[max(0, m.start() - 30) : m.start()])
        p = prefix.group("p").lower() if prefix else ""
        start = m.start() - (len(prefix.group()) if prefix else 0)
        lo, hi, ckind = claim.lo, claim.hi, claim.kind
        approx = p in {"around", "about", "circa", "c.", "approximately", "roughly"}
        if claim.relative or claim.partial:
            approx = approx or p in {"by", "before", "after", "since", "from"}
        elif p in {"by", "no later than", "as late as", "in or before"}:
            lo, ckind = _MIN, "bound"
        elif p == "before" and claim.lo > _MIN:
            lo, hi, ckind = _MIN, claim.lo - dt.timedelta(days=1), "bound"
        elif p in {"after", "no earlier than", "as early as", "in or after"}:
            hi, ckind = _MAX, "bound"
        elif p == "from" and claim.kind != "range":
            hi, ckind = _MAX, "bound"
        elif p == "since":
            approx = True  # a state since a date says little about when an event happened
        elif p in {"until", "till"} and claim.kind == "point":
            ckind = "until"  # "lasted until 1941" dates an end, not the event itself
        out.append(DateClaim(
            start=start + offset, end=m.end() + offset, text=text[start : m.end()], lo=lo, hi=hi, kind=ckind,
            first=claim.first, last=claim.last, relative=claim.relative, partial=claim.partial, month=claim.month,
            day=claim.day, approx=approx or claim.approx,
        ))
    return _join_ranges(text, out, offset)


def _date_matches(text: str) -> list[tuple[str, dict[str, str], re.Match[str]]]:
    """Date expressions left to right; at each place the first pattern (longest forms first) wins."""
    if _REL_HINT.search(text):
        windows = [(0, len(text))]
    else:  # every other form holds a digit: search only near digits (the regex is costly per character)
        windows = []
        for d in re.finditer(r"\d+", text):
            a, b = max(0, d.start() - 40), min(len(text), d.end() + 25)
            if windows and a <= windows[-1][1]:
                windows[-1] = (windows[-1][0], b)
            else:
                windows.append((a, b))
    out = []
    last_end = -1
    for a, b in windows:
        for m in _DATE_RE.finditer(text, a, b):
            if m.start() < last_end:
                continue
            last_end = m.end()
            out.append(m)
    return [_groups(m) for m in out]


def _groups(m: re.Match[str]) -> tuple[str, dict[str, str], re.Match[str]]:
    kind = m.lastgroup or ""
    groups = {k.split("__")[0]: v for k, v in m.groupdict().items() if v is not None and k.endswith("__" + kind)}
    return kind, groups, m


def _date_claim(kind: str, g: dict, raw: str) -> DateClaim | None:
    def point(lo: dt.date, hi: dt.date, **kw) -> DateClaim:
        return DateClaim(0, 0, raw, lo, hi, **kw)

    if kind == "drange":
        y, mo = _year(g["y"]), _month(g["m"])
        a, b = dt.date(y, mo, int(g["d1"])), dt.date(y, mo, int(g["d2"]))
        return point(a, b, kind="range", first=(a, a), last=(b, b)) if a <= b else None
    if kind == "mrange":
        y = _year(g["y"])
        a, b = _month_span(y, _month(g["m1"])), _month_span(y, _month(g["m2"]))
        return point(a[0], b[1], kind="range", first=a, last=b) if a[0] <= b[0] else None
    if kind in {"dmy", "mdy"}:
        d = dt.date(_year(g["y"]), _month(g["m"]), int(g["d"]))
        return point(d, d)
    if kind in {"my", "myof"}:
        lo, hi = _month_span(_year(g["y"]), _month(g["m"]), g.get("q"))
        return point(lo, hi)
    if kind == "season":
        y = _year(g["y"])
        a, b = _SEASONS[g["s"].lower()]
        if g["s"].lower() == "winter":  # "the winter of 1939" may mean early 1939 or 1939-40
            return point(dt.date(y, 1, 1), dt.date(y + 1, 2, 28), approx=False)
        return point(dt.date(y, a - 1, 1), _month_span(y, b + 1)[1])  # a month's grace either side
    if kind == "yalt":  # "1921/1924": one of two years, which one is not said
        y1 = _year(g["y1"])
        return point(_year_span(y1)[0], _year_span(y1 + 10)[1], approx=True)
    if kind == "yrange":
        y1 = _year(g["y1"])
        y2 = _year(g["y2"]) if len(g["y2"]) == 4 else (y1 // 100) * 100 + int(g["y2"])
        if y2 < y1:
            return None
        a, b = _year_span(y1), _year_span(y2)
        return point(a[0], b[1], kind="range", first=a, last=b)
    if kind == "qy":
        lo, hi = _year_span(_year(g["y"]), g["q"])
        return point(lo, hi)
    if kind == "decade":
        dec = int(g["dec"])
        q = (g.get("q") or "").lower()
        a, b = {"early": (0, 4), "mid": (2, 7), "late": (5, 9)}.get(q, (0, 9))
        return point(dt.date(dec + a, 1, 1), dt.date(dec + b, 12, 31))
    if kind in {"y", "ya"}:
        lo, hi = _year_span(_year(g["y"]))
        return point(lo, hi)
    if kind in {"dm", "md"}:
        mo, d = _month(g["m"]), int(g["d"])
        if not 1 <= d <= 31:
            return None
        return point(_MIN, _MAX, partial=True, month=mo, day=d)
    if kind == "rel":
        n = _NUMBERS.get(g["n"].lower()) or int(g["n"])
        unit = g["u"].lower().rstrip("s")
        sign = 1 if g["dir"].lower() in {"later", "afterwards"} else -1
        months = {"year": 12 * n, "month": n, "week": 0, "day": 0}[unit]
        days = {"week": 7 * n, "day": n}.get(unit, 0)
        return point(_MIN, _MAX, relative=True, month=sign * months, day=sign * days)
    if kind == "relphrase":
        phrase = re.sub(r"\s+", " ", g["phrase"].lower())
        shift = 12 if ("following" in phrase or "next" in phrase or "after" in phrase) else \
            -12 if ("previous" in phrase or "before" in phrase) else 0
        return point(_MIN, _MAX, relative=True, month=shift, day=0)
    return None


def _join_ranges(text: str, dates: list[DateClaim], offset: int) -> list[DateClaim]:
    """'from July 1936 to April 1939', 'between 1936 and 1939': two dates joined into one range."""
    out: list[DateClaim] = []
    i = 0
    while i < len(dates):
        d = dates[i]
        if i + 1 < len(dates) and not d.relative and not d.partial and not dates[i + 1].relative \
                and not dates[i + 1].partial:
            e = dates[i + 1]
            between = text[d.end - offset : e.start - offset]
            lead = d.text.lower()
            if re.fullmatch(r"\s*(?:-|–|—|to|until|till)\s*", between) or (
                re.fullmatch(r"\s*and\s*", between) and lead.startswith("between")
            ):
                a = (d.first or (d.lo if d.lo != _MIN else e.lo, d.hi if d.hi != _MAX else e.hi))
                first = d.first or a
                last = e.last or (e.lo if e.lo != _MIN else e.hi, e.hi if e.hi != _MAX else e.lo)
                lo = first[0]
                out.append(DateClaim(d.start, e.end, text[d.start - offset : e.end - offset], lo, last[1], "range",
                                     first, last, approx=d.approx or e.approx))
                i += 2
                continue
        out.append(d)
        i += 1
    return out


def _resolve_relative(d: DateClaim, anchor: DateClaim | None) -> DateClaim | None:
    """'a year later' from the last absolute date before it; None when there is no usable anchor."""
    if anchor is None or anchor.lo == _MIN or anchor.hi == _MAX or anchor.partial:
        return None
    lo, hi = anchor.lo, anchor.hi
    if d.month:
        if abs(d.month) >= 12 and d.month % 12 == 0:
            years = d.month // 12
            lo, hi = _year_span(lo.year + years)[0], _year_span(hi.year + years)[1]
        else:
            lo, hi = _shift(lo, d.month), _shift(hi, d.month)
            lo, hi = _month_span(lo.year, lo.month)[0], _month_span(hi.year, hi.month)[1]
    elif d.day:
        slack = dt.timedelta(days=max(3, abs(d.day) // 2))
        lo, hi = lo + dt.timedelta(days=d.day) - slack, hi + dt.timedelta(days=d.day) + slack
    else:  # "that same year"
        lo, hi = _year_span(lo.year)[0], _year_span(hi.year)[1]
    return DateClaim(d.start, d.end, d.text, lo, hi, "point", relative=True)


def _fact_span(spec: DateSpec) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """A fact's date widened to the precision a marker insists on: (start_lo, start_hi, end_lo, end_hi)."""
    def widen(d: dt.date) -> tuple[dt.date, dt.date]:
        if spec.precision == "year":
            return _year_span(d.year)
        if spec.precision == "month":
            return _month_span(d.year, d.month)
        return d, d

    s = widen(spec.start)
    e = widen(spec.end) if spec.end is not None else s
    return s[0], s[1], e[0], e[1]


def date_matches(claim: DateClaim, spec: DateSpec) -> str:
    """'ok', 'wrong', or 'day' (right month, wrong day) for a claimed date against a fact's date."""
    s_lo, s_hi, e_lo, e_hi = _fact_span(spec)
    whole_lo, whole_hi = s_lo, e_hi
    if claim.kind == "until":
        if spec.end is None:
            return "ok"  # a one-day event has no end to date: abstain
        return "ok" if claim.lo <= e_hi and e_lo <= claim.hi else "wrong"
    if claim.partial:
        if spec.end is not None and (spec.start.year, spec.start.month) != (spec.end.year, spec.end.month):
            return "ok"
        if claim.month != spec.start.month:
            return "wrong"
        if spec.precision == "day" and spec.end is None and claim.day != spec.start.day:
            return "day"
        return "ok"
    if claim.kind == "range" and spec.end is not None and claim.first and claim.last:
        ok_start = claim.first[0] <= s_hi and s_lo <= claim.first[1]
        ok_end = claim.last[0] <= e_hi and e_lo <= claim.last[1]
        return "ok" if ok_start and ok_end else "wrong"
    if claim.lo <= whole_hi and whole_lo <= claim.hi:
        return "ok"
    if claim.kind == "point" and spec.precision == "day" and claim.lo == claim.hi and spec.end is None \
            and (claim.lo.year, claim.lo.month) == (spec.start.year, spec.start.month):
        return "day"
    return "wrong"


# ---------------------------------------------------------------------------------------------------------------
# Mentions.


def _sentence_tokens(index: _Index, sentence: Sentence) -> list[_Token]:
    toks = []
    for t in _tokens(sentence.text, sentence.start):
        raw = sentence.text[t.start - sentence.start : t.end - sentence.start]
        if t.norm not in index.vocab and raw[:1].isupper():
            fixed = index.correct(t.norm)
            if fixed is not None:
                toks.append(_Token(fixed, t.start, t.end, fuzzy=True))
                continue
        toks.append(t)
    return toks


def _find_mentions(index: _Index, toks: list[_Token]) -> list[_Mention]:
    norms = [t.norm for t in toks]
    out: list[_Mention] = []
    i = 0
    while i < len(toks):
        best = None
        for key, kind, payload in index.by_first.get(norms[i], ()):
            if tuple(norms[i : i + len(key)]) == key:
                best = (key, kind, payload)
                break
        if best is None:
            i += 1
            continue
        key, kind, payload = best
        j = i + len(key)
        fuzzy = any(t.fuzzy for t in toks[i:j])
        if kind == "event":
            out.append(_Mention("event", i, j, toks[i].start, toks[j - 1].end, facts=payload, fuzzy=fuzzy))
        else:
            out.append(_Mention("entity", i, j, toks[i].start, toks[j - 1].end, entity=payload, fuzzy=fuzzy))
        i = j
    out = _with_parties(index, norms, out)
    out.extend(_coordinated(index, toks, out))
    return out


def _with_parties(index: _Index, norms: list[str], mentions: list[_Mention]) -> list[_Mention]:
    """Agreements told as 'a pact with X' must fit their parties: 'a non-aggression pact with Poland' is not the
    Nazi-Soviet Pact, nor is 'Britain made a naval deal with Hitler'."""
    entity_at = {m.i: m for m in mentions if m.kind == "entity"}
    out = []
    for m in mentions:
        key = tuple(norms[m.i : m.j])
        if m.kind == "event" and "with" in key:
            k = m.i - 1
            while k >= 0 and norms[k] in {"a", "an", "its", "their", "his", "own", "new", "secret", "famous"}:
                k -= 1
            if k >= 0 and norms[k] in index.agreement_qualifiers:
                continue  # "naval deal with Hitler": a different kind of agreement
            maker = next((e for e in sorted(entity_at.values(), key=lambda e: -e.j) if e.j <= m.i and m.i - e.j <= 6
                          and index.kind.get(e.entity) in {"country", "person", "group"}), None)
            if maker is not None:
                country = index.represents.get(maker.entity, maker.entity)
                keep = frozenset(f for f in m.facts if not index.facts[f].parties
                                 or {country, maker.entity} & set(index.facts[f].parties))
                if not keep:
                    continue
                m = _Mention(m.kind, m.i, m.j, m.start, m.end, m.entity, keep, m.fuzzy, m.via)
        if m.kind == "event" and m.j < len(norms) and norms[m.j] in {"with", "between"} and m.j + 1 in entity_at:
            other = entity_at[m.j + 1]
            country = index.represents.get(other.entity, other.entity)
            keep = frozenset(f for f in m.facts if not index.facts[f].parties
                             or {country, other.entity} & {*index.facts[f].parties, *index.facts[f].opponents})
            if not keep:
                continue
            m = _Mention(m.kind, m.i, m.j, m.start, m.end, m.entity, keep, m.fuzzy, m.via)
        out.append(m)
    return out


def _coordinated(index: _Index, toks: list[_Token], mentions: list[_Mention]) -> list[_Mention]:
    """'a pact with France as well as Czechoslovakia': the second country gets its own agreement."""
    extra = []
    entity_at = {m.i: m for m in mentions if m.kind == "entity"}
    for m in mentions:
        if m.kind != "event" or m.j - m.i < 3:
            continue
        key = tuple(t.norm for t in toks[m.i : m.j])
        if "with" not in key:
            continue
        head = key[: key.index("with") + 1]
        if not _AGREEMENT_NOUN.match(head[-2] if len(head) >= 2 else ""):
            continue
        k = m.j
        while k < len(toks):
            words = []
            while k < len(toks) and toks[k].norm in {",", "and", "as", "well", "&", "also"}:
                words.append(toks[k].norm)
                k += 1
            if not words or k not in entity_at:
                break
            other = entity_at[k]
            ids = set()
            e = index.entities[other.entity]
            for form in (e.name, *e.aliases):
                ids |= index.name_keys.get(head + _key(form), set())
            if len(ids) == 1:
                extra.append(_Mention("event", other.i, other.j, other.start, other.end, facts=frozenset(ids),
                                      fuzzy=other.fuzzy, via="coordination"))
            k = other.j
    return extra


def _phrase_at(norms: list[str], i: int, phrases: Iterable[tuple[str, ...]]) -> int:
    for p in phrases:
        if tuple(norms[i : i + len(p)]) == p:
            return len(p)
    return 0


def _frame_mentions(index: _Index, toks: list[_Token], mentions: list[_Mention], lo: int, hi: int) -> list[_Mention]:
    """Events told as clauses within token range [lo, hi): agent, verb, target."""
    norms = [t.norm for t in toks]
    ents = [m for m in mentions if m.kind == "entity" and lo <= m.i and m.j <= hi]
    found: list[_Mention] = []
    gap_v, gap_a, gap_n = (FACT_DEFAULTS["frame_verb_gap"], FACT_DEFAULTS["frame_agent_gap"],
                           FACT_DEFAULTS["verbless_frame_gap"])

    def is_agent(frame: _FrameIndex, m: _Mention) -> bool:
        return m.entity in frame.agents or index.represents.get(m.entity) in frame.agents

    def target_after(frame: _FrameIndex, k: int) -> int | None:
        for s in range(k, min(hi, k + gap_v + 1)):
            for m in ents:
                if m.i == s and (m.entity in frame.target_entities or
                                 index.represents.get(m.entity) in frame.target_entities):
                    return m.j
            n = _phrase_at(norms, s, frame.target_phrases)
            if n:
                return s + n
        return None

    for frame in index.verbless:
        for a in ents:
            if not is_agent(frame, a):
                continue
            for s in range(max(lo, a.i - gap_n), min(hi, a.j + gap_n)):
                n = _phrase_at(norms, s, frame.target_phrases)
                hit_ent = next((m for m in ents if m.i == s and m.entity in frame.target_entities), None)
                if n or hit_ent:
                    e = s + n if n else hit_ent.j
                    i0, j0 = min(a.i, s), max(a.j, e)
                    found.append(_Mention("event", i0, j0, toks[i0].start, toks[j0 - 1].end,
                                          facts=frozenset({frame.fact}), via="denial" if frame.denies else "frame"))
                    break
    for v in range(lo, hi):
        for frame, verb in index.verb_first.get(norms[v], ()):
            if tuple(norms[v : v + len(verb)]) != verb:
                continue
            v_end = v + len(verb)
            agent = next((m for m in sorted(ents, key=lambda m: -m.j) if m.j <= v and v - m.j <= gap_a), None)
            passive = v > lo and norms[v - 1] in {"was", "were", "been", "be"} and verb[0] not in {"was", "were"}
            if passive and agent is not None:
                # "Poland was invaded by Germany": the subject is the target, the agent follows "by".
                if not (agent.entity in frame.target_entities or
                        index.represents.get(agent.entity) in frame.target_entities):
                    continue
                by = v_end if v_end < hi and norms[v_end] == "by" else None
                real = next((m for m in ents if by is not None and m.i == by + 1), None)
                if real is None or not is_agent(frame, real):
                    continue
                i0, j0 = agent.i, real.j
            else:
                if agent is not None and not is_agent(frame, agent):
                    if not frame.agent_optional or index.kind.get(agent.entity) in {"country", "person", "group"}:
                        continue
                if agent is None and not frame.agent_optional and frame.agents:
                    continue
                if frame.target_entities or frame.target_phrases:
                    t_end = target_after(frame, v_end)
                    if t_end is None:
                        continue
                else:
                    t_end = v_end
                i0 = agent.i if agent is not None else v
                j0 = t_end
            found.append(_Mention("event", i0, j0, toks[i0].start, toks[j0 - 1].end,
                                  facts=frozenset({frame.fact}), via="denial" if frame.denies else "frame",
                                  negated_verb=bool(_NEGATION_WORDS & set(verb))))
    return found


# ---------------------------------------------------------------------------------------------------------------
# Clauses.


def _units(sentence: Sentence) -> tuple[list[tuple[int, int]], frozenset[int]]:
    """Clause character ranges (absolute), hard breaks first, then commas as weak breaks; also the starts of the
    pieces that only a comma separates from the one before (they may rejoin it)."""
    text, base = sentence.text, sentence.start
    pieces: list[tuple[int, int]] = []
    pos = 0
    for m in _HARD_BREAK.finditer(text):
        if m.start() > pos:
            pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(text)))
    out = []
    soft = set()
    for a, b in pieces:
        sub = text[a:b]
        p = 0
        for m in _COMMA.finditer(sub):
            out.append((a + p, a + m.start()))
            p = m.end()
            soft.add(base + a + p)
        out.append((a + p, b))
    return [(base + a, base + b) for a, b in out if text[a:b].strip()], frozenset(soft)


def _build_units(ranges: list[tuple[int, int]], soft: frozenset[int], mentions: list[_Mention],
                 dates: list[DateClaim], text: str) -> list[_Unit]:
    units = [_Unit(a, b) for a, b in ranges]
    for m in mentions:
        for u in units:
            if u.start <= m.start < u.end:
                u.mentions.append(m)
                break
    for d in dates:
        for u in units:
            if u.start <= d.start < u.end or (d.start < u.start < d.end):
                u.dates.append(d)
                break
    # A piece with dates but no event joins the neighbour that has one ("On 23 August 1939, X signed the pact").
    merged: list[_Unit] = []
    i = 0
    while i < len(units):
        u = units[i]
        events = [m for m in u.mentions if m.kind == "event"]
        short = not events and u.dates and _only_date(text, u)
        if short and i + 1 < len(units) and units[i + 1].start in soft \
                and any(m.kind == "event" for m in units[i + 1].mentions) and not units[i + 1].dates:
            n = units[i + 1]
            merged.append(_Unit(u.start, n.end, u.mentions + n.mentions, u.dates + n.dates))
            i += 2
            continue
        if short and merged and u.start in soft \
                and any(m.kind == "event" for m in merged[-1].mentions) and not merged[-1].dates:
            p = merged[-1]
            merged[-1] = _Unit(p.start, u.end, p.mentions + u.mentions, p.dates + u.dates)
            i += 1
            continue
        merged.append(u)
        i += 1
    # Commas that only separate list items or appositions: a piece without event or date joins its left neighbour.
    out: list[_Unit] = []
    for u in merged:
        if out and not u.dates and not _events(u) and u.start in soft:
            p = out[-1]
            out[-1] = _Unit(p.start, u.end, p.mentions + u.mentions, p.dates)
            continue
        out.append(u)
    return out


def _only_date(text: str, u: _Unit) -> bool:
    """A piece that is a date and a preposition or two ("On 23 August 1939", "in 1938")."""
    rest = text[u.start : u.end]
    for d in sorted(u.dates, key=lambda d: -d.start):
        rest = rest[: max(0, d.start - u.start)] + " " + rest[d.end - u.start :]
    return len(re.findall(r"\w+", rest)) <= 2


# ---------------------------------------------------------------------------------------------------------------
# The checker.


@dataclass
class _SentenceInfo:
    sentence: Sentence
    toks: list[_Token]
    mentions: list[_Mention]
    units: list[_Unit]
    skip: bool
    soft: frozenset[int] = frozenset()


def check_facts(essay: EssayDoc, rubric: Rubric) -> tuple[FactFlag, ...]:
    """False factual claims in an essay, as flags sorted by start offset (deterministic; abstains when unsure)."""
    if not rubric.facts:
        return ()
    index = _index(rubric)
    text = essay.text
    flags: list[FactFlag] = []
    infos: list[_SentenceInfo] = []
    anchors: list[tuple[int, int, DateClaim]] = []  # (sentence index, paragraph, date)
    for s in essay.sentences:
        info = _analyse_sentence(index, s, text, anchors, infos)
        infos.append(info)
        prev = infos[-2] if len(infos) > 1 and infos[-2].sentence.paragraph == s.paragraph else None
        if info.skip:
            continue
        for unit_index, unit in enumerate(info.units):
            flags.extend(_check_unit(index, text, info, unit, unit_index, prev))
        flags.extend(_check_sequence(index, text, info, prev))
    return _dedupe(flags, rubric.thresholds.fact_confidence)


def _analyse_sentence(index: _Index, s: Sentence, text: str, anchors: list, infos: list) -> _SentenceInfo:
    toks = _sentence_tokens(index, s)
    mentions = _find_mentions(index, toks)
    raw_dates = parse_dates(s.text, s.start)
    dates: list[DateClaim] = []
    for d in raw_dates:
        if d.relative:
            anchor = None
            back = FACT_DEFAULTS["relative_anchor_sentences"]
            for sent_i, para, a in reversed(anchors):
                if a.start < d.start:
                    if sent_i >= s.index - back and para == s.paragraph and a.kind == "point" and not a.partial \
                            and not a.approx and a.lo != _MIN:
                        anchor = a
                    break
            d = _resolve_relative(d, anchor)
            if d is None:
                continue
        else:
            anchors.append((s.index, s.paragraph, d))
        dates.append(d)
    if not mentions:
        return _SentenceInfo(s, toks, mentions, [], True)
    ranges, soft = _units(s)
    # Frames are read clause by clause so an agent in one clause never pairs with a verb in another.
    tok_ranges = []
    for a, b in ranges:
        ids = [k for k, t in enumerate(toks) if a <= t.start < b]
        if ids:
            tok_ranges.append((ids[0], ids[-1] + 1))
    for n, (lo, hi) in enumerate(tok_ranges):
        # "The USSR, which had joined the League": a relative clause's verb takes the noun before it as its agent.
        reach = lo
        if n and _RELATIVE_OPENER.match(toks[lo].norm) and any(
                m.kind == "entity" and m.j == lo - 1 and toks[lo - 1].norm == "," for m in mentions):
            reach = next(m.i for m in mentions if m.kind == "entity" and m.j == lo - 1)
        for fm in _frame_mentions(index, toks, mentions, reach, hi):
            if fm.i < lo:
                fm = _Mention(fm.kind, lo, fm.j, toks[lo].start, fm.end, fm.entity, fm.facts, fm.fuzzy, fm.via,
                              fm.negated_verb)
            if not any(m.kind == "event" and m.facts == fm.facts and m.via == fm.via and m.start < fm.end
                       and fm.start < m.end for m in mentions):
                mentions.append(fm)
    mentions.sort(key=lambda m: (m.start, m.end))
    units = _build_units(ranges, soft, mentions, dates, text)
    skip = s.text.rstrip().endswith("?") or bool(HEDGE.search(s.text)) or bool(_EXTRA_HEDGE.search(s.text))
    return _SentenceInfo(s, toks, mentions, units, skip, soft)


def _events(unit: _Unit) -> list[_Mention]:
    return [m for m in unit.mentions if m.kind == "event" and m.via != "denial"]


def _distinct(events: list[_Mention]) -> list[frozenset[str]]:
    out: list[frozenset[str]] = []
    for m in events:
        if m.facts not in out:
            out.append(m.facts)
    return out


def _inherit(index: _Index, text: str, info: _SentenceInfo, unit_index: int,
             prev: _SentenceInfo | None) -> tuple[list[_Mention], int]:
    """The event a clause without one is about: a relative clause's head, or an anaphor's previous sentence."""
    unit = info.units[unit_index]
    opener = text[unit.start : unit.end].strip()
    if unit_index > 0 and (_RELATIVE_OPENER.match(opener) or (
            _PARTICIPLE_OPENER.match(opener) and unit.start in info.soft)):
        head = info.units[unit_index - 1]
        events = _events(head)
        if len(_distinct(events)) == 1:
            return events, head.start
        return [], unit.start
    if unit_index == 0 and prev is not None and _ANAPHOR.match(opener):
        events = [m for u in prev.units for m in _events(u)]
        kinds = _distinct(events)
        if len(kinds) == 1:
            noun = re.match(r"^the\s+(\w+)", opener, re.IGNORECASE)
            if noun:
                fact_names = " ".join(n.lower() for f in kinds[0] for n in index.facts[f].names)
                if noun.group(1).lower() not in fact_names:
                    return [], unit.start
            return events, unit.start
    noun = _GENERIC_EVENT.search(opener)
    if noun:
        # "the pact was signed by Molotov and Ribbentrop": the people named pick out the event (or a short list).
        people = {m.entity for m in unit.mentions if m.kind == "entity" and index.kind.get(m.entity) == "person"}
        if len(people) >= 2:
            ids = frozenset(f.id for f in index.rubric.facts if people <= {r.entity for r in f.actors}
                            and any(noun.group(1).lower() in n.lower() for n in f.names))
            if ids:
                start = unit.start + _opener_offset(text, unit) + noun.start()
                return [_Mention("event", 0, 0, start, start + len(noun.group()), facts=ids, via="actors")], unit.start
    return [], unit.start


def _opener_offset(text: str, unit: _Unit) -> int:
    """Leading whitespace of a unit, so offsets into its stripped text map back to the essay."""
    raw = text[unit.start : unit.end]
    return len(raw) - len(raw.lstrip())


def _check_unit(index: _Index, text: str, info: _SentenceInfo, unit: _Unit, unit_index: int,
                prev: _SentenceInfo | None) -> list[FactFlag]:
    clause = text[unit.start : unit.end]
    if _CONDITIONAL.search(clause):
        return []
    flags = _check_camps(index, text, info, unit, clause)
    flags += _check_denials(index, text, info, unit, clause)
    events = _events(unit)
    span_start = unit.start
    inherited = ""
    if not events:
        events, span_start = _inherit(index, text, info, unit_index, prev)
        inherited = "anaphor" if span_start == unit.start else "relative"
        if not events:
            return flags
    penalty = FACT_DEFAULTS["penalty_inherited"] if inherited else 0.0
    span = (span_start, unit.end)
    flags += _check_dates(index, text, unit, events, span, penalty, clause, needs_cue=bool(inherited))
    flags += _check_people(index, text, info, unit, events, span, penalty)
    if inherited != "anaphor":
        flags += _check_sides(index, text, info, unit, events, span, penalty, clause)
        flags += _check_absent(index, text, info, unit, events, span, penalty, clause)
    if not inherited:
        flags += _check_outcome(index, text, info, unit, span, clause)
    return flags


def _make_flag(text: str, span: tuple[int, int], claim: str, fact: Fact, confidence: float, kind: str) -> FactFlag:
    a, b = span
    while a < b and not text[a].isalnum() and text[a] not in "\"'“‘(":
        a += 1
    while b > a and text[b - 1] in " ,;:—–-":
        b -= 1
    return FactFlag(a, b, text[a:b], claim, fact.correction or fact.statement, fact.id, round(min(confidence, 1.0), 3), kind)


def _label(fact: Fact) -> str:
    return fact.names[0]


def _date_claim_text(fact: Fact, d: DateClaim) -> str:
    """'Nazi-Soviet Pact in 1938', 'Operation Barbarossa on 22 July 1941', 'Treaty of Rapallo by 1920'."""
    when = re.sub(r"\s+", " ", d.text.strip())
    if d.relative:
        year = d.lo.year if d.lo.year == d.hi.year else f"{d.lo.year}-{d.hi.year}"
        return f"{_label(fact)} in {year} ('{when}')"
    if d.lo == d.hi and d.kind == "point":
        return f"{_label(fact)} on {when}"
    if re.match(r"(?i)(?:on|in|by|before|after|until|till|from|between|not until|around|during|at)\b", when):
        return f"{_label(fact)} {when}"
    return f"{_label(fact)} in {when}"


def _check_dates(index: _Index, text: str, unit: _Unit, events: list[_Mention], span: tuple[int, int],
                 penalty: float, clause: str, needs_cue: bool = False) -> list[FactFlag]:
    if not unit.dates:
        return []
    negated = bool(_DATE_NEGATION.search(clause)) and not _NOT_UNTIL.search(clause)
    if negated:
        return []
    kinds = _distinct(events)
    flags = []
    for d in unit.dates:
        if d.approx:
            continue
        if len(kinds) == 1:
            target = events
            adjacent = any(_adjacent(text, d, m) for m in events)
        else:
            near = [m for m in events if _adjacent(text, d, m)]
            if len({m.facts for m in near}) != 1:
                continue
            target, adjacent = near, True
        mention = min(target, key=lambda m: abs(m.start - d.start))
        cues = [_cue_for(index, index.facts[f], d, text, unit) for f in mention.facts]
        own_cue = any(c not in {None, ""} for c in cues)
        if not adjacent and all(c is None for c in cues) and any(index.facts[f].date_cues for f in mention.facts):
            continue  # a fact with cue words ("signed") is dated from a clause only through one of them
        if _ENDING.search(text, mention.end if mention.end < d.start else d.end, d.start if mention.end < d.start
                          else mention.start) and not own_cue:
            continue  # "in 1941 Hitler broke the pact": a date of the event's end, not of the event
        if not adjacent and not own_cue and (any(_adjacent(text, o, m) for o in unit.dates if o is not d
                                                 for m in target) or _crosses_clause(text, mention, d, index)):
            continue
        facts = [index.facts[f] for f in sorted(mention.facts) if index.facts[f].date is not None]
        if not facts:
            continue
        if needs_cue and not any(p.search(text, unit.start, unit.end) for f in facts for _, p in index.cues[f.id]):
            continue
        verdicts = []
        for fact in facts:
            verdicts.append((fact, _verdict(index, fact, d, text, unit)))
        if any(v in {"ok", "skip"} for _, v in verdicts):
            continue
        fact, verdict = min(verdicts, key=lambda fv: abs((fv[0].date.start - d.lo).days) if d.lo != _MIN else 0)
        if not fact.verified:
            continue
        if d.partial:
            conf = FACT_DEFAULTS["confidence_partial_date"]
        elif d.relative:
            conf = FACT_DEFAULTS["confidence_relative_date"]
        elif adjacent:
            conf = FACT_DEFAULTS["confidence_adjacent_date"]
        else:
            conf = FACT_DEFAULTS["confidence_clause_date"]
        if verdict == "day":
            conf = min(conf, FACT_DEFAULTS["confidence_day_only"])
        if mention.fuzzy:
            conf -= FACT_DEFAULTS["penalty_fuzzy"]
        conf -= penalty
        a = min(span[0], d.start)
        b = max(span[1], d.end)
        flags.append(_make_flag(text, (a, b), _date_claim_text(fact, d), fact, conf, "date"))
    return flags


_SECOND_PREDICATE = re.compile(
    r"\b(?:and|as\s+well\s+as|but|then|while|plus)\s+(?:\w+\s+){0,4}?(?:\w+ed|was|were|had|has|took|made|got|gave|"
    r"set|won|lost|became|began|went|sent|fought|built|saw|left|led|drew|held|bought|kept|met|put|ran|did|came|"
    r"\w+ing)\b",
    re.IGNORECASE,
)


def _crosses_clause(text: str, m: _Mention, d: DateClaim, index: _Index) -> bool:
    """A date after 'and ...' belongs to the second predicate ("joined the League and gained land in 1939"),
    unless a date cue of the event sits between ("signed in May 1935 and ratified in February 1936")."""
    gap = text[d.end : m.start] if d.start < m.start else text[m.end : d.start]
    if len(re.findall(r"\w+", gap)) > FACT_DEFAULTS["clause_tie_gap"]:
        return True
    cut = _SECOND_PREDICATE.search(gap)
    if cut is None:
        return False
    tail = gap[cut.end():]
    return not any(p.search(tail) for f in m.facts for _, p in index.cues.get(f, []))


def _adjacent(text: str, d: DateClaim, m: _Mention) -> bool:
    """'the 1938 pact', 'Munich (1938)', 'the Nazi-Soviet Pact of 1941', 'Munich in 1938'."""
    if d.end <= m.start:
        gap = text[d.end : m.start]
    elif m.end <= d.start:
        gap = text[m.end : d.start]
    else:
        return True
    words = re.findall(r"\w+", gap)
    return len(words) <= FACT_DEFAULTS["adjacent_gap"] and all(w.lower() in {"of", "in", "on", "at", "the", "from", "during",
                                                                               "was", "signed", "held", "s", "dated"}
                                                                  for w in words) and "," not in gap.strip("( ")


def _cue_for(index: _Index, fact: Fact, d: DateClaim, text: str, unit: _Unit) -> str | None:
    """Which of a fact's dates the clause's cue words point a date at: '' for the main one, a qualifier, or None.
    The nearest cue before the date wins ("joined in 1934 and was expelled in 1939"), else the nearest after."""
    clause = text[unit.start : unit.end]
    best: tuple[int, int, str] | None = None
    for qualifier, pattern in index.cues.get(fact.id, []):
        for m in pattern.finditer(clause):
            a, b = unit.start + m.start(), unit.start + m.end()
            rank = (0, d.start - b) if b <= d.start else (1, a - d.end) if a >= d.end else (0, 0)
            if rank[0] == 1 and len(re.findall(r"\w+", text[d.end : a])) > FACT_DEFAULTS["cue_after_gap"]:
                continue  # a cue far after the date belongs to something else
            if best is None or rank < best[:2]:
                best = (*rank, qualifier)
    return None if best is None else best[2]


def _verdict(index: _Index, fact: Fact, d: DateClaim, text: str, unit: _Unit) -> str:
    """ok | wrong | day | skip: the claimed date against the fact date its clause's cue words pick out."""
    cue = _cue_for(index, fact, d, text, unit)
    specs: list[DateSpec] = []
    if cue is None:
        if fact.date_needs_cue:
            return "skip"
        specs = [fact.date, *(q.date for q in fact.other_dates)]
    elif cue == "":
        specs = [fact.date]
    else:
        specs = [q.date for q in fact.other_dates if q.qualifier == cue]
    if cue is None and d.kind == "range" and fact.date is not None and fact.date.end is not None:
        specs = [fact.date]  # a range is compared with the fact's own span, not a single day within it
    if d.kind == "until":
        specs = [s for s in specs if s is not None and s.end is not None]
    results = [date_matches(d, s) for s in specs if s is not None]
    if "ok" in results:
        return "ok"
    if "day" in results:
        # A wrong day is minor, unless it is the day of the fact's other event (invasion on the day war was declared).
        if cue == "" and any(q.date.precision == "day" and date_matches(d, q.date) == "ok" for q in fact.other_dates):
            return "wrong"
        if d.lo == d.hi and d.lo in index.day_dates and not any(
                sp is not None and sp.start == d.lo for sp in (fact.date, *(q.date for q in fact.other_dates))):
            return "wrong"  # the day of another event in the fact base: a real confusion, not a slip of a day
        return "day"
    return "wrong" if results else "skip"


def _entity_mentions(unit: _Unit, index: _Index, kinds: set[str] | None = None) -> list[_Mention]:
    return [m for m in unit.mentions if m.kind == "entity" and (kinds is None or index.kind.get(m.entity) in kinds)]


def _check_people(index: _Index, text: str, info: _SentenceInfo, unit: _Unit, events: list[_Mention],
                  span: tuple[int, int], penalty: float) -> list[FactFlag]:
    """'The pact was signed by Litvinov and Ribbentrop': a person in a signing or commanding role who was not there."""
    kinds = _distinct(events)
    if len(kinds) != 1 or len(kinds[0]) != 1:
        return []
    fact = index.facts[next(iter(kinds[0]))]
    if not fact.actors or not fact.verified:
        return []
    actors = {r.entity for r in fact.actors}
    people = _entity_mentions(unit, index, {"person"})
    norms = [t.norm for t in info.toks]
    clause = text[unit.start : unit.end]
    flags = []
    for p in people:
        if p.entity in actors:
            wrong_country = _wrong_nationality(index, info, unit, p)
            if wrong_country and not _DATE_NEGATION.search(text, unit.start, p.end):
                conf = FACT_DEFAULTS["confidence_person"] - penalty
                flags.append(_make_flag(text, span, f"{p.entity} called a leader of {wrong_country}", fact, conf,
                                        "person"))
            continue
        role = _person_role(norms, p, people, info, unit)
        if not role:
            continue
        if _DATE_NEGATION.search(text, unit.start, p.end) or _CONDITIONAL.search(clause):
            continue
        names = ", ".join(r.entity for r in fact.actors)
        conf = FACT_DEFAULTS["confidence_person"] - penalty - (FACT_DEFAULTS["penalty_fuzzy"] if p.fuzzy else 0)
        flags.append(_make_flag(text, span, f"{p.entity} {role} the {_label(fact)} (actors: {names})", fact, conf,
                                "person"))
    return flags


_ROLE_NOUNS = _cue_index(("leader", "prime minister", "pm", "premier", "foreign minister", "minister", "president",
                          "dictator", "chancellor", "general", "commander", "foreign secretary", "commissar"))


def _wrong_nationality(index: _Index, info: _SentenceInfo, unit: _Unit, p: _Mention) -> str:
    """'the British leader Daladier': a country named right before a person's role that is not the person's own."""
    norms = [t.norm for t in info.toks]
    for k in range(max(0, p.i - 3), p.i):
        n = _cue_at(norms, k, _ROLE_NOUNS)
        if not n or k + n != p.i:
            continue
        country = next((m for m in unit.mentions if m.kind == "entity" and m.j == k
                        and index.kind.get(m.entity) == "country"), None)
        own = index.represents.get(p.entity)
        if country is not None and own and own != p.entity and country.entity != own:
            return country.entity
    return ""


def _person_role(norms: list[str], p: _Mention, people: list[_Mention], info: _SentenceInfo, unit: _Unit) -> str:
    """The role verb tying a person to the clause's event, or ''."""
    lo = next(k for k, t in enumerate(info.toks) if t.start >= unit.start)
    gap = FACT_DEFAULTS["role_gap"]
    # "by Molotov and Ribbentrop" / "under Zhukov": walk back over a list of people to the preposition.
    k = p.i - 1
    while k >= lo and (norms[k] in {"and", ",", "&"} or any(q.i <= k < q.j for q in people)):
        k -= 1
    if k >= lo and norms[k] in {"by", "with"}:
        for v in range(max(lo, k - gap), k):
            if norms[v] in _ROLE_BY or (norms[k] == "with" and _ROLE_BEFORE_VERB.match(norms[v])):
                return norms[v]
    if k >= lo and norms[k] == "under":
        return "commanded"
    if k >= lo + 1 and " ".join(norms[k - 1 : k + 1]) in {"led by", "commanded by"}:
        return "commanded"
    # "Litvinov and Ribbentrop signed": walk forward over the list to the verb.
    k = p.j
    while k < len(norms) and (norms[k] in {"and", ",", "&"} or any(q.i <= k < q.j for q in people)):
        k += 1
    for v in range(k, min(len(norms), k + 3)):
        if info.toks[v].start >= unit.end:
            break
        if _ROLE_BEFORE_VERB.match(norms[v]):
            if v + 1 < len(norms) and norms[v + 1] in _PARTICLES:
                return ""  # "gave up on", "made out": a phrasal verb, not signing or making the agreement
            return norms[v]
        if norms[v] not in {"had", "have", "both", "then", "also", "finally", "eventually", "personally"}:
            break
    return ""


def _country(index: _Index, m: _Mention) -> str:
    return index.represents.get(m.entity, m.entity)


def _check_sides(index: _Index, text: str, info: _SentenceInfo, unit: _Unit, events: list[_Mention],
                 span: tuple[int, int], penalty: float, clause: str) -> list[FactFlag]:
    """'The Soviets beat the Germans at Khalkhin Gol': an opponent who was not the enemy."""
    flags = []
    norms = [t.norm for t in info.toks]
    for facts in _distinct(events):
        if len(facts) != 1:
            continue
        fact = index.facts[next(iter(facts))]
        if not fact.opponents or not fact.verified:
            continue
        allowed = set(fact.opponents) | set(fact.parties)
        for m in _entity_mentions(unit, index, {"country", "person", "group"}):
            country = _country(index, m)
            if country in allowed or m.entity in allowed:
                continue
            k = m.i - 1
            while k >= 0 and norms[k] in {"and", ",", "both", "a", "an"}:
                k -= 1
            hit = False
            for back in range(1, 4):
                s = m.i - back
                if s < 0 or info.toks[s].start < unit.start:
                    break
                n = _cue_at(norms, s, _OPPOSE_I)
                if n and s + n <= m.i and s + n >= m.i - 1:
                    hit = True
                    break
            if not hit:
                continue
            before = text[unit.start : m.start]
            if re.search(r"\b(?:not|n't|never|rather\s+than|instead\s+of)\s*(?:\w+\s+){0,2}$", before, re.IGNORECASE):
                continue
            conf = FACT_DEFAULTS["confidence_side"] - penalty
            flags.append(_make_flag(text, span, f"{_label(fact)} fought against {m.entity}", fact, conf, "side"))
    return flags


def _check_absent(index: _Index, text: str, info: _SentenceInfo, unit: _Unit, events: list[_Mention],
                  span: tuple[int, int], penalty: float, clause: str) -> list[FactFlag]:
    """'The USSR attended the Munich conference', 'Britain signed the Nazi-Soviet Pact': a country that took no part."""
    flags = []
    if _NEGATION.search(clause):
        return []
    norms = [t.norm for t in info.toks]
    filler = {"and", ",", "both", "also", "all", "had", "did", "was", "were", "representatives", "leaders", "leader",
              "too", "'", "s", "foreign", "minister", "then", "even", "actually"}
    inherited = not _events(unit)
    for facts in _distinct(events):
        if len(facts) != 1:
            continue
        fact = index.facts[next(iter(facts))]
        if not (fact.absent or fact.parties) or not fact.verified:
            continue
        after_cue = [m for m in events if m.facts == facts]
        ents = _entity_mentions(unit, index)
        insiders = {*fact.parties, *fact.opponents, *(r.entity for r in fact.actors),
                    *(c.name for c in fact.camps), *(b for c in fact.camps for b in c.backers)}
        for m in ents:
            absent = _country(index, m) in fact.absent or m.entity in fact.absent
            # A signer who was no party ("Britain signed the Nazi-Soviet Pact") counts like an absent attender.
            outsider = bool(fact.parties) and not absent and index.kind.get(_country(index, m)) == "country" \
                and _country(index, m) not in insiders and m.entity not in insiders
            if not (absent or outsider):
                continue
            k = m.j
            while k < len(norms) and (norms[k] in filler or any(e.i <= k < e.j for e in ents)):
                k += 1
            cues = _ATTEND_I if absent else _SIGN_I
            n = _cue_at(norms, k, cues) if k < len(norms) and info.toks[k].start < unit.end else 0
            located = any(e.j <= m.i and e.i > 0 and norms[e.i - 1] in {"at", "in"} for e in after_cue)
            if n and not inherited and not located and not any(0 <= e.i - (k + n) <= 3 for e in after_cue):
                continue  # "the USSR joined the League after Munich": the cue governs another object
            if n:
                conf = FACT_DEFAULTS["confidence_absent"] - penalty
                what = "took part in" if absent else "was a party to"
                flags.append(_make_flag(text, span, f"{m.entity} {what} the {_label(fact)}", fact, conf, "side"))
                break
    return flags


def _check_camps(index: _Index, text: str, info: _SentenceInfo, unit: _Unit, clause: str) -> list[FactFlag]:
    """'The USSR sent aid to Franco': a power backing a side it did not back (camps name their conflict)."""
    flags = []
    if _NEGATION.search(clause):
        return []
    norms = [t.norm for t in info.toks]
    named = {m.entity for m in unit.mentions if m.kind == "entity"}
    for fact in index.rubric.facts:
        if not fact.camps or not fact.verified or not named & {c.name for c in fact.camps}:
            continue
        camp_of = {c.name: c for c in fact.camps}
        ents = _entity_mentions(unit, index)
        for b in ents:
            backer = _country(index, b)
            if b.entity in camp_of:
                continue
            k = b.j
            while k < len(norms) and (norms[k] in {"and", ",", "also", "had", "openly", "secretly", "actively", "both"}
                                      or any(e.i <= k < e.j for e in ents if e.entity not in camp_of)):
                k += 1
            n = _cue_at(norms, k, _SUPPORT_I)
            if not n and k < len(norms) and norms[k] in _SENDING:
                # "sent tanks and advisers to Franco"
                n = next((g - k + 1 for g in range(k + 1, min(len(norms), k + 6)) if norms[g] == "to"), 0)
            if not n:
                continue
            camp = next((e for e in ents if k + n <= e.i <= k + n + 6 and e.entity in camp_of), None)
            if camp is not None and camp.i > 0 and norms[camp.i - 1] in {"against", "fight", "fighting", "defeat", "beat"}:
                continue
            if camp is None:
                continue
            backers = set(camp_of[camp.entity].backers)
            others = {x for c in fact.camps if c.name != camp.entity for x in c.backers}
            if backer in backers or backer not in others:
                continue
            conf = FACT_DEFAULTS["confidence_side"]
            flags.append(_make_flag(text, (unit.start, unit.end), f"{b.entity} backed {camp.entity}", fact, conf,
                                    "side"))
    return flags


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


_NEGATION_WORDS = frozenset({"not", "never", "didn", "couldn", "wasn", "weren", "no", "refused", "failed"})
_STRONG_DENIAL = frozenset({"never", "cannot", "couldn", "could not"})
_WEAK_DENIAL = frozenset({"not", "didn", "wasn", "weren", "doesn", "don", "hadn"})


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


_CLAUSE_BREAK = re.compile(r",\s*(?:and|but|while|whereas|yet|so)\b|;")
_OWN_TIME_PREPOSITION = re.compile(r"\b(?:since|from|until|till|before|after|prior to)\s+(?:the\s+)?$",
                                   re.IGNORECASE)


def _check_sequence(index: _Index, text: str, info: _SentenceInfo, prev: _SentenceInfo | None) -> list[FactFlag]:
    """'The USSR joined the League after Munich': two events of the fact base put in the wrong order."""
    s = info.sentence
    flags = []
    events = sorted((m for u in info.units for m in _events(u) if len(m.facts) == 1), key=lambda m: m.start)
    norms = [t.norm for t in info.toks]
    if re.search(r"\b(?:not|n't|never)\b[^.]{0,20}\b(?:after|before|until)\b", s.text):
        return []
    for k, tok in enumerate(info.toks):
        for cues, direction in ((_AFTER_I, "after"), (_BEFORE_I, "before")):
            n = _cue_at(norms, k, cues)
            if not n:
                continue
            cue_start, cue_end = tok.start, info.toks[k + n - 1].end
            if _SEQUENCE_SKIP.search(text, max(s.start, cue_start - 8), min(s.end, cue_end + 12)):
                continue  # "after which", "soon after", "years before": not a plain ordering of two events
            later = [m for m in events if m.start >= cue_end and m.i - (k + n) <= FACT_DEFAULTS["sequence_gap"]]
            if not later:
                continue
            second = later[0]
            if text[s.start : cue_start].strip() == "":
                # "After Munich, Stalin signed the pact": the main clause follows the comma.
                comma = text.find(",", second.end, s.end)
                rest = [m for m in events if m.start > (comma if comma >= 0 else second.end)]
                if not rest or _OWN_TIME_PREPOSITION.search(text, max(s.start, rest[0].start - 20), rest[0].start):
                    continue  # "... the loans made since the Dawes Plan": that event is timed by its own word
                first, start = rest[0], s.start
            else:
                earlier = [m for m in events if m.end <= cue_start]
                if earlier and _CLAUSE_BREAK.search(text, earlier[-1].end, cue_start):
                    continue  # "X rested on loans, and after the Crash these were recalled": another clause
                if earlier:
                    first, start = earlier[-1], earlier[-1].start
                elif prev is not None and _ANAPHOR.match(s.text):
                    prev_events = [m for u in prev.units for m in _events(u) if len(m.facts) == 1]
                    if len(_distinct(prev_events)) != 1:
                        continue
                    first, start = prev_events[0], s.start
                else:
                    continue
            f1, f2 = index.facts[next(iter(first.facts))], index.facts[next(iter(second.facts))]
            stimulus = "respon" in norms[k] or "reaction" in norms[k] or any("respon" in w for w in norms[k : k + n])
            if f1.id == f2.id or f1.date is None or f2.date is None or not (f1.verified and f2.verified):
                continue
            if _CONDITIONAL.search(text, s.start, max(first.end, second.end)):
                continue
            a_lo, _, _, a_hi = _fact_span(f1.date)
            b_lo, _, _, b_hi = _fact_span(f2.date)
            wrong = a_hi < b_lo if direction == "after" else a_lo > b_hi
            if not wrong:
                continue
            claim = f"{_label(f1)} {direction} {_label(f2)}"
            fix = f"{f1.correction or f1.statement} {f2.correction or f2.statement}"
            conf = FACT_DEFAULTS["confidence_sequence"]
            end = max(second.end, cue_end, first.end)
            blamed = f2 if stimulus and direction == "after" else f1
            flag = _make_flag(text, (start, end), claim, blamed, conf, "sequence")
            flags.append(FactFlag(flag.start, flag.end, flag.text, claim, fix, blamed.id, flag.confidence, "sequence"))
    return flags


def _dedupe(flags: list[FactFlag], threshold: float) -> tuple[FactFlag, ...]:
    kept: list[FactFlag] = []
    for f in sorted(flags, key=lambda f: (-f.confidence, f.start, f.end, f.fact, f.kind)):
        if f.confidence < threshold:
            continue
        if any(k.fact == f.fact and k.kind == f.kind and k.start < f.end and f.start < k.end for k in kept):
            continue
        kept.append(f)
    return tuple(sorted(kept, key=lambda f: (f.start, f.end, f.fact, f.kind)))

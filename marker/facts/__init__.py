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

from marker.nlp import EssayDoc
from marker.rubric import Rubric
from marker.dates import DateClaim, date_matches, parse_dates
from marker.facts.checks.order import _check_by_the_time, _check_then
from marker.facts.checks.sequence import _check_sequence
from marker.facts.claims import parse_sentences
from marker.facts.grammar import read_with_parse
from marker.facts.index import _index
from marker.facts.model import FactFlag, _SentenceInfo
from marker.facts.sentences import _analyse_sentence, _check_unit
from marker.facts.spelled import keep_parses, quoted, spelled
from marker.facts.testable import untested

__all__ = ["FactFlag", "check_facts", "date_matches", "parse_dates", "untested"]


def check_facts(essay: EssayDoc, rubric: Rubric, seen: list[_SentenceInfo] | None = None) -> tuple[FactFlag, ...]:
    """False factual claims in an essay, as flags sorted by start offset (deterministic; abstains when unsure).

    `seen`, when given, receives each sentence's reading (what it names), so a benchmark can say at which stage a
    missed slip was lost."""
    if not rubric.facts:
        return ()
    index = _index(rubric)
    index.forget_dates()  # the previous essay's
    original = essay
    essay, respelt = spelled(essay, index)  # "untill 1920" read as "until 1920" (offsets unchanged)
    text = essay.text
    flags: list[FactFlag] = []
    infos: list[_SentenceInfo] = []
    anchors: list[tuple[int, int, DateClaim]] = []  # (sentence index, paragraph, date)
    for s in essay.sentences:
        info = _analyse_sentence(index, s, text, anchors, infos, _sentence_parse(s, essay))
        info.parse = _lazy_parse(info, essay)
        infos.append(info)
        prev = infos[-2] if len(infos) > 1 and infos[-2].sentence.paragraph == s.paragraph else None
        if info.skip:
            continue
        for unit_index, unit in enumerate(info.units):
            flags.extend(_check_unit(index, text, info, unit, unit_index, prev))
        flags.extend(_check_sequence(index, text, info, prev, infos[:-1]))
        flags.extend(_check_then(index, text, info))
        flags.extend(_check_by_the_time(index, text, info))
    flags = read_with_parse(index, text, infos, flags, essay)
    if seen is not None:
        seen.extend(infos)
    if essay is not original:  # quote the essay as written; share the parses of the sentences left as they were
        flags = [quoted(original.text, f) for f in flags]
        keep_parses(original, essay, respelt)
    return _dedupe(flags, rubric.thresholds.fact_confidence)



def _lazy_parse(info: _SentenceInfo, essay: EssayDoc):
    """The sentence's parse, made only when a check asks for it (kept in the essay, so it is made once; the same
    Parsed is handed to every check, so its token offsets are read once)."""
    made: list = []

    def parse():
        if not made:
            made.append(parse_sentences([info], {0}, essay)[0])
        return made[0]
    return parse


def _sentence_parse(s, essay: EssayDoc):
    """A sentence's parse before its claims are read (the same parse every reader shares)."""
    def parse():
        from marker.facts.claims import Parsed
        from marker.nlp import sentence_parses
        return Parsed(sentence_parses(essay, [s.index])[s.index], s.start)
    return parse


def _dedupe(flags: list[FactFlag], threshold: float) -> tuple[FactFlag, ...]:
    kept: list[FactFlag] = []
    for f in sorted(flags, key=lambda f: (-f.confidence, f.start, f.end, f.fact, f.kind)):
        if f.confidence < threshold:
            continue
        if any(k.fact == f.fact and k.kind == f.kind and k.start < f.end and f.start < k.end for k in kept):
            continue
        kept.append(f)
    return tuple(sorted(kept, key=lambda f: (f.start, f.end, f.fact, f.kind)))

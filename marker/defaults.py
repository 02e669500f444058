"""Tunable numbers and the English discourse cues marker reads, in one place.

Nothing here is about a topic: topic knowledge lives in rubric files. These are properties of how students write
analytical English (connectives of cause, contrast and judgement) and the matcher's fixed feature settings.
Thresholds that decide anything are fitted (marker/fit.py) and stored beside the rubric, not set here.
"""

from __future__ import annotations

import re

DEFAULTS = {
    # A sentence counts towards a point's support when that point is its best match and above this similarity.
    "support_similarity": 0.35,
    # At most this many evidence spans are reported per point.
    "max_evidence": 3,
    # Evidence sentences must reach this similarity (or carry a key term) to be shown.
    "evidence_similarity": 0.40,
    # Sentence-embedding batch size and truncation are the embedder's own (marker/embed.py).
    # Ridge and logistic regularisation, chosen by cross-validation on the development essays (docs/benchmarks.md).
    "point_c": 0.5,
    "debate_c": 0.5,
    "level_alpha": 3.0,
    "cv_folds": 5,
    # Longer texts are refused with a clear message rather than marked slowly (an A-level essay is < 3,000 words).
    "max_words": 15000,
}

# Words that open a sentence by pointing back to the previous one; such sentences are also read with their
# predecessor, so "It gave Stalin time" is matched with what "it" refers to.
ANAPHORA_OPENING = re.compile(
    r"^\W*(?:it|this|that|these|those|they|he|she|such|the\s+(?:pact|treaty|agreement|deal|alliance|policy|move|"
    r"decision))\b",
    re.IGNORECASE,
)


def _cue_regex(phrases: list[str]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(p).replace(r"\ ", r"\s+") for p in phrases), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


CAUSAL = _cue_regex([
    "because", "therefore", "thus", "hence", "as a result", "consequently", "this meant", "which meant",
    "meant that", "so that", "in order to", "led to", "leading to", "resulted in", "caused", "due to",
    "since", "explains", "shows that", "showed that", "suggests", "suggesting", "proves", "demonstrates",
    "the reason", "why", "motivated", "driven by", "aim was", "aimed to", "wanted to", "so as to",
])
CONTRAST = _cue_regex([
    "however", "but", "whereas", "on the other hand", "although", "though", "while", "nevertheless",
    "yet", "in contrast", "conversely", "despite", "instead", "rather than", "on the contrary",
    "outweigh", "outweighed", "more important", "less important", "more significant", "less significant",
    "more than", "to some extent", "to a large extent", "to a limited extent", "at first", "in the short term",
    "in the long term", "in the long run", "ultimately",
])
JUDGEMENT = _cue_regex([
    "overall", "in conclusion", "to conclude", "ultimately", "on balance", "the main reason", "the most important",
    "most significant", "primarily", "above all", "to a large extent", "to a great extent", "to a limited extent",
    "to some extent", "the key factor", "the decisive", "the crucial", "more convincing", "more persuasive",
    "i would argue", "it is clear that", "this essay argues", "this essay will argue", "clearly",
])
# Evaluative language: a sentence that weighs, judges or draws significance (analysis rather than narrative).
EVALUATION = _cue_regex([
    "suggests", "suggest", "shows that", "showed that", "significant", "significance", "more important",
    "less important", "outweigh", "outweighed", "outweighs", "extent", "main reason", "most important", "crucial",
    "decisive", "arguably", "historian", "historians", "interpretation", "convincing", "persuasive", "limited",
    "however", "whereas", "on the other hand", "nevertheless", "therefore", "thus", "because of this",
    "this meant", "consequently",
])
# Narrative openings: a sentence that starts by moving the story on in time ("In 1935 ...", "Then ..."); the date
# itself is read by marker.dates.narrative_opening.
NARRATIVE_OPENER = re.compile(
    r"^\s*(?:in|on|by|after|before|then|next|later|afterwards|during|from|at first|finally|soon|eventually|meanwhile)\b",
    re.IGNORECASE,
)
NARRATIVE_ALONE = re.compile(r"^\s*(?:then|next|after that|afterwards|later|meanwhile)\b", re.IGNORECASE)
HEDGE = _cue_regex([
    "possibly", "perhaps", "may have", "might have", "some historians", "it is said", "allegedly", "arguably",
    "probably", "i think", "not sure", "maybe",
])

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


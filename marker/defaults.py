"""Tunable numbers and the English discourse cues marker reads, in one place.

Nothing here is about a topic: topic knowledge lives in rubric files. These are properties of how students write
analytical English (connectives of cause, contrast and judgement) and the matcher's fixed feature settings.
Thresholds that decide anything are fitted (marker/fit.py) and stored beside the rubric, not set here.
"""

from __future__ import annotations

import re
from typing import Any

DEFAULTS: dict[str, Any] = {
    # A sentence counts towards a point's support when that point is its best match and above this similarity.
    "support_similarity": 0.35,
    # A sentence this similar to one of the rubric's questions restates the question (a question line).
    "question_similarity": 0.80,
    "question_opening": 2,  # ... when it is one of the essay's first two sentences
    # A sentence this close (rapidfuzz ratio) to a rubric point's title is that title pasted in: a heading.
    "title_similarity": 90,
    # A sentence is about a point when it paraphrases it at least this closely and the point is its best match
    # within about_margin, or names it outside a list and the point is its best match within named_about_margin.
    # Below paraphrase_similarity everywhere, and never named, a point gets no credit. Chosen on the training
    # essays (development + blind train): no gold-covered point of 211 essays falls under 0.5 unnamed.
    "paraphrase_similarity": 0.50,
    "about_margin": 0.03,
    "named_about_margin": 0.10,
    # At most this many evidence spans are reported per point.
    "max_evidence": 3,
    # Evidence sentences must reach this similarity (or carry a key term) to be shown.
    "evidence_similarity": 0.40,
    # Sentence-embedding batch size and truncation are the embedder's own (marker/embed.py).
    # Ridge and logistic regularisation, chosen by cross-validation on the development essays (docs/benchmarks.md).
    "point_c": 0.5,
    "debate_c": 0.5,
    # The level ridge: 10 chosen by cross-validation on the blind corpus's training essays and the development
    # essays (0.3, 3 and 10 compared; docs/benchmarks.md). A department's marks refine the shipped level model with
    # a ridge of calibration_alpha on what it gets wrong (marker/linear.py refine_ridge).
    "level_alpha": 10.0,
    "calibration_alpha": 10.0,
    "calibration_shift_alpha": 1.0,
    "cv_folds": 5,
    # Longer texts are refused with a clear message rather than marked slowly (an A-level essay is < 3,000 words).
    "max_words": 15000,
    # Level features (marker/argument.py): argued paragraphs count up to this many; an introduction and a
    # conclusion whose mean sentence vectors reach this cosine are read as holding one line of argument.
    "argued_paragraphs_cap": 5,
    "factors_explained_cap": 6,
    # Past half the student's own sentences qualifying a claim (marker/claims.py), more qualifiers are not more
    # analysis: the share counts up to this (99 % of training essays are under 0.44); under qualify_target_below
    # (the training essays' lower quartile, 0.062: the median level 1-2 answer, under the 10th percentile of level
    # 4-5 ones) feedback asks the student to qualify claims.
    "qualified_rate_cap": 0.5,
    "qualify_target_below": 0.06,
    # From this share of the student's sentences of argument dated outside the rubric's period (about the training
    # essays' 95th percentile, 0.049), feedback asks the student to keep to the period.
    "off_period_target_at": 0.05,
    "error_rate_cap": 1.0,  # flagged factual errors per 100 words past this (about 1 essay in 100) cost no more  # explained factors past this many add no range to the level features
    "intro_conclusion_agreement": 0.6,
    # An answer of its own needs one sentence of this many words, not a near-copy (rapidfuzz token-set ratio at or
    # above copied_text_ratio) of the question or of a rubric point's title or description.
    "prose_min_words": 6,
    "copied_text_ratio": 90,
    # What a flagged factual error costs: marks per error (fitted with the level model, marker/fit.py, and kept
    # within these bounds) and at most this many marks in all, so accuracy is one strand of the level, not a band.
    "error_cost_bounds": (0.5, 1.5),
    "error_cost_cap": 3.0,
    # Feedback asks for a factor only when the question rewards it more than this (the rubric's per-question
    # importance): below it a factor is outside the question's period or scope.
    "target_min_importance": 0.3,
    # A detected question is reported as sure (confidence 1) when it scores this much better (cosine) than the
    # next best question; less, proportionately less sure. Under this margin from the opening alone, what the
    # essay argues joins the decision (match.question_scores).
    "question_margin_sure": 0.1,
    # Below this confidence the report says it is unsure of the question: on the training essays, detections
    # under a quarter of the sure margin were right about half the time (docs/benchmarks.md, issue 14 part 5).
    "question_unsure": 0.25,
    # What the essay argues helps pick its question with full weight once this many (sentence, point) readings
    # are about rubric points; fewer count proportionately less, so two vague sentences do not make a question
    # sure. Detection on the training essays is the same for any floor from 1 to 20 (a few short ones have 5-9).
    "question_body_sentences": 10,
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
# A closing paragraph that sets out to conclude.
CONCLUSION = _cue_regex([
    "in conclusion", "to conclude", "overall", "on balance", "in summary", "to sum up", "ultimately", "in the end",
    "therefore", "thus", "clearly", "in short",
])
# The framing words of an exam question, which are not what it is about ("to what extent", "assess", "view").
QUESTION_FRAME = re.compile(
    r"extent|assess|validity|view|far|agree|explain|examine|evaluate|discuss|main|reason|reasons|important|"
    r"significant|successful|convincing|years|period|interpretation|statement|how|why|what",
    re.IGNORECASE,
)
# Comparative weighing: one factor set against another ("more important than", "rather than", "above all").
WEIGHING = _cue_regex([
    "more important", "less important", "most important", "more significant", "less significant",
    "most significant", "more decisive", "most decisive", "rather than", "more than", "less than", "outweigh",
    "outweighed", "outweighs", "above all", "the key", "decisive", "crucial", "only because", "not simply",
    "not just", "not merely", "primarily", "mainly", "chiefly", "largely", "far more", "much more", "whereas",
    "in the short term", "in the long term", "precondition", "necessary", "sufficient", "ultimately",
])

# Tunable numbers of the fact checker, in one place (the decision threshold itself is rubric.thresholds).
FACT_DEFAULTS: dict[str, Any] = {
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
    "confidence_quantity": 0.9,          # "won 32 seats in the 1928 election": a figure tied to its event by the parse
    "confidence_membership": 0.9,        # "the USSR wasnt in the League in 1935": a state dated clearly inside or outside
    "quantity_approx_tolerance": 0.35,  # "about three million" passes within 35% of the figure; a bare figure must match
    "penalty_fuzzy": 0.04,              # a name matched only through a misspelling
    "penalty_inherited": 0.06,          # the event came from "which ..." or the previous sentence
    "fuzzy_min_length": 5,              # shorter words are never fuzzy-corrected
    "frame_verb_gap": 4,                # tokens allowed between a frame's verb and its target
    "frame_agent_gap": 6,               # tokens allowed between a frame's agent and its verb
    "verbless_frame_gap": 8,            # tokens allowed between agent and target when a frame has no verb
    "cue_after_gap": 5,                 # words allowed between a date and a cue word after it ("In 1935 the USSR signed")
    "clause_tie_gap": 8,                # at most this many words between an event and a date it is tied to
    "adjacent_gap": 2,                  # tokens between a date and an event name to count as adjacent
    "relative_anchor_sentences": 1,     # how many sentences back "a year later" may look for its date
    # years beyond a term's edges inside which a post changing hands, its post unnamed, is still the fact's own
    # ("dismissed in 1933" for a term that ended in 1932); further off it may be another post (facts/checks/dates.py)
    "post_window_years": 1,
}


"""Level and mark on the rubric's levels-of-response scheme, with the reasons that placed the essay there.

The features are what an examiner rewards, read per paragraph by marker/argument.py with no topic in them: range
(the share of what the rubric rewards for the question that the essay explains, and how many factors it explains),
debates weighed, argued and evidenced paragraphs, paragraphs of argument, links back to the question,
counter-argument, a sustained judgement, comparative weighing, precise terms, and narrative as a cost (claims
qualified rather than asserted flatly and material dated outside the rubric's period are read and reported, not
weighted: REPORTED_ONLY); nothing
reads register (informal words are who wrote the essay, not what examiners reward). A ridge regression fitted on
the blind corpus's training essays of every topic (marker/fit.py, benchmarks/levels.py) maps them to a mark, each
weight held to the sign the mark scheme gives it; the features and the regularisation were chosen by
leave-one-topic-out as well as in-topic cross-validation. Accuracy is one strand of the descriptor: flagged factual
errors cost in proportion to the essay's length (errors per 100 words, capped) plus what examiners took off for
each one (fitted, bounded), never a band. The level is the band holding the mark.
"""

from __future__ import annotations

import numpy as np

from marker.argument import ARGUMENT_FEATURES, argument_features
from marker.defaults import DEFAULTS
from marker.errors import RubricError
from marker.linear import LinearModel
from marker.match import Coverage
from marker.nlp import EssayDoc
from marker.report import Judgement
from marker.rubric import Rubric
from marker.signals import SentenceSignals

LEVEL_FEATURES = (*ARGUMENT_FEATURES, "error_rate")
# Read and said to the teacher and student, but not given a weight: qualified claims, with material outside the
# rubric's period (which marker/claims.py tells, never a feature), passed the training criterion together and lowered
# the level figures on essays by other hands (a rubric title's span is not the scope of an answer;
# docs/benchmarks.md, issue 14 round 7), so the level model is fitted on the rest. One place decides it: fit_level
# and every refit read MODEL_FEATURES.
REPORTED_ONLY = ("qualified_rate",)
MODEL_FEATURES = tuple(name for name in LEVEL_FEATURES if name not in REPORTED_ONLY)
# The sign the mark scheme gives each modelled feature: narrative and factual errors only ever lower the mark.
MODEL_SIGNS = tuple(-1.0 if name in ("narrative_rate", "error_rate") else 1.0 for name in MODEL_FEATURES)


def model_columns(rows: np.ndarray, names: tuple[str, ...] = MODEL_FEATURES) -> np.ndarray:
    """The `names` columns of level-feature rows (in LEVEL_FEATURES order)."""
    return rows[:, [LEVEL_FEATURES.index(name) for name in names]]


def level_features(rubric: Rubric, question_id: str | None, essay: EssayDoc, coverage: Coverage,
                   sig: SentenceSignals, *, n_errors: int) -> list[float]:
    """The essay-level features named in LEVEL_FEATURES: the argument's (marker/argument.py) and the flagged
    factual errors per 100 words (capped), so errors cost in proportion to how much the essay says; judge adds
    the fitted, bounded cost per error on top."""
    feats = argument_features(rubric, question_id, essay, sig, coverage.points)
    per_100 = 100.0 * n_errors / max(1, len(essay.text.split()))
    feats["error_rate"] = min(per_100, DEFAULTS["error_rate_cap"])  # capped: accuracy is one strand of the mark
    return [feats[name] for name in LEVEL_FEATURES]


def error_cost(n_errors: int, per_error: float) -> float:
    """Marks taken off for flagged factual errors: per error as fitted, within bounds, and capped in all."""
    low, high = DEFAULTS["error_cost_bounds"]
    return float(min(DEFAULTS["error_cost_cap"], n_errors * float(np.clip(per_error, low, high))))


def judge(rubric: Rubric, model: LinearModel, features: list[float], coverage: Coverage, *, n_errors: int = 0,
          per_error: float = DEFAULTS["error_cost_bounds"][0], no_argument: str | None = None,
          notes: tuple[str, ...] = ()) -> Judgement:
    """Best-fit level and mark, and the descriptor and evidence behind it.

    `no_argument` (marker/argument.py's reason) keeps an answer with no argument of its own in the lowest level;
    `notes` are further reasons said to the teacher (marker/claims.py's sentences outside the period)."""
    levels = sorted(rubric.levels, key=lambda lv: lv.level)
    credit = [pm for pm in coverage.points if pm.status != "missing"]
    if not credit:
        reasons = ("No rubric point or debate is made.", *((no_argument,) if no_argument else ()))
        return Judgement(0, 0, "Nothing worthy of credit: the answer does not address the rubric's points.",
                         reasons, 1.0)
    cost = error_cost(n_errors, per_error)
    raw = float(model.predict_value(np.array([in_model_order(model, features)]))[0]) - cost
    lowest, highest = levels[0].marks[0], levels[-1].marks[1]
    reasons = (*_reasons(features, coverage, n_errors, cost), *notes)
    if no_argument:
        highest = levels[0].marks[1]
        reasons = (*reasons, no_argument)
    elif not any(pm.status == "covered" for pm in coverage.points):
        # The scheme's lowest level is "little relevant evidence": with no point made with substance, the
        # regression (fitted on answers that all made some) is not trusted above it.
        highest = levels[0].marks[1]
        reasons = (*reasons, f"No point is explained with substance, so the answer stays in level {levels[0].level}.")
    mark = int(np.clip(np.floor(raw + 0.5), max(lowest, 1), highest))
    if no_argument:
        # The regression was fitted on answers that argue something; for one that does not, the mark rises through
        # the lowest band only with the share of the rubric's points it names (one word earns the band's floor).
        floor = max(lowest, 1)
        named = len(credit) / max(1, len(coverage.points))
        mark = min(mark, floor + int(np.floor((highest - floor) * named + 1e-9)))
    level = rubric.level_for_mark(mark)
    band = next(lv for lv in levels if lv.level == level)
    half_width = (band.marks[1] - band.marks[0] + 1) / 2
    centre = (band.marks[0] + band.marks[1]) / 2
    confidence = float(np.clip(1.0 - abs(raw - centre) / (half_width + 1.0), 0.0, 1.0))
    return Judgement(level, mark, band.descriptor, reasons, confidence)


def in_model_order(model: LinearModel, features: list[float]) -> list[float]:
    """The level features (in LEVEL_FEATURES order) as the model reads them, by name: a model fitted before a
    feature existed (a department's saved calibration) does not read it and marks as it did; a model that reads a
    feature this marker no longer computes is refused with a clear message rather than read with shifted weights."""
    if tuple(model.features) == LEVEL_FEATURES:
        return features
    return model_columns(np.array([features], dtype=float), model_features(model))[0].tolist()


def model_features(model: LinearModel) -> tuple[str, ...]:
    """The model's features, each one this marker computes (else a clear refusal)."""
    unknown = [name for name in model.features if name not in LEVEL_FEATURES]
    if unknown:
        raise RubricError("the level model reads features this marker does not compute (" + ", ".join(unknown)
                          + "): refit it (`marker fit`, or `python benchmarks/levels.py --save` for the shipped "
                          "models)")
    return tuple(model.features)


def _reasons(features: list[float], coverage: Coverage, n_errors: int, cost: float) -> tuple[str, ...]:
    f = dict(zip(LEVEL_FEATURES, features))
    factors = [pm for pm in coverage.points if pm.kind == "factor"]
    covered = [pm for pm in factors if pm.status == "covered"]
    partial = [pm for pm in factors if pm.status == "partial"]
    debates = [pm for pm in coverage.points if pm.kind == "debate" and pm.status == "covered"]
    reasons = [f"Range: {len(covered)} of {len(factors)} factors explained ({f['range_explained']:.0%} of what "
               "the question rewards)" + (f"; {len(partial)} only mentioned, which earns nothing by itself."
                                           if partial else ".")]
    if debates:
        reasons.append("Debates weighed: " + "; ".join(pm.title.rstrip(".?") for pm in debates) + ".")
    else:
        reasons.append("No debate is weighed with both sides argued.")
    reasons.append(f"Argument: {f['argued_paragraphs'] * DEFAULTS['argued_paragraphs_cap']:.0f} paragraph(s) "
                   f"argue a claim with explanation and evidence; {f['linked_paragraphs']:.0%} of paragraphs link "
                   f"back to the question; {f['counter_paragraphs']:.0%} weigh a counter-argument.")
    judgement = f["judgement_sustained"]
    reasons.append("Judgement: " + ("sustained to a conclusion that answers the question." if judgement >= 0.99 else
                                    "reached in a conclusion, but not fully sustained from the introduction."
                                    if judgement > 0 else "no concluding judgement on the question."))
    share = f["qualified_rate"] * DEFAULTS["qualified_rate_cap"]  # the feature is the capped share, scaled to 0-1
    qualified = f"{share:.0%}" + ("+" if f["qualified_rate"] >= 1 else "")
    reasons.append(f"Analysis: {f['weighing_rate']:.0%} of sentences weigh one factor against another; {qualified} "
                   "qualify a claim (how far, compared with what, or with what limit: \"partly\", \"more than\", "
                   f"\"although ...\") rather than assert it flatly; {f['narrative_rate']:.0%} open by narrating "
                   "events in sequence.")
    if n_errors:
        reasons.append(f"Accuracy: {n_errors} factual error(s) found, costing {cost:.1f} mark(s).")
    return tuple(reasons)

"""Level and mark on the rubric's levels-of-response scheme, with the reasons that placed the essay there.

The features are what an examiner rewards: the range of factors covered (weighted by importance for the question),
debates weighed, precise evidence, explanation and evaluation, a judgement, focus on the question, and accuracy.
Length enters only through what it enables (more factors covered), never directly. A ridge regression fitted on
annotated essays (marker/fit.py) maps them to a mark; the level is the band holding that mark.
"""

from __future__ import annotations

import numpy as np

from marker.linear import LinearModel
from marker.match import Coverage, SentenceSignals
from marker.report import Judgement
from marker.rubric import Rubric

LEVEL_FEATURES = ("coverage_weighted", "debates", "evaluation_rate", "narrative_rate", "errors")


def level_features(rubric: Rubric, question_id: str | None, coverage: Coverage, sig: SentenceSignals,
                   n_errors: int) -> list[float]:
    """The essay-level features named in LEVEL_FEATURES.

    Range: importance-weighted probability that each factor is explained. Debate: summed probability that each
    debate is weighed. Analysis: share of sentences using evaluative language. Narrative: share of sentences that
    open by moving the story on in time. Accuracy: factual errors found. Each is a rate or a capped count, so a
    long narrative earns nothing for its length alone.
    """
    n = sig.sims.shape[0]
    if n == 0:
        return [0.0] * len(LEVEL_FEATURES)
    weights = {p.id: rubric.importance(p.id, question_id) for p in rubric.factors}
    total = sum(weights.values()) or 1.0
    cov = sum(weights[pid] * pr.get("covered", 0.0) for pid, pr in coverage.factor_probs.items()) / total
    return [
        cov,
        float(sum(coverage.debate_probs.values())),
        float(sig.evaluation.mean()),
        float(sig.narrative.mean()),
        float(min(n_errors, 5)),
    ]


def judge(rubric: Rubric, model: LinearModel, features: list[float], coverage: Coverage) -> Judgement:
    """Best-fit level and mark, and the descriptor and evidence behind it."""
    levels = sorted(rubric.levels, key=lambda lv: lv.level)
    credit = [pm for pm in coverage.points if pm.status != "missing"]
    if not credit:
        return Judgement(0, 0, "Nothing worthy of credit: the answer does not address the rubric's points.",
                         ("No rubric point or debate is made.",), 1.0)
    raw = float(model.predict_value(np.array([features]))[0])
    lowest, highest = levels[0].marks[0], levels[-1].marks[1]
    reasons = _reasons(features, coverage)
    if not any(pm.status == "covered" for pm in coverage.points):
        # The scheme's lowest level is "little relevant evidence": with no point made with substance, the
        # regression (fitted on answers that all made some) is not trusted above it.
        highest = levels[0].marks[1]
        reasons = (*reasons, f"No point is explained with substance, so the answer stays in level {levels[0].level}.")
    mark = int(np.clip(np.floor(raw + 0.5), max(lowest, 1), highest))
    level = rubric.level_for_mark(mark)
    band = next(lv for lv in levels if lv.level == level)
    half_width = (band.marks[1] - band.marks[0] + 1) / 2
    centre = (band.marks[0] + band.marks[1]) / 2
    confidence = float(np.clip(1.0 - abs(raw - centre) / (half_width + 1.0), 0.0, 1.0))
    return Judgement(level, mark, band.descriptor, reasons, confidence)


def _reasons(features: list[float], coverage: Coverage) -> tuple[str, ...]:
    f = dict(zip(LEVEL_FEATURES, features))
    factors = [pm for pm in coverage.points if pm.kind == "factor"]
    covered = [pm for pm in factors if pm.status == "covered"]
    partial = [pm for pm in factors if pm.status == "partial"]
    debates = [pm for pm in coverage.points if pm.kind == "debate" and pm.status == "covered"]
    reasons = [f"Range: {len(covered)} of {len(factors)} factors explained"
               + (f", {len(partial)} only mentioned." if partial else ".")]
    if debates:
        reasons.append("Debates weighed: " + "; ".join(pm.title.rstrip(".?") for pm in debates) + ".")
    else:
        reasons.append("No debate is weighed with both sides argued.")
    reasons.append(f"Analysis: {f['evaluation_rate']:.0%} of sentences evaluate or weigh; "
                   f"{f['narrative_rate']:.0%} open by narrating events in sequence.")
    if f["errors"]:
        reasons.append(f"Accuracy: {int(f['errors'])} factual error(s) found.")
    return tuple(reasons)

"""One essay through the pipeline: analyse, match, check facts, score, give feedback, report.

Every stage is a plain function over frozen data; this module only wires them, so an essay can be followed
through the code in one pass. Nothing here reads files except through ingest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from marker.argument import no_argument
from marker.claims import off_period_reason, off_period_told, own_sentences
from marker.defaults import DEFAULTS
from marker.facts import FactFlag, check_facts
from marker.feedback import build_feedback
from marker.errors import display_name
from marker.ingest import looks_english, read_essay, word_count
from marker.match import detect_question, match_points, question_scores
from marker.models_io import MarkingModels, load_models
from marker.nlp import EssayDoc, analyse
from marker.report import Evidence, PointMatch, Report, error_report
from marker.rubric import Rubric
from marker.signals import SentenceSignals, sentence_signals
from marker.score import LEVEL_FEATURES, judge, level_features
from marker.textlimits import TEXT_LIMITS, Normalised, check_text, shortened_warning, unchecked_warning


def missing_in_order(rubric: Rubric, question_id: str | None, points, status: str = "missing") -> tuple[str, ...]:
    """Points with this status (missing, or partial: to develop), most important for the question first (rubric
    order breaks ties)."""
    order = {p.id: i for i, p in enumerate(rubric.points)}
    chosen = [pm.id for pm in points if pm.status == status]
    return tuple(sorted(chosen, key=lambda pid: (-rubric.importance(pid, question_id), order[pid])))


def question_confidence(signals: SentenceSignals, rubric: Rubric, question_id: str) -> float:
    """How sure the detected question is, 0-1: how far it scores above the next best question (match.question_scores:
    the opening, and where that is unclear what the essay argues), 1.0 for a rubric with one question."""
    if len(rubric.questions) == 1 or signals.vectors.shape[0] == 0:
        return 1.0 if len(rubric.questions) == 1 else 0.0
    sims = question_scores(signals, rubric)
    chosen = [q.id for q in rubric.questions].index(question_id)
    others = np.delete(sims, chosen)
    margin = float(sims[chosen] - others.max())
    return float(np.clip(margin / DEFAULTS["question_margin_sure"], 0.0, 1.0))


@dataclass(frozen=True)
class Prepared:
    """The model-independent part of marking one essay: read once, reused when models are refitted (CV).

    `text` is the essay as written; `essay` (and so the signals) is the analysed text, which differs only when very
    long runs were shortened (`normalised` maps its offsets back). `errors` already index `text`.
    """

    text: str
    essay: EssayDoc
    signals: SentenceSignals
    errors: tuple[FactFlag, ...]
    warnings: tuple[str, ...]
    normalised: Normalised | None = field(default=None, repr=False, compare=False)


def prepare(text: str, rubric: Rubric, warnings: tuple[str, ...] = (), *, name: str = "essay") -> Prepared:
    """Check the text's limits (refused over them, long runs shortened: marker.textlimits), analyse it, read every
    sentence against the rubric and check its facts. `name` is the essay as error messages call it."""
    normalised = check_text(text, display_name(name))
    if normalised.shortened:
        warnings = (*warnings, shortened_warning(normalised))
    essay = analyse(normalised.text)
    if text.strip() and not looks_english(text):
        warnings = (*warnings, "The essay does not look like English; marker reads English only.")
    checkable = tuple(s for s in essay.sentences if len(s.lemmas) <= TEXT_LIMITS["max_checked_sentence_words"])
    if len(checkable) < len(essay.sentences):
        warnings = (*warnings, unchecked_warning(len(essay.sentences) - len(checkable)))
    # The signals first: reading the argument parses every candidate sentence in one batch, so the fact checker,
    # which asks for its sentences' parses one at a time, finds them made (one batch costs less than 3 ms a call).
    signals = sentence_signals(essay, rubric)
    flags = check_facts(replace(essay, sentences=checkable), rubric)
    errors = tuple(_flag_in_original(flag, normalised) for flag in flags)
    return Prepared(text, essay, signals, errors, tuple(warnings), normalised)


def _flag_in_original(flag: FactFlag, normalised: Normalised) -> FactFlag:
    if not normalised.shortened:
        return flag
    start, end, text = normalised.span(flag.start, flag.end)
    return replace(flag, start=start, end=end, text=text)


def _points_in_original(points: tuple[PointMatch, ...], normalised: Normalised | None) -> tuple[PointMatch, ...]:
    if normalised is None or not normalised.shortened:
        return points
    return tuple(replace(p, evidence=tuple(Evidence(*normalised.span(e.start, e.end), e.role) for e in p.evidence))
                 for p in points)


def assemble(prepared: Prepared, rubric: Rubric, models: MarkingModels, *, name: str = "essay",
             question_id: str | None = None) -> Report:
    """Apply the fitted models to a prepared essay and build its report. Without a question id, the question
    is detected from the essay's opening (the report says so)."""
    detected = question_id is None
    question = rubric.question(detect_question(prepared.signals, rubric) if detected else question_id)
    coverage = match_points(prepared.essay, rubric, prepared.signals, models.match, question.id)
    coverage = replace(coverage, points=_points_in_original(coverage.points, prepared.normalised))
    features = level_features(rubric, question.id, prepared.essay, coverage, prepared.signals,
                              n_errors=len(prepared.errors))
    own, told = own_sentences(prepared.signals), off_period_told(rubric, prepared.essay, prepared.signals)
    judgement = judge(rubric, models.level, features, coverage, n_errors=len(prepared.errors),
                      per_error=models.error_cost, no_argument=no_argument(rubric, prepared.essay.sentences),
                      notes=tuple(filter(None, [off_period_reason(rubric, told, own)])))
    missing = missing_in_order(rubric, question.id, coverage.points)
    develop = missing_in_order(rubric, question.id, coverage.points, status="partial")
    named = dict(zip(LEVEL_FEATURES, features))
    feedback = build_feedback(rubric, question.id, coverage.points, missing, prepared.errors,
                              qualified_share=named["qualified_rate"] * DEFAULTS["qualified_rate_cap"],
                              off_period=tuple(s.text for s, o in zip(prepared.essay.sentences, told) if o),
                              off_period_share=float(told.sum()) / max(1, int(own.sum())))
    return Report(
        essay=name,
        rubric=rubric.id,
        rubric_version=rubric.version,
        question=question.id,
        question_detected=detected,
        question_text=question.text,
        question_confidence=question_confidence(prepared.signals, rubric, question.id) if detected else 1.0,
        max_mark=rubric.max_mark,
        words=word_count(prepared.text),
        points=coverage.points,
        missing=missing,
        develop=develop,
        errors=prepared.errors,
        judgement=judgement,
        feedback=feedback,
        warnings=prepared.warnings,
        text=prepared.text,
    )


def mark_essay(text: str, rubric: Rubric, *, name: str = "essay", question_id: str | None = None,
               models: MarkingModels | None = None, warnings: tuple[str, ...] = ()) -> Report:
    """Mark one essay's text against a rubric."""
    prepared = prepare(text, rubric, warnings, name=name)
    return assemble(prepared, rubric, models or load_models(rubric), name=name, question_id=question_id)


def mark_file(path: str | Path, rubric: Rubric, *, question_id: str | None = None,
              models: MarkingModels | None = None) -> Report:
    """Read and mark one file inside its own error boundary: a file that cannot be read, or any failure while
    marking it, becomes a Report with `error` set (one line naming the file), never an exception."""
    try:
        essay = read_essay(path)
        return mark_essay(essay.text, rubric, name=str(path), question_id=question_id, models=models,
                          warnings=essay.warnings)
    except Exception as exc:  # noqa: BLE001 - one essay's failure, whatever raised it, must not cost the others
        return error_report(str(path), rubric.id, exc)



def mark_essays(paths: Iterable[str | Path], rubric: Rubric, *, question_id: str | None = None,
                progress: Callable[[int, int], None] | None = None) -> list[Report]:
    """Mark a class in one process: models load once; one bad file never spoils the batch."""
    paths = list(paths)
    models = load_models(rubric)
    reports = []
    for i, path in enumerate(paths):
        reports.append(mark_file(path, rubric, question_id=question_id, models=models))
        if progress:
            progress(i + 1, len(paths))
    return reports

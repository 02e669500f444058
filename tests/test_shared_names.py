"""A factor named only by names it shares with other factors (issue 14 part 1, round 15): match.by_shared_name
demotes, on the final calls only, a factor the essay names only by terms two or more factors share
(RubricIndex.shared_terms) and never paraphrases (SentenceSignals.named_only_by_shared)."""

import pytest

from marker.mark import prepare
from marker.match import by_shared_name

ESSAY = ("Litvinov was a clever man who spoke many languages. Later he argued for collective security against "
         "Hitler.\n\n"
         "The Comintern held its meetings in a large hall in Moscow. Lenin hoped that workers in every country would "
         "rise up and overthrow their rulers.\n\n"
         "Chamberlain flew home and waved a piece of paper at the crowd.\n\n"
         "Stalin sent tanks and pilots to Spain in 1936.\n")


def _all_covered(rubric):
    return {p.id: {"covered": 0.9, "partial": 0.06, "missing": 0.04} for p in rubric.points if p.kind == "factor"}


def test_a_factor_named_only_by_shared_names_is_at_most_partial(rubric):
    sig = prepare(ESSAY, rubric).signals
    probs = by_shared_name(rubric, sig, _all_covered(rubric))
    demoted = {"covered": 0.0, "partial": pytest.approx(0.96), "missing": 0.04}
    # a name two factors share, and nothing else for them: which of the two the essay means is not shown
    for pid in ("molotov-replaces-litvinov", "popular-fronts", "western-appeasement-distrust", "munich-exclusion"):
        assert probs[pid] == demoted
    assert probs["litvinov-collective-security"]["covered"] == 0.9  # the shared name, and a term of its own
    assert probs["world-revolution-comintern"]["covered"] == 0.9  # the shared name, and a sentence paraphrasing it
    assert probs["spanish-civil-war"]["covered"] == 0.9  # named by its own name
    assert probs["buying-time"]["covered"] == 0.9  # never named: the check does not apply
    assert set(probs) == set(_all_covered(rubric))  # factors only, every one decided


def test_match_points_demotes_the_final_calls_but_not_the_calls_the_fit_reads(rubric, monkeypatch):
    """The fit chooses its cut-offs with paragraphs=False (fit._choose_cuts): the shared-name check is left out."""
    import marker.match as match
    from marker.models_io import load_models

    prep = prepare(ESSAY + "\nThe Munich Agreement of 1938 was signed without the USSR, and this convinced Stalin "
                   "that the West wanted Hitler to expand eastwards, so he looked for another partner.\n", rubric)
    models = load_models(rubric).match
    monkeypatch.setattr(match, "by_paragraph", lambda rubric, sig, probs: probs)
    monkeypatch.setattr(match, "by_shared_name", lambda rubric, sig, probs: {
        pid: {**pr, "covered": 0.0} for pid, pr in probs.items()})  # a check that demotes every call
    fit_calls = match.match_points(prep.essay, rubric, prep.signals, models, paragraphs=False)
    final = match.match_points(prep.essay, rubric, prep.signals, models)
    assert any(pr["covered"] > 0.0 for pr in fit_calls.factor_probs.values())
    assert all(pr["covered"] == 0.0 for pr in final.factor_probs.values())

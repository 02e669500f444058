"""A factor is covered only where a sentence could be quoted for it (issue 14 part 1, round 14): match.by_quote
demotes, on the final calls only, a factor no sentence of the essay explains or gives precise detail about by
itself (SentenceSignals.quotable, read from quote_role)."""

import pytest

from marker.mark import prepare
from marker.match import by_quote

ESSAY = ("Stalin wanted security above everything else in the 1930s.\n\n"
         "The Munich Agreement of 1938 was signed without the USSR, which persuaded Stalin that the West could not "
         "be trusted. The purges happened. This is why the Red Army was weak in 1939. So the League of Nations "
         "failed.\n\n"
         "The Anti-Comintern Pact was signed in 1936 by Germany and Japan.\n\n"
         "In conclusion, Stalin signed the pact because he needed time.\n")


def _all_covered(rubric):
    return {p.id: {"covered": 0.9, "partial": 0.06, "missing": 0.04} for p in rubric.points if p.kind == "factor"}


def test_a_factor_no_sentence_explains_or_details_is_at_most_partial(rubric):
    sig = prepare(ESSAY, rubric).signals
    probs = by_quote(rubric, sig, _all_covered(rubric))
    assert probs["munich-exclusion"]["covered"] == 0.9  # a sentence that explains it by itself
    assert probs["japan-far-east"]["covered"] == 0.9  # a dated sentence about it: precise detail
    for pid in ("purges-weaken-army", "league-of-nations", "buying-time"):  # bare, "So ...", or a conclusion's list
        assert probs[pid] == {"covered": 0.0, "partial": pytest.approx(0.96), "missing": 0.04}
    assert set(probs) == set(_all_covered(rubric))  # factors only, every one decided


def test_match_points_demotes_the_final_calls_but_not_the_calls_the_fit_reads(rubric, monkeypatch):
    """The fit chooses its cut-offs with paragraphs=False (fit._choose_cuts): the quote check is left out there."""
    import marker.match as match
    from marker.models_io import load_models

    prep = prepare(ESSAY, rubric)
    models = load_models(rubric).match
    monkeypatch.setattr(match, "by_paragraph", lambda rubric, sig, probs: probs)
    monkeypatch.setattr(match, "by_quote", lambda rubric, sig, probs: {
        pid: {**pr, "covered": 0.0} for pid, pr in probs.items()})  # a check that demotes every call
    fit_calls = match.match_points(prep.essay, rubric, prep.signals, models, paragraphs=False)
    final = match.match_points(prep.essay, rubric, prep.signals, models)
    assert any(pr["covered"] > 0.0 for pr in fit_calls.factor_probs.values())
    assert all(pr["covered"] == 0.0 for pr in final.factor_probs.values())

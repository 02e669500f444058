"""Issue 14 part 1, round 9: a consequence told with "so" after a point's name explains it; and evidence beside an
explanation argues a point only when that explanation does not belong to another point (the argued gate's strict
reading, match.strictly_argued / match.gated). Small texts of their own, on the shipped Soviet rubric."""

from dataclasses import replace

import pytest

from marker.match import argued, elsewhere, gated, strictly_argued
from marker.nlp import analyse
from marker.rubric import load_rubric
from marker.signals import sentence_signals

SOVIET = "soviet-foreign-policy-1924-41"


@pytest.fixture(scope="module")
def rubric():
    return load_rubric(SOVIET)


def _read(rubric, text):
    return sentence_signals(analyse(text), rubric)


def _p(rubric, point_id):
    return next(i for i, p in enumerate(rubric.points) if p.id == point_id)


@pytest.mark.parametrize("text, explains", [
    ("The purges killed 35,000 officers, so the army was too weak to fight Finland.", True),
    ("The purges of 1937-38 had killed many officers, so the army was not ready for a war.", True),
    ("The purges killed many officers and so the army was weak.", True),
    ("There were so many officers killed in the purges.", False),  # "so" intensifies
    ("So the purges of the Red Army officers were a disaster.", False),  # opens the sentence: no first clause
])
def test_a_consequence_told_with_so_explains_the_first_clause(rubric, text, explains):
    sig = _read(rubric, text)
    assert bool(sig.argument.explains[0]) is explains
    assert bool(argued(sig, _p(rubric, "purges-weaken-army"))[0]) is explains


def test_evidence_beside_another_points_explanation_is_not_argued_strictly(rubric):
    sig = _read(rubric, "In 1934 the USSR joined the League of Nations. Stalin was afraid of Japan because the "
                        "Japanese army had invaded Manchuria and threatened Siberia.")
    league, japan = _p(rubric, "league-of-nations"), _p(rubric, "japan-far-east")
    assert argued(sig, league)[0]  # the features' reading: a dated statement beside an explanation
    assert elsewhere(sig, league)[1] and not elsewhere(sig, japan)[1]
    assert not argued(sig, league, strict=True).any()
    assert argued(sig, japan, strict=True)[1]  # the explanation still argues its own point
    strict = strictly_argued(rubric, sig)
    assert not strict["league-of-nations"] and strict["japan-far-east"]


@pytest.mark.parametrize("follow", [
    "This meant that Stalin had partners against Hitler and was less isolated.",  # takes the evidence up
    "The League mattered because it gave Stalin partners against Hitler.",  # names the point itself
])
def test_evidence_beside_its_own_explanation_stays_argued(rubric, follow):
    sig = _read(rubric, f"In 1934 the USSR joined the League of Nations. {follow}")
    league = _p(rubric, "league-of-nations")
    assert argued(sig, league, strict=True)[0]
    assert strictly_argued(rubric, sig)["league-of-nations"]


def test_an_explanation_referring_back_to_another_point_belongs_to_it(rubric):
    sig = _read(rubric, "Stalin was afraid of Japan because the Japanese army had invaded Manchuria. This meant "
                        "that he needed friends. In 1934 the USSR joined the League of Nations.")
    league, japan = _p(rubric, "league-of-nations"), _p(rubric, "japan-far-east")
    assert sig.argument.back.tolist() == [False, True, False]
    sims = sig.sims.copy()
    sims[1] = 0.0  # the middle sentence resembles no point: only its "This" can tie it to one
    blank = replace(sig, sims=sims)
    assert not blank.about[1].any() and blank.about[0, japan]
    assert elsewhere(blank, league)[1] and not elsewhere(blank, japan)[1]
    assert argued(blank, league)[2] and not argued(blank, league, strict=True).any()
    sims[0] = 0.0  # ... and once the sentence it refers back to is about no point either, it belongs to none
    assert not elsewhere(replace(sig, sims=sims, hits=(frozenset(), *sig.hits[1:])), league)[1]


def test_the_gate_demotes_a_point_not_argued_strictly():
    probs = {"covered": 0.7, "partial": 0.2, "missing": 0.1}
    row = [1.0] * 16
    assert gated(probs, row) == probs
    demoted = gated(probs, row, argued_strictly=False)
    assert demoted["covered"] == 0.0 and demoted["partial"] == pytest.approx(0.9)

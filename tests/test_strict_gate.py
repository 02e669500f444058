"""The argued gate's strict reading of its two narrative routes (moves.Argument.argues with `core`,
match.argued(strict=True)): a purpose clause argues a point only when the point is what the purpose is about, and
evidence counts beside an explanation only when that explanation is about the point (names it as the subject or
object of its explaining clause, or, just after, refers back to it)."""

import pytest

from marker.match import argued, gated, strictly_argued
from marker.nlp import analyse
from marker.rubric import load_rubric
from marker.signals import sentence_signals

SOVIET = "soviet-foreign-policy-1924-41"
OPENING = ("Stalin's foreign policy in the 1930s was driven above all by fear of Germany. After Hitler came to power "
           "in 1933 and began rearming, the Soviet leadership believed that Nazi Germany would one day attack.\n\n")


@pytest.fixture(scope="module")
def rubric():
    return load_rubric(SOVIET)


def _read(rubric, text: str, point_id: str):
    sig = sentence_signals(analyse(OPENING + text), rubric)
    p = next(i for i, pt in enumerate(rubric.points) if pt.id == point_id)
    return sig, p


def test_a_narrative_purpose_clause_about_something_else_stays_partial(rubric):
    sig, p = _read(rubric, "Britain and France sent a slow mission by sea. In August 1939 Stalin and Hitler met in "
                           "Moscow to sign the pact.", "nazi-soviet-pact")
    assert argued(sig, p).any()  # the loose reading lets the purpose infinitive through
    assert not argued(sig, p, strict=True).any()
    assert not strictly_argued(rubric, sig)["nazi-soviet-pact"]


def test_a_purpose_clause_that_explains_the_point_still_argues_it(rubric):
    sig, p = _read(rubric, "Stalin signed the Nazi-Soviet Pact to keep the Soviet Union out of a European war.",
                   "nazi-soviet-pact")
    assert argued(sig, p, strict=True).any()


def test_evidence_beside_an_explanation_of_something_else_is_not_argued(rubric):
    sig, p = _read(rubric, "The USSR joined the League of Nations in 1934. Stalin distrusted Britain because "
                           "Chamberlain hated communism.", "league-of-nations")
    assert argued(sig, p).any() and not argued(sig, p, strict=True).any()


def test_evidence_beside_an_explanation_that_refers_back_to_it_is_argued(rubric):
    sig, p = _read(rubric, "The USSR joined the League of Nations in 1934. This gave Stalin a voice in Europe "
                           "against Hitler.", "league-of-nations")
    assert argued(sig, p, strict=True).any()


def test_the_gate_moves_covered_to_partial_when_not_strictly_argued():
    row = [1.0] * 16
    probs = {"covered": 0.7, "partial": 0.2, "missing": 0.1}
    assert gated(probs, row) == probs
    out = gated(probs, row, argued_strictly=False)
    assert out["covered"] == 0.0 and out["partial"] == pytest.approx(0.9)

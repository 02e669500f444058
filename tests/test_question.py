"""Which question an essay answers: the opening when it restates one clearly, else also what the essay argues
(the points it spends its sentences on, read against each question's importance map), and the report says how
sure it is."""

import numpy as np
import pytest

from marker.mark import mark_essay, prepare, question_confidence
from marker.match import detect_question, question_scores
from marker.signals import rubric_index
from marker.report import question_line
from marker.rubric import load_rubric

NEUTRAL = "This essay looks at Germany between the wars. There were many important events in these years. "
GOLDEN_BODY = (
    "Stresemann ended passive resistance and brought in the Rentenmark, which stopped hyperinflation and restored "
    "confidence in the currency. The Dawes Plan of 1924 lowered reparations payments and brought American loans, so "
    "industry recovered and wages rose. At Locarno in 1925 Germany accepted its western borders and in 1926 it joined "
    "the League of Nations, which showed it was trusted again. Berlin became a centre of art, cinema and the Bauhaus, "
    "although the prosperity rested on short-term American loans that could be recalled at any time. "
)
COLLAPSE_BODY = (
    "The Wall Street Crash of 1929 led American banks to recall their loans, and unemployment in Germany rose to six "
    "million by 1932. Bruning governed by emergency decree under Article 48 because he had no majority in the "
    "Reichstag. The Nazis won votes from the unemployed and the middle classes, becoming the largest party in July "
    "1932. Papen and Schleicher schemed with Hindenburg, and in January 1933 the backstairs intrigue made Hitler "
    "chancellor. "
)


@pytest.fixture(scope="module")
def weimar():
    return load_rubric("weimar-republic-1918-33")


def _signals(text, rubric):
    return prepare(text, rubric).signals


def test_an_opening_that_names_no_question_is_read_by_the_points_the_essay_argues(weimar):
    golden = _signals(NEUTRAL + GOLDEN_BODY, weimar)
    collapse = _signals(NEUTRAL + COLLAPSE_BODY, weimar)
    assert detect_question(golden, weimar) == "golden-age"
    assert detect_question(collapse, weimar) == "collapse"


def test_an_opening_that_restates_a_question_clearly_is_not_overruled_by_the_body(weimar):
    opening = "Why did the Weimar Republic survive the crises of 1919-23? It survived for several reasons. "
    sig = _signals(opening + GOLDEN_BODY, weimar)
    assert detect_question(sig, weimar) == "survival"
    assert question_confidence(sig, weimar, "survival") == 1.0


def test_the_body_is_read_only_when_the_opening_is_unclear(weimar):
    sig = _signals(NEUTRAL + GOLDEN_BODY, weimar)
    opening = (sig.vectors[:3] @ rubric_index(weimar).question_vectors.T).max(axis=0)
    ranked = np.sort(opening)[::-1]
    assert ranked[0] - ranked[1] < 0.1  # the neutral opening picks no question
    assert not np.allclose(question_scores(sig, weimar), opening)  # so the essay's own points join in
    nothing = _signals(NEUTRAL, weimar)  # an essay about no point: the opening alone
    assert detect_question(nothing, weimar) in {q.id for q in weimar.questions}


def test_the_report_says_unsure_when_two_questions_fit_about_as_well(weimar):
    vague = mark_essay("The Weimar Republic survived its early crises but collapsed in 1933.", weimar, name="vague")
    clear = mark_essay("To what extent was the Great Depression the main reason for the collapse of the Weimar "
                       "Republic by 1933? " + COLLAPSE_BODY, weimar, name="clear")
    assert vague.question_confidence < 0.25 and "unsure" in question_line(vague)
    assert clear.question == "collapse" and clear.question_confidence == 1.0
    assert "unsure" not in question_line(clear)
    given = mark_essay(NEUTRAL, weimar, name="given", question_id="collapse")
    assert "unsure" not in question_line(given) and "given" in question_line(given)


def test_fitting_reads_each_essays_annotated_question_never_the_detected_one(rubric, monkeypatch):
    from marker import match
    from marker.dataset import load_annotated
    from marker.fit import _fit_match, prepare_all
    from tests.conftest import SAMPLES

    items = [it for it in load_annotated(SAMPLES) if it.gold.question_id][:8]
    prepared = prepare_all(items, rubric)

    def detect(*_args, **_kwargs):
        raise AssertionError("an annotated essay's question was detected while fitting")

    monkeypatch.setattr(match, "detect_question", detect)
    models = _fit_match(items, prepared, rubric)
    assert models.debate is not None and models.develop is not None

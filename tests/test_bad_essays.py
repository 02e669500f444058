"""Bad input on both shipped rubrics (issue 14): an essay that is only the question, only a list of names, only
headings, or the rubric's own point titles pasted in gets no coverage beyond partial, level 1 at most, and a reason."""

import pytest

from marker.mark import mark_essay
from marker.rubric import load_rubric

RUBRICS = ["soviet-foreign-policy-1924-41", "weimar-republic-1918-33"]


def _only_question(rubric):
    return "\n\n".join(q.text for q in rubric.questions)


def _only_names(rubric):
    return ", ".join(e.name for e in rubric.entities) + "."


def _only_headings(rubric):
    return "Introduction\n\n" + "\n\n".join(p.title.split("(")[0].strip() for p in rubric.factors[:8]) \
        + "\n\nConclusion\n"


def _titles_as_lines(rubric):
    return "\n".join(p.title for p in rubric.points)


def _titles_as_sentences(rubric):
    return " ".join(p.title.rstrip("?") + "." for p in rubric.points)


BAD = {"only the question": _only_question, "only names": _only_names, "only headings": _only_headings,
       "point titles, one a line": _titles_as_lines, "point titles as sentences": _titles_as_sentences}


@pytest.fixture(scope="module", params=RUBRICS)
def rubric(request):
    return load_rubric(request.param)


@pytest.mark.parametrize("kind", list(BAD))
def test_bad_input_earns_no_coverage_and_stays_in_level_one(rubric, kind):
    report = mark_essay(BAD[kind](rubric), rubric)
    covered = [pm.id for pm in report.points if pm.status == "covered"]
    assert covered == [], f"{kind}: {covered}"
    assert report.judgement.level <= 1
    assert report.judgement.reasons  # said why


def test_the_same_names_explained_are_covered(rubric):
    """The control: the guard is about argument, not names; an explained point in the same rubric is covered."""
    text = {
        "soviet-foreign-policy-1924-41": (
            "Stalin signed the Nazi-Soviet Pact in August 1939 because the Munich Agreement had convinced him that "
            "Britain and France would never fight for the USSR. The pact kept the Soviet Union out of the war in "
            "1939, which meant that Stalin gained almost two years to rebuild the Red Army after the purges, and "
            "the secret protocol gave him eastern Poland and the Baltic states as a buffer zone against Germany."),
        "weimar-republic-1918-33": (
            "The hyperinflation of 1923 did lasting damage to the republic. When the government printed money to pay "
            "striking workers in the Ruhr, prices rose so fast that by November 1923 a loaf of bread cost 200 billion "
            "marks. This wiped out the savings of the middle classes, which meant that many of them never trusted the "
            "republic again. As a result, when the Depression came in 1929, these voters were ready to turn to "
            "extremists because they blamed Weimar for ruining them twice."),
    }[rubric.id]
    report = mark_essay(text, rubric)
    assert any(pm.status == "covered" for pm in report.points)

"""A point's evidence is about that point (issue 14, part 1): a sentence that names the point only in a time or
scene adjunct ("After Munich, ...") or in a string of reasons is weak evidence for it, shown after the sentences
whose grammar makes the point their subject, object or topic; a sentence that belongs only to another point is not
shown; and a quoted strength quotes a sentence about the point it names (part 5). Statuses do not change."""

import pytest

from marker.mark import mark_essay
from marker.nlp import analyse
from marker.signals import sentence_signals
from tests.test_moves import SOVIET, WEIMAR, _p, rubrics  # noqa: F401  (rubrics: the module's fixture)


# (sentence, point, whether the point is named only at the edge of the sentence)
CASES = [
    (SOVIET, "After Munich, Stalin looked for other friends abroad.", "munich-exclusion", True),
    (SOVIET, "Stalin grew more suspicious of the West after the Munich Agreement.", "munich-exclusion", True),
    (SOVIET, "The Munich Agreement showed Stalin that Britain and France would sacrifice Eastern Europe.",
     "munich-exclusion", False),
    (SOVIET, "Stalin distrusted the West because the Munich Agreement had been made without him.",
     "munich-exclusion", False),
    (SOVIET, "Because of Munich, Stalin no longer trusted Britain and France.", "munich-exclusion", False),
    (SOVIET, "As a result of Munich, Stalin no longer trusted Britain and France.", "munich-exclusion", False),
    (SOVIET, "Stalin signed the pact because he feared Germany, because of Munich, because the talks failed and "
             "because he wanted land.", "munich-exclusion", True),
    (WEIMAR, "During hyperinflation, Ebert made Stresemann chancellor.", "hyperinflation-1923", True),
    (WEIMAR, "Hyperinflation wiped out the savings of the middle classes, who never forgave the republic.",
     "hyperinflation-1923", False),
]


@pytest.mark.parametrize("rid,text,pid,edge", CASES)
def test_a_name_only_in_an_adjunct_or_a_string_of_reasons_is_peripheral(rubrics, rid, text, pid, edge):
    rubric = rubrics[rid]
    sig = sentence_signals(analyse(text), rubric)
    p = _p(rubric, pid)
    assert p in sig.hits[0], (pid, text)
    assert sig.peripheral(0, p) is edge, text


ESSAY = (
    "Stalin signed the Nazi-Soviet Pact in August 1939 because he feared that he would have to fight Germany alone."
    "\n\nAfter Munich, Stalin joined talks with Britain and France to try to build an alliance against Hitler, but "
    "the talks went slowly and failed. The Munich Agreement of September 1938 showed Stalin that Britain and France "
    "would hand Eastern Europe to Hitler rather than fight, because the USSR was not even invited to the conference "
    "although it had a treaty with Czechoslovakia. Stalin concluded that collective security had failed.\n\n"
    "In conclusion, Stalin signed the pact because he feared Germany, because of Munich, because the talks failed "
    "and because he needed time."
)


def test_lead_evidence_is_a_sentence_about_the_point(rubric):
    report = mark_essay(ESSAY, rubric)
    munich = next(pm for pm in report.points if pm.id == "munich-exclusion")
    assert munich.status != "missing"
    texts = [ev.text for ev in munich.evidence]
    assert texts[0].startswith("The Munich Agreement of September 1938 showed"), texts
    assert not any(t.startswith("After Munich") for t in texts), texts  # it belongs to the talks
    for line in report.feedback.strengths:
        if "Munich Agreement" in line.split(":")[0]:
            assert "showed Stalin" in line, line

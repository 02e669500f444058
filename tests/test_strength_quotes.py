"""A quoted strength is evidence for the point it names (issue 14 part 5): "You explain X" quotes only a sentence
that explains X by itself (about X, naming it, standing alone, explaining within itself, not only by an opening
"So"); a sentence that only gives X's date or numbers is praised as detail, after every explained point; a sentence
that only mentions X is never quoted; one sentence is quoted once. Both shipped rubrics, and the grammar readings
on sentences of another topic."""

import json

import pytest

from marker.feedback import build_feedback
from marker.mark import mark_essay
from marker.moves import _alone, _explains, _self_explains
from marker.nlp import analyse, get_parser
from marker.report import Evidence, PointMatch, to_json
from marker.rubric import load_rubric
from marker.signals import rubric_index, sentence_signals
from tests.conftest import SAMPLES

SOVIET = "soviet-foreign-policy-1924-41"
WEIMAR = "weimar-republic-1918-33"


@pytest.fixture(scope="module")
def parse():
    nlp = get_parser()
    return lambda text: nlp(text)[:]


@pytest.mark.parametrize("text, within", [
    ("The king lost the war because Parliament controlled the money of London.", True),
    ("Ship money angered the gentry, which led many of them to back Parliament.", True),
    ("The king raised ship money in 1635 to pay for the fleet.", True),
    ("The defeat at Naseby weakened the royal army beyond repair.", True),
    ("So the king lost the war.", False),  # the explaining was done in the sentence before
    ("Therefore Parliament won the war.", False),
    ("Charles gave the bishops more power in 1633.", False),  # a verb of telling, not of cause and effect
    ("Parliament won the battle of Naseby in 1645.", False),
    ("There were many reasons why the king lost the war.", False),  # announces a reason, gives none
    ("The next aim was the Scottish church.", False),
    ("The Grand Remonstrance means the list of complaints.", False),  # "means" with a noun defines
    ("The defeat meant that the king had no army left.", True),
    ("Factor 1: the taxes.", False),  # no finite verb: a heading
    ("The king wanted to rule without Parliament.", True),  # a motive
    ("Parliament won because of the New Model Army.", True),
    ("The king therefore had to call Parliament in 1640.", True),
])
def test_a_sentence_explains_within_itself_not_by_an_opening_connective(parse, text, within):
    assert _self_explains(parse(text)) is within


def test_the_broad_reading_of_coverage_still_counts_what_the_quote_reading_leaves_out(parse):
    """Coverage reads explanation broadly (moves.py's `explains`); only the quoted strength asks for more."""
    for text in ("So the king lost the war.", "Charles gave the bishops more power in 1633."):
        assert _explains(parse(text)) and not _self_explains(parse(text))


@pytest.mark.parametrize("text, alone", [
    ("This is why the gentry backed Parliament.", False),
    ("It failed within a year.", False),
    ("These were the main reasons for the war.", False),
    ("The tax failed within a year.", True),
    ("Factor 1: the taxes of 1635.", False),  # no finite verb: a heading, whatever its numbers
    ("Many gentry backed Parliament because the tax angered them.", True),
])
def test_a_sentence_whose_subject_points_back_cannot_be_quoted_alone(parse, text, alone):
    assert _alone(parse(text)) is alone


CASES = {
    SOVIET: ("munich-exclusion",
             "Stalin was not invited to the Munich Conference in 1938, which convinced him that Britain and France "
             "would never fight for the USSR. So Stalin was left out of the Munich Conference. The Munich Conference "
             "met in September 1938 without the USSR. This is why Stalin stopped trusting the Munich powers."),
    WEIMAR: ("hyperinflation-1923",
             "The middle classes turned against the republic because hyperinflation destroyed their savings in 1923. "
             "So hyperinflation destroyed savings. Hyperinflation peaked in November 1923, when a loaf cost 200 "
             "billion marks. It was why the middle classes hated the republic."),
}


@pytest.mark.parametrize("rid", [SOVIET, WEIMAR])
def test_each_sentence_is_read_for_how_it_can_be_quoted(rid):
    """Explains / mention (an opening "So", nothing explained within) / detail (a date) / mention (points back)."""
    rubric = load_rubric(rid)
    pid, text = CASES[rid]
    essay = analyse(text)
    sig = sentence_signals(essay, rubric)
    p = [q.id for q in rubric.points].index(pid)
    assert [sig.quote_role(k, p) for k in range(len(essay.sentences))] == ["explains", "mention", "detail", "mention"]
    other = [q.id for q in rubric.points].index(rubric.factors[0].id if rubric.factors[0].id != pid
                                                 else rubric.factors[1].id)
    assert sig.quote_role(0, other) == "mention"  # never quoted for a point it does not name


def _point(rubric, pid, *evidence):
    point = rubric.point_by_id[pid]
    return PointMatch(point.id, point.title, "factor", "covered", 0.9, tuple(evidence))


def test_feedback_praises_explanations_first_then_detail_and_never_a_mention():
    rubric = load_rubric(SOVIET)
    told = Evidence(0, 44, "On 23 August 1939 Stalin signed the pact.", "detail")
    named = Evidence(45, 80, "So the pact was signed.", "mention")
    why = Evidence(81, 150, "The pact bought Stalin time because the Red Army was not ready.", "explains")
    munich = Evidence(151, 200, "Munich met in September 1938 without the USSR.", "detail")
    points = (_point(rubric, "nazi-soviet-pact", told, named), _point(rubric, "buying-time", why),
              _point(rubric, "munich-exclusion", munich))
    strengths = build_feedback(rubric, "pact", points, (), ()).strengths
    titles = {pid: rubric.point_by_id[pid].title for pid in ("nazi-soviet-pact", "buying-time", "munich-exclusion")}
    assert strengths[0] == f"You explain {titles['buying-time']}: “{why.text}”"
    assert set(strengths[1:]) == {f"You support {titles['nazi-soviet-pact']} with precise detail: “{told.text}”",
                                  f"You support {titles['munich-exclusion']} with precise detail: “{munich.text}”"}
    assert not any(named.text in line for line in strengths)
    only_named = (_point(rubric, "nazi-soviet-pact", named),)
    fallback = build_feedback(rubric, "pact", only_named, (), ()).strengths
    assert len(fallback) == 1 and named.text not in fallback[0] and not fallback[0].startswith("You explain")


def test_one_sentence_is_quoted_for_one_point_only():
    rubric = load_rubric(SOVIET)
    both = Evidence(0, 70, "The pact bought time because Munich had shown the West would not fight.", "explains")
    points = (_point(rubric, "buying-time", both), _point(rubric, "munich-exclusion", both))
    strengths = build_feedback(rubric, "pact", points, (), ()).strengths
    assert sum(both.text in line for line in strengths) == 1


def test_every_quoted_strength_of_a_marked_essay_is_its_points_evidence_in_that_role():
    rubric = load_rubric(SOVIET)
    report = mark_essay((SAMPLES / "23_eleanor.txt").read_text(encoding="utf-8"), rubric, question_id="pact")
    by_title = {pm.title: pm for pm in report.points}
    quoted = []
    for line in report.feedback.strengths:
        for phrase, role in (("You explain ", "explains"), ("You support ", "detail")):
            if line.startswith(phrase) and "“" in line:
                title = line[len(phrase):].split(" with precise detail:")[0].split(": “")[0]
                quote = line.split("“", 1)[1].rstrip("”").rstrip("…")
                ev = next(e for e in by_title[title].evidence if " ".join(e.text.split()).startswith(quote))
                assert ev.role == role
                quoted.append((ev.start, ev.end))
    assert quoted and len(quoted) == len(set(quoted))
    spans = json.loads(to_json([report]))[0]["points"]
    assert all(e["role"] in {"explains", "detail", "mention"} for p in spans for e in p["evidence"])


@pytest.mark.parametrize("text, alone", [
    ("The reason for this was the new tax.", False),  # the subject holds a pronoun pointing back
    ("The result of these was a new tax.", False),
    ("This tax angered the gentry.", True),  # a determiner: the noun says what it is
    ("The party that won the election raised the tax.", True),  # a relative "that" points nowhere
])
def test_a_subject_holding_a_pronoun_that_points_back_cannot_be_quoted_alone(parse, text, alone):
    assert _alone(parse(text)) is alone


def test_a_name_several_factors_share_does_not_carry_a_quote():
    """Hindenburg is a name of several Weimar factors, Papen of the intrigue alone: a sentence is a quotable
    explanation of the intrigue through Papen, and would not be if every name it gives were shared."""
    rubric = load_rubric(WEIMAR)
    index = rubric_index(rubric)
    assert "hindenburg" in index.shared_terms and "papen" not in index.shared_terms
    essay = analyse("Hindenburg appointed Hitler chancellor in 1933 because Papen persuaded him that Hitler could be "
                    "controlled.")
    sig = sentence_signals(essay, rubric)
    p = [q.id for q in rubric.points].index("backstairs-intrigue")
    assert sig.quote_role(0, p, index.shared_terms) == "explains"
    assert sig.quote_role(0, p, index.shared_terms | sig.hit_terms[0][p]) == "mention"

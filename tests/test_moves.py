"""Coverage from the student's own argument (issue 14), sentence by sentence on both shipped rubrics: a name in a
list, a signpost, a question line or a roadmap is never evidence that a point is argued; an explained claim is;
concessions and answered rhetorical questions weigh a debate's two sides; misspelt content words read as meant."""

import numpy as np
import pytest

from marker.match import argued, weighing_windows
from marker.nlp import analyse
from marker.rubric import load_rubric
from marker.signals import rubric_index, sentence_signals
from marker.spelling import Speller

SOVIET = "soviet-foreign-policy-1924-41"
WEIMAR = "weimar-republic-1918-33"


@pytest.fixture(scope="module")
def rubrics():
    return {SOVIET: load_rubric(SOVIET), WEIMAR: load_rubric(WEIMAR)}


def _read(rubric, text):
    essay = analyse(text)
    return essay, sentence_signals(essay, rubric)


def _p(rubric, point_id):
    return next(i for i, p in enumerate(rubric.points) if p.id == point_id)


LISTS = {
    SOVIET: ("Factors such as Rapallo, the League of Nations, the Spanish Civil War and the Munich Agreement all "
             "played a part.", ["rapallo", "league-of-nations", "spanish-civil-war", "munich-exclusion"]),
    WEIMAR: ("The Ruhr, hyperinflation, the Dawes Plan and the Great Depression all affected the republic.",
             ["ruhr-occupation", "hyperinflation-1923", "dawes-young-plans", "great-depression"]),
}


@pytest.mark.parametrize("rid", [SOVIET, WEIMAR])
def test_a_name_in_a_list_is_listed_not_argued(rubrics, rid):
    rubric = rubrics[rid]
    text, points = LISTS[rid]
    _, sig = _read(rubric, text)
    for pid in points:
        p = _p(rubric, pid)
        assert p in sig.hits[0], pid
        assert sig.listed_only(0, p), pid
        assert not argued(sig, p).any(), pid


SIGNPOSTS = {
    SOVIET: ("This essay will consider Rapallo, the League of Nations and the Nazi-Soviet Pact.", "nazi-soviet-pact"),
    WEIMAR: ("In this essay I will look at hyperinflation, the Treaty of Versailles and Article 48.", "article-48"),
}
ROADMAPS = {
    SOVIET: ("Firstly I will discuss the Munich Agreement, then the Anglo-French talks, and finally the pact.",
             "munich-exclusion"),
    WEIMAR: ("First I will examine the Great Depression and then I will explain how Hindenburg appointed Hitler.",
             "great-depression"),
}


@pytest.mark.parametrize("rid", [SOVIET, WEIMAR])
@pytest.mark.parametrize("cases", [SIGNPOSTS, ROADMAPS], ids=["signpost", "roadmap"])
def test_a_signpost_or_roadmap_argues_nothing(rubrics, rid, cases):
    rubric = rubrics[rid]
    text, pid = cases[rid]
    _, sig = _read(rubric, text)
    assert sig.argument.role[0] == "signpost"
    assert p_hits(sig, rubric, pid)
    assert not argued(sig, _p(rubric, pid)).any()


def p_hits(sig, rubric, pid):
    return any(_p(rubric, pid) in h for h in sig.hits)


QUESTIONS = {
    SOVIET: ("Why did Stalin sign the Nazi-Soviet Pact in August 1939?", "nazi-soviet-pact"),
    WEIMAR: ("To what extent was the Great Depression responsible for the collapse of the Weimar Republic?",
             "great-depression"),
}


@pytest.mark.parametrize("rid", [SOVIET, WEIMAR])
def test_a_question_line_is_a_question_not_an_argument(rubrics, rid):
    rubric = rubrics[rid]
    text, pid = QUESTIONS[rid]
    _, sig = _read(rubric, text + "\n\nAssess the validity of this view.")
    assert sig.argument.role == ("question", "question")
    assert not argued(sig, _p(rubric, pid)).any()


EXPLAINED = {
    SOVIET: ("After Munich, where Britain and France gave Hitler the Sudetenland without consulting Moscow, Stalin "
             "concluded that the West could not be trusted, which meant that an alliance with Britain was no longer "
             "realistic.", "munich-exclusion"),
    WEIMAR: ("Hyperinflation in 1923 wiped out the savings of the middle classes, which meant that many of them never "
             "trusted the republic again.", "hyperinflation-1923"),
}


@pytest.mark.parametrize("rid", [SOVIET, WEIMAR])
def test_an_explained_claim_argues_its_point(rubrics, rid):
    rubric = rubrics[rid]
    text, pid = EXPLAINED[rid]
    _, sig = _read(rubric, text)
    assert sig.argument.role[0] == "argument" and sig.argument.explains[0]
    assert argued(sig, _p(rubric, pid))[0]


def test_evidence_for_one_point_is_not_argued_for_another(rubrics):
    """The explained Munich sentence names Britain (an entity of other points): it argues Munich, not them."""
    rubric = rubrics[SOVIET]
    _, sig = _read(rubric, EXPLAINED[SOVIET][0])
    assert not argued(sig, _p(rubric, "failed-anglo-french-talks")).any()


CONCESSIONS = {
    SOVIET: ("Although the Comintern still called for world revolution and spread communist ideology, Stalin put the "
             "security of the Soviet state first because he feared a German invasion.", "debate-ideology-vs-security"),
    WEIMAR: ("Although the Great Depression caused mass unemployment and a collapse of the economy, it was the "
             "political decisions of Hindenburg and Papen, who appointed Hitler chancellor, that destroyed the "
             "republic.", "debate-economic-vs-political"),
}


def _weighing(rubric, case):
    """The sentence roles, weighing flags and weighing passages of one case's debate."""
    text, debate = case
    essay, sig = _read(rubric, text)
    return sig.argument, weighing_windows(essay, sig, rubric_index(rubric), _p(rubric, debate))


@pytest.mark.parametrize("rid", [SOVIET, WEIMAR])
def test_a_concession_weighs_both_sides_of_a_debate(rubrics, rid):
    argument, windows = _weighing(rubrics[rid], CONCESSIONS[rid])
    assert argument.weighs[0]
    assert windows and windows[0][1] and windows[0][2]


RHETORICAL = {
    SOVIET: ("Stalin's policy changed over time.\n\nBut was the pact with Hitler a betrayal of communist ideology? "
             "Hardly, because Stalin was protecting the security of the Soviet state against a German invasion.",
             "debate-ideology-vs-security"),
    WEIMAR: ("The republic faced many problems.\n\nWas the collapse simply the result of the economic slump and "
             "unemployment? Hardly, because it was the political decisions of Hindenburg and Papen that appointed "
             "Hitler.", "debate-economic-vs-political"),
}


@pytest.mark.parametrize("rid", [SOVIET, WEIMAR])
def test_a_rhetorical_question_answered_weighs_the_debate(rubrics, rid):
    argument, windows = _weighing(rubrics[rid], RHETORICAL[rid])
    assert argument.role[1] == "question"
    assert argument.answers[2] and argument.weighs[2]
    assert any(k == 2 for k, _, _ in windows)


def test_one_sided_argument_does_not_weigh(rubrics):
    rubric = rubrics[SOVIET]
    essay, sig = _read(rubric, "Stalin wanted security because he feared a German invasion, so he defended the "
                               "Soviet state.")
    assert not weighing_windows(essay, sig, rubric_index(rubric), _p(rubric, "debate-ideology-vs-security"))


MISSPELT = {
    SOVIET: ("Britain's apeasement of Hitler made Stalin distrust the West, so he abandoned collective securty.",
             {"apeasement": "appeasement", "securty": "security"}, ["western-appeasement-distrust",
                                                                   "litvinov-collective-security"]),
    WEIMAR: ("Hyperinflaton destroyed savings in 1923 until Strezemann introduced the Rentenmark.",
             {"hyperinflaton": "hyperinflation", "strezemann": "stresemann"}, ["hyperinflation-1923",
                                                                              "stresemann-recovery"]),
}


@pytest.mark.parametrize("rid", [SOVIET, WEIMAR])
def test_misspelt_content_words_read_as_meant(rubrics, rid):
    rubric = rubrics[rid]
    text, corrections, points = MISSPELT[rid]
    _, sig = _read(rubric, text)
    for wrong, right in corrections.items():
        assert right in sig.lemmas[0] and wrong not in sig.lemmas[0]
    for pid in points:
        assert _p(rubric, pid) in sig.hits[0], pid


def test_the_spelling_rule_keeps_the_fact_checkers_limits():
    speller = Speller(["security", "isolation", "collective", "appeasement", "stalin"], 88,
                      known=frozenset({"collectivise", "stain"}))
    assert speller.correct("securty") == "security"
    assert speller.correct("apeasement") == "appeasement"
    assert speller.correct("isolationism") is None  # another form of the word, not a misspelling
    assert speller.correct("collectivise") is None  # a real word
    assert speller.correct("stain") is None  # a real word, though one letter from "stalin"
    assert speller.correct("stallin") == "stalin"
    assert speller.correct("xecurity") is None  # the first letter must agree
    assert speller.correct("secur") is None  # a prefix: another form, not a misspelling
    assert Speller(["japan"], 80).correct("japn") is None  # under five letters


def test_only_candidate_sentences_are_parsed_and_headings_are_not(rubrics):
    rubric = rubrics[SOVIET]
    essay, sig = _read(rubric, "The Nazi-Soviet Pact\n\nThe weather was fine.")
    assert sig.argument.role[0] == "heading"
    assert not sig.argument.explains.any()
    assert np.all(sig.argument.lists[1] == ())


# Issue 14 part 2: a sentence whose own turn ("X, but Y"; "although X, Y"; "X mattered more than Y") sets one side
# of a debate against the other weighs it by itself, wherever the paragraph's topic leans.
IN_SENTENCE = {
    WEIMAR: ("In the end the Depression gave the Nazis their voters, but it was the long-term weaknesses of the "
             "constitution that let Hitler in.", "debate-doomed-vs-contingent"),
    SOVIET: ("Although Litvinov pursued collective security through the League of Nations, Stalin was ready to make "
             "a deal with Hitler to keep the Soviet state safe.", "debate-collective-security-vs-realpolitik"),
}


@pytest.mark.parametrize("rid", [SOVIET, WEIMAR])
def test_a_turn_inside_one_sentence_weighs_both_sides(rubrics, rid):
    text, _ = IN_SENTENCE[rid]
    argument, windows = _weighing(rubrics[rid], IN_SENTENCE[rid])
    lo, hi = argument.turns[0]
    assert 0 <= lo < hi <= len(text)
    assert (0, [0], [0]) in windows


def test_a_comparison_turns_on_than(rubrics):
    text = "The Depression mattered more than the Treaty of Versailles in bringing Hitler to power."
    argument, _ = _weighing(rubrics[WEIMAR], (text, "debate-economic-vs-political"))
    lo, hi = argument.turns[0]
    assert argument.weighs[0] and text[lo:hi].startswith("than the Treaty")


def test_a_narrative_but_on_one_side_does_not_weigh(rubrics):
    rubric = rubrics[WEIMAR]
    text = ("The Spartacists rose in Berlin in January 1919, but the Freikorps crushed them within a week.")
    argument, windows = _weighing(rubric, (text, "debate-doomed-vs-contingent"))
    assert argument.weighs[0]  # a contrast, but both clauses are on one side (the left-wing revolts)
    assert windows == []


def test_a_contrast_turns_against_the_sentence_before_not_after(rubrics):
    rubric = rubrics[WEIMAR]
    text = ("The Depression threw six million Germans out of work by 1932. However, the Republic had survived worse "
            "in 1923. The constitution was weak from the start because of proportional representation.")
    _, windows = _weighing(rubric, (text, "debate-doomed-vs-contingent"))
    assert all(j <= k for k, a, b in windows for j in a + b)

"""Level features read from the argument, not from names: per paragraph, topic-free, normalised by rubric; and
answers with no argument of their own kept in the lowest level, saying why. Both shipped rubrics."""

import pytest

from marker.argument import (
    ARGUMENT_FEATURES, argument_features, arguing, body_paragraphs, explained, no_argument, question_terms,
    range_explained,
)
from marker.defaults import DEFAULTS
from marker.mark import mark_essay, prepare
from marker.match import match_points
from marker.models_io import load_models
from marker.nlp import analyse
from marker.report import PointMatch
from marker.rubric import load_rubric
from tests.conftest import ROOT, SAMPLES

WEIMAR = ROOT / "sample_essays_weimar"


@pytest.fixture(scope="module")
def weimar():
    return load_rubric("weimar-republic-1918-33")


def features(text: str, rubric, question_id: str) -> dict[str, float]:
    prep = prepare(text, rubric)
    coverage = match_points(prep.essay, rubric, prep.signals, load_models(rubric).match)
    return argument_features(rubric, question_id, prep.essay, prep.signals, coverage.points)


def test_argument_question_terms_are_the_questions_own_content_words(rubric, weimar):
    assert {"depression", "collapse", "weimar"} <= question_terms(weimar, "collapse")
    terms = question_terms(rubric, "pact")
    assert {"stalin", "nazi-soviet", "pact"} <= terms
    assert not {"why", "did", "extent", "the"} & terms


@pytest.mark.parametrize("rubric_id, folder, name, question", [
    ("soviet-foreign-policy-1924-41", SAMPLES, "23_eleanor", "pact"),
    ("weimar-republic-1918-33", WEIMAR, "04_daisy", "collapse"),
])
def test_argument_features_are_shares_and_a_strong_essay_argues(rubric_id, folder, name, question):
    rubric = load_rubric(rubric_id)
    f = features((folder / f"{name}.txt").read_text(encoding="utf-8"), rubric, question)
    assert set(f) == set(ARGUMENT_FEATURES)
    assert all(0.0 <= v <= 1.0 for v in f.values())
    assert f["range_explained"] > 0.2 and f["argued_paragraphs"] > 0 and f["linked_paragraphs"] > 0.5


def test_argument_repeating_an_essay_earns_nothing_for_length(rubric):
    text = (SAMPLES / "15_tyler.txt").read_text(encoding="utf-8")
    once, twice = features(text, rubric, "pact"), features(text + "\n\n" + text, rubric, "pact")
    for name in ("explanation_rate", "evidence_rate", "narrative_rate", "weighing_rate", "precise_words"):
        # within one sentence in 29: the copy's first line is not read as the question (only the opening is)
        assert twice[name] == pytest.approx(once[name], abs=0.035), name


def test_argument_a_factor_named_only_in_a_roadmap_earns_no_range(rubric):
    """Range counts only explained factors: covered, and argued by a sentence about it (marker/match.py's
    reading of the moves), so a roadmap that names factors adds nothing by itself, whatever the matcher says."""
    text = ("This essay will look at Munich, the purges, the League of Nations, Litvinov, Molotov, Spain, Japan, "
            "Rapallo and the Comintern.\n\nStalin joined the League of Nations in 1934 because he hoped that "
            "Britain and France would stand with him against Hitler.")
    prep = prepare(text, rubric)
    argues = arguing(rubric, prep.signals)
    point = rubric.point_by_id["league-of-nations"]
    assert prep.signals.argument.role[0] == "signpost"
    assert not argues[point.id][0] and argues[point.id][1]
    assert not any(a[0] for a in argues.values())  # the roadmap argues nothing

    def match(pid):
        p = rubric.point_by_id[pid]
        return (PointMatch(p.id, p.title, "factor", "covered", 0.9, ()),)

    assert explained(match(point.id), argues) == {point.id}
    assert range_explained(rubric, "pact", match(point.id), argues) > 0.0
    assert explained(match("spanish-civil-war"), argues) == frozenset()  # named only in the roadmap
    assert range_explained(rubric, "pact", match("spanish-civil-war"), argues) == 0.0


def test_argument_signposts_and_question_lines_are_left_out_of_every_rate(rubric):
    """A roadmap and the question copied out add no sentences to the rates: the same argument with them in front
    reads the same explanation and evidence rates."""
    body = ("Stalin joined the League of Nations in 1934 because he hoped that Britain and France would stand "
            "with him against Hitler. The Munich agreement of 1938 showed him that they would not, so he turned "
            "to Germany.")
    front = ("Why did Stalin sign the Nazi-Soviet Pact in 1939? This essay will look at the League of Nations, "
             "Munich and the pact.\n\n")
    plain, padded = features(body, rubric, "pact"), features(front + body, rubric, "pact")
    for name in ("explanation_rate", "evidence_rate"):
        assert padded[name] == pytest.approx(plain[name]), name


def test_argument_body_paragraphs_leave_out_the_introduction_and_conclusion():
    paras = [[0], [1, 2], [3], [4, 5]]
    assert body_paragraphs(paras) == [[1, 2], [3]]
    assert body_paragraphs(paras[:3]) == [[1, 2]]
    assert body_paragraphs(paras[:2]) == [[1, 2]]  # an opening: introduction and one paragraph, no conclusion
    assert body_paragraphs(paras[:1]) == [[0]]  # one block of text is all body


def test_argument_an_opening_earns_one_argued_paragraph_not_two(rubric):
    """An introduction that argues is still an introduction: an opening of two paragraphs (no conclusion yet)
    earns one argued paragraph, and each further paragraph of argument before a conclusion earns one more."""
    intro = ("Stalin joined the League of Nations in 1934 because he hoped that Britain and France would stand "
             "with him against Hitler.")
    body = ("The Munich agreement of 1938 showed him that they would not, because the Soviet Union was not even "
            "invited, so he turned to Germany.")
    cap = DEFAULTS["argued_paragraphs_cap"]
    prep = prepare(intro, rubric)
    assert any(a.any() for a in arguing(rubric, prep.signals).values())  # the introduction argues a factor
    opening = features(intro + "\n\n" + body, rubric, "pact")
    assert opening["argued_paragraphs"] == pytest.approx(1 / cap)
    longer = features("\n\n".join([intro, body, body.replace("1938", "September 1938"), intro]), rubric, "pact")
    assert longer["argued_paragraphs"] == pytest.approx(2 / cap)


def test_argument_judgement_needs_a_conclusion_that_answers_the_question(weimar):
    text = (WEIMAR / "04_daisy.txt").read_text(encoding="utf-8")
    whole = features(text, weimar, "collapse")
    cut = features(text.rsplit("\n\n", 1)[0], weimar, "collapse")  # the conclusion taken away
    assert whole["judgement_sustained"] > 0
    assert whole["judgement_sustained"] >= cut["judgement_sustained"]


def _pasted_titles(rubric) -> str:
    return "\n\n".join(f"{p.title}. {p.description}" for p in rubric.points[:6])


@pytest.mark.parametrize("rubric_id", ["soviet-foreign-policy-1924-41", "weimar-republic-1918-33"])
@pytest.mark.parametrize("kind", ["question", "names", "headings", "titles"])
def test_argument_answers_with_no_argument_of_their_own_stay_in_level_one_and_say_why(rubric_id, kind):
    rubric = load_rubric(rubric_id)
    names = [e.name for e in rubric.entities[:12]]
    text = {
        "question": rubric.questions[0].text,
        "names": ", ".join(names) + ".",
        "headings": "\n".join(p.title.split("(")[0].strip() for p in rubric.factors[:8]),
        "titles": _pasted_titles(rubric),
    }[kind]
    reason = no_argument(rubric, analyse(text).sentences)
    assert reason is not None and "lowest level" in reason
    report = mark_essay(text, rubric)
    assert report.level <= 1 and report.mark <= 5
    if report.level == 1:
        assert reason in report.judgement.reasons


@pytest.mark.parametrize("rubric_id, folder, name", [
    ("soviet-foreign-policy-1924-41", SAMPLES, "15_tyler"),
    ("soviet-foreign-policy-1924-41", SAMPLES, "23_eleanor"),
    ("weimar-republic-1918-33", WEIMAR, "04_daisy"),
])
def test_argument_real_essays_even_weak_ones_have_an_argument_of_their_own(rubric_id, folder, name):
    rubric = load_rubric(rubric_id)
    assert no_argument(rubric, analyse((folder / f"{name}.txt").read_text(encoding="utf-8")).sentences) is None

"""The level reads the argument, not the register: an informal answer that argues is not marked below a formal list
of names, and sprinkling chatty words into an essay changes no feature but the share of long words (issue 14)."""

import re

import pytest

from marker.mark import mark_essay, prepare
from marker.match import match_points
from marker.models_io import load_models
from marker.score import LEVEL_FEATURES, level_features
from tests.conftest import SAMPLES

INFORMAL_ARGUED = """\
Why did Stalin sign the Nazi-Soviet Pact in August 1939?

Basically Stalin signed the pact because he was really scared of being left to fight Hitler on his own. The main \
reason was that collective security had totally failed, and he got the message that Britain and France were never \
going to help him out.

The biggest thing was Munich in September 1938. Stalin wasn't even invited, so he thought the West was kind of \
happy to push Hitler east towards the USSR. This mattered because it showed him Britain and France couldn't be \
trusted, so a deal with Germany looked like the only way to stay safe.

Then the Anglo-French talks in August 1939 were a massive joke. They sent a low-ranking admiral by slow boat and \
he had no power to agree anything, so Stalin decided they weren't serious. Because of this, when Ribbentrop \
offered a deal on 23 August, Stalin took it.

Some historians say Stalin actually wanted land, and that's sort of true, because the secret protocol gave him \
eastern Poland and the Baltic states. But I think this was more of a bonus than the real reason, because \
without the failure of the talks he wouldn't have needed Hitler at all.

Also the purges had wrecked the Red Army, so Stalin needed time to rebuild it. The pact bought him nearly two \
years before Germany invaded in June 1941.

So overall Stalin signed the pact mainly for security, because the West had let him down and he needed time. \
Getting land was nice for him but it wasn't what drove the decision.
"""

FORMAL_LIST = """\
Why did Stalin sign the Nazi-Soviet Pact in August 1939?

The Comintern, the League of Nations, the Franco-Soviet Pact, the Czech Pact, the Popular Fronts, the Spanish \
Civil War, the purges, appeasement, the Munich Agreement, Litvinov, Molotov and the Anglo-French negotiations.

Collective security, Japanese aggression, Khalkhin Gol, the Anti-Comintern Pact, the Rhineland, Abyssinia, \
Austria, Czechoslovakia, Poland and the Baltic states.

In conclusion, these were all factors.
"""


def test_levels_an_informal_answer_that_argues_is_marked_above_a_formal_list_of_names(rubric):
    argued = mark_essay(INFORMAL_ARGUED, rubric).judgement
    names = mark_essay(FORMAL_LIST, rubric).judgement
    assert argued.mark > names.mark
    assert argued.level > names.level


def _informal(text: str) -> str:
    """The same essay in a chattier register: spoken openers and intensifiers, no change to what it argues."""
    for formal, chatty in (("important", "really important"), ("significant", "really significant"),
                           ("many", "lots of"), ("large", "massive"), ("was not", "totally was not"),
                           ("could not", "basically could not")):
        text = re.sub(rf"\b{formal}\b", chatty, text)
    return re.sub(r"(?m)^(The|This|It|In) ", lambda m: f"Basically, {m.group(1).lower()} ", text)


def test_levels_chatty_words_change_no_level_feature_but_the_share_of_long_words(rubric):
    models = load_models(rubric)
    text = (SAMPLES / "23_eleanor.txt").read_text(encoding="utf-8")
    chatty = _informal(text)
    assert chatty != text

    def features(essay_text: str) -> dict[str, float]:
        prep = prepare(essay_text, rubric)
        coverage = match_points(prep.essay, rubric, prep.signals, models.match)
        return dict(zip(LEVEL_FEATURES, level_features(rubric, "pact", prep.essay, coverage, prep.signals,
                                                       n_errors=len(prep.errors))))

    before, after = features(text), features(chatty)
    for name in LEVEL_FEATURES:
        if name not in ("precise_words", "error_rate"):  # the words are more, so each share moves a hair
            assert after[name] == pytest.approx(before[name], abs=0.06), name
    assert abs(mark_essay(chatty, rubric).judgement.mark - mark_essay(text, rubric).judgement.mark) <= 1

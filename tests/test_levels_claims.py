"""Qualified claims read from the clause and material outside the rubric's period (issue 14 part 4, round 7):
marker/claims.py, the level features built on them, what the report and feedback say, and older level models."""

import numpy as np
import pytest

from marker.claims import off_period, off_period_told, outside_period, own_sentences, period, qualification
from marker.errors import RubricError
from marker.linear import LinearModel
from marker.mark import mark_essay, prepare
from marker.match import match_points
from marker.models_io import load_models
from marker.nlp import get_parser
from marker.rubric import load_rubric
from marker.score import LEVEL_FEATURES, in_model_order, level_features
from tests.conftest import SAMPLES

# Round 6's closed list of qualifying words (not adopted): "although" and "whereas" are not in it.
ROUND6_WORDS = {"than", "rather", "only", "yet", "without", "never", "less", "perhaps", "arguably", "may", "might",
                "could", "suggest", "suggests", "seem", "seems", "appear", "appears", "likely", "possibly",
                "probably", "partly", "significant", "crucial", "limited", "real", "largely", "essentially"}

FLAT = """\
Why did Stalin sign the Nazi-Soviet Pact in August 1939?

Stalin signed the pact because collective security had failed. Britain and France did not want an alliance with \
the USSR. Munich in September 1938 showed Stalin that the West would not protect him, so he turned to Germany.

The Anglo-French talks in August 1939 failed because the mission under Drax had no power to sign anything. This \
convinced Stalin that the West was not serious, so he accepted Ribbentrop's offer on 23 August.

The purges of 1937-38 had weakened the Red Army, so Stalin needed time to rebuild it. The pact gave him time \
because Germany would not attack the USSR while it fought in the west.

The secret protocol gave Stalin eastern Poland and the Baltic states. This gave the USSR a buffer zone against \
a German attack.

In conclusion, Stalin signed the pact because the West had failed him and he needed time and security.
"""

# The same claims, each set against another by a concession clause or a "whereas": no round 6 word in the claims.
CONCEDED = """\
Why did Stalin sign the Nazi-Soviet Pact in August 1939?

Although Stalin distrusted Hitler, he signed the pact because collective security had failed. Britain and France \
did not want an alliance with the USSR. Although Munich in September 1938 was not aimed at the USSR, it showed \
Stalin that the West would not protect him, so he turned to Germany.

Although the Anglo-French talks in August 1939 went on for weeks, they failed because the mission under Drax had \
no power to sign anything. This convinced Stalin that the West was not serious, so he accepted Ribbentrop's offer \
on 23 August.

Whereas the West offered talk, Germany offered time: the purges of 1937-38 had weakened the Red Army, so Stalin \
needed time to rebuild it. Although the pact was no guarantee, it gave him time because Germany would not attack \
the USSR while it fought in the west.

Although the secret protocol gave Stalin eastern Poland and the Baltic states, this land mattered for the buffer \
zone it made against a German attack.

In conclusion, although the land was welcome, Stalin signed the pact because the West had failed him and he \
needed time and security.
"""

LATER = """
In 1945 the Red Army captured Berlin and Hitler killed himself in his bunker. In 1946 Churchill spoke of an iron \
curtain across Europe. In 1949 the Soviet Union tested its first atomic bomb and the Cold War began. In 1953 \
Stalin died and Khrushchev took over. In 1956 Soviet tanks crushed the rising in Hungary.
"""


def _features(text: str, rubric) -> dict[str, float]:
    prep = prepare(text, rubric)
    coverage = match_points(prep.essay, rubric, prep.signals, load_models(rubric).match)
    return dict(zip(LEVEL_FEATURES, level_features(rubric, "pact", prep.essay, coverage, prep.signals, n_errors=0)))


@pytest.mark.parametrize("text, kind", [
    ("Although the pact bought time, it left the USSR exposed.", "concession"),
    ("Security mattered more than ideology in Stalin's decisions.", "comparison"),
    ("The most important reason was fear of Germany.", "comparison"),
    ("The pact was only partly successful.", "degree"),
    ("To some extent the purges weakened the Red Army.", "degree"),
    ("Stalin was not simply pushed into the pact.", "degree"),
    ("The purges may have convinced Hitler that the USSR was weak.", "modal"),
    ("A regime driven by ideology would not have done business with Hitler.", "modal"),
    ("Stalin signed the pact in 1939.", None),
    ("Stalin hated Hitler because he was a fascist.", None),
    ("Only Germany was a threat.", None),  # "only" on a noun, not on the claim's predicate
    ("He could not trust Britain.", None),  # "could not": ability, not a judgement
])
def test_claims_qualification_is_read_from_what_governs_the_predicate(text, kind):
    assert qualification(get_parser()(text)[:]) == kind


def test_levels_a_concession_clause_the_word_list_lacks_reads_as_qualified(rubric):
    conceded = {w.strip(".,:").lower() for w in CONCEDED.split()} - {w.strip(".,:").lower() for w in FLAT.split()}
    assert not conceded & ROUND6_WORDS  # the rewrite adds no word round 6's list would have read
    flat, qualified = _features(FLAT, rubric), _features(CONCEDED, rubric)
    assert flat["qualified_rate"] == 0.0
    assert qualified["qualified_rate"] >= 0.5  # a quarter of the sentences or more, on the 0-1 capped scale
    flat_report, qualified_report = mark_essay(FLAT, rubric), mark_essay(CONCEDED, rubric)
    assert qualified_report.judgement.mark >= flat_report.judgement.mark
    assert any("Qualify your claims" in t for t in flat_report.feedback.targets)
    assert not any("Qualify your claims" in t for t in qualified_report.feedback.targets)


def test_claims_period_and_dates_outside_it(rubric):
    assert period(rubric) == (1924, 1941)
    assert period(load_rubric("weimar-republic-1918-33")) == (1918, 1933)
    assert outside_period("In 1945 the Red Army captured Berlin.", (1924, 1941), rubric)
    assert outside_period("The revolution of 1917 made the West hostile.", (1924, 1941), rubric)
    assert not outside_period("In 1939 Stalin signed the pact.", (1924, 1941), rubric)
    assert not outside_period("Lost in 1918, the lands were regained in 1939.", (1924, 1941), rubric)
    assert not outside_period("Stalin distrusted the West.", (1924, 1941), rubric)  # undated: not read here
    assert not outside_period("In 1945 the Red Army captured Berlin.", None, rubric)


def test_levels_padding_with_later_narrative_is_not_marked_up_and_is_said(rubric):
    padded = FLAT.replace("\nIn conclusion", LATER + "\nIn conclusion")
    prep = prepare(padded, rubric)
    own = own_sentences(prep.signals)
    off = off_period(rubric, prep.essay, own)
    assert off.sum() == 5 and all("19" in prep.essay.sentences[i].text for i in np.flatnonzero(off))
    plain_prep = prepare(FLAT, rubric)
    assert not off_period(rubric, plain_prep.essay, own_sentences(plain_prep.signals)).any()
    assert off.sum() / own.sum() > 0.15
    plain, report = mark_essay(FLAT, rubric), mark_essay(padded, rubric)
    assert report.judgement.mark <= plain.judgement.mark
    told = off_period_told(rubric, prep.essay, prep.signals)  # those about no rubric point (Berlin 1945 may be)
    assert 3 <= told.sum() <= 5 and not (told & ~off).any()
    assert any(f"Relevance: {told.sum()} of" in r and "1924-1941" in r for r in report.judgement.reasons)
    assert any("Keep to the period" in t and "1924-1941" in t for t in report.feedback.targets)
    assert not any(r.startswith("Relevance") for r in plain.judgement.reasons)


def test_levels_an_older_level_model_is_read_by_name_and_an_unknown_feature_refused():
    features = [float(i) for i in range(len(LEVEL_FEATURES))]
    older = LEVEL_FEATURES[:-2] + LEVEL_FEATURES[-1:]  # fitted before qualified_rate
    model = LinearModel(kind="ridge", features=older, mean=(0.0,) * len(older), scale=(1.0,) * len(older),
                        coef=((1.0,) * len(older),), intercept=(0.0,))
    assert in_model_order(model, features) == [features[LEVEL_FEATURES.index(n)] for n in older]
    stranger = LinearModel(kind="ridge", features=(*older, "vague_words"), mean=(0.0,) * (len(older) + 1),
                           scale=(1.0,) * (len(older) + 1), coef=((1.0,) * (len(older) + 1),), intercept=(0.0,))
    with pytest.raises(RubricError, match="vague_words"):
        in_model_order(stranger, features)


def test_levels_a_dated_sentence_about_a_rubric_point_is_not_called_off_the_question(rubric):
    """Eleanor's "the recovery of lands lost in 1918-21" and "a long war ... like 1914-18" are dated outside 1924-41
    but argue the rubric's points: the feature counts them (as chosen on the training essays), but neither the
    teacher nor the student is told they are off the question."""
    text = (SAMPLES / "23_eleanor.txt").read_text(encoding="utf-8")
    prep = prepare(text, rubric)
    dated_out = off_period(rubric, prep.essay, own_sentences(prep.signals))
    assert dated_out.sum() >= 1
    assert not off_period_told(rubric, prep.essay, prep.signals).any()
    report = mark_essay(text, rubric)
    assert not any(r.startswith("Relevance") for r in report.judgement.reasons)
    assert not any("Keep to the period" in t for t in report.feedback.targets)

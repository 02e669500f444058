"""Which point a paragraph argues (issue 14 part 1, rounds 10 to 12): marker/claims.py's paragraph_points,
debate_kin and argued_in_place, and the demote-only gate match.by_paragraph built on them."""

import numpy as np
import pytest

from marker.claims import argued_in_place, debate_kin, paragraph_points
from marker.mark import prepare
from marker.match import argued, by_paragraph
from marker.rubric import load_rubric

INTRO = "Security mattered more to Stalin than ideology in the years before the war.\n\n"
PURGES = ("The purges of 1937-38 weakened the Red Army because they killed most of its senior officers. In 1938 "
          "Japanese troops fought the Red Army at Lake Khasan.\n\n")
MUNICH = ("Stalin was left out of the Munich conference in 1938 because Britain and France distrusted him. In 1938 "
          "Japanese troops fought the Red Army at Lake Khasan.\n\n")
JAPAN = ("The Japanese threat in the Far East also worried Stalin. In 1939 the Red Army fought Japan at Khalkhin Gol, "
         "because Japan wanted to expand into Mongolia, so Stalin feared a war on two fronts.\n\n")
BUYING = ("Stalin signed the pact to buy time, because the Red Army was not yet ready to fight Germany. In June 1940 "
          "the Red Army occupied the Baltic states.\n\n")
CONCLUSION = "In conclusion, Stalin signed the pact because he needed time.\n"


def _read(text, rubric):
    prep = prepare(text, rubric)
    ids = [p.id for p in rubric.points]
    factors = np.array([p.kind == "factor" for p in rubric.points])
    return prep.signals, ids, factors


def _kept(rubric, sig, factors, pid):
    p = [q.id for q in rubric.points].index(pid)
    argues = argued(sig, p)
    return argues, argued_in_place(sig, p, argues, paragraph_points(sig, factors), debate_kin(rubric))


def _all_covered(rubric):
    return {p.id: {"covered": 0.9, "partial": 0.06, "missing": 0.04} for p in rubric.points if p.kind == "factor"}


def test_a_point_dated_in_a_paragraph_it_shares_no_debate_with_is_no_longer_argued(rubric):
    sig, ids, factors = _read(INTRO + MUNICH + CONCLUSION, rubric)
    owners = paragraph_points(sig, factors)
    assert {ids[p] for p in owners[1]} == {"munich-exclusion"}  # the topic sentence's point
    argues, kept = _kept(rubric, sig, factors, "japan-far-east")
    assert argues.any() and not kept.any()  # a dated statement lent "argued" by Munich's explanation
    probs = by_paragraph(rubric, sig, _all_covered(rubric))
    assert probs["japan-far-east"] == {"covered": 0.0, "partial": pytest.approx(0.96), "missing": 0.04}
    assert probs["munich-exclusion"]["covered"] == 0.9  # the paragraph's own point keeps what it had
    sig, ids, factors = _read(INTRO + PURGES + CONCLUSION, rubric)
    assert {ids[p] for p in paragraph_points(sig, factors)[1]} == {"purges-weaken-army"}
    argues, kept = _kept(rubric, sig, factors, "japan-far-east")
    assert argues.any() and kept.sum() == argues.sum()  # the purges' debate (short- or long-term): kept


def test_the_same_point_keeps_its_own_paragraph_and_its_own_explanation(rubric):
    sig, ids, factors = _read(INTRO + MUNICH + JAPAN + CONCLUSION, rubric)
    assert {ids[p] for p in paragraph_points(sig, factors)[2]} == {"japan-far-east"}
    argues, kept = _kept(rubric, sig, factors, "japan-far-east")
    assert kept.any() and argues.sum() == kept.sum() + 1  # only the dated sentence in the Munich paragraph is lost
    assert by_paragraph(rubric, sig, _all_covered(rubric))["japan-far-east"]["covered"] == 0.9
    explained = MUNICH.replace("at Lake Khasan.", "at Lake Khasan because Japan wanted Soviet land.")
    sig, ids, factors = _read(INTRO + explained + CONCLUSION, rubric)
    argues, kept = _kept(rubric, sig, factors, "japan-far-east")
    assert kept.any()  # explained in its own clause: argued wherever it stands


def test_no_body_paragraphs_and_a_topic_sentence_naming_no_point(rubric):
    sig, ids, factors = _read(INTRO + PURGES, rubric)
    assert paragraph_points(sig, factors) == {}  # an introduction and one paragraph: nothing is a body paragraph
    argues, kept = _kept(rubric, sig, factors, "japan-far-east")
    assert argues.any() and kept.sum() == argues.sum()
    vague = "Other things mattered too. " + PURGES
    sig, ids, factors = _read(INTRO + vague + CONCLUSION, rubric)
    assert {ids[p] for p in paragraph_points(sig, factors)[1]} >= {"purges-weaken-army"}  # most argued sentences


def test_debate_kin_reads_the_sides_of_the_rubrics_debates(rubric):
    ids = [p.id for p in rubric.points]
    kin = debate_kin(rubric)
    assert kin[ids.index("buying-time"), ids.index("territorial-gains-buffer")]  # the same side of a debate
    assert kin[ids.index("buying-time"), ids.index("barbarossa-failure")]  # opposite sides: short- and long-term
    assert not kin[ids.index("purges-weaken-army"), ids.index("league-of-nations")]  # in no debate together
    assert kin[ids.index("league-of-nations"), ids.index("league-of-nations")]
    weimar = load_rubric("weimar-republic-1918-33")
    wids = [p.id for p in weimar.points]
    # one side together in one debate, opposite sides of another: a debate shared either way
    assert debate_kin(weimar)[wids.index("great-depression"), wids.index("dawes-young-plans")]


def test_a_point_in_a_debate_with_the_paragraphs_point_keeps_its_explanation(rubric):
    sig, ids, factors = _read(INTRO + BUYING + CONCLUSION, rubric)
    assert {ids[p] for p in paragraph_points(sig, factors)[1]} == {"buying-time"}
    argues, kept = _kept(rubric, sig, factors, "territorial-gains-buffer")
    assert argues.any() and kept.sum() == argues.sum()  # on buying time's side: part of the paragraph's case
    argues, kept = _kept(rubric, sig, factors, "barbarossa-failure")
    assert argues.any() and kept.sum() == argues.sum()  # the other side of its debate: the story's next step
    probs = by_paragraph(rubric, sig, _all_covered(rubric))
    assert probs["territorial-gains-buffer"]["covered"] == 0.9 and probs["barbarossa-failure"]["covered"] == 0.9
    sig, ids, factors = _read(INTRO + PURGES.replace("In 1938 Japanese troops fought the Red Army at Lake Khasan.",
                                                      "In 1934 the USSR joined the League of Nations.") + CONCLUSION,
                              rubric)
    argues, kept = _kept(rubric, sig, factors, "league-of-nations")
    assert argues.any() and not kept.any()  # in no debate with the purges: not lent the paragraph's explanation
    assert by_paragraph(rubric, sig, _all_covered(rubric))["league-of-nations"]["covered"] == 0.0


def _demote_all(rubric, sig, probs):
    return {pid: {**pr, "covered": 0.0, "partial": pr.get("partial", 0.0) + pr.get("covered", 0.0)}
            for pid, pr in probs.items()}


def test_the_fit_chooses_its_cut_offs_without_the_paragraph_check(rubric, monkeypatch):
    """Round 13: the check demotes the final calls only; `marker fit` chooses the covered, mentioned, debated and
    develop cut-offs on calls the check has not touched, so they are main's whatever the check demotes."""
    import marker.match as match
    from marker.dataset import load_annotated
    from marker.fit import _choose_cuts, _fit_match, _folds
    from marker.mark import Prepared
    from marker.nlp import analyse
    from marker.signals import sentence_signals

    from tests.conftest import SAMPLES

    items = load_annotated(SAMPLES)[:12]
    preps = []
    for item in items:
        essay = analyse(item.text)
        preps.append(Prepared(item.text, essay, sentence_signals(essay, rubric), (), ()))
    folds = _folds(items, 3, seed=1)
    monkeypatch.setattr(match, "by_paragraph", lambda rubric, sig, probs: probs)
    without = _choose_cuts(items, preps, rubric, folds)
    monkeypatch.setattr(match, "by_paragraph", _demote_all)  # a check that demotes every call
    assert _choose_cuts(items, preps, rubric, folds) == without
    coverage = match.match_points(preps[0].essay, rubric, preps[0].signals, _fit_match(items, preps, rubric))
    assert all(pr["covered"] == 0.0 for pr in coverage.factor_probs.values())  # the final calls: demoted

"""The sentence signals computed without repeated work (issue 16, round 4) read exactly what the plain definitions
read: each point's similarity is its best exemplar's, `about` is the per-(sentence, point) rule, and the order in
which the argument reading and the fact checker ask for parses changes no report."""

from pathlib import Path

import numpy as np
import pytest

from marker.embed import normalise
from marker.mark import assemble, prepare
from marker.models_io import load_models
from marker.nlp import analyse, sentence_parses
from marker.report import to_json
from marker.signals import rubric_index, sentence_signals

SAMPLES = Path(__file__).parent.parent / "sample_essays"
TEXT = (SAMPLES / "02_olivia.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def read(rubric):
    essay = analyse(TEXT)
    return essay, sentence_signals(essay, rubric)


def test_each_points_similarity_is_its_best_exemplars(rubric, read):
    from marker.embed import get_embedder

    essay, sig = read
    index = rubric_index(rubric)
    vectors = normalise(get_embedder().token_sums([s.text for s in essay.sentences]))
    raw = vectors @ index.vectors.T
    for p in range(len(rubric.points)):
        best = raw[:, index.owner == p].max(axis=1)
        own = sig.sims[:, p]
        # a sentence read with its predecessor keeps the better of the two readings; the product's last bits
        # depend on the matrix's shape (BLAS blocking), so compare to float32 precision
        pointing_back = own > best + 1e-6
        np.testing.assert_allclose(own[~pointing_back], best[~pointing_back], rtol=0, atol=1e-6)
    assert sig.sims.dtype == np.float64 and sig.sims.shape == (len(essay.sentences), len(rubric.points))


def test_about_is_the_rule_for_every_sentence_and_point(read):
    from marker.defaults import DEFAULTS

    _, sig = read
    n, n_points = sig.sims.shape
    expected = np.zeros((n, n_points), dtype=bool)
    for k in range(n):
        top = sig.sims[k].max()
        for p in range(n_points):
            listed = sig.listed_only(k, p)
            named = p in sig.hits[k] and not listed
            expected[k, p] = (named and sig.sims[k, p] >= top - DEFAULTS["named_about_margin"]) or (
                sig.sims[k, p] >= DEFAULTS["paraphrase_similarity"]
                and sig.sims[k, p] >= top - DEFAULTS["about_margin"] and not listed)
    assert expected.any() and np.array_equal(sig.about, expected)


def test_parses_made_one_at_a_time_first_give_the_same_report(rubric):
    """prepare() reads the signals (one parse batch) before the fact checker (one sentence at a time): a sentence's
    parse does not depend on its batch, so an essay whose sentences were all parsed singly first marks the same."""
    models = load_models(rubric)
    batched = assemble(prepare(TEXT, rubric), rubric, models)

    import marker.mark as mark

    real_analyse = mark.analyse

    def analyse_and_parse_singly(text):
        essay = real_analyse(text)
        for s in essay.sentences:
            sentence_parses(essay, [s.index])
        return essay

    mp = pytest.MonkeyPatch()
    mp.setattr(mark, "analyse", analyse_and_parse_singly)
    try:
        single = assemble(prepare(TEXT, rubric), rubric, models)
    finally:
        mp.undo()
    assert to_json([single]) == to_json([batched])


def test_exemplar_columns_out_of_point_order_are_refused(rubric):
    """The per-point reduction reads each point's exemplars as one run of columns: an index whose exemplars are not
    grouped point by point (or a point with none) would give points each other's similarities, so it is refused."""
    from dataclasses import replace

    index = rubric_index(rubric)
    assert len(index.point_starts) == len(rubric.points) and index.point_starts[0] == 0
    shuffled = replace(index, owner=index.owner[::-1].copy())
    shuffled.__dict__.pop("point_starts", None)
    with pytest.raises(ValueError, match="grouped point by point"):
        _ = shuffled.point_starts

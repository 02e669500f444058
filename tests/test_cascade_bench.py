"""benchmarks/cascade.py (issue 16, round 3): it reads training essays only, and its figures count what they say."""

import numpy as np

from tests.conftest import load_benchmark


def test_reads_training_essays_only():
    items = load_benchmark("cascade").essays()
    assert len(items) > 100
    assert all("/test/" not in f"/{path.as_posix()}/" for _, path in items)


def test_summary_counts_skips_and_the_bound():
    cascade = load_benchmark("cascade")
    data = {
        "static": np.array([0.1, 0.25, 0.6, 0.1, 0.3]),
        "minilm": np.array([0.2, 0.45, 0.7, 0.1, 0.6]),
        "words": np.array([10, 20, 30, 40, 50]),
        "must": np.array([False, False, False, True, False]),
    }
    out = cascade.summarise(data, [0.2, 0.35])
    assert out["must_read_share"] == 0.2 and out["must_read_word_share"] == 40 / 150
    assert out["minilm_below_support_share"] == 0.4  # 0.2 and 0.1 are below 0.35
    assert out["bound_share"] == 0.2  # only the first: the other one below 0.35 is a must-read
    low, high = out["cuts"]
    assert low["skipped_share"] == 0.2 and low["skipped_minilm_ge_0.35"] == 0  # the first sentence only
    assert high["skipped_share"] == 0.6 and high["skipped_word_share"] == 80 / 150  # sentences 1, 2 and 5
    assert high["skipped_minilm_ge_0.35"] == 2 and high["skipped_minilm_ge_0.5"] == 1

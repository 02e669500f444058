"""benchmarks/scale.py's small path: varied essays, a few marked with 1 and 2 workers, the same bytes, figures."""

import os
import sys

import pytest

from tests.conftest import ROOT, load_benchmark


def _scale():
    return load_benchmark("scale")


def test_varied_copies_are_distinct_deterministic_and_keep_the_essay():
    scale = _scale()
    text = (ROOT / "sample_essays" / "02_olivia.txt").read_text(encoding="utf-8")
    copies = [scale.vary(text, k) for k in range(6)]
    assert copies[0] == text
    assert len(set(copies)) == 6
    assert copies == [scale.vary(text, k) for k in range(6)]
    for copy in copies[1:]:  # lightly varied: one sentence fewer, nearly the same words
        assert 0.85 * len(text.split()) < len(copy.split()) < len(text.split())


def test_a_few_essays_with_one_and_two_workers_give_the_same_bytes_and_figures():
    pytest.importorskip("psutil")
    scale = _scale()
    result = scale.measure(3, [1, 2])
    assert result["essays"] == 3 and result["identical"] is True
    assert [r["workers"] for r in result["runs"]] == [1, 2]
    for r in result["runs"]:
        assert r["wall_s"] > 0 and r["cpu_s"] > 0 and r["essays_per_s"] > 0
        assert r["peak_total_mib"] >= r["largest_process_mib"] > 50
        if sys.platform.startswith("linux"):  # PSS counts a shared page once, where RSS counts it in each process
            assert 50 < r["peak_pss_mib"] <= r["peak_total_mib"]
    two = result["runs"][1]
    assert two["peak_total_mib"] > result["runs"][0]["largest_process_mib"]  # the parent and its workers counted
    text = scale.to_markdown(result)
    assert "byte-identical: yes" in text and "500,000 scripts" in text
    p = scale.projection(10.0, 100.0)
    assert p == {"hours_here": 13.9, "cpu_hours": 13.9, "cores_for_8_hours": 2}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PSS is read from /proc")
def test_pss_of_a_process_is_at_most_its_rss_and_none_for_a_process_that_is_gone():
    import psutil

    scale = _scale()
    pss = scale.pss_bytes(os.getpid())
    assert 0 < pss <= psutil.Process().memory_info().rss
    assert scale.pss_bytes(2**22 + 1) is None  # above the kernel's largest pid

"""Regression tests for the fact checker's own time on hostile sentences, called directly (without the limits that
marker.mark.prepare applies first, which keep marking linear today).

Found by issue 18's hostile inputs: `_HARD_BREAK` (the clause-boundary regular expression in marker/facts.py) starts
`\\s*[;:]\\s+|\\s+[—–-]\\s+|...` at every position of a run of spaces and scans the whole run each time, so a sentence
with n spaces costs n²; and a sentence with n entity mentions costs n² in the mention-to-clause loops
(`_analyse_sentence`, `_frame_mentions`, `_build_units`). The marker/facts package made both linear; these tests
keep them so.
"""

import time


from marker.facts import check_facts
from marker.nlp import analyse


def _seconds(text: str, rubric) -> float:
    """The fastest of three runs: a busy machine only ever adds time, so the minimum is the checker's own cost
    (one run alone made the ratio flaky under load)."""
    essay = analyse(text)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        check_facts(essay, rubric)
        best = min(best, time.perf_counter() - start)
    return best


def test_facts_a_run_of_spaces_costs_linear_time(rubric):
    check_facts(analyse("Warm up. The pact was signed in 1939."), rubric)
    once = _seconds("Stalin signed" + " " * 1_000 + "the pact in 1939.", rubric)
    twice = _seconds("Stalin signed" + " " * 2_000 + "the pact in 1939.", rubric)
    assert twice <= 3 * once + 0.05, f"1,000 spaces {once:.2f}s, 2,000 spaces {twice:.2f}s"


def test_facts_a_sentence_of_many_mentions_costs_linear_time(rubric):
    check_facts(analyse("Warm up. The pact was signed in 1939."), rubric)
    once = _seconds("Stalin, " * 600 + "signed the pact in 1939.", rubric)
    twice = _seconds("Stalin, " * 1_200 + "signed the pact in 1939.", rubric)
    assert twice <= 3 * once + 0.05, f"600 mentions {once:.2f}s, 1,200 mentions {twice:.2f}s"

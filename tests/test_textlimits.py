"""Text limits: pathological text is shortened or refused before the tokenizer and the fact checker see it, offsets
still index the essay as written, and marking time grows linearly with hostile input (a property test)."""

import statistics
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marker.errors import EssayInputError
from marker.mark import mark_essay, prepare
from marker.textlimits import TEXT_LIMITS, check_text
from tests.conftest import SAMPLES

SPACE, TOKEN = TEXT_LIMITS["max_space_run"], TEXT_LIMITS["max_token_chars"]


def test_textlimits_ordinary_essay_is_untouched():
    text = (SAMPLES / "21_megan.txt").read_text(encoding="utf-8")
    normalised = check_text(text)
    assert normalised.text == text and normalised.shortened == 0 and normalised.span(5, 20) == (5, 20, text[5:20])


def test_textlimits_long_runs_are_shortened_and_offsets_map_back():
    text = "Stalin signed" + " " * 10_000 + "the pact in 1939. " + "😀" * 9_000 + " Then " + "x" * 500 + " end."
    normalised = check_text(text)
    assert normalised.shortened == 3
    assert " " * (SPACE + 1) not in normalised.text and "😀" * (TOKEN + 1) not in normalised.text
    assert len(normalised.text) < 400
    for word in ("Stalin", "the pact in 1939.", "Then", "end."):
        clean_start = normalised.text.index(word)
        start, end, shown = normalised.span(clean_start, clean_start + len(word))
        assert shown == word and text[start:end] == word


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("word " * 16_000, "16,000 words, over marker's limit of 15,000"),
        ("😀 " * 45_000, "45,000 words and symbols, over marker's limit of 40,000"),
        ("a" * 250_000, "250,000 characters, over marker's limit of 200,000"),
    ],
)
def test_textlimits_text_over_a_limit_is_refused_naming_the_file(text, says):
    with pytest.raises(EssayInputError) as exc:
        check_text(text, "class/amy.txt")
    assert str(exc.value).startswith("class/amy.txt: the essay has ") and says in str(exc.value)
    assert "\n" not in str(exc.value)


def test_textlimits_word_limit_message_names_the_file(rubric):
    report = None
    with pytest.raises(EssayInputError) as exc:
        report = mark_essay("word " * 16_000, rubric, name="11B/ben\nsmith.txt")
    assert report is None
    assert str(exc.value).startswith("11B/ben\\nsmith.txt: the essay has 16,000 words")


def test_textlimits_report_offsets_index_the_text_as_written(rubric):
    essay = (SAMPLES / "21_megan.txt").read_text(encoding="utf-8")
    hostile = essay.replace(". ", "." + " " * 5_000, 1).replace("Munich", "Munich" + "!" * 3_000, 1)
    report = mark_essay(hostile, rubric, name="hostile.txt")
    assert any("read only in part" in w for w in report.warnings)
    spans = [e for p in report.points for e in p.evidence] + list(report.errors)
    assert spans
    for span in spans:
        assert hostile[span.start:span.end] == span.text
    assert report.words == mark_essay(essay, rubric).words


# -- linear time: double a hostile input, and the time at most roughly doubles -----------------------------------

HOSTILE = {
    "spaces": lambda n: "Stalin signed" + " " * n + "the pact in 1939.",
    "emoji": lambda n: "Stalin " + "😀" * n + " signed the pact.",
    "spaced emoji": lambda n: "Stalin " + "😀 " * n + "signed the pact.",
    "symbols": lambda n: "In 1939 " + "-=" * (n // 2) + " Stalin signed.",
    "long word": lambda n: "The pact " + "ab" * (n // 2) + " was signed in 1939.",
    "one token repeated": lambda n: "Stalin " + "pact " * n + "in 1939.",
    "commas": lambda n: "Stalin, " * n + "signed the pact in 1939.",
    "newlines": lambda n: "The pact." + "\n" * n + "It was signed in 1939.",
}


def _median_seconds(text: str, rubric, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        prepare(text, rubric)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(HOSTILE)), n=st.integers(min_value=1_500, max_value=3_000))
def test_textlimits_doubling_a_hostile_input_at_most_roughly_doubles_the_time(rubric, kind, n):
    """Quadratic work would make the doubled input take four times as long; linear work about twice. The bound
    (three times, plus 50 ms for timer noise on a shared machine) sits between, so it fails on quadratic code and
    holds on linear code however busy the machine is; medians of three runs damp the noise."""
    prepare("Warm up the pipeline. The pact was signed in 1939.", rubric)
    once = _median_seconds(HOSTILE[kind](n), rubric)
    twice = _median_seconds(HOSTILE[kind](2 * n), rubric)
    assert twice <= 3 * once + 0.05, f"{kind}: {n} -> {once:.3f}s, {2 * n} -> {twice:.3f}s"


def test_textlimits_a_sentence_over_the_checked_length_is_tokenised_not_parsed():
    from marker.nlp import analyse, sentence_parses

    limit = TEXT_LIMITS["max_checked_sentence_words"]
    essay = analyse("Stalin signed the pact in 1939. " + "Stalin, " * (limit + 5) + "signed the pact.")
    parses = sentence_parses(essay, range(len(essay.sentences)))
    short, long = parses[0], parses[len(essay.sentences) - 1]
    assert short.has_annotation("DEP") and any(t.dep_ == "nsubj" for t in short)
    assert not long.has_annotation("DEP") and len(long) > limit

"""The fact checker's stores and shortcuts (issue 13's speed target) give what the plain computation gives.

What is kept between calls: the rubric's index (`_index`, one per rubric), a sentence's dates for the essay being
checked (`_Index.dates_of`, emptied by each check_facts), `_key` (a pure function of a phrase) and the names looked
up by first word and length (`_Index.names_at`). A store that outlived its rubric or its essay would give one essay
another's dates or flags; these tests check two rubrics in one process and one sentence in two essays against a
fresh state, and each shortcut against its plain definition.
"""

from pathlib import Path

from marker.facts import check_facts
from marker.facts.claims import parse_sentences
from marker.facts.index import _INDEXES, _index
from marker.facts.mentions import _sentence_tokens
from marker.facts.model import _SentenceInfo
from marker.facts.tokens import _SKIP_TOKENS, _TOKEN, _Token, _key, _tokens
from marker.nlp import analyse
from marker.rubric import load_rubric

ROOT = Path(__file__).resolve().parent.parent
WRONG = "The Nazi-Soviet Pact was signed in August 1941."


def _fresh(text: str, rubric):
    """check_facts with nothing kept from before: every index and memo rebuilt."""
    _INDEXES.clear()
    _key.cache_clear()
    return check_facts(analyse(text), rubric)


def test_facts_two_rubrics_in_one_process_keep_their_own_answers(rubric):
    weimar = load_rubric("weimar-republic-1918-33")
    soviet_text = (ROOT / "sample_essays" / "02_olivia.txt").read_text(encoding="utf-8")
    weimar_text = sorted((ROOT / "corpus" / "weimar" / "train").glob("*.txt"))[0].read_text(encoding="utf-8")
    expected = {(r.id, t[:20]): _fresh(t, r) for r in (rubric, weimar) for t in (soviet_text, weimar_text)}
    assert any(expected.values())  # something is flagged, so a stale answer would show
    for _ in range(2):  # interleaved: each rubric's index and date store in use while the other's is
        for t in (soviet_text, weimar_text):
            for r in (rubric, weimar):
                assert check_facts(analyse(t), r) == expected[(r.id, t[:20])]


def test_facts_a_rubric_with_other_years_does_not_read_the_other_rubrics_dates(rubric):
    narrow = rubric.model_copy(update={"dates": rubric.dates.model_copy(update={"years": (1940, 1999)})})
    text = "On 23 August 1939 Molotov and Ribbentrop signed the pact."
    wide_dates = _index(rubric).dates_of(text, 0)
    narrow_dates = _index(narrow).dates_of(text, 0)
    assert [d.text for d in wide_dates] == ["23 August 1939"] and narrow_dates == ()
    assert _index(rubric).dates_of(text, 0) == wide_dates


def test_facts_the_same_sentence_in_two_essays_is_flagged_where_each_has_it(rubric):
    first = f"Stalin wanted security. {WRONG}"
    second = f"Stalin feared Germany after 1933.\n\nHitler wanted land in the east. {WRONG} It did not last."
    flags_first = check_facts(analyse(first), rubric)
    flags_second = check_facts(analyse(second), rubric)
    assert flags_first and flags_second
    assert [second[f.start : f.end] for f in flags_second] == [first[f.start : f.end] for f in flags_first]
    assert all(f.start >= second.index(WRONG) for f in flags_second)
    assert flags_second == _fresh(second, rubric)
    assert flags_first == _fresh(first, rubric)


def _essay_sentences():
    for path in sorted((ROOT / "sample_essays").glob("*.txt"))[:6]:
        yield from analyse(path.read_text(encoding="utf-8")).sentences


def test_facts_names_found_by_length_are_the_first_name_a_scan_finds(rubric):
    index = _index(rubric)
    looked = 0
    for s in _essay_sentences():
        norms = [t.norm for t in _sentence_tokens(index, s)]
        for i, word in enumerate(norms):
            plain = next(((k, kind, payload) for k, kind, payload in index.by_first.get(word, ())
                          if tuple(norms[i : i + len(k)]) == k), None)
            fast = next(((k, *names[k]) for n, names in index.names_at.get(word, ())
                         if (k := tuple(norms[i : i + n])) in names), None)
            assert fast == plain, (s.text, i)
            looked += plain is not None
    assert looked > 100


def test_facts_tokens_in_a_span_are_the_tokens_a_walk_of_the_parse_finds(rubric):
    sentences = [s for s in _essay_sentences()][:40]
    infos = [_SentenceInfo(s, [], [], [], False) for s in sentences]
    parsed = parse_sentences(infos, set(range(len(infos))))
    for k, p in parsed.items():
        s = sentences[k]
        cuts = sorted({s.start + t.idx for t in p.doc} | {s.start - 1, s.end + 5, s.start + 3, s.start + 17})
        for a in cuts:
            for b in cuts:
                assert p.tokens(a, b) == [t for t in p.doc if a <= p.base + t.idx < b]


def test_facts_tokens_of_ascii_text_are_lower_cased_as_each_token_is():
    def plain(text: str, offset: int) -> list[_Token]:
        out = []
        for m in _TOKEN.finditer(text):
            norm = m.group().lower().replace("’", "'")
            if norm not in _SKIP_TOKENS and not (norm == "s" and m.start() > 0 and text[m.start() - 1] in "'’"):
                out.append(_Token(norm, m.start() + offset, m.end() + offset))
        return out

    texts = [s.text for s in _essay_sentences()] + [
        "Stalin’s pact didn’t last", "Litvinov's dismissal", "ΟΔΟΣ Σ'Α ΣΑΣ", "İstanbul and Ä", "naïve Ribbentrop’s — “deal”", "x_y__z 1939-41"]
    for text in texts:
        assert _tokens(text, 11) == plain(text, 11), text

"""The NLP loader: spaCy without its command-line app, and sentences with offsets into the text."""

import json
import subprocess
import sys

from tests.conftest import ROOT, SAMPLES

CLI_ONLY = ("spacy.cli", "typer", "requests", "httpx", "weasel", "jinja2", "click")


def _fresh(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_nlp_marking_path_does_not_import_spacys_command_line_app():
    result = _fresh(
        "import json, sys\n"
        "from marker.nlp import analyse\n"
        "doc = analyse('Stalin signed the pact. The armies were bought.')\n"
        f"print(json.dumps({{'loaded': [m for m in {CLI_ONLY!r} if m in sys.modules],"
        " 'lemmas': list(doc.sentences[1].lemmas)}))"
    )
    assert result["loaded"] == []
    assert result["lemmas"] == ["the", "army", "be", "buy"]


def test_marking_an_essay_does_not_import_spacys_command_line_app():
    """The whole marking path, whichever of its modules imports first (marker/argument.py once took spaCy's stop
    words straight from spaCy, which ran spacy/__init__ before marker.nlp could leave the CLI out: typer, rich,
    httpx, requests... in every worker, about 20 MiB and a fifth of a second)."""
    result = _fresh(
        "import json, sys\n"
        "from marker.mark import mark_essay\n"
        "from marker.rubric import load_rubric\n"
        "text = open('sample_essays/01_lewis.txt', encoding='utf-8').read()\n"
        "report = mark_essay(text, load_rubric('soviet-foreign-policy-1924-41'))\n"
        f"print(json.dumps({{'loaded': [m for m in {CLI_ONLY!r} if m in sys.modules],"
        " 'level': report.judgement.level}))"
    )
    assert result["loaded"] == []
    assert result["level"] >= 1


def test_nlp_spacy_cli_still_loads_when_asked_for():
    result = _fresh(
        "import json, sys\n"
        "import marker.nlp, spacy\n"
        "info = spacy.info()\n"
        "import spacy.cli\n"
        "print(json.dumps({'version': info['spacy_version'], 'cli': hasattr(spacy.cli, 'download'),"
        " 'real_info': hasattr(sys.modules['spacy.cli.info'], '__file__')}))"
    )
    assert result["version"].startswith("3.") and result["cli"]
    assert result["real_info"]


def test_nlp_sentences_index_the_text_unchanged():
    from marker.nlp import analyse

    text = "Heading\n\nStalin signed the pact in 1939.  It bought time.\n"
    doc = analyse(text)
    assert [s.text for s in doc.sentences] == ["Heading", "Stalin signed the pact in 1939.", "It bought time."]
    assert all(text[s.start : s.end] == s.text for s in doc.sentences)


def test_each_sentence_is_parsed_once_for_the_sentence_roles_and_the_fact_checker(monkeypatch, rubric):
    """marker/moves.py and marker/facts/claims.py read the same dependency parses (nlp.sentence_parses): marking an
    essay parses no sentence twice, and a parse asked for again is the same object."""
    from marker.mark import prepare
    from marker.nlp import get_parser, sentence_parses

    parser = get_parser()
    parsed: list[str] = []
    real_pipe = parser.pipe

    def counting_pipe(texts, **kwargs):
        texts = list(texts)
        parsed.extend(texts)
        return real_pipe(texts, **kwargs)

    monkeypatch.setattr(parser, "pipe", counting_pipe)
    text = (SAMPLES / "02_olivia.txt").read_text(encoding="utf-8")
    prepared = prepare(text, rubric)
    essay = prepared.essay
    assert parsed and len(parsed) == len(set(parsed)) == len(essay.parses)
    assert prepared.errors is not None
    first = sorted(essay.parses)[:2]
    again = sentence_parses(essay, first)
    assert all(again[i] is essay.parses[i] for i in first) and len(parsed) == len(essay.parses)


def test_a_sentence_is_parsed_by_its_index_when_the_over_long_ones_are_left_out():
    """The fact checker reads an EssayDoc without its over-long sentences (marker.mark.prepare): a parse asked for by
    a sentence's index is that sentence's, not the one at that position in the shorter tuple."""
    from dataclasses import replace

    from marker.nlp import analyse, sentence_parses
    from marker.textlimits import TEXT_LIMITS

    run_on = "Stalin " + " ".join(["and the army"] * (TEXT_LIMITS["max_checked_sentence_words"] // 3 + 5)) + "."
    essay = analyse(f"The first sentence is here. {run_on} The pact was signed in 1939. Germany attacked in 1941.")
    short = replace(essay, sentences=tuple(s for s in essay.sentences
                                           if len(s.lemmas) <= TEXT_LIMITS["max_checked_sentence_words"]))
    assert len(short.sentences) == len(essay.sentences) - 1
    docs = sentence_parses(short, [2, 3])
    assert [docs[i].text for i in (2, 3)] == [essay.sentences[2].text, essay.sentences[3].text]
    assert essay.parses[2] is docs[2]  # the parses are the essay's, shared with every reader


def test_both_pipelines_tokenise_with_the_tokenizer_they_saved():
    """marker.nlp loads the pipelines without reading their saved tokenizers (the config builds spaCy's default
    English one): that is only right while the saved ones are that default, byte for byte."""
    from importlib import resources

    import spacy

    from marker.nlp import get_parser, get_pipeline, parser_path

    saved = spacy.load(str(resources.files("marker") / "models" / "spacy_en"))
    def rules(nlp):  # the rules, not the vocabulary (which grows with every text read)
        return nlp.tokenizer.to_bytes(exclude=["vocab"])

    assert rules(get_pipeline()) == rules(saved)
    assert rules(get_parser()) == rules(spacy.load(str(parser_path()), exclude=["ner", "senter"]))
    text = "Stalin's U.S.S.R. didn't join (in 1934?) -- it was 'collective security', e.g. the Franco-Soviet pact."
    assert [t.text for t in get_pipeline()(text)] == [t.text for t in saved(text)]

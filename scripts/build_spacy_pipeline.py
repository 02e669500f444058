"""Maintainer step: build the small offline English pipeline shipped in marker/models/spacy_en.

A blank English tokenizer, a rule sentencizer, marker's paragraph splitter and a lookup lemmatizer whose
table is copied from spacy-lookups-data here, once, so that users never need that 99 MB package.

    pip install -e ".[build-models]"   # or just: pip install spacy-lookups-data
    python scripts/build_spacy_pipeline.py
"""

from pathlib import Path

import spacy

import marker.nlp  # noqa: F401  registers the paragraph_breaks component

OUT = Path(__file__).resolve().parent.parent / "marker" / "models" / "spacy_en"


def main() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("paragraph_breaks")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.to_disk(OUT)
    doc = nlp("The armies were bought. Stalin signed pacts")
    print([t.lemma_ for t in doc], "->", OUT)


if __name__ == "__main__":
    main()

"""Imported by `marker mark --jobs N`'s fork server (marker/batch.py) on Linux, and only there: loads the models
every worker needs, once, so the workers forked from the server share those pages (copy-on-write) instead of
each loading its own copy.

What it loads does not depend on the rubric or the batch: the marking modules, spaCy's sentence pipeline, the
dependency parser and its word list, and the MiniLM session and tokenizer when the chosen embedder uses them. Each worker still builds its own embedder around the session
(its thread count is the worker's share of the cores) and its own rubric index. Objects made here are frozen out
of the garbage collector, whose passes would otherwise write to every page holding them and un-share it.
"""

from __future__ import annotations

import gc

import marker.mark  # noqa: F401 - the whole marking path's modules, imported once for every worker
from marker.embed import embedder_choice, minilm_session, minilm_tokenizer
from marker.nlp import english_words, get_pipeline

try:
    get_pipeline()
    english_words()  # and with it the dependency parser
    if "minilm" in embedder_choice():
        minilm_session()
        minilm_tokenizer()
except Exception:  # noqa: BLE001 - the server must start regardless: each worker loads what is missing itself
    pass           # and reports to the parent what it cannot load, as a spawned one does
gc.freeze()

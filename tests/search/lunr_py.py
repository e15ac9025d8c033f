"""lunr.py's builder and pipeline on our German steps, for tests that compare with lunr.py."""

from __future__ import annotations

from lunr.builder import Builder
from lunr.pipeline import Pipeline

from catalogue.search.german import FOLD, STEMMER, STOP_WORDS, TRIMMER, German, fold, stem


def register(german: German) -> None:
    """Register the four steps in lunr.py's (global) registry under the browser's labels.

    builder() does it; call it before lunr.py's Index.load of an index built elsewhere.
    """

    def trimmer(token, i=None, tokens=None):
        return token.update(lambda s, metadata=None: german.trim(s))

    def folder(token, i=None, tokens=None):
        return token.update(lambda s, metadata=None: fold(s))

    def stemmer(token, i=None, tokens=None):
        return token.update(lambda s, metadata=None: stem(s))

    def stop_filter(token, i=None, tokens=None):
        return None if str(token) in german.stop_words else token

    steps = {TRIMMER: trimmer, STOP_WORDS: stop_filter, FOLD: folder, STEMMER: stemmer}
    for label, fn in steps.items():
        fn.label = label
        Pipeline.registered_functions[label] = fn  # not register_function: no overwrite log


def builder(german: German) -> Builder:
    """A lunr.py builder; index and search pipeline: trimmer, stop words, fold, stem."""
    register(german)
    built = Builder()
    steps = [Pipeline.registered_functions[label] for label in german.pipeline_labels()]
    built.pipeline.add(*steps)
    built.search_pipeline.add(*steps)
    return built

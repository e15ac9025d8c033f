"""Build the serialised lunr index in plain dicts: the same dict as lunr.py's Builder, faster.

lunr.py's ``Builder`` wraps every word in a Token, runs the pipeline on it step by step and
keeps each vector as a sorted list it inserts into one element at a time; at 10,000 services
that took most of the search build. ``IndexBuilder`` runs the pipeline once per distinct word,
counts terms in plain dicts and writes each vector in one go. Its ``serialize()`` equals
``Builder.build().serialize()`` for the same documents, fields and pipeline: same term
numbers (``_index``, in order of first appearance), the same BM25 scores (lunr.py's
formula, operation for operation, rounded to three decimals), the same order of vectors
and terms. tests/search/test_search_fastindex.py holds it to lunr.py's bytes.

``compact()`` is what the site ships instead (suche/index.json): the same index without
what can be worked out again. Postings are doc numbers, delta-encoded; the field vectors
are left out, because each score follows from the postings, the few term frequencies
above one and the field lengths (the sum of a field's frequencies), and ``expand()`` in
theme/static/js/search-core.js recomputes them with this module's formula. At 10,000
services that is less than a tenth of the gzipped bytes; tests/search/test_search_compact.py
checks that the expanded index equals ``serialize()``.
"""

from __future__ import annotations

import contextlib
import gc
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

K1 = 1.2  # lunr's term frequency saturation
B = 0.75  # lunr's field length normalisation
COMPACT_FORMAT = "servicekatalog-lunr-compact/1"  # expand() in search-core.js reads this
# lunr.py's __TARGET_JS_VERSION__, the "version" of its index; not imported from lunr.py,
# whose import (with nltk) costs more than half a second. tests/search/test_search_stemmer.py
# checks that the two agree.
TARGET_JS_VERSION = "2.3.9"


class IndexBuilder:
    """Collect documents field by field, then ``serialize()`` them as lunr.py would.

    FIELDS maps field name → boost, in index order; PIPELINE turns one lower-case token
    into its term (None drops it) and must do what the pipeline named by LABELS does.
    """

    def __init__(
        self,
        fields: Mapping[str, int],
        pipeline: Callable[[str], str | None],
        labels: Sequence[str],
        terms: dict[str, str | None] | None = None,
    ) -> None:
        self.fields = dict(fields)
        self.labels = list(labels)
        # word → term, over the whole build; TERMS: a former builder's (same pipeline)
        self.word_terms = terms if isinstance(terms, _Memo) else _Memo(pipeline)
        self._terms = self.word_terms
        self._postings: dict[str, dict[str, Any]] = {}  # term → lunr posting
        self._field_terms: list[tuple[str, str, int, dict[str, int]]] = []  # in add order
        self._total_length = dict.fromkeys(self.fields, 0)
        self._documents = 0
        self._refs: list[str] = []  # in add order

    @property
    def terms(self) -> set[str]:
        """Every term of the index."""
        return set(self._postings)

    def add(self, ref: str, document: Mapping[str, Sequence[str]]) -> None:
        """Index DOCUMENT (field → words) under REF, as ``Builder.add`` does for a list field."""
        self.add_counted(ref, self.count(document))

    def count(self, document: Mapping[str, Sequence[str]]) -> list[tuple[int, dict[str, int]]]:
        """Per field of DOCUMENT: its length in terms and each term's count (never changed
        afterwards, so a caller may keep it and add it again to a later builder)."""
        counted = []
        for field in self.fields:
            terms = self._run(document[field])
            counts: dict[str, int] = {}  # first-appearance order, as lunr's defaultdict
            for term in terms:
                counts[term] = counts.get(term, 0) + 1
            counted.append((len(terms), counts))
        return counted

    def add_counted(self, ref: str, counted: list[tuple[int, dict[str, int]]]) -> None:
        """Index a document that count() has counted, under REF."""
        self._documents += 1
        self._refs.append(ref)
        postings, fields = self._postings, self.fields
        for field, (length, counts) in zip(fields, counted, strict=True):
            self._field_terms.append((f"{field}/{ref}", field, length, counts))
            self._total_length[field] += length
            for term in counts:
                posting = postings.get(term)
                if posting is None:
                    posting = postings[term] = {name: {} for name in fields}
                    posting["_index"] = len(postings) - 1
                posting[field][ref] = {}

    def serialize(self) -> dict[str, Any]:
        """The index as ``lunr.Index.serialize()`` gives it (lunr-schema, camelCase keys)."""
        return {
            "version": TARGET_JS_VERSION,
            "fields": list(self.fields),
            "fieldVectors": self._field_vectors(),
            "invertedIndex": [[term, self._postings[term]] for term in sorted(self._postings)],
            "pipeline": list(self.labels),
        }

    def compact(self) -> dict[str, Any]:
        """The index in the site's compact form, from which ``expand()`` in search-core.js
        rebuilds exactly what ``serialize()`` returns (but see expand() on Math.log).

        - ``documents``: N; the refs must be 0, 1, 2, ... in hex, in add order (what
          catalogue/search/files.py uses), so they need not be shipped.
        - ``terms``: every term by its ``_index`` (order of first appearance). The decoder
          sorts them with JavaScript's string order, which lunr.js's TokenSet needs; it
          differs from Python's only for characters beyond U+FFFF.
        - ``postings[term][field]``: the doc numbers having the term in that field,
          ascending, delta-encoded: the first doc number, then each one minus the previous.
        - ``frequencies``: [skip, tf, skip, tf, ...] for every posting whose term frequency
          is above 1 (at 10,000 services 3,416 of 223,379); all others are 1. Postings are
          counted in the order of ``postings`` (term, field, doc); skip is how many postings
          lie between this one and the previous one of the list (or the start).
        - ``boosts``: the boost of each field, in field order.

        Field lengths are not shipped: a field's length (its terms after the pipeline,
        repeats counted) is the sum of its term frequencies, which this checks.
        """
        expected = [format(position, "x") for position in range(self._documents)]
        if self._refs != expected:
            raise ValueError("compact() needs the refs 0, 1, 2, ... in hex, in add order")
        fields = list(self.fields)
        doc_of = {ref: position for position, ref in enumerate(self._refs)}
        above_one: dict[tuple[str, str], dict[int, int]] = {}  # (term, field) → doc → tf
        for field_ref, field, length, counts in self._field_terms:
            if sum(counts.values()) != length:
                raise ValueError(f"{field_ref}: field length is not the sum of its terms")
            doc = doc_of[field_ref[len(field) + 1 :]]
            for term, tf in counts.items():
                if tf > 1:
                    above_one.setdefault((term, field), {})[doc] = tf
        terms = list(self._postings)  # dict order = _index order
        postings: list[list[list[int]]] = []
        frequencies: list[int] = []
        position = previous = -1  # of the current posting / the last one listed in frequencies
        for index, term in enumerate(terms):
            posting = self._postings[term]
            if posting["_index"] != index:
                raise ValueError(f"{term!r}: _index {posting['_index']} is not {index}")
            per_field = []
            for field in fields:
                docs = [doc_of[ref] for ref in posting[field]]  # add order: ascending
                tfs = above_one.get((term, field), {})
                for doc in docs:
                    position += 1
                    if doc in tfs:
                        frequencies += (position - previous - 1, tfs[doc])
                        previous = position
                per_field.append([b - a for a, b in zip([0, *docs], docs, strict=False)])
            postings.append(per_field)
        return {
            "format": COMPACT_FORMAT,
            "version": TARGET_JS_VERSION,
            "fields": fields,
            "boosts": list(self.fields.values()),
            "pipeline": list(self.labels),
            "documents": self._documents,
            "terms": terms,
            "postings": postings,
            "frequencies": frequencies,
        }

    def _run(self, words: Sequence[str] | None) -> list[str]:
        """The terms of one field: lunr's Tokenizer on a list, then the pipeline, memoised."""
        if words is None:
            return []
        return [term for term in map(self._terms.__getitem__, words) if term is not None]

    def _field_vectors(self) -> list[list[Any]]:
        """[field ref, [term index, score, ...]] per field of each document, in add order."""
        if not self._documents:
            return []
        average = {f: total / self._documents for f, total in self._total_length.items()}
        index_of = {term: posting["_index"] for term, posting in self._postings.items()}
        idf_of = {term: _idf(posting, self._documents) for term, posting in self._postings.items()}
        rounded: dict[float, float] = {}  # score → round(score, 3); scores repeat a lot
        vectors = []
        for field_ref, field, length, counts in self._field_terms:
            boost = self.fields[field]
            norm = K1 * (1 - B + B * (length / average[field])) if counts else 0.0
            elements: list[float] = []  # [term index, score, ...] by term index, as lunr.Vector
            for term in sorted(counts, key=index_of.__getitem__):
                tf = counts[term]
                # lunr.py's expression, operation for operation: the floats must match.
                score = idf_of[term] * ((K1 + 1) * tf) / (norm + tf) * boost
                short = rounded.get(score)
                if short is None:
                    short = rounded[score] = round(score, 3)
                elements += (index_of[term], short)
            vectors.append([field_ref, elements])
        return vectors


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the index is built and dumped.

    The build makes about a million small dicts and lists that all stay alive and form no
    cycles; each collection only walks them again (and, after page rendering, Pelican's
    objects too). At 10,000 services that was a third of the index build.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _idf(posting: Mapping[str, Any], documents: int) -> float:
    """lunr.idf: documents are counted once per field they have the term in."""
    with_term = sum(len(refs) for name, refs in posting.items() if name != "_index")
    return math.log(1 + abs((documents - with_term + 0.5) / (with_term + 0.5)))


class _Memo(dict):
    """Word → term: lunr.utils.as_string, lower(), then PIPELINE, once per distinct word."""

    def __init__(self, pipeline: Callable[[str], str | None]) -> None:
        super().__init__()
        self._pipeline = pipeline

    def __missing__(self, word: str) -> str | None:
        term = self[word] = self._pipeline(str(word).lower() if word else "")
        return term

"""Build the files under suche/: the lunr index, the result store and the lunr scripts."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from catalogue.cache.store import Store, digest
from catalogue.model import PublishedCatalogue
from catalogue.search.compounds import Compounds
from catalogue.search.documents import FIELDS, record_words, search_document, vocabulary_of
from catalogue.search.fastindex import IndexBuilder, gc_paused
from catalogue.search.german import German
from catalogue.search.synonyms import normalise_synonyms, synonym_terms
from catalogue.site.jsontext import compact_json

# Output name → candidates in node_modules (minified first). Order = load order in the browser.
SCRIPTS: dict[str, tuple[str, ...]] = {
    "suche/lunr.js": ("lunr/lunr.min.js", "lunr/lunr.js"),
    "suche/lunr.stemmer.support.js": (
        "lunr-languages/min/lunr.stemmer.support.min.js",
        "lunr-languages/lunr.stemmer.support.js",
    ),
    "suche/lunr.de.js": ("lunr-languages/min/lunr.de.min.js", "lunr-languages/lunr.de.js"),
}
INDEX = "suche/index.json"
STORE = "suche/store.json"
STORE_VERSION = 1


def build_index(
    published: PublishedCatalogue,
    german: German,
    store: Store | None = None,
    terms: dict[str, str | None] | None = None,
    digests: dict[str, bytes] | None = None,
) -> IndexBuilder:
    """The lunr index of the published services; document ref = position in the store.

    Built by IndexBuilder, which serialises to what lunr.py's builder (tests/search/lunr_py.py)
    would give for the same documents, in a fraction of the time. The site ships its
    ``compact()`` form, which search-core.js expands into that serialised index.
    STORE: each record's words and its document's term counts, by the digest of the record
    (and, for the counts, of the vocabulary, which decides where compounds are cut);
    TERMS: the stemmer pipeline's word -> term memo of an earlier build (a pure function);
    DIGESTS: each service's digest of its data (plan.record_digests()), when known.
    """
    store = Store(None, "search", "") if store is None else store
    records = [s.data for s in published.services]
    if digests is None:
        keys = [digest(data) for data in records]
    else:
        keys = [digests[s.id] for s in published.services]
    words = [
        store.get(b"w" + key, partial(record_words, data, german))
        for key, data in zip(keys, records, strict=True)
    ]
    vocab = vocabulary_of(words, german)
    compounds = Compounds(vocab)
    vocab_key = digest(sorted(vocab))
    builder = IndexBuilder(FIELDS, german.pipeline_term, german.pipeline_labels(), terms)
    for position, (key, data) in enumerate(zip(keys, records, strict=True)):
        counted = store.get(
            b"d" + digest(key, vocab_key),
            partial(_counted, builder, data, german, compounds),
        )
        builder.add_counted(_ref(position), counted)
    return builder


def build_store(published: PublishedCatalogue, german: German, known: set[str]) -> dict[str, Any]:
    """What the browser shows for a hit, plus the synonyms it adds to a query.

    ``docs[ref] = [id, title, summary]``; ``synonyms[term] = [terms]``, already run through
    the same pipeline as the index, and only terms the index knows (KNOWN).
    """
    return {
        "version": STORE_VERSION,
        "docs": [[s.id, s.data["title"], s.data["summary"]] for s in published.services],
        "synonyms": synonym_terms(
            normalise_synonyms(published.synonyms),
            german.term,
            german.words,
            known,
        ),
    }


def build_search_files(published: PublishedCatalogue, node_modules: Path) -> dict[str, bytes]:
    """Every file of the search under suche/, as output-relative path → bytes (deterministic)."""
    return SearchFiles(node_modules).build(published)


class SearchFiles:
    """Builds the search files, reusing the German pipeline and the scripts in one process
    (the preview) and per record its words and document from STORE (see build_index()).
    Each build gives the same bytes as build_search_files().
    """

    def __init__(self, node_modules: Path) -> None:
        self.german = German(node_modules / "lunr-languages" / "lunr.de.js")
        self.scripts = {
            name: _first_existing(node_modules, candidates).read_bytes()
            for name, candidates in SCRIPTS.items()
        }
        self.terms: dict[str, str | None] | None = None

    def build(
        self,
        published: PublishedCatalogue,
        store: Store | None = None,
        digests: dict[str, bytes] | None = None,
    ) -> dict[str, bytes]:
        with gc_paused():
            index = build_index(published, self.german, store, self.terms, digests)
            self.terms = index.word_terms
            files = {
                INDEX: _json(index.compact()),
                STORE: _json(build_store(published, self.german, index.terms)),
            }
        return files | self.scripts


def _counted(builder: IndexBuilder, data: Any, german: German, compounds: Compounds) -> Any:
    return builder.count(search_document(data, german, compounds))


def _ref(position: int) -> str:
    """Refs 0, 1, 2, ... in hex: the compact index relies on them (IndexBuilder.compact)."""
    return format(position, "x")


def _json(data: Any) -> bytes:
    return compact_json(data).encode()


def _first_existing(root: Path, candidates: tuple[str, ...]) -> Path:
    for candidate in candidates:
        if (root / candidate).is_file():
            return root / candidate
    raise FileNotFoundError(f"{root}: keine von {', '.join(candidates)} (npm ci ausgeführt?)")

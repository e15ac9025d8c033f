"""Build the files under suche/: the lunr index, the result store and the lunr scripts."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from catalogue.cache.per_record import PerRecord
from catalogue.model import PublishedCatalogue
from catalogue.search.compounds import Compounds
from catalogue.search.documents import FIELDS, record_words, search_document, vocabulary
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
    published: PublishedCatalogue, german: German, keep: SearchMemo | None = None
) -> IndexBuilder:
    """The lunr index of the published services; document ref = position in the store.

    Built by IndexBuilder, which serialises to what lunr.py's builder (tests/search/lunr_py.py)
    would give for the same documents, in a fraction of the time. The site ships its
    ``compact()`` form, which search-core.js expands into that serialised index.
    KEEP: what a former build of the same process worked out (the preview's).
    """
    keep = keep or SearchMemo()
    records = [s.data for s in published.services]
    vocab = vocabulary(
        records,
        german,
        lambda data: keep.words.get(data, None, partial(record_words, data, german)),
    )
    if keep.compounds is None or keep.compounds.vocabulary != vocab:
        keep.compounds = Compounds(vocab)
    compounds = keep.compounds
    builder = IndexBuilder(FIELDS, german.pipeline_term, german.pipeline_labels(), keep.terms)
    keep.terms = builder.word_terms
    for position, data in enumerate(records):
        counted = keep.documents.get(
            data,
            compounds,
            partial(_counted, builder, data, german, compounds),
        )
        builder.add_counted(_ref(position), counted)
    keep.words.sweep()
    keep.documents.sweep()
    return builder


class SearchMemo:
    """What one index build worked out that the next one in the same process can reuse.

    Per record (while the preview keeps its dict): its vocabulary words and its search
    document's term counts (valid for one Compounds, so for one vocabulary); and the
    word → term memo of the stemmer pipeline (so the counts stay valid too).
    """

    def __init__(self) -> None:
        self.words = PerRecord()
        self.documents = PerRecord()
        self.compounds: Compounds | None = None
        self.terms: dict[str, str | None] | None = None


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
    """Builds the search files again and again in one process (the preview), reusing what
    did not change: the German pipeline, the scripts, and per record its words and document.
    Each build gives the same bytes as build_search_files().
    """

    def __init__(self, node_modules: Path) -> None:
        self.german = German(node_modules / "lunr-languages" / "lunr.de.js")
        self.scripts = {
            name: _first_existing(node_modules, candidates).read_bytes()
            for name, candidates in SCRIPTS.items()
        }
        self.memo = SearchMemo()

    def build(self, published: PublishedCatalogue) -> dict[str, bytes]:
        with gc_paused():
            index = build_index(published, self.german, self.memo)
            files = {
                INDEX: _json(index.compact()),
                STORE: _json(build_store(published, self.german, index.terms)),
            }
        return files | self.scripts


def _counted(builder: IndexBuilder, data: Mapping[str, Any], german: Any, compounds: Any) -> Any:
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

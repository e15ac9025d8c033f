"""Build the files under suche/: the lunr index, the result store and the lunr scripts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from catalogue.model import PublishedCatalogue
from catalogue.search.compounds import Compounds
from catalogue.search.documents import FIELDS, search_document, vocabulary
from catalogue.search.fastindex import IndexBuilder, gc_paused
from catalogue.search.german import German
from catalogue.search.synonyms import normalise_synonyms, synonym_terms

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


def build_index(published: PublishedCatalogue, german: German) -> IndexBuilder:
    """The lunr index of the published services; document ref = position in the store.

    Built by IndexBuilder, which serialises to what lunr.py's builder (German.builder())
    would give for the same documents, in a fraction of the time. The site ships its
    ``compact()`` form, which search-core.js expands into that serialised index.
    """
    records = [s.data for s in published.services]
    compounds = Compounds(vocabulary(records, german))
    builder = IndexBuilder(FIELDS, german.pipeline_term, german.pipeline_labels())
    for position, data in enumerate(records):
        builder.add(_ref(position), search_document(data, german, compounds))
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
    german = German(node_modules / "lunr-languages" / "lunr.de.js")
    with gc_paused():
        index = build_index(published, german)
        files = {
            INDEX: _json(index.compact()),
            STORE: _json(build_store(published, german, index.terms)),
        }
    for name, candidates in SCRIPTS.items():
        files[name] = _first_existing(node_modules, candidates).read_bytes()
    return files


def _ref(position: int) -> str:
    """Refs 0, 1, 2, ... in hex: the compact index relies on them (IndexBuilder.compact)."""
    return format(position, "x")


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _first_existing(root: Path, candidates: tuple[str, ...]) -> Path:
    for candidate in candidates:
        if (root / candidate).is_file():
            return root / candidate
    raise FileNotFoundError(f"{root}: keine von {', '.join(candidates)} (npm ci ausgeführt?)")

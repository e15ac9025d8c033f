"""What of a service record goes into which search field, and how much each field weighs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from catalogue.search.compounds import Compounds
from catalogue.search.german import German, fold

# Field → boost. A match in the title outweighs one in the keywords (which also hold the
# official name), which outweighs the summary; the names of required documents and the
# parts of compounds only break ties. The description is not indexed: a full-text index of
# 1,000 services costs 636 KB gzipped, and even its first sentence cost 22 KB gzipped at
# 1,000 services (tests/search/measure.py) without finding a query of
# tests/search/queries.yaml that the summary and keywords miss.
FIELDS: dict[str, int] = {
    "title": 10,
    "keywords": 6,
    "summary": 2,
    "documents": 1,
    "parts": 1,
}


def search_document(data: Mapping[str, Any], german: German, compounds: Compounds) -> dict:
    """The search fields of one service record, each a list of lower-case words."""
    title = german.words(data["title"])
    keywords = german.words(" ".join([data.get("official_name", ""), *data.get("keywords", [])]))
    documents = german.words(" ".join(d["name"] for d in data.get("required_documents", [])))
    return {
        "title": title,
        "keywords": keywords,
        "summary": german.words(data["summary"]),
        "documents": documents,
        "parts": compounds.parts_of([*title, *keywords, *documents]),
    }


def vocabulary(
    records: Iterable[Mapping[str, Any]],
    german: German,
    words_of: Callable[[Mapping[str, Any]], frozenset[str]] | None = None,
) -> frozenset[str]:
    """Every folded word (of four letters or more) in the catalogue's titles and texts.

    Used to find where a compound can be cut: "bewohner" is a word, so
    Bewohnerparkausweis contains "parkausweis". WORDS_OF (default: record_words) gives
    one record's words; the preview passes one that keeps them per record.
    """
    words_of = words_of or (lambda data: record_words(data, german))
    return vocabulary_of(map(words_of, records), german)


def vocabulary_of(word_sets: Iterable[frozenset[str]], german: German) -> frozenset[str]:
    """vocabulary() from each record's record_words()."""
    folded: set[str] = set()
    for words in word_sets:
        folded.update(words)
    return frozenset(folded - {fold(w) for w in german.stop_words})


def record_words(data: Mapping[str, Any], german: German) -> frozenset[str]:
    """The folded words (four letters or more) of one record's title and texts."""
    text = " ".join(
        [data["title"], data["summary"], data["description"], data.get("official_name", "")]
        + list(data.get("keywords", []))
    )
    return frozenset(fold(w) for w in set(german.words(text)) if len(w) >= 4)

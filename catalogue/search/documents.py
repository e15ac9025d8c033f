"""What of a service record goes into which search field, and how much each field weighs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from catalogue.search.compounds import parts_of
from catalogue.search.german import German, fold

# Field → boost. A match in the title outweighs one in the keywords, which outweighs the
# summary; the names of required documents and the parts of compounds only break ties.
# Full text is left out on purpose: at 1,000 services it alone costs over 600 KB gzipped.
FIELDS: dict[str, int] = {
    "title": 10,
    "keywords": 6,
    "summary": 2,
    "lead": 1,
    "documents": 1,
    "parts": 1,
}

_MARKDOWN = re.compile(r"[`*_#>\[\]()!|~]|https?://\S+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def first_sentence(markdown: str, limit: int = 200) -> str:
    """The first sentence of the description, stripped of Markdown, at most LIMIT characters."""
    text = " ".join(_MARKDOWN.sub(" ", markdown).split())
    return _SENTENCE_END.split(text, maxsplit=1)[0][:limit]


def search_document(data: Mapping[str, Any], german: German, vocabulary: frozenset[str]) -> dict:
    """The search fields of one service record, each a list of lower-case words."""
    title = german.words(data["title"])
    keywords = german.words(" ".join([data.get("official_name", ""), *data.get("keywords", [])]))
    documents = german.words(" ".join(d["name"] for d in data.get("required_documents", [])))
    return {
        "title": title,
        "keywords": keywords,
        "summary": german.words(data["summary"]),
        "lead": german.words(first_sentence(data["description"])),
        "documents": documents,
        "parts": parts_of([*title, *keywords, *documents], vocabulary),
    }


def vocabulary(records: Iterable[Mapping[str, Any]], german: German) -> frozenset[str]:
    """Every folded word (of four letters or more) in the catalogue's titles and texts.

    Used to find where a compound can be cut: "bewohner" is a word, so
    Bewohnerparkausweis contains "parkausweis".
    """
    words: set[str] = set()
    for data in records:
        text = " ".join(
            [data["title"], data["summary"], data["description"], data.get("official_name", "")]
            + list(data.get("keywords", []))
        )
        words.update(fold(w) for w in german.words(text) if len(w) >= 4)
    return frozenset(words - {fold(w) for w in german.stop_words})

"""Client-side search: the lunr index, result store and scripts the site ships under /suche/."""

from catalogue.search.files import build_search_files
from catalogue.search.synonyms import normalise_synonyms

__all__ = ["build_search_files", "normalise_synonyms"]

"""SearchFiles (the preview's search build) gives the bytes of a fresh build after each change."""

from __future__ import annotations

import dataclasses
import datetime as dt

from catalogue.search import build_search_files
from catalogue.search.files import SearchFiles
from tests.conftest import published_fixture
from tests.search.measure import ROOT

NODE_MODULES = ROOT / "node_modules"


def _replace(published, position: int, **changes) -> None:
    service = published.services[position]
    published.services[position] = dataclasses.replace(service, data={**service.data, **changes})


def test_kept_words_and_documents_give_a_fresh_build_after_each_change():
    published = published_fixture(today=dt.date(2026, 11, 22))
    # A compound whose parts depend on another record: "zauberwort" is no word of the
    # catalogue yet, so Zauberwortparkausweis is cut only after "ausweis".
    _replace(published, 0, title="Zauberwortparkausweis beantragen")
    search = SearchFiles(NODE_MODULES)
    first = search.build(published)
    assert first == build_search_files(published, NODE_MODULES)

    assert search.build(published) == first  # nothing changed, all from the memo

    other = published.services[1]  # a new word elsewhere: now the unchanged title is cut
    _replace(published, 1, description=other.data["description"] + " Das Zauberwort.")
    second = search.build(published)
    assert second == build_search_files(published, NODE_MODULES)
    assert second["suche/index.json"] != first["suche/index.json"]

    _replace(published, 2, summary="Ganz neu.")  # an ordinary edit
    del published.services[3]  # and a service gone
    assert search.build(published) == build_search_files(published, NODE_MODULES)

"""lunr.py (build time) and lunr.js (browser) give the same hits and scores on our index.

lunr.py loads the index in lunr's own serialised form; lunr.js gets the shipped file, the
compact form, which search-core.js expands first.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lunr.index import Index

from catalogue.records.loader import load_catalogue
from catalogue.search.files import build_index
from catalogue.search.german import German
from catalogue.site.publish import publish
from tests.search import lunr_py
from tests.search.measure import ROOT, TODAY, run_node, write_files

QUERIES = [
    "hund",
    "Hunde",
    "Personalausweis beantragen",
    "Führungszeugnis",
    "Fuehrungszeugnis",
    "Quittung",
    "Taxi,",
    "kfz zulassen",
    "title:hund",
    "sperr*",
    "ausweis~1",
    "+gewerbe -abmelden",
    "keywords:perso^3 summary:ausweis",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("parity")
    write_files(ROOT / "content", site)
    return site / "suche"


def ranked(hits: list[tuple[str, float]]) -> list[tuple[str, float]]:
    return sorted(((ref, round(score, 9)) for ref, score in hits), key=lambda h: (-h[1], h[0]))


def test_lunr_py_and_lunr_js_agree(built: Path):
    german = German(ROOT / "node_modules" / "lunr-languages" / "lunr.de.js")
    lunr_py.register(german)  # in lunr.py's registry, which Index.load looks the steps up in
    published = publish(load_catalogue(ROOT / "content")[0], TODAY)
    index = Index.load(build_index(published, german).serialize())
    in_js = run_node(built, [], raw=QUERIES)["raw"]
    for query in QUERIES:
        in_py = [(hit["ref"], hit["score"]) for hit in index.search(query)]
        assert ranked(in_py) == ranked(in_js[query]), query
    assert in_js["hund"] and in_js["Führungszeugnis"] and in_js["sperr*"]  # not vacuous
    assert in_js["Führungszeugnis"] == in_js["Fuehrungszeugnis"]


def test_the_index_names_the_browsers_pipeline(built: Path):
    index = json.loads((built / "index.json").read_text(encoding="utf-8"))
    assert index["pipeline"] == ["trimmer-de", "stopWordFilter-de", "fold-de", "stemmer-de"]
    assert index["version"].startswith("2.3")

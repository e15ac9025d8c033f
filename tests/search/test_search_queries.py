"""The query suite: citizens' queries in node, real lunr.js, index built from content/."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.search.measure import ROOT, run_node, write_files

CASES = yaml.safe_load((ROOT / "tests" / "search" / "queries.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hits(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    site = tmp_path_factory.mktemp("search")
    write_files(ROOT / "content", site)
    answer = run_node(site / "suche", [case["query"] for case in CASES])
    return {query: [hit[0] for hit in found] for query, found in answer["hits"].items()}


def test_the_suite_covers_issue_4_and_more():
    queries = {case["query"] for case in CASES}
    assert {"Hunde", "Perso", "Fuehrungszeugnis", "Fuhrungszeugnis", "Parkausweis"} <= queries
    assert {"Auto anmelden", "Sperrmüll", "Briefwahl", "Hochzeit", "Gewerbe"} <= queries
    assert "Persnalausweis" in queries
    assert len(queries) == len(CASES) >= 12 + 15


def test_every_expected_service_exists():
    ids = {p.stem for p in (ROOT / "content" / "services").glob("*.yaml")}
    assert sorted({case["expect"] for case in CASES} - ids) == []


@pytest.mark.parametrize("case", CASES, ids=[case["query"] for case in CASES])
def test_expected_service_is_in_the_top_three(hits, case):
    assert case["expect"] in hits[case["query"]][:3], hits[case["query"]][:5]


def test_nonsense_finds_nothing(tmp_path: Path):
    write_files(ROOT / "content", tmp_path)
    answer = run_node(tmp_path / "suche", ["xqzjvw", "der die das", "", "   "])
    assert answer["hits"] == {"xqzjvw": [], "der die das": [], "": [], "   ": []}

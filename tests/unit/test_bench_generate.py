"""The benchmark's synthetic catalogue: deterministic, realistic in shape, and valid."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench.synth import generate_catalogue, slug
from bench.yamltext import dump
from catalogue.checks.run import check, validate
from catalogue.records.loader import load_catalogue

PROJECT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 22)


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "content"
    generate_catalogue(30, 7, root)
    return root


def test_same_seed_gives_identical_bytes(small: Path, tmp_path: Path) -> None:
    again = tmp_path / "content"
    generate_catalogue(30, 7, again)
    assert _files(again) == _files(small)


def test_other_seed_gives_other_catalogue(small: Path, tmp_path: Path) -> None:
    other = tmp_path / "content"
    generate_catalogue(30, 8, other)
    assert _files(other) != _files(small)
    assert sorted((other / "services").iterdir()) != sorted((small / "services").iterdir())


def test_layout_matches_the_content_folder(small: Path) -> None:
    services = sorted((small / "services").glob("*.yaml"))
    assert len([p for p in services if "@" not in p.name]) == 30
    assert len(list((small / "departments").glob("*.yaml"))) >= 8
    assert len(list((small / "locations").glob("*.yaml"))) >= 8
    assert (small / "life-situations.yaml").is_file()
    real_pages = sorted(p.name for p in (PROJECT / "content" / "pages").glob("*.md"))
    assert sorted(p.name for p in (small / "pages").glob("*.md")) == real_pages
    if (PROJECT / "content" / "search-synonyms.yaml").is_file():
        assert (small / "search-synonyms.yaml").is_file()
    for path in [
        *services,
        *(small / "departments").glob("*.yaml"),
        *(small / "locations").glob("*.yaml"),
        small / "life-situations.yaml",
    ]:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# yaml-language-server: $schema="), path.name


def test_small_catalogue_passes_validate_and_check(small: Path) -> None:
    result = validate(small)
    assert result.problems == []
    checked = check(small, TODAY)
    assert checked.errors == []


def test_cli_validate_and_check_pass(small: Path) -> None:
    for args in (["validate"], ["check", "--today", TODAY.isoformat()]):
        run = subprocess.run(
            [sys.executable, "build.py", *args, "--content", str(small)],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stdout + run.stderr


def test_larger_catalogue_is_valid_and_realistic(tmp_path: Path) -> None:
    root = tmp_path / "content"
    generate_catalogue(400, 3, root)
    catalogue, problems = load_catalogue(root)
    assert validate(root).problems == []
    services = [r.data for r in catalogue.services.values()]
    assert len(services) == 400
    assert len(catalogue.departments) == 10  # N/40, at least 8
    assert len(catalogue.life_situations.data) >= 12
    share = lambda key: sum(key in s for s in services) / len(services)  # noqa: E731
    assert 0.3 <= share("online_service") <= 0.5
    assert 0.12 <= share("easy_language") <= 0.28
    free = sum("free" in s.get("fees", {}) for s in services)
    assert 0 < free < len(services)
    assert any(s.get("required_documents") == [] for s in services)
    # the forms real catalogues have: several locations, fee forms, unknown facts
    assert any(len(s.get("locations", [])) > 1 for s in services)
    items = [i for s in services for i in s.get("fees", {}).get("items", [])]
    for form in ("amount_from", "amount_to", "text", "channel"):
        assert any(form in i for i in items), form
    assert any(set(s.get("fees", {})) == {"text"} for s in services)
    assert 0 < sum("fees" not in s for s in services) < 40
    assert 0 < sum("required_documents" not in s for s in services) < 50
    locations = [r.data for r in catalogue.locations.values()]
    assert any("lift" not in p["accessibility"] for p in locations)
    assert any(p.get("opening_hours", {}).get("exceptions") for p in locations)
    assert all("\n\n" in s["description"] for s in services)  # several paragraphs
    reviewed = {s["last_reviewed"] for s in services}
    assert min(reviewed) >= "2026-02-01" and max(reviewed) <= "2026-11-15"
    versions = [v.data for vs in catalogue.versions.values() for v in vs]
    assert versions and all(v["valid_from"] == "2027-01-01" and v["change_note"] for v in versions)
    assert len({s["title"] for s in services}) == 400
    assert all(len(s["title"]) <= 80 for s in services)


@pytest.mark.parametrize(
    "value",
    [
        "no",
        "Yes",
        "08:00",
        "12345",
        "a: b",
        "#x",
        "- x",
        "@team/a",
        "x #y",
        "2026-01-01",
        "Ort:",
        "",
        "Bürgerbüro Mitte",
        "https://example.org/a?b=1#c",
        "35 × 45 mm",
        "**fett** und [Link](https://x.de)",
        "Zeile eins\n\n- Punkt\n",
        "ohne Zeilenende\nzweite Zeile",
        '"zitiert" und \\ Backslash',
    ],
)
def test_yaml_writer_round_trips(value: str) -> None:
    data = {"text": value, "list": [value, {"name": value, "n": 1.5, "ok": True}], "empty": []}
    assert yaml.safe_load(dump(data, "# header")) == data


def test_ids_are_kebab_case_without_umlauts() -> None:
    assert slug("Hundesteuer ermäßigen") == "hundesteuer-ermaessigen"
    assert (
        slug("Übermittlungssperre (Altstadt) einrichten")
        == "uebermittlungssperre-altstadt-einrichten"
    )


def test_harness_smoke_run_writes_table_and_json(tmp_path: Path) -> None:
    """A tiny run of bench/run.py: every measurement present, no 'not measured' for the build."""
    run = subprocess.run(
        [sys.executable, "bench/run.py", "--sizes", "12", "--runs", "1"]
        + ["--work", str(tmp_path / "work"), "--results", str(tmp_path / "results")],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    results = json.loads((tmp_path / "results" / "latest.json").read_text())
    size = results["sizes"]["12"]
    for name in ("validate", "check", "build", "build_warm_one_edit"):
        assert size[name]["exit_code"] == 0, name
        assert size[name]["median_s"] > 0
    assert size["rebuild_one"]["median_s"] > 0  # the preview, after one edit
    assert size["rebuild_one"]["phases"]["pages_written"] >= 1
    assert size["build"]["peak_rss_mb"] > 10
    assert {"render", "minify", "index"} <= set(size["build"]["phases"])
    assert size["service_page"]["first_gzip_bytes"] > 500
    assert size["home_page_gzip_bytes"] > 500
    assert size["search"]["total_gzip_bytes"] > 1000
    assert not any("N=12" in note for note in results["not_measured"])
    table = (tmp_path / "results" / "latest.md").read_text()
    assert "| full build (cold) |" in table
    assert "| preview rebuild after editing one record (build.py serve) |" in table
    assert " cores, " in table and "Python 3." in table

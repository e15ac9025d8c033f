"""A second city builds with the tool unchanged: its site.yaml decides the name everywhere."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import PROJECT, run_build

SECOND_CITY = PROJECT / "tests" / "fixtures" / "second-city"


def test_a_second_city_s_site_never_says_musterstadt(tmp_path: Path) -> None:
    output = tmp_path / "output"
    done = run_build(
        "build", "--content", str(SECOND_CITY), "--output", str(output), "--today", "2026-11-22"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    files = [p for p in sorted(output.rglob("*")) if p.is_file()]
    assert len(files) > 10
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace").casefold()
        assert "musterstadt" not in text, path.relative_to(output)
    index = (output / "index.html").read_text(encoding="utf-8")
    assert "Beispielhausen" in index
    assert "<title>Startseite – Bürgerservice Beispielhausen</title>" in index or (
        "Bürgerservice Beispielhausen</title>" in index
    )
    assert "Gemeinde Beispielhausen" in index and "barrierefrei@beispielhausen.example" in index
    assert 'href="tel:+4954321099"' in index or "href=tel:+4954321099" in index
    page = (output / "leistungen" / "meldebescheinigung" / "index.html").read_text("utf-8")
    assert '"areaServed":{"@type":"City","name":"Beispielhausen"}' in page
    data = json.loads((output / "daten" / "leistungen.json").read_text("utf-8"))
    assert data["services"][0]["url"] == (
        "https://service.beispielhausen.example/leistungen/meldebescheinigung/"
    )
    feed = (output / "feed.xml").read_text("utf-8")
    assert "Bürgerservice Beispielhausen" in feed


def test_site_yaml_is_required(tmp_path: Path) -> None:
    import shutil

    content = tmp_path / "content"
    shutil.copytree(SECOND_CITY, content)
    (content / "site.yaml").unlink()
    done = run_build("validate", "--content", str(content))
    assert done.returncode == 1
    assert "site.yaml:1: Die Datei mit Name und Einstellungen der Stadt fehlt" in done.stdout

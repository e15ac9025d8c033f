"""Scheduled changes end to end: announce, take effect on the date, report the old file, retire."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import SITE_FIXTURE
from tests.helpers import run_build

BEFORE, ON = "2026-12-15", "2027-01-01"  # hund-anmelden@2027-01-01 exists; sperrmuell ends 31.12.
ANNOUNCEMENT = "Ab 01.01.2027: Die Hundesteuer für den ersten Hund steigt auf 108,00 € im Jahr."


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    """The site fixture with a service that ends on 31.12.2026 and is linked from another one,
    built with `build.py build` the day before the change and on its date."""
    base = tmp_path_factory.mktemp("scheduled")
    content = base / "content"
    shutil.copytree(SITE_FIXTURE, content)
    edit(content / "services/sperrmuell-karte.yaml", '"2025-12-31"', '"2026-12-31"')
    edit(
        content / "services/wohnsitz-ummelden.yaml",
        'last_reviewed: "2024-01-10"',
        'related: [sperrmuell-karte]\nlast_reviewed: "2024-01-10"',
    )
    for day in (BEFORE, ON):
        out = base / f"site-{day}"
        done = run_build(
            "build", "--content", "content", "--today", day, "--output", out.name, cwd=base
        )
        assert done.returncode == 0, done.stdout + done.stderr
    return base


def site(city: Path, day: str) -> Path:
    return city / f"site-{day}"


def page(city: Path, day: str, path: str) -> str:
    return (site(city, day) / path / "index.html").read_text(encoding="utf-8")


def test_version_is_announced_before_its_date(city):
    html = page(city, BEFORE, "leistungen/hund-anmelden")
    assert ANNOUNCEMENT in html
    assert "96,00 €" in html and html.count("108,00 €") == 1  # only in the announcement
    assert "formulare/hund.pdf" in html  # the current text still has its form


def test_version_replaces_the_text_on_its_date(city):
    html = page(city, ON, "leistungen/hund-anmelden")
    assert "108,00 €" in html and "96,00 €" not in html
    assert "Ab 01.01.2027" not in html and "Angekündigte Änderung" not in html
    assert "formulare/hund.pdf" not in html  # the new version has no form
    data = json.loads((site(city, ON) / "daten/leistungen.json").read_text(encoding="utf-8"))
    hund = next(s for s in data["services"] if s["id"] == "hund-anmelden")
    assert hund["fees"]["items"] == [{"label": "erster Hund", "amount": 108, "per": "Jahr"}]


def test_superseded_file_is_reported_for_deletion_until_it_is_taken_over(city, tmp_path):
    superseded = "content/services/hund-anmelden.yaml:1: Warnung: Diese Fassung gilt nicht mehr"
    before = run_build("check", "--content", "content", "--today", BEFORE, cwd=city)
    assert superseded not in before.stdout
    on = run_build("check", "--content", "content", "--today", ON, cwd=city)
    assert (
        f"{superseded}: seit 2027-01-01 gilt hund-anmelden@2027-01-01.yaml. Übernehmen Sie den "
        "Inhalt von hund-anmelden@2027-01-01.yaml in diese Datei (ohne valid_from und change_note) "
        "und löschen Sie dann die Datei mit dem @-Datum."
    ) in on.stdout.splitlines()
    # The editor does what the message says; the warning is gone and the text stays the new one.
    content = tmp_path / "content"
    shutil.copytree(city / "content", content)
    version = content / "services/hund-anmelden@2027-01-01.yaml"
    lines = version.read_text(encoding="utf-8").splitlines(keepends=True)
    (content / "services/hund-anmelden.yaml").write_text(
        "".join(x for x in lines if not x.startswith(("valid_from:", "change_note:"))),
        encoding="utf-8",
    )
    version.unlink()
    after = run_build("check", "--content", "content", "--today", ON, cwd=tmp_path)
    assert "Diese Fassung gilt nicht mehr" not in after.stdout
    assert "hund-anmelden" not in after.stdout


def test_expired_service_is_reported_for_deletion(city):
    done = run_build("check", "--content", "content", "--today", ON, cwd=city)
    assert done.returncode == 1
    assert (
        "content/services/sperrmuell-karte.yaml:14: valid_until: Die Leistung ist seit 31.12.2026 "
        "abgelaufen und wird nicht mehr veröffentlicht. Löschen Sie die Datei (und Verweise unter "
        "related)."
    ) in done.stdout.splitlines()


def files_mentioning(root: Path, needle: str) -> list[str]:
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and needle in p.read_text(encoding="utf-8", errors="replace")
    )


def test_expired_service_disappears_everywhere(city):
    before, on = site(city, BEFORE), site(city, ON)
    listed = files_mentioning(before, "sperrmuell-karte")
    for expected in (
        "leistungen/sperrmuell-karte/index.html",
        "a-z/index.html",
        "lebenslagen/ausweise-und-umzug/index.html",
        "leistungen/wohnsitz-ummelden/index.html",  # its related link
        "daten/leistungen.json",
        "daten/leistungen.csv",
        "suche/store.json",
        "sitemap.xml",
    ):
        assert expected in listed, expected
    assert files_mentioning(on, "sperrmuell-karte") == []
    assert files_mentioning(on, "Sperrmüllkarte") == []
    assert not (on / "leistungen/sperrmuell-karte").exists()
    with (on / "daten/leistungen.csv").open(encoding="utf-8", newline="") as handle:
        assert "sperrmuell-karte" not in {row["id"] for row in csv.DictReader(handle)}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.targets.append(value)


def broken_internal_links(root: Path) -> list[str]:
    """Every link to this site (relative, root-relative or sitemap URL) that has no file."""
    broken = []
    pages = sorted(root.rglob("*.html"))
    for html in pages:
        parser = _Links()
        parser.feed(html.read_text(encoding="utf-8"))
        for target in parser.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # external, mailto:, tel:, or #fragment
            base = root if parts.path.startswith("/") else html.parent
            if not _exists(base / parts.path.lstrip("/")):
                broken.append(f"{html.relative_to(root)} → {target}")
    sitemap = (root / "sitemap.xml").read_text(encoding="utf-8")
    for loc in sitemap.split("<loc>")[1:]:
        path = urlsplit(loc.split("</loc>")[0]).path
        if not _exists(root / path.lstrip("/")):
            broken.append(f"sitemap.xml → {path}")
    return broken


def _exists(path: Path) -> bool:
    return path.is_file() or (path / "index.html").is_file()


@pytest.mark.parametrize("day", [BEFORE, ON])
def test_no_broken_internal_links(city, day):
    assert broken_internal_links(site(city, day)) == []


def test_open_data_keeps_only_related_ids_that_are_published():
    from catalogue.site.opendata import export_data
    from tests.conftest import published_fixture

    published = published_fixture(today=dt.date.fromisoformat(ON))
    wohnsitz = next(s for s in published.services if s.id == "wohnsitz-ummelden")
    hund = next(s for s in published.services if s.id == "hund-anmelden")
    wohnsitz.data = {**wohnsitz.data, "related": ["sperrmuell-karte"]}  # expired on ON
    hund.data = {**hund.data, "related": ["sperrmuell-karte", "wohnsitz-ummelden"]}
    services = {s["id"]: s for s in export_data(published, "https://x.example/")["services"]}
    assert "related" not in services["wohnsitz-ummelden"]
    assert services["hund-anmelden"]["related"] == ["wohnsitz-ummelden"]

"""What every built page must be: parseable minified HTML with German lang, one h1,
landmarks, skip link, the search DOM contract, and nothing a strict CSP would block."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from catalogue.site.opendata import CSV_COLUMNS

ROOT = Path(__file__).resolve().parents[2]


class Page(HTMLParser):
    """Collects the elements the checks look at; fails on unbalanced tags."""

    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
        "path",
    }

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.h1_text: list[str] = []
        self._in_h1 = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "h1":
            self._in_h1 = True
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}>, open: {self.stack[-3:]}")
            return
        self.stack.pop()

    def handle_data(self, data):
        if self._in_h1:
            self.h1_text.append(data)

    def find(self, tag: str, **attrs) -> list[dict]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_parses_and_has_the_landmarks(built_site):
    pages = _pages(built_site)
    assert len(pages) >= 18
    for path in pages:
        text = path.read_text(encoding="utf-8")
        page = Page(text)
        name = path.relative_to(built_site).as_posix()
        assert text.startswith("<!doctype html>"), name
        assert not page.errors, (name, page.errors)
        assert not page.stack, (name, page.stack)
        assert page.find("html", lang="de"), name
        assert len(page.find("h1")) == 1, name
        assert "".join(page.h1_text).strip(), name
        assert len(page.find("main", id="inhalt")) == 1, name
        assert page.find("a", href="#inhalt"), name  # skip link
        assert page.find("header") and page.find("footer") and page.find("nav"), name
        assert page.find("meta", name="viewport"), name
        assert page.find("meta", name="description")[0]["content"].strip(), name
        assert page.find("link", rel="stylesheet", href="/theme/css/site.css"), name
        assert page.find("script", src="/theme/js/search.js", defer=None), name
        header = page.find("form", role="search", action="/suche/")
        assert any(f.get("class") == "app-header-search" for f in header), name
        assert page.find("label", **{"for": "app-header-q"}), name
        assert page.find("input", id="app-header-q", name="q", type="search"), name


def test_nothing_a_strict_csp_would_block(built_site):
    for path in _pages(built_site):
        page = Page(path.read_text(encoding="utf-8"))
        name = path.relative_to(built_site).as_posix()
        for tag, attrs in page.tags:
            assert "style" not in attrs, (name, tag)
            assert not any(a.startswith("on") for a in attrs), (name, tag, attrs)
            assert tag != "style", name
            if tag == "script":
                assert (
                    attrs.get("src", "").startswith("/")
                    or attrs.get("type") == "application/ld+json"
                ), (name, attrs)
            loads = attrs.get("src") if tag in ("script", "img", "iframe") else None
            if tag == "link" and attrs.get("rel") in ("stylesheet", "icon", "preload"):
                loads = attrs.get("href")
            if loads is not None:  # every loaded resource comes from this site
                assert loads.startswith("/") and not loads.startswith("//"), (name, loads)


def test_search_page_keeps_the_dom_contract(built_site):
    page = Page((built_site / "suche" / "index.html").read_text(encoding="utf-8"))
    assert page.find("form", id="app-search-form", role="search", action="/suche/")
    assert page.find("input", id="app-search-q", name="q", type="search")
    assert page.find("label", **{"for": "app-search-q"})
    assert page.find("p", id="app-search-status", role="status")[0]["aria-live"] == "polite"
    assert page.find("ol", id="app-search-results")
    assert page.find("div", id="app-search-nojs")
    links = {a.get("href") for a in page.find("a")}
    assert {"/a-z/", "/lebenslagen/tiere/", "/lebenslagen/ausweise-und-umzug/"} <= links


def test_service_page_shows_what_citizens_need(built_site):
    text = (built_site / "leistungen" / "hund-anmelden" / "index.html").read_text()
    page = Page(text)
    start = [a for a in page.find("a") if "app-button--start" in a.get("class", "")]
    assert start and start[0]["href"] == "https://service.musterstadt.example/hund-anmelden"
    assert "96,00 €" in text and "1.234,50 €" in text
    assert "Ab 01.01.2027: Die Hundesteuer für den ersten Hund steigt auf 108,00 € im Jahr." in text
    assert "Zuletzt geprüft am 15.01.2026" in text
    assert page.find("ul", **{"class": "app-checklist"})
    assert page.find("ol", **{"class": "app-steps"})
    assert page.find("a", href="tel:+491234562200")
    assert page.find("a", href="mailto:steueramt@musterstadt.example")
    assert page.find("nav", **{"aria-label": "Brotkrumenpfad"})
    assert page.find("section", id="leichte-sprache")
    assert "möglicherweise nicht mehr aktuell" not in text
    ld = text.split("<script type=application/ld+json>")[1].split("</script>")[0]
    data = json.loads(ld)
    assert data["@type"] == "GovernmentService" and data["name"] == "Hund anmelden"
    stale = (built_site / "leistungen" / "wohnsitz-ummelden" / "index.html").read_text()
    assert "möglicherweise nicht mehr aktuell" in stale
    assert "Zuletzt geprüft am 10.01.2024" in stale


def test_a_to_z_files_umlauts_with_their_vowel(built_site):
    text = (built_site / "a-z" / "index.html").read_text()
    a_section = text.split("id=buchstabe-a>")[1].split("</section>")[0]
    assert "Änderung des Wohnsitzes melden" in a_section
    assert text.index("Führungszeugnis") < text.index("Hund anmelden")


def test_open_data_matches_its_schema(built_site):
    schema = json.loads((built_site / "daten" / "leistungen.schema.json").read_text())
    assert schema == json.loads((ROOT / "schema" / "opendata.schema.json").read_text())
    data = json.loads((built_site / "daten" / "leistungen.json").read_text())
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert [s["id"] for s in data["services"]] == sorted(s["id"] for s in data["services"])
    assert len(data["services"]) == 4
    dog = next(s for s in data["services"] if s["id"] == "hund-anmelden")
    assert dog["upcoming"] == [
        {"valid_from": "2027-01-01", "change_note": dog["upcoming"][0]["change_note"]}
    ]
    assert all("editors" not in d for d in data["departments"])
    csv_lines = (built_site / "daten" / "leistungen.csv").read_bytes().decode().split("\r\n")
    assert csv_lines[0] == ",".join(f'"{column}"' for column in CSV_COLUMNS)  # every cell quoted
    assert len([line for line in csv_lines if line]) == 5


@pytest.mark.parametrize("name", ["sitemap.xml", "feed.xml"])
def test_sitemap_and_feed_are_well_formed(built_site, name):
    root = ET.fromstring((built_site / name).read_bytes())
    text = (built_site / name).read_text()
    assert "https://dienstleistungen.musterstadt.example/leistungen/hund-anmelden/" in text
    assert "sperrmuell-karte" not in text
    if name == "feed.xml":
        ns = {"a": "http://www.w3.org/2005/Atom"}
        updated = [e.findtext("a:updated", namespaces=ns) for e in root.findall("a:entry", ns)]
        assert updated == sorted(updated, reverse=True)
        assert updated[0] == "2026-03-01T00:00:00+01:00"
        assert root.findtext("a:updated", namespaces=ns) == updated[0]
    else:
        assert "/404.html" not in text

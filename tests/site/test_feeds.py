"""Both Atom feeds (the site's /feed.xml and report --atom): valid Atom, the same entries, stable bytes."""

from __future__ import annotations

import copy
import datetime as dt
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from catalogue.editorial.review_report import review_atom, review_rows
from catalogue.records.loader import load_catalogue
from catalogue.site.feeds import atom_feed
from tests.conftest import published_fixture
from tests.helpers import FIXTURE

NS = {"a": "http://www.w3.org/2005/Atom"}
BASE = "https://dienstleistungen.musterstadt.example"
SITE = {
    "site_url": BASE,
    "title": "Musterstadt – Dienstleistungen A–Z",
    "timezone": "Europe/Berlin",
    "max_items": 50,
}


def _text(element: ET.Element, name: str) -> str | None:
    return element.findtext(f"a:{name}", namespaces=NS)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _shown(summary: ET.Element) -> str:
    """What a feed reader shows: type="html" content is HTML (tags vanish), else plain text."""
    text = summary.text or ""
    if summary.get("type") != "html":
        return text
    parser = _Text()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def _parse(data: bytes | str) -> tuple[ET.Element, list[tuple]]:
    """The feed element and its entries as (id, title, alternate link, updated, summary).

    Checks what RFC 4287 asks of every feed and entry on the way.
    """
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    for element in (root, *root.findall("a:entry", NS)):
        assert _text(element, "id") and _text(element, "title") and _text(element, "updated")
        dt.datetime.fromisoformat(_text(element, "updated").replace("Z", "+00:00"))
    assert root.find("a:author/a:name", NS).text
    entries = []
    for entry in root.findall("a:entry", NS):
        links = [link for link in entry.findall("a:link", NS) if link.get("rel") == "alternate"]
        assert len(links) == 1  # an entry without <content> needs one (RFC 4287 4.1.2)
        entries.append(
            (
                _text(entry, "id"),
                _text(entry, "title"),
                links[0].get("href"),
                _text(entry, "updated"),
                _shown(entry.find("a:summary", NS)),
            )
        )
    return root, entries


def _service(sid: str) -> str:
    return f"{BASE}/leistungen/{sid}/"


def test_the_change_feed_has_the_entries_it_always_had():
    data = atom_feed(published_fixture().services, **SITE)
    root, entries = _parse(data)
    assert _text(root, "title") == "Musterstadt – Dienstleistungen A–Z: geänderte Leistungen"
    assert _text(root, "id") == f"{BASE}/feed.xml"
    assert _text(root, "updated") == "2026-03-01T00:00:00+01:00"
    links = {link.get("rel"): link.get("href") for link in root.findall("a:link", NS)}
    assert links == {"self": f"{BASE}/feed.xml", "alternate": f"{BASE}/"}
    dog = (
        "Wer in Musterstadt einen Hund hält, meldet ihn innerhalb von zwei Wochen beim Steueramt "
        "an und zahlt Hundesteuer. Ab 01.01.2027: Die Hundesteuer für den ersten Hund steigt auf "
        "108,00 € im Jahr."
    )
    assert [(e[0], e[1], e[3], e[4]) for e in entries] == [
        (
            _service("fuehrungszeugnis-beantragen"),
            "Führungszeugnis beantragen",
            "2026-03-01T00:00:00+01:00",
            "Das Führungszeugnis zeigt, ob Sie vorbestraft sind. Sie beantragen es im "
            "Bürgerbüro oder beim Bundesamt für Justiz.",
        ),
        (
            _service("personalausweis-beantragen"),
            "Personalausweis beantragen",
            "2026-02-20T00:00:00+01:00",
            "Den Personalausweis beantragen Sie persönlich im Bürgerbüro. Er ist zehn Jahre "
            "gültig, für Menschen unter 24 Jahren sechs Jahre.",
        ),
        (_service("hund-anmelden"), "Hund anmelden", "2026-01-15T00:00:00+01:00", dog),
        (
            _service("wohnsitz-ummelden"),
            "Änderung des Wohnsitzes melden",
            "2024-01-10T00:00:00+01:00",
            "Wenn Sie innerhalb von Musterstadt umziehen, melden Sie Ihre neue Wohnung "
            "innerhalb von zwei Wochen im Bürgerbüro oder online.",
        ),
    ]
    assert all(link == entry_id for entry_id, _, link, _, _ in entries)
    assert atom_feed(published_fixture().services, **SITE) == data  # same input, same bytes
    assert len(_parse(atom_feed(published_fixture().services, **SITE | {"max_items": 2}))[1]) == 2


def test_an_empty_change_feed_is_valid_and_dated_without_the_clock():
    data = atom_feed([], **SITE)
    root, entries = _parse(data)
    assert entries == [] and _text(root, "updated") == "1970-01-01T00:00:00Z"
    assert atom_feed([], **SITE) == data


def test_feed_summaries_are_shown_as_the_plain_text_they_are():
    services = copy.deepcopy(published_fixture().services)
    services[0].data["summary"] = "Hund & Katze <b>nicht</b> fett"
    services[0].upcoming = []
    _, entries = _parse(atom_feed(services, **SITE))
    assert {e[4] for e in entries if e[0] == _service(services[0].id)} == {
        "Hund & Katze <b>nicht</b> fett"
    }


def test_the_review_feed_lists_the_report_rows_and_is_stable():
    catalogue, _ = load_catalogue(FIXTURE)
    today = dt.date(2027, 6, 1)
    rows = review_rows(catalogue, today)
    text = review_atom(rows, today)
    root, entries = _parse(text)
    assert _text(root, "id") == "urn:servicekatalog:review"
    assert _text(root, "title") == "Prüfbericht Dienstleistungskatalog"
    assert _text(root, "updated") == "2027-06-01T00:00:00Z"
    assert [(e[0], e[1], e[3]) for e in entries] == [
        (
            "urn:servicekatalog:review:wohnsitz-anmelden:due:2027-06-15",
            "bald fällig: Wohnsitz anmelden (Bürgerbüro Mitte)",
            "2027-06-01T00:00:00Z",
        ),
        (
            "urn:servicekatalog:review:hund-anmelden:stale:2027-03-01",
            "überfällig: Hund anmelden (Steueramt)",
            "2027-06-01T00:00:00Z",
        ),
    ]
    assert entries[1][4] == (
        f"Zuletzt geprüft 2026-03-01, Prüfung fällig 2027-03-01. Datei: {rows[1]['file']}. "
        "Kontakt: steueramt@musterstadt.example"
    )
    assert review_atom(rows, today) == text
    root, entries = _parse(review_atom([], today))
    assert entries == [] and _text(root, "updated") == "2027-06-01T00:00:00Z"

"""Several places per service: every service page lists its locations, every location page its
services; dated exceptions show while current or upcoming; links, source, fax, other names."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.site.test_unknown_facts import _text


def _page(site: Path, path: str) -> str:
    return (site / path.strip("/") / "index.html").read_text(encoding="utf-8")


def test_a_service_page_lists_every_location(built_site: Path) -> None:
    html = _page(built_site, "/leistungen/personalausweis-beantragen/")
    text = _text(html)
    assert "An diesen 2 Standorten bekommen Sie die Leistung" in text
    assert 'href="/standorte/buergerbuero/"' in html or "href=/standorte/buergerbuero/" in html
    assert (
        "href=/standorte/buergerbuero-nord/" in html
        or 'href="/standorte/buergerbuero-nord/"' in html
    )
    assert "Marktplatz 1" in text and "Nordring 40" in text  # the address of each
    # the fixture's build date is 2026-03-12: a past closure is gone, current and coming shown
    assert "09.03.2026 bis 13.03.2026: 09:00–12:00 Uhr. Diese Woche nur vormittags." in text
    assert "20.03.2026: geschlossen. Wegen einer Schulung geschlossen." in text
    assert "Diese Schließung ist vorbei" not in text
    ld = json.loads(re.search(r"<script type=\"?application/ld\+json\"?>(.*?)</script>", html)[1])
    places = [c["serviceLocation"] for c in ld["availableChannel"] if "serviceLocation" in c]
    assert [p["name"] for p in places] == ["Bürgerbüro", "Bürgerbüro Nord"]
    assert places[1]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 52.5412,
        "longitude": 13.3921,
    }
    assert places[1]["faxNumber"] == "0123 456-1189" and "geo" not in places[0]


def test_a_service_without_locations_is_offered_at_its_department_s_place(built_site: Path) -> None:
    text = _text(_page(built_site, "/leistungen/hund-anmelden/"))
    assert "Hier bekommen Sie die Leistung" in text and "Kirchgasse 4" in text
    assert "Weitere Informationen" in text and "Merkblatt zur Hundehaltung" in text


def test_every_location_page_lists_its_services(built_site: Path) -> None:
    text = _text(_page(built_site, "/standorte/buergerbuero-nord/"))
    assert "Auch bekannt als: Bürgerservice im Nordcenter" in text
    assert "Fax 0123 456-1189" in text
    assert "Aufzug: unbekannt" in text and "Barrierefreies WC: nein" in text
    assert "Leistungen an diesem Standort Personalausweis beantragen" in text
    own = _text(_page(built_site, "/standorte/buergerbuero/"))
    for title in ("Führungszeugnis beantragen", "Personalausweis beantragen"):
        assert title in own
    index = _text(_page(built_site, "/standorte/"))
    assert "Bürgerbüro Nord" in index and "Steueramt" in index
    assert "Alle Standorte" in _text(_page(built_site, "/aemter/"))


def test_open_data_carries_locations_and_where_each_service_is_offered(built_site: Path) -> None:
    data = json.loads((built_site / "daten" / "leistungen.json").read_text("utf-8"))
    assert [p["id"] for p in data["locations"]] == [
        "buergerbuero",
        "buergerbuero-nord",
        "steueramt",
    ]
    by_id = {s["id"]: s for s in data["services"]}
    assert by_id["personalausweis-beantragen"]["offered_at"] == [
        "buergerbuero",
        "buergerbuero-nord",
    ]
    assert by_id["hund-anmelden"]["offered_at"] == ["steueramt"]
    assert "locations" not in by_id["hund-anmelden"]  # the record does not say: not added
    assert by_id["wohnsitz-ummelden"]["source"] == {
        "system": "dldb",
        "id": "120686",
        "url": "https://dienstleistungen.example/dienstleistung/120686/",
    }

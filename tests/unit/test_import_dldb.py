"""build.py import dldb: what comes in, what stays unknown, idempotence, editors' additions
kept on a newer export, and a malformed export refused with its JSON path, nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from tests.helpers import PROJECT, run_build

FIXTURES = PROJECT / "tests" / "fixtures" / "dldb"
SITE = """city: Beispielburg
title: Beispielburg – Dienstleistungen
base_url: https://dienstleistungen.beispielburg.example
languages: [de]
publisher: {name: Stadt Beispielburg, street: Am Markt 1, postal_code: "54321", city: Beispielburg, phone: "0543 21-0", email: info@beispielburg.example}
accessibility_feedback: {email: barrierefrei@beispielburg.example}
"""
SITUATIONS = "- id: alltag\n  title: Alltag\n  summary: Leistungen für den Alltag in der Stadt.\n"


def _import(content: Path, services: Path = FIXTURES / "services.json", *extra: str):
    args = ["import", "dldb", str(services), "--locations", str(FIXTURES / "locations.json")]
    return run_build(*args, "--content", str(content), *extra)


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_an_import_brings_in_what_the_export_says_and_nothing_else(tmp_path: Path) -> None:
    content = tmp_path / "content"
    done = _import(content)
    assert done.returncode == 0, done.stdout + done.stderr
    lost = _read(content / "services" / "hundemarke-verloren.yaml")
    assert lost["fees"] == {"items": [{"label": "Hundemarke verloren", "amount_from": 27.1}]}
    assert lost["leika"] == ["99050012104000", "99050012104001"]  # several keys split
    assert lost["appointment_url"] == "https://termine.example/#/services/900001"  # placeholder
    assert lost["source"] == {
        "system": "dldb",
        "id": "900001",
        "url": "https://stadt.example/dienstleistung/900001",
    }
    assert lost["locations"] == ["buergerbuero-mitte", "buergerbuero-sued"]
    assert lost["links"] == [
        {"title": "Hundesteuersatzung", "url": "https://stadt.example/satzung"}
    ]
    assert "[Merkblatt](https://stadt.example/hund)" in lost["description"]
    assert "http://alt.example" not in lost["description"]  # a refused link keeps its text
    assert "Ersatzmarke; sofort" in lost["description"]  # a table became a line of text
    assert "|" not in lost["description"] and "\u200b" not in lost["description"]
    for unknown in ("required_documents", "audiences", "life_situations", "last_reviewed"):
        assert unknown not in lost
    assert _read(content / "services" / "bescheinigung-ueber-den-wohnsitz.yaml")["fees"] == {
        "free": True
    }
    assert _read(content / "services" / "haertefallantrag.yaml")["fees"] == {
        "text": "abhängig vom jeweiligen Härtefall"
    }
    assert "fees" not in _read(content / "services" / "auskunft-ohne-gebuehrenangabe.yaml")
    assert not (content / "services" / "interner-termin.yaml").exists()  # not public
    mitte = _read(content / "locations" / "buergerbuero-mitte.yaml")
    assert mitte["alternate_names"] == ["Bürgerbüro Mitte (BB-1)", "Bürgerservice im Rathaus"]
    assert mitte["geo"] == {"lat": 50.1, "lon": 8.6} and mitte["fax"] == "0543 21-99"
    assert "opening_hours" not in mitte and "accessibility" not in mitte
    assert not (content / "locations" / "schnellschalter.yaml").exists()  # no public service
    # one office listed twice (another booking queue) is one location
    assert sorted(p.name for p in (content / "locations").iterdir()) == [
        "buergerbuero-mitte.yaml",
        "buergerbuero-sued.yaml",
    ]
    wohnsitz = _read(content / "services" / "bescheinigung-ueber-den-wohnsitz.yaml")
    assert wohnsitz["locations"] == ["buergerbuero-mitte"]
    assert "zu entscheiden: Quelle 504 ist derselbe Ort: zusammengefasst" in done.stdout
    assert "übersprungen: Interner Termin (Quelle 900005): nicht öffentlich" in done.stdout
    assert "Kosten als Text übernommen: prüfen, ob sich Beträge eintragen lassen" in done.stdout
    assert "zu entscheiden: Lebenslage und Zielgruppe zuordnen" in done.stdout
    # with the city's own two files the import checks and builds; gaps are warnings
    (content / "site.yaml").write_text(SITE, encoding="utf-8")
    (content / "life-situations.yaml").write_text(SITUATIONS, encoding="utf-8")
    check = run_build("check", "--content", str(content), "--today", "2026-11-22")
    assert check.returncode == 0, check.stdout
    assert "0 Fehler" in check.stdout and "noch nicht geprüft" in check.stdout
    out = tmp_path / "out"
    build = run_build(
        "build", "--content", str(content), "--output", str(out), "--today", "2026-11-22"
    )
    assert build.returncode == 0, build.stdout + build.stderr
    page = (out / "leistungen" / "haertefallantrag" / "index.html").read_text("utf-8")
    assert "abhängig vom jeweiligen Härtefall" in page and "kostenlos" not in page
    assert "keine Unterlagen" not in page and "Noch nicht bekannt" in page


def test_running_it_twice_changes_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert _import(content).returncode == 0
    before = _files(content)
    again = _import(content)
    assert again.returncode == 0
    assert _files(content) == before
    assert again.stdout.endswith("7 unverändert, 2 übersprungen; keine Datei geändert.\n")


def test_a_newer_export_updates_the_source_s_fields_and_keeps_the_editors(tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert _import(content).returncode == 0
    path = content / "services" / "hundemarke-verloren.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("summary: Wenn Sie", "summary: Von der Redaktion, wenn Sie")
    text += (
        "life_situations: [alltag]\naudiences: [citizens]\nfeatured: true\n"
        "easy_language: Sie haben die Marke verloren? Dann bekommen Sie eine neue.\n"
        "required_documents: []\nlast_reviewed: 2026-11-01\n"
    )
    path.write_text(text, encoding="utf-8")
    newer = json.loads((FIXTURES / "services.json").read_text(encoding="utf-8"))
    newer["data"][0]["description"] = "<p>Neu: Die Ersatzmarke gibt es jetzt auch per Post.</p>"
    newer["data"][0]["fees"] = "<p>ab 30 Euro</p>"
    newer["data"][0]["name"] = "Hundemarke verloren"
    export = tmp_path / "newer.json"
    export.write_text(json.dumps(newer, ensure_ascii=False), encoding="utf-8")
    done = _import(content, export)
    assert done.returncode == 0, done.stdout
    data = _read(path)
    assert data["description"] == "Neu: Die Ersatzmarke gibt es jetzt auch per Post."
    assert data["fees"]["items"][0]["amount_from"] == 30
    assert data["summary"].startswith("Von der Redaktion,")  # the editors' change stays
    for key, value in (
        ("life_situations", ["alltag"]),
        ("featured", True),
        ("required_documents", []),
        ("last_reviewed", "2026-11-01"),
        ("audiences", ["citizens"]),
    ):
        assert data[key] == value, key
    assert "easy_language" in data
    assert "Leistung hundemarke-verloren (Quelle 900001): geändert" in done.stdout
    assert "  von der Quelle geändert: description, fees" in done.stdout


def test_a_malformed_export_is_refused_with_its_json_path_and_nothing_written(tmp_path) -> None:
    content = tmp_path / "content"
    broken = tmp_path / "broken.json"
    broken.write_text('{"data": [\n  {"id": 1,}\n]}', encoding="utf-8")
    done = _import(content, broken)
    assert done.returncode == 1 and not done.stderr
    assert f"{broken}: Zeile 2, Spalte 12: kein gültiges JSON" in done.stdout
    assert "Nichts importiert." in done.stdout
    wrong = json.loads((FIXTURES / "services.json").read_text(encoding="utf-8"))
    wrong["data"][1]["name"] = ["Bescheinigung"]
    wrong["data"][0]["authorities"] = "Stadt"
    shape = tmp_path / "shape.json"
    shape.write_text(json.dumps(wrong), encoding="utf-8")
    done = _import(content, shape)
    assert done.returncode == 1 and not done.stderr, done.stderr
    assert f"{shape}: data[1].name: muss ein Text sein, nicht eine Liste" in done.stdout
    assert f"{shape}: data[0].authorities: muss eine Liste sein" in done.stdout
    assert not content.exists()  # nothing written
    other = tmp_path / "list.json"
    other.write_text("[1, 2]", encoding="utf-8")
    done = _import(content, other)
    assert 'list.json: $: muss ein Objekt mit der Liste "data" sein' in done.stdout


def test_a_broken_record_file_stops_the_import_before_it_overwrites_anything(tmp_path) -> None:
    content = tmp_path / "content"
    assert _import(content).returncode == 0
    path = content / "services" / "haertefallantrag.yaml"
    path.write_text(path.read_text("utf-8") + "featured: [\n", encoding="utf-8")
    before = _files(content)
    done = _import(content)
    assert done.returncode == 1
    assert f"{path}: kann nicht gelesen werden" in done.stdout
    assert _files(content) == before


def test_the_report_as_json(tmp_path: Path) -> None:
    done = _import(tmp_path / "content", FIXTURES / "services.json", "--format", "json")
    report = json.loads(done.stdout)
    first = report["records"][0]
    assert first["id"] == "hundemarke-verloren" and first["status"] == "neu"
    assert "required_documents" in first["missing"]
    assert {"source_id": "900005", "name": "Interner Termin", "reason": "nicht öffentlich"} in (
        report["skipped"]
    )
    shutil.rmtree(tmp_path / "content")

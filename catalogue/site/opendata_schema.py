"""Derive schema/opendata.schema.json from the record schemas: python -m catalogue.site.opendata_schema."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from catalogue.records.schemas import SCHEMA_DIR, schema_for

TARGET = SCHEMA_DIR / "opendata.schema.json"
_KEEP = {
    "type", "title", "description", "enum", "const", "items", "properties", "required",
    "additionalProperties", "oneOf", "format", "minimum", "maximum", "minItems", "uniqueItems",
}  # fmt: skip
_DERIVED = {  # what the export adds to each service
    "url": {
        "type": "string",
        "format": "uri",
        "title": "Adresse",
        "description": "Absolute Adresse der Leistungsseite /leistungen/<id>/.",
    },
    "stale": {
        "type": "boolean",
        "title": "Überfällig",
        "description": "true, wenn die Prüffrist (last_reviewed + Prüfintervall) am Stichtag "
        "abgelaufen war; die Angaben sind dann möglicherweise nicht mehr aktuell.",
    },
    "upcoming": {
        "type": "array",
        "title": "Angekündigte Änderungen",
        "description": "Zukünftige Fassungen der Leistung, nach Datum geordnet.",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["valid_from", "change_note"],
            "properties": {
                "valid_from": {
                    "type": "string",
                    "format": "date",
                    "description": "Ab diesem Tag gilt die neue Fassung.",
                },
                "change_note": {"type": "string", "description": "Was sich ändert."},
            },
        },
    },
    "offered_at": {
        "type": "array",
        "items": {"type": "string"},
        "title": "Angeboten an",
        "description": "Kennungen der Standorte (locations), an denen die Leistung angeboten "
        "wird: ihre eigenen locations, sonst der Standort (location) des zuständigen Amts; "
        "leer, wenn keiner bekannt ist.",
    },
}
_HEAD = (
    "Aufbau von /daten/leistungen.json: alle am Stichtag veröffentlichten Leistungen mit ihren "
    "zuständigen Ämtern, Standorten und den Lebenslagen. Die Felder entsprechen "
    "schema/service.schema.json, department.schema.json und location.schema.json (Bedeutungen "
    "nach FIM/XZuFi), ergänzt um url, stale, upcoming und offered_at. Unbekannt ist nicht "
    "keine: eine Angabe, die die Stadt nicht kennt (Unterlagen, Kosten, Öffnungszeiten, "
    "Barrierefreiheit), fehlt hier wie in der Quelle; [] bei required_documents heißt keine "
    "Unterlagen, {free: true} kostenlos, false nein. Datumsangaben im Format JJJJ-MM-TT, "
    "Beträge in Euro als Zahl. Kein Text ist leer oder enthält Steuerzeichen (außer Tabulator "
    "und Zeilenumbruch), Richtungszeichen (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, "
    "U+061C), Zeichen für den privaten Gebrauch oder Nichtzeichen: solche Einträge weist die "
    "Prüfung zurück. Dieselben Leistungen stehen vereinfacht (eine Zeile je Leistung, Listen "
    'mit "; " getrennt) in /daten/leistungen.csv: RFC 4180 (Komma, CRLF, UTF-8), jede Zelle '
    "in Anführungszeichen und jede Zelle Text (Beträge nur im Text der Gebühren, z. B. "
    '"erster Hund: 96,00 € je Jahr"; unbekannte Kosten oder Unterlagen als leere Zelle, '
    "keine als „kostenlos“ bzw. „keine“); eine Zelle, die mit =, +, -, @, einem Tabulator oder "
    "einem Wagenrücklauf beginnt, steht dort mit einem vorangestellten ' (gegen CSV-Injection "
    "nach OWASP), damit Tabellenprogramme sie als Text zeigen und nicht als Formel ausführen; "
    "wer die CSV als Daten liest, entfernt dieses '. Diese JSON-Datei ist davon nicht betroffen."
)


def _plain(node: Any, definitions: dict[str, Any]) -> Any:
    """NODE with $refs inlined and only the keywords a reader of the data needs."""
    if isinstance(node, list):
        return [_plain(item, definitions) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for part in node.get("allOf", []):  # {"$ref": "#/definitions/x"}: merged, text rules dropped
        name = part.get("$ref", "").rsplit("/", 1)[-1]
        if name and name != "visible_text":
            out.update(_plain(definitions[name], definitions))
    if "$ref" in node:
        out.update(_plain(definitions[node["$ref"].rsplit("/", 1)[-1]], definitions))
    for key, value in node.items():
        if key in ("properties",):
            out[key] = {k: _plain(v, definitions) for k, v in value.items()}
        elif key in _KEEP:
            out[key] = _plain(value, definitions)
    return out


def _record(kind: str, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    schema = copy.deepcopy(schema_for(kind))
    for key in drop:
        schema["properties"].pop(key, None)
    plain = _plain(schema, schema.get("definitions", {}))
    for key in ("title", "description"):
        plain.pop(key, None)
    return plain


def opendata_schema() -> dict[str, Any]:
    """The JSON Schema of /daten/leistungen.json."""
    service = _record("service")
    service["properties"].update(_DERIVED)
    service["required"] = [*service["required"], "url", "stale", "upcoming", "offered_at"]
    situations = _plain(schema_for("life-situations")["items"], {})
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://servicekatalog.example/schema/opendata.schema.json",
        "title": "Dienstleistungen der Stadt – offene Daten",
        "description": _HEAD,
        "type": "object",
        "additionalProperties": False,
        "required": ["$schema", "date", "services", "departments", "locations", "life_situations"],
        "properties": {
            "$schema": {
                "type": "string",
                "format": "uri",
                "description": "Adresse dieses Schemas.",
            },
            "date": {
                "type": "string",
                "format": "date",
                "title": "Stichtag",
                "description": "Der Tag, für den die Daten gelten (Stand der Veröffentlichung).",
            },
            "services": {
                "type": "array",
                "title": "Leistungen",
                "description": "Alle veröffentlichten Leistungen, nach id sortiert.",
                "items": service,
            },
            "departments": {
                "type": "array",
                "title": "Ämter",
                "description": "Die zuständigen Stellen, nach id sortiert (Felder wie "
                "schema/department.schema.json, ohne editors).",
                "items": _record("department", drop=("editors",)),
            },
            "locations": {
                "type": "array",
                "title": "Standorte",
                "description": "Die Orte, an die Bürgerinnen und Bürger gehen, nach id sortiert "
                "(Felder wie schema/location.schema.json).",
                "items": _record("location"),
            },
            "life_situations": {
                "type": "array",
                "title": "Lebenslagen",
                "description": "Die Lebenslagen in ihrer Reihenfolge auf der Startseite.",
                "items": situations,
            },
        },
    }


def text() -> str:
    return json.dumps(opendata_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    Path(TARGET).write_text(text(), encoding="utf-8")
    print(f"{TARGET} written")

"""Open data export: /daten/leistungen.json (see schema/opendata.schema.json) and .csv."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from catalogue.formatting import fees_text
from catalogue.model import PublishedCatalogue

JSON_PATH = "daten/leistungen.json"
CSV_PATH = "daten/leistungen.csv"
SCHEMA_PATH = "daten/leistungen.schema.json"

CSV_COLUMNS = (
    "id",
    "url",
    "title",
    "official_name",
    "summary",
    "audiences",
    "life_situations",
    "department",
    "department_name",
    "fees",
    "required_documents",
    "processing_time",
    "online_service_url",
    "appointment_url",
    "leika",
    "keywords",
    "last_reviewed",
    "valid_from",
    "valid_until",
    "upcoming_changes",
)

_INTERNAL_DEPARTMENT_KEYS = {"editors"}  # forge handles: not for the public


def service_url(site_url: str, service_id: str) -> str:
    return f"{site_url.rstrip('/')}/leistungen/{service_id}/"


def export_data(published: PublishedCatalogue, site_url: str) -> dict[str, Any]:
    """The JSON export as a plain dict (documented by schema/opendata.schema.json)."""
    services = []
    published_ids = {item.id for item in published.services}
    for item in published.services:
        record = dict(item.data)
        related = [r for r in record.pop("related", []) if r in published_ids]
        if related:  # an expired or unpublished service is no longer a valid reference
            record["related"] = related
        record["url"] = service_url(site_url, item.id)
        record["stale"] = item.stale
        record["upcoming"] = [
            {"valid_from": a.valid_from.isoformat(), "change_note": a.change_note}
            for a in item.upcoming
        ]
        services.append(record)
    departments = [
        {k: v for k, v in published.departments[key].items() if k not in _INTERNAL_DEPARTMENT_KEYS}
        for key in sorted(published.departments)
    ]
    return {
        "$schema": f"{site_url.rstrip('/')}/{SCHEMA_PATH}",
        "date": published.today.isoformat(),
        "services": sorted(services, key=lambda s: s["id"]),
        "departments": departments,
        "life_situations": list(published.life_situations),
    }


def export_json(published: PublishedCatalogue, site_url: str) -> bytes:
    """Deterministic JSON bytes: sorted keys, UTF-8, one line per list entry, final newline.

    Each service, department and life situation is one compact line, so a diff of two
    exports shows one line per changed service. Compact lines also go through json's C
    encoder; ``indent=2`` uses the pure-Python one, which took 2.3 s at 10,000 services.
    """
    return dumps_lines(export_data(published, site_url))


def dumps_lines(data: dict[str, Any]) -> bytes:
    """DATA (a dict) as JSON: its keys sorted, one per line; list values one entry per line."""
    parts = []
    for key in sorted(data):
        value = data[key]
        if isinstance(value, list) and value:
            entries = ",\n".join("    " + _compact(entry) for entry in value)
            parts.append(f"  {_compact(key)}: [\n{entries}\n  ]")
        else:
            parts.append(f"  {_compact(key)}: {_compact(value)}")
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _csv_row(published: PublishedCatalogue, data: dict[str, Any], site_url: str, upcoming) -> dict:
    department = published.departments.get(data["department"], {})
    return {
        "id": data["id"],
        "url": service_url(site_url, data["id"]),
        "title": data["title"],
        "official_name": data.get("official_name", ""),
        "summary": data["summary"],
        "audiences": "; ".join(data["audiences"]),
        "life_situations": "; ".join(data["life_situations"]),
        "department": data["department"],
        "department_name": department.get("name", ""),
        "fees": fees_text(data["fees"]),
        "required_documents": "; ".join(d["name"] for d in data["required_documents"]),
        "processing_time": data.get("processing_time", ""),
        "online_service_url": (data.get("online_service") or {}).get("url", ""),
        "appointment_url": data.get("appointment_url", ""),
        "leika": "; ".join(data.get("leika", [])),
        "keywords": "; ".join(data.get("keywords", [])),
        "last_reviewed": data["last_reviewed"],
        "valid_from": data.get("valid_from", ""),
        "valid_until": data.get("valid_until", ""),
        "upcoming_changes": "; ".join(
            f"{a.valid_from.isoformat()}: {a.change_note}" for a in upcoming
        ),
    }


def export_csv(published: PublishedCatalogue, site_url: str) -> bytes:
    """One row per published service, RFC 4180 (comma, CRLF), UTF-8, sorted by id."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for item in sorted(published.services, key=lambda s: s.id):
        writer.writerow(_csv_row(published, item.data, site_url, item.upcoming))
    return buffer.getvalue().encode("utf-8")

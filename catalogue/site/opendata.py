"""Open data export: /daten/leistungen.json (see schema/opendata.schema.json) and .csv."""

from __future__ import annotations

import csv
import io
from functools import partial
from typing import Any

from catalogue.cache.store import Store, digest
from catalogue.model import PublishedCatalogue, PublishedService
from catalogue.site.formatting import fees_text
from catalogue.site.jsontext import compact_json
from catalogue.site.publish import offered_at

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
    "locations",
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
# A cell starting with one of these is read as a formula by spreadsheets (OWASP "CSV
# Injection"): such a cell is written with a leading ' so that it stays text.
FORMULA_STARTS = frozenset("=+-@\t\r")


def service_url(site_url: str, service_id: str) -> str:
    return f"{site_url.rstrip('/')}/leistungen/{service_id}/"


def export_data(published: PublishedCatalogue, site_url: str) -> dict[str, Any]:
    """The JSON export as a plain dict (documented by schema/opendata.schema.json)."""
    published_ids = {item.id for item in published.services}
    services = [
        _service_record(item, published_ids, site_url, published.departments)
        for item in published.services
    ]
    return {
        **_head(published, site_url),
        "services": sorted(services, key=lambda s: s["id"]),
    }


def _head(published: PublishedCatalogue, site_url: str) -> dict[str, Any]:
    """Everything of the export but the services."""
    departments = [
        {k: v for k, v in published.departments[key].items() if k not in _INTERNAL_DEPARTMENT_KEYS}
        for key in sorted(published.departments)
    ]
    return {
        "$schema": f"{site_url.rstrip('/')}/{SCHEMA_PATH}",
        "date": published.today.isoformat(),
        "departments": departments,
        "life_situations": list(published.life_situations),
        "locations": [published.locations[key] for key in sorted(published.locations)],
    }


def _service_record(
    item: Any, published_ids: set[str], site_url: str, departments: dict[str, dict]
) -> dict[str, Any]:
    record = dict(item.data)
    record["offered_at"] = offered_at(record, departments)  # locations, or the department's
    related = [r for r in record.pop("related", []) if r in published_ids]
    if related:  # an expired or unpublished service is no longer a valid reference
        record["related"] = related
    record["url"] = service_url(site_url, item.id)
    record["stale"] = item.stale
    record["upcoming"] = [
        {"valid_from": a.valid_from.isoformat(), "change_note": a.change_note}
        for a in item.upcoming
    ]
    return record


def export_json(
    published: PublishedCatalogue,
    site_url: str,
    lines: Store | None = None,
    records: dict[str, bytes] | None = None,
) -> bytes:
    """Deterministic JSON bytes: sorted keys, UTF-8, one line per list entry, final newline.

    Each service, department and life situation is one compact line, so a diff of two
    exports shows one line per changed service. Compact lines also go through json's C
    encoder; ``indent=2`` uses the pure-Python one, which took 2.3 s at 10,000 services.
    LINES: a store of each service's line by the digest of what it is made from;
    RECORDS: the digest of each service's data (plan.record_digests()), when known.
    """
    lines = Store(None, "opendata", "") if lines is None else lines
    records = records or {s.id: digest(s.data) for s in published.services}
    published_ids = {item.id for item in published.services}
    services = []
    for item in sorted(published.services, key=lambda s: s.id):
        related = [r for r in item.data.get("related", ()) if r in published_ids]
        places = offered_at(item.data, published.departments)
        key = digest(
            "json", site_url, records[item.id], item.stale, _upcoming(item), related, places
        )
        line = partial(_json_line, item, published_ids, site_url, published.departments)
        services.append(lines.get(key, line))
    return dumps_lines({**_head(published, site_url), "services": _Encoded(services)})


class _Encoded(list):
    """A list whose entries are JSON text already."""


def dumps_lines(data: dict[str, Any]) -> bytes:
    """DATA (a dict) as JSON: its keys sorted, one per line; list values one entry per line."""
    parts = []
    for key in sorted(data):
        value = data[key]
        if isinstance(value, list) and value:
            encoded = value if isinstance(value, _Encoded) else map(compact_json, value)
            entries = ",\n".join("    " + entry for entry in encoded)
            parts.append(f"  {compact_json(key)}: [\n{entries}\n  ]")
        else:
            parts.append(f"  {compact_json(key)}: {compact_json(value)}")
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


def _csv_row(published: PublishedCatalogue, data: dict[str, Any], site_url: str, upcoming) -> dict:
    department = published.departments.get(data["department"], {})
    return {
        "id": data["id"],
        "url": service_url(site_url, data["id"]),
        "title": data["title"],
        "official_name": data.get("official_name", ""),
        "summary": data["summary"],
        "audiences": "; ".join(data.get("audiences", [])),
        "life_situations": "; ".join(data.get("life_situations", [])),
        "department": data["department"],
        "department_name": department.get("name", ""),
        "locations": "; ".join(
            published.locations[i]["name"]
            for i in offered_at(data, published.departments)
            if i in published.locations
        ),
        "fees": fees_text(data["fees"]) if "fees" in data else "",  # unknown: an empty cell
        "required_documents": documents_text(data),
        "processing_time": data.get("processing_time", ""),
        "online_service_url": (data.get("online_service") or {}).get("url", ""),
        "appointment_url": data.get("appointment_url", ""),
        "leika": "; ".join(data.get("leika", [])),
        "keywords": "; ".join(data.get("keywords", [])),
        "last_reviewed": data.get("last_reviewed", ""),
        "valid_from": data.get("valid_from", ""),
        "valid_until": data.get("valid_until", ""),
        "upcoming_changes": "; ".join(
            f"{a.valid_from.isoformat()}: {a.change_note}" for a in upcoming
        ),
    }


def documents_text(data: dict[str, Any]) -> str:
    """The documents cell: names joined by "; ", "keine" for [], "" when unknown (absent)."""
    if "required_documents" not in data:
        return ""
    return "; ".join(d["name"] for d in data["required_documents"]) or "keine"


def export_csv(
    published: PublishedCatalogue,
    site_url: str,
    rows: Store | None = None,
    records: dict[str, bytes] | None = None,
) -> bytes:
    """One row per published service, RFC 4180 (comma, CRLF), UTF-8, sorted by id.

    Every cell is quoted, and a cell that starts with =, +, -, @, a tab or a carriage return
    gets a leading ' (OWASP's advice for CSV opened in spreadsheets). Every cell is text:
    amounts stand only inside the fees text ("Label: 12,00 €"), never as a cell of their own.

    ROWS: a store of each service's row by the digest of what it is made from; RECORDS: as
    for export_json().
    """
    rows = Store(None, "opendata", "") if rows is None else rows
    records = records or {s.id: digest(s.data) for s in published.services}
    lines = [_csv_text(dict(zip(CSV_COLUMNS, CSV_COLUMNS, strict=True)))]
    for item in sorted(published.services, key=lambda s: s.id):
        department = published.departments.get(item.data["department"], {}).get("name")
        places = [
            published.locations.get(i, {}).get("name")
            for i in offered_at(item.data, published.departments)
        ]
        key = digest("csv", site_url, records[item.id], department, _upcoming(item), places)
        lines.append(rows.get(key, partial(_csv_line, published, item, site_url)))
    return "".join(lines).encode("utf-8")


def _upcoming(item: PublishedService) -> list[tuple]:
    return [(a.valid_from, a.change_note) for a in item.upcoming]


def _json_line(
    item: PublishedService, published_ids: set[str], site_url: str, departments: dict
) -> str:
    return compact_json(_service_record(item, published_ids, site_url, departments))


def _csv_line(published: PublishedCatalogue, item: PublishedService, site_url: str) -> str:
    return _csv_text(_csv_row(published, item.data, site_url, item.upcoming))


def _csv_text(row: dict[str, Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerow(
        [spreadsheet_text(row[column]) for column in CSV_COLUMNS]
    )
    return buffer.getvalue()


def spreadsheet_text(value: Any) -> str:
    """VALUE as a CSV cell a spreadsheet shows as text: "=1+2" -> "'=1+2"; "" stays ""."""
    text = "" if value is None else str(value)
    return "'" + text if text and text[0] in FORMULA_STARTS else text

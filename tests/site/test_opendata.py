"""The open-data exports: JSON as export_data, one line per entry; CSV safe in spreadsheets."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json

import pytest

from catalogue.site.opendata import CSV_COLUMNS, dumps_lines, export_csv, export_data, export_json
from tests.conftest import published_fixture

SITE = "https://stadt.example/"


def test_the_json_file_holds_exactly_the_export_data():
    published = published_fixture(today=dt.date(2026, 11, 22))
    assert json.loads(export_json(published, SITE)) == export_data(published, SITE)


def test_each_service_is_one_line_so_a_diff_shows_one_line_per_changed_service():
    published = published_fixture(today=dt.date(2026, 11, 22))
    lines = export_json(published, SITE).decode().splitlines()
    services = export_data(published, SITE)["services"]
    entries = [json.loads(line.strip().rstrip(",")) for line in lines if line.startswith("    {")]
    by_id = {e["id"]: e for e in entries if "url" in e and "/leistungen/" in e["url"]}
    assert len(by_id) == len(services)
    assert all(by_id[service["id"]] == service for service in services)


def test_dumps_lines_layout_unicode_and_edge_values():
    data = {"b": [], "a": [{"z": 1, "y": "Straße </script>"}, 2], "c": {"k": None}, "d": "ü"}
    text = dumps_lines(data).decode()
    assert text == (
        "{\n"
        '  "a": [\n'
        '    {"y":"Straße </script>","z":1},\n'
        "    2\n"
        "  ],\n"
        '  "b": [],\n'
        '  "c": {"k":null},\n'
        '  "d": "ü"\n'
        "}\n"
    )
    assert json.loads(text) == data


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("https://evil.example","Hier")',
        "+49 89 1234",
        "- Personalausweis",
        "-5",
        "@SUM(A1:A2)",
        "\tTabulator",
        "\rWagenrücklauf",
    ],
)
@pytest.mark.parametrize(
    "column, change",
    [
        ("title", lambda data, text: {**data, "title": text}),
        ("summary", lambda data, text: {**data, "summary": text}),
        ("official_name", lambda data, text: {**data, "official_name": text}),
        ("keywords", lambda data, text: {**data, "keywords": [text, "Hund"]}),
        (
            "required_documents",
            lambda data, text: {**data, "required_documents": [{"name": text}]},
        ),
        (
            "fees",
            lambda data, text: {**data, "fees": {"items": [{"label": text, "amount": 5}]}},
        ),
    ],
)
def test_a_csv_cell_a_spreadsheet_would_read_as_a_formula_stays_text(text, column, change):
    published = published_fixture(today=dt.date(2026, 11, 22))
    first = published.services[0]
    published.services[0] = dataclasses.replace(first, data=change(first.data, text))
    raw = export_csv(published, SITE).decode()
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    cell = next(row for row in rows if row["id"] == first.id)[column]
    assert cell.startswith("'" + text)  # the ' keeps it text; the rest is as written
    quoted = '"' + ("'" + text).replace('"', '""')
    assert quoted in raw  # and the cell is quoted, as OWASP advises


def test_every_csv_cell_is_quoted_and_plain_cells_stay_as_they_are():
    published = published_fixture(today=dt.date(2026, 11, 22))
    raw = export_csv(published, SITE).decode()
    lines = raw.split("\r\n")
    assert lines[0] == ",".join(f'"{column}"' for column in CSV_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert {row["title"] for row in rows} == {s.data["title"] for s in published.services}
    assert not any(value.startswith("'") for row in rows for value in row.values())


def test_the_open_data_schema_is_derived_from_the_record_schemas():
    """schema/opendata.schema.json is what `python -m catalogue.site.opendata_schema` writes:
    a new record field reaches the open data's description without a hand-kept copy."""
    from catalogue.site.opendata_schema import TARGET, text

    assert TARGET.read_text(encoding="utf-8") == text()

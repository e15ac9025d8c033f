"""The open-data JSON export: the same data as export_data, one line per entry, deterministic."""

from __future__ import annotations

import datetime as dt
import json

from catalogue.opendata import dumps_lines, export_data, export_json
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

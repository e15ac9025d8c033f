"""The content-addressed stores: keys are digests of values, and a store survives processes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from catalogue.cache.store import Store, digest
from catalogue.site.opendata import export_csv, export_json
from tests.conftest import published_fixture


def test_equal_values_give_equal_keys_and_any_difference_another():
    record = {"id": "a", "fees": [{"amount": 1.5}], "last_reviewed": "2026-01-01"}
    assert digest(record) == digest(
        {"id": "a", "fees": [{"amount": 1.5}], "last_reviewed": "2026-01-01"}
    )
    assert digest(record) != digest({**record, "id": "b"})
    assert digest(record) != digest({**record, "fees": [{"amount": 1.50001}]})
    assert digest("2026-01-01") != digest(dt.date(2026, 1, 1))  # a text is not a date
    assert digest(1) != digest("1") != digest(True)
    assert digest(["a", "b"]) != digest(["ab"])
    assert digest(b"\x01") != digest("01")


@pytest.mark.parametrize("value", [object(), dataclasses.make_dataclass("X", [])()])
def test_an_object_is_not_an_input(value):
    with pytest.raises(TypeError, match="not a plain input value"):
        digest({"x": value})


def test_a_store_makes_each_value_once_and_keeps_it_across_processes(tmp_path):
    store, made = Store(tmp_path, "entries", "code1"), []

    def make():
        made.append(1)
        return f"value {len(made)}"

    assert store.get(digest("a"), make) == "value 1"
    assert store.get(digest("a"), make) == "value 1"
    assert store.get(digest("b"), make) == "value 2"
    store.save()
    again = Store(tmp_path, "entries", "code1")
    assert again.get(digest("a"), make) == "value 1"
    assert made == [1, 1]
    again.save()  # only "a" was used: "b" is not written back
    assert set(Store(tmp_path, "entries", "code1").old) == {digest("a")}
    assert Store(tmp_path, "entries", "code2").old == {}  # other code: nothing is trusted


def test_exports_from_a_store_equal_fresh_exports_after_a_change():
    published = published_fixture(today=dt.date(2026, 11, 22))
    lines = Store(None, "opendata", "test")
    site = "https://stadt.example/"
    export_json(published, site, lines)
    export_csv(published, site, lines)
    first = published.services[0]
    changed = dataclasses.replace(first, data={**first.data, "summary": "Neu."}, stale=True)
    published.services[0] = changed
    second = published.services[1]  # the same dict, but now stale: its line must change
    published.services[1] = dataclasses.replace(second, stale=not second.stale)
    published.departments = {
        k: {**v, "name": v["name"] + " (neu)"} for k, v in published.departments.items()
    }
    assert export_json(published, site, lines) == export_json(published, site)
    assert export_csv(published, site, lines) == export_csv(published, site)
    assert b"Neu." in export_json(published, site, lines)

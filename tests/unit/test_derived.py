"""PerRecord: a value is made again exactly when its record dict or its other inputs change."""

from __future__ import annotations

import dataclasses
import datetime as dt

from catalogue.cache.per_record import PerRecord
from catalogue.site.opendata import export_csv, export_json
from tests.conftest import published_fixture


def test_the_same_dict_and_inputs_give_the_kept_value():
    memo, made = PerRecord(), []
    data = {"id": "a"}

    def make():
        made.append(1)
        return len(made)

    assert memo.get(data, ("x",), make) == 1
    assert memo.get(data, ("x",), make) == 1  # kept
    assert memo.get(data, ("y",), make) == 2  # other inputs
    assert memo.get({"id": "a"}, ("y",), make) == 3  # an equal but new dict: a reloaded file
    assert len(made) == 3


def test_sweep_forgets_what_was_not_asked_for():
    memo = PerRecord()
    kept, gone = {"id": "kept"}, {"id": "gone"}
    memo.get(kept, None, lambda: 1)
    memo.get(gone, None, lambda: 2)
    memo.sweep()
    memo.get(kept, None, lambda: 1)
    memo.sweep()
    assert len(memo) == 1


def test_exports_with_kept_lines_equal_fresh_exports_after_a_change():
    published = published_fixture(today=dt.date(2026, 11, 22))
    lines, rows = PerRecord(), PerRecord()
    site = "https://stadt.example/"
    export_json(published, site, lines)
    export_csv(published, site, rows)
    first = published.services[0]
    changed = dataclasses.replace(first, data={**first.data, "summary": "Neu."}, stale=True)
    published.services[0] = changed
    second = published.services[1]  # the same dict, but now stale: its line must change
    published.services[1] = dataclasses.replace(second, stale=not second.stale)
    published.departments = {
        k: {**v, "name": v["name"] + " (neu)"} for k, v in published.departments.items()
    }
    assert export_json(published, site, lines) == export_json(published, site)
    assert export_csv(published, site, rows) == export_csv(published, site)
    assert b"Neu." in export_json(published, site, lines)


def test_retain_keeps_only_the_given_records():
    memo = PerRecord()
    kept, gone = {"id": "kept"}, {"id": "gone"}
    memo.get(kept, None, lambda: 1)
    memo.get(gone, None, lambda: 2)
    memo.retain([kept])
    assert len(memo) == 1
    assert memo.get(kept, None, lambda: 3) == 1

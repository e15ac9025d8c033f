"""The rules' store gives what a fresh check gives, and checks again only what changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalogue.cache.records import RecordCache
from catalogue.cache.store import Store
from catalogue.checks import rules
from catalogue.checks.rules import check_rules
from catalogue.records.loader import load_catalogue
from tests.helpers import copy_fixture


def _replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _services(root: Path) -> Path:
    return root / "services"


# Every edit but the first changes the problems of a record whose file it leaves alone, through
# one input of the store's key: leaving that input out of the key makes its case fail.
EDITS = {
    "the record itself": lambda root, monkeypatch: _replace_in(
        _services(root) / "hund-anmelden.yaml", "department: steueramt", "department: steuramt"
    ),
    "a department removed": lambda root, monkeypatch: (
        root / "departments" / "steueramt.yaml"
    ).unlink(),
    "a life situation removed": lambda root, monkeypatch: _replace_in(
        root / "life-situations.yaml", "- id: tiere", "- id: haustiere"
    ),
    "a related service removed": lambda root, monkeypatch: (
        _services(root) / "wohnsitz-anmelden.yaml"
    ).unlink(),
    "the same bytes under another name": lambda root, monkeypatch: shutil.copy(
        _services(root) / "hund-anmelden.yaml", _services(root) / "hund-abmelden.yaml"
    ),
    "shown from another folder": lambda root, monkeypatch: monkeypatch.chdir(root),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_remembered_problems_equal_a_fresh_check(tmp_path, monkeypatch, edit):
    monkeypatch.chdir(tmp_path)
    root = copy_fixture(tmp_path)
    # a problem before any edit, so that its shown path matters
    _replace_in(_services(root) / "hund-anmelden.yaml", "related: [", "related: [gibtsnicht, ")
    cache = RecordCache(None)
    memo = Store(None, "rules", "test")
    catalogue, _ = load_catalogue(root, cache)
    before = sorted(check_rules(catalogue, memo))
    assert before == sorted(check_rules(catalogue))
    edit(root, monkeypatch)
    catalogue, _ = load_catalogue(root, cache)
    fresh = sorted(check_rules(catalogue))
    assert fresh != before  # the edit shows
    assert sorted(check_rules(catalogue, memo)) == fresh


def test_only_changed_records_are_checked_again(tmp_path, monkeypatch):
    root = copy_fixture(tmp_path)
    cache = RecordCache(None)
    memo = Store(tmp_path / "cache", "rules", "test")
    checked = []
    service_rules = rules._service_rules

    def counting(record, *args):
        checked.append(record.path.name)
        return service_rules(record, *args)

    monkeypatch.setattr(rules, "_service_rules", counting)
    check_rules(load_catalogue(root, cache)[0], memo)
    assert sorted(checked) == ["hund-anmelden.yaml", "wohnsitz-anmelden.yaml"]
    checked.clear()
    _replace_in(_services(root) / "hund-anmelden.yaml", "title: Hund", "title: Den Hund")
    memo.save()
    memo = Store(tmp_path / "cache", "rules", "test")  # a new process: read from .cache/
    check_rules(load_catalogue(root, RecordCache(None))[0], memo)
    assert checked == ["hund-anmelden.yaml"]
    memo.save()
    assert len(memo.old) == 2  # the edited file's old entry is not written back

"""The content-hash cache gives the same results as a cold run and never serves stale data."""

from __future__ import annotations

import os
import time
from pathlib import Path

from catalogue.cache.records import RecordCache
from catalogue.checks.reporter import line_of
from catalogue.checks.run import validate
from tests.helpers import copy_fixture


def problems(root):
    return [line_of(p) for p in validate(root).problems]


def test_warm_run_equals_cold_run_and_edits_are_seen(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = copy_fixture(tmp_path)
    cache = tmp_path / ".cache"
    path = root / "services" / "hund-anmelden.yaml"
    path.write_text(path.read_text().replace("amount: 96.00", "amount: zwölf"))
    cold = problems(root)
    assert len(cold) == 1 and "zwölf" in cold[0]
    assert [p.name for p in cache.iterdir()][0].startswith("records-")
    assert problems(root) == cold  # served from the cache
    path.write_text(path.read_text().replace("amount: zwölf", "amount: 96.00"))
    assert problems(root) == []


def test_a_damaged_cache_is_ignored(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = copy_fixture(tmp_path)
    validate(root)
    for entry in (tmp_path / ".cache").iterdir():
        entry.write_bytes(b"\x00garbage")
    assert problems(root) == []


def test_cache_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SERVICEKATALOG_CACHE", "off")
    root = copy_fixture(tmp_path)
    assert problems(root) == []
    assert not (tmp_path / ".cache").exists()


def test_read_trusts_only_files_older_than_two_seconds(tmp_path: Path) -> None:
    """The preview skips unchanged files by size, time and inode, never a fresh edit."""
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x: 1\n")
    cache = RecordCache(None)
    assert cache.read(path, str(tmp_path.resolve())) == b"x: 1\n"
    path.write_bytes(b"x: 2\n")  # same size, perhaps the same clock tick
    assert cache.read(path, str(tmp_path.resolve())) == b"x: 2\n"
    old = time.time() - 60
    os.utime(path, (old, old))
    assert cache.read(path, str(tmp_path.resolve())) == b"x: 2\n"
    assert path in cache.files  # now trusted
    path.write_bytes(b"x: 3\n")
    os.utime(path, (old + 1, old + 1))
    assert cache.read(path, str(tmp_path.resolve())) == b"x: 3\n"

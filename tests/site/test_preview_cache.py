"""The preview writes its caches when it stops, not after every rebuild, and leaves them whole:
the next build parses no file and makes no entry of a store that the preview already made."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from catalogue.cache.memo import load_table
from catalogue.cache.records import RecordCache
from catalogue.checks.run import check
from catalogue.records.loader import load_catalogue
from catalogue.site.publish import publish
from plugins.servicekatalog.driver import build_site
from plugins.servicekatalog.preview import Preview
from tests.helpers import BUILD, PROJECT, copy_fixture, run_build

TODAY = dt.date(2026, 11, 22)
EDITED = Path("services") / "hund-anmelden.yaml"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(PROJECT / "content", folder)
    return folder


def _edit_description(content: Path, run: int) -> None:
    """A new Markdown text: the preview renders it, the stores must keep what it made."""
    path = content / EDITED
    text = path.read_text(encoding="utf-8")
    new = text.replace("description: |\n", f"description: |\n  Neu in Fassung {run}.\n\n", 1)
    assert new != text
    path.write_text(new, encoding="utf-8")


def _tables(folder: Path) -> dict[str, dict]:
    """The cache files beside the content: the record cache and the stores (not the outputs'
    manifests: each output has its own)."""
    found = {
        path.name.split("-")[0]: load_table(path)
        for path in folder.glob("*.marshal")
        if not path.name.startswith("output_")
    }
    assert sorted(found) == [
        "blocks",
        "entries",
        "media",
        "opendata",
        "records",
        "rules",
        "search",
    ]
    return found


def _assert_the_next_build_adds_nothing(folder: Path, build) -> None:
    """A build writes back what it used; an entry it had to make anew would be added."""
    before = _tables(folder)
    build()
    after = _tables(folder)
    for name, table in after.items():
        assert table.keys() <= before[name].keys(), f"{name}: the build had to work out entries"
        assert table, name


def test_a_deferred_record_cache_writes_only_when_flushed(tmp_path):
    root = copy_fixture(tmp_path)
    folder = tmp_path / ".cache"
    cache = RecordCache(folder, deferred=True)
    load_catalogue(root, cache)
    path = root / EDITED
    path.write_text(path.read_text().replace("title: Hund", "title: Den Hund"))
    load_catalogue(root, cache)
    assert not folder.exists()  # neither load wrote
    cache.flush()
    saved = RecordCache(folder)  # a next run
    for kind, files in (("service", root.glob("services/*.yaml")), ("department", [])):
        for file in files:
            assert saved.get(RecordCache.key(kind, file.read_bytes())) is not None, file
    # with site.yaml and two locations; the edited file's first version is not kept
    assert len(saved.old) == 8


def test_the_preview_writes_its_caches_when_it_stops(content, tmp_path):
    folder = tmp_path / ".cache"
    preview = Preview(content, tmp_path / "preview", lambda: TODAY)
    preview.rebuild()
    records = next(folder.glob("records-*.marshal"))  # the first build leaves a cache at once
    written = records.stat().st_mtime_ns, records.read_bytes()
    _edit_description(content, 1)
    preview.rebuild()
    _edit_description(content, 2)
    preview.rebuild()
    assert (records.stat().st_mtime_ns, records.read_bytes()) == written  # not after a rebuild
    preview.close()

    def build() -> None:
        result = check(content, TODAY, "build")
        build_site(publish(result.catalogue, TODAY), tmp_path / "full", content_root=content)

    _assert_the_next_build_adds_nothing(folder, build)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_ctrl_c_stops_serve_and_the_next_build_uses_its_caches(content, tmp_path):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    serve = subprocess.Popen(
        [sys.executable, str(BUILD), "serve", "--content", str(content)]
        + ["--output", str(tmp_path / "preview"), "--port", str(_free_port())]
        + ["--today", TODAY.isoformat()],
        cwd=PROJECT,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(serve.stderr), daemon=True)
    reader.start()

    def rebuilt(times: int) -> None:
        deadline = time.monotonic() + 120
        while sum("Vorschau aktualisiert" in line for line in lines) < times:
            assert serve.poll() is None and time.monotonic() < deadline, "".join(lines)
            time.sleep(0.05)

    try:
        rebuilt(1)
        time.sleep(0.5)  # let the watcher start
        _edit_description(content, 1)
        rebuilt(2)
        serve.send_signal(signal.SIGINT)  # Ctrl-C
        assert serve.wait(timeout=60) == 0, "".join(lines)
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
        reader.join(timeout=10)
        serve.stderr.close()

    def build() -> None:
        done = run_build(
            "build", "--content", str(content), "--output", str(tmp_path / "full"),
            "--today", TODAY.isoformat(),
        )  # fmt: skip
        assert done.returncode == 0, done.stderr

    _assert_the_next_build_adds_nothing(tmp_path / ".cache", build)

"""The short cuts of a fast validate give exactly the answers of the long way round."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench.synth import generate_catalogue
from catalogue import forkmap
from catalogue.cache.records import RecordCache
from catalogue.checks.run import validate
from catalogue.records import schemas
from catalogue.records.files import Unreadable, read_file
from catalogue.records.yamlsafe import MAX_BYTES
from tests.helpers import FIXTURE, PROJECT, copy_fixture
from tests.isolated import run_isolated


@pytest.mark.parametrize(
    "value",
    [
        "https://www.musterstadt.example/ortsrecht/baumschutzsatzung",
        "https://service.musterstadt.example/antrag/x?y=1#z",
        "http://a",
        "https://a.b.c",
        "https://-",
        "https://a..b/",
        "https://user@host/",
        "https://host:99999/",
        "https://[::1]/",
        "https://[::1/",
        "https:///pfad",
        "https://",
        "https:// host/",
        "https://host/mit leerzeichen",
        "https://host/\x85",
        "https://host/\u2028",
        "https://hoßt/",
        "HTTPS://HOST/",
        "mailto:a@b.example",
        "tel:+49301234",
        "ftp://host/datei",
        "keine-url",
        "",
    ],
)
def test_the_plain_link_short_cut_agrees_with_urlsplit(value: str) -> None:
    def reference(text: str) -> bool:
        if re.search(r"\s", text):
            return False
        try:
            parts = urlsplit(text)
        except ValueError:
            return False
        if parts.scheme in ("http", "https"):
            return bool(parts.hostname)
        return bool(parts.scheme) and bool(parts.path)

    schemas.is_uri.cache_clear()
    assert schemas.is_uri(value) == reference(value)


def _lines(root: Path) -> list[str]:
    return _lines_with(root, None)


def _lines_with(root: Path, cache: RecordCache | None) -> list[str]:
    return [f"{p.path}:{p.line}: {p.field}: {p.message}" for p in validate(root, cache).problems]


@pytest.mark.parametrize("processes", ["1", "2"])
def test_cold_and_warm_runs_find_the_same(tmp_path, processes) -> None:
    """A cold run reads and checks on both cores; a warm one reads the cache: same result.

    In a fresh interpreter: forkmap does not fork from a process with threads (the
    browser tests leave one running in pytest's).
    """
    run_isolated(
        "tests.unit.test_validate_fast",
        "check_cold_and_warm_runs_find_the_same",
        str(tmp_path),
        processes,
    )


def check_cold_and_warm_runs_find_the_same(folder: str, processes: str) -> None:
    tmp_path = Path(folder)
    os.chdir(tmp_path)
    os.environ["SERVICEKATALOG_PROCESSES"] = processes
    forks = _count_forks()
    root = tmp_path / "content"
    generate_catalogue(120, 5, root)
    services = sorted((root / "services").glob("*.yaml"))
    for path, (old, new) in zip(
        services,
        [
            ("\ndepartment: ", "\ndepartment: gibt-es-nicht-"),
            ("\nlast_reviewed: ", "\nlast_reviewed: 2026-02-30 #"),
            ("\nreview_interval_months: ", "\nreview_interval_months: zwölf #"),
            ("\ntitle: ", "\ntitle: yes\nx: "),
        ],
        strict=False,
    ):
        path.write_text(path.read_text().replace(old, new, 1))
    (root / "services" / "Falscher Name.yaml").write_text("id: x\n")
    cold = _lines(root)
    assert list((tmp_path / ".cache").glob("records-*.marshal"))
    assert len(cold) >= 5
    assert _lines(root) == cold  # warm
    edited = services[-1]
    edited.write_text(edited.read_text().replace("\ntitle: ", "\ntitle: 12\nx: ", 1))
    warm = _lines(root)  # one file changed: read anew, checked, the others from the cache
    assert set(cold) < set(warm) and all(
        f"{edited.name}:" in line for line in set(warm) - set(cold)
    )
    edited.write_text(edited.read_text().replace("\ntitle: 12\nx: ", "\ntitle: ", 1))
    assert _lines(root) == cold
    assert bool(forks) == (processes == "2"), forks  # it forked exactly when allowed to
    os.environ["SERVICEKATALOG_CACHE"] = "off"
    os.environ["SERVICEKATALOG_PROCESSES"] = "1"
    assert _lines(root) == cold  # one process, no cache at all


def _count_forks() -> list[int]:
    """A list that gets an entry whenever forkmap forks (from now on, in this process)."""
    forks: list[int] = []
    real_fork = forkmap.os.fork
    forkmap.os.fork = lambda: forks.append(1) or real_fork()
    return forks


def test_validate_imports_no_pelican_or_python_jsonschema_for_clean_records() -> None:
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(PROJECT)!r})\n"
        "from catalogue.cli import main\n"
        f"assert main(['validate', '--content', {str(FIXTURE)!r}]) == 0\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SERVICEKATALOG_CACHE": "off"},
    )
    modules = set(done.stdout.split("\n")[-2].split())
    assert "yaml" in modules  # the one YAML reader
    unwanted = {
        "yaml_rs",
        "pelican",
        "markdown",
        "jinja2",
        "jsonschema",
        "catalogue.checks.freshness",
    }
    assert not modules & unwanted
    assert not any(name.startswith("catalogue.search") for name in modules)


def _validate(root: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """build.py validate with its output buffered, as usual (not as PYTHONUNBUFFERED=1 has it)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "validate", "--content", str(root)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_short_run_prints_everything_and_leaves_the_cache_written(tmp_path) -> None:
    """validate ends without the interpreter's teardown: nothing may be lost by that."""
    root = copy_fixture(tmp_path)
    done = _validate(root, tmp_path)
    assert done.stdout == "Alles in Ordnung: 8 Dateien geprüft, keine Probleme.\n"
    assert done.returncode == 0
    for i in range(300):
        (root / "services" / f"kaputt-{i:03d}.yaml").write_text(f"id: kaputt-{i:03d}\n")
    done = _validate(root, tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    # each file lacks four required fields (title, summary, description, department), and
    # each missing field gets its own line
    assert len(lines) == 1201 and lines[-1] == "1200 Fehler, 0 Warnungen in 308 geprüften Dateien."
    assert list((tmp_path / ".cache").glob("records-*.marshal"))
    assert _validate(root, tmp_path).stdout == done.stdout


@pytest.mark.parametrize("size", [0, 1, 4096, 65536, 65537, MAX_BYTES])
def test_a_file_is_read_whole(tmp_path, size) -> None:
    path = tmp_path / "a.yaml"
    data = bytes(i % 251 for i in range(size))
    path.write_bytes(data)
    raw, signature = read_file(path, os.path.realpath(tmp_path))
    assert raw == data
    assert signature == (size, path.stat().st_mtime_ns, path.stat().st_ino)


def test_a_file_over_the_limit_is_not_read(tmp_path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(Unreadable, match="zu groß"):
        read_file(path, os.path.realpath(tmp_path))


@pytest.mark.parametrize("processes", ["1", "2"])
def test_a_cold_load_remembers_the_files_for_the_next(tmp_path, processes) -> None:
    """The preview keeps its cache: after a cold first load, unchanged files are not read."""
    run_isolated(
        "tests.unit.test_validate_fast",
        "check_a_cold_load_remembers_the_files_for_the_next",
        str(tmp_path),
        processes,
    )


def check_a_cold_load_remembers_the_files_for_the_next(folder: str, processes: str) -> None:
    tmp_path = Path(folder)
    os.environ["SERVICEKATALOG_PROCESSES"] = processes
    forks = _count_forks()
    root = tmp_path / "content"
    generate_catalogue(100, 3, root)
    old = time.time() - 60
    files = sorted(root.rglob("*.yaml"))
    for path in files:
        os.utime(path, (old, old))
    cache = RecordCache(tmp_path / ".cache")
    assert not cache.old and not cache.files
    first = _lines_with(root, cache)
    services = sorted((root / "services").glob("*.yaml"))
    assert set(services) <= set(cache.files)
    assert _lines_with(root, cache) == first
    assert bool(forks) == (processes == "2"), forks  # it forked exactly when allowed to

"""A build on both cores (pages, open data and search split over two processes) gives the
same bytes as a build in one process."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from bench.synth import generate_catalogue
from catalogue import forkmap
from catalogue.checks.run import check
from catalogue.site.publish import publish
from plugins.servicekatalog.driver import build_site
from tests.isolated import run_isolated

TODAY = dt.date(2026, 11, 22)


def _build(content: Path, output: Path) -> tuple[dict[str, bytes], dict]:
    result = check(content, TODAY, "build")
    assert not result.errors
    timings: dict = {}
    build_site(publish(result.catalogue, TODAY), output, content_root=content, timings=timings)
    files = {
        str(p.relative_to(output)): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()
    }
    return files, timings


@pytest.mark.skipif(forkmap.cores() < 2, reason="needs a second core")
def test_two_processes_build_the_same_site_as_one(tmp_path):
    run_isolated(
        "tests.site.test_site_forked",
        "check_two_processes_build_the_same_site_as_one",
        str(tmp_path),
    )


def check_two_processes_build_the_same_site_as_one(folder: str) -> None:
    tmp_path = Path(folder)
    content = tmp_path / "content"
    generate_catalogue(120, 3, content)  # more pages than forkmap.MIN_ITEMS
    forks = []
    real_fork = forkmap.os.fork
    forkmap.os.fork = lambda: forks.append(1) or real_fork()
    forked, timings = _build(content, tmp_path / "forked")
    forkmap.os.fork = real_fork
    assert forks, "the build did not fork: this test would prove nothing"
    assert timings["index"] > 0 and "suche/index.json" in forked
    assert "daten/leistungen.json" in forked and "sitemap.xml" in forked

    os.environ["SERVICEKATALOG_PROCESSES"] = "1"
    single, _ = _build(content, tmp_path / "single")
    assert sorted(single) == sorted(forked)
    assert [name for name in single if single[name] != forked[name]] == []

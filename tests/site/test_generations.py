"""Two generations of the output (catalogue/site/generations.py): only changed files are
written, a fresh output is filled from the cache, and nothing the build did not make survives."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import SITE_FIXTURE, build_fixture


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(SITE_FIXTURE, content)
    return content


def test_an_unchanged_site_is_neither_rendered_nor_written_again(tmp_path):
    content = _content(tmp_path)
    output = tmp_path / "output"
    first: dict = {}
    build_fixture(output, content, timings=first)
    assert first["pages_rendered"] == first["pages_written"] > 10
    again: dict = {}
    build_fixture(output, content, timings=again)  # the spare is made: linked from the live one
    last: dict = {}
    build_fixture(output, content, timings=last)
    assert again["pages_written"] == last["pages_written"] == 0
    assert last["pages_rendered"] == 0


def test_a_fresh_output_is_filled_from_the_cache_without_rendering(tmp_path, monkeypatch):
    monkeypatch.setenv("SERVICEKATALOG_CACHE_PAGES", "1")  # as the CI templates do
    content = _content(tmp_path)
    build_fixture(tmp_path / "first", content)
    timings: dict = {}
    build_fixture(tmp_path / "second", content, timings=timings)  # a CI runner: .cache/ only
    assert timings["pages_written"] > 10 and timings["pages_rendered"] == 0
    assert _tree(tmp_path / "second") == _tree(tmp_path / "first")


def test_without_cache_pages_a_fresh_output_renders_every_page(tmp_path, monkeypatch):
    monkeypatch.delenv("SERVICEKATALOG_CACHE_PAGES", raising=False)
    content = _content(tmp_path)
    build_fixture(tmp_path / "first", content)
    timings: dict = {}
    build_fixture(tmp_path / "second", content, timings=timings)
    assert timings["pages_rendered"] == timings["pages_written"] > 10
    assert not list((tmp_path / ".cache").glob("pages-*.marshal"))


def test_a_file_changed_or_added_by_hand_is_replaced_within_two_builds(tmp_path):
    content = _content(tmp_path)
    output = tmp_path / "output"
    build_fixture(output, content)
    expected = _tree(output)
    build_fixture(output, content)  # now there is a spare generation beside the output
    page = output / "a-z" / "index.html"
    page.write_bytes(page.read_bytes() + b"<!-- von Hand -->")  # in place: shared with the spare
    (output / "eigene.html").write_text("von Hand")
    for _ in range(2):  # the live generation, then the one that was live before
        build_fixture(output, content)
        assert _tree(output) == expected
    assert _tree(tmp_path / ".output-spare") == expected


def test_without_a_cache_every_build_writes_a_fresh_site_and_keeps_no_spare(tmp_path, monkeypatch):
    monkeypatch.setenv("SERVICEKATALOG_CACHE", "off")
    content = _content(tmp_path)
    output = tmp_path / "output"
    build_fixture(output, content)
    timings: dict = {}
    build_fixture(output, content, timings=timings)
    assert timings["pages_rendered"] == timings["pages_written"] > 10
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "output"]

"""The build itself: deterministic bytes, atomic swap, timings, extra files, safe output folder."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path

import pytest

from plugins.servicekatalog.driver import build_site
from tests.conftest import SITE_FIXTURE, build_fixture, published_fixture


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical(tmp_path):
    first = _snapshot(build_fixture(tmp_path / "a" / "output"))
    second = _snapshot(build_fixture(tmp_path / "b" / "output"))
    assert len(first) > 20
    assert first == second


def test_rebuild_in_place_replaces_output_and_leaves_no_temp_dir(tmp_path):
    output = tmp_path / "output"
    build_fixture(output)
    (output / "stale-file.txt").write_text("from an older build")
    timings: dict = {}
    build_fixture(output, timings=timings)
    assert not (output / "stale-file.txt").exists()
    # the site before is kept as the spare generation (catalogue/site/generations.py)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output-spare", "output"]
    assert (tmp_path / ".output-spare" / "stale-file.txt").is_file()
    assert set(timings) == {"render", "minify", "index", "write", "pages_written", "pages_rendered"}
    assert all(v >= 0 for v in timings.values())


def _broken_catalogue():
    """Passes validation's place in the pipeline but breaks mid-render (amount is text)."""
    published = published_fixture()
    published = copy.deepcopy(published)
    service = next(s for s in published.services if s.id == "hund-anmelden")
    service.data["fees"]["items"][0]["amount"] = "zwölf"
    return published


def test_failed_build_leaves_previous_output_byte_identical(tmp_path):
    output = build_fixture(tmp_path / "output")
    before = _snapshot(output)
    with pytest.raises(TypeError):
        build_site(_broken_catalogue(), output, content_root=SITE_FIXTURE, extra_files={})
    assert _snapshot(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_failed_first_build_creates_nothing(tmp_path):
    with pytest.raises(TypeError):
        build_site(
            _broken_catalogue(), tmp_path / "output", content_root=SITE_FIXTURE, extra_files={}
        )
    assert list(tmp_path.iterdir()) == []


def test_failed_extra_file_leaves_previous_output(tmp_path):
    output = build_fixture(tmp_path / "output")
    before = _snapshot(output)
    with pytest.raises(ValueError):
        build_fixture(output, extra_files={"../outside.txt": b"x"})
    assert _snapshot(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_extra_files_are_written(tmp_path):
    output = build_fixture(tmp_path / "output", extra_files={"suche/index.json": b"{}"})
    assert (output / "suche" / "index.json").read_bytes() == b"{}"


def test_refuses_an_output_folder_that_contains_the_content(tmp_path):
    content = tmp_path / "site" / "content"
    shutil.copytree(SITE_FIXTURE, content)
    with pytest.raises(ValueError, match="enthält .*content, das beim Ersetzen verloren ginge"):
        build_site(published_fixture(), tmp_path / "site", content_root=content, extra_files={})
    assert (content / "life-situations.yaml").is_file()


def test_today_changes_what_is_published(tmp_path):
    """The announced version replaces the current one on its date, in the next build."""
    later = published_fixture(today=dt.date(2027, 1, 1))
    build_site(later, tmp_path / "output", content_root=SITE_FIXTURE, extra_files={})
    page = (tmp_path / "output" / "leistungen" / "hund-anmelden" / "index.html").read_text()
    assert "108,00 €" in page
    assert "Angekündigte Änderung" not in page

"""The preview's incremental rebuild must give exactly the site a full build gives."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from catalogue.checks.run import check
from catalogue.site.publish import publish
from plugins.servicekatalog.driver import build_site
from plugins.servicekatalog.preview import ContentError, Preview

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 22)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def _full_build(content: Path, output: Path) -> dict[str, bytes]:
    result = check(content, TODAY, "build")
    assert not result.errors, result.errors
    build_site(publish(result.catalogue, TODAY), output, content_root=content)
    return _tree(output)


def _replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _drop_block(path: Path, head: str) -> None:
    """Delete the line HEAD and the indented lines under it."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(head + "\n")
    end = start + 1
    while end < len(lines) and lines[end].startswith((" ", "\n")):
        end += 1
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    return folder


def _edits(content: Path):
    services = content / "services"
    yield (
        "summary",
        lambda: _replace_in(services / "hund-anmelden.yaml", "summary: ", "summary: Geändert. "),
    )
    yield (
        "title moves it in A–Z",
        lambda: _replace_in(
            services / "hund-anmelden.yaml", "title: Hund anmelden", "title: Anmeldung eines Hundes"
        ),
    )
    yield (
        "online label: the online page and the life-situation lists",
        lambda: _replace_in(
            services / "gewerbe-anmelden.yaml", "label: Gewerbe online", "label: Gewerbe digital"
        ),
    )
    yield (
        "no longer featured: the home page",
        lambda: _replace_in(
            services / "wohnsitz-anmelden.yaml", "featured: true", "featured: false"
        ),
    )
    yield (
        "easy-language text removed: the Leichte Sprache page",
        lambda: _drop_block(services / "gewerbe-anmelden.yaml", "easy_language: |"),
    )
    yield (
        "department name on many pages",
        lambda: _replace_in(content / "departments" / "steueramt.yaml", "name: ", "name: Neues "),
    )
    yield (
        "a new service",
        lambda: shutil.copy(
            services / "gewerbe-anmelden.yaml", services / "gewerbe-anmelden-kopie.yaml"
        ),
    )
    yield (
        "…with its own id",
        lambda: _replace_in(
            services / "gewerbe-anmelden-kopie.yaml",
            "id: gewerbe-anmelden\n",
            "id: gewerbe-anmelden-kopie\n",
        ),
    )
    yield "a service removed", lambda: (services / "gewerbe-anmelden-kopie.yaml").unlink()
    media = content / "media" / "gebaerdensprache"
    yield (
        "captions changed: only the captions file",
        lambda: _replace_in(media / "inhalt.vtt", "Willkommen", "Herzlich willkommen"),
    )
    yield (
        "a transcript: the sign language page",
        lambda: _replace_in(content / "sign-language.yaml", "Willkommen bei", "Hallo bei"),
    )
    yield (
        "a service video moves to another service: both service pages",
        lambda: _replace_in(
            content / "sign-language.yaml",
            "service: wohnsitz-anmelden",
            "service: wohnsitz-ummelden",
        ),
    )
    yield (
        "new captions under a new name: the old file leaves the site",
        lambda: (
            shutil.copy(media / "wohnsitz-anmelden.vtt", media / "wohnsitz-ummelden.vtt"),
            _replace_in(
                content / "sign-language.yaml",
                "captions: media/gebaerdensprache/wohnsitz-anmelden.vtt",
                "captions: media/gebaerdensprache/wohnsitz-ummelden.vtt",
            ),
        ),
    )
    yield (
        "a location's hours: its page and the pages of the services offered there",
        lambda: _replace_in(
            content / "locations" / "buergerbuero-nord.yaml", 'opens: "13:00"', 'opens: "12:00"'
        ),
    )
    yield (
        "a service offered at one place more",
        lambda: _replace_in(
            services / "fuehrungszeugnis-beantragen.yaml",
            "department: buergerbuero\n",
            "department: buergerbuero\nlocations: [buergerbuero, buergerbuero-nord]\n",
        ),
    )
    yield (
        "a life situation renamed",
        lambda: _replace_in(
            content / "life-situations.yaml", "title: Umzug und Wohnsitz", "title: Umziehen"
        ),
    )


def test_every_rebuild_equals_a_full_build(content: Path, tmp_path: Path) -> None:
    preview = Preview(content, tmp_path / "preview", lambda: TODAY)
    preview.rebuild()
    assert _tree(tmp_path / "preview") == _full_build(content, tmp_path / "full")
    for name, edit in _edits(content):
        edit()
        try:
            timings = preview.rebuild()
        except ContentError:
            assert name == "a new service", name  # the copy has a duplicate id until renamed
            continue
        if name != "a life situation renamed":  # shown in every page's navigation
            assert timings["pages_written"] < 50, name  # incremental, not everything again
        full = _full_build(content, tmp_path / "full")
        assert _tree(tmp_path / "preview") == full, name


def test_a_summary_change_writes_only_the_pages_that_show_it(content: Path, tmp_path: Path) -> None:
    preview = Preview(content, tmp_path / "preview", lambda: TODAY)
    preview.rebuild()
    pages = tmp_path / "preview" / "leistungen"
    inode = {
        name: (pages / name / "index.html").stat().st_ino
        for name in ("hund-anmelden", "gewerbe-anmelden")
    }
    _replace_in(content / "services" / "hund-anmelden.yaml", "summary: ", "summary: Neu. ")
    timings = preview.rebuild()
    # every write replaces the file: a new inode means written, the same one untouched
    assert (pages / "hund-anmelden" / "index.html").stat().st_ino != inode["hund-anmelden"]
    assert (pages / "gewerbe-anmelden" / "index.html").stat().st_ino == inode["gewerbe-anmelden"]
    # The service, the services that list it as related, its department and life situation
    # pages, and the lists that show its summary (home: it is featured, A–Z, online): 10 of
    # 100 here. The search page, the prose pages and 404 do not show it.
    assert 3 <= timings["pages_written"] <= 12


def test_invalid_content_leaves_the_last_good_preview(content: Path, tmp_path: Path) -> None:
    preview = Preview(content, tmp_path / "preview", lambda: TODAY)
    preview.rebuild()
    before = _tree(tmp_path / "preview")
    _replace_in(content / "services" / "hund-anmelden.yaml", "title: ", "title: [kaputt\n")
    with pytest.raises(ContentError):
        preview.rebuild()
    assert _tree(tmp_path / "preview") == before

"""Each kind of input, edited in the preview, gives every page a fresh build gives; and a key
that leaves one declared input out is caught by exactly that comparison.

The preview keeps the content-addressed stores and the output's generations between its
rebuilds, so a page whose key missed an input would stay as it was: stale. Each edit below
changes one kind of input (a record field, a department, a life situation, a synonym, the
date, the city's site.yaml, a template, the tool's settings); after each, every file of the preview is compared with a
fresh build in a new folder with an empty cache. The second test proves that the comparison
can fail: it removes one input from every key (catalogue.site.plan's digest) and expects the
same edit to leave a stale page.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from catalogue.checks.run import check
from catalogue.site import plan
from catalogue.site.publish import publish
from plugins.servicekatalog.driver import build_site
from plugins.servicekatalog.preview import Preview
from tests.helpers import PROJECT

TODAY = dt.date(2026, 11, 22)
LATER = dt.date(2027, 1, 1)  # content/services/hund-anmelden@2027-01-01.yaml applies


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def _fresh(content: Path, output: Path, today: dt.date, monkeypatch) -> dict[str, bytes]:
    """A full build with an empty cache of its own (nothing kept from the preview)."""
    with monkeypatch.context() as m:
        m.setenv("SERVICEKATALOG_CACHE", str(output.parent / f"{output.name}-cache"))
        result = check(content, today, "build")
        assert not result.errors, result.errors
        build_site(publish(result.catalogue, today, result.statuses), output, content_root=content)
    return _tree(output)


def _replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@contextmanager
def _edited_project_file(relative: str, old: str, new: str) -> Iterator[None]:
    """A template or the settings, edited in the project for the test and restored after."""
    path = PROJECT / relative
    before = path.read_bytes()
    try:
        _replace_in(path, old, new)
        yield
    finally:
        path.write_bytes(before)


class Day:
    """The preview's date, changed by an edit."""

    def __init__(self) -> None:
        self.today = TODAY

    def __call__(self) -> dt.date:
        return self.today


# name -> (what it edits; the inputs it reaches pages through, as plan's keys hold them)
Edit = Callable[[Path, Day], None]
EDITS: dict[str, tuple[Edit, tuple[str, ...]]] = {
    "a record field": (
        lambda c, d: _replace_in(
            c / "services" / "hund-anmelden.yaml", "summary: ", "summary: Geändert. "
        ),
        ("s",),
    ),
    "a department": (
        lambda c, d: _replace_in(c / "departments" / "steueramt.yaml", "name: ", "name: Neues "),
        ("department",),
    ),
    "a life situation": (
        lambda c, d: _replace_in(
            c / "life-situations.yaml", "title: Umzug und Wohnsitz", "title: Umziehen"
        ),
        ("topics",),
    ),
    "a synonym": (
        lambda c, d: _replace_in(
            c / "search-synonyms.yaml",
            "perso: [personalausweis]",
            "perso: [personalausweis, reisepass]",
        ),
        (),  # only the search files show it (keyed by their bytes)
    ),
    # the new version's data, and the announcement that is gone
    "the date": (lambda c, d: setattr(d, "today", LATER), ("s", "service")),
    # the city's identity: content/site.yaml, shown on every page
    "the site's settings": (
        lambda c, d: _replace_in(c / "site.yaml", "title: Musterstadt", "title: Beispielstadt"),
        ("SITE", "SITENAME"),
    ),
}
# Edits of the project's own files: the code fingerprint is in every key; the tool's settings
# (pelicanconf.py) that pages show are in the layout too.
PROJECT_EDITS = {
    "a template": (
        "theme/templates/404.html",
        "Seite nicht gefunden</h1>",
        "Nicht gefunden</h1>",
        ("CODE",),
    ),
    "the tool's settings": (
        "pelicanconf.py",
        '    "impressum",\n    "datenschutz",',
        '    "datenschutz",\n    "impressum",',
        ("CODE", "footer_pages"),
    ),
}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(PROJECT / "content", folder)
    return folder


def _preview(content: Path, tmp_path: Path, day: Day) -> Preview:
    preview = Preview(content, tmp_path / "preview", day)
    preview.rebuild()
    return preview


def test_every_kind_of_input_edited_in_the_preview_gives_a_fresh_build(
    content, tmp_path, monkeypatch
):
    day = Day()
    preview = _preview(content, tmp_path, day)
    assert _tree(tmp_path / "preview") == _fresh(
        content, tmp_path / "fresh0", day.today, monkeypatch
    )
    for number, (name, (edit, _)) in enumerate(EDITS.items(), 1):
        before = _tree(tmp_path / "preview")
        edit(content, day)
        preview.rebuild()
        after = _tree(tmp_path / "preview")
        assert after != before, f"{name}: the edit shows nowhere"
        assert after == _fresh(content, tmp_path / f"fresh{number}", day.today, monkeypatch), name
    for number, (name, (relative, old, new, _)) in enumerate(PROJECT_EDITS.items(), 10):
        with _edited_project_file(relative, old, new):
            before = _tree(tmp_path / "preview")
            preview.rebuild()
            after = _tree(tmp_path / "preview")
            assert after != before, f"{name}: the edit shows nowhere"
            assert after == _fresh(content, tmp_path / f"fresh{number}", day.today, monkeypatch), (
                name
            )
    preview.close()


def _without(monkeypatch, dropped: tuple[str, ...]) -> None:
    """Every key of plan() made without the inputs DROPPED (values' names, or CODE)."""
    real = plan.digest

    def leaky(*inputs):
        kept = []
        for value in inputs:
            if isinstance(value, dict):
                value = {k: v for k, v in value.items() if k not in dropped}
            elif "CODE" in dropped and isinstance(value, str) and len(value) == 16:
                value = ""  # the code fingerprint, the first input of the base key
            kept.append(value)
        return real(*kept)

    monkeypatch.setattr(plan, "digest", leaky)


CASES = [(name, *EDITS[name]) for name in EDITS if EDITS[name][1]]


@pytest.mark.parametrize("name, edit, dropped", CASES, ids=[c[0] for c in CASES])
def test_a_key_without_one_input_leaves_a_stale_page(
    content, tmp_path, monkeypatch, name, edit, dropped
):
    _without(monkeypatch, dropped)
    day = Day()
    preview = _preview(content, tmp_path, day)
    edit(content, day)
    preview.rebuild()
    stale = _tree(tmp_path / "preview")
    monkeypatch.undo()
    fresh = _fresh(content, tmp_path / "fresh", day.today, monkeypatch)
    differ = [path for path in fresh if stale.get(path) != fresh[path]]
    assert any(path.endswith(".html") for path in differ), f"{name} without {dropped}: not caught"


@pytest.mark.parametrize("name", PROJECT_EDITS)
def test_a_key_without_the_code_leaves_a_stale_page(content, tmp_path, monkeypatch, name):
    relative, old, new, dropped = PROJECT_EDITS[name]
    _without(monkeypatch, dropped)
    preview = _preview(content, tmp_path, Day())
    with _edited_project_file(relative, old, new):
        preview.rebuild()
        stale = _tree(tmp_path / "preview")
        monkeypatch.undo()
        fresh = _fresh(content, tmp_path / "fresh", TODAY, monkeypatch)
    differ = [path for path in fresh if stale.get(path) != fresh[path]]
    assert any(path.endswith(".html") for path in differ), f"{name} without the code: not caught"

"""Prose pages: reserved and duplicate names, file encodings, and build refusing a broken page."""

from __future__ import annotations

import pytest

from catalogue.checks.reporter import line_of
from catalogue.checks.run import validate
from catalogue.records.pages import RESERVED, load_pages
from tests.conftest import SITE_FIXTURE
from tests.helpers import PROJECT, copy_fixture, run_build

PAGE = "---\ntitle: Eine Seite\nsummary: Ein Satz über die Seite.\n---\nText der Seite.\n"


def _with_pages(tmp_path, monkeypatch, files: dict[str, str | bytes]):
    """The fixture catalogue with FILES in pages/; the working directory is TMP_PATH."""
    monkeypatch.chdir(tmp_path)
    root = copy_fixture(tmp_path)
    (root / "pages").mkdir()
    for name, text in files.items():
        data = text.encode() if isinstance(text, str) else text
        (root / "pages" / name).write_bytes(data)
    return root


def _shown(root) -> list[str]:
    return [line_of(p) for p in validate(root).problems]


def test_every_name_the_build_writes_is_reserved(built_site):
    """The reserved names are what the generator really writes, beside the prose pages."""
    written = {  # a dot file (the output marker) can never be a page: pages skip them
        entry.name.split(".")[0].lower()
        for entry in built_site.iterdir()
        if not entry.name.startswith(".")
    }
    generated = written - set(load_pages(SITE_FIXTURE))
    assert {"index", "404", "a-z", "online", "suche", "leistungen", "daten", "theme"} <= generated
    assert generated <= set(RESERVED), "a new generated area needs its name in pages.RESERVED"
    assert {"en", "admin", "robots"} <= set(RESERVED)  # the SPEC's URL contract, still to come
    assert "gebaerdensprache" not in RESERVED  # a prose page in the SPEC's content layout


@pytest.mark.parametrize(
    "name", [*sorted(RESERVED), "Suche", "A-Z", "LEISTUNGEN", "Index"], ids=str
)
def test_a_reserved_page_name_is_refused(name, tmp_path, monkeypatch):
    root = _with_pages(tmp_path, monkeypatch, {f"{name}.md": PAGE})
    key = name.lower()
    assert _shown(root) == [
        f"content/pages/{name}.md:1: Der Seitenname „{key}“ ist für {RESERVED[key]} reserviert. "
        f"Wählen Sie einen anderen Dateinamen, z. B. {key}-info.md."
    ]
    assert load_pages(root) == {}


@pytest.mark.parametrize("other", ["Ueber.md", "ueber.MD", "UEBER.MD"])
def test_two_files_for_one_page_address_are_refused(other, tmp_path, monkeypatch):
    root = _with_pages(tmp_path, monkeypatch, {"ueber.md": PAGE, other: PAGE})
    assert _shown(root) == [
        f"content/pages/{other}:1: Die Seite „ueber“ gibt es schon als ueber.md; beide hätten "
        "die Adresse /ueber/. Löschen Sie eine der beiden Dateien oder benennen Sie sie um."
    ]
    assert list(load_pages(root)) == ["ueber"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            b"---\r\n# Windows line ends\r\ntitle: [1, 2]\r\n---\r\nText\r\n",
            "3: title: muss ein Text sein, nicht eine Liste",
        ),
        (
            b"\xef\xbb\xbf" + PAGE.encode(),
            "1: Die Datei beginnt mit einer Byte-Order-Mark (BOM). "
            "Speichern Sie sie als „UTF-8“ ohne BOM.",
        ),
        (
            PAGE.encode("latin-1"),  # the ü of "über" in line 3
            "3: Die Datei ist nicht in UTF-8 gespeichert (ungültiges Byte 0xfc). "
            "Speichern Sie sie im Editor als „UTF-8“.",
        ),
        (
            b"---\ntitle: Impressum\n---\n",  # no text is allowed: it ends with the head
            None,
        ),
    ],
    ids=["crlf", "bom", "latin-1", "head-only"],
)
def test_page_files_are_read_as_editors_save_them(raw, expected, tmp_path, monkeypatch):
    root = _with_pages(tmp_path, monkeypatch, {"impressum.md": raw})
    shown = _shown(root)
    assert shown == ([] if expected is None else [f"content/pages/impressum.md:{expected}"])


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("ueber.md", "---\ntitle: [1, 2]\n---\nText\n", "2: title: muss ein Text sein"),
        ("ueber.md", "---\nsummary: Ein Satz.\n---\nText\n", "2: Pflichtfeld „title“ fehlt"),
        ("ueber.md", '---\ntitle: "Über\n---\nText\n', "2: YAML-Syntaxfehler"),
        ("suche.md", PAGE, "1: Der Seitenname „suche“ ist für die Suche reserviert"),
    ],
    ids=["title-list", "no-title", "syntax", "reserved"],
)
@pytest.mark.parametrize("command", ["validate", "check", "build"])
def test_validate_check_and_build_refuse_a_broken_page(command, name, text, expected, tmp_path):
    """Exit 1 with a German message naming file and line; build writes nothing."""
    root = copy_fixture(tmp_path)
    (root / "pages").mkdir()
    (root / "pages" / name).write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    args = [command, "--content", str(root)]
    if command != "validate":
        args += ["--today", "2026-03-12"]
    if command == "build":
        args += ["--output", str(output)]
    done = run_build(*args)
    assert done.returncode == 1, done.stderr
    first, count = done.stdout.splitlines()
    assert first.startswith(f"{root}/pages/{name}:{expected}")
    assert count == "1 Fehler, 0 Warnungen in 9 geprüften Dateien."
    assert "interner Fehler" not in done.stderr
    assert not output.exists()


def test_contributing_names_every_reserved_page_name():
    """Editors learn the reserved names from CONTRIBUTING.md: it must name all of them."""
    text = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("## Textseiten", 1)[1].split("\n## ", 1)[0]
    assert [name for name in sorted(RESERVED) if f"`{name}`" not in section] == []
    assert "`title`" in section and "`summary`" in section

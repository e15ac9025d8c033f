"""Read and check the prose pages content/pages/*.md (YAML front matter + Markdown body)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from catalogue.model import ERROR, Problem, Record
from catalogue.oserrors import reason as os_reason
from catalogue.records.files import Unreadable, read_file
from catalogue.records.loader import shown_path
from catalogue.records.schemas import fast_validator_for, validator_for
from catalogue.records.yamlsafe import decode, parse_bytes

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: The first part of every address the site writes itself (see the generator's jobs(), the
#: open data, the search files, THEME_STATIC_DIR and the SPEC's URL contract, with /en/ and
#: /admin/ to come), with what is there: a page of that name would replace it. Compared in
#: lower case, as on a case-insensitive file system or web server. tests/unit/test_pages.py
#: checks that every name a real build writes is here.
RESERVED = {
    "index": "die Startseite",
    "404": "die Fehlerseite (404.html)",
    "a-z": "die Liste von A bis Z",
    "online": "die Online-Dienste",
    "suche": "die Suche",
    "leistungen": "die Seiten der Leistungen",
    "lebenslagen": "die Seiten der Lebenslagen",
    "aemter": "die Seiten der Ämter",
    "standorte": "die Seiten der Standorte",
    "daten": "die offenen Daten",
    "feed": "den Atom-Feed (feed.xml)",
    "sitemap": "die Sitemap (sitemap.xml)",
    "robots": "robots.txt",
    "theme": "die Gestaltung der Website",
    "media": "die Videos und ihre Dateien",
    "en": "die englischen Seiten",
    "admin": "den Browser-Editor",
}

_OPENING = re.compile(r"---[ \t]*(?:\r?\n|\Z)")  # a front matter's first line ...
_CLOSING = re.compile(r"---[ \t]*\r?")  # ... and its last


@dataclass(frozen=True)
class Page:
    """One prose page, published at /<slug>/."""

    slug: str
    title: str
    summary: str
    body: str  # Markdown

    @property
    def url(self) -> str:
        return f"/{self.slug}/"


@dataclass
class Pages:
    """The valid pages by slug (sorted), every problem found, and how many files were read."""

    pages: dict[str, Page] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0


def read_pages(content_root: Path) -> Pages:
    """Check every content/pages/*.md: its name, then its front matter; none if no folder."""
    out = Pages()
    folder = content_root / "pages"
    try:
        names = sorted(e.name for e in os.scandir(folder) if _is_page(e))
    except (FileNotFoundError, NotADirectoryError):
        return out
    except OSError as exc:
        message = f"Der Ordner kann nicht gelesen werden: {os_reason(exc)}"
        out.problems.append(Problem(shown_path(folder), 1, "", message, ERROR, "layout"))
        return out
    inside = os.path.realpath(content_root)
    owner: dict[str, str] = {}  # slug in lower case -> the file name that has it
    for name in sorted(names, key=lambda n: (not _well_named(n), n)):  # well named ones first
        owner.setdefault(name[:-3].lower(), name)
    for name in names:
        path = folder / name
        rel = shown_path(path)
        out.files += 1
        slug = name[:-3]
        named = _name_problem(name, owner[slug.lower()])
        if named is not None:
            out.problems.append(Problem(rel, 1, "", named[1], ERROR, named[0]))
        try:
            raw, _ = read_file(path, inside)
        except Unreadable as refused:
            out.problems.append(Problem(rel, 1, "", str(refused), ERROR, "file"))
            continue
        page, problems = parse_page(raw, slug, rel)
        out.problems += problems
        if page is not None and named is None:
            out.pages[slug] = page
    return out


def load_pages(content_root: Path) -> dict[str, Page]:
    """The valid pages by slug, as read_pages() finds them (the build has refused the others)."""
    return read_pages(content_root).pages


def _is_page(entry: os.DirEntry) -> bool:
    """Named like a page; a pipe or a link is listed too, for read_file to explain."""
    name = entry.name
    return name.lower().endswith(".md") and not name.startswith(".") and not entry.is_dir()


def _well_named(name: str) -> bool:
    return name.endswith(".md") and bool(SLUG.fullmatch(name[:-3]))


def _name_problem(name: str, owner: str) -> tuple[str, str] | None:
    """(code, message) when the file name cannot be a page's address, else None."""
    slug = name[:-3]
    key = slug.lower()
    if key in RESERVED:
        return "reserved", (
            f"Der Seitenname „{key}“ ist für {RESERVED[key]} reserviert. "
            f"Wählen Sie einen anderen Dateinamen, z. B. {key}-info.md."
        )
    if owner != name:
        return "duplicate", (
            f"Die Seite „{key}“ gibt es schon als {owner}; beide hätten die Adresse /{key}/. "
            "Löschen Sie eine der beiden Dateien oder benennen Sie sie um."
        )
    if not _well_named(name):
        example = f"{key}.md" if SLUG.fullmatch(key) else "gebaerdensprache.md"
        return "filename", (
            "Ungültiger Dateiname: erlaubt ist <name>.md mit Kleinbuchstaben, Ziffern und "
            f"Bindestrichen, z. B. {example}."
        )
    return None


def parse_page(raw: bytes, slug: str, rel: str) -> tuple[Page | None, list[Problem]]:
    """Split RAW into front matter and body and check the front matter against its schema.

    Lines in problems are lines of the file (the front matter starts on line 2).
    """
    text, problem = decode(raw)
    if text is None:
        return None, [Problem(rel, problem[0], "", problem[1], ERROR, "yaml")]
    opening = _OPENING.match(text)
    if opening is None:
        return None, [Problem(rel, 1, "", _NO_FRONT_MATTER, ERROR, "yaml")]
    lines = text[opening.end() :].split("\n")  # YAML's lines, not str.splitlines()'
    closing = next((i for i, line in enumerate(lines) if _CLOSING.fullmatch(line)), None)
    if closing is None:
        return None, [Problem(rel, 1, "", _UNCLOSED, ERROR, "yaml")]
    head = lines[:closing]
    if all(not line.strip() or line.lstrip().startswith("#") for line in head):
        record = Record("page", Path(rel), rel, {}, {(): 1})  # no fields: the title is missing
        problems = _schema_problems(record, set(), set())
    else:
        # An empty line for the opening "---": YAML's line numbers are the file's, also
        # inside messages ("zuerst in Zeile 4").
        parsed = parse_bytes("\n".join(["", *head]).encode("utf-8"))
        if parsed.errors:
            return None, [
                Problem(rel, line, where, message, ERROR, "yaml")
                for line, where, message in parsed.errors
            ]
        record = Record("page", Path(rel), rel, parsed.data, parsed.lines)
        problems = _schema_problems(record, parsed.yaml11_bools, parsed.sexagesimal)
    if problems:
        return None, problems
    meta = record.data
    page = Page(
        slug=slug,
        title=meta["title"].strip(),
        summary=meta.get("summary", "").strip(),
        body="\n".join(lines[closing + 1 :]).strip() + "\n",
    )
    return page, []


def _schema_problems(record: Record, yaml11_bools: set, sexagesimal: set) -> list[Problem]:
    """The front matter's schema problems in German, one per field, as for records."""
    if fast_validator_for("page").is_valid(record.data):
        return []
    from catalogue.records.messages import (
        field_problems,  # only a broken page pays for python-jsonschema
    )

    errors = validator_for("page").iter_errors(record.data)
    return field_problems(errors, record, yaml11_bools, sexagesimal)


_NO_FRONT_MATTER = (
    "Die Seite beginnt nicht mit einem Kopf. Schreiben Sie in die ersten Zeilen „---“, "
    "„title: Titel der Seite“ und wieder „---“; danach folgt der Text."
)
_UNCLOSED = (
    "Der Kopf der Seite wird nicht abgeschlossen: nach der letzten Kopfzeile (title:, summary:) "
    "fehlt eine Zeile „---“."
)

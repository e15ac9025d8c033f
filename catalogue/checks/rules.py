"""Cross-record rules the schema cannot express: ids, references, links, raw HTML, versions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import astuple
from typing import Any

from catalogue.cache.store import Store, digest
from catalogue.checks.fee_rules import fee_problems
from catalogue.checks.links import leaves_the_site, link_allowed
from catalogue.model import ERROR, Catalogue, Problem, Record
from catalogue.records.yamlsafe import dotted

MARKDOWN_FIELDS = ("description", "easy_language")
MARKDOWN_LISTS = ("prerequisites", "procedure")

# An HTML tag or comment; autolinks such as <https://…> are not tags (a colon follows the name).
RAW_HTML = re.compile(r"<!--|<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?\s*>|&#|&[a-z]+;")
# Link targets in Markdown: [text](target), [id]: target, and <autolinks>. An inline target
# runs on over tabs and line breaks, which the renderer keeps and a browser removes: it ends
# at ")", ">" or any other white space (Python's \s without \t, \n and \r).
_TARGET = "[^)>\x0b\x0c\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*"
LINK_TARGETS = re.compile(
    rf"\]\(\s*<?({_TARGET})|^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)"
    r"|<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>",
    re.MULTILINE,
)
# The delimiter row of a Markdown table ("| --- | :---: |", "---|---"): tables are refused.
TABLE_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$", re.M)
# An image, ![alt](src) or ![alt][ref]: the sanitiser drops every <img>.
IMAGE = re.compile(r"!\[[^\]\n]*\]")


def check_rules(catalogue: Catalogue, store: Store | None = None) -> list[Problem]:
    """Every cross-record problem in CATALOGUE; records that failed their schema are skipped.

    STORE: each service record's problems by the digest of what they depend on: the file's
    bytes (data and lines), its name as shown, and the ids the rules look up elsewhere.
    """
    problems: list[Problem] = []
    situations = _life_situation_ids(catalogue, problems)
    for record in (*catalogue.departments.values(), *catalogue.locations.values()):
        if record.valid and record.id != record.path.stem:
            problems.append(_id_problem(record))
    for record in catalogue.departments.values():
        own = record.data.get("location") if record.valid else None
        if own is not None and own not in catalogue.locations:
            problems.append(_location_ref(record, ("location",), own, catalogue))
    service_rules: Callable[[Record, Catalogue, set[str]], Iterable[Problem]] = _service_rules
    if store is not None:
        service_rules = _stored(store, catalogue, situations)
    for record in catalogue.services.values():
        problems.extend(service_rules(record, catalogue, situations))
    for service_id, versions in catalogue.versions.items():
        current = catalogue.services.get(service_id)
        for version in versions:
            problems.extend(service_rules(version, catalogue, situations))
            problems.extend(_version_rules(version, current))
    return problems


def _stored(
    store: Store, catalogue: Catalogue, situations: set[str]
) -> Callable[[Record, Catalogue, set[str]], Iterable[Problem]]:
    """_service_rules, taken from STORE for a record whose inputs were seen before."""
    topics = catalogue.life_situations
    lookups = digest(
        sorted(catalogue.departments),
        sorted(situations),
        topics is not None and topics.valid,
        sorted(catalogue.services),
        sorted(catalogue.locations),
    )

    def rules(record: Record, catalogue: Catalogue, situations: set[str]) -> list[Problem]:
        if not record.valid or not record.digest:
            return list(_service_rules(record, catalogue, situations))
        found = store.get(
            digest("rules", record.rel, record.path.name, record.digest.hex(), lookups.hex()),
            lambda: [astuple(p) for p in _service_rules(record, catalogue, situations)],
        )
        return [Problem(*p) for p in found]

    return rules


def _life_situation_ids(catalogue: Catalogue, problems: list[Problem]) -> set[str]:
    record = catalogue.life_situations
    if record is None or not record.valid:
        return set()
    seen: set[str] = set()
    for i, item in enumerate(record.data):
        if item["id"] in seen:
            problems.append(
                Problem(
                    record.rel,
                    record.line_of((i, "id")),
                    f"[{i}].id",
                    f"Die Lebenslage „{item['id']}“ steht doppelt; jede Kennung darf nur einmal vorkommen",
                )
            )
        seen.add(item["id"])
    return seen


def _id_problem(record: Record) -> Problem:
    return Problem(
        record.rel,
        record.line_of(("id",)),
        "id",
        f"Die Kennung „{record.id}“ muss dem Dateinamen entsprechen: "
        f"„{record.stem_id}“ (oder benennen Sie die Datei in {record.id}.yaml um)",
        ERROR,
        "id",
    )


def _service_rules(record: Record, catalogue: Catalogue, situations: set[str]) -> Iterable[Problem]:
    if not record.valid:
        return
    data = record.data
    if data["id"] != record.stem_id:
        yield _id_problem(record)
    if data["department"] not in catalogue.departments:
        yield _ref(
            record,
            ("department",),
            f"Das Amt „{data['department']}“ gibt es nicht "
            f"in content/departments/. {_suggest(data['department'], catalogue.departments)}",
        )
    for i, place in enumerate(data.get("locations", ())):
        if place not in catalogue.locations:
            yield _location_ref(record, ("locations", i), place, catalogue)
    if catalogue.life_situations is not None and catalogue.life_situations.valid:
        for i, situation in enumerate(data.get("life_situations", ())):
            if situation not in situations:
                yield _ref(
                    record,
                    ("life_situations", i),
                    f"Die Lebenslage „{situation}“ gibt es nicht in life-situations.yaml. "
                    f"{_suggest(situation, situations)}",
                )
    for i, other in enumerate(data.get("related", [])):
        if other == data["id"]:
            yield _ref(
                record, ("related", i), "Eine Leistung kann nicht mit sich selbst verwandt sein"
            )
        elif other not in catalogue.services:
            yield _ref(
                record,
                ("related", i),
                f"Die Leistung „{other}“ gibt es nicht (keine Datei content/services/{other}.yaml)",
            )
    if "fees" in data:
        yield from fee_problems(record)
    for path, text in _markdown_values(data):
        if "<" in text or "&" in text or "]" in text:  # else no tag, entity or link: most texts
            yield from markdown_problems(record, path, text)
        if "|" in text and "---" in text and TABLE_ROW.search(text):
            yield _table_problem(record, path)


def _suggest(wrong: str, known: Iterable[str]) -> str:
    import difflib  # only for a wrong reference, not on every start

    options = sorted(known)
    close = difflib.get_close_matches(wrong, options, n=1)
    if close:
        return f"Meinten Sie „{close[0]}“?"
    return f"Vorhanden: {', '.join(options) or '(keine)'}"


def _location_ref(record: Record, path: tuple, place: str, catalogue: Catalogue) -> Problem:
    return _ref(
        record,
        path,
        f"Den Standort „{place}“ gibt es nicht in content/locations/. "
        f"{_suggest(place, catalogue.locations)}",
    )


def _ref(record: Record, path: tuple, message: str) -> Problem:
    return Problem(record.rel, record.line_of(path), dotted(path), message, ERROR, "reference")


def _markdown_values(data: dict[str, Any]) -> Iterator[tuple[tuple, str]]:
    for key in MARKDOWN_FIELDS:
        if isinstance(data.get(key), str):
            yield (key,), data[key]
    for key in MARKDOWN_LISTS:
        for i, text in enumerate(data.get(key, [])):
            yield (key, i), text


def markdown_problems(record: Record, path: tuple, text: str) -> Iterator[Problem]:
    """Raw HTML, images and links that leave the site in the Markdown TEXT at PATH."""
    html = RAW_HTML.search(text) if "<" in text or "&" in text else None  # the regex is slow
    if html:
        yield Problem(
            record.rel,
            record.line_of(path),
            dotted(path),
            f"enthält HTML ({html.group(0)[:30]}); erlaubt ist nur Markdown, "
            "z. B. **fett** oder [Linktext](https://…)",
            ERROR,
            "html",
        )
    if "]" not in text and "<" not in text:
        return
    image = IMAGE.search(text) if "![" in text else None
    if image:
        yield Problem(
            record.rel,
            record.line_of(path),
            dotted(path),
            f"enthält ein Bild ({image.group(0)[:30]}); Bilder zeigt die Seite nicht. "
            "Verlinken Sie es als [Linktext](https://…), oder setzen Sie ein Leerzeichen "
            "zwischen ! und [",
            ERROR,
            "image",
        )
    for match in LINK_TARGETS.finditer(text):
        target = next(g for g in match.groups() if g is not None)
        if not target or link_allowed(target):
            continue
        shown = target.split(" ", 1)[0].translate(_VISIBLE)[:60]
        if leaves_the_site(target):
            message = (
                f"Der Link „{shown}“ führt auf eine andere Website: ein Link innerhalb "
                "dieser Website beginnt mit genau einem / (z. B. /a-z/), ohne \\, Tabulator "
                "oder Zeilenumbruch danach; Links auf andere Websites beginnen mit https://"
            )
        else:
            message = (
                f"Der Link „{shown}“ ist nicht erlaubt: Links beginnen mit https://, "
                "mailto: oder tel: (nicht http:, javascript: oder data:)"
            )
        yield Problem(record.rel, record.line_of(path), dotted(path), message, ERROR, "link")


def _table_problem(record: Record, path: tuple) -> Problem:
    """A Markdown table is refused: the page would show its raw | --- | text, and a table
    written by hand has no caption and no row headers (a screen reader reads it as a stream
    of cells) and does not reflow at 320 px. Fees and opening hours, the tables a service
    needs, have fields of their own that render as accessible tables."""
    return Problem(
        record.rel,
        record.line_of(path),
        dotted(path),
        "enthält eine Tabelle (Zeile mit | --- |); Tabellen sind in Texten nicht erlaubt, weil "
        "sie am Telefon und mit Screenreader schwer lesbar sind. Schreiben Sie eine Liste, "
        "z. B. „- Erwachsene: 37,00 €“; Gebühren gehören unter fees, Öffnungszeiten in den "
        "Standort",
        ERROR,
        "table",
    )


# Tabs and line breaks in a link, shown in a one-line message as \t, \n and \r.
_VISIBLE = str.maketrans({"\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _version_rules(version: Record, current: Record | None) -> Iterator[Problem]:
    stem = version.path.stem
    if current is None:
        yield Problem(
            version.rel,
            1,
            "",
            f"Zu dieser zukünftigen Fassung fehlt die aktuelle Datei {version.stem_id}.yaml; "
            "legen Sie sie an oder benennen Sie diese Datei um",
            ERROR,
            "version",
        )
    if not version.valid:
        return
    data = version.data
    if data.get("valid_from") != version.version_date:
        yield Problem(
            version.rel,
            version.line_of(("valid_from",)),
            "valid_from",
            f"Eine Fassung {stem}.yaml braucht valid_from: {version.version_date} "
            "(gleich dem Datum im Dateinamen)",
            ERROR,
            "version",
        )
    if "change_note" not in data:
        yield Problem(
            version.rel,
            1,
            "change_note",
            "Eine zukünftige Fassung braucht einen change_note: was sich ab dem Datum ändert, "
            "in einem Satz (er wird vorab auf der Seite angekündigt)",
            ERROR,
            "version",
        )
    if current is not None and current.valid:
        since = current.data.get("valid_from")
        if since and since >= version.version_date:
            yield Problem(
                version.rel,
                version.line_of(("valid_from",)),
                "valid_from",
                f"Diese Fassung beginnt nicht nach der aktuellen (valid_from {since} in "
                f"{current.rel})",
                ERROR,
                "version",
            )

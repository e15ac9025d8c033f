"""Read every record under content/ into a Catalogue, checking each file against its schema."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from catalogue.cache.records import Entry, RecordCache
from catalogue.forkmap import map_split
from catalogue.model import ERROR, Catalogue, Problem, Record
from catalogue.oserrors import reason as os_reason
from catalogue.records.files import Unreadable, read_file
from catalogue.records.schemas import fast_validator_for, validator_for
from catalogue.records.yamlsafe import parse_bytes, preload

_NO_PATH = Path()
SERVICE_NAME = re.compile(r"^(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)(?:@(?P<date>\d{4}-\d{2}-\d{2}))?$")


def shown_path(path: Path) -> str:
    """The path as an editor sees it: relative to the working directory when inside it."""
    text = os.fspath(path)
    parent, name = os.path.split(text)  # as path.parent and path.name, without pathlib's cost
    folder = _shown_folder(parent or ".", os.getcwd())
    if folder is None:
        return text
    return name if folder == "." else os.path.join(folder, name)


@lru_cache(maxsize=256)  # one relpath per folder, not per file (thousands of files)
def _shown_folder(folder: str, cwd: str) -> str | None:
    try:
        rel = os.path.relpath(folder, cwd)
    except ValueError:  # another drive on Windows
        return None
    return None if rel.startswith("..") else rel


Known = tuple[bytes, bytes] | str  # bytes and cache key, or why the file cannot be read


def load_record(
    path: Path,
    kind: str,
    problems: list[Problem],
    cache: RecordCache,
    known: Known,
    rel: str | None = None,
) -> Record:
    """Parse and schema-check one file read by read_file(); problems are appended, never raised.

    KNOWN: the file's bytes and cache key, or the message why it cannot be read.
    REL: shown_path(PATH) when the caller knows it already.
    """
    rel = shown_path(path) if rel is None else rel
    record = Record(kind=kind, path=path, rel=rel, data=None)
    if isinstance(known, str):
        problems.append(Problem(rel, 1, "", known, ERROR, "file"))
        record.valid = False
        return record
    raw, key = known
    record.digest = key
    entry = cache.get(key)
    if entry is None:
        entry = _entry((kind, raw))
        cache.put(key, entry)
    record.data, record.lines, record.valid, plain = entry
    if record.valid and not record.lines:
        record.source = raw  # a valid record keeps no lines: worked out when a rule needs one
    if plain:
        problems.extend(Problem(rel, *p) for p in plain)
    return record


def _entry(job: tuple[str, bytes]) -> Entry:
    """What the cache keeps for one file: data, lines, valid, problems as plain tuples."""
    kind, raw = job
    record = Record(kind=kind, path=_NO_PATH, rel="", data=None)
    found: list[Problem] = []
    _check_bytes(raw, record, found)
    return record.data, record.lines, record.valid, [_plain(p) for p in found]


def _read_all(jobs: list[tuple[str, Path]], inside: str, cache: RecordCache) -> list[Known]:
    """Read every file of the content folder INSIDE, check the new ones on both cores."""
    known: list[Known] = []
    if cache.is_empty():  # a cold run: nothing to look up, so reading is split too
        work = [(kind, path, inside) for kind, path in jobs]
        for (_, path), done in zip(jobs, map_split(_read_and_check, work), strict=True):
            if isinstance(done, str):
                known.append(done)
                continue
            raw, signature, key, entry = done
            cache.remember(path, signature, raw)  # for a next load by the preview, see read()
            cache.put(key, entry)
            known.append((raw, key))
        return known
    todo: list[tuple[bytes, tuple[str, bytes]]] = []
    for kind, path in jobs:
        try:
            raw = cache.read(path, inside)
        except Unreadable as refused:
            known.append(str(refused))
            continue
        key = cache.key(kind, raw)
        known.append((raw, key))
        if cache.get(key) is None:
            todo.append((key, (kind, raw)))
    for (key, _), entry in zip(todo, map_split(_entry, [job for _, job in todo]), strict=True):
        cache.put(key, entry)
    return known


def _read_and_check(job: tuple[str, Path, str]) -> tuple[bytes, tuple, bytes, Entry] | str:
    """Read and check one file: its bytes, signature, cache key and entry, or why it is unread."""
    kind, path, inside = job
    try:
        raw, signature = read_file(path, inside)
    except Unreadable as refused:
        return str(refused)
    return raw, signature, RecordCache.key(kind, raw), _entry((kind, raw))


def _plain(problem: Problem) -> tuple[int, str, str, str, str]:
    return problem.line, problem.field, problem.message, problem.severity, problem.code


def _check_bytes(raw: bytes, record: Record, problems: list[Problem]) -> None:
    rel = record.rel
    kind = record.kind
    parsed = parse_bytes(raw)
    record.data = parsed.data
    for line, field, message in parsed.errors:
        problems.append(Problem(rel, line, field, message, ERROR, "yaml"))
    if parsed.errors:
        record.lines = parsed.lines
        record.valid = False
        return
    if fast_validator_for(kind).is_valid(parsed.data):
        # The common case: a clean, valid record. Its lines are not kept (they would double
        # the record cache); line_of() reads the file again with the same reader if a rule
        # needs one.
        return
    record.lines = parsed.lines
    from catalogue.records.messages import (
        field_problems,  # only failing records pay for python-jsonschema
    )

    errors = validator_for(kind).iter_errors(parsed.data)
    found = field_problems(errors, record, parsed.yaml11_bools, parsed.sexagesimal)
    record.valid = not found
    problems.extend(found)


def load_catalogue(root: Path, cache: RecordCache | None = None) -> tuple[Catalogue, list[Problem]]:
    """Load content/ at ROOT: services, versions, departments, life situations, synonyms, videos, cms, site.

    CACHE: the record cache to use (the preview keeps one); by default the one beside ROOT.
    """
    problems: list[Problem] = []
    catalogue = Catalogue(root=root)
    cache = RecordCache.for_content(root) if cache is None else cache
    departments = _yaml_files(root / "departments", problems)
    # content/locations/ is optional: without it, services are offered at no place of their own
    has_locations = os.path.lexists(root / "locations")
    locations = _yaml_files(root / "locations", problems) if has_locations else []
    services = [
        (path, rel, SERVICE_NAME.match(path.name[: -len(".yaml")]))
        for path, rel in _yaml_files(root / "services", problems)
    ]
    jobs = [("department", path) for path, _ in departments]
    jobs += [("location", path) for path, _ in locations]
    jobs += [("service", path) for path, _, match in services if match]
    preload()  # before the work is forked, so that each process need not import PyYAML again
    inside = os.path.realpath(root)
    known = iter(_read_all(jobs, inside, cache))  # in the order of jobs
    for path, rel in departments:
        record = load_record(path, "department", problems, cache, next(known), rel)
        catalogue.departments[path.stem] = record
    for path, rel in locations:
        catalogue.locations[path.stem] = load_record(
            path, "location", problems, cache, next(known), rel
        )
    for path, rel, match in services:
        if not match:
            problems.append(
                Problem(
                    rel,
                    1,
                    "",
                    "Ungültiger Dateiname: erlaubt sind <id>.yaml oder <id>@JJJJ-MM-TT.yaml mit "
                    "Kleinbuchstaben, Ziffern und Bindestrichen, z. B. hund-anmelden.yaml.",
                    ERROR,
                    "filename",
                )
            )
            continue
        record = load_record(path, "service", problems, cache, next(known), rel)
        if match["date"]:
            record.version_date = match["date"]
            catalogue.versions.setdefault(match["id"], []).append(record)
        else:
            catalogue.services[match["id"]] = record
    for versions in catalogue.versions.values():
        versions.sort(key=lambda r: r.version_date or "")
    situations = root / "life-situations.yaml"
    if os.path.lexists(situations):
        catalogue.life_situations = _load_one(
            situations, "life-situations", problems, cache, inside
        )
    else:
        problems.append(
            Problem(shown_path(situations), 1, "", "Die Datei mit den Lebenslagen fehlt.", ERROR)
        )
    site = root / "site.yaml"
    if os.path.lexists(site):
        catalogue.site = _load_one(site, "site", problems, cache, inside)
    else:
        problems.append(
            Problem(
                shown_path(site),
                1,
                "",
                "Die Datei mit Name und Einstellungen der Stadt fehlt: legen Sie site.yaml an "
                "(Vorlage: content/site.yaml des Werkzeugs; Felder siehe schema/site.schema.json).",
                ERROR,
                "layout",
            )
        )
    synonyms = root / "search-synonyms.yaml"
    if os.path.lexists(synonyms):
        catalogue.synonyms = _load_one(synonyms, "search-synonyms", problems, cache, inside)
    sign_language = root / "sign-language.yaml"
    if os.path.lexists(sign_language):
        catalogue.sign_language = _load_one(sign_language, "sign-language", problems, cache, inside)
    cms = root / "cms.yaml"
    if os.path.lexists(cms):
        catalogue.cms = _load_one(cms, "cms", problems, cache, inside)
    cache.save()
    return catalogue, problems


def _load_one(
    path: Path, kind: str, problems: list[Problem], cache: RecordCache, inside: str
) -> Record:
    try:
        raw, _ = read_file(path, inside)
    except Unreadable as refused:
        return load_record(path, kind, problems, cache, str(refused))
    return load_record(path, kind, problems, cache, (raw, cache.key(kind, raw)))


def _yaml_files(folder: Path, problems: list[Problem]) -> list[tuple[Path, str]]:
    """The .yaml files in FOLDER, sorted, each with its path as shown to editors.

    Whatever is named like a record but is not a file (a folder, a pipe, a broken link)
    is listed too, or reported here, so that it gets a message and is never skipped.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)  # no stat per file
    except (FileNotFoundError, NotADirectoryError):
        problems.append(Problem(shown_path(folder), 1, "", "Der Ordner fehlt.", ERROR, "layout"))
        return []
    except OSError as exc:
        problems.append(
            Problem(
                shown_path(folder),
                1,
                "",
                f"Der Ordner kann nicht gelesen werden: {os_reason(exc)}",
                ERROR,
                "layout",
            )
        )
        return []
    shown = _shown_folder(os.fspath(folder), os.getcwd())  # as shown_path, once per folder
    files = []
    for entry in entries:
        name = entry.name
        if name.startswith(".") or not name.lower().endswith((".yaml", ".yml")):
            continue
        path = folder / name
        rel = str(path) if shown is None else name if shown == "." else os.path.join(shown, name)
        if not name.endswith(".yaml"):
            stem = name.rsplit(".", 1)[0]
            problems.append(
                Problem(
                    rel,
                    1,
                    "",
                    f"Benennen Sie die Datei in {stem}.yaml um (Endung .yaml, "
                    "kleingeschrieben); so wird sie nicht gelesen.",
                    ERROR,
                    "filename",
                )
            )
        elif entry.is_dir(follow_symlinks=False):
            problems.append(
                Problem(
                    rel,
                    1,
                    "",
                    "Das ist ein Ordner, keine Datei. Benennen Sie ihn um "
                    "(ohne .yaml) oder verschieben Sie ihn aus dem Inhaltsordner.",
                    ERROR,
                    "file",
                )
            )
        else:  # a file, or a link, pipe or device that read_file explains
            files.append((path, rel))
    return files

"""Read every record under content/ into a Catalogue, checking each file against its schema."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from .forkmap import map_split
from .model import ERROR, Catalogue, Problem, Record
from .quickyaml import quick_data
from .recordcache import Entry, RecordCache
from .schemas import fast_validator_for, validator_for
from .yamlsafe import dotted, parse_bytes

SERVICE_NAME = re.compile(r"^(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)(?:@(?P<date>\d{4}-\d{2}-\d{2}))?$")


def shown_path(path: Path) -> str:
    """The path as an editor sees it: relative to the working directory when inside it."""
    folder = _shown_folder(str(path.parent), os.getcwd())
    if folder is None:
        return str(path)
    return path.name if folder == "." else os.path.join(folder, path.name)


@lru_cache(maxsize=256)  # one relpath per folder, not per file (thousands of files)
def _shown_folder(folder: str, cwd: str) -> str | None:
    try:
        rel = os.path.relpath(folder, cwd)
    except ValueError:  # another drive on Windows
        return None
    return None if rel.startswith("..") else rel


def load_record(
    path: Path,
    kind: str,
    problems: list[Problem],
    cache: RecordCache | None = None,
    known: tuple[bytes, bytes] | None = None,
) -> Record:
    """Parse and schema-check one file; problems are appended, never raised.

    KNOWN: the file's bytes and cache key when the caller has read it already.
    """
    rel = shown_path(path)
    record = Record(kind=kind, path=path, rel=rel, data=None)
    cache = cache or RecordCache(None)
    if known is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problems.append(
                Problem(rel, 1, "", f"Die Datei kann nicht gelesen werden: {exc.strerror}.")
            )
            record.valid = False
            return record
        known = raw, cache.key(kind, raw)
    raw, key = known
    entry = cache.get(key)
    if entry is None:
        entry = _entry((kind, raw))
        cache.put(key, entry)
    record.data, record.lines, record.valid, plain = entry
    if record.valid and not record.lines:
        record.source = raw  # read by the quick reader: lines only when a problem needs one
    problems.extend(Problem(rel, *p) for p in plain)
    return record


def _entry(job: tuple[str, bytes]) -> Entry:
    """What the cache keeps for one file: data, lines, valid, problems as plain tuples."""
    kind, raw = job
    record = Record(kind=kind, path=Path(), rel="", data=None)
    found: list[Problem] = []
    _check_bytes(raw, record, found)
    return record.data, record.lines, record.valid, [_plain(p) for p in found]


def _read_all(jobs: list[tuple[str, Path]], cache: RecordCache) -> dict[Path, tuple[bytes, bytes]]:
    """Read every file (bytes and cache key), and check the new ones on both cores."""
    known: dict[Path, tuple[bytes, bytes]] = {}
    todo: list[tuple[bytes, tuple[str, bytes]]] = []
    for kind, path in jobs:
        try:
            raw = cache.read(path)
        except OSError:
            continue  # load_record reports it
        key = cache.key(kind, raw)
        known[path] = raw, key
        if cache.get(key) is None:
            todo.append((key, (kind, raw)))
    for (key, _), entry in zip(todo, map_split(_entry, [job for _, job in todo]), strict=True):
        cache.put(key, entry)
    return known


def _plain(problem: Problem) -> tuple[int, str, str, str, str]:
    return problem.line, problem.field, problem.message, problem.severity, problem.code


def _check_bytes(raw: bytes, record: Record, problems: list[Problem]) -> None:
    rel = record.rel
    kind = record.kind
    quick = quick_data(raw)
    if quick is not None and fast_validator_for(kind).is_valid(quick):
        record.data = quick  # the common case: a clean, valid record
        return
    parsed = parse_bytes(raw)
    record.data, record.lines = parsed.data, parsed.lines
    for line, field, message in parsed.errors:
        problems.append(Problem(rel, line, field, message, ERROR, "yaml"))
    if parsed.errors:
        record.valid = False
        return
    if fast_validator_for(kind).is_valid(parsed.data):
        return
    from .messages import translate  # only failing records pay for python-jsonschema

    reported: set[tuple] = set()
    for error in validator_for(kind).iter_errors(parsed.data):
        where, message = translate(error, parsed.yaml11_bools, parsed.sexagesimal)
        record.valid = False
        if where in reported:
            continue  # one message per field is enough to act on
        reported.add(where)
        problems.append(
            Problem(rel, record.line_of(where), dotted(where), message, ERROR, "schema")
        )


def load_catalogue(root: Path, cache: RecordCache | None = None) -> tuple[Catalogue, list[Problem]]:
    """Load content/ at ROOT: services, version files, departments, life situations, synonyms.

    CACHE: the record cache to use (the preview keeps one); by default the one beside ROOT.
    """
    problems: list[Problem] = []
    catalogue = Catalogue(root=root)
    cache = RecordCache.for_content(root) if cache is None else cache
    departments = _yaml_files(root / "departments", problems)
    services = _yaml_files(root / "services", problems)
    jobs = [("department", p) for p in departments]
    jobs += [("service", p) for p in services if SERVICE_NAME.match(p.stem)]
    known = _read_all(jobs, cache)
    for path in departments:
        record = load_record(path, "department", problems, cache, known.get(path))
        catalogue.departments[path.stem] = record
    for path in services:
        match = SERVICE_NAME.match(path.stem)
        if not match:
            problems.append(
                Problem(
                    shown_path(path),
                    1,
                    "",
                    "Ungültiger Dateiname: erlaubt sind <id>.yaml oder <id>@JJJJ-MM-TT.yaml mit "
                    "Kleinbuchstaben, Ziffern und Bindestrichen, z. B. hund-anmelden.yaml.",
                    ERROR,
                    "filename",
                )
            )
            continue
        record = load_record(path, "service", problems, cache, known.get(path))
        if match["date"]:
            record.version_date = match["date"]
            catalogue.versions.setdefault(match["id"], []).append(record)
        else:
            catalogue.services[match["id"]] = record
    for versions in catalogue.versions.values():
        versions.sort(key=lambda r: r.version_date or "")
    situations = root / "life-situations.yaml"
    if situations.is_file():
        catalogue.life_situations = load_record(situations, "life-situations", problems, cache)
    else:
        problems.append(
            Problem(shown_path(situations), 1, "", "Die Datei mit den Lebenslagen fehlt.", ERROR)
        )
    synonyms = root / "search-synonyms.yaml"
    if synonyms.is_file():
        catalogue.synonyms = load_record(synonyms, "search-synonyms", problems, cache)
    cache.save()
    return catalogue, problems


def _yaml_files(folder: Path, problems: list[Problem]) -> list[Path]:
    if not folder.is_dir():
        problems.append(Problem(shown_path(folder), 1, "", "Der Ordner fehlt.", ERROR, "layout"))
        return []
    files = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith("."):
            continue
        if path.suffix == ".yaml" and path.is_file():
            files.append(path)
        elif path.suffix == ".yml":
            problems.append(
                Problem(shown_path(path), 1, "", "Benennen Sie die Datei in .yaml um (nicht .yml).")
            )
    return files

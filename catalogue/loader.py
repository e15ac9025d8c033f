"""Read every record under content/ into a Catalogue, checking each file against its schema."""

from __future__ import annotations

import os
import re
from pathlib import Path

from .model import ERROR, Catalogue, Problem, Record
from .recordcache import RecordCache
from .schemas import fast_validator_for, validator_for
from .yamlsafe import dotted, parse_bytes

SERVICE_NAME = re.compile(r"^(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)(?:@(?P<date>\d{4}-\d{2}-\d{2}))?$")


def shown_path(path: Path) -> str:
    """The path as an editor sees it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def load_record(
    path: Path, kind: str, problems: list[Problem], cache: RecordCache | None = None
) -> Record:
    """Parse and schema-check one file; problems are appended, never raised."""
    rel = shown_path(path)
    record = Record(kind=kind, path=path, rel=rel, data=None)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(
            Problem(rel, 1, "", f"Die Datei kann nicht gelesen werden: {exc.strerror}.")
        )
        record.valid = False
        return record
    cache = cache or RecordCache(None)
    key = cache.key(kind, raw)
    entry = cache.get(key)
    if entry is None:
        found: list[Problem] = []
        _check_bytes(raw, record, found)
        entry = (record.data, record.lines, record.valid, [_plain(p) for p in found])
        cache.put(key, entry)
    record.data, record.lines, record.valid, plain = entry
    problems.extend(Problem(rel, *p) for p in plain)
    return record


def _plain(problem: Problem) -> tuple[int, str, str, str, str]:
    return problem.line, problem.field, problem.message, problem.severity, problem.code


def _check_bytes(raw: bytes, record: Record, problems: list[Problem]) -> None:
    rel = record.rel
    kind = record.kind
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


def load_catalogue(root: Path) -> tuple[Catalogue, list[Problem]]:
    """Load content/ at ROOT: services, version files, departments, life situations, synonyms."""
    problems: list[Problem] = []
    catalogue = Catalogue(root=root)
    cache = RecordCache.for_content(root)
    for path in _yaml_files(root / "departments", problems):
        record = load_record(path, "department", problems, cache)
        catalogue.departments[path.stem] = record
    for path in _yaml_files(root / "services", problems):
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
        record = load_record(path, "service", problems, cache)
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
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.suffix == ".yaml" and path.is_file():
            files.append(path)
        elif path.suffix == ".yml":
            problems.append(
                Problem(shown_path(path), 1, "", "Benennen Sie die Datei in .yaml um (nicht .yml).")
            )
    return files

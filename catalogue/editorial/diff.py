"""build.py diff: what changed in the records between a git reference and the working tree."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalogue.editorial.diff_sentences import VERSION_KEYS, Change, compare
from catalogue.editorial.git import GitError, changed_files, read_at
from catalogue.records.files import Unreadable, read_file
from catalogue.records.loader import SERVICE_NAME, shown_path
from catalogue.records.yamlsafe import parse_bytes
from catalogue.site.formatting import sort_key

DEPARTMENT_LABELS = {
    "name": "Name",
    "address": "Anschrift",
    "phone": "Telefon",
    "email": "E-Mail",
    "website": "Webseite",
    "opening_hours": "Öffnungszeiten",
    "accessibility": "Barrierefreiheit",
    "appointment_url": "Terminbuchung",
    "editors": "Redaktion",
}


@dataclass
class Entry:
    """All changes to one service (its current file and its version files) or one department."""

    id: str
    title: str
    status: str  # "added", "removed" or "changed"
    files: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "files": self.files,
            "changes": [
                {
                    "category": c.category,
                    "field": c.field,
                    "detail": c.detail,
                    "valid_from": c.valid_from,
                    "text": c.text,
                }
                for c in self.changes
            ],
        }


class _Side:
    """One file at the reference and in the working tree, parsed; remembers unreadable files.

    The working copy is read as validate reads it (read_file: no link out of the content
    folder). A file that cannot be read or parsed is {} and listed in BROKEN; None is absent.
    """

    def __init__(self, ref: str, rel: str, broken: list[str]) -> None:
        self.rel = rel
        self.old = self._parse(read_at(ref, rel), broken)
        path = Path(rel)
        self.new: dict[str, Any] | None = None
        if not os.path.lexists(path):
            return
        try:
            raw = read_file(path, os.path.realpath(path.parent.parent))[0]
        except Unreadable:
            broken.append(rel)
            self.new = {}
            return
        self.new = self._parse(raw, broken)

    def _parse(self, raw: bytes | None, broken: list[str]) -> dict[str, Any] | None:
        if raw is None:
            return None
        data = parse_bytes(raw).data
        if not isinstance(data, dict):
            broken.append(self.rel)
            return {}
        return data


def summarise(root: Path, ref: str) -> tuple[list[Entry], list[Entry], list[str]]:
    """(services, departments, unreadable files) changed between REF and the working tree."""
    changed = changed_files(ref)
    services_dir = shown_path((root / "services").resolve())
    departments_dir = shown_path((root / "departments").resolve())
    if Path(services_dir).is_absolute():
        raise GitError(f"der Inhaltsordner {root} liegt nicht im aktuellen Ordner des Repositorys")
    broken: list[str] = []
    by_service: dict[str, list[str]] = {}
    for rel in sorted(changed):
        path = Path(rel)
        match = SERVICE_NAME.match(path.stem)
        if str(path.parent) == services_dir and path.suffix == ".yaml" and match:
            by_service.setdefault(match["id"], []).append(rel)
    names = _department_names(Path(departments_dir))
    services = [
        _service(ref, services_dir, sid, files, names, broken) for sid, files in by_service.items()
    ]
    departments = [
        _department(_Side(ref, rel, broken), rel)
        for rel in sorted(changed)
        if str(Path(rel).parent) == departments_dir and rel.endswith(".yaml")
    ]
    services.sort(key=lambda e: sort_key(e.title))
    departments.sort(key=lambda e: sort_key(e.title))
    return services, departments, sorted(set(broken))


def _department_names(folder: Path) -> dict[str, str]:
    names = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = parse_bytes(read_file(path, os.path.realpath(folder.parent))[0]).data
        except Unreadable:
            continue
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            names[path.stem] = data["name"]
    return names


def _service(
    ref: str, folder: str, sid: str, files: list[str], names: dict[str, str], broken: list[str]
) -> Entry:
    main = _Side(ref, str(Path(folder) / f"{sid}.yaml"), broken)
    current = main.new if main.new is not None else main.old
    title = str((current or {}).get("title") or sid)
    entry = Entry(sid, title, "changed", files)

    def department(key: Any) -> str:
        return names.get(str(key), str(key))

    if main.rel in files:
        if main.old is None and main.new is not None:
            entry.status = "added"
            entry.changes.append(
                Change(
                    "Neue Leistung", title, f"zuständig: {department(main.new.get('department'))}"
                )
            )
            online = main.new.get("online_service")
            if isinstance(online, dict):
                url = str(online.get("url", ""))
                entry.changes.append(Change("Neuer Online-Antrag", title, url, "online_service"))
        elif main.new is None:
            entry.status = "removed"
            entry.changes.append(Change("Leistung entfernt", title))
        elif main.old is not None:
            entry.changes += compare(main.old, main.new, department_name=department)
    for rel in files:
        if rel == main.rel:
            continue
        named = SERVICE_NAME.match(Path(rel).stem)
        day = named["date"] if named else None
        version = _Side(ref, rel, broken)
        if version.old is None and version.new is not None:
            note = version.new.get("change_note")
            entry.changes.append(Change("Neue Fassung angekündigt", title, f"„{note}“", "", day))
            entry.changes += compare(current or {}, version.new, day, department, skip=VERSION_KEYS)
        elif version.new is None and version.old is not None:
            taken_over = main.new is not None and not compare(
                version.old, main.new, skip=VERSION_KEYS
            )
            category = (
                "Angekündigte Fassung übernommen"
                if taken_over
                else "Angekündigte Fassung zurückgezogen"
            )
            entry.changes.append(Change(category, title, f"Datei {Path(rel).name} gelöscht"))
        elif version.old is not None and version.new is not None:
            entry.changes += compare(
                version.old, version.new, day, department, skip=("last_reviewed",)
            )
    return entry


def _department(side: _Side, rel: str) -> Entry:
    data = side.new if side.new is not None else side.old or {}
    title = str(data.get("name") or Path(rel).stem)
    entry = Entry(Path(rel).stem, title, "changed", [rel])
    if side.old is None:
        entry.status = "added"
        entry.changes.append(Change("Neues Amt", title))
    elif side.new is None:
        entry.status = "removed"
        entry.changes.append(Change("Amt entfernt", title))
    else:
        for key in dict.fromkeys([*side.old, *side.new]):
            if side.old.get(key) != side.new.get(key):
                before, after = side.old.get(key), side.new.get(key)
                simple = isinstance(before, str) and isinstance(after, str)
                detail = f"{before} → {after}" if simple else "geändert"
                entry.changes.append(Change(DEPARTMENT_LABELS.get(key, key), title, detail, key))
    return entry


def render(ref: str, services: list[Entry], departments: list[Entry], fmt: str) -> str:
    """The summary as text (terminal), markdown (merge request) or json (change feed)."""
    if fmt == "json":
        payload = {
            "ref": ref,
            "services": [e.as_dict() for e in services],
            "departments": [e.as_dict() for e in departments],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    counts = _counts(services, departments)
    if fmt == "markdown":
        out = [f"### Änderungen am Dienstleistungskatalog seit `{ref}`", ""]
        if not services and not departments:
            return "\n".join([*out, "Keine Änderungen an Leistungen oder Ämtern."]) + "\n"
        out += [f"{counts}.", ""]
        for entry in [*services, *departments]:
            files = ", ".join(f"`{f}`" for f in entry.files)
            out.append(f"**{_md(entry.title)}** ({files})")
            out.append("")
            out += [f"- {_md(c.short)}" for c in entry.changes]
            out.append("")
        return "\n".join(out)
    if not services and not departments:
        return f"Keine Änderungen an Leistungen oder Ämtern seit {ref}.\n"
    out = [f"Änderungen seit {ref}: {counts}."]
    for entry in [*services, *departments]:
        out += ["", f"{entry.title} ({', '.join(entry.files)})"]
        out += [f"  - {c.text}" for c in entry.changes]
    return "\n".join(out) + "\n"


def _counts(services: list[Entry], departments: list[Entry]) -> str:
    parts = [f"{len(services)} {'Leistung' if len(services) == 1 else 'Leistungen'}"]
    if departments:
        parts.append(f"{len(departments)} {'Amt' if len(departments) == 1 else 'Ämter'}")
    return ", ".join(parts)


def _md(text: str) -> str:
    """Escape what Markdown would turn into markup or HTML in a merge-request description."""
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text


def run_diff(root: Path, ref: str, fmt: str) -> int:
    """Print the summary; 0 ok, 1 when a changed file cannot be read, 2 on git problems."""
    try:
        services, departments, broken = summarise(root, ref)
    except GitError as exc:
        print(f"build.py diff {ref}: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(render(ref, services, departments, fmt))
    for rel in broken:
        print(
            f"{rel}:1: Die Datei ist kein lesbarer Datensatz; prüfen Sie sie mit "
            f"„python build.py validate {rel}“.",
            file=sys.stderr,
        )
    return 1 if broken else 0

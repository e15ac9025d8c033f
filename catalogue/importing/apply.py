"""Merge imported records into a content folder, keep what editors added, write, report.

A record's fields that come from the source are merged three ways against what the last
import wrote (kept in <content>/.import/dldb.json): a field the editors left as imported
takes the source's new value; a field they changed stays theirs (and a field the source
changed too is reported); every other field (life situations, Leichte Sprache, featured,
review dates, documents, local notes) is the editors' and never touched.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from catalogue.importing.dldb import SYSTEM, Mapped
from catalogue.records.schemas import SCHEMA_DIR, fast_validator_for, schema_for
from catalogue.records.yamlsafe import parse_bytes

FOLDERS = {"service": "services", "department": "departments", "location": "locations"}
STATE = Path(".import") / f"{SYSTEM}.json"
#: The fields the import owns per kind; every other field is the editors'.
OWNED = {
    "service": (
        "title", "official_name", "summary", "description", "department", "keywords", "leika",
        "locations", "fees", "links", "forms", "appointment_url", "source",
    ),
    "department": ("name", "website", "source"),
    "location": (
        "name", "alternate_names", "address", "phone", "fax", "email", "website",
        "appointment_url", "geo", "source",
    ),
}  # fmt: skip
_NEEDED = {  # a new record's required facts the export has no field for
    "service": ("required_documents", "audiences", "life_situations", "last_reviewed"),
    "location": ("opening_hours", "accessibility"),
    "department": ("phone", "email"),
}


@dataclass
class Outcome:
    """What the import did with one record, for the report."""

    kind: str
    id: str
    source_id: str
    status: str  # "neu", "geändert", "unverändert"
    came_in: list[str]
    missing: list[str]
    decide: list[str]
    changed: list[str] = field(default_factory=list)  # fields the source changed
    kept: list[str] = field(default_factory=list)  # fields the editors changed, kept


@dataclass
class Plan:
    """Files to write (path -> bytes) and the report's rows; nothing is written yet."""

    files: dict[Path, bytes] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)


class Unmergeable(Exception):
    """A record file of the content folder cannot be read: merging would overwrite it."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def plan(mapped: Mapped, content: Path) -> Plan:
    """The files MAPPED gives in CONTENT, merged with what is there and the last import.

    Unmergeable when a record file there cannot be read (its editors' work would be lost).
    """
    state = _read_state(content)
    existing, broken = _existing(content)
    if broken:
        raise Unmergeable(
            [f"{path}: kann nicht gelesen werden (Prüfung mit validate); beheben Sie das "
             "zuerst, der Import überschreibt die Datei sonst." for path in broken]
        )  # fmt: skip
    out = Plan(skipped=mapped.skipped)
    new_state: dict[str, dict[str, Any]] = {}
    for record in mapped.records:
        key = f"{record.kind}:{record.source_id}"
        imported = {k: v for k, v in record.data.items() if k in OWNED[record.kind] or k == "id"}
        found = existing.get(key)
        base = state.get(key, {})
        if found is None:
            path = content / FOLDERS[record.kind] / f"{record.id}.yaml"
            if path.exists():  # the editors' own record of that name: never overwritten
                record.id = imported["id"] = (
                    f"{record.id[: 79 - len(record.source_id)]}-{record.source_id}"
                )
                path = content / FOLDERS[record.kind] / f"{record.id}.yaml"
            merged, changed, kept = dict(imported), sorted(imported), list[str]()
            status, old = "neu", None
        else:
            path, old = found
            merged, changed, kept = _merge(record.kind, old, base, imported)
            status = "unverändert" if merged == old else "geändert"
        problem = _first_problem(record.kind, merged)
        if problem:  # never write a record the validator would refuse
            out.skipped.append(
                (record.source_id, str(merged.get("title") or merged["id"]), problem)
            )
            continue
        new_state[key] = {k: v for k, v in imported.items() if k != "id"}
        if status != "unverändert":
            out.files[path] = dump(record.kind, merged, path)
        out.outcomes.append(
            Outcome(
                record.kind,
                merged["id"],
                record.source_id,
                status,
                sorted(k for k in imported if k != "id"),
                [k for k in _NEEDED[record.kind] if k not in merged],
                record.decide if status == "neu" else [],
                [c for c in changed if c != "id"] if status != "neu" else [],
                kept,
            )
        )
    state_bytes = (
        json.dumps(new_state, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    ).encode()
    if _read_bytes(content / STATE) != state_bytes:
        out.files[content / STATE] = state_bytes
    return out


def _merge(
    kind: str, old: dict[str, Any], base: dict[str, Any], new: dict[str, Any]
) -> tuple[dict[str, Any], list[str], list[str]]:
    merged = dict(old)
    changed, kept = [], []
    for key in OWNED[kind]:
        ours, theirs, before = old.get(key), new.get(key), base.get(key)
        if theirs == ours:
            continue
        if ours == before:  # left as imported: the source's new value (or its removal)
            if theirs is None:
                merged.pop(key, None)
            else:
                merged[key] = theirs
            changed.append(key)
        elif theirs != before:  # both changed it: the editors' stays, the report says so
            kept.append(key)
    order = list(schema_for(kind)["properties"])
    ordered = {k: merged[k] for k in order if k in merged}
    return ordered, changed, kept


def _existing(content: Path) -> tuple[dict[str, tuple[Path, dict[str, Any]]], list[Path]]:
    """Records of CONTENT that came from this system, by "kind:source id"; unreadable files."""
    out, broken = {}, []
    for kind, folder in FOLDERS.items():
        for path in (
            sorted((content / folder).glob("*.yaml")) if (content / folder).is_dir() else []
        ):
            parsed = parse_bytes(path.read_bytes())
            data = parsed.data
            if parsed.errors or not isinstance(data, dict):
                broken.append(path)
                continue
            source = data.get("source")
            if isinstance(source, dict) and source.get("system") == SYSTEM and "id" in source:
                out[f"{kind}:{source['id']}"] = (path, data)
    return out, broken


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _read_state(content: Path) -> dict[str, Any]:
    raw = _read_bytes(content / STATE)
    try:
        state = json.loads(raw) if raw else {}
    except json.JSONDecodeError:
        state = {}
    return state if isinstance(state, dict) else {}


class _Dumper(yaml.SafeDumper):
    """Block style, texts with line breaks as | blocks, keys in the record's order."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(kind: str, data: dict[str, Any], path: Path) -> bytes:
    """DATA as a record file at PATH: the schema line, then YAML the one reader reads back."""
    schema = os.path.relpath(SCHEMA_DIR / f"{kind}.schema.json", path.parent.resolve())
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    text = f"# yaml-language-server: $schema={schema}\n{body}"
    if parse_bytes(text.encode()).data != data:  # the one reader must read what was meant
        raise ValueError(f"{path}: YAML reads back differently")
    return text.encode()


def _first_problem(kind: str, data: dict[str, Any]) -> str | None:
    """Why DATA does not pass its schema (the first problem), or None."""
    if fast_validator_for(kind).is_valid(data):
        return None
    from catalogue.records.schemas import validator_for

    error = next(iter(validator_for(kind).iter_errors(data)))
    where = ".".join(str(p) for p in error.absolute_path) or "(Datensatz)"
    return f"passt nach dem Import nicht zum Schema ({where}: {error.message[:80]})"


def write(files: dict[Path, bytes]) -> None:
    """Write every file through a temporary file beside it; folders as needed."""
    temporary = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.import-tmp")
            tmp.write_bytes(data)
            temporary.append((tmp, path))
        for tmp, path in temporary:
            os.replace(tmp, path)
    finally:
        for tmp, _ in temporary:
            if tmp.exists():
                tmp.unlink()


_FIELD_NAMES = {
    "required_documents": "Unterlagen",
    "audiences": "Zielgruppe",
    "life_situations": "Lebenslage",
    "last_reviewed": "Prüfung (noch nicht geprüft)",
    "opening_hours": "Öffnungszeiten",
    "accessibility": "Barrierefreiheit",
    "phone": "Telefon",
    "email": "E-Mail",
    "fees": "Kosten",
}
_KIND_NAMES = {"service": "Leistung", "department": "Amt", "location": "Standort"}


def report_text(result: Plan, written: bool) -> str:
    lines = []
    counts: dict[str, int] = {}
    for o in result.outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
        head = f"{_KIND_NAMES[o.kind]} {o.id} (Quelle {o.source_id}): {o.status}"
        lines.append(head)
        if o.status == "neu":
            lines.append(f"  übernommen: {', '.join(o.came_in)}")
        if o.changed:
            lines.append(f"  von der Quelle geändert: {', '.join(o.changed)}")
        if o.kept:
            lines.append(
                f"  von Redaktion und Quelle geändert, Fassung der Redaktion behalten: "
                f"{', '.join(o.kept)}"
            )
        if o.missing:
            lines.append(f"  fehlt: {', '.join(_FIELD_NAMES.get(m, m) for m in o.missing)}")
        lines += [f"  zu entscheiden: {d}" for d in o.decide]
    for source_id, name, why in result.skipped:
        lines.append(f"übersprungen: {name} (Quelle {source_id}): {why}")
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    files = f"{len(result.files)} Dateien geschrieben" if written else "keine Datei geändert"
    lines.append(
        f"Import: {summary or 'keine Einträge'}, {len(result.skipped)} übersprungen; {files}."
    )
    return "\n".join(lines) + "\n"


def report_json(result: Plan) -> str:
    payload = {
        "records": [o.__dict__ for o in result.outcomes],
        "skipped": [{"source_id": s, "name": n, "reason": r} for s, n, r in result.skipped],
        "files_written": sorted(str(p) for p in result.files),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"

"""build.py codeowners: a CODEOWNERS file from the departments' editors, so owners approve changes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from catalogue.checks import reporter
from catalogue.checks.run import validate
from catalogue.model import Catalogue, Record

HEADER = (
    "# Erzeugt mit „python build.py codeowners --output CODEOWNERS“ aus dem Feld editors\n"
    "# der Ämter (content/departments/*.yaml). Nicht von Hand ändern, sondern neu erzeugen,\n"
    "# wenn sich editors ändert oder eine Leistung neu hinzukommt.\n"
)


def content_prefix(root: Path) -> str:
    """ROOT as seen from the repository root (the working directory), e.g. "/content"."""
    rel = os.path.relpath(root.resolve(), Path.cwd())
    rel = root.name if rel.startswith("..") else rel
    return "/" + Path(rel).as_posix().strip("/") if rel != "." else ""


def _department(record: Record | None) -> str | None:
    data = record.data if record is not None else None
    return data.get("department") if isinstance(data, dict) else None


def codeowners(catalogue: Catalogue, prefix: str) -> str:
    """The CODEOWNERS text: per department its own file, its services and their version files."""
    editors = {
        dept_id: list(record.data.get("editors") or [])
        for dept_id, record in sorted(catalogue.departments.items())
        if isinstance(record.data, dict)
    }
    names = {
        dept_id: str(record.data.get("name", dept_id))
        for dept_id, record in catalogue.departments.items()
        if isinstance(record.data, dict)
    }
    lines = [HEADER.rstrip("\n")]
    without = [d for d, owners in editors.items() if not owners]
    if without:
        lines.append("#")
        lines.append("# Ämter ohne editors (ihre Leistungen haben keine Pflicht-Freigabe):")
        lines += [f"#   {d} ({names[d]})" for d in without]
    for dept_id, owners in editors.items():
        if not owners:
            continue
        lines += ["", f"# {names[dept_id]} ({dept_id})"]
        lines.append(f"{prefix}/departments/{dept_id}.yaml {' '.join(owners)}")
        for service_id in sorted(catalogue.services):
            if _department(catalogue.services[service_id]) != dept_id:
                continue
            lines.append(f"{prefix}/services/{service_id}.yaml {' '.join(owners)}")
            # One line per pattern: in CODEOWNERS the last matching line wins, so a version
            # that moves the service to another department names both departments' editors.
            handles = _version_owners(catalogue, service_id, editors)
            lines.append(f"{prefix}/services/{service_id}@*.yaml {' '.join(handles)}")
    return "\n".join(lines) + "\n"


def _version_owners(
    catalogue: Catalogue, service_id: str, editors: dict[str, list[str]]
) -> list[str]:
    """Editors of the current department and of every version's department, without repeats."""
    records = [catalogue.services.get(service_id), *catalogue.versions.get(service_id, [])]
    handles: list[str] = []
    for record in records:
        handles += editors.get(_department(record) or "", [])
    return list(dict.fromkeys(handles))


def run_codeowners(root: Path, output: Path | None) -> int:
    """Write CODEOWNERS to OUTPUT (or stdout); refuses with exit 1 while records have errors."""
    result = validate(root)
    if result.errors:
        sys.stderr.write(reporter.render(result.errors, result.files, "text"))
        print("CODEOWNERS wurde nicht erzeugt: beheben Sie zuerst die Fehler.", file=sys.stderr)
        return 1
    text = codeowners(result.catalogue, content_prefix(root))
    if output is None:
        sys.stdout.write(text)
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)
    print(f"Geschrieben: {output}", file=sys.stderr)
    return 0

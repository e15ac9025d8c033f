"""Write a new service record with every required field and the schema line, for editors."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path

from catalogue.records.schemas import KINDS, SCHEMA_DIR

TEMPLATE = """\
# yaml-language-server: $schema=../../schema/service.schema.json
id: {id}
title: {title}
summary: >-
  Ein bis zwei Sätze, die sagen, worum es geht und wer die Leistung braucht (höchstens 300 Zeichen).
description: |
  Beschreiben Sie die Leistung in einfachen Sätzen. Markdown ist erlaubt, HTML nicht.
audiences:
  - citizens
life_situations:
  - {situation}
department: {department}
keywords:
  - Suchbegriff
required_documents:
  - name: Personalausweis oder Reisepass
fees:
  free: true
last_reviewed: {today}
"""


class ScaffoldError(Exception):
    """The id is unusable or the file exists already."""


@cache
def id_rule() -> tuple[re.Pattern[str], int]:
    """The service schema's id pattern and maximum length: `new` accepts what validate does.

    The length also keeps a version file's name, <id>@YYYY-MM-DD.yaml, far below the
    255 bytes file systems allow.
    """
    schema = json.loads((SCHEMA_DIR / KINDS["service"]).read_text(encoding="utf-8"))
    rule = schema["definitions"]["id"]
    return re.compile(rule["pattern"]), rule["maxLength"]


def scaffold(
    root: Path, service_id: str, department: str | None, today: dt.date | None = None
) -> Path:
    """Create content/services/<id>.yaml from the template and return its path."""
    pattern, longest = id_rule()
    if len(service_id) > longest:
        raise ScaffoldError(
            f"Die Kennung hat {len(service_id)} Zeichen, erlaubt sind höchstens {longest}; "
            "wählen Sie eine kürzere, z. B. hund-anmelden"
        )
    if not pattern.match(service_id):
        raise ScaffoldError(
            f"„{service_id}“ ist keine gültige Kennung: nur Kleinbuchstaben, Ziffern und "
            "Bindestriche, ohne Umlaute, z. B. hund-anmelden"
        )
    path = root / "services" / f"{service_id}.yaml"
    if path.exists():
        raise ScaffoldError(f"{path} gibt es schon; ändern Sie die vorhandene Datei")
    departments = sorted(p.stem for p in (root / "departments").glob("*.yaml"))
    if department is None:
        department = departments[0] if departments else "amt-kennung"
    elif department not in departments:
        raise ScaffoldError(
            f"Das Amt „{department}“ gibt es nicht; vorhanden: {', '.join(departments) or '(keine)'}"
        )
    situation = _first_situation(root)
    title = service_id.replace("-", " ").capitalize()
    path.write_text(
        TEMPLATE.format(
            id=service_id,
            title=title,
            department=department,
            situation=situation,
            today=(today or dt.date.today()).isoformat(),
        ),
        encoding="utf-8",
    )
    return path


def _first_situation(root: Path) -> str:
    path = root / "life-situations.yaml"
    if path.is_file():
        match = re.search(r"^-\s+id:\s*([a-z0-9-]+)", path.read_text(encoding="utf-8"), re.M)
        if match:
            return match.group(1)
    return "lebenslage-kennung"

"""Format problems for people (text) and machines (JSON, GitHub annotations, GitLab Code Quality)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from catalogue.model import ERROR, Problem
from catalogue.records.characters import UNWANTED, name

FORMATS = ("text", "json", "github", "gitlab")


def render(problems: Sequence[Problem], files: int, fmt: str = "text") -> str:
    """All PROBLEMS in FMT, ending with a summary line for text output."""
    return {"text": _text, "json": _json, "github": _github, "gitlab": _gitlab}[fmt](
        sorted(problems), files
    )


def summary(problems: Sequence[Problem], files: int) -> str:
    errors = sum(1 for p in problems if p.severity == ERROR)
    warnings = len(problems) - errors
    if not problems:
        return f"Alles in Ordnung: {files} Dateien geprüft, keine Probleme."
    return (
        f"{errors} Fehler, {warnings} {'Warnung' if warnings == 1 else 'Warnungen'} "
        f"in {files} geprüften Dateien."
    )


def line_of(problem: Problem) -> str:
    """One line: path:line: field: message (warnings say so)."""
    where = f"{problem.path}:{problem.line}:"
    field = f" {problem.field}:" if problem.field else ""
    label = "" if problem.severity == ERROR else " Warnung:"
    return visible(f"{where}{field}{label} {problem.message}")


def visible(text: str) -> str:
    """TEXT with every control or bidi character written as its name: one line, as it reads."""
    if not UNWANTED.search(text):
        return text
    return UNWANTED.sub(lambda m: name(m.group()), text)


def _text(problems: Sequence[Problem], files: int) -> str:
    return "\n".join([*(line_of(p) for p in problems), summary(problems, files)]) + "\n"


def _json(problems: Sequence[Problem], files: int) -> str:
    errors = sum(1 for p in problems if p.severity == ERROR)
    payload = {
        "files": files,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [p.as_dict() for p in problems],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(problems: Sequence[Problem], files: int) -> str:
    lines = []
    for p in problems:
        level = "error" if p.severity == ERROR else "warning"
        title = _escape_property(p.field or "Datei")
        lines.append(
            f"::{level} file={_escape_property(visible(p.path))},line={p.line},"
            f"title={visible(title)}::{visible(_escape_data(p.message))}"
        )
    lines.append(summary(problems, files))
    return "\n".join(lines) + "\n"


def _gitlab(problems: Sequence[Problem], files: int) -> str:
    report = []
    for p in problems:
        fingerprint = hashlib.sha256(
            f"{p.path}:{p.field}:{p.code}:{p.message}".encode()
        ).hexdigest()
        report.append(
            {
                "description": f"{p.field}: {p.message}" if p.field else p.message,
                "check_name": p.code,
                "fingerprint": fingerprint,
                "severity": "major" if p.severity == ERROR else "minor",
                "location": {"path": p.path, "lines": {"begin": p.line}},
            }
        )
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"

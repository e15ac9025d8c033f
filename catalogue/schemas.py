"""Load the JSON Schemas and check records against them with every format really checked."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft7Validator, FormatChecker

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"

KINDS = {
    "service": "service.schema.json",
    "department": "department.schema.json",
    "life-situations": "life-situations.schema.json",
    "search-synonyms": "search-synonyms.schema.json",
}

FORMATS = FormatChecker(formats=())
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


@FORMATS.checks("date", raises=ValueError)
def is_date(value: object) -> bool:
    """A real calendar date written as YYYY-MM-DD (2026-02-30 is refused)."""
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    dt.date.fromisoformat(value)
    return True


@FORMATS.checks("uri")
def is_uri(value: object) -> bool:
    """An absolute URL with a scheme and, for web links, a host; no spaces."""
    if not isinstance(value, str):
        return True
    if any(ch.isspace() for ch in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    if parts.scheme in ("http", "https"):
        return bool(parts.hostname)
    return bool(parts.scheme) and bool(parts.path)


@FORMATS.checks("email")
def is_email(value: object) -> bool:
    """A plain e-mail address such as buergerbuero@musterstadt.example."""
    return not isinstance(value, str) or bool(_EMAIL.fullmatch(value))


@cache
def schema_for(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / KINDS[kind]).read_text(encoding="utf-8"))


@cache
def validator_for(kind: str) -> Draft7Validator:
    schema = schema_for(kind)
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=FORMATS)

"""Load the JSON Schemas and check records against them with every format really checked."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import jsonschema_rs

if TYPE_CHECKING:  # python-jsonschema is imported only when a record fails (it takes 0.1 s)
    from jsonschema import Draft7Validator

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"

KINDS = {
    "service": "service.schema.json",
    "department": "department.schema.json",
    "location": "location.schema.json",
    "life-situations": "life-situations.schema.json",
    "search-synonyms": "search-synonyms.schema.json",
    "sign-language": "sign-language.schema.json",  # the videos in German Sign Language
    "cms": "cms.schema.json",  # content/cms.yaml, the editing interface (catalogue/site/admin.py)
    "page": "page.schema.json",  # the front matter of content/pages/*.md
    "site": "site.schema.json",  # content/site.yaml, the city's identity
}

_SPACE = re.compile(r"\s")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The common link, http(s)://host.name/anything-without-spaces: is_uri() is true for it
# without urlsplit (ten times slower); every other spelling goes through urlsplit.
_PLAIN_WEB_LINK = re.compile(r"https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?:[/?#]\S*)?")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


@lru_cache(maxsize=1 << 14)  # dates, links and addresses repeat across records
def is_date(value: object) -> bool:
    """A real calendar date written as YYYY-MM-DD (2026-02-30 is refused)."""
    if not isinstance(value, str):
        return True
    if not _DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=1 << 14)
def is_uri(value: object) -> bool:
    """An absolute URL with a scheme and, for web links, a host; no spaces."""
    if not isinstance(value, str):
        return True
    if _PLAIN_WEB_LINK.fullmatch(value):
        return True
    if _SPACE.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    if parts.scheme in ("http", "https"):
        return bool(parts.hostname)
    return bool(parts.scheme) and bool(parts.path)


@lru_cache(maxsize=1 << 14)
def is_email(value: object) -> bool:
    """A plain e-mail address such as buergerbuero@musterstadt.example."""
    return not isinstance(value, str) or bool(_EMAIL.fullmatch(value))


def _if_text(check: Callable[[str], bool], value: object) -> bool:
    return not isinstance(value, str) or check(value)


@cache
def schema_for(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / KINDS[kind]).read_text(encoding="utf-8"))


@cache
def validator_for(kind: str) -> Draft7Validator:
    """The reference validator: slow, but its errors carry everything a good message needs."""
    from jsonschema import Draft7Validator, FormatChecker

    formats = FormatChecker(formats=())
    for name, check in (("date", is_date), ("uri", is_uri), ("email", is_email)):
        # python-jsonschema checks formats on values of any type (a list is unhashable for
        # the checks' memo); a wrong type is reported by "type" anyway.
        formats.checks(name)(partial(_if_text, check))
    schema = schema_for(kind)
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=formats)


@cache
def fast_validator_for(kind: str) -> jsonschema_rs.Draft7Validator:
    """A compiled validator (about 250 times faster) with the same formats, for the common case.

    Valid records only pass through this one; a record it rejects is checked again by
    validator_for() to explain every problem.
    """
    return jsonschema_rs.Draft7Validator(
        schema_for(kind),
        formats={"date": is_date, "uri": is_uri, "email": is_email},
        validate_formats=True,
    )

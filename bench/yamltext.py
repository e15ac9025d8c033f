"""Write plain data as block-style YAML text, the way an editor would type it, quickly."""

from __future__ import annotations

import json
import re
from typing import Any

# Words that YAML 1.1 turns into booleans or null; they are quoted when meant as text.
_RESERVED = {"yes", "no", "on", "off", "y", "n", "true", "false", "null", "~"}
_PLAIN = re.compile(r"[A-Za-zÄÖÜäöüß§(][^\n\"'#\[\]{}|>*&!%@`]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


_DATE_KEYS = {"last_reviewed", "valid_from", "valid_until"}
_TEXT_CACHE: dict[str, str] = {}


def scalar(value: Any, key: str = "") -> str:
    """One scalar as YAML: plain where safe, dates unquoted, everything else double-quoted."""
    if isinstance(value, str):
        if key in _DATE_KEYS and _DATE.fullmatch(value):
            return value
        text = _TEXT_CACHE.get(value)
        if text is None:
            text = _text(value)
            if len(_TEXT_CACHE) < 100_000:
                _TEXT_CACHE[value] = text
        return text
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.2f}"
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


def _text(value: str) -> str:
    if (
        _PLAIN.fullmatch(value)
        and ": " not in value
        and not value.endswith((":", " "))
        and value.lower() not in _RESERVED
    ):
        return value
    return json.dumps(value, ensure_ascii=False)


def dump(data: dict[str, Any], header: str = "") -> str:
    """A whole document: optional header comment line, then the mapping."""
    lines = [header] if header else []
    _mapping(data, "", lines)
    lines.append("")
    return "\n".join(lines)


def dump_list(items: list[Any], header: str = "") -> str:
    """A document whose top level is a sequence (life-situations.yaml)."""
    lines = [header] if header else []
    _sequence(items, "", lines)
    lines.append("")
    return "\n".join(lines)


def _mapping(data: dict[str, Any], indent: str, lines: list[str], first: str = "") -> None:
    prefix = first or indent
    for key, value in data.items():
        _entry(f"{prefix}{key}:", key, value, indent, lines)
        prefix = indent


def _entry(head: str, key: str, value: Any, indent: str, lines: list[str]) -> None:
    if isinstance(value, dict):
        lines.append(head)
        _mapping(value, indent + "  ", lines)
    elif isinstance(value, list):
        if not value:
            lines.append(f"{head} []")
        else:
            lines.append(head)
            _sequence(value, indent + "  ", lines)
    elif isinstance(value, str) and "\n" in value:
        lines.append(f"{head} |" if value.endswith("\n") else f"{head} |-")
        inner = indent + "  "
        lines.extend(f"{inner}{line}" if line else "" for line in value.rstrip("\n").split("\n"))
    else:
        lines.append(f"{head} {scalar(value, key)}")


def _sequence(items: list[Any], indent: str, lines: list[str]) -> None:
    for item in items:
        if isinstance(item, dict):
            _mapping(item, indent + "  ", lines, first=indent + "- ")
        elif isinstance(item, str) and "\n" in item:
            _entry(f"{indent}-", "", item, indent + "  ", lines)
        else:
            lines.append(f"{indent}- {scalar(item)}")

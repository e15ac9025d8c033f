"""Compact, deterministic JSON text: the one encoder of the open data, search files and JSON-LD."""

from __future__ import annotations

import json
from typing import Any


def compact_json(value: Any) -> str:
    """VALUE as JSON without spaces, keys sorted, non-ASCII kept as UTF-8 text."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

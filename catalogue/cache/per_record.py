"""Values derived from one record, kept while the preview keeps that record.

The preview loads the catalogue again after every save, but the record cache hands out
the same data dict for every file whose bytes did not change. So what is derived from a
record alone (its open-data line, its CSV row, its search words) needs to be worked out
again only for the records that changed. A full build starts with an empty PerRecord and
gains nothing, and loses almost nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

T = TypeVar("T")


class PerRecord:
    """MAKE() for a record's DATA dict and EXTRA inputs, remembered by the dict's identity.

    The dict itself is held in the entry, so its id cannot be reused by another dict while
    the entry lives; EXTRA holds everything else the value depends on (a department's name,
    the site's address...), compared by equality. ``sweep()`` forgets the entries that were
    not asked for since the last sweep (records deleted or changed).
    """

    def __init__(self) -> None:
        self._entries: dict[int, tuple[Mapping, Any, Any]] = {}
        self._asked: set[int] = set()

    def get(self, data: Mapping, extra: Any, make: Callable[[], T]) -> T:
        key = id(data)
        self._asked.add(key)
        entry = self._entries.get(key)
        if entry is not None and entry[0] is data and entry[1] == extra:
            return entry[2]
        value = make()
        self._entries[key] = (data, extra, value)
        return value

    def sweep(self) -> None:
        self._entries = {k: v for k, v in self._entries.items() if k in self._asked}
        self._asked = set()

    def retain(self, records: Iterable[dict]) -> None:
        """Forget the entries of every dict but RECORDS (for memos that are never swept)."""
        alive = {id(data) for data in records}
        self._entries = {k: v for k, v in self._entries.items() if k in alive}

    def __len__(self) -> int:
        return len(self._entries)

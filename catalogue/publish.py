"""Select what the site shows on a given day: the applying version of every unexpired service."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata

from .freshness import Status, effective_versions
from .model import Announcement, Catalogue, PublishedCatalogue, PublishedService

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


@functools.lru_cache(maxsize=1 << 15)  # the same titles again on every preview rebuild
def sort_key(title: str) -> tuple[str, str]:
    """German dictionary order (DIN 5007-1): Ä sorts with A, ß as ss; ties broken by the title."""
    folded = unicodedata.normalize("NFC", title).casefold().translate(_FOLD)
    return folded, title


def publish(
    catalogue: Catalogue, today: dt.date, statuses: dict[str, Status] | None = None
) -> PublishedCatalogue:
    """The catalogue as published on TODAY; expects a catalogue without errors.

    STATUSES: effective_versions(catalogue, TODAY) when the caller has it (check()'s result).
    """
    if statuses is None:
        statuses = effective_versions(catalogue, today)
    services = []
    for status in statuses.values():
        if status.expired:
            continue
        services.append(
            PublishedService(
                data=status.effective.data,
                upcoming=[
                    Announcement(dt.date.fromisoformat(v.version_date), v.data["change_note"])
                    for v in status.upcoming
                ],
                review_due=status.review_due,
                stale=status.stale,
            )
        )
    services.sort(key=lambda s: sort_key(s.data["title"]))
    situations = catalogue.life_situations.data if catalogue.life_situations else []
    synonyms = catalogue.synonyms.data if catalogue.synonyms and catalogue.synonyms.valid else {}
    return PublishedCatalogue(
        today=today,
        services=services,
        departments={k: r.data for k, r in sorted(catalogue.departments.items())},
        life_situations=list(situations),
        synonyms=synonyms or {},
    )

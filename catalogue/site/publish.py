"""Select what the site shows on a given day: the applying version of every unexpired service."""

from __future__ import annotations

import datetime as dt

from catalogue.checks.freshness import Status, effective_versions
from catalogue.model import Announcement, Catalogue, PublishedCatalogue, PublishedService
from catalogue.site.formatting import sort_key


def by_title(services: list[PublishedService]) -> list[PublishedService]:
    """SERVICES in German A–Z order of their titles (formatting.sort_key), ties by id."""
    return sorted(services, key=lambda s: (sort_key(s.data["title"]), s.id))


def offered_at(service: dict, departments: dict[str, dict]) -> list[str]:
    """The location ids where SERVICE is offered: its own list, else its department's place."""
    if service.get("locations"):
        return list(service["locations"])
    own = departments.get(service["department"], {}).get("location")
    return [own] if own else []


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
                    Announcement(v.version_day, v.data["change_note"]) for v in status.upcoming
                ],
                review_due=status.review_due,
                stale=status.stale,
            )
        )
    situations = catalogue.life_situations.data if catalogue.life_situations else []
    videos = catalogue.sign_language
    synonyms = catalogue.synonyms.data if catalogue.synonyms and catalogue.synonyms.valid else {}
    return PublishedCatalogue(
        today=today,
        services=by_title(services),
        departments={k: r.data for k, r in sorted(catalogue.departments.items())},
        life_situations=list(situations),
        synonyms=synonyms or {},
        videos=list(videos.data["videos"]) if videos is not None and videos.valid else [],
        cms=dict(catalogue.cms.data) if catalogue.cms and catalogue.cms.valid else {},
        site=dict(catalogue.settings),
        locations={k: r.data for k, r in sorted(catalogue.locations.items())},
    )

"""The site as a list of pages, each with the plain values its template shows, and nothing else.

A page is a pure function of its template and of the values planned for it here: the
layout every page shares (city, site name, publisher, footer) and its own values (a
record's data, a department, the entries of a list). The templates see exactly these
values, so the digest of them (catalogue.cache.store.digest) is the page's key: an input
a template could read but the key left out cannot exist. (A record or department goes
into the key as its digest, worked out once per build from the same value, so a service
page's key does not encode its record a second time.)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from catalogue.cache.store import digest
from catalogue.model import PublishedService
from catalogue.records.media import PAGE as SIGN_LANGUAGE_PAGE
from catalogue.site.feeds import changed_on
from catalogue.site.views import Views


@dataclass(frozen=True)
class PlannedPage:
    """One page: root-relative path, template, last change (for the sitemap), values, key."""

    path: str
    template: str
    lastmod: str | None
    values: dict[str, Any]
    key: bytes = b""  # digest of the layout, the template and the values (see plan())

    @property
    def save_as(self) -> str:
        """The output-relative file: /a-z/ is a-z/index.html, /404.html is 404.html."""
        path = self.path.lstrip("/")
        return path + "index.html" if self.path.endswith("/") else path


def item(service: PublishedService) -> dict[str, Any]:
    """What a list shows of a service (macros/service_list.html)."""
    data = service.data
    return {
        "id": service.id,
        "title": data["title"],
        "summary": data["summary"],
        "online_service": data.get("online_service"),
    }


def layout(views: Views, site: dict[str, Any]) -> dict[str, Any]:
    """What every page shows: the city's identity (content/site.yaml, SITE, and the names the
    templates use for its parts; the tel filter its calling code), the prose pages of header
    and footer."""
    values = {
        "SITE": site,
        "CITY": site["city"],
        "SITENAME": site["title"],
        "SITEURL": site_url(site),
        "PUBLISHER": site["publisher"],
    }
    values["prose"] = sorted(views.pages)
    values["footer_pages"] = [{"url": p.url, "title": p.title} for p in views.footer_pages]
    return values


def site_url(site: dict[str, Any]) -> str:
    """site.yaml's base URL without a final /: the address of absolute links."""
    return str(site["base_url"]).rstrip("/")


def _head(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k != "services"}


def _with_items(entry: dict[str, Any], items: dict[str, dict]) -> dict[str, Any]:
    """A department or life situation: its data, and its services as list entries."""
    return _head(entry) | {"services": [items[s.id] for s in entry["services"]]}


def record_digests(services: list[PublishedService]) -> dict[str, bytes]:
    """Each service's digest of its data, once per build, for every key that includes it."""
    return {s.id: digest(s.data) for s in services}


def plan(views: Views) -> list[PlannedPage]:
    """Every page of the site, in a fixed order, with its own values; keyed by Keys."""
    return _pages(views)


class Keys:
    """A page's key: the digest of CODE (code_fingerprint()), the layout SHARED, the template
    and the values; a service's record and department by their digests (RECORDS:
    record_digests(), or None: each worked out when its page is keyed, in whichever process
    renders it)."""

    def __init__(
        self, shared: dict[str, Any], code: str, records: dict[str, bytes] | None = None
    ) -> None:
        self.base = digest(code, shared)
        self.records = records
        self.departments: dict[str, bytes] = {}  # by id: one department's data in one build

    def __call__(self, page: PlannedPage) -> PlannedPage:
        """PAGE with its key."""
        inputs = page.values
        if page.template == "service":
            data, department = inputs["s"], inputs["department"]
            inputs = inputs | {
                "s": digest(data) if self.records is None else self.records[data["id"]],
                "department": None if department is None else self._department(department),
            }
        return dataclasses.replace(page, key=digest(self.base, page.template, inputs))

    def _department(self, department: dict[str, Any]) -> bytes:
        known = self.departments.get(department["id"])
        if known is None:
            known = self.departments[department["id"]] = digest(department)
        return known


def _pages(views: Views) -> list[PlannedPage]:
    """The pages of plan(), without their keys."""
    items = {s.id: item(s) for s in views.services}
    topics = [_head(t) for t in views.life_situations]
    pages = [
        PlannedPage(
            "/", "index", None, {"featured": _items(views.featured, items), "topics": topics}
        )
    ]
    pages += [
        PlannedPage(
            f"/lebenslagen/{t['id']}/", "life_situation", None, {"topic": _with_items(t, items)}
        )
        for t in views.life_situations
    ]
    letters = [[letter, _items(services, items)] for letter, services in views.letters]
    pages.append(
        PlannedPage("/a-z/", "a_z", None, {"letters": letters, "count": len(views.services)})
    )
    pages.append(PlannedPage("/online/", "online", None, {"online": _items(views.online, items)}))
    departments = [_head(d) | {"count": len(d["services"])} for d in views.departments]
    pages.append(
        PlannedPage(
            "/aemter/",
            "departments",
            None,
            {"departments": departments, "has_locations": bool(views.locations)},
        )
    )
    pages += [
        PlannedPage(
            f"/aemter/{d['id']}/", "department", None, {"department": _with_items(d, items)}
        )
        for d in views.departments
    ]
    if views.locations:
        heads = [_head(p) for p in views.locations]
        pages.append(PlannedPage("/standorte/", "locations", None, {"locations": heads}))
    pages += [
        PlannedPage(f"/standorte/{p['id']}/", "location", None, {"location": _with_items(p, items)})
        for p in views.locations
    ]
    by_department = {d["id"]: _head(d) for d in views.departments}
    pages += [
        PlannedPage(
            f"/leistungen/{s.id}/",
            "service",
            changed_on(s),
            {
                "service": {
                    "id": s.id,
                    "stale": s.stale,
                    "upcoming": [
                        {"valid_from": a.valid_from, "change_note": a.change_note}
                        for a in s.upcoming
                    ],
                },
                "s": s.data,
                "department": by_department.get(s.data["department"]),
                "related": _items(views.related[s.id], items),
                "topics": views.topics_of[s.id],
                "videos": views.videos_of.get(s.id, []),
                "locations": views.locations_of[s.id],
            },
        )
        for s in views.services
    ]
    pages.append(PlannedPage("/suche/", "search", None, {"topics": topics}))
    easy = [{"id": s.id, "title": s.data["title"]} for s in views.easy_language]
    signed = [{"id": s.id, "title": s.data["title"]} for s in views.signed]
    for page in views.pages.values():
        values: dict[str, Any] = {
            "page": {
                "slug": page.slug,
                "title": page.title,
                "summary": page.summary,
                "body": page.body,
            }
        }
        template = "page"
        if page.slug == "leichte-sprache":
            values["easy_language"] = easy
        if page.slug == SIGN_LANGUAGE_PAGE:  # its text, then the videos in sign language
            template = "sign_language"
            values |= {"videos": views.sign_language, "signed": signed}
        pages.append(PlannedPage(page.url, template, None, values))
    pages.append(PlannedPage("/404.html", "404", None, {}))
    return pages


def _items(services: list[PublishedService], items: dict[str, dict]) -> list[dict[str, Any]]:
    return [items[s.id] for s in services]

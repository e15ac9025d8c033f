"""sitemap.xml, robots.txt and the Atom change feed, with timestamps from the records, not the clock."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from catalogue.model import PublishedService
from catalogue.site.atom import Feed
from catalogue.site.formatting import date_short

_NO_CHANGE = dt.datetime(1970, 1, 1)  # an empty feed's <updated>: 1970-01-01T00:00:00Z


def changed_on(service: PublishedService) -> str | None:
    """The day a service last changed: the later of last_reviewed and valid_from.

    None for a record with neither (imported, never reviewed): no date is made up for it.
    """
    data = service.data
    days = [day for day in (data.get("last_reviewed"), data.get("valid_from")) if day]
    return max(days) if days else None


def sitemap_xml(site_url: str, entries: list[tuple[str, str | None]]) -> bytes:
    """ENTRIES are (root-relative path, lastmod date or None); output sorted by path."""
    base = site_url.rstrip("/")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for path, lastmod in sorted(set(entries)):
        lines.append(f"<url><loc>{escape(base + path)}</loc>")
        if lastmod:
            lines[-1] += f"<lastmod>{lastmod}</lastmod>"
        lines[-1] += "</url>"
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(site_url: str) -> bytes:
    """robots.txt: everything may be crawled; where the sitemap is."""
    return f"User-agent: *\nDisallow:\n\nSitemap: {site_url.rstrip('/')}/sitemap.xml\n".encode()


def _midnight(day: str, timezone: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), ZoneInfo(timezone))


def atom_feed(
    services: list[PublishedService],
    *,
    site_url: str,
    title: str,
    timezone: str,
    max_items: int,
) -> bytes:
    """Newest changes first (ties by id); an entry per service, announcing upcoming versions."""
    base = site_url.rstrip("/")
    dated = [(day, s) for s in services if (day := changed_on(s)) is not None]
    dated.sort(key=lambda pair: pair[1].id)
    dated.sort(key=lambda pair: pair[0], reverse=True)
    feed = Feed(
        title=f"{title}: geänderte Leistungen",
        link=base + "/",
        feed_id=base + "/feed.xml",
        feed_url=base + "/feed.xml",
        language="de",
        author_name=title,
        updated=_midnight(dated[0][0], timezone) if dated else _NO_CHANGE,
    )
    for day, service in dated[:max_items]:
        url = f"{base}/leistungen/{service.id}/"
        summary = service.data["summary"]
        for note in service.upcoming:
            summary += f" Ab {date_short(note.valid_from)}: {note.change_note}"
        feed.add_entry(
            title=service.data["title"],
            link=url,
            entry_id=url,
            updated=_midnight(day, timezone),
            summary=summary,
        )
    return feed.to_bytes()

"""Review report: services due, stale, expired, never reviewed or incomplete, per department."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from catalogue.checks.completeness import FACT_NAMES, missing_service_facts
from catalogue.checks.freshness import effective_versions
from catalogue.model import Catalogue
from catalogue.site.atom import Feed
from catalogue.site.formatting import sort_key
from catalogue.site.opendata import spreadsheet_text

_FEED_ID = "urn:servicekatalog:review"
STATUS_TEXT = {
    "expired": "abgelaufen",
    "stale": "überfällig",
    "due": "bald fällig",
    "unreviewed": "noch nicht geprüft",
    "incomplete": "unvollständig",
}
COLUMNS = (
    "department",
    "department_name",
    "contact_email",
    "contact_phone",
    "service",
    "title",
    "file",
    "status",
    "last_reviewed",
    "review_due",
    "valid_until",
    "missing",
)


def review_rows(catalogue: Catalogue, today: dt.date) -> list[dict[str, str]]:
    """One row per service and finding, sorted by department, status and title.

    A service is expired, stale, due or never reviewed (at most one of these), and
    incomplete beside that when it leaves required facts unknown (column "missing").
    """
    rows: list[dict[str, str]] = []
    for service_id, status in effective_versions(catalogue, today).items():
        data = status.effective.data
        states = []
        if status.expired:
            states.append("expired")
        elif status.stale:
            states.append("stale")
        elif status.due:
            states.append("due")
        elif status.review_due is None:
            states.append("unreviewed")
        missing = [k for k in missing_service_facts(data) if k != "last_reviewed"]
        if missing and not status.expired:
            states.append("incomplete")
        department = catalogue.departments.get(data["department"])
        dept = department.data if department is not None and department.valid else {}
        rows.extend(
            {
                "department": data["department"],
                "department_name": dept.get("name", data["department"]),
                "contact_email": dept.get("email", ""),
                "contact_phone": dept.get("phone", ""),
                "service": service_id,
                "title": data["title"],
                "file": status.effective.rel,
                "status": state,
                "last_reviewed": data.get("last_reviewed", ""),
                "review_due": status.review_due.isoformat() if status.review_due else "",
                "valid_until": data.get("valid_until", ""),
                "missing": ", ".join(FACT_NAMES[k] for k in missing)
                if state == "incomplete"
                else "",
            }
            for state in states
        )
    order = {"expired": 0, "stale": 1, "due": 2, "unreviewed": 3, "incomplete": 4}
    rows.sort(
        key=lambda r: (sort_key(r["department_name"]), order[r["status"]], sort_key(r["title"]))
    )
    return rows


def review_report(catalogue: Catalogue, today: dt.date, fmt: str, atom: Path | None = None) -> str:
    """The report in FMT (text, csv, json); also writes an Atom feed to ATOM if given."""
    rows = review_rows(catalogue, today)
    if atom is not None:
        atom.write_text(review_atom(rows, today), encoding="utf-8")
    if fmt == "json":
        payload = {"today": today.isoformat(), "items": rows}
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        # Departments open it in a spreadsheet: a title or contact starting with = + - @
        # is written as text, as in the open data (OWASP, CSV injection).
        writer.writerows({k: spreadsheet_text(v) for k, v in row.items()} for row in rows)
        return buffer.getvalue()
    return _text(rows, today)


def _text(rows: list[dict[str, str]], today: dt.date) -> str:
    if not rows:
        return f"Prüfbericht zum {today:%d.%m.%Y}: keine Leistung ist fällig, überfällig, abgelaufen, ungeprüft oder unvollständig.\n"
    count = "1 Leistung braucht" if len(rows) == 1 else f"{len(rows)} Leistungen brauchen"
    out = [f"Prüfbericht zum {today:%d.%m.%Y}: {count} Aufmerksamkeit.", ""]
    current = None
    for row in rows:
        if row["department"] != current:
            current = row["department"]
            if len(out) > 2:
                out.append("")
            contact = ", ".join(c for c in (row["contact_email"], row["contact_phone"]) if c)
            out.append(f"{row['department_name']} ({contact or 'kein Kontakt eingetragen'})")
        out.append(f"  - {_what(row)}: {row['title']} ({row['file']})")
    return "\n".join(out) + "\n"


def _summary(row: dict[str, str]) -> str:
    """An Atom entry's text: the review dates, or what is missing; then file and contact."""
    if row["status"] in ("unreviewed", "incomplete"):
        head = _what(row)[:1].upper() + _what(row)[1:]
    else:
        head = f"Zuletzt geprüft {row['last_reviewed']}, Prüfung fällig {row['review_due']}"
    return f"{head}. Datei: {row['file']}. Kontakt: {row['contact_email']}"


def _what(row: dict[str, str]) -> str:
    """ "überfällig seit 01.02.2026", "unvollständig (Unterlagen, Kosten)", "noch nicht geprüft"."""
    status = row["status"]
    if status == "incomplete":
        return f"{STATUS_TEXT[status]} ({row['missing']})"
    if status == "unreviewed":
        return STATUS_TEXT[status]
    when = row["valid_until"] if status == "expired" else row["review_due"]
    day = dt.date.fromisoformat(when).strftime("%d.%m.%Y")
    return f"{STATUS_TEXT[status]} {'am' if status == 'due' else 'seit'} {day}"


def review_atom(rows: list[dict[str, str]], today: dt.date) -> str:
    """An Atom feed of the review items, for editors who subscribe; deterministic for TODAY.

    The report has no web address: the feed and its entries link to their own urn: ids.
    """
    stamp = dt.datetime.combine(today, dt.time())  # written as TODAYT00:00:00Z
    feed = Feed(
        title="Prüfbericht Dienstleistungskatalog",
        link=_FEED_ID,
        feed_id=_FEED_ID,
        language="de",
        author_name="Dienstleistungskatalog",
        updated=stamp,
    )
    for row in rows:
        entry_id = f"{_FEED_ID}:{row['service']}:{row['status']}:{row['review_due']}"
        feed.add_entry(
            title=f"{STATUS_TEXT[row['status']]}: {row['title']} ({row['department_name']})",
            link=entry_id,
            entry_id=entry_id,
            updated=stamp,
            summary=_summary(row),
        )
    return feed.to_bytes().decode("utf-8")

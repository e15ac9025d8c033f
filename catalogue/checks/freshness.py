"""Freshness relative to a given day: which version applies, and what is due, stale or expired."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass

from catalogue.model import ERROR, WARNING, Catalogue, Problem, Record

DUE_WINDOW_DAYS = 30
DEFAULT_REVIEW_INTERVAL_MONTHS = 12


@functools.lru_cache(maxsize=1 << 14)  # few distinct dates; asked twice per service per rebuild
def add_months(day: dt.date, months: int) -> dt.date:
    """DAY plus MONTHS, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_date(data: dict, default_months: int = DEFAULT_REVIEW_INTERVAL_MONTHS) -> dt.date | None:
    """When DATA must next be reviewed; None for a record never reviewed (no last_reviewed)."""
    if "last_reviewed" not in data:
        return None
    months = data.get("review_interval_months", default_months)
    return add_months(dt.date.fromisoformat(data["last_reviewed"]), months)


@dataclass
class Status:
    """Where one service stands on a given day."""

    effective: Record  # the file whose text applies today
    superseded: list[Record]  # older files of the same service, to be deleted
    upcoming: list[Record]  # version files that take effect later
    review_due: dt.date | None  # None: never reviewed (an imported record, say)
    due: bool
    stale: bool
    expired: bool


def effective_versions(catalogue: Catalogue, today: dt.date) -> dict[str, Status]:
    """For every valid service: the applying version and its freshness on TODAY."""
    out: dict[str, Status] = {}
    months = catalogue.settings.get("review_interval_months", DEFAULT_REVIEW_INTERVAL_MONTHS)
    for service_id, current in catalogue.services.items():
        if not current.valid:
            continue
        versions = [v for v in catalogue.versions.get(service_id, []) if v.valid]
        started = [v for v in versions if v.version_day <= today]
        later = [v for v in versions if v.version_day > today]
        chain = [current, *started]
        effective = chain[-1]
        data = effective.data
        review = review_date(data, months)
        until = data.get("valid_until")
        out[service_id] = Status(
            effective=effective,
            superseded=chain[:-1],
            upcoming=later,
            review_due=review,
            due=review is not None
            and today <= review <= today + dt.timedelta(days=DUE_WINDOW_DAYS),
            stale=review is not None and review < today,
            expired=bool(until) and dt.date.fromisoformat(until) < today,
        )
    return out


def freshness_problems(
    statuses: dict[str, Status],
    mode: str,
    changed: set[str] | None = None,
) -> list[Problem]:
    """Problems per SPEC §4: MODE is "check" or "build"; CHANGED limits stale errors to those files."""
    problems: list[Problem] = []
    for status in statuses.values():
        record = status.effective
        data = record.data
        strict = mode == "check" and (changed is None or record.rel in changed)
        for old in status.superseded:
            problems.append(
                Problem(
                    old.rel,
                    1,
                    "",
                    f"Diese Fassung gilt nicht mehr: seit {record.version_date} gilt "
                    f"{record.path.name}. " + _superseded_fix(old, record),
                    WARNING,
                    "superseded",
                )
            )
        if status.expired:
            problems.append(
                Problem(
                    record.rel,
                    record.line_of(("valid_until",)),
                    "valid_until",
                    f"Die Leistung ist seit {_de(data['valid_until'])} abgelaufen und wird nicht mehr "
                    "veröffentlicht. Löschen Sie die Datei (und Verweise unter related).",
                    ERROR if strict else WARNING,
                    "expired",
                )
            )
            continue
        if status.review_due is None or not (status.stale or status.due):
            continue  # a record never reviewed is reported by completeness
        line = record.line_of(("last_reviewed",))
        due_text = status.review_due.strftime("%d.%m.%Y")
        if status.stale:
            problems.append(
                Problem(
                    record.rel,
                    line,
                    "last_reviewed",
                    f"Die Prüfung war am {due_text} fällig (zuletzt geprüft {_de(data['last_reviewed'])}). "
                    "Prüfen Sie den Text mit dem Amt und setzen Sie last_reviewed auf das Prüfdatum.",
                    ERROR if strict else WARNING,
                    "stale",
                )
            )
        elif status.due:
            problems.append(
                Problem(
                    record.rel,
                    line,
                    "last_reviewed",
                    f"Die nächste Prüfung ist am {due_text} fällig. Prüfen Sie den Text bald "
                    "und setzen Sie dann last_reviewed auf das Prüfdatum.",
                    WARNING,
                    "due",
                )
            )
    return problems


def _superseded_fix(old: Record, new: Record) -> str:
    if old.version_date is None:
        return (
            f"Übernehmen Sie den Inhalt von {new.path.name} in diese Datei (ohne valid_from "
            "und change_note) und löschen Sie dann die Datei mit dem @-Datum."
        )
    return "Löschen Sie diese Datei."


def _de(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d.%m.%Y")

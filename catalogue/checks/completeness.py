"""Which required facts a record leaves unknown: warnings, or errors where site.yaml asks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalogue.model import ERROR, WARNING, Catalogue, Problem, Record

#: A service's facts the master plan requires, absent = unknown: key -> what is missing.
SERVICE_FACTS = {
    "required_documents": "Unterlagen unbekannt: tragen Sie sie ein, oder [] für keine",
    "fees": "Kosten unbekannt: tragen Sie sie ein, oder {free: true} für kostenlos",
    "audiences": "Zielgruppe unbekannt: tragen Sie citizens und/oder businesses ein",
    "life_situations": "keine Lebenslage: ordnen Sie die Leistung mindestens einer zu",
    "last_reviewed": "noch nicht geprüft: prüfen Sie den Text mit dem Amt und setzen Sie "
    "last_reviewed auf das Prüfdatum",
}
#: A location's facts, absent = unknown.
PLACE_FACTS = {
    "opening_hours": "Öffnungszeiten unbekannt: tragen Sie sie ein, oder times: [] mit "
    "einem Hinweis, wenn es keine festen gibt",
}
ACCESS_FACTS = {
    "step_free": "stufenloser Zugang unbekannt (true oder false)",
    "lift": "Aufzug unbekannt (true oder false)",
    "accessible_wc": "barrierefreies WC unbekannt (true oder false)",
}
#: Short German names of the facts, for the review report.
FACT_NAMES = {
    "required_documents": "Unterlagen",
    "fees": "Kosten",
    "audiences": "Zielgruppe",
    "life_situations": "Lebenslage",
    "last_reviewed": "Prüfung",
    "opening_hours": "Öffnungszeiten",
    "accessibility.step_free": "stufenloser Zugang",
    "accessibility.lift": "Aufzug",
    "accessibility.accessible_wc": "barrierefreies WC",
}


def missing_service_facts(data: dict[str, Any]) -> list[str]:
    """The keys of SERVICE_FACTS that DATA leaves unknown, in that order."""
    return [key for key in SERVICE_FACTS if key not in data]


def missing_place_facts(data: dict[str, Any]) -> list[str]:
    """What a location leaves unknown, as dotted keys."""
    missing = [key for key in PLACE_FACTS if key not in data]
    access = data.get("accessibility") or {}
    missing += [f"accessibility.{key}" for key in ACCESS_FACTS if key not in access]
    return missing


def completeness_problems(catalogue: Catalogue, mode: str = "check") -> list[Problem]:
    """One problem per unknown required fact of every valid current record.

    A warning, or an error when site.yaml says completeness: error and MODE is "check"
    (a build publishes what is known and says what is not).
    """
    strict = catalogue.settings.get("completeness") == "error" and mode == "check"
    severity = ERROR if strict else WARNING
    problems: list[Problem] = []
    for record in catalogue.services.values():
        if record.valid:
            problems.extend(_service(record, severity))
    for record in catalogue.locations.values():
        if record.valid:
            problems.extend(_place(record, severity))
    for record in catalogue.departments.values():
        if record.valid and not ({"phone", "email"} & record.data.keys()):
            contact = "Kontakt unbekannt: tragen Sie phone oder email ein (die Seiten nennen sie, wo eine Angabe fehlt)"
            problems.append(
                Problem(
                    record.rel, 1, "phone", f"Fehlende Angabe: {contact}", severity, "incomplete"
                )
            )
    return problems


def _service(record: Record, severity: str) -> Iterator[Problem]:
    for key in missing_service_facts(record.data):
        code = "unreviewed" if key == "last_reviewed" else "incomplete"
        yield Problem(record.rel, 1, key, f"Fehlende Angabe: {SERVICE_FACTS[key]}", severity, code)


def _place(record: Record, severity: str) -> Iterator[Problem]:
    for key in missing_place_facts(record.data):
        if key.startswith("accessibility."):
            text = ACCESS_FACTS[key.split(".", 1)[1]]
            line = record.line_of(("accessibility",))
        else:
            text, line = PLACE_FACTS[key], 1
        yield Problem(record.rel, line, key, f"Fehlende Angabe: {text}", severity, "incomplete")

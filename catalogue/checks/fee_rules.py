"""The fee forms the schema leaves open: one amount form per item, ranges that rise."""

from __future__ import annotations

from collections.abc import Iterator

from catalogue.model import ERROR, Problem, Record

AMOUNT_FORMS = ("amount", "amount_from", "text")


def fee_problems(record: Record) -> Iterator[Problem]:
    """Problems of a valid service's fees: no form at all, several forms, a falling range."""
    fees = record.data.get("fees")
    if not isinstance(fees, dict) or fees.get("free"):
        return
    if not fees.get("items") and "text" not in fees:
        yield _problem(
            record,
            ("fees",),
            "braucht Posten (items) oder einen Text (text). Kostenlos: {free: true}; "
            "sind die Kosten unbekannt, lassen Sie fees ganz weg",
        )
    for i, item in enumerate(fees.get("items", [])):
        forms = [key for key in AMOUNT_FORMS if key in item]
        if not forms:
            yield _problem(
                record,
                ("fees", "items", i),
                "braucht einen Betrag: amount (fest, z. B. 12.50), amount_from (ab, mit "
                "amount_to eine Spanne) oder text (z. B. nach Aufwand)",
            )
        elif len(forms) > 1:
            yield _problem(
                record,
                ("fees", "items", i),
                f"hat mehrere Betragsformen ({', '.join(forms)}); wählen Sie eine",
            )
        if "amount_to" in item and "amount_from" not in item:
            yield _problem(
                record,
                ("fees", "items", i, "amount_to"),
                "gilt nur zusammen mit amount_from (eine Spanne „von … bis …“)",
            )
        elif "amount_to" in item and item["amount_to"] <= item["amount_from"]:
            yield _problem(
                record,
                ("fees", "items", i, "amount_to"),
                f"muss größer sein als amount_from ({item['amount_from']})",
            )


def _problem(record: Record, path: tuple, message: str) -> Problem:
    from catalogue.records.yamlsafe import dotted

    return Problem(record.rel, record.line_of(path), dotted(path), message, ERROR, "fees")

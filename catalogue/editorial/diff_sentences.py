"""Compare two versions of one service record and describe each change in a German sentence."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from catalogue.site.formatting import channel, date_short, fee_amount, money

# Field labels as editors know them from the schema's titles.
LABELS = {
    "official_name": "Amtliche Bezeichnung",
    "description": "Beschreibung",
    "audiences": "Zielgruppen",
    "life_situations": "Lebenslagen",
    "keywords": "Suchbegriffe",
    "leika": "LeiKa-Schlüssel",
    "prerequisites": "Voraussetzungen",
    "procedure": "Ablauf",
    "processing_time": "Bearbeitungsdauer",
    "deadlines": "Fristen",
    "legal_basis": "Rechtsgrundlagen",
    "forms": "Formulare",
    "appointment_url": "Terminbuchung",
    "related": "Verwandte Leistungen",
    "easy_language": "Leichte Sprache",
    "featured": "Auf der Startseite",
    "review_interval_months": "Prüfintervall",
    "valid_from": "Gültig ab",
    "change_note": "Änderungshinweis",
}
# Keys that describe the file rather than the service; a version file always differs in them.
VERSION_KEYS = ("valid_from", "change_note", "last_reviewed")


@dataclass(frozen=True)
class Change:
    """One change to one service: „Gebühren: Hund anmelden, erster Hund 96,00 € → 108,00 €“."""

    category: str  # "Gebühren", "Neue Leistung", …
    title: str  # the service's title (new one if it changed)
    detail: str = ""
    field: str = ""  # the record key, "" for whole-record changes
    valid_from: str | None = None  # "YYYY-MM-DD" when the change takes effect later

    @property
    def text(self) -> str:
        """The full sentence, for the text summary and the change feed."""
        return f"{self.category}: {self.title}" + self._tail(", ")

    @property
    def short(self) -> str:
        """The sentence without the title, for lists grouped under the service."""
        return self.category + self._tail(": ")

    def _tail(self, first: str) -> str:
        parts = [self.detail] if self.detail else []
        if self.valid_from:
            parts.append(f"ab {_day(self.valid_from)}")
        return first + ", ".join(parts) if parts else ""


def compare(
    old: dict[str, Any],
    new: dict[str, Any],
    valid_from: str | None = None,
    department_name: Callable[[str], str] = str,
    skip: tuple[str, ...] = (),
) -> list[Change]:
    """Every change from OLD to NEW, in record field order; VALID_FROM dates them."""
    title = _text(new.get("title") or old.get("title") or new.get("id"))
    out: list[Change] = []

    def add(category: str, detail: str = "", field: str = "") -> None:
        out.append(Change(category, title, detail, field, valid_from))

    keys = [k for k in dict.fromkeys([*old, *new]) if k not in skip and k != "id"]
    for key in keys:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if key == "title":
            add("Titel", f"bisher „{_text(before)}“", key)
        elif key == "summary":
            add("Kurzbeschreibung", f"neu: „{_text(after)}“", key)
        elif key == "department":
            add(
                "Zuständigkeit",
                _arrow(department_name(str(before)), department_name(str(after))),
                key,
            )
        elif key == "fees":
            for detail in _fees(before, after):
                add("Gebühren", detail, key)
        elif key == "required_documents":
            for detail in _named(before, after, "name"):
                add("Unterlagen", detail, key)
        elif key == "online_service":
            _online(add, before, after)
        elif key == "valid_until":
            if after:
                add("Leistung endet", f"letzter Tag {_day(after)}", key)
            else:
                add("Leistung endet nicht mehr", f"bisher bis {_day(before)}", key)
        elif key == "last_reviewed":
            add("Geprüft", f"am {_day(after)}" if after else "Prüfdatum entfernt", key)
        elif key in ("forms", "legal_basis"):
            for detail in _named(before, after, "title"):
                add(LABELS[key], detail, key)
        elif key == "appointment_url":
            add("Terminbuchung", _link_change(before, after), key)
        else:
            add(LABELS.get(key, key), "geändert" if before and after else _presence(after), key)
    return out


def _fees(before: Any, after: Any) -> Iterator[str]:
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    if after.get("free") and not before.get("free"):
        yield "jetzt gebührenfrei"
        return
    if before.get("free") and not after.get("free"):
        items = ", ".join(_fee(i) for i in _items(after).values())
        yield f"bisher gebührenfrei, jetzt {items}" if items else "nicht mehr gebührenfrei"
        return
    old_items, new_items = _items(before), _items(after)
    for label, item in new_items.items():
        if label not in old_items:
            yield f"neu: {_fee(item)}"
            continue
        prior = old_items[label]
        if [prior.get(k) for k in _AMOUNTS] != [item.get(k) for k in _AMOUNTS]:
            yield f"{label} {_arrow(_amount(prior), _amount(item))}"
        elif prior != item:
            yield f"{label}: Angaben geändert"
    for label in old_items:
        if label not in new_items:
            yield f"entfällt: {label}"
    for key, name in (
        ("text", "Kostentext"),
        ("note", "Hinweis"),
        ("payment_methods", "Zahlungsarten"),
    ):
        if before.get(key) != after.get(key):
            yield f"{name} geändert"


def _items(fees: dict) -> dict[str, dict]:
    items = fees.get("items")
    if not isinstance(items, list):
        return {}
    return {  # a label with its channel: "Zulassung (online)" and "Zulassung (vor Ort)" differ
        (_text(i.get("label")) or f"Posten {n + 1}")
        + (f" ({channel(str(i['channel']))})" if i.get("channel") else ""): i
        for n, i in enumerate(items)
        if isinstance(i, dict)
    }


_AMOUNTS = ("amount", "amount_from", "amount_to", "text")


def _amount(item: dict) -> str:
    """ "12,00 €", "ab 27,10 €", "7,00 € bis 9,00 €" or the text; as written if malformed."""
    try:
        return fee_amount(item, unit=False)
    except (TypeError, KeyError):
        return _money(item.get("amount"))


def _fee(item: dict) -> str:
    per = f" je {item['per']}" if item.get("per") else ""
    return f"{_text(item.get('label'))} {_amount(item)}{per}"


def _named(before: Any, after: Any, key: str) -> Iterator[str]:
    """Changes in a list of dicts identified by KEY (documents by name, forms by title)."""
    old = {_text(i.get(key)): i for i in before or [] if isinstance(i, dict)}
    new = {_text(i.get(key)): i for i in after or [] if isinstance(i, dict)}
    for name, item in new.items():
        if name not in old:
            yield f"neu: {name}"
        elif old[name] != item:
            prior = old[name]
            if bool(prior.get("optional")) != bool(item.get("optional")):
                yield f"{name} jetzt {'nur bei Bedarf' if item.get('optional') else 'immer nötig'}"
            elif prior.get("url") != item.get("url"):
                yield f"{name}: Link {_arrow(prior.get('url'), item.get('url'))}"
            else:
                yield f"{name}: Hinweis geändert"
    for name in old:
        if name not in new:
            yield f"entfällt: {name}"
    if list(old) != list(new) and set(old) == set(new):
        yield "Reihenfolge geändert"


def _online(add: Callable[..., None], before: Any, after: Any) -> None:
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    if not before:
        add("Neuer Online-Antrag", _text(after.get("url")), "online_service")
    elif not after:
        add("Online-Antrag entfernt", f"bisher {_text(before.get('url'))}", "online_service")
    elif before.get("url") != after.get("url"):
        add(
            "Online-Antrag", f"Link {_arrow(before.get('url'), after.get('url'))}", "online_service"
        )
    else:
        add("Online-Antrag", "Beschriftung oder Anmeldung geändert", "online_service")


def _link_change(before: Any, after: Any) -> str:
    if before and after:
        return f"Link {_arrow(before, after)}"
    return f"neu: {after}" if after else "entfernt"


def _presence(after: Any) -> str:
    return "ergänzt" if after not in (None, "", [], {}) else "entfernt"


def _arrow(before: Any, after: Any) -> str:
    return f"{_text(before)} → {_text(after)}"


def _money(amount: Any) -> str:
    if isinstance(amount, int | float) and not isinstance(amount, bool):
        return money(amount)
    return _text(amount)


def _day(value: Any) -> str:
    try:
        return date_short(value)
    except (TypeError, ValueError):
        return _text(value)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()

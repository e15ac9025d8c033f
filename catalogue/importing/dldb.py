"""Map a DLDB export (Berlin's and Munich's format) to service, department and location records.

Only what the export says comes in: no documents, no accessibility, no opening hours, no
review date. What an editor must decide is listed per record (Record.decide).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import html2text

from catalogue.checks.links import link_allowed
from catalogue.importing.export import Reader

SYSTEM = "dldb"
_SLUG = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_INVISIBLE = str.maketrans({"\u200b": "", "\ufeff": "", "\u00ad": "", "\u00a0": " "})
_PHONE = re.compile(r"^\+?[0-9][0-9 /()-]{4,30}$")
_LEIKA = re.compile(r"^[0-9]{14}$")
_EURO = r"(\d{1,3}(?:\.\d{3})*(?:,\d{1,2})?|\d+(?:,\d{1,2})?)\s*(?:Euro|EUR|€)"
_FREE = re.compile(r"^(kostenlos|kostenfrei|gebührenfrei|keine gebühren?)\.?$", re.I)
_FIXED = re.compile(rf"^{_EURO}\.?(?:\s*\((?P<note>[^()]*)\))?$", re.I)
_FROM = re.compile(rf"^ab\s+{_EURO}\.?(?:\s*\((?P<note>[^()]*)\))?$", re.I)
_RANGE = re.compile(
    r"^(\d+(?:,\d{1,2})?)\s*(?:bis|-|–)\s*" + _EURO + r"\.?(?:\s*\((?P<note>[^()]*)\))?$", re.I
)
_ITEM = re.compile(r"^[-*]?\s*(?P<label>[^:]{2,120}):\s*(?P<rest>.+)$")


@dataclass
class Imported:
    """One record as the export gives it, with what the import report says about it."""

    kind: str  # "service", "department", "location"
    id: str
    data: dict[str, Any]
    source_id: str
    decide: list[str] = field(default_factory=list)  # what an editor must decide


@dataclass
class Mapped:
    """Everything one export gives: records, skipped entries and their reasons."""

    records: list[Imported] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (source id, name, why)


def slug(text: str) -> str:
    """Kebab-case id from a German name: "Gewerbe-Anmeldung" -> "gewerbe-anmeldung"."""
    out = re.sub(r"[^a-z0-9]+", "-", text.lower().translate(_SLUG)).strip("-")
    return out[:80].rstrip("-") or "ohne-namen"


def markdown(html_text: str) -> str:
    """The export's HTML as the project's Markdown (html2text, pinned): tables become lines
    of text (Markdown tables are refused), links the checks would refuse become their text."""
    converter = html2text.HTML2Text()
    converter.body_width = 0
    converter.ignore_images = True
    converter.ignore_tables = True
    converter.unicode_snob = True
    converter.single_line_break = False
    # a table's cells become "a; b" lines (html2text would run them together)
    html_text = re.sub(r"</t[dh]\s*>", "; ", html_text, flags=re.I)
    html_text = re.sub(r"</tr\s*>", "<br>", html_text, flags=re.I)
    text = converter.handle(html_text).translate(_INVISIBLE)
    text = re.sub(r"\[([^\]\n]*)\]\(([^)\s]*)\)", _keep_allowed_link, text)
    lines = [line.rstrip().removesuffix(";").rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _keep_allowed_link(match: re.Match) -> str:
    label, target = match.group(1), match.group(2)
    return match.group(0) if link_allowed(target) and label.strip() else label


def plain(text: str) -> str:
    """Markdown reduced to plain text, for a summary or a fee text."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`#>]+", "", text)
    text = re.sub(r"^\s*(?:[-+]|\d+\.)\s+", "", text, flags=re.M)
    return re.sub(r"\s+", " ", text).strip()


def summary_of(description: str) -> str | None:
    """The first sentences of DESCRIPTION, 20 to 300 characters, or None."""
    text = plain(description).replace("<", "").replace(">", "")
    out = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if len(out) + len(sentence) + 1 > 300:
            break
        out = f"{out} {sentence}".strip()
        if len(out) >= 80:
            break
    if len(out) < 20:
        out = text[:297].rsplit(" ", 1)[0] + " …" if len(text) > 300 else text
    return out if 20 <= len(out) <= 300 else None


def _euro(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def fees_of(html_text: str, title: str) -> tuple[dict[str, Any], str]:
    """The export's fee text as a fees record and what was made of it.

    Recognised: free ("kostenlos", "gebührenfrei"), one amount, "ab" an amount, a range, and
    lines "label: amount" each of those forms; anything else is kept as text, word for word.
    """
    text = plain(markdown(html_text))
    lines = [plain(line) for line in markdown(html_text).splitlines() if plain(line)]
    if _FREE.match(text):
        return {"free": True}, "kostenlos (steht so in der Quelle)"
    single = _amount(text, "Gebühr" if len(title) > 200 else title)
    if single is not None:
        return {"items": [single]}, "ein Betrag"
    items: list[dict[str, Any]] = []
    for line in lines:
        parts = _ITEM.match(line)
        item = _amount(parts["rest"], parts["label"].strip()) if parts else None
        if item is None:
            items = []
            break
        items.append(item)
    if items:
        return {"items": items}, f"{len(items)} Posten"
    return {"text": "\n".join(lines)[:1000]}, (
        "als Text übernommen: prüfen, ob sich Beträge eintragen lassen"
    )


def _amount(text: str, label: str) -> dict[str, Any] | None:
    item: dict[str, Any] = {"label": label[:200]}
    text = text.strip().rstrip(".")
    if found := _RANGE.match(text):
        item["amount_from"], item["amount_to"] = _euro(found[1]), _euro(found[2])
        if item["amount_to"] <= item["amount_from"]:
            return None
    elif found := _FROM.match(text):
        item["amount_from"] = _euro(found[1])
    elif found := _FIXED.match(text):
        item["amount"] = _euro(found[1])
    elif _FREE.match(text):
        item["amount"] = 0.0
        return item
    else:
        return None
    if found["note"]:
        item["note"] = found["note"].strip()[:1000]
    return item


def _https(url: Any) -> str | None:
    if not isinstance(url, str):
        return None
    url = url.strip()
    parts = urlsplit(url)
    return url if parts.scheme == "https" and parts.hostname and " " not in url else None


def _resolve(url: str | None, **ids: str) -> str | None:
    """A link with DLDB placeholders ({serviceId}, {locationId}) filled in."""
    if url is None:
        return None
    for name, value in ids.items():
        url = url.replace("{" + name + "}", value)
    return None if "{" in url else _https(url)


def _links(reader: Reader, node: dict, path: str, key: str) -> list[dict[str, str]]:
    out = []
    for i, item in enumerate(reader.get(node, path, key, list) or []):
        where = f"{path}.{key}[{i}]"
        if not isinstance(item, dict):
            reader.fail(where, "muss ein Objekt mit name und link sein")
            continue
        name = reader.get(item, where, "name", str)
        url = _https(reader.get(item, where, "link", str))
        if name and url and len(name.strip()) >= 2:
            out.append({"title": name.strip()[:200], "url": url})
    return out


def map_export(services: Any, locations: Any | None, reader: Reader, places: Reader) -> Mapped:
    """Records from the parsed exports; every wrong shape is noted in READER / PLACES."""
    mapped = Mapped()
    known_places = _locations(locations, places) if locations is not None else {}
    used: set[str] = set()
    departments: dict[str, Imported] = {}
    ids: dict[str, str] = {}
    for path, entry in reader.entries(services):
        source_id = reader.get(entry, path, "id", (str, int), required=True)
        name = reader.get(entry, path, "name", str, required=True)
        if source_id is None or name is None:
            continue
        source_id = str(source_id)
        if reader.get(entry, path, "public", bool) is not True:
            mapped.skipped.append((source_id, name, "nicht öffentlich"))
            continue
        record = _service(reader, path, entry, source_id, name.strip(), known_places, used)
        if record is None:
            mapped.skipped.append((source_id, name, "keine Beschreibung"))
            continue
        if record.id in ids.values():  # two services of the same name: the source id decides
            record.id = f"{record.id[: 79 - len(source_id)]}-{source_id}"
        ids[source_id] = record.id
        record.data["id"] = record.id
        for path_a, authority in _authorities(reader, path, entry):
            dep = departments.setdefault(authority.id, authority)
            dep.data.setdefault("_first", path_a)
        mapped.records.append(record)
    for dep in departments.values():
        dep.data.pop("_first", None)
        mapped.records.append(dep)
    # a place is taken when any of its ids is used; it is named by its first id (source_id)
    taken = {place.source_id for place_id, place in known_places.items() if place_id in used}
    for place_id, place in sorted(known_places.items()):
        if place.source_id != place_id:
            continue  # a second entry of the same place: mapped once, under its first id
        if place.source_id in taken:
            mapped.records.append(place)
        else:
            mapped.skipped.append(
                (place.source_id, place.data["name"], "keine öffentliche Leistung")
            )
    return mapped


def _authorities(reader: Reader, path: str, entry: dict) -> list[tuple[str, Imported]]:
    out = []
    for i, authority in enumerate(reader.get(entry, path, "authorities", list) or []):
        where = f"{path}.authorities[{i}]"
        if not isinstance(authority, dict):
            reader.fail(where, "muss ein Objekt sein")
            continue
        name = reader.get(authority, where, "name", str, required=True)
        source_id = reader.get(authority, where, "id", (str, int), required=True)
        if not name or source_id is None:
            continue
        data: dict[str, Any] = {"id": slug(name), "name": name.strip()[:120]}
        if website := _https(reader.get(authority, where, "webinfo", str)):
            data["website"] = website
        data["source"] = {"system": SYSTEM, "id": str(source_id)}
        decide = ["Telefon und E-Mail fehlen in der Quelle: eintragen (die Seiten nennen sie)"]
        out.append((where, Imported("department", data["id"], data, str(source_id), decide)))
    return out


def _service(
    reader: Reader,
    path: str,
    entry: dict,
    source_id: str,
    name: str,
    places: dict[str, Imported],
    used: set[str],
) -> Imported | None:
    html_description = reader.get(entry, path, "description", str)
    description = markdown(html_description or "")
    if len(description) < 1:
        return None
    title = name if len(name) <= 80 else name[:79].rsplit(" ", 1)[0] + "…"
    data: dict[str, Any] = {"id": slug(name), "title": title}
    decide = []
    if title != name:
        data["official_name"] = name[:200]
        decide.append("Titel gekürzt: kürzeren Titel wählen")
    summary = summary_of(description)
    if summary is None:
        summary = f"{title}: Informationen zu dieser Leistung."
    data["summary"] = summary
    decide.append("Kurzbeschreibung aus dem Anfang der Beschreibung: prüfen")
    data["description"] = description
    authorities = _authorities(reader, path, entry)
    if authorities:
        data["department"] = authorities[0][1].id
    else:
        reader.fail(f"{path}.authorities", "fehlt oder ist leer (jede Leistung braucht ein Amt)")
        return None
    meta = reader.get(entry, path, "meta", dict) or {}
    keywords = reader.get(meta, f"{path}.meta", "keywords", str) or ""
    words = [w.strip() for w in keywords.split(",") if 2 <= len(w.strip()) <= 60]
    if words := list(dict.fromkeys(w for w in words if w.casefold() != title.casefold())):
        data["keywords"] = words
    leika = reader.get(entry, path, "leika", (str, int))
    keys = [k.strip() for k in str(leika or "").split(",") if _LEIKA.match(k.strip())]
    if keys:
        data["leika"] = list(dict.fromkeys(keys))
    offered = []
    for i, at in enumerate(reader.get(entry, path, "locations", list) or []):
        where = f"{path}.locations[{i}]"
        place_id = reader.get(at, where, "location", (str, int)) if isinstance(at, dict) else None
        if place_id is None:
            continue
        place = places.get(str(place_id))
        if place is None:
            decide.append(f"Standort {place_id} fehlt in der Standortdatei: nicht übernommen")
            continue
        used.add(str(place_id))
        offered.append(place.id)
    if offered:
        data["locations"] = list(dict.fromkeys(offered))
    fees_html = reader.get(entry, path, "fees", str)
    if fees_html and plain(markdown(fees_html)):
        data["fees"], how = fees_of(fees_html, title)
        if "text" in data["fees"]:
            decide.append(f"Kosten {how}")
    forms = _links(reader, entry, path, "forms")
    if forms:
        data["forms"] = forms
    # Munich's export repeats its forms under links: a link that is a form is listed once
    if links := [link for link in _links(reader, entry, path, "links") if link not in forms]:
        data["links"] = links
    appointment = reader.get(entry, path, "appointment", dict) or {}
    link = reader.get(appointment, f"{path}.appointment", "link", str)
    if url := _resolve(link, serviceId=source_id):
        data["appointment_url"] = url
    source: dict[str, Any] = {"system": SYSTEM, "id": source_id}
    if url := _resolve(reader.get(meta, f"{path}.meta", "url", str), serviceId=source_id):
        source["url"] = url
    data["source"] = source
    decide.append("Lebenslage und Zielgruppe zuordnen")
    return Imported("service", data["id"], data, source_id, decide)


def _locations(export: Any, reader: Reader) -> dict[str, Imported]:
    out: dict[str, Imported] = {}
    seen: set[str] = set()
    for path, entry in reader.entries(export):
        source_id = reader.get(entry, path, "id", (str, int), required=True)
        name = reader.get(entry, path, "displayName", str) or reader.get(
            entry, path, "name", str, required=True
        )
        address = reader.get(entry, path, "address", dict, required=True)
        if source_id is None or not name or address is None:
            continue
        source_id = str(source_id)
        same = _same_place(out, name, address)
        if same is not None:  # one office listed twice (two booking queues): one location
            out[source_id] = same
            same.decide.append(f"Quelle {source_id} ist derselbe Ort: zusammengefasst")
            continue
        ident, n = slug(name), 2
        while ident in seen:
            ident, n = f"{slug(name)[:76]}-{n}", n + 1
        seen.add(ident)
        data: dict[str, Any] = {"id": ident, "name": name.strip()[:120]}
        others = [reader.get(entry, path, "name", str) or ""]
        others += [a for a in reader.get(entry, path, "displayNameAlternatives", list) or []]
        alternates = [a.strip()[:120] for a in others if isinstance(a, str) and len(a.strip()) >= 2]
        if alternates := [a for a in dict.fromkeys(alternates) if a != data["name"]]:
            data["alternate_names"] = alternates
        where = f"{path}.address"
        street = " ".join(
            str(reader.get(address, where, key, (str, int)) or "").strip()
            for key in ("street", "house_number")
        ).strip()
        postal = str(reader.get(address, where, "postal_code", (str, int), required=True) or "")
        city = reader.get(address, where, "city", str, required=True) or ""
        if len(street) < 3 or not re.fullmatch(r"[0-9]{5}", postal) or len(city) < 2:
            reader.fail(where, "Straße, fünfstellige Postleitzahl und Ort werden gebraucht")
            continue
        data["address"] = {"street": street, "postal_code": postal, "city": city.strip()}
        contact = reader.get(entry, path, "contact", dict) or {}
        decide = []
        for key in ("phone", "fax"):
            value = reader.get(contact, f"{path}.contact", key, str)
            if value and _PHONE.match(value.strip()):
                data[key] = value.strip()
            elif value:
                decide.append(f"{key} „{value}“ ist keine Telefonnummer: nicht übernommen")
        email = reader.get(contact, f"{path}.contact", "email", str)
        if email and re.fullmatch(
            r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", email.strip()
        ):
            data["email"] = email.strip()
        if website := _https(reader.get(contact, f"{path}.contact", "webinfo", str)):
            data["website"] = website
        meta = reader.get(entry, path, "meta", dict) or {}
        if url := _resolve(reader.get(meta, f"{path}.meta", "url", str), locationId=source_id):
            data["appointment_url"] = url
        geo = reader.get(entry, path, "geo", dict)
        if geo and (position := _geo(geo)):
            data["geo"] = position
        data["source"] = {"system": SYSTEM, "id": source_id}
        decide.append("Öffnungszeiten und Barrierefreiheit fehlen in der Quelle: eintragen")
        out[source_id] = Imported("location", ident, data, source_id, decide)
    return out


def _same_place(known: dict[str, Imported], name: str, address: dict) -> Imported | None:
    """The location already mapped with NAME at ADDRESS's street, number and postal code."""
    street = f"{address.get('street', '')} {address.get('house_number', '')}".strip()
    for place in known.values():
        there = place.data["address"]
        if place.data["name"] == name.strip()[:120] and (there["street"], there["postal_code"]) == (
            street,
            str(address.get("postal_code", "")),
        ):
            return place
    return None


def _geo(geo: dict) -> dict[str, float] | None:
    try:
        lat, lon = float(geo.get("lat", "")), float(geo.get("lon", ""))
    except (TypeError, ValueError):
        return None
    if -90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0.0, 0.0):
        return {"lat": round(lat, 6), "lon": round(lon, 6)}
    return None

"""schema.org GovernmentService JSON-LD for one service, safe to embed in a <script> data block."""

from __future__ import annotations

from typing import Any

from catalogue.site.formatting import audience, channel
from catalogue.site.jsontext import compact_json


def service_jsonld(
    service: dict[str, Any],
    department: dict[str, Any] | None,
    *,
    url: str,
    city: str,
    locations: list[dict[str, Any]] | None = None,
    own: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The GovernmentService object for SERVICE (record data) at absolute URL.

    LOCATIONS: where it is offered (one ServiceChannel each); OWN: the department's own
    location, whose address is the provider's. Only facts the records state are written.
    """
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "@id": url,
        "url": url,
        "name": service["title"],
        "description": service["summary"],
        "areaServed": {"@type": "City", "name": city},
        "audience": [
            {"@type": "Audience", "audienceType": audience(a)} for a in service.get("audiences", [])
        ],
    }
    if service.get("last_reviewed"):  # never reviewed: no date is claimed
        data["dateModified"] = service["last_reviewed"]
    if service.get("official_name"):
        data["alternateName"] = service["official_name"]
    identifiers = [
        {"@type": "PropertyValue", "propertyID": "LeiKa", "value": key}
        for key in service.get("leika", [])
    ]
    if service.get("source"):  # an imported record: its id in the source system
        source = service["source"]
        identifiers.append(
            {"@type": "PropertyValue", "propertyID": source["system"], "value": source["id"]}
        )
    if identifiers:
        data["identifier"] = identifiers
    if service.get("links"):
        data["subjectOf"] = [
            {"@type": "WebPage", "name": link["title"], "url": link["url"]}
            for link in service["links"]
        ]
    if department:
        data["provider"] = _organisation(department, own)
    channels = []
    if service.get("online_service"):
        channels.append(
            {
                "@type": "ServiceChannel",
                "name": service["online_service"].get("label", "Online beantragen"),
                "serviceUrl": service["online_service"]["url"],
            }
        )
    for place in locations or []:
        channel_data: dict[str, Any] = {
            "@type": "ServiceChannel",
            "name": f"Vor Ort: {place['name']}",
            "serviceLocation": _place(place),
        }
        phone = place.get("phone") or (department or {}).get("phone")
        if phone:
            channel_data["servicePhone"] = {"@type": "ContactPoint", "telephone": phone}
        channels.append(channel_data)
    if channels:
        data["availableChannel"] = channels
    return data


def _address(place: dict[str, Any]) -> dict[str, Any]:
    address = place["address"]
    return {
        "@type": "PostalAddress",
        "streetAddress": address["street"],
        "postalCode": address["postal_code"],
        "addressLocality": address["city"],
        "addressCountry": "DE",
    }


def _place(place: dict[str, Any]) -> dict[str, Any]:
    """schema.org Place (GovernmentOffice) for a location, with geo only when given."""
    data: dict[str, Any] = {
        "@type": "GovernmentOffice",
        "name": place["name"],
        "address": _address(place),
    }
    if place.get("alternate_names"):
        data["alternateName"] = place["alternate_names"]
    for key, name in (("phone", "telephone"), ("fax", "faxNumber"), ("email", "email")):
        if place.get(key):
            data[name] = place[key]
    if place.get("geo"):
        geo = place["geo"]
        data["geo"] = {"@type": "GeoCoordinates", "latitude": geo["lat"], "longitude": geo["lon"]}
    return data


def _organisation(department: dict[str, Any], own: dict[str, Any] | None) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "GovernmentOrganization", "name": department["name"]}
    for key, name in (("phone", "telephone"), ("fax", "faxNumber"), ("email", "email")):
        if department.get(key):
            data[name] = department[key]
    if own:
        data["address"] = _address(own)
    return data


def offer(fees: dict[str, Any]) -> dict[str, Any]:
    """schema.org Offer for FEES: price 0 when free, else a PriceSpecification per item
    (price, or minPrice/maxPrice for "ab" and ranges; UnitPriceSpecification with unitText
    for "je …"; an item's text, channel and note as its description)."""
    result: dict[str, Any] = {"@type": "Offer", "priceCurrency": "EUR"}
    if fees.get("free"):
        result["price"] = 0
        return result
    specs = []
    for item in fees.get("items", []):
        spec: dict[str, Any] = {
            "@type": "UnitPriceSpecification" if item.get("per") else "PriceSpecification",
            "name": item["label"],
        }
        if "amount" in item:
            spec["price"] = item["amount"]
        if "amount_from" in item:
            spec["minPrice"] = item["amount_from"]
        if "amount_to" in item:
            spec["maxPrice"] = item["amount_to"]
        if "text" not in item:
            spec["priceCurrency"] = "EUR"
        if item.get("per"):
            spec["unitText"] = item["per"]
        said = [
            item.get("text"),
            f"Antragsweg: {channel(item['channel'])}" if item.get("channel") else None,
            item.get("note"),
        ]
        if any(said):
            spec["description"] = ". ".join(text for text in said if text)
        specs.append(spec)
    if specs:
        result["priceSpecification"] = specs
    if fees.get("text"):
        result["description"] = fees["text"]
    return result


def script_json(data: Any) -> str:
    """JSON for a <script type="application/ld+json"> block: <, > and & escaped as \\u003c etc."""
    text = compact_json(data)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )

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
) -> dict[str, Any]:
    """The GovernmentService object for SERVICE (record data) at absolute URL."""
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
    if service.get("leika"):
        data["identifier"] = [
            {"@type": "PropertyValue", "propertyID": "LeiKa", "value": key}
            for key in service["leika"]
        ]
    if department:
        address = department["address"]
        data["provider"] = {
            "@type": "GovernmentOrganization",
            "name": department["name"],
            "telephone": department["phone"],
            "email": department["email"],
            "address": {
                "@type": "PostalAddress",
                "streetAddress": address["street"],
                "postalCode": address["postal_code"],
                "addressLocality": address["city"],
                "addressCountry": "DE",
            },
        }
    if "fees" in service:  # unknown fees: no offer is claimed
        data["offers"] = offer(service["fees"])
    channels = []
    if service.get("online_service"):
        channels.append(
            {
                "@type": "ServiceChannel",
                "name": service["online_service"].get("label", "Online beantragen"),
                "serviceUrl": service["online_service"]["url"],
            }
        )
    if department:
        channels.append(
            {
                "@type": "ServiceChannel",
                "name": f"Vor Ort: {department['name']}",
                "servicePhone": {"@type": "ContactPoint", "telephone": department["phone"]},
            }
        )
    if channels:
        data["availableChannel"] = channels
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

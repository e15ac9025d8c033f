"""schema.org GovernmentService JSON-LD for one service, safe to embed in a <script> data block."""

from __future__ import annotations

from typing import Any

from catalogue.site.formatting import audience
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

"""Fee forms as readers and machines see them: the amount text, the CSV text, the JSON-LD offer."""

from __future__ import annotations

import pytest

from catalogue.site.formatting import fee_amount, fees_text
from catalogue.site.jsonld import offer


@pytest.mark.parametrize(
    ("item", "shown"),
    [
        ({"label": "x", "amount": 12.5}, "12,50 €"),
        ({"label": "x", "amount_from": 27.1}, "ab 27,10 €"),
        ({"label": "x", "amount_from": 7, "amount_to": 1500}, "7,00 € bis 1.500,00 €"),
        ({"label": "x", "amount_from": 0.5, "per": "Seite"}, "ab 0,50 € je Seite"),
        ({"label": "x", "text": "nach Aufwand"}, "nach Aufwand"),
    ],
)
def test_each_amount_form_reads_as_german_text(item, shown):
    assert fee_amount(item) == shown


def test_the_csv_text_keeps_channel_and_text():
    fees = {
        "items": [
            {"label": "Zulassung", "amount": 30.8, "channel": "on_site"},
            {"label": "Zulassung", "amount": 27.3, "channel": "online"},
        ],
        "text": "Im Einzelfall weitere Gebühren.",
    }
    assert fees_text(fees) == (
        "Zulassung (vor Ort): 30,80 €; Zulassung (online): 27,30 €; Im Einzelfall weitere Gebühren."
    )
    assert fees_text({"text": "abhängig vom jeweiligen Härtefall"}) == (
        "abhängig vom jeweiligen Härtefall"
    )


def test_json_ld_uses_price_specifications_with_min_and_max():
    got = offer(
        {
            "items": [
                {"label": "Erlaubnis", "amount_from": 200, "amount_to": 1500},
                {"label": "Kopie", "amount_from": 0.5, "per": "Seite"},
                {"label": "Versand", "text": "nach Aufwand"},
            ]
        }
    )
    assert got == {
        "@type": "Offer",
        "priceCurrency": "EUR",
        "priceSpecification": [
            {
                "@type": "PriceSpecification",
                "name": "Erlaubnis",
                "minPrice": 200,
                "maxPrice": 1500,
                "priceCurrency": "EUR",
            },
            {
                "@type": "UnitPriceSpecification",
                "name": "Kopie",
                "minPrice": 0.5,
                "priceCurrency": "EUR",
                "unitText": "Seite",
            },
            {"@type": "PriceSpecification", "name": "Versand", "description": "nach Aufwand"},
        ],
    }
    assert offer({"free": True}) == {"@type": "Offer", "priceCurrency": "EUR", "price": 0}
    text_only = offer({"text": "nach Aufwand"})
    assert text_only == {"@type": "Offer", "priceCurrency": "EUR", "description": "nach Aufwand"}


def test_the_change_summary_names_the_new_fee_forms():
    from catalogue.editorial.diff_sentences import compare

    old = {
        "title": "Zulassung",
        "fees": {
            "items": [
                {"label": "Zulassung", "amount": 30.8, "channel": "on_site"},
                {"label": "Zulassung", "amount": 27.3, "channel": "online"},
            ]
        },
    }
    new = {
        "title": "Zulassung",
        "fees": {
            "items": [
                {"label": "Zulassung", "amount_from": 31.8, "channel": "on_site"},
                {"label": "Zulassung", "amount": 27.3, "channel": "online"},
            ],
            "text": "Im Einzelfall weitere Gebühren.",
        },
    }
    details = [change.detail for change in compare(old, new)]
    assert details == ["Zulassung (vor Ort) 30,80 € → ab 31,80 €", "Kostentext geändert"]

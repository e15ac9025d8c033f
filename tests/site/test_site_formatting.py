"""The plain presentation helpers behind the template filters, and the prose-page reader."""

from __future__ import annotations

import datetime as dt

import pytest

from catalogue.records.pages import load_pages, parse_page
from catalogue.site import formatting as f
from catalogue.site.jsonld import script_json
from tests.conftest import SITE_FIXTURE


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (12.5, "12,50 €"),
        (1234, "1.234,00 €"),
        (0, "0,00 €"),
        (1000000, "1.000.000,00 €"),
        (22.8, "22,80 €"),
        (0.005, "0,01 €"),
    ],
)
def test_money(amount, text):
    assert f.money(amount) == text


def test_money_refuses_text():
    with pytest.raises(TypeError):
        f.money("zwölf")


def test_dates():
    assert f.date_short("2027-01-01") == "01.01.2027"
    assert f.date_long("2027-01-01") == "1. Januar 2027"
    assert f.date_long(dt.date(2026, 3, 12)) == "12. März 2026"


@pytest.mark.parametrize(
    ("phone", "uri"),
    [
        ("0123 456-0", "tel:+491234560"),
        ("+49 123 456-2200", "tel:+491234562200"),
        ("0049 (30) 1234", "tel:+49301234"),
        ("115", "tel:115"),
    ],
)
def test_tel_uri(phone, uri):
    assert f.tel_uri(phone) == uri


def test_opening_hours_group_days_with_the_same_times():
    hours = {
        "times": [
            {"days": ["mo", "di", "mi", "do", "fr"], "opens": "08:00", "closes": "12:30"},
            {"days": ["di", "do"], "opens": "14:00", "closes": "18:00"},
            {"days": ["sa"], "opens": "09:00", "closes": "12:00"},
        ]
    }
    assert f.opening_hours(hours) == [
        ("Montag, Mittwoch, Freitag", ["08:00–12:30 Uhr"]),
        ("Dienstag, Donnerstag", ["08:00–12:30 Uhr", "14:00–18:00 Uhr"]),
        ("Samstag", ["09:00–12:00 Uhr"]),
    ]
    week = {
        "times": [{"days": ["fr", "mo", "di", "mi", "do"], "opens": "08:00", "closes": "16:00"}]
    }
    assert f.opening_hours(week) == [("Montag bis Freitag", ["08:00–16:00 Uhr"])]


def test_german_sorting_and_initials():
    titles = ["Zulassung", "Ummeldung", "Änderung", "Abmeldung", "Übermittlungssperre", "Straße"]
    assert sorted(titles, key=f.sort_key) == [
        "Abmeldung",
        "Änderung",
        "Straße",
        "Übermittlungssperre",
        "Ummeldung",
        "Zulassung",
    ]
    assert f.initial("Änderung") == "A" and f.initial("Übergabe") == "U"
    assert f.initial("3D-Druck") == "#"


def test_fees_text():
    assert f.fees_text({"free": True}) == "kostenlos"
    fees = {"items": [{"label": "erster Hund", "amount": 96, "per": "Jahr"}]}
    assert f.fees_text(fees) == "erster Hund: 96,00 € je Jahr"


def test_script_json_cannot_close_the_script_element():
    text = script_json({"name": "</script><script>alert(1)</script>", "x": "a & b"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text


def test_pages_front_matter():
    raw = b"---\ntitle: Impressum\nsummary: Wer wir sind.\n---\n\nText\n"
    page, problems = parse_page(raw, "impressum", "content/pages/impressum.md")
    assert problems == []
    assert (page.title, page.summary, page.body, page.url) == (
        "Impressum",
        "Wer wir sind.",
        "Text\n",
        "/impressum/",
    )
    page, problems = parse_page(b"no front matter", "x", "content/pages/x.md")
    assert page is None
    assert [(p.path, p.line) for p in problems] == [("content/pages/x.md", 1)]
    pages = load_pages(SITE_FIXTURE)
    assert list(pages) == [
        "barrierefreiheit",
        "datenschutz",
        "gebaerdensprache",
        "impressum",
        "leichte-sprache",
        "ueber",
    ]


def test_audiences_and_authentications_are_joined_with_their_labels():
    assert f.audiences(["citizens", "businesses"]) == "Bürgerinnen und Bürger und Unternehmen"
    assert f.audiences(["citizens"]) == "Bürgerinnen und Bürger"
    assert f.authentications(["bundid", "unknown"]) == "BundID, unknown"
    assert f.authentications([]) == ""

"""One German sort key: every list of the site and the review report orders titles alike."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from catalogue.editorial.review_report import review_rows
from catalogue.records.loader import load_catalogue
from catalogue.site.formatting import initial, sort_key
from catalogue.site.publish import publish
from plugins.servicekatalog.driver import build_site
from tests.conftest import SITE_FIXTURE, SITE_TODAY

#: DIN 5007-1 variant 1: Ä as A, ß as ss, accents and case ignored, ties by the text itself.
ORDER = ["1. Hilfe", "Ärger", "Arzt", "Eltern", "Élternzeit", "Øre", "Strasse", "Straße", "Zoo"]
#: Ids against the title order, so no list comes out right by sorting ids or files.
IDS = {title: f"leistung-{9 - n}" for n, title in enumerate(ORDER)}
SHUFFLED = ["Straße", "Zoo", "Élternzeit", "Arzt", "1. Hilfe", "Øre", "Eltern", "Strasse", "Ärger"]


def test_the_key_files_titles_as_din_5007_variant_1():
    assert sorted(SHUFFLED, key=sort_key) == ORDER
    assert [initial(t) for t in ORDER] == ["#", "A", "A", "E", "E", "O", "S", "S", "Z"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site fixture with nine more services and nine more departments, named as ORDER."""
    tmp = tmp_path_factory.mktemp("order")
    content = tmp / "content"
    shutil.copytree(SITE_FIXTURE, content)
    service = (content / "services" / "wohnsitz-ummelden.yaml").read_text(encoding="utf-8")
    department = (content / "departments" / "buergerbuero.yaml").read_text(encoding="utf-8")
    for title in SHUFFLED:
        sid = IDS[title]
        text = service.replace("id: wohnsitz-ummelden", f"id: {sid}")
        text = text.replace("title: Änderung des Wohnsitzes melden", f'title: "{title}"')
        (content / "services" / f"{sid}.yaml").write_text(text, encoding="utf-8")
        did = sid.replace("leistung", "amt")
        text = department.replace("id: buergerbuero", f"id: {did}")
        text = text.replace("name: Bürgerbüro", f'name: "{title}"')
        (content / "departments" / f"{did}.yaml").write_text(text, encoding="utf-8")
    catalogue, problems = load_catalogue(content)
    assert not [p for p in problems if p.severity == "error"]
    published = publish(catalogue, SITE_TODAY)
    output = tmp / "output"
    build_site(published, output, content_root=content, extra_files={})
    return catalogue, published, output


def _titles_on(output, page, href=r"/leistungen/([a-z0-9-]+)/"):
    """The nine titles in the order the page links them (other links left out)."""
    main = (output / page / "index.html").read_text(encoding="utf-8").split("<main")[1]
    by_id = {v: k for k, v in IDS.items()}
    if "aemter/" in href:
        by_id = {v.replace("leistung", "amt"): k for k, v in IDS.items()}
    return [by_id[i] for i in re.findall(f"href={href}", main) if i in by_id]


@pytest.mark.parametrize(
    ("page", "href"),
    [
        ("a-z", r"/leistungen/([a-z0-9-]+)/"),
        ("lebenslagen/ausweise-und-umzug", r"/leistungen/([a-z0-9-]+)/"),
        ("aemter/buergerbuero", r"/leistungen/([a-z0-9-]+)/"),
        ("online", r"/leistungen/([a-z0-9-]+)/"),
        ("aemter", r"/aemter/([a-z0-9-]+)/"),
    ],
)
def test_every_page_lists_the_titles_in_one_order(site, page, href):
    assert _titles_on(site[2], page, href) == ORDER


def test_the_a_z_letters_follow_the_key(site):
    main = (site[2] / "a-z" / "index.html").read_text(encoding="utf-8")
    letters = re.findall(r"<h2 class=app-letter-section__heading id=buchstabe-(\w+)>", main)
    assert [x for x in letters if x in {"ziffern", "a", "e", "o", "s", "z"}] == [
        "ziffern",
        "a",
        "e",
        "o",
        "s",
        "z",
    ]
    section_o = main.split("id=buchstabe-o>")[1].split("</section>")[0]
    assert f"/leistungen/{IDS['Øre']}/" in section_o


def test_published_order_and_review_report_follow_the_key(site):
    catalogue, published, _ = site
    titles = [s.data["title"] for s in published.services]  # the search store's order too
    assert [t for t in titles if t in IDS] == ORDER
    rows = review_rows(catalogue, dt.date(2030, 1, 1))  # every service overdue by then
    assert [
        r["title"] for r in rows if r["department"] == "buergerbuero" and r["title"] in IDS
    ] == (ORDER)

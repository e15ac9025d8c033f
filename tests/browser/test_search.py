"""Search end to end in Chromium: lazy index, header results, keyboard, /suche/?q= opened directly."""

from __future__ import annotations

import re

import pytest

from .checks import Hygiene, axe_violations

pytestmark = pytest.mark.browser

INDEX_FILES = re.compile(r"/suche/[^/?]+\.json(\?|$)")
DOG_TAX = "/leistungen/hund-anmelden/"
ID_CARD = "/leistungen/personalausweis-beantragen/"


def _count_announced(status_text: str, query: str) -> int:
    match = re.fullmatch(rf"(\d+) Treffer für „{re.escape(query)}“\.", status_text.strip())
    assert match, f"status does not announce a count: {status_text!r}"
    return int(match.group(1))


def test_typing_hund_on_the_home_page_finds_and_opens_the_dog_tax(page, base_url):
    hygiene = Hygiene().attach(page)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + "/", wait_until="networkidle")
    assert not [url for url in requested if INDEX_FILES.search(url)], requested

    with page.expect_request(lambda request: request.url.endswith("/suche/index.json")):
        page.focus("#app-header-q")
    page.keyboard.type("Hund")
    page.locator(f"#app-header-results a[href$='{DOG_TAX}']").wait_for()

    items = page.locator("#app-header-results li").count()
    live = page.locator("header [aria-live=polite]")
    assert live.count() == 1
    assert live.evaluate("el => el.closest('[hidden], [aria-hidden=true]')") is None
    assert _count_announced(live.text_content(), "Hund") == items
    assert axe_violations(page) == []  # with the results open

    for _ in range(items + 2):  # Tab from the field until the dog-tax link has focus
        page.keyboard.press("Tab")
        if (page.evaluate("() => document.activeElement.getAttribute('href')") or "").endswith(
            DOG_TAX
        ):
            break
    else:
        pytest.fail("the dog-tax result cannot be reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == base_url + DOG_TAX
    assert "Hund" in page.locator("h1").inner_text()
    assert hygiene.take(page) == []


def test_search_page_opened_with_q_lists_personalausweis_first(page, base_url):
    hygiene = Hygiene().attach(page)
    page.goto(base_url + "/suche/?q=Perso")
    first = page.locator("#app-search-results li a").first
    first.wait_for()
    assert first.get_attribute("href").endswith(ID_CARD), first.get_attribute("href")
    assert page.input_value("#app-search-q") == "Perso"
    items = page.locator("#app-search-results li").count()
    status = page.locator("#app-search-status")
    assert status.get_attribute("aria-live") == "polite"
    assert _count_announced(status.text_content(), "Perso") == items
    assert page.locator("#app-search-nojs").is_hidden()  # the no-JS hint is gone with JS
    assert hygiene.take(page) == []


def test_no_page_but_the_search_page_loads_the_index_without_focus(desktop_audit):
    """The desktop crawl logs requests per page (load, axe, skip link; no search focus)."""
    assert desktop_audit.index_loaded == ["/suche/"], desktop_audit.index_loaded

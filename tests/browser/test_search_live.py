"""The search in real headless Chromium on the built sample site, under the strict CSP."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.checks import axe_violations
from tests.browser.site import DESKTOP, MOBILE

pytestmark = pytest.mark.browser

SEARCH_FILES = ("/suche/index.json", "/suche/store.json", "/suche/lunr.js")


@pytest.fixture(scope="module")
def origin(base_url: str) -> str:
    """The sample site built and served once per session by tests/browser/conftest.py."""
    return base_url


class Watched:
    """A page with every request URL and every console error or page error recorded."""

    def __init__(self, browser, options: dict) -> None:
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", self._console)

    def _console(self, message) -> None:
        # The browser's own favicon request is the theme's business, not the search's.
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            self.errors.append(f"{message.text} ({message.location['url']})")

    def loaded_search(self) -> list[str]:
        return [u for u in self.requests if any(u.split("?")[0].endswith(f) for f in SEARCH_FILES)]


@pytest.fixture
def watched(browser):
    w = Watched(browser, DESKTOP)
    yield w
    w.context.close()


@pytest.mark.parametrize(
    "path", ["/", "/a-z/", "/leistungen/personalausweis-beantragen/", "/lebenslagen/umzug/"]
)
def test_pages_do_not_download_the_index_before_the_field_gets_focus(origin, watched, path):
    watched.page.goto(origin + path)
    watched.page.wait_for_load_state("networkidle")
    assert watched.loaded_search() == []
    with watched.page.expect_response(lambda r: r.url.endswith("/suche/index.json")):
        watched.page.focus("#app-header-q")
    watched.page.wait_for_load_state("networkidle")
    assert len(watched.loaded_search()) == len(SEARCH_FILES)
    assert watched.errors == []


def test_header_search_shows_results_as_you_type_and_works_by_keyboard(origin, watched):
    page = watched.page
    page.goto(origin + "/")
    page.focus("#app-header-q")
    page.keyboard.type("Hundesteuer")
    links = page.locator("#app-header-results a.app-header-results__link")
    expect(links.first).to_be_visible()
    top = [links.nth(i).get_attribute("href") for i in range(min(3, links.count()))]
    assert origin + "/leistungen/hund-anmelden/" in top
    expect(page.locator("#app-header-status[role=status][aria-live=polite]")).to_contain_text(
        "Treffer für „Hundesteuer“"
    )
    expect(page.locator("#app-header-q")).to_have_attribute("aria-controls", "app-header-results")
    expect(page.locator("#app-header-results .app-header-results__status")).to_contain_text(
        "Treffer"
    )

    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == top[0]
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == links.nth(1).get_attribute("href")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "app-header-q"

    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    expect(page.locator("#app-header-results")).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "app-header-q"

    page.keyboard.press("ArrowDown")  # closed: stays in the field
    assert page.evaluate("document.activeElement.id") == "app-header-q"
    page.keyboard.type(" ")  # typing again reopens the results
    expect(links.first).to_be_visible()
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == top[0]
    assert watched.errors == []


def test_search_page_opened_with_q_shows_personalausweis_first(origin, watched):
    page = watched.page
    page.goto(origin + "/suche/?q=Perso")
    first = page.locator("#app-search-results li").first
    expect(first.locator("a")).to_have_attribute(
        "href", origin + "/leistungen/personalausweis-beantragen/"
    )
    expect(first.locator("a")).to_have_text("Personalausweis beantragen")
    expect(first.locator("p")).not_to_be_empty()
    expect(page.locator("#app-search-q")).to_have_value("Perso")
    expect(page.locator("#app-search-status")).to_contain_text("Treffer für „Perso“")
    expect(page.locator("#app-search-nojs")).to_be_hidden()
    assert watched.errors == []


@pytest.mark.parametrize("query", ["Fuehrungszeugnis", "Fuhrungszeugnis", "führungszeugnis"])
def test_search_page_finds_umlaut_spellings(origin, watched, query):
    watched.page.goto(f"{origin}/suche/?q={query}")
    expect(watched.page.locator("#app-search-results li a").first).to_have_attribute(
        "href", origin + "/leistungen/fuehrungszeugnis-beantragen/"
    )


def test_search_page_updates_as_you_type_and_keeps_q_in_the_address(origin, watched):
    page = watched.page
    page.goto(origin + "/suche/")
    expect(page.locator("#app-search-status")).to_contain_text("Geben Sie einen Suchbegriff ein")
    page.fill("#app-search-q", "Sperrmuell")
    expect(page.locator("#app-search-results li a").first).to_have_attribute(
        "href", origin + "/leistungen/sperrmuell-anmelden/"
    )
    assert page.url.endswith("/suche/?q=Sperrmuell")
    page.fill("#app-search-q", "xyzxyzxyz")
    expect(page.locator("#app-search-status")).to_have_text("Keine Treffer für „xyzxyzxyz“.")
    expect(page.locator("#app-search-results li")).to_have_count(0)
    assert watched.errors == []


def test_search_page_without_javascript_explains_itself(browser, origin):
    context = browser.new_context(java_script_enabled=False, **MOBILE)
    page = context.new_page()
    page.goto(origin + "/suche/?q=Perso")
    expect(page.locator("#app-search-nojs")).to_be_visible()
    expect(page.locator("#app-search-nojs a[href='/a-z/']")).to_be_visible()
    context.close()


def test_results_are_text_not_markup(origin, watched):
    """A query that looks like HTML is shown as text and never becomes elements."""
    page = watched.page
    page.goto(origin + "/suche/?q=" + "<img src=x onerror=alert(1)>")
    expect(page.locator("#app-search-status")).to_contain_text("<img src=x onerror=alert(1)>")
    assert page.locator("#app-search-status img").count() == 0
    assert watched.errors == []


@pytest.mark.parametrize("options", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_results_pass_axe_and_do_not_scroll_sideways(browser, origin, options):
    """With results on screen (header box open, /suche/ filled), axe finds no violation."""
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(origin + "/leistungen/hund-anmelden/")
    page.focus("#app-header-q")
    page.keyboard.type("Ausweis")
    expect(page.locator("#app-header-results a").first).to_be_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.goto(origin + "/suche/?q=Ausweis")
    expect(page.locator("#app-search-results li").first).to_be_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    context.close()

"""Browser fixtures: one build and one server per session, one Chromium, one context per viewport."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .checks import (
    CSP_LISTENER,
    Hygiene,
    axe_results,
    horizontal_overflow,
    skip_link_problem,
    small_targets,
    start_axe,
)
from .site import (
    AXE_JS,
    CHROMIUM_MISSING,
    DESKTOP,
    MOBILE,
    build_sample_site,
    chromium_available,
    launch,
    page_paths,
    serve,
)

FIXTURES = Path(__file__).parent / "fixtures"
TIMINGS: dict[str, float] = {}


def pytest_terminal_summary(terminalreporter) -> None:
    if TIMINGS:
        parts = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in TIMINGS.items())
        terminalreporter.write_line(f"browser timings: {parts}")


@pytest.fixture(scope="session")
def chromium_required() -> None:
    """Skip loudly without Chromium on a developer's machine; fail with CI=true."""
    if not chromium_available():
        if os.environ.get("CI") == "true":
            pytest.fail(CHROMIUM_MISSING, pytrace=False)
        pytest.skip(CHROMIUM_MISSING)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, chromium_required) -> Path:
    """The sample catalogue (content/) built once per session with --today 2026-11-22.

    BROWSER_TEST_SITE=DIR reuses an already built site instead (for quick iterations).
    """
    if prebuilt := os.environ.get("BROWSER_TEST_SITE"):
        return Path(prebuilt)
    start = time.perf_counter()
    try:
        site = build_sample_site(tmp_path_factory.mktemp("browser-site") / "output")
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    TIMINGS["build"] = time.perf_counter() - start
    return site


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `make setup` (npm ci)", pytrace=False)
    with serve(site_dir) as origin:
        yield origin


@pytest.fixture(scope="session")
def bad_url(chromium_required):
    """The deliberately bad fixture pages, served by the same server code as the site."""
    with serve(FIXTURES) as origin:
        yield origin


@pytest.fixture(scope="session")
def pages(site_dir: Path) -> list[str]:
    return page_paths(site_dir)


@pytest.fixture(scope="session")
def browser(chromium_required):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def _context(browser, **options):
    context = browser.new_context(**options)
    context.add_init_script(CSP_LISTENER)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture(scope="session")
def desktop(browser):
    context = _context(browser, **DESKTOP)
    yield context
    context.close()


@pytest.fixture(scope="session")
def mobile(browser):
    context = _context(browser, **MOBILE)
    yield context
    context.close()


@pytest.fixture(scope="session")
def nojs(browser):
    context = _context(browser, **DESKTOP, java_script_enabled=False)
    yield context
    context.close()


@pytest.fixture
def page(desktop):
    """A fresh tab in the desktop context, closed after the test."""
    tab = desktop.new_page()
    yield tab
    tab.close()


@dataclass
class Audit:
    """Findings of one crawl of every page at one viewport: (page path, finding) per check."""

    axe: list[tuple[str, str]] = field(default_factory=list)
    overflow: list[tuple[str, str]] = field(default_factory=list)
    targets: list[tuple[str, str]] = field(default_factory=list)
    hygiene: list[tuple[str, str]] = field(default_factory=list)
    skip_link: list[tuple[str, str]] = field(default_factory=list)
    index_loaded: list[str] = field(default_factory=list)  # pages that fetched suche/*.json
    visited: int = 0


INDEX_FILES = re.compile(r"/suche/[^/?]+\.json(\?|$)")


class Visit:
    """One tab crawling the site at one viewport: open a page and start axe, then collect."""

    def __init__(self, context, base_url: str) -> None:
        self.tab = context.new_page()
        self.hygiene = Hygiene().attach(self.tab)
        self.base_url = base_url
        self.audit = Audit()
        self.requested: list[str] = []
        self.tab.on("request", lambda request: self.requested.append(request.url))

    def start(self, path: str) -> None:
        self.requested.clear()
        response = self.tab.goto(self.base_url + path, wait_until="load")
        if response.status != 200:
            self.audit.hygiene.append((path, f"HTTP {response.status}"))
        start_axe(self.tab)  # runs in the browser while the other tab is worked on

    def finish(self, path: str) -> None:
        audit, tab = self.audit, self.tab
        audit.axe += [(path, v) for v in axe_results(tab)]
        if found := horizontal_overflow(tab):
            audit.overflow.append((path, found))
        audit.targets += [(path, t) for t in small_targets(tab)]
        if problem := skip_link_problem(tab):
            audit.skip_link.append((path, problem))
        audit.hygiene += [(path, problem) for problem in self.hygiene.take(tab)]
        if any(INDEX_FILES.search(url) for url in self.requested):
            audit.index_loaded.append(path)
        audit.visited += 1


@pytest.fixture(scope="session")
def audits(desktop, mobile, base_url, pages) -> dict[str, Audit]:
    """Every page checked at both viewports; the two tabs interleave so both cores work."""
    start = time.perf_counter()
    visits = {"desktop": Visit(desktop, base_url), "mobile": Visit(mobile, base_url)}
    for path in pages:
        for visit in visits.values():
            visit.start(path)
        for visit in visits.values():
            visit.finish(path)
    for visit in visits.values():
        visit.tab.close()
    TIMINGS[f"crawl of {len(pages)} pages at 1280x800 and 320x640"] = time.perf_counter() - start
    return {name: visit.audit for name, visit in visits.items()}


@pytest.fixture(scope="session")
def desktop_audit(audits) -> Audit:
    return audits["desktop"]


@pytest.fixture(scope="session")
def mobile_audit(audits) -> Audit:
    return audits["mobile"]

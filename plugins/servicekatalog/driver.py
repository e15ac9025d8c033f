"""Build the site: plan every page, render only what changed, write it into the spare, switch.

Each page, list entry, open-data line and search document is found in the content-addressed
cache (catalogue.cache.store) under the digest of its inputs, or made and kept there; the
spare generation of the output (catalogue.site.generations) gets only the files whose key
changed, and then replaces the output in one step. The full build and the preview run
exactly this code; the preview only keeps the stores in memory between its rebuilds.
"""

from __future__ import annotations

import copy
import gc
import os
import time
import zlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import minify_html

from catalogue.cache.records import cache_folder
from catalogue.cache.store import Stores
from catalogue.forkmap import map_split
from catalogue.model import PublishedCatalogue
from catalogue.records.pages import load_pages
from catalogue.site import feeds, media, opendata
from catalogue.site.admin import LocalProxy, admin_files
from catalogue.site.generations import Generation, Held, Manifests
from catalogue.site.output import OutputFolder
from catalogue.site.plan import Keys, PlannedPage, layout, plan, record_digests
from catalogue.site.plan import site_url as plan_site_url
from catalogue.site.views import arrange

ROOT = Path(__file__).resolve().parents[2]  # the project folder (pelicanconf.py lives here)
CACHE_PAGES = "SERVICEKATALOG_CACHE_PAGES"  # "1": keep every page in .cache/ (see _build)
SETTINGS_FILE = ROOT / "pelicanconf.py"

MINIFY_OPTIONS = {
    "keep_closing_tags": True,
    "keep_html_and_head_opening_tags": True,
    "minify_css": False,
    "minify_js": False,  # JSON-LD data blocks stay as written
}


def read_settings(content_root: Path, output: Path) -> dict[str, Any]:
    """pelicanconf.py as Pelican reads it, for CONTENT_ROOT and OUTPUT (plain values only)."""
    from pelican.settings import read_settings as pelican_settings  # not for validate/check

    return pelican_settings(
        str(SETTINGS_FILE),
        override={"PATH": str(content_root.resolve()), "OUTPUT_PATH": str(output)},
    )


class Minifier:
    """minify-html; counts its own seconds (the minify phase, of both processes)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, html: str) -> str:
        start = time.perf_counter()
        small = minify_html.minify(html, **MINIFY_OPTIONS)
        self.seconds += time.perf_counter() - start
        return small


class Tools:
    """What a build sets up and a next build in the same process (the preview) can reuse:
    the search's German pipeline and scripts, and the template environment (for one code).

    The search is imported on first use, not at the top: validate and check never load it.
    """

    def __init__(self) -> None:
        self.files: Any = None
        self.renderer: Any = None
        self.made_for: tuple[str, dict[str, Any]] | None = None  # code and settings

    def search(
        self, published: PublishedCatalogue, stores: Stores, records: dict[str, bytes] | None
    ) -> dict[str, bytes]:
        if self.files is None:
            from catalogue.search.files import SearchFiles

            self.files = SearchFiles(ROOT / "node_modules")
        return self.files.build(published, stores["search"], records)

    def renderer_for(self, settings: dict[str, Any], stores: Stores, minifier: Minifier) -> Any:
        from .generator import ServiceCatalogueGenerator

        kept = self.renderer
        made_for = (stores.code, settings)
        if kept is None or self.made_for != made_for:
            self.made_for = (stores.code, copy.deepcopy(settings))  # Pelican adds to SETTINGS
            kept = self.renderer = ServiceCatalogueGenerator.for_build(settings, stores, minifier)
        kept.keyed(stores, minifier)
        return kept


def build_site(
    published: PublishedCatalogue,
    output: Path,
    *,
    content_root: Path,
    stores: Stores | None = None,
    tools: Tools | None = None,
    extra_files: dict[str, bytes] | None = None,
    local: LocalProxy | None = None,
    timings: dict | None = None,
) -> None:
    """Render PUBLISHED into OUTPUT atomically; on any error OUTPUT stays as it was.

    STORES: the content-addressed cache to use (default: the one in .cache/, saved after the
    build); TOOLS: what an earlier build set up (the preview's). EXTRA_FILES (root-relative
    path -> bytes), when given, take the place of the search files. LOCAL: /admin/ against
    decap-server (`build.py edit`), else as published. TIMINGS receives seconds
    per phase (render, minify, index, write) and the number of pages written and rendered.
    """
    timings = {} if timings is None else timings
    content_root = Path(content_root)
    cache = cache_folder(content_root)
    own = stores is None
    stores = Stores(cache) if stores is None else stores
    folder = OutputFolder(output, protected=(ROOT, content_root))
    with folder.locked():  # refuses a folder it may not replace before writing anything
        generation = Generation(folder, Manifests(cache, folder.path))
        tools = Tools() if tools is None else tools
        search = tools.search
        if extra_files is not None:
            files = extra_files
            search = lambda published, stores, records: files  # noqa: E731
        try:
            _build(published, generation, content_root, stores, tools, search, local, timings)
        except BaseException:
            generation.discard()
            raise
        finally:
            gc.unfreeze()
    if own:
        stores.save()


def _build(
    published: PublishedCatalogue,
    generation: Generation,
    content_root: Path,
    stores: Stores,
    tools: Tools,
    search: Callable[[PublishedCatalogue, Stores, dict[str, bytes] | None], dict[str, bytes]],
    local: LocalProxy | None,
    timings: dict,
) -> None:
    start = time.perf_counter()
    # The catalogue lives until the end: keep the collector from walking it again and again
    # while the pages are planned and rendered (build_site unfreezes, also on an error).
    gc.freeze()
    settings = read_settings(content_root, generation.live)
    minifier = Minifier()
    renderer = tools.renderer_for(settings, stores, minifier)
    views = arrange(published, load_pages(content_root), list(settings["PROSE_PAGES"]))
    shared = layout(views, published.site)
    pages = plan(views)
    # With no generation to compare with (a cold build), every page is rendered: each key is
    # worked out where its page is rendered, on both cores. The records' digests are needed
    # by the keys, the open data and the search: worked out once, here.
    cold = not generation.old and not generation.live_held
    records = record_digests(published.services)
    keys = Keys(shared, stores.code, records)
    if not cold:
        pages = [keys(page) for page in pages]
    # Every page, compressed, in the cache too, when asked (SERVICEKATALOG_CACHE_PAGES=1, the
    # CI templates): a fresh output with a warm cache (a CI runner) then renders no page. It
    # costs a cold build 0.15 s of CPU per 1,000 pages (zlib) and 4 KB of cache a page, and
    # gains nothing where the output survives (the generations hold the pages): off there.
    kept = stores["pages"] if os.environ.get(CACHE_PAGES) == "1" else None
    todo = []
    for page in pages:
        if not cold and generation.unchanged(page.save_as, page.key):
            if kept is not None:
                kept.keep(page.key)
        else:
            todo.append(page)
    timings["pages_written"] = len(todo)

    def render(page: PlannedPage) -> tuple[str, Held, bool]:
        page = keys(page) if cold else page
        packed = None if kept is None else kept.find(page.key)
        if packed is None:
            html = renderer.render(shared, page)
            if kept is not None:
                kept.put(page.key, zlib.compress(html, 1))  # 18 KB -> 4 KB in 0.14 ms
        else:
            html = zlib.decompress(packed)
        return page.save_as, generation.write(page.save_as, page.key, html), packed is None

    def data() -> dict[str, bytes]:
        files = _data_files(published, views, pages, settings, stores, records)
        return files | media.media_files(content_root, media.declared(published.videos))

    def index() -> tuple[dict[str, bytes], float]:
        began = time.perf_counter()
        return search(published, stores, records), time.perf_counter() - began

    gc.freeze()  # and the plan
    tasks: list[Callable[[], Any]] = [index, data]
    work = tasks + [partial(render, page) for page in todo]
    results = map_split(
        lambda run: run(),
        work,
        gather=lambda: (stores.learned(), minifier.seconds),
        merge=partial(_learn, stores, minifier),
    )
    (search_files, timings["index"]), data_files = results[0], results[1]
    for name, held, _ in results[2:]:
        generation.held[name] = held  # written by whichever process rendered it
    timings["pages_rendered"] = sum(rendered for _, _, rendered in results[2:])
    timings["render"] = time.perf_counter() - start
    timings["minify"] = minifier.seconds

    start = time.perf_counter()
    admin = admin_files(published.cms, published.life_situations, local=local)  # if asked
    files = {**data_files, **search_files, **_theme_files(), **admin}
    for name, content in sorted(files.items()):
        target = (generation.path / name).resolve()
        if generation.path.resolve() not in target.parents:
            raise ValueError(f"extra file outside the site: {name}")
        generation.put(name, content)
    generation.finish()
    generation.switch()
    timings["write"] = time.perf_counter() - start


def _learn(stores: Stores, minifier: Minifier, learned: tuple[dict, float]) -> None:
    """What a forked child made and measured, added to this process's stores and minifier."""
    stores.learn(learned[0])
    minifier.seconds += learned[1]


def _theme_files() -> dict[str, bytes]:
    """theme/static/ as the site's /theme/ (pelicanconf.py THEME_STATIC_DIR)."""
    static = ROOT / "theme" / "static"
    return {
        f"theme/{path.relative_to(static).as_posix()}": path.read_bytes()
        for path in sorted(static.rglob("*"))
        if path.is_file()
    }


def _data_files(
    published: PublishedCatalogue,
    views: Any,
    pages: list[PlannedPage],
    settings: dict[str, Any],
    stores: Stores,
    records: dict[str, bytes] | None,
) -> dict[str, bytes]:
    """Open data, its schema, sitemap and feed, as output-relative path → bytes."""
    site_url = plan_site_url(published.site)
    sitemap = [(page.path, page.lastmod) for page in pages if page.template != "404"]
    lines = stores["opendata"]
    return {
        opendata.JSON_PATH: opendata.export_json(published, site_url, lines, records),
        opendata.CSV_PATH: opendata.export_csv(published, site_url, lines, records),
        opendata.SCHEMA_PATH: (ROOT / "schema" / "opendata.schema.json").read_bytes(),
        "sitemap.xml": feeds.sitemap_xml(site_url, sitemap),
        "robots.txt": feeds.robots_txt(site_url),
        "feed.xml": feeds.atom_feed(
            views.services,
            site_url=site_url,
            title=published.site["title"],
            timezone=published.site.get("timezone", "Europe/Berlin"),
            max_items=settings["FEED_MAX_ITEMS"],
        ),
    }

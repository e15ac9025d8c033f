"""Run Pelican from Python: render into a new folder, minify, add files, swap it in atomically."""

from __future__ import annotations

import contextlib
import gc
import io
import time
from pathlib import Path
from typing import Any

import minify_html

from catalogue.cache.memo import Memo
from catalogue.cache.records import cache_folder
from catalogue.model import PublishedCatalogue
from catalogue.site import markup
from catalogue.site.output import OutputFolder

ROOT = Path(__file__).resolve().parents[2]  # the project folder (pelicanconf.py lives here)
SETTINGS_FILE = ROOT / "pelicanconf.py"

MINIFY_OPTIONS = {
    "keep_closing_tags": True,
    "keep_html_and_head_opening_tags": True,
    "minify_css": False,
    "minify_js": False,  # JSON-LD data blocks stay as written
}


def search_files(published: PublishedCatalogue) -> dict[str, bytes]:
    """The search files (catalogue.search), as output-relative path → bytes.

    Imported here, not at the top: validate and check never load the search. A broken
    search import is an error, not a site without search.
    """
    from catalogue.search import build_search_files

    return build_search_files(published, ROOT / "node_modules")


def _settings(
    published: PublishedCatalogue | None,
    target: Path,
    content_root: Path,
    minifier: Minifier,
    *,
    atomic: bool,
) -> dict:
    from pelican.settings import read_settings  # here: validate/check never import Pelican

    from .generator import (
        ATOMIC_KEY,
        CONTENT_KEY,
        MINIFY_KEY,
        PUBLISHED_KEY,
        ROOT_KEY,
        SHARED_KEY,
    )

    return read_settings(
        str(SETTINGS_FILE),
        override={
            "PATH": str(content_root.resolve()),
            "OUTPUT_PATH": str(target),
            PUBLISHED_KEY: published,
            CONTENT_KEY: str(content_root.resolve()),
            ROOT_KEY: str(ROOT),
            MINIFY_KEY: minifier,
            SHARED_KEY: [markup.MEMO, minifier],
            ATOMIC_KEY: atomic,
        },
    )


class _SearchTask:
    """The search files, built in whichever process the generator gives it to."""

    def __init__(self, published: PublishedCatalogue, files: dict[str, bytes] | None) -> None:
        self.published, self.files, self.seconds = published, files, 0.0

    def run(self) -> tuple[dict[str, bytes], float]:
        start = time.perf_counter()
        files = search_files(self.published) if self.files is None else self.files
        return files, time.perf_counter() - start

    def done(self, result: tuple[dict[str, bytes], float]) -> None:
        self.files, self.seconds = result


def _render(
    published: PublishedCatalogue,
    target: Path,
    content_root: Path,
    minifier: Minifier,
    search: _SearchTask,
) -> None:
    from pelican import Pelican

    from .generator import TASKS_KEY

    settings = _settings(published, target, content_root, minifier, atomic=False)
    settings[TASKS_KEY] = [search]
    with contextlib.redirect_stdout(io.StringIO()):  # Pelican's "Done: processed 0 articles"
        Pelican(settings).run()
    if not (target / "index.html").is_file():  # Pelican logs, not raises, when a plugin fails
        raise RuntimeError("the site generator did not run (plugin servicekatalog not loaded?)")


class Minifier:
    """minify-html; counts its own seconds (the minify phase, of both processes).

    Not memoised: a memo keyed by the page's HTML still needs the page rendered, and at
    10,000 services it held 180 MB of pages, sent between processes and saved to disk,
    which cost more (31 s against 24 s for the cold build) than minifying again.
    """

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, html: str) -> str:
        start = time.perf_counter()
        small = minify_html.minify(html, **MINIFY_OPTIONS)
        self.seconds += time.perf_counter() - start
        return small

    def learned(self) -> float:
        return self.seconds

    def learn(self, seconds: float) -> None:
        self.seconds += seconds


def build_site(
    published: PublishedCatalogue,
    output: Path,
    *,
    content_root: Path,
    extra_files: dict[str, bytes] | None = None,
    timings: dict | None = None,
) -> None:
    """Render PUBLISHED into OUTPUT atomically; on any error OUTPUT stays as it was.

    EXTRA_FILES (root-relative path -> bytes) are added to the site; when None, the
    search files (search_files()), built beside the pages. TIMINGS receives seconds per
    phase: render, minify, index, write.
    """
    timings = {} if timings is None else timings
    folder = OutputFolder(output, protected=(ROOT, Path(content_root)))
    with folder.locked():  # refuses a folder it may not replace before writing anything
        markdown_memo = _build_locked(published, folder, Path(content_root), extra_files, timings)
    markdown_memo.save()


def _build_locked(
    published: PublishedCatalogue,
    folder: OutputFolder,
    content_root: Path,
    extra_files: dict[str, bytes] | None,
    timings: dict,
) -> Memo:
    """build_site() while holding FOLDER's lock; the Markdown memo, to be saved."""
    tmp = folder.new_site()
    markdown_memo = Memo(cache_folder(content_root), "markdown", markup.memo_fingerprint())
    markup.MEMO = markdown_memo
    try:
        start = time.perf_counter()
        # The catalogue lives until the end: keep the collector from walking it again and
        # again while thousands of pages are rendered (see also generator.generate_output).
        gc.freeze()
        minifier = Minifier()
        search = _SearchTask(published, extra_files)
        _render(published, tmp, content_root, minifier, search)
        # render: pages, open data and search index, written, on both cores
        timings["render"] = time.perf_counter() - start
        timings["minify"] = minifier.seconds  # CPU seconds of both processes, inside render
        timings["index"] = search.seconds  # seconds of the process that built it, inside render

        start = time.perf_counter()
        for name, data in sorted((search.files or {}).items()):  # done() has set them
            target = (tmp / name).resolve()
            if tmp.resolve() not in target.parents:
                raise ValueError(f"extra file outside the site: {name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        folder.swap_in(tmp)
        timings["write"] = time.perf_counter() - start
    except BaseException:
        folder.discard(tmp)
        raise
    finally:
        gc.unfreeze()
        markup.MEMO = None
    return markdown_memo


class Session:
    """Pelican's settings, our generator and its templates, kept for the preview's rebuilds.

    Writes straight into OUTPUT (each file atomically), so it is only for the preview;
    a full build goes through build_site().
    """

    def __init__(self, content_root: Path, output: Path) -> None:
        from pelican import Pelican

        from .generator import ServiceCatalogueGenerator

        folder = cache_folder(Path(content_root))
        self.markdown_memo = Memo(folder, "markdown", markup.memo_fingerprint())
        self.minifier = Minifier()
        self.search: Any = None  # catalogue.search.files.SearchFiles, made on first use
        markup.MEMO = self.markdown_memo
        settings = _settings(None, output, Path(content_root), self.minifier, atomic=True)
        pelican = Pelican(settings)  # loads the plugin, as a build does
        context = settings.copy()
        context.update(generated_content={}, static_links=set(), static_content={})
        context["localsiteurl"] = ""  # pages link root-relative (the base URL is site.yaml's)
        self.generator = ServiceCatalogueGenerator(
            context=context,
            settings=settings,
            path=pelican.path,
            theme=pelican.theme,
            output_path=str(output),
        )

    def arrange(self, published: PublishedCatalogue) -> Any:
        """The generator, with PUBLISHED arranged into its views."""
        markup.MEMO = self.markdown_memo
        self.generator.published = published
        self.generator.generate_context()
        return self.generator

    def search_files(self, published: PublishedCatalogue) -> dict[str, bytes]:
        """As search_files(), keeping what did not change for the next rebuild."""
        if self.search is None:
            from catalogue.search.files import SearchFiles

            self.search = SearchFiles(ROOT / "node_modules")
        return self.search.build(published)

    def save_memos(self) -> None:
        """Save the Markdown memo; a rebuild renders a few pages, so keep the other entries."""
        self.markdown_memo.save(keep=True)

"""The editor's preview: the full build again after each save, with its caches kept in memory.

`build.py serve` keeps one Preview. Each rebuild is the build (driver.build_site): every
page is planned and keyed by the digest of its inputs, and only the pages whose key changed
are rendered and written into the spare generation, which then replaces the output in one
step. The preview keeps what a new process would read from .cache/ again: the records as
parsed (a file is parsed again only when its bytes change), the content-addressed stores
and the search's German pipeline. A change to the code, the theme or the schemas changes
every key (catalogue.cache.store.code_fingerprint), so the stores start afresh.
Invalid content writes nothing: the last good preview stays online.
tests/site/test_site_preview.py proves that the result is byte-identical to a fresh build.

What the preview keeps lives as long as it runs: at 10,000 services some 400,000 objects,
which Python's cyclic garbage collector walked twice per rebuild. So every rebuild ends with
one collection (of what is not frozen: this rebuild's objects) and freezes what is left
(gc.freeze); an object that is no longer used is still freed when its last reference goes.
The caches are written after each rebuild's build and when the preview stops (close()).
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

from catalogue.cache.records import RecordCache, cache_folder
from catalogue.cache.store import Stores, code_fingerprint
from catalogue.checks import reporter
from catalogue.checks.run import check
from catalogue.site.admin import LocalProxy
from catalogue.site.publish import publish

from . import driver


class ContentError(Exception):
    """The content has errors; the preview keeps the last good build."""


class Preview:
    """Builds CONTENT into OUTPUT again and again, as fast as the change allows."""

    def __init__(
        self,
        content: Path,
        output: Path,
        today: Callable[[], dt.date],
        local: LocalProxy | None = None,
    ) -> None:
        self.content = Path(content)
        self.local = local  # /admin/ against decap-server (build.py edit)
        self.output = Path(output).resolve()
        self.today = today
        # kept: unchanged files are not parsed or checked again; written by close()
        self.cache = RecordCache.for_content(self.content, deferred=True)
        self.stores: Stores | None = None
        self.tools = driver.Tools()  # the search's pipeline, the templates
        self.saved = False  # the stores were written once (a killed preview leaves them)

    def rebuild(self) -> dict[str, float]:
        """Build once; returns seconds per phase. Raises ContentError on invalid content."""
        timings: dict[str, float] = {}
        start = time.perf_counter()
        collecting = gc.isenabled()
        try:
            self._build(timings)
        finally:
            if collecting:
                gc.collect()  # walks only what is not frozen: this rebuild's objects
                gc.freeze()
        timings["total"] = time.perf_counter() - start
        return timings

    def close(self) -> None:
        """Save what the next build or preview starts from; call it when the preview stops."""
        self.cache.flush()
        if self.stores is not None:
            self.stores.save(keep=True)
        gc.unfreeze()

    def _build(self, timings: dict[str, float]) -> None:
        start = time.perf_counter()
        if self.stores is None or self.stores.code != code_fingerprint():
            self.stores = Stores(cache_folder(self.content))
        today = self.today()  # one date for the check and the publication, even at midnight
        result = check(self.content, today, "build", cache=self.cache, rules=self.stores["rules"])
        timings["load_validate"] = time.perf_counter() - start
        if result.problems:
            sys.stderr.write(reporter.render(result.problems, result.files, "text"))
        if result.errors:
            raise ContentError("Inhalte ungültig; die letzte gute Vorschau bleibt online")
        published = publish(result.catalogue, today, result.statuses)
        driver.build_site(
            published,
            self.output,
            content_root=self.content,
            stores=self.stores,
            tools=self.tools,
            local=self.local,
            timings=timings,
        )
        if not self.saved:  # after the first build: a preview that is killed leaves these
            self.cache.flush()
            self.stores.save(keep=True)
            self.saved = True

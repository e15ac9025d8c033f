"""The editor's preview: one full build, then after each save only the pages that changed.

`build.py serve` keeps one Preview. Its first rebuild is a normal, atomic full build. Later
rebuilds keep the loaded records (a file is parsed again only when its bytes change), the
Jinja templates and the inputs of every page, and write only the pages whose inputs differ
from the last good build, each file replaced atomically; the search index, open data,
sitemap and feed are written again. A change to the theme, the schema or the plugins
means a full build, and so does an output folder that is not the one the last build put
there (deleted, or replaced by `build.py build`). An incremental rebuild holds the output's
lock as a build does (catalogue.site.output), so it never writes into a build's swap.
Invalid content writes nothing: the last good preview stays online.
tests/site/test_site_preview.py proves that the result is byte-identical to a full build.

What the preview keeps lives as long as it runs: at 10,000 services some 400,000 objects,
which Python's cyclic garbage collector walked twice per rebuild (0.8-1.0 s of 3.7 s). So an
incremental rebuild runs without the collector, and every rebuild ends with one collection
(of what is not frozen: this rebuild's objects) and freezes what is left (gc.freeze); an
object that is no longer used is still freed when its last reference goes. The record cache
and the Markdown memo are written after the first build and when the preview stops (close()).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from catalogue.cache.records import RecordCache
from catalogue.checks import reporter
from catalogue.checks.rules import RuleMemo
from catalogue.checks.run import check
from catalogue.site.output import OutputFolder
from catalogue.site.publish import publish

from . import driver
from .generator import write_atomically


class ContentError(Exception):
    """The content has errors; the preview keeps the last good build."""


def _fingerprint(folders: tuple[Path, ...]) -> tuple:
    """Names, sizes and modification times of every file under FOLDERS (theme, plugins...)."""
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else [folder]:
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


class Preview:
    """Builds CONTENT into OUTPUT again and again, as fast as the change allows."""

    def __init__(self, content: Path, output: Path, today: Callable[[], dt.date]) -> None:
        self.content = Path(content)
        self.output = Path(output).resolve()
        self.folder = OutputFolder(output, protected=(driver.ROOT, self.content))
        self.built: tuple[int, int] | None = None  # the output folder the last build made
        self.today = today
        # kept: unchanged files are not parsed or checked again; written by close()
        self.cache = RecordCache.for_content(self.content, deferred=True)
        self.rules = RuleMemo()
        self.code = (driver.ROOT / "theme", driver.ROOT / "schema", driver.ROOT / "plugins")
        self.session: driver.Session | None = None
        self.code_seen: tuple = ()
        self.global_inputs: Any = None
        self.page_inputs: dict[str, Any] = {}

    def rebuild(self) -> dict[str, float]:
        """Build once; returns seconds per phase. Raises ContentError on invalid content."""
        timings: dict[str, float] = {}
        start = time.perf_counter()
        code = _fingerprint(self.code)
        full = self.session is None or code != self.code_seen or self._folder() != self.built
        collecting = gc.isenabled()
        if collecting and not full:
            gc.disable()  # its garbage is collected once, at the end (see the module's doc)
        try:
            self._build(full, timings)
            if full:
                self.code_seen = code
        finally:
            if collecting:
                gc.collect()  # walks only what is not frozen: this rebuild's objects
                gc.freeze()
                gc.enable()
        timings["total"] = time.perf_counter() - start
        return timings

    def close(self) -> None:
        """Save what the next build or preview starts from; call it when the preview stops."""
        self.cache.flush()
        if self.session is not None:
            self.session.save_memos()
        gc.unfreeze()

    def _build(self, full: bool, timings: dict[str, float]) -> None:
        start = time.perf_counter()
        today = self.today()  # one date for the check and the publication, even at midnight
        result = check(self.content, today, "build", cache=self.cache, rules=self.rules)
        timings["load_validate"] = time.perf_counter() - start
        if result.problems:
            sys.stderr.write(reporter.render(result.problems, result.files, "text"))
        if result.errors:
            raise ContentError("Inhalte ungültig; die letzte gute Vorschau bleibt online")
        published = publish(result.catalogue, today, result.statuses)
        if not full:
            with self.folder.locked():
                if self._folder() == self.built:  # checked again, under the lock
                    self._incremental(published, timings)
                    return
        self._full(published, timings)
        self.cache.flush()  # a preview that is killed leaves the cache of its first build

    def _folder(self) -> tuple[int, int] | None:
        """Which folder is at the output now (device, inode), None if there is none."""
        try:
            stat = os.stat(self.output)
        except OSError:
            return None
        return stat.st_dev, stat.st_ino

    def _full(self, published: Any, timings: dict[str, float]) -> None:
        self.session = driver.Session(self.content, self.output)
        search = self.session.search_files(published)  # and keeps what the next one reuses
        driver.build_site(
            published,
            self.output,
            content_root=self.content,
            extra_files=search,
            timings=timings,
        )
        self.built = self._folder()
        generator = self.session.arrange(published)
        self._remember(generator)
        generator.warm()  # the first edit after starting is as fast as the later ones

    def _session(self) -> driver.Session:
        """The session of the last full build (an incremental one runs only after one)."""
        if self.session is None:
            raise RuntimeError("an incremental rebuild needs a full one first")
        return self.session

    def _remember(self, generator: Any) -> None:
        self.global_inputs = generator.global_inputs()
        self.page_inputs = {job[0]: generator.page_inputs(job) for job in generator.jobs()}

    def _incremental(self, published: Any, timings: dict[str, float]) -> None:
        start = time.perf_counter()
        generator = self._session().arrange(published)
        global_inputs = generator.global_inputs()
        everything = global_inputs != self.global_inputs
        jobs = generator.jobs()
        page_inputs = {job[0]: generator.page_inputs(job) for job in jobs}
        todo = [
            job
            for job in jobs
            if everything or self.page_inputs.get(job[0], _MISSING) != page_inputs[job[0]]
        ]
        for job in todo:
            generator.write_page(job)
        generator.forget_removed()
        gone = set(self.page_inputs) - {job[0] for job in jobs}
        for path in gone:
            _remove_page(self.output, path)
        timings["render"] = time.perf_counter() - start
        timings["pages_written"] = len(todo)
        start = time.perf_counter()
        generator.write_data(jobs)
        timings["data"] = time.perf_counter() - start
        start = time.perf_counter()
        for name, data in sorted(self._session().search_files(published).items()):
            write_atomically(self.output / name, data)
        timings["index"] = time.perf_counter() - start
        self.global_inputs, self.page_inputs = global_inputs, page_inputs


_MISSING = object()


def _remove_page(output: Path, path: str) -> None:
    """Delete the page of a removed service (its folder, if nothing else is in it)."""
    target = output / path.lstrip("/")
    if path.endswith("/"):
        shutil.rmtree(target, ignore_errors=True)
    else:
        target.unlink(missing_ok=True)

"""The Pelican generator that writes every page, the open data, the sitemap and the feed."""

from __future__ import annotations

import gc
import os
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican.generators import Generator

from catalogue.cache.per_record import PerRecord
from catalogue.forkmap import map_split
from catalogue.model import PublishedCatalogue
from catalogue.records.pages import load_pages
from catalogue.site import feeds, formatting, jsonld, markup, opendata
from catalogue.site.views import Views, arrange

from .fragments import Fragments

#: Settings keys the driver sets (see driver.build_site).
PUBLISHED_KEY = "SERVICEKATALOG_PUBLISHED"
CONTENT_KEY = "SERVICEKATALOG_CONTENT"
ROOT_KEY = "SERVICEKATALOG_ROOT"
MINIFY_KEY = "SERVICEKATALOG_MINIFY"  # html -> html: every page and its shared parts (fragments)
SHARED_KEY = "SERVICEKATALOG_SHARED"  # objects with learned()/learn(): a forked child's share
TASKS_KEY = "SERVICEKATALOG_TASKS"  # objects with run() (in either process) and done(result)
ATOMIC_KEY = "SERVICEKATALOG_ATOMIC"  # True: each page via a temporary file (the preview)

#: One page: root-relative path, template, last change (for the sitemap), template values.
Job = tuple[str, str, str | None, dict[str, Any]]


def _filters(calling_code: Any) -> dict[str, Any]:
    """Plain formatting functions from the core, exposed to templates as filters.

    CALLING_CODE: a function giving the country calling code of site.yaml (read per build).
    """
    return {
        "money": formatting.money,
        "fee_amount": formatting.fee_amount,
        "channel": formatting.channel,
        "date_short": formatting.date_short,
        "date_long": formatting.date_long,
        "tel": lambda phone: formatting.tel_uri(phone, calling_code()),
        "weekday": formatting.weekday,
        "opening_hours": formatting.opening_hours,
        "audience": formatting.audience,
        "audiences": formatting.audiences,
        "authentication": formatting.authentication,
        "authentications": formatting.authentications,
        "url": markup.safe_url,
        "md": lambda text: Markup(markup.render(text)),
        "md_inline": lambda text: Markup(markup.render_inline(text)),
        "md_page": lambda text: Markup(markup.render_page(text)),
        "md_easy": lambda text: Markup(markup.render_easy(text, page=True)),
        "md_easy_block": lambda text: Markup(markup.render_easy(text)),
    }


def _entry(macro: Any, service: Any, args: tuple) -> str:
    return str(macro(service, *args)).strip("\n")


class ServiceCatalogueGenerator(Generator):
    """Renders the PublishedCatalogue found in settings[SERVICEKATALOG_PUBLISHED]."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.published: PublishedCatalogue | None = self.settings.get(PUBLISHED_KEY)
        self.env.filters.update(_filters(lambda: self.site.get("country_calling_code", "49")))
        self.views: Views | None = None
        # Kept while their record (or department) is: the preview's next rebuild reuses them.
        self._contact_blocks = PerRecord()  # department dict → its contact block
        self._json_lines = PerRecord()  # service → its open-data line
        self._csv_rows = PerRecord()  # service → its CSV row
        # (macro, its arguments) → per service its entry in lists (macros/service_list.html)
        self._list_items: dict[tuple, PerRecord] = {}
        # Header, footer, contact blocks and list entries: minified once, not on every page.
        self.fragments = Fragments(self.settings.get(MINIFY_KEY))
        self.env.filters["fragment"] = self.fragments.put
        self.env.globals.update(service_items=self.service_items, online_items=self.online_items)

    @property
    def arranged(self) -> Views:
        """The views of generate_context(); asked for only after it ran."""
        if self.views is None:
            raise RuntimeError("generate_context() has not arranged the catalogue yet")
        return self.views

    @property
    def site(self) -> dict[str, Any]:
        """content/site.yaml of the catalogue being rendered: the city, its title, base URL."""
        return self.catalogue.site

    @property
    def site_url(self) -> str:
        return str(self.site["base_url"]).rstrip("/")

    @property
    def catalogue(self) -> PublishedCatalogue:
        """The published catalogue this generator renders; asked for only when there is one."""
        if self.published is None:
            raise RuntimeError("no published catalogue in the settings")
        return self.published

    def generate_context(self) -> None:
        if self.published is None:
            return
        content = Path(self.settings.get(CONTENT_KEY) or self.path)
        pages = load_pages(content)
        self.views = arrange(self.published, pages, list(self.settings["PROSE_PAGES"]))
        self.context["views"] = self.views
        self.context["published"] = self.published
        site = self.published.site  # the city's identity, as the templates name it
        self.context.update(
            SITE=site,
            CITY=site["city"],
            SITENAME=site["title"],
            SITEURL=self.site_url,
            PUBLISHER=site["publisher"],
        )

    def generate_output(self, writer: Any) -> None:
        """Render, minify and write every page, on both cores when there are many.

        The open data and the tasks in settings[TASKS_KEY] (the search index) run beside
        the pages, one in each process, so neither waits for the other at the end.
        """
        if self.published is None or self.views is None:
            return
        jobs = self.jobs()
        gc.freeze()  # the views, too, live until the end (build_site unfreezes)
        shared = list(self.settings.get(SHARED_KEY) or [])
        tasks = [_DataTask(self, jobs), *(self.settings.get(TASKS_KEY) or [])]
        work = [task.run for task in tasks] + [partial(self.write_page, job) for job in jobs]
        results = map_split(
            lambda run: run(),
            work,
            gather=lambda: [each.learned() for each in shared],
            merge=lambda learned: [o.learn(x) for o, x in zip(shared, learned, strict=True)],
        )
        for task, result in zip(tasks, results, strict=False):
            task.done(result)

    def global_inputs(self) -> Any:
        """What every page shows (navigation, footer, settings), to compare two builds."""
        v = self.arranged
        topics = [(t["id"], t["title"], t.get("summary")) for t in v.life_situations]
        return v.pages, topics, self.site

    def page_inputs(self, job: Job) -> Any:
        """What one page shows beyond global_inputs(): if it is unchanged, so is the page."""
        path, template, lastmod, values = job
        v = self.arranged
        if template == "service":
            return lastmod, self._service_inputs(values["service"])
        if template in ("department", "life_situation", "location"):  # head and its list
            entry = values[{"life_situation": "topic"}.get(template, template)]
            return _head(entry), _items(entry["services"])
        if template == "locations":
            return [_head(place) for place in v.locations]
        if template == "index":
            return _items(v.featured)
        if template == "a_z":
            return [(letter, _items(services)) for letter, services in v.letters]
        if template == "online":
            return _items(v.online)
        if template == "departments":
            return [(_head(d), len(d["services"])) for d in v.departments]
        if template == "page" and values["page"].slug == "leichte-sprache":
            return _items(v.easy_language)
        return ()  # the search page, prose pages and 404 show only global_inputs()

    def jobs(self) -> list[Job]:
        v = self.arranged
        jobs: list[Job] = [("/", "index", None, {})]
        jobs += [
            (f"/lebenslagen/{t['id']}/", "life_situation", None, {"topic": t})
            for t in v.life_situations
        ]
        jobs += [("/a-z/", "a_z", None, {}), ("/online/", "online", None, {})]
        jobs.append(("/aemter/", "departments", None, {}))
        jobs += [
            (f"/aemter/{d['id']}/", "department", None, {"department": d}) for d in v.departments
        ]
        if v.locations:
            jobs.append(("/standorte/", "locations", None, {}))
        jobs += [(f"/standorte/{p['id']}/", "location", None, {"location": p}) for p in v.locations]
        jobs += [
            (f"/leistungen/{s.id}/", "service", feeds.changed_on(s), {"service": s})
            for s in v.services
        ]
        jobs.append(("/suche/", "search", None, {}))
        jobs += [(page.url, "page", None, {"page": page}) for page in v.pages.values()]
        jobs.append(("/404.html", "404", None, {}))
        return jobs

    def write_page(self, job: Job) -> None:
        """Write root-relative PATH ("/a-z/") as PATH/index.html (or a file name as is)."""
        path, template, _, values = job
        if template == "service":
            values = self._service_values(values["service"])
        save_as = path.lstrip("/") + "index.html" if path.endswith("/") else path.lstrip("/")
        context = self.context.copy()  # what Pelican's writer passes (we use no pagination)
        context.update(output_file=save_as, localsiteurl=None, path=path, **values)
        self.fragments.begin()
        html = self.fragments.page(self.get_template(template).render(context))
        target = Path(self.output_path) / save_as
        if self.settings.get(ATOMIC_KEY):
            write_atomically(target, html.encode())
        else:  # a fresh folder that nobody reads until the build swaps it in
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(html.encode())

    def _service_inputs(self, service: Any) -> dict[str, Any]:
        """Everything a service page shows, except what is derived from it (JSON-LD)."""
        v = self.arranged
        return {
            "service": service,
            "s": service.data,
            "department": self.catalogue.departments.get(service.data["department"]),
            "related": v.related[service.id],
            "topics": v.topics_of[service.id],
            "locations": v.locations_of[service.id],  # plain values: a page input like the rest
        }

    def _service_values(self, service: Any) -> dict[str, Any]:
        values = self._service_inputs(service)
        values["department_html"] = self._contact_block(values["department"])
        values["jsonld"] = Markup(
            jsonld.script_json(
                self._jsonld(service.data, values["department"], values["locations"])
            )
        )
        return values

    def service_items(self, services: list[Any], online: bool = False) -> Markup:
        """The entries of service_list(SERVICES, ONLINE), each rendered once per service.

        At 10,000 services one service is in the A–Z list, its department's, its life
        situations' and its related services' lists: 7 renderings of the same entry.
        """
        return self._entries("service_item", services, online)

    def online_items(self, services: list[Any]) -> Markup:
        """The entries of the /online/ page, kept as service_items() keeps its."""
        return self._entries("online_item", services)

    def warm(self) -> None:
        """Fill what the preview keeps between rebuilds, as the full build did in its own
        processes: the list entries, the open-data lines and rows (worked out, not written)."""
        self.service_items(self.arranged.services)
        self.service_items(self.arranged.services, True)
        self.online_items(self.arranged.online)
        self.data_files(self.jobs())

    def forget_removed(self) -> None:
        """Drop what is kept for services and departments no longer published (preview)."""
        for kept in self._list_items.values():
            kept.retain(s.data for s in self.catalogue.services)
        self._contact_blocks.retain(self.catalogue.departments.values())

    def _entries(self, name: str, services: list[Any], *args: Any) -> Markup:
        macro = getattr(self.env.get_template("macros/service_list.html").module, name)
        keep = self._list_items.setdefault((name, *args), PerRecord()).get
        entries = [keep(s.data, None, partial(_entry, macro, s, args)) for s in services]
        return self.fragments.put(entries, "li")

    def _contact_block(self, department: dict | None) -> Markup | None:
        """The department's contact block, rendered once for all its services' pages."""
        if department is None:
            return None
        macros = self.env.get_template("macros/department.html").module
        return self._contact_blocks.get(
            department, None, partial(macros.department_contact, department, level=3)
        )

    def _jsonld(
        self, data: dict[str, Any], department: dict | None, locations: list[dict]
    ) -> dict[str, Any]:
        url = f"{self.site_url}/leistungen/{data['id']}/"
        own = self.catalogue.locations.get((department or {}).get("location", ""))
        return jsonld.service_jsonld(
            data, department, url=url, city=self.site["city"], locations=locations, own=own
        )

    def write_data(self, jobs: list[Job]) -> None:
        """Open data, its schema, sitemap and feed: bytes straight into the output folder."""
        out = Path(self.output_path)
        for name, data in self.data_files(jobs).items():
            write_atomically(out / name, data)

    def data_files(self, jobs: list[Job]) -> dict[str, bytes]:
        """Open data, its schema, sitemap and feed, as output-relative path → bytes."""
        sitemap = [(path, lastmod) for path, template, lastmod, _ in jobs if template != "404"]
        site_url = self.site_url
        root = Path(self.settings.get(ROOT_KEY) or Path(__file__).resolve().parents[2])
        return {
            opendata.JSON_PATH: opendata.export_json(self.catalogue, site_url, self._json_lines),
            opendata.CSV_PATH: opendata.export_csv(self.catalogue, site_url, self._csv_rows),
            opendata.SCHEMA_PATH: (root / "schema" / "opendata.schema.json").read_bytes(),
            "sitemap.xml": feeds.sitemap_xml(site_url, sitemap),
            "feed.xml": feeds.atom_feed(
                self.arranged.services,
                site_url=site_url,
                title=self.site["title"],
                timezone=self.site.get("timezone", "Europe/Berlin"),
                max_items=self.settings["FEED_MAX_ITEMS"],
            ),
        }


class _DataTask:
    """write_data() as a task beside the pages (its files are written where it runs)."""

    def __init__(self, generator: ServiceCatalogueGenerator, jobs: list[Job]) -> None:
        self.generator, self.jobs = generator, jobs

    def run(self) -> None:
        self.generator.write_data(self.jobs)

    def done(self, result: None) -> None:
        pass


def _items(services: list[Any]) -> list[tuple]:
    """What a list of services shows of each (see macros/service_list.html, online.html)."""
    return [
        (s.id, s.data["title"], s.data["summary"], s.data.get("online_service")) for s in services
    ]


def _head(entry: dict[str, Any]) -> dict[str, Any]:
    """A department or life situation without its service list."""
    return {k: v for k, v in entry.items() if k != "services"}


def write_atomically(target: Path, data: bytes) -> None:
    """A reader (the preview's browser) sees the old file or the new one, never half of it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def get_generators(pelican_object: Any) -> type[Generator]:
    """Receiver for signals.get_generators (module level: Pelican holds receivers weakly)."""
    return ServiceCatalogueGenerator

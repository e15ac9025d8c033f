"""Pelican's template environment for the theme, with the core's filters: renders planned pages.

A page's template sees the layout and the values that catalogue.site.plan planned for it,
and nothing else (no Pelican context, no settings object, no callbacks into the build), so
its key, the digest of exactly those values, says when it must be rendered again. The
filters are pure functions of their arguments. Two of them keep what they make in the
build's content-addressed stores (catalogue.cache.store): ``entries``, a service's entry
in a list (one service is in up to seven lists), and the service page's contact block.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from markupsafe import Markup
from pelican.generators import Generator

from catalogue.cache.store import Stores, digest
from catalogue.site import formatting, jsonld, markup, media
from catalogue.site.plan import PlannedPage

from .fragments import Fragments


def _filters() -> dict[str, Any]:
    """Plain formatting functions from the core, exposed to templates as filters."""
    return {
        "money": formatting.money,
        "fee_amount": formatting.fee_amount,
        "channel": formatting.channel,
        "date_short": formatting.date_short,
        "date_long": formatting.date_long,
        "weekday": formatting.weekday,
        "opening_hours": formatting.opening_hours,
        "audience": formatting.audience,
        "audiences": formatting.audiences,
        "authentication": formatting.authentication,
        "authentications": formatting.authentications,
        "url": markup.safe_url,
        "tel": lambda phone: formatting.tel_uri(phone, "49"),  # render() sets site.yaml's code
        "md": lambda text: Markup(markup.render(text)),
        "md_inline": lambda text: Markup(markup.render_inline(text)),
        "md_page": lambda text: Markup(markup.render_page(text)),
        "md_easy": lambda text: Markup(markup.render_easy(text, page=True)),
        "md_easy_block": lambda text: Markup(markup.render_easy(text)),
        "video_type": media.mime_type,
    }


class ServiceCatalogueGenerator(Generator):
    """Renders pages planned by catalogue.site.plan; made by the driver (see for_build())."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stores: Stores = Stores(None)
        self.entry_keys: dict[tuple, bytes] = {}  # see _entry_key()
        self.env.filters.update(_filters())
        # Header, footer, contact blocks and list entries: minified once, not on every page.
        self.fragments = Fragments(None)
        self.env.filters["fragment"] = self.fragments.put
        self.env.filters["entries"] = self.entries
        self.env.filters["online_entries"] = lambda items: self.entries(items, "online_item")

    @classmethod
    def for_build(
        cls, settings: dict[str, Any], stores: Stores, minify: Callable[[str], str] | None
    ) -> ServiceCatalogueGenerator:
        """The renderer for SETTINGS (pelicanconf.py as read), keeping entries in STORES."""
        renderer = cls(
            context={},
            settings=settings,
            path=settings["PATH"],
            theme=settings["THEME"],
            output_path=settings["OUTPUT_PATH"],
        )
        renderer.keyed(stores, minify)
        return renderer

    def keyed(self, stores: Stores, minify: Callable[[str], str] | None) -> None:
        """Start a build: its stores, its minifier, no entry keys of an earlier build."""
        self.stores, self.fragments.minify = stores, minify
        self.entry_keys = {}

    def render(self, layout: dict[str, Any], page: PlannedPage) -> bytes:
        """PAGE as minified HTML: a pure function of LAYOUT, PAGE.values and the code."""
        code = _calling_code(layout)
        self.env.filters["tel"] = lambda phone: formatting.tel_uri(phone, code)
        values = page.values
        if page.template == "service":
            values = values | self._service_extras(layout, values)
        context = {**layout, **values, "path": page.path}
        self.fragments.begin()
        return self.fragments.page(self.get_template(page.template).render(context)).encode()

    def _service_extras(self, layout: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        """What a service page derives from its values: the contact block and the JSON-LD."""
        department = values["department"]
        data = values["s"]
        url = f"{layout['SITEURL']}/leistungen/{data['id']}/"
        own = (department or {}).get("own_location")  # the department's own place, if any
        ld = jsonld.service_jsonld(
            data,
            department,
            url=url,
            city=layout["CITY"],
            locations=values["locations"],
            own=own,
        )
        extras: dict[str, Any] = {"jsonld": Markup(jsonld.script_json(ld)), "department_html": None}
        code = _calling_code(layout)  # the block's tel: links
        if department is not None:
            macros = self.env.get_template("macros/department.html").module
            block = self.stores["blocks"].get(
                digest("department_contact", department, code),
                lambda: str(macros.department_contact(department, level=3)),
            )
            extras["department_html"] = Markup(block)
        return extras

    def entries(
        self, items: list[dict[str, Any]], name: str = "service_item", *args: Any
    ) -> Markup:
        """The entries of a list (macros/service_list.html NAME for each item), each rendered
        once for all lists and builds, as the page's fragments (minified once per build)."""
        macro = getattr(self.env.get_template("macros/service_list.html").module, name)
        store = self.stores["entries"]
        parts = [
            store.get(self._entry_key(name, args, i), partial(_entry, macro, i, args))
            for i in items
        ]
        return self.fragments.put(parts, "li")

    def _entry_key(self, name: str, args: tuple, item: dict[str, Any]) -> bytes:
        """digest(NAME, ARGS, ITEM), once per build for each service's entry: in one build a
        service id stands for one item (plan.item()); keyed() starts each build afresh."""
        known = self.entry_keys.get((name, args, item["id"]))
        if known is None:
            known = self.entry_keys[(name, args, item["id"])] = digest(name, args, item)
        return known


def _calling_code(layout: dict[str, Any]) -> str:
    """site.yaml's country calling code, for the tel filter (in every key: SITE)."""
    return str(layout["SITE"].get("country_calling_code", "49"))


def _entry(macro: Any, item: dict[str, Any], args: tuple) -> str:
    return str(macro(item, *args)).strip("\n")

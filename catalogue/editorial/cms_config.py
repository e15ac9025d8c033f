"""Decap CMS's config.yml, generated from the JSON Schemas, so that form and validator agree."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from catalogue.records.schemas import schema_for

# Markdown that catalogue/site/markup.py keeps (ALLOWED_TAGS): no images, no code blocks, no
# raw HTML. Only the rich-text mode is offered, so an editor cannot type HTML into Markdown.
MARKDOWN_BUTTONS = ["bold", "italic", "link", "bulleted-list", "numbered-list", "quote"]
MARKDOWN = {
    "widget": "markdown",
    "modes": ["rich_text"],
    "buttons": MARKDOWN_BUTTONS,
    "editor_components": [],
    "sanitize_preview": True,
}
DATE = {
    "widget": "datetime",
    "format": "YYYY-MM-DD",  # what the file holds
    "date_format": "DD.MM.YYYY",  # what the editor sees
    "time_format": False,
    "picker_utc": True,  # the day as written, whatever the browser's time zone
}
# theme/admin/cms-format.js: Decap's YAML format, quoting what YAML 1.1 reads otherwise
YAML_FORMAT = "yaml-servicekatalog"
DEFAULT_PROXY = "http://127.0.0.1:8081/api/v1"  # decap-server, started by `make edit`
_OWN = "#/definitions/"
# A schema's "value (Label)" in a description names an enum value for the select widget.
_ENUM_LABEL = r"(?<![\w-]){value} \(([^()]+)\)"
# Characters beyond the BMP, alone or as a range: a browser's RegExp without the u flag
# (Decap's) sees them as two halves, so a range of them is refused. Only non-characters and
# private use are named that way in the schemas; the validator still refuses them.
_ASTRAL = re.compile("[\U00010000-\U0010ffff](?:-[\U00010000-\U0010ffff])?")


def js_pattern(pattern: str) -> str:
    """PATTERN as a browser's RegExp without the u flag reads it, in plain ASCII."""
    bmp = _ASTRAL.sub("", pattern)
    return "".join(c if " " <= c <= "~" else f"\\u{ord(c):04x}" for c in bmp)


def _refs(node: dict) -> list[str]:
    """The definitions NODE builds on: its own $ref and those in its allOf."""
    found = [node["$ref"]] if "$ref" in node else []
    found += [part["$ref"] for part in node.get("allOf", []) if "$ref" in part]
    return [ref[len(_OWN) :] for ref in found if ref.startswith(_OWN)]


def _resolved(node: dict, definitions: dict) -> dict:
    """NODE with the keywords of the definitions it refers to (its own win), $ref gone."""
    merged: dict[str, Any] = {}
    for name in _refs(node):
        merged.update(_resolved(definitions[name], definitions))
    patterns = [merged["pattern"]] if "pattern" in merged else []
    own = {k: v for k, v in node.items() if k not in ("$ref", "allOf")}
    merged.update(own)
    if "pattern" in own:
        patterns.append(own["pattern"])
    merged["patterns"] = patterns
    merged["kinds"] = _refs(node)
    return merged


class Fields:
    """Turns the properties of one schema into Decap fields; REFERENCE names relation widgets."""

    def __init__(
        self,
        kind: str,
        reference: Callable[[str], dict | None],
    ) -> None:
        self.schema = schema_for(kind)
        self.definitions = self.schema.get("definitions", {})
        self.reference = reference

    def of(self, node: dict, path: str = "") -> list[dict]:
        required = set(node.get("required", []))
        return [
            self.field(name, prop, name in required, f"{path}{name}")
            for name, prop in node.get("properties", {}).items()
        ]

    def field(self, name: str, node: dict, required: bool, path: str) -> dict:
        node = _resolved(node, self.definitions)
        out: dict[str, Any] = {"name": name, "label": node.get("title", name)}
        if node.get("description"):
            out["hint"] = node["description"]
        out["required"] = required
        out.update(self.widget(node, path))
        if out.get("widget") == "object" and not required:
            # Decap checks an optional object's fields even when the object is left empty
            # (no online service, yet "Link ist erforderlich"); the validator still asks
            # for them once the object is there.
            for sub in out["fields"]:
                sub["required"] = False
        if out.get("widget") == "list" and "min" not in out and required:
            # Decap refuses an empty required list, but [] is an answer ("no documents"):
            # a new entry starts with [], so the key is never left out.
            out["required"], out["default"] = False, []
        return out

    def widget(self, node: dict, path: str) -> dict:
        special = self.reference(path)
        if special is not None:
            return special
        if "oneOf" in node:  # fees: one object holding the fields of every alternative
            return self.union(node, path)
        kind = node.get("type")
        if "date" in node["kinds"] or node.get("format") == "date":
            return dict(DATE)
        if kind == "boolean" or isinstance(node.get("const"), bool):
            return {"widget": "boolean"}
        if kind in ("number", "integer"):
            out: dict[str, Any] = {
                "widget": "number",
                "value_type": "int" if kind == "integer" else "float",
            }
            if "minimum" in node:
                out["min"] = node["minimum"]
            if "maximum" in node:
                out["max"] = node["maximum"]
            return out
        if kind == "object":
            return {"widget": "object", "collapsed": False, "fields": self.of(node, f"{path}.")}
        if kind == "array":
            return self.array(node, path)
        if "enum" in node:
            return self.select(node["enum"], node.get("description", ""))
        return self.text(node)

    def union(self, node: dict, path: str) -> dict:
        fields: dict[str, dict] = {}
        for option in node["oneOf"]:
            for field in self.of(option, f"{path}."):
                field["required"] = False  # which ones: decided by the alternative, see hint
                fields.setdefault(field["name"], field)
        return {"widget": "object", "collapsed": False, "fields": list(fields.values())}

    def array(self, node: dict, path: str) -> dict:
        items = _resolved(node.get("items", {}), self.definitions)
        out: dict[str, Any]
        if "enum" in items:
            out = self.select(items["enum"], node.get("description", ""))
            out["multiple"] = True
        elif items.get("type") == "object":
            out = {"widget": "list", "collapsed": False, "fields": self.of(items, f"{path}.")}
            summary = [f["name"] for f in out["fields"] if f["widget"] in ("string", "text")]
            if summary:
                out["summary"] = "{{fields." + summary[0] + "}}"
        else:
            entry = {"name": "eintrag", "label": items.get("title", "Eintrag")}
            entry.update(self.widget(items, path))
            out = {"widget": "list", "field": entry}
        if node.get("minItems"):
            out["min"] = node["minItems"]
        if node.get("maxItems"):
            out["max"] = node["maxItems"]
        return out

    @staticmethod
    def select(values: list, description: str) -> dict:
        options = []
        for value in values:
            found = re.search(_ENUM_LABEL.format(value=re.escape(str(value))), description)
            options.append({"value": value, "label": found.group(1) if found else str(value)})
        return {"widget": "select", "options": options}

    def text(self, node: dict) -> dict:
        visible = self.definitions.get("visible_text", {}).get("pattern")
        if "markdown" in node["kinds"]:
            return dict(MARKDOWN)
        longest = node.get("maxLength", 0)
        out: dict[str, Any] = {"widget": "text" if longest >= 300 else "string"}
        pattern = _pattern(node, visible)
        if pattern is not None:
            out["pattern"] = pattern
        return out


def _pattern(node: dict, visible: str | None) -> list[str] | None:
    """One regular expression for the string's patterns and lengths, with a German message.

    Decap takes one pattern per field; each of the schema's is a lookahead, so all must hold.
    VISIBLE: the schema's pattern for visible text, explained in words of its own.
    """
    parts = [f"(?={js_pattern(p)})" for p in node["patterns"]]
    rules = []
    low, high = node.get("minLength"), node.get("maxLength")
    if low or high:
        parts.append(f"(?=[\\s\\S]{{{low or 0},{high or ''}}}$)")
        if low and high:
            rules.append(f"{low} bis {high} Zeichen")
        else:
            rules.append(f"höchstens {high} Zeichen" if high else f"mindestens {low} Zeichen")
    for pattern in node["patterns"]:
        if pattern == visible:
            rules.append("sichtbarer Text ohne unsichtbare Steuer- oder Richtungszeichen")
        else:
            rules.append(_PATTERN_RULES.get(pattern, "im Format, das der Hinweis beschreibt"))
    if not parts:
        return None
    return ["^" + "".join(parts), "Bitte eingeben: " + "; ".join(rules) + "."]


_PATTERN_RULES = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "Kleinbuchstaben, Ziffern und Bindestriche, ohne Umlaute",
    "^[^<>]*$": "Klartext ohne < und >",
    "^[0-9]{14}$": "14 Ziffern",
    "^[0-9]{5}$": "5 Ziffern",
    "^https://[^\\s/?#]+\\.[^\\s/?#]+": "eine Adresse, die mit https:// beginnt",
    "^([01][0-9]|2[0-3]):[0-5][0-9]$": "Uhrzeit als SS:MM, z. B. 08:30",
}


def _schema_line(kind: str, depth: int) -> str:
    return f"yaml-language-server: $schema={'../' * depth}schema/{kind}.schema.json"


def _first_with_comment(fields: list[dict], comment: str) -> list[dict]:
    """Decap writes a field's comment above it: the schema line stays at the top of the file."""
    fields[0]["comment"] = comment
    return fields


def _references(life_situations: list[dict]) -> Callable[[str], dict | None]:
    """Widgets for the fields that name other records: by name, never by typing an id."""
    situations = [
        {"value": s["id"], "label": s.get("title", s["id"])}
        for s in life_situations
        if isinstance(s, dict) and "id" in s
    ]
    table: dict[str, dict] = {
        "department": {
            "widget": "relation",
            "collection": "aemter",
            "value_field": "id",
            "search_fields": ["name", "id"],
            "display_fields": ["name"],
            "hint": "Das zuständige Amt: tippen Sie die ersten Buchstaben seines Namens.",
        },
        "related": {
            "widget": "relation",
            "collection": "leistungen",
            "value_field": "id",
            "search_fields": ["title", "id"],
            "display_fields": ["title"],
            "multiple": True,
            "hint": "Leistungen, die oft zusammen gebraucht werden: tippen Sie die ersten "
            "Buchstaben ihres Titels.",
        },
        "locations": {
            "widget": "relation",
            "collection": "standorte",
            "value_field": "id",
            "search_fields": ["name", "id"],
            "display_fields": ["name"],
            "multiple": True,
            "hint": "Wo Bürgerinnen und Bürger die Leistung bekommen: tippen Sie die ersten "
            "Buchstaben des Standorts. Leer: am Standort des zuständigen Amts.",
        },
        "location": {
            "widget": "relation",
            "collection": "standorte",
            "value_field": "id",
            "search_fields": ["name", "id"],
            "display_fields": ["name"],
            "hint": "Der eigene Standort des Amts: tippen Sie die ersten Buchstaben seines Namens.",
        },
        # content/life-situations.yaml is one list, which Decap cannot edit as a collection;
        # its entries are offered by title, as the build found them.
        "life_situations": {
            "widget": "select",
            "multiple": True,
            "options": situations,
            "hint": "Eine oder mehrere Lebenslagen, unter denen die Leistung erscheint.",
        },
    }
    return table.get


def _service_fields(life_situations: list[dict], *, version: bool) -> list[dict]:
    fields = Fields("service", _references(life_situations)).of(schema_for("service"))
    for field in fields:
        if version and field["name"] in ("valid_from", "change_note"):
            field["required"] = True  # what makes a file <id>@<date>.yaml a version
    return _first_with_comment(fields, _schema_line("service", 2))


def _page_fields() -> list[dict]:
    fields = Fields("page", lambda _path: None).of(schema_for("page"))
    body = {"name": "body", "label": "Text", "widget": "markdown", "required": True}
    body["hint"] = "Der Text der Seite in Markdown, ohne HTML."
    body.update(MARKDOWN)
    return fields + [body]


def _backend(cms: dict, local_proxy: str | None) -> dict:
    backend: dict[str, Any] = {"name": cms.get("backend", "gitlab")}
    for key in ("repo", "branch", "base_url", "api_root", "app_id"):
        if key in cms:
            backend[key] = cms[key]
    backend.setdefault("branch", "main")
    if backend["name"] == "gitlab":
        backend["auth_type"] = "pkce"  # no auth server, no secret: the app id is public
    if local_proxy is not None:
        backend.setdefault("repo", "lokal/servicekatalog")  # unused by the proxy
    backend["commit_messages"] = {
        "create": "{{collection}} „{{slug}}“ angelegt",
        "update": "{{collection}} „{{slug}}“ geändert",
        "delete": "{{collection}} „{{slug}}“ gelöscht",
        "uploadMedia": "Datei „{{path}}“ hochgeladen",
        "deleteMedia": "Datei „{{path}}“ gelöscht",
        "openAuthoring": "{{message}}",
    }
    return backend


def decap_config(
    cms: dict,
    life_situations: list[dict],
    *,
    local_proxy: str | None = None,
    content_folder: str | None = None,
) -> dict[str, Any]:
    """The whole config.yml for CMS (content/cms.yaml) as data.

    LOCAL_PROXY: the address of decap-server for `make edit`; then local_backend is set,
    which a published site never has. CONTENT_FOLDER: the content folder's path in the
    repository (default: CMS's content_folder, else content).
    """
    folder = content_folder or cms.get("content_folder", "content")
    config: dict[str, Any] = {"backend": _backend(cms, local_proxy)}
    if local_proxy is not None:
        config["local_backend"] = {"url": local_proxy, "allowed_hosts": ["127.0.0.1"]}
    if cms.get("editorial_workflow", True):
        config["publish_mode"] = "editorial_workflow"
    if cms.get("site_url"):
        config["site_url"] = config["display_url"] = cms["site_url"]
    config.update(
        {
            "locale": "de",
            # Decap needs a media folder; no field offers uploads (no image or file widget).
            "media_folder": f"{folder}/media",
            "public_folder": "/media",
            "show_preview_links": False,
            "search": True,
            "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
            "collections": _collections(cms, life_situations, folder),
        }
    )
    return config


def _named_fields(kind: str, reference: Callable[[str], dict | None]) -> list[dict]:
    return _first_with_comment(Fields(kind, reference).of(schema_for(kind)), _schema_line(kind, 2))


def _named_records(name: str, label: str, singular: str, folder: str, kind: str) -> dict:
    """A folder collection of records with an id and a name (departments, locations)."""
    return {
        "name": name,
        "label": label,
        "label_singular": singular,
        "folder": folder,
        "extension": "yaml",
        "format": YAML_FORMAT,
        "identifier_field": "name",
        "create": True,
        "slug": "{{id}}",
        "summary": "{{name}}",
        "fields": _named_fields(kind, lambda _path: None),
    }


def _collections(cms: dict, life_situations: list[dict], folder: str) -> list[dict]:
    service = {
        "folder": f"{folder}/services",
        "extension": "yaml",
        "format": YAML_FORMAT,
        "identifier_field": "title",
        "sortable_fields": ["title", "last_reviewed", "department"],
        "view_groups": [{"label": "Zuständige Stelle", "field": "department"}],
    }
    return [
        {
            "name": "leistungen",
            "label": "Leistungen",
            "label_singular": "Leistung",
            "description": "Jede Leistung ist eine Datei content/services/<kennung>.yaml. "
            "Einträge mit „ab …“ sind angekündigte Fassungen.",
            **service,
            "create": True,
            "slug": "{{id}}",
            "summary": "{{title}} {{valid_from}}",
            "fields": _service_fields(life_situations, version=False),
        },
        {
            "name": "fassungen",
            "label": "Angekündigte Fassungen",
            "label_singular": "angekündigte Fassung",
            "description": "Eine neue Fassung einer Leistung, die ab einem Stichtag gilt: "
            "content/services/<kennung>@<JJJJ-MM-TT>.yaml. Gültig ab und Änderungshinweis "
            "sind Pflicht. Die Liste zeigt alle Dateien des Ordners (Decap filtert nur nach "
            "gleichen Werten).",
            **service,
            "create": True,
            "slug": "{{id}}@{{valid_from}}",
            "summary": "{{title}} – ab {{valid_from}}",
            "fields": _service_fields(life_situations, version=True),
        },
        _named_records("aemter", "Ämter", "Amt", f"{folder}/departments", "department")
        | {"fields": _named_fields("department", _references(life_situations))},
        _named_records("standorte", "Standorte", "Standort", f"{folder}/locations", "location")
        | {
            "description": "Orte, an die Bürgerinnen und Bürger gehen: "
            "content/locations/<kennung>.yaml."
        },
        {
            "name": "seiten",
            "label": "Textseiten",
            "label_singular": "Textseite",
            "folder": f"{folder}/pages",
            "extension": "md",
            "format": "frontmatter",
            "create": True,
            "slug": "{{title}}",
            "fields": _page_fields(),
        },
        {
            "name": "einstellungen",
            "label": "Einstellungen",
            "editor": {"preview": False},
            "files": [
                {
                    "name": "site",
                    "label": "Stadt und Website",
                    "file": f"{folder}/site.yaml",
                    "format": YAML_FORMAT,
                    "fields": _first_with_comment(
                        Fields("site", lambda _path: None).of(schema_for("site")),
                        _schema_line("site", 1),
                    ),
                },
                {
                    "name": "cms",
                    "label": "Redaktionsoberfläche",
                    "file": f"{folder}/cms.yaml",
                    "format": YAML_FORMAT,
                    "fields": _first_with_comment(
                        Fields("cms", lambda _path: None).of(schema_for("cms")),
                        _schema_line("cms", 1),
                    ),
                },
            ],
        },
    ]

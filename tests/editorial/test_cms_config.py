"""The generated Decap CMS config follows the schemas; /admin/ only when content/cms.yaml asks."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from catalogue.editorial.cms_config import DATE, decap_config, js_pattern
from catalogue.records.schemas import schema_for
from catalogue.site import admin

PROJECT = Path(__file__).resolve().parents[2]
CMS = {"enabled": True, "backend": "gitlab", "repo": "stadt/katalog"}
SITUATIONS = [{"id": "umzug", "title": "Umzug und Wohnsitz"}, {"id": "tiere", "title": "Tiere"}]


def _collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def _field(fields: list[dict], name: str) -> dict:
    return next(f for f in fields if f["name"] == name)


def test_every_service_property_is_a_field_with_the_schemas_title_and_required():
    schema = schema_for("service")
    fields = _collection(decap_config(CMS, SITUATIONS), "leistungen")["fields"]
    assert [f["name"] for f in fields] == list(schema["properties"])  # the files' key order
    for field in fields:
        prop = schema["properties"][field["name"]]
        assert field["label"] == prop["title"]
        if field["widget"] not in ("relation",) and field["name"] != "life_situations":
            assert field["hint"] == prop["description"]
        required = field["name"] in schema["required"]
        if field["widget"] == "list" and "min" not in field and required:
            # required_documents: [] is an answer, so it starts as [] and may stay empty
            assert (field["required"], field["default"]) == (False, [])
        else:
            assert field["required"] is required


def test_widgets_carry_the_schemas_rules():
    fields = _collection(decap_config(CMS, SITUATIONS), "leistungen")["fields"]
    assert _field(fields, "last_reviewed") | DATE == _field(fields, "last_reviewed")
    assert _field(fields, "last_reviewed")["format"] == "YYYY-MM-DD"
    assert _field(fields, "department")["widget"] == "relation"
    assert _field(fields, "department")["collection"] == "aemter"
    assert _field(fields, "related")["multiple"] is True
    assert _field(fields, "life_situations")["options"] == [
        {"value": "umzug", "label": "Umzug und Wohnsitz"},
        {"value": "tiere", "label": "Tiere"},
    ]
    assert _field(fields, "audiences")["options"] == [
        {"value": "citizens", "label": "Bürgerinnen und Bürger"},
        {"value": "businesses", "label": "Unternehmen"},
    ]
    assert _field(fields, "audiences")["min"] == 1
    interval = _field(fields, "review_interval_months")
    assert (interval["widget"], interval["value_type"], interval["min"]) == ("number", "int", 1)
    title = _field(fields, "title")
    assert title["pattern"][0].endswith("(?=[\\s\\S]{3,80}$)")
    assert "3 bis 80 Zeichen" in title["pattern"][1]
    summary = _field(fields, "summary")
    assert "(?=^[^<>]*$)" in summary["pattern"][0]
    description = _field(fields, "description")
    assert description["widget"] == "markdown"
    assert description["modes"] == ["rich_text"]  # no raw mode: no HTML typed into Markdown
    assert "image" not in json.dumps(description)
    fees = _field(fields, "fees")
    names = [f["name"] for f in fees["fields"]]
    assert names == ["free", "note", "items", "text", "payment_methods"]
    amount = _field(_field(fees["fields"], "items")["fields"], "amount")
    assert (amount["widget"], amount["value_type"], amount["min"]) == ("number", "float", 0)
    documents = _field(fields, "required_documents")
    assert [f["name"] for f in documents["fields"]] == ["name", "note", "optional"]
    hours = _field(
        _collection(decap_config(CMS, SITUATIONS), "standorte")["fields"], "opening_hours"
    )
    days = _field(_field(hours["fields"], "times")["fields"], "days")
    assert days["options"][0] == {"value": "mo", "label": "Montag"}


def test_versions_need_their_date_and_note_and_files_keep_their_schema_line():
    config = decap_config(CMS, SITUATIONS)
    versions = _collection(config, "fassungen")
    assert versions["slug"] == "{{id}}@{{valid_from}}"
    assert _field(versions["fields"], "valid_from")["required"] is True
    assert _field(versions["fields"], "change_note")["required"] is True
    assert not _field(_collection(config, "leistungen")["fields"], "valid_from")["required"]
    for name, line in (
        ("leistungen", "../../schema/service.schema.json"),
        ("aemter", "../../schema/department.schema.json"),
    ):
        first = _collection(config, name)["fields"][0]
        assert first["comment"] == f"yaml-language-server: $schema={line}"


def test_published_config_has_no_local_backend_and_a_local_one_only_for_edit():
    published = decap_config(CMS, SITUATIONS)
    assert "local_backend" not in published
    assert published["backend"]["auth_type"] == "pkce"
    assert published["publish_mode"] == "editorial_workflow"
    assert published["locale"] == "de"
    local = decap_config(CMS, SITUATIONS, local_proxy="http://127.0.0.1:8081/api/v1")
    assert local["local_backend"]["url"] == "http://127.0.0.1:8081/api/v1"


def test_no_admin_unless_cms_yaml_asks():
    assert admin.admin_files({}, SITUATIONS) == {}
    assert admin.admin_files({"enabled": False}, SITUATIONS) == {}
    files = admin.admin_files(CMS, SITUATIONS)
    assert {
        "admin/index.html",
        "admin/config.yml",
        "admin/decap-cms.js",
        "admin/decap-cms.js.LICENSE.txt",
        "admin/cms-setup.js",
        "admin/cms-preview.js",
        "admin/cms-format.js",
        "admin/cms-init.js",
        "admin/yaml/index.js",
        "admin/content-security-policy.txt",
    } <= set(files)
    assert all(name.startswith("admin/") for name in files)
    page = files["admin/index.html"].decode()
    assert "<script>" not in page and "style=" not in page  # no inline script or style
    assert "https://" not in page.split("</head>")[1]  # nothing from a CDN
    assert 'src="decap-cms.js"' in page


def test_missing_decap_is_a_german_message(tmp_path):
    with pytest.raises(admin.AdminError, match="make setup"):
        admin.admin_files(CMS, SITUATIONS, root=tmp_path)


def test_admin_policy_is_exactly_what_decap_needs():
    policy = admin.policy({**CMS, "base_url": "https://gitlab.musterstadt.example"})
    assert policy == (
        "default-src 'self'; script-src 'self' 'unsafe-eval'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        "font-src 'self' data:; "
        "connect-src 'self' https://gitlab.musterstadt.example https://gitlab.com; "
        "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
    )
    local = admin.policy(CMS, "http://127.0.0.1:8081/api/v1")
    assert "connect-src 'self' https://gitlab.com http://127.0.0.1:8081;" in local


def test_config_yml_reads_back_as_generated():
    config = decap_config(CMS, SITUATIONS)
    text = admin.config_text(config)
    assert "&id" not in text and "*id" not in text  # no YAML aliases
    assert yaml.safe_load(text) == config


def test_every_pattern_compiles_in_a_browser_regexp_and_accepts_the_sample():
    """node's RegExp without the u flag, as Decap compiles them, on every sample value."""
    config = decap_config(CMS, SITUATIONS)
    patterns: dict[str, str] = {}

    def walk(fields: list[dict], prefix: str) -> None:
        for field in fields:
            key = f"{prefix}{field['name']}"
            if "pattern" in field:
                patterns[key] = field["pattern"][0]
            walk(field.get("fields", []), f"{key}.")
            if "field" in field:
                walk([field["field"]], f"{key}.")

    walk(_collection(config, "leistungen")["fields"], "")
    values: dict[str, list[str]] = {}

    def collect(data: object, key: str) -> None:
        if isinstance(data, dict):
            for name, value in data.items():
                collect(value, f"{key}.{name}" if key else name)
        elif isinstance(data, list):
            for value in data:
                collect(value, key if isinstance(value, dict) else f"{key}.eintrag")
        elif isinstance(data, str) and key in patterns:
            values.setdefault(key, []).append(data)

    for path in sorted((PROJECT / "content" / "services").glob("*.yaml")):
        collect(yaml.safe_load(path.read_text(encoding="utf-8")), "")
    assert len(values) >= 10
    script = (
        "const [patterns, values] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const bad = [];"
        "for (const [key, list] of Object.entries(values)) {"
        "  const re = new RegExp(patterns[key]);"
        "  for (const v of list) if (!re.test(v)) bad.push(key + ': ' + v);"
        "}"
        "for (const [key, p] of Object.entries(patterns)) {"
        "  if (new RegExp(p).test('\\u202e' + 'x'.repeat(5)) && !key.startsWith('id')) "
        "    bad.push('accepts a bidi override: ' + key);"
        "}"
        "console.log(JSON.stringify(bad));"
    )
    done = subprocess.run(
        ["node", "-e", script],
        input=json.dumps([patterns, values]),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(done.stdout) == []


def test_js_pattern_drops_only_astral_ranges():
    assert js_pattern("^[a\U0001fffe\U000f0000-\U0010ffff\u202e]$") == "^[a\\u202e]$"
    assert re.fullmatch(
        r"[ -~]*", js_pattern(schema_for("service")["definitions"]["visible_text"]["pattern"])
    )


def test_no_secret_or_token_reaches_the_built_admin():
    """content/cms.yaml holds only public settings (its schema refuses anything else) and the
    files written for /admin/ carry nothing that looks like a credential."""
    sample = yaml.safe_load((PROJECT / "content" / "cms.yaml").read_text(encoding="utf-8"))
    files = admin.admin_files(sample, SITUATIONS)
    ours = {k: v for k, v in files.items() if not k.startswith(("admin/decap-cms", "admin/yaml/"))}
    credential = re.compile(
        r"secret|password|passwort|token|glpat-|ghp_|github_pat_|gho_|Bearer ", re.IGNORECASE
    )
    for name, data in ours.items():
        text = data.decode("utf-8")
        if name.endswith(".yml"):
            keys = re.findall(r"^\s*-?\s*([a-z_]+):", text, re.MULTILINE)
            assert not [k for k in keys if credential.search(k)], name
        else:
            assert not credential.search(text), name
    assert set(schema_for("cms")["properties"]) == {
        "enabled",
        "backend",
        "repo",
        "branch",
        "content_folder",
        "base_url",
        "api_root",
        "app_id",
        "editorial_workflow",
        "site_url",
    }  # a new setting here is checked for being public before it is added
    assert schema_for("cms")["additionalProperties"] is False

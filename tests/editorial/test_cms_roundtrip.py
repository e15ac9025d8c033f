"""Every sample record saved through the CMS's YAML code reads the same and still validates.

/admin/'s format (theme/admin/cms-format.js: Decap's own yaml.ts on the same `yaml` 1.x
package, plus quotes for text that YAML 1.1 reads otherwise) runs in node exactly as the
build writes it: fromFile() reads a record as the CMS does when an editor opens it,
toFile() writes it as the CMS does on save, with the field order and the schema-line
comment of the generated config. The project reads the result with its one reader
(catalogue/records/yamlsafe.py); the data must be what it read from the original. Decap's
unchanged format fails the second test ("no" is written unquoted and read as false).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from catalogue.checks.run import validate
from catalogue.editorial.cms_config import decap_config
from catalogue.records.yamlsafe import parse_bytes
from catalogue.site import admin

PROJECT = Path(__file__).resolve().parents[2]
CONTENT = PROJECT / "content"
CMS = {"enabled": True, "backend": "gitlab", "repo": "stadt/katalog"}

# Text an editor may type that YAML 1.1 (the project's reading) and YAML 1.2 (Decap's)
# read differently when unquoted, or that looks like another type in either.
TRICKY = [
    "no", "yes", "on", "off", "y", "n", "NO", "True", "~", "null", "Null", "",
    "1:20", "08:30", "0755", "01067", "0o17", "0x1F", "1_000", "1e3", "5e-2", ".inf",
    "-.5", "+1", "2026-10-12", "2026-10-12T10:00:00Z", "- Personalausweis", "# kein Kommentar",
    "Gebühr: 12 €", "a: b", "@stadt", "!wichtig", "&anker", "*stern", "| senkrecht",
    "> größer", "'einfach'", '"doppelt"', "Zeile 1\nZeile 2\n", " führendes Leerzeichen",
    "Tab\tim Text", "x" * 150 + " lang " + "y" * 150, "Ä Ö Ü ß € „Anführung“",
]  # fmt: skip


def _node_formats(tmp_path: Path) -> Path:
    """/admin/'s format module and the yaml package beside it, as the build writes them."""
    files = admin.admin_files(CMS, [])
    folder = tmp_path / "admin"
    for name, data in files.items():
        if name.endswith(".js"):
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_bytes(data)
    (folder / "package.json").write_text('{"type": "module"}')  # a browser module, to node
    return folder / "cms-format.js"


_RUNNER = """
import { readFileSync } from 'node:fs';
const { format: formatter } = await import(process.argv[1]);
const jobs = JSON.parse(readFileSync(0, 'utf8'));
const out = jobs.map(job => {
  const data = job.text === null ? job.data : formatter.fromFile(job.text);
  let text = formatter.toFile(data, job.order, job.comments);
  if (text.slice(-1) !== '\\n') text += '\\n';  // as backend.entryToRaw()
  return text;
});
process.stdout.write(JSON.stringify(out));
"""


def _save_through_decap(formatter: Path, jobs: list[dict]) -> list[str]:
    done = subprocess.run(
        ["node", "--input-type=module", "-e", _RUNNER, str(formatter)],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _collection_fields(name: str) -> tuple[list[str], dict[str, str]]:
    """The top-level field order and comments of a collection ("einstellungen/site": one
    file of a collection of files), as Decap takes them."""
    config = decap_config(CMS, [])
    name, _, file = name.partition("/")
    for collection in config["collections"]:
        if collection["name"] == name:
            fields = collection.get("fields") or next(
                f["fields"] for f in collection["files"] if f["name"] == file
            )
            comments = {f["name"]: f["comment"] for f in fields if "comment" in f}
            return [f["name"] for f in fields], comments
    raise KeyError(name)


def _same(a: object, b: object) -> bool:
    """Equal data; 96.0 and 96 count as the same number (JavaScript has one number type)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _read(text: str) -> object:
    parsed = parse_bytes(text.encode("utf-8"))
    assert not parsed.errors, parsed.errors
    return parsed.data


def test_every_sample_record_saved_by_decap_reads_the_same_and_validates(tmp_path, monkeypatch):
    formatter = _node_formats(tmp_path)
    files = {
        "leistungen": sorted((CONTENT / "services").glob("*.yaml")),
        "aemter": sorted((CONTENT / "departments").glob("*.yaml")),
        "standorte": sorted((CONTENT / "locations").glob("*.yaml")),
        "einstellungen/cms": [CONTENT / "cms.yaml"],
        "einstellungen/site": [CONTENT / "site.yaml"],
    }
    jobs, paths = [], []
    for collection, group in files.items():
        order, comments = _collection_fields(collection)
        for path in group:
            jobs.append({"text": path.read_text("utf-8"), "order": order, "comments": comments})
            paths.append(path)
    assert len(paths) >= 70
    saved = _save_through_decap(formatter, jobs)
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    for path, text in zip(paths, saved, strict=True):
        original = _read(path.read_text("utf-8"))
        assert _same(_read(text), original), path.name
        depth = "../../" if path.parent.name in ("services", "departments", "locations") else "../"
        assert text.startswith(f"# yaml-language-server: $schema={depth}schema/"), path.name
        (copy / path.relative_to(CONTENT)).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = validate(copy)
    assert [p for p in result.problems if p.severity == "error"] == []


def test_text_an_editor_types_is_written_so_that_the_project_reads_the_same_text(tmp_path):
    formatter = _node_formats(tmp_path)
    order, comments = _collection_fields("leistungen")
    record = _read((CONTENT / "services" / "hund-anmelden.yaml").read_text("utf-8"))
    assert isinstance(record, dict)
    jobs = []
    for text in TRICKY:
        data = dict(record, summary=text, keywords=[text, "Hund"], processing_time=text)
        data["fees"] = {"items": [{"label": text, "amount": 12.5, "per": text}]}
        jobs.append({"text": None, "data": data, "order": order, "comments": comments})
    for text, saved in zip(TRICKY, _save_through_decap(formatter, jobs), strict=True):
        read = _read(saved)
        assert isinstance(read, dict)
        assert read["summary"] == text, (text, saved)
        assert read["keywords"] == [text, "Hund"], (text, saved)
        assert read["fees"]["items"][0]["label"] == text, (text, saved)
        assert read["fees"]["items"][0]["amount"] == 12.5

"""The search files under suche/, German text processing, synonyms and the JS's safety."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys

import jsonschema
import pytest
import yaml

from catalogue.search import build_search_files, normalise_synonyms
from catalogue.search.compounds import compound_parts
from catalogue.search.german import German, fold
from tests.search.measure import JS, ROOT, write_files

NODE_MODULES = ROOT / "node_modules"
GERMAN = German(NODE_MODULES / "lunr-languages" / "lunr.de.js")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return write_files(ROOT / "content", tmp_path_factory.mktemp("files"))


def test_only_the_needed_files_all_under_suche(files):
    assert sorted(files) == [
        "suche/index.json",
        "suche/lunr.de.js",
        "suche/lunr.js",
        "suche/lunr.stemmer.support.js",
        "suche/store.json",
    ]
    assert files["suche/lunr.js"] == (NODE_MODULES / "lunr/lunr.min.js").read_bytes()
    support = NODE_MODULES / "lunr-languages/min/lunr.stemmer.support.min.js"
    assert files["suche/lunr.stemmer.support.js"] == support.read_bytes()
    de = NODE_MODULES / "lunr-languages/min/lunr.de.min.js"
    assert files["suche/lunr.de.js"] == de.read_bytes()


def test_two_builds_are_byte_identical(files, tmp_path):
    assert write_files(ROOT / "content", tmp_path) == files


def test_store_lines_up_with_the_index_refs(files):
    index = json.loads(files["suche/index.json"])  # compact: refs are 0 .. documents - 1 in hex
    store = json.loads(files["suche/store.json"])
    assert index["documents"] == len(store["docs"])
    highest = max(sum(gaps) for per_field in index["postings"] for gaps in per_field)
    assert highest == len(store["docs"]) - 1
    ids = [doc[0] for doc in store["docs"]]
    assert "personalausweis-beantragen" in ids and len(ids) == len(set(ids))
    assert store["synonyms"]["perso"] == ["personalausweis"]
    assert "kfz" in store["synonyms"]["auto"]


def test_full_text_is_not_indexed(files):
    index = json.loads(files["suche/index.json"])
    assert index["fields"] == ["title", "keywords", "summary", "documents", "parts"]
    terms = set(index["terms"])
    # "Fingerabdrücke" occurs only in the description of personalausweis-beantragen.
    assert "fingerabdruck" not in terms and "personalausweis" in terms


def test_fold_in_python_and_in_search_core_js_agree():
    words = ["Führungszeugnis", "Fuehrungszeugnis", "Fuhrungszeugnis", "Straße", "STRASSE"]
    words += ["Quelle", "Queue", "Café", "Größe", "Groesse", "Ærø", "Mädchen", "maedchen", "ẞ"]
    script = (
        f"const core = require({json.dumps(str(JS / 'search-core.js'))});"
        f"process.stdout.write(JSON.stringify({json.dumps(words)}.map(core.fold)))"
    )
    in_js = json.loads(
        subprocess.run(["node", "-e", script], capture_output=True, check=True).stdout
    )
    assert in_js == [fold(w) for w in words]
    assert fold("Führungszeugnis") == fold("Fuehrungszeugnis") == fold("Fuhrungszeugnis")
    assert fold("Straße") == "strasse" and fold("Quelle") == "quelle" and fold("Café") == "cafe"


def test_words_and_terms_follow_lunr_de():
    assert GERMAN.words("Quittung für das Taxi, A1-Bescheinigung (§ 5)") == [
        "quittung", "für", "das", "taxi", "a1", "bescheinigung", "5",
    ]  # fmt: skip
    assert GERMAN.term("für") is None and GERMAN.term("Über") is None
    assert GERMAN.term("Hunde") == GERMAN.term("Hund") == "hund"
    assert GERMAN.term("Ausweise") == GERMAN.term("Ausweis")
    assert GERMAN.term("Quittung") == "quittung"  # lunr.py's own trimmer makes this "uittung"
    assert "für" in GERMAN.stop_words and len(GERMAN.stop_words) > 200


def test_compound_parts():
    vocabulary = frozenset({"bewohner", "gewerbe"})
    assert compound_parts("bewohnerparkausweis", vocabulary) == [
        "ausweis", "bewohnerpark", "parkausweis", "park", "bewohner",
    ]  # fmt: skip
    assert compound_parts(fold("führungszeugnis"), vocabulary) == ["zeugnis", "fuhrung"]
    assert "anmeldung" in compound_parts("gewerbeanmeldung", vocabulary)
    assert compound_parts("hund", vocabulary) == []
    assert compound_parts("ausweis", vocabulary) == []  # no modifier: not a compound


def test_normalise_synonyms():
    data = {"one_way": {"Perso": ["Personalausweis"]}, "groups": [["auto", "kfz", "pkw"]]}
    flat = normalise_synonyms(data)
    assert flat == {
        "perso": ["Personalausweis"],
        "auto": ["kfz", "pkw"],
        "kfz": ["auto", "pkw"],
        "pkw": ["auto", "kfz"],
    }
    assert normalise_synonyms(flat) == flat
    assert normalise_synonyms({}) == {} and normalise_synonyms(None) == {}


def test_synonym_file_is_valid_and_the_schema_rejects_mistakes():
    schema = json.loads((ROOT / "schema/search-synonyms.schema.json").read_text(encoding="utf-8"))
    text = (ROOT / "content/search-synonyms.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../schema/search-synonyms.schema.json\n"
    )
    jsonschema.validate(yaml.safe_load(text), schema)
    for bad in (
        {"one_way": {"Auto fahren": ["kfz"]}},  # a key must be one word
        {"one_way": {"perso": []}},
        {"groups": [["auto"]]},  # a group needs two words
        {"gruppen": [["auto", "kfz"]]},  # unknown key
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


DANGEROUS = re.compile(
    r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|(?<![\w.])Function\("
)


@pytest.mark.parametrize("name", ["search.js", "search-core.js"])
def test_scripts_never_inject_markup(name):
    source = (JS / name).read_text(encoding="utf-8")
    assert DANGEROUS.findall(source) == []
    assert 'setAttribute("style"' not in source and ".style." not in source  # CSP: no inline


def test_search_js_writes_data_only_as_text():
    source = (JS / "search.js").read_text(encoding="utf-8")
    # Every data value (a hit's title or summary, the query) reaches the page as textContent.
    assert re.findall(r"\.textContent = hit\.(\w+)", source) == ["title", "summary"]
    assert "appendChild(script)" in source and "script.src = src" in source


def test_budget_at_1000_services_is_kept(tmp_path):
    """Bytes before the first result at 1,000 synthetic services: under 150 KB gzipped."""
    sys.path.insert(0, str(ROOT))
    from bench.synth import generate_catalogue

    generate_catalogue(1000, 1, tmp_path / "content")
    built = write_files(tmp_path / "content", tmp_path / "site")
    scripts = [p.read_bytes() for p in JS.glob("search*.js")]
    total = sum(len(gzip.compress(b, 6, mtime=0)) for b in [*built.values(), *scripts])
    assert len(json.loads(built["suche/store.json"])["docs"]) == 1000
    assert total < 150_000


def test_build_search_files_accepts_already_normalised_synonyms(files):
    from catalogue.records.loader import load_catalogue
    from catalogue.site.publish import publish
    from tests.search.measure import TODAY

    catalogue, _ = load_catalogue(ROOT / "content")
    published = publish(catalogue, TODAY)
    published.synonyms = normalise_synonyms(published.synonyms)
    assert build_search_files(published, NODE_MODULES) == files


def test_an_empty_catalogue_gives_an_empty_index_that_lunr_js_loads(tmp_path):
    from catalogue.model import PublishedCatalogue
    from tests.search.measure import TODAY, run_node

    empty = PublishedCatalogue(today=TODAY, services=[], departments={}, life_situations=[])
    for name, data in build_search_files(empty, NODE_MODULES).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    assert run_node(tmp_path / "suche", ["Perso"])["hits"] == {"Perso": []}

"""The compact index (suche/index.json) loses nothing: search-core.js expands it into lunr's."""

from __future__ import annotations

import dataclasses
import gzip
import json
import math
import random
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.synth import generate_catalogue
from catalogue.model import PublishedCatalogue, PublishedService
from catalogue.search.fastindex import COMPACT_FORMAT, IndexBuilder
from catalogue.search.files import INDEX, _json, build_index, build_search_files
from catalogue.search.german import German
from tests.search.measure import JS, ROOT, run_node
from tests.search.test_search_fastindex import published_from
from tests.search.test_search_parity import QUERIES as RAW_QUERIES

NODE_MODULES = ROOT / "node_modules"
CORE = JS / "search-core.js"
GERMAN = German(NODE_MODULES / "lunr-languages" / "lunr.de.js")
CASES = yaml.safe_load((ROOT / "tests" / "search" / "queries.yaml").read_text(encoding="utf-8"))
STOP_WORDS_ONLY = {
    "id": "nur-stoppwoerter",
    "title": "Über und für",
    "official_name": "Der die das",
    "summary": "Wie, was, wer?",
    "description": "Und oder aber.",
    "keywords": ["mit", "ohne"],
    "required_documents": [{"name": "Ein einer"}],
}

# Expands COMPACT with search-core.js and writes it, and lunr's form as JSON.parse reads it,
# as JSON: "sorted" with every object's keys inserted in sorted order (JavaScript still puts
# integer-like keys first), "ordered" in the objects' own key order (which decides the order
# of equally scored hits). Then loads the expanded index into lunr.js.
EXPAND_JS = """
const fs = require("fs");
const [core, lunrDir, compactPath, lunrPath, out] = JSON.parse(process.argv[1]);
const lunr = require(lunrDir + "/lunr/lunr.js");
require(lunrDir + "/lunr-languages/lunr.stemmer.support.js")(lunr);
require(lunrDir + "/lunr-languages/lunr.de.js")(lunr);
const search = require(core);
search.register(lunr);
const sorted = (v) => Array.isArray(v) ? v.map(sorted) : v && typeof v === "object"
  ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v;
const expanded = search.expand(JSON.parse(fs.readFileSync(compactPath, "utf8")));
const full = JSON.parse(fs.readFileSync(lunrPath, "utf8"));
fs.writeFileSync(out + "/expanded-sorted.json", JSON.stringify(sorted(expanded)));
fs.writeFileSync(out + "/lunr-sorted.json", JSON.stringify(sorted(full)));
fs.writeFileSync(out + "/expanded-ordered.json", JSON.stringify(expanded));
fs.writeFileSync(out + "/lunr-ordered.json", JSON.stringify(full));
process.stdout.write(String(Object.keys(lunr.Index.load(expanded).invertedIndex).length));
"""


@pytest.fixture(scope="module")
def sample() -> PublishedCatalogue:
    return published_from(ROOT / "content")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> PublishedCatalogue:
    content = tmp_path_factory.mktemp("synth") / "content"
    generate_catalogue(300, 7, content)
    return published_from(content)


def node(script: str, *args: Any, stdin: str | None = None) -> str:
    done = subprocess.run(
        ["node", "-e", script, json.dumps(list(args))],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def expand_in_node(builder: IndexBuilder, tmp_path: Path) -> dict[str, bytes]:
    """Run EXPAND_JS on BUILDER's compact and lunr forms; return the four JSON texts."""
    (tmp_path / "compact.json").write_bytes(_json(builder.compact()))
    (tmp_path / "lunr.json").write_bytes(_json(builder.serialize()))
    paths = [tmp_path / "compact.json", tmp_path / "lunr.json", tmp_path]
    terms = node(EXPAND_JS, str(CORE), str(NODE_MODULES), *map(str, paths))
    assert int(terms) == len(builder.terms)
    names = ["expanded-sorted", "lunr-sorted", "expanded-ordered", "lunr-ordered"]
    return {name: (tmp_path / f"{name}.json").read_bytes() for name in names}


def first_difference(a: bytes, b: bytes) -> str:
    at = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    around = slice(max(at - 80, 0), at + 80)
    return f"differ at byte {at} of {len(a)}/{len(b)}: {a[around]!r} vs {b[around]!r}"


def assert_expands_to_serialize(builder: IndexBuilder, tmp_path: Path) -> None:
    texts = expand_in_node(builder, tmp_path)
    for order in ("sorted", "ordered"):
        expanded, lunr = texts[f"expanded-{order}"], texts[f"lunr-{order}"]
        same = expanded == lunr
        assert same, f"{order}: {first_difference(expanded, lunr)}"


def with_services(published: PublishedCatalogue, data: list[dict]) -> PublishedCatalogue:
    return dataclasses.replace(published, services=[PublishedService(data=d) for d in data])


def test_expanded_sample_index_equals_lunr_pys(sample, tmp_path):
    builder = build_index(sample, GERMAN)
    assert_expands_to_serialize(builder, tmp_path)
    assert len(sample.services) > 20 and len(builder.terms) > 500  # not vacuous
    assert build_search_files(sample, NODE_MODULES)[INDEX] == _json(builder.compact())


def test_expanded_synthetic_index_equals_lunr_pys(synthetic, tmp_path):
    builder = build_index(synthetic, GERMAN)
    assert_expands_to_serialize(builder, tmp_path)
    compact = builder.compact()
    assert compact["documents"] == 300
    assert len(compact["frequencies"]) > 20  # term frequencies above 1 are covered


@pytest.mark.parametrize("which", ["none", "one", "stop-words-only", "stop-words-among-others"])
def test_small_and_odd_indexes_expand_to_lunr_pys(sample, tmp_path, which):
    services = [s.data for s in sample.services]
    data = {
        "none": [],
        "one": services[:1],
        "stop-words-only": [STOP_WORDS_ONLY],
        "stop-words-among-others": [*services[:5], STOP_WORDS_ONLY, *services[5:8]],
    }[which]
    assert_expands_to_serialize(build_index(with_services(sample, data), GERMAN), tmp_path)


def test_compact_index_is_much_smaller(synthetic):
    builder = build_index(synthetic, GERMAN)
    compact = len(gzip.compress(_json(builder.compact()), 9, mtime=0))
    lunr = len(gzip.compress(_json(builder.serialize()), 9, mtime=0))
    assert compact * 3 < lunr, (compact, lunr)


def search_dirs(published: PublishedCatalogue, root: Path) -> tuple[Path, Path]:
    """The search files twice: as built (compact index) and with lunr's serialised index."""
    files = build_search_files(published, NODE_MODULES)
    lunr_form = _json(build_index(published, GERMAN).serialize())
    dirs = []
    for name, index in (("compact", files[INDEX]), ("lunr", lunr_form)):
        for path, data in {**files, INDEX: index}.items():
            (root / name / path).parent.mkdir(parents=True, exist_ok=True)
            (root / name / path).write_bytes(data)
        dirs.append(root / name / "suche")
    assert files[INDEX] != lunr_form and json.loads(files[INDEX])["format"] == COMPACT_FORMAT
    return dirs[0], dirs[1]


@pytest.mark.parametrize("catalogue", ["sample", "synthetic"])
def test_search_through_the_compact_index_finds_the_same(catalogue, request, tmp_path):
    compact, lunr = search_dirs(request.getfixturevalue(catalogue), tmp_path)
    queries = [case["query"] for case in CASES]
    through_compact = run_node(compact, queries, raw=RAW_QUERIES)
    through_lunr = run_node(lunr, queries, raw=RAW_QUERIES)
    assert through_compact["hits"] == through_lunr["hits"]  # ids, scores and order
    assert through_compact["raw"] == through_lunr["raw"]
    assert through_compact["plans"] == through_lunr["plans"]
    assert sum(map(len, through_compact["hits"].values())) > len(queries)  # not vacuous


def test_compact_refuses_refs_it_cannot_rebuild():
    fields = {"title": 1}
    for refs in (["1", "0"], ["0", "2"], ["a"], ["0", "01"]):
        builder = IndexBuilder(fields, str.lower, [])
        for ref in refs:
            builder.add(ref, {"title": ["Hund"]})
        builder.serialize()  # lunr's form takes any refs
        with pytest.raises(ValueError, match="refs"):
            builder.compact()
    builder = IndexBuilder(fields, str.lower, [])
    for position in range(20):
        builder.add(format(position, "x"), {"title": ["Hund"]})
    assert builder.compact()["documents"] == 20


# Terms outside the Basic Multilingual Plane sort differently in Python (code points) and
# JavaScript (UTF-16 units); lunr.js's TokenSet.Builder needs JavaScript's order.
ORDER_JS = """
const [core, lunrPath, compact, lunrForm] = JSON.parse(process.argv[1]);
const lunr = require(lunrPath);
const expanded = require(core).expand(compact);
lunr.Index.load(expanded);
let error = "";
try { lunr.Index.load(lunrForm); } catch (e) { error = e.message; }
process.stdout.write(JSON.stringify({terms: expanded.invertedIndex.map((t) => t[0]), error}));
"""


def test_terms_come_in_javascripts_order():
    builder = IndexBuilder({"title": 1}, str.lower, [])
    builder.add("0", {"title": ["\uffe0", "\U0001f600", "a"]})
    python_order = [term for term, _ in builder.serialize()["invertedIndex"]]
    assert python_order == ["a", "\uffe0", "\U0001f600"]
    answer = json.loads(
        node(
            ORDER_JS,
            str(CORE),
            str(NODE_MODULES / "lunr" / "lunr.js"),
            builder.compact(),
            builder.serialize(),
        )
    )
    assert answer == {
        "terms": ["a", "\U0001f600", "\uffe0"],
        "error": "Out of order word insertion",
    }


ROUND_JS = """
const round3 = require(JSON.parse(process.argv[1])[0]).round3;
const xs = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(xs.map(round3)));
"""


def test_round3_is_pythons_round_to_three_places():
    rng = random.Random(3)
    ties = [m / 16 for m in range(1, 1600, 2)]  # exactly halfway between two thousandths
    near = [math.nextafter(x, d) for x in ties for d in (0, math.inf)]
    halves = [k / 2000 for k in range(1, 60000, 2)]  # .xxx5 as decimals, not as doubles
    large = [rng.uniform(1e5, 1e8) for _ in range(2000)] + [1234567.0625, 2e6 + 0.0005]
    xs = ties + near + halves + large + [rng.uniform(0, 60) for _ in range(50_000)]
    xs += [0.0, 1e-9, 3.0]
    in_js = json.loads(node(ROUND_JS, str(CORE), stdin=json.dumps(xs)))
    wrong = [(x, js, round(x, 3)) for x, js in zip(xs, in_js, strict=True) if js != round(x, 3)]
    assert wrong == []
    assert any(round(x, 3) != float(f"{x + 1e-12:.3f}") for x in ties)  # ties round to even


MALFORMED_JS = """
const [core, cases] = JSON.parse(process.argv[1]);
const expand = require(core).expand;
process.stdout.write(JSON.stringify(cases.map((c) => {
  try { expand(c); return "no error"; } catch (e) { return e instanceof Error ? e.message : "not an Error"; }
})));
"""


def malformed(good: dict[str, Any]) -> dict[str, Any]:
    """Broken variants of GOOD, a compact index of two documents, one field and two terms."""

    def but(**changes: Any) -> dict[str, Any]:
        return {**good, **changes}

    return {
        "not an object": None,
        "unknown format": but(format="servicekatalog-lunr-compact/99"),
        "lunr's own form": {"version": "2.3.9", "fields": [], "fieldVectors": []},
        "no terms": {k: v for k, v in good.items() if k != "terms"},
        "a term not a string": but(terms=["hund", 5]),
        "a repeated term": but(terms=["hund", "hund"]),
        "more terms than postings": but(terms=["hund", "katze", "maus"]),
        "postings of a term not per field": but(postings=[[[0]], [[0], [1]]]),
        "postings not a list": but(postings=[[[0]], [5]]),
        "a doc number beyond the documents": but(postings=[[[0]], [[2]]]),
        "a doc number beyond the documents by gaps": but(postings=[[[0, 1, 1]], [[1]]]),
        "a repeated doc number": but(postings=[[[0, 0]], [[1]]]),
        "a negative gap": but(postings=[[[1, -1]], [[1]]]),
        "a fractional gap": but(postings=[[[0.5]], [[1]]]),
        "a gap as text": but(postings=[[["0"]], [[1]]]),
        "a huge gap": but(postings=[[[1e300]], [[1]]]),
        "documents not a number": but(documents="2"),
        "documents absurdly many": but(documents=10**12),
        "documents negative": but(documents=-1),
        "boosts not per field": but(boosts=[1, 2]),
        "a boost not a number": but(boosts=["10"]),
        "a repeated field": but(fields=["title", "title"], boosts=[1, 1]),
        "frequencies not in pairs": but(frequencies=[0]),
        "a frequency of one": but(frequencies=[0, 1]),
        "a frequency beyond the postings": but(frequencies=[0, 2, 5, 2]),
        "a negative skip": but(frequencies=[-1, 2]),
        "no version": {k: v for k, v in good.items() if k != "version"},
    }


def test_a_malformed_compact_index_throws_a_clear_error():
    builder = IndexBuilder({"title": 10}, str.lower, [])
    builder.add("0", {"title": ["Hund", "Hund"]})
    builder.add("1", {"title": ["Katze", "Hund"]})
    good = builder.compact()
    assert good["postings"] == [[[0, 1]], [[1]]] and good["frequencies"] == [0, 2]
    cases = malformed(good)
    answers = json.loads(node(MALFORMED_JS, str(CORE), [good, *cases.values()]))
    assert answers[0] == "no error"
    for (name, _), answer in zip(cases.items(), answers[1:], strict=True):
        assert answer.startswith(f"search index ({COMPACT_FORMAT}): "), (name, answer)


def test_create_throws_on_a_malformed_compact_index_and_takes_lunrs_form(sample, tmp_path):
    """search.js's load() relies on create() throwing: the next keystroke then tries again."""
    compact, lunr = search_dirs(sample, tmp_path)
    script = """
const [core, dir, lunrFormDir] = JSON.parse(process.argv[1]);
const fs = require("fs");
const lunr = require(dir + "/lunr.js");
require(dir + "/lunr.stemmer.support.js")(lunr);
require(dir + "/lunr.de.js")(lunr);
const search = require(core);
const store = JSON.parse(fs.readFileSync(dir + "/store.json", "utf8"));
const index = JSON.parse(fs.readFileSync(dir + "/index.json", "utf8"));
const lunrForm = JSON.parse(fs.readFileSync(lunrFormDir + "/index.json", "utf8"));
const answers = [search.create(lunr, index, store).search("Personalausweis"),
                 search.create(lunr, lunrForm, store).search("Personalausweis")];
index.postings = index.postings.slice(1);
try { search.create(lunr, index, store); answers.push("no error"); } catch (e) { answers.push(e.message); }
process.stdout.write(JSON.stringify(answers));
"""
    answers = json.loads(node(script, str(CORE), str(compact), str(lunr)))
    assert answers[0] == answers[1] and answers[0]
    assert answers[2] == f"search index ({COMPACT_FORMAT}): postings do not match terms"

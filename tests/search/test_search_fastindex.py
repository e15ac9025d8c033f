"""The fast index builder writes lunr.py's index byte for byte; its memoised helpers stay exact."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from lunr.index import Index
from lunr.token_set import TokenSet

from bench.synth import generate_catalogue
from catalogue.model import ERROR, PublishedCatalogue, PublishedService
from catalogue.records.loader import load_catalogue
from catalogue.search.compounds import ENDINGS, MIN_CUT, MIN_PART, Compounds, compound_parts
from catalogue.search.documents import FIELDS, search_document, vocabulary
from catalogue.search.fastindex import IndexBuilder
from catalogue.search.files import _json, build_index, build_search_files
from catalogue.search.german import German, fold
from catalogue.site.publish import publish
from tests.search import lunr_py
from tests.search.measure import ROOT

NODE_MODULES = ROOT / "node_modules"
GERMAN = German(NODE_MODULES / "lunr-languages" / "lunr.de.js")
TODAY = dt.date(2026, 11, 22)
STOP_WORDS_ONLY = {
    "id": "nur-stoppwoerter",
    "title": "Über und für",
    "official_name": "Der die das",
    "summary": "Wie, was, wer?",
    "description": "Und oder aber.",
    "keywords": ["mit", "ohne"],
    "required_documents": [{"name": "Ein einer"}],
}


def lunr_index(published: PublishedCatalogue) -> bytes:
    """The index as lunr.py's Builder makes it: how build_index worked before IndexBuilder."""
    records = [s.data for s in published.services]
    compounds = Compounds(vocabulary(records, GERMAN))
    builder = lunr_py.builder(GERMAN)
    builder.ref("ref")
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    for position, data in enumerate(records):
        builder.add({"ref": format(position, "x"), **search_document(data, GERMAN, compounds)})
    if not records:  # lunr.py cannot average field lengths over no documents
        empty = TokenSet.from_list([])
        return _json(Index({}, {}, empty, list(FIELDS), builder.search_pipeline).serialize())
    return _json(builder.build().serialize())


def fast_index(published: PublishedCatalogue) -> bytes:
    return _json(build_index(published, GERMAN).serialize())


def published_from(content: Path) -> PublishedCatalogue:
    catalogue, problems = load_catalogue(content)
    assert [p for p in problems if p.severity == ERROR] == []
    return publish(catalogue, TODAY)


@pytest.fixture(scope="module")
def sample() -> PublishedCatalogue:
    return published_from(ROOT / "content")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> PublishedCatalogue:
    content = tmp_path_factory.mktemp("synth") / "content"
    generate_catalogue(300, 5, content)
    return published_from(content)


def with_services(published: PublishedCatalogue, data: list[dict]) -> PublishedCatalogue:
    return dataclasses.replace(published, services=[PublishedService(data=d) for d in data])


def test_sample_catalogue_gives_lunr_pys_bytes(sample):
    fast = fast_index(sample)
    assert fast == lunr_index(sample)
    # The site ships the compact form, which expands to FAST (tests/search/test_search_compact.py).
    shipped = build_search_files(sample, NODE_MODULES)["suche/index.json"]
    assert shipped == _json(build_index(sample, GERMAN).compact())
    assert len(sample.services) > 20 and fast.count(b'"_index"') > 500  # not vacuous


def test_synthetic_catalogue_gives_lunr_pys_bytes(synthetic):
    assert len(synthetic.services) == 300
    assert fast_index(synthetic) == lunr_index(synthetic)


def test_no_services_gives_lunr_pys_empty_index(sample):
    empty = with_services(sample, [])
    assert fast_index(empty) == lunr_index(empty)
    assert b'"fieldVectors":[]' in fast_index(empty)


def test_one_service_gives_lunr_pys_bytes(sample):
    one = with_services(sample, [sample.services[0].data])
    assert fast_index(one) == lunr_index(one)


@pytest.mark.parametrize("alone", [True, False], ids=["alone", "among-others"])
def test_a_service_of_stop_words_only_gives_lunr_pys_bytes(sample, alone):
    others = [] if alone else [s.data for s in sample.services[:5]]
    published = with_services(sample, [*others, STOP_WORDS_ONLY])
    fast = fast_index(published)
    assert fast == lunr_index(published)
    last = format(len(others), "x")
    assert f'["title/{last}",[]]'.encode() in fast  # a vector, but an empty one


def test_odd_tokens_go_through_the_pipeline_as_in_lunr_py():
    """Empty and punctuation-only words, capitals, repeats: lunr.py keeps "" as a term."""
    documents = [
        {"title": ["Hunde", "HUNDE", "hund", "", "§"], "body": ["--x--", "für", "5", "ß"]},
        {"title": ["über"], "body": ["Katze", "katzen", "hund", "hund", "hund"]},
    ]
    fields = {"title": 3, "body": 1}
    builder = lunr_py.builder(GERMAN)
    builder.ref("ref")
    for name, boost in fields.items():
        builder.field(name, boost=boost)
    fast = IndexBuilder(fields, GERMAN.pipeline_term, GERMAN.pipeline_labels())
    for position, document in enumerate(documents):
        builder.add({"ref": str(position), **document})
        fast.add(str(position), document)
    expected = builder.build().serialize()
    assert _json(fast.serialize()) == _json(expected)
    assert fast.terms == {term for term, _ in expected["invertedIndex"]} >= {"", "hund", "x"}


def test_compound_parts_split_as_trying_every_ending(sample, synthetic):
    """Looking endings up by length finds what the original loop over ENDINGS found."""

    def every_ending(word: str, vocab: frozenset[str]) -> list[str]:
        def unlink(part: str) -> str:
            return part[:-1] if part.endswith("s") and len(part) > MIN_PART + 1 else part

        parts: list[str] = []
        for ending in ENDINGS:
            if len(word) - len(ending) < MIN_PART or not word.endswith(ending):
                continue
            modifier = word[: -len(ending)]
            parts += [ending, unlink(modifier)]
            for cut in range(MIN_CUT, len(modifier) - MIN_CUT + 1):
                left = modifier[:cut]
                if left in vocab or unlink(left) in vocab:
                    parts += [modifier[cut:] + ending, unlink(modifier[cut:]), unlink(left)]
        return list(dict.fromkeys(parts))

    records = [s.data for s in [*sample.services, *synthetic.services]]
    vocab = vocabulary(records, GERMAN)
    texts = [f"{data['title']} {data['summary']} {data['description']}" for data in records]
    texts.append("Gewerbeanmeldung Wohnsitzanmeldung Hundesteuerbescheid Anwohnerparkausweis")
    words = {fold(w) for text in texts for w in GERMAN.words(text)}
    split = [w for w in words if every_ending(w, vocab)]
    assert len(split) > 100  # not vacuous
    two_endings = [w for w in split if sum(w.endswith(e) for e in every_ending(w, vocab)) > 1]
    assert "gewerbeanmeldung" in two_endings  # anmeldung and meldung: the order matters
    for word in sorted(words):
        assert compound_parts(word, vocab) == every_ending(word, vocab), word


def test_compounds_memo_gives_what_compound_parts_gives():
    vocab = frozenset({"bewohner", "gewerbe"})
    compounds = Compounds(vocab)
    words = ["Bewohnerparkausweis", "Hund", "Gewerbeanmeldung", "bewohnerparkausweis"]
    expected = list(dict.fromkeys(p for w in words for p in compound_parts(fold(w), vocab)))
    assert expected[:5] == ["ausweis", "bewohnerpark", "parkausweis", "park", "bewohner"]
    assert "anmeldung" in expected
    for _ in range(2):  # the second time from the memo, which callers must not be able to change
        found = compounds.parts_of(words)
        assert found == expected
        found.clear()


def test_vocabulary_is_every_folded_long_word_but_stop_words(sample):
    records = [s.data for s in sample.services]
    expected: set[str] = set()
    for data in records:
        text = " ".join(
            [data["title"], data["summary"], data["description"], data.get("official_name", "")]
            + list(data.get("keywords", []))
        )
        expected.update(fold(w) for w in GERMAN.words(text) if len(w) >= 4)
    expected -= {fold(w) for w in GERMAN.stop_words}
    assert vocabulary(records, GERMAN) == expected and "bewohner" in expected

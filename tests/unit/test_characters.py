"""Control, bidi and blank text: refused in every text of every record kind, named in messages."""

from __future__ import annotations

import json
import shutil
import sys
import time
import unicodedata

import pytest

from catalogue.checks.reporter import line_of
from catalogue.checks.run import validate
from catalogue.records.characters import UNWANTED, VISIBLE_TEXT, name, text_problem
from catalogue.records.schemas import SCHEMA_DIR, fast_validator_for, schema_for, validator_for
from tests.cases import BASE_CATALOGUE

BIDI_CONTROLS = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def _meant(point: int) -> bool:
    """Refused: Cc but tab and line feed, Co, noncharacters (a kind of Cn), the bidi controls."""
    category = unicodedata.category(chr(point))
    noncharacter = 0xFDD0 <= point <= 0xFDEF or point & 0xFFFE == 0xFFFE
    if category == "Cc":
        return point not in (0x09, 0x0A)
    return category == "Co" or noncharacter or point in BIDI_CONTROLS


def test_the_refused_characters_are_exactly_the_unicode_categories_meant():
    every = "".join(chr(p) for p in range(sys.maxunicode + 1) if not 0xD800 <= p <= 0xDFFF)
    found = {ord(c) for c in UNWANTED.findall(every)}
    assert found == {ord(c) for c in every if _meant(ord(c))}


def _free_texts(schema, path=""):
    """Every string in SCHEMA that may hold any character: free text and URLs (only their
    host is restricted); not ids, dates, e-mail addresses, phone numbers, enums."""
    if isinstance(schema, dict):
        text = schema.get("type") == "string" and not {"enum", "const"} & schema.keys()
        if text and schema.get("format") in (None, "uri"):
            pattern = schema.get("pattern")
            if pattern in (None, "^[^<>]*$", "^[^<>]+$") or pattern.startswith("^https://"):
                yield path, schema
        for key, value in schema.items():
            yield from _free_texts(value, f"{path}/{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            yield from _free_texts(value, f"{path}/{i}")


@pytest.mark.parametrize("kind", ["service", "department", "life-situations", "search-synonyms"])
def test_every_free_text_of_every_record_kind_must_be_visible_text(kind):
    schema = schema_for(kind)
    assert schema["definitions"]["visible_text"]["pattern"] == VISIBLE_TEXT
    texts = list(_free_texts(schema))
    assert texts
    for path, text in texts:
        assert {"$ref": "#/definitions/visible_text"} in text.get("allOf", []), path


def test_the_open_data_schema_file_is_json():
    json.loads((SCHEMA_DIR / "opendata.schema.json").read_text(encoding="utf-8"))


GOOD = [
    "Hund anmelden",
    "Zeile eins\n\n\tZeile zwei",
    "Hund 🐕 anmelden",
    "Gebühr: 12,00 €",
    "\xa0Hund",
    "Hund\u00adesteuer",  # a soft hyphen is fine
]
BLANK = [" ", "  ", "\t\n ", "\xa0\u2003\u3000", "\u200b\ufeff "]
BAD = [
    "Hund\x00",
    "\x1b[31mrot",
    "a\rb",
    "Hund\x85",
    "\u202eHund",
    "Hund\u2066x\u2069",
    "Hund\u200f",
    "xx\ue000",
    "xx\uffff",
    "xx\U0010fffd",
    "xx\U0001fffe",
    "a" * 20_000 + "\x1b",
]


@pytest.mark.parametrize("text", GOOD + BLANK + BAD)
def test_the_fast_and_the_reference_validator_agree_and_the_message_says_why(text):
    data = {"one_way": {"perso": [text]}}
    fast = fast_validator_for("search-synonyms").is_valid(data)
    errors = list(validator_for("search-synonyms").iter_errors(data))
    visible = [e for e in errors if e.validator == "pattern" and e.validator_value == VISIBLE_TEXT]
    assert fast == (not errors) == (text in GOOD)
    assert bool(visible) == (text not in GOOD)
    problem = text_problem(text)
    assert (
        problem is None
        if text in GOOD
        else problem.startswith(
            "ist leer" if text in BLANK else "enthält das unsichtbare Zeichen U+"
        )
    )


def test_a_long_text_with_a_bad_character_at_its_end_is_refused_quickly():
    data = {"one_way": {"perso": ["a " * 50_000 + "\x1b"]}}
    start = time.perf_counter()
    errors = list(validator_for("search-synonyms").iter_errors(data))
    assert errors and time.perf_counter() - start < 0.5  # no backtracking in Python's re


@pytest.mark.parametrize(
    ("char", "expected"),
    [
        ("\u202e", "U+202E (Rechts-nach-links-Überschreibung)"),
        ("\x00", "U+0000 (Nullzeichen)"),
        ("\x01", "U+0001 (Steuerzeichen)"),
        ("\ue123", "U+E123 (Zeichen für den privaten Gebrauch)"),
        ("\U0001ffff", "U+1FFFF (Nichtzeichen)"),
    ],
)
def test_characters_are_named_in_german(char, expected):
    assert name(char) == expected


def _catalogue_with(tmp_path, file: str, old: str, new: bytes | str):
    root = tmp_path / "content"
    shutil.copytree(BASE_CATALOGUE, root)
    path = root / file
    raw = path.read_bytes()
    new_bytes = new if isinstance(new, bytes) else new.encode()
    assert old.encode() in raw
    path.write_bytes(raw.replace(old.encode(), new_bytes, 1))
    return root


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (
            "title: Hund \u202eanmelden",
            "title: enthält das unsichtbare Zeichen U+202E (Rechts-nach-links-Überschreibung) "
            "nach „Hund “",
        ),
        (b"title: Hund \x1banmelden", "Die Datei enthält das unsichtbare Zeichen U+001B"),
        ("ti\u202etle: Hund anmelden", "unbekanntes Feld „tiU+202E (Rechts-nach-links-"),
    ],
)
def test_a_raw_character_in_the_file_is_named_and_never_printed_as_is(
    tmp_path, monkeypatch, new, expected
):
    monkeypatch.chdir(tmp_path)
    root = _catalogue_with(tmp_path, "services/hund-anmelden.yaml", "title: Hund anmelden", new)
    lines = [line_of(p) for p in validate(root).errors]
    assert any(expected in line for line in lines), lines
    assert not any(UNWANTED.search(line) for line in lines), lines

"""The characters no text of a record may hold, and the German words that name them."""

from __future__ import annotations

import re
import unicodedata

# Controls but tab and line feed (C0, DEL, C1 with NEL), the bidi controls (marks, embeddings,
# overrides, isolates), private use and the noncharacters. tests/unit/test_characters.py holds this
# to the Unicode categories Cc, Co and the noncharacters of Cn, plus the bidi controls (Cf);
# surrogates (Cs) cannot be in UTF-8 and PyYAML refuses them written as \ud800.
_BMP = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff"
)
_ASTRAL = "".join(chr(plane << 16 | low) for plane in range(1, 15) for low in (0xFFFE, 0xFFFF))
UNWANTED_CLASS = _BMP + _ASTRAL + "\U000f0000-\U0010ffff"
UNWANTED = re.compile(f"[{UNWANTED_CLASS}]")
# What a blank text is made of: spaces of every kind, tabs, line breaks, zero-width spaces.
BLANK_CLASS = "\t\n \xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
# The schemas' pattern for every free text: some visible character, none of UNWANTED. Its
# parts do not overlap, so Python's re (python-jsonschema) checks it in linear time too.
VISIBLE_TEXT = f"^[{BLANK_CLASS}]*[^{BLANK_CLASS}{UNWANTED_CLASS}][^{UNWANTED_CLASS}]*$"
_BLANK = re.compile(f"[{BLANK_CLASS}]*")

NAMES = {
    0x00: "Nullzeichen",
    0x08: "Rückschritt",
    0x0B: "vertikaler Tabulator",
    0x0C: "Seitenvorschub",
    0x0D: "Wagenrücklauf",
    0x1B: "Escape-Zeichen",
    0x7F: "Löschzeichen",
    0x85: "Zeilenumbruch NEL",
    0x061C: "Arabische Buchstabenmarke",
    0x200E: "Links-nach-rechts-Marke",
    0x200F: "Rechts-nach-links-Marke",
    0x202A: "Links-nach-rechts-Einbettung",
    0x202B: "Rechts-nach-links-Einbettung",
    0x202C: "Ende der Richtungsformatierung",
    0x202D: "Links-nach-rechts-Überschreibung",
    0x202E: "Rechts-nach-links-Überschreibung",
    0x2066: "Links-nach-rechts-Isolierung",
    0x2067: "Rechts-nach-links-Isolierung",
    0x2068: "Erste-starke-Isolierung",
    0x2069: "Ende der Isolierung",
}


def name(char: str) -> str:
    """ "\u202e" -> "U+202E (Rechts-nach-links-Überschreibung)"."""
    point = ord(char)
    words = NAMES.get(point)
    if words is None:
        category = unicodedata.category(char)
        words = {"Cc": "Steuerzeichen", "Co": "Zeichen für den privaten Gebrauch"}.get(
            category, "Nichtzeichen"
        )
    return f"U+{point:04X} ({words})"


def escaped(char: str) -> str:
    """How CHAR is written in a double-quoted YAML text: "\\x1b", "\\u202e"."""
    point = ord(char)
    if point < 0x100:
        return f"\\x{point:02x}"
    return f"\\u{point:04x}" if point < 0x10000 else f"\\U{point:08x}"


def text_problem(text: str) -> str | None:
    """What is wrong with TEXT as a record's text (one German clause), or None."""
    found = UNWANTED.search(text)
    if found:
        line = text[: found.start()].rsplit("\n", 1)[-1].replace("\t", " ")
        tail = line[-24:]
        _, space, words = tail.partition(" ")  # from a word's start where there is one
        before = line if len(line) <= 24 else "…" + (words if space and words.strip() else tail)
        line_start = "einer Zeile" if "\n" in text[: found.start()] else "des Texts"
        where = f"nach „{before}“" if before.strip() else f"am Anfang {line_start}"
        return (
            f"enthält das unsichtbare Zeichen {name(found.group())} {where}; löschen Sie es "
            f"(zwischen Anführungszeichen steht es vielleicht als {escaped(found.group())} da)"
        )
    if _BLANK.fullmatch(text):
        return "ist leer (nur Leerzeichen); tragen Sie einen Text ein"
    return None

"""Translate jsonschema's raw errors into one plain German sentence for editors."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from typing import Any

from jsonschema.exceptions import ValidationError, best_match

from catalogue.model import ERROR, Problem, Record
from catalogue.records.characters import UNWANTED, VISIBLE_TEXT, name, text_problem
from catalogue.records.yamlsafe import dotted

TYPE_NAMES = {
    "string": "ein Text",
    "number": "eine Zahl",
    "integer": "eine ganze Zahl",
    "boolean": "true oder false",
    "array": "eine Liste (Zeilen mit „- “)",
    "object": "ein Block mit Feldern (Feldname: Wert)",
    "null": "leer",
}

# Hints for the patterns used in schema/*.schema.json, keyed by the pattern text.
PATTERN_HINTS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "darf nur Kleinbuchstaben, Ziffern und einzelne Bindestriche "
    "enthalten (keine Umlaute, kein ß, keine Leerzeichen), z. B. hund-anmelden",
    "^https://[^\\s/?#]+\\.[^\\s/?#]+": "muss eine vollständige Adresse sein, die mit https:// "
    "beginnt (http:, javascript: und data: sind nicht erlaubt)",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "muss ein Datum im Format JJJJ-MM-TT sein, z. B. 2026-03-31",
    "^[^<>]*$": "ist Klartext und darf kein < oder > enthalten",
    "^[0-9]{14}$": 'muss aus genau 14 Ziffern bestehen, in Anführungszeichen, z. B. "99050012104000"',
    "^[0-9]{5}$": 'muss eine fünfstellige Postleitzahl in Anführungszeichen sein, z. B. "12345"',
    "^\\+?[0-9][0-9 /()-]{4,30}$": 'muss eine Telefonnummer sein, z. B. "0123 456-0"',
    "^([01][0-9]|2[0-3]):[0-5][0-9]$": 'muss eine Uhrzeit in Anführungszeichen sein, z. B. "08:30"',
    "^[A-Za-z0-9_.:-]{1,80}$": "darf nur Buchstaben, Ziffern und . _ : - enthalten, in "
    'Anführungszeichen, z. B. "1063441"',
    "^@[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$": "muss eine Kennung im Git-Dienst sein, "
    "die mit @ beginnt, z. B. @musterstadt/buergerbuero",
    "^media/([a-z0-9]+(-[a-z0-9]+)*/)*[a-z0-9]+([._-][a-z0-9]+)*\\.(webm|mp4)$": "muss eine Videodatei im Ordner media/ sein: Kleinbuchstaben, Ziffern, "
    "Bindestriche und Unterordner, Endung .webm oder .mp4, z. B. media/gebaerdensprache/inhalt.webm",
    "^media/([a-z0-9]+(-[a-z0-9]+)*/)*[a-z0-9]+([._-][a-z0-9]+)*\\.(jpg|jpeg|png|webp)$": "muss ein Bild im Ordner media/ sein: Kleinbuchstaben, Ziffern, "
    "Bindestriche und Unterordner, Endung .jpg, .jpeg, .png oder .webp, z. B. media/gebaerdensprache/inhalt.jpg",
    "^media/([a-z0-9]+(-[a-z0-9]+)*/)*[a-z0-9]+([._-][a-z0-9]+)*\\.vtt$": "muss eine Untertiteldatei im Ordner media/ sein: Kleinbuchstaben, Ziffern, "
    "Bindestriche und Unterordner, Endung .vtt, z. B. media/gebaerdensprache/inhalt.vtt",
}

FORMAT_HINTS = {
    "date": "ist kein gültiges Datum; schreiben Sie JJJJ-MM-TT, z. B. 2026-03-31",
    "uri": "ist keine gültige Adresse (Leerzeichen oder Host fehlen?)",
    "email": "ist keine gültige E-Mail-Adresse, z. B. buergerbuero@musterstadt.example",
}


def shown(value: Any, limit: int = 40) -> str:
    """A short, quoted rendering of a value for a message."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = f'"{value}"'
    elif isinstance(value, dict):
        text = "ein Block mit Feldern"
    elif isinstance(value, list):
        text = "eine Liste"
    elif value is None:
        text = "nichts (leer)"
    else:
        text = json.dumps(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def field_problems(
    errors: Iterable[ValidationError],
    record: Record,
    yaml11_bools: set[tuple],
    sexagesimal: set[tuple],
) -> list[Problem]:
    """One German problem per field of RECORD, and one per missing field, in the errors' order.

    A record without summary, description and fees gets three lines, not the first one.
    """
    found: dict[tuple, Problem] = {}
    for error in errors:
        where, message = translate(error, yaml11_bools, sexagesimal)
        key = (where, message) if error.validator == "required" else (where,)
        if key not in found:
            line = record.line_of(where)
            found[key] = Problem(record.rel, line, dotted(where), message, ERROR, "schema")
    return list(found.values())


def translate(
    error: ValidationError, yaml11_bools: set[tuple], sexagesimal: set[tuple]
) -> tuple[tuple, str]:
    """Return (path of the offending value, message) for ERROR."""
    path = tuple(error.absolute_path)
    kind = error.validator
    value = error.instance
    if kind in ("oneOf", "anyOf"):
        sub = _best_branch(error)
        if sub is not None:
            return translate(sub, yaml11_bools, sexagesimal)
        described = error.schema.get("description", "siehe die Beschreibung im Schema")
        return path, f"passt zu keiner der erlaubten Formen. {described}"
    if kind == "required":
        missing = error.message.split("'")[1]
        return path, f"Pflichtfeld „{missing}“ fehlt; ergänzen Sie es"
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extras = [k for k in value if k not in allowed] if isinstance(value, dict) else []
        key = extras[0] if extras else "?"
        close = difflib.get_close_matches(key, allowed, n=1)
        tip = f" Meinten Sie „{close[0]}“?" if close else f" Erlaubt sind: {', '.join(allowed)}."
        if UNWANTED.search(key):  # shown as is, it could turn the line around
            return path + (key,), (
                f"unbekanntes Feld „{UNWANTED.sub(lambda m: name(m.group()), key)}“: "
                f"der Name enthält ein unsichtbares Zeichen; löschen Sie es.{tip}"
            )
        return path + (key,), f"unbekanntes Feld „{key}“.{tip}"
    if kind == "type":
        return path, _type_message(error, path, yaml11_bools, sexagesimal)
    if kind == "enum":
        options = ", ".join(str(o) for o in error.validator_value)
        return path, f"muss einer dieser Werte sein: {options} – nicht {shown(value)}"
    if kind == "const":
        return path, f"muss {shown(error.validator_value)} sein, nicht {shown(value)}"
    if kind == "pattern":
        problem = text_problem(value) if error.validator_value == VISIBLE_TEXT else None
        if problem:
            return path, problem
        hint = PATTERN_HINTS.get(error.validator_value, "hat nicht die erwartete Form")
        return path, f"{hint} – nicht {shown(value)}"
    if kind == "format":
        hint = FORMAT_HINTS.get(error.validator_value, f"ist kein gültiges {error.validator_value}")
        return path, f"{shown(value)} {hint}"
    if kind == "minLength":
        return path, f"ist zu kurz: mindestens {error.validator_value} Zeichen"
    if kind == "maxLength":
        return path, (
            f"ist zu lang: {len(value)} Zeichen, erlaubt sind höchstens {error.validator_value}; "
            "bitte kürzen"
        )
    if kind == "minItems":
        if error.validator_value == 1:
            return path, "braucht mindestens einen Eintrag"
        return path, f"braucht mindestens {error.validator_value} Einträge"
    if kind == "uniqueItems":
        return path, "enthält einen Eintrag doppelt; löschen Sie die Wiederholung"
    if kind in ("minimum", "exclusiveMinimum"):
        return path, f"darf nicht kleiner als {error.validator_value} sein, nicht {shown(value)}"
    if kind in ("maximum", "exclusiveMaximum"):
        return path, f"darf nicht größer als {error.validator_value} sein, nicht {shown(value)}"
    return path, f"ist ungültig ({error.message})"


def _type_message(
    error: ValidationError, path: tuple, yaml11_bools: set[tuple], sexagesimal: set[tuple]
) -> str:
    expected = error.validator_value
    names = expected if isinstance(expected, list) else [expected]
    want = " oder ".join(TYPE_NAMES.get(n, str(n)) for n in names)
    value = error.instance
    message = f"muss {want} sein, nicht {shown(value)}"
    if path in yaml11_bools and "string" in names:
        return (
            f"muss {want} sein: YAML liest ein einzelnes Wort wie no, yes, on oder off als "
            f'Wahrheitswert ({shown(value)}). Setzen Sie es in Anführungszeichen, z. B. "no"'
        )
    if path in sexagesimal and "string" in names:
        return f'muss {want} sein; setzen Sie Uhrzeiten in Anführungszeichen, z. B. "{value}"'
    if isinstance(value, str) and names[0] in ("number", "integer"):
        if any(ch.isdigit() for ch in value) and "," in value:
            fixed = value.replace("€", "").replace(".", "").replace(",", ".").strip()
            return f"{message}. Schreiben Sie Beträge mit Punkt und ohne €, z. B. {fixed}"
        return f"{message} (z. B. 12.50)"
    if isinstance(value, bool) and "string" in names:
        return f'{message}. Setzen Sie den Text in Anführungszeichen, z. B. "{value}"'
    if value is None:
        return (
            f"ist leer, muss aber {want} sein; tragen Sie einen Wert ein oder löschen Sie das Feld"
        )
    if isinstance(value, (int, float)) and "string" in names:
        return f'{message}. Setzen Sie die Angabe in Anführungszeichen, z. B. "{value}"'
    return message


def _best_branch(error: ValidationError) -> ValidationError | None:
    """For oneOf/anyOf pick the branch the editor most likely meant, not a wall of errors."""
    if not error.context:
        return None
    instance = error.instance
    if isinstance(instance, dict):
        # Prefer the branch whose own properties overlap most with what was written.
        scores: dict[int, int] = {}
        for sub in error.context:
            branch = sub.schema_path[0]
            props = error.validator_value[branch].get("properties", {})
            scores[branch] = sum(1 for k in instance if k in props)
        top = max(scores.values())
        chosen = [b for b, s in scores.items() if s == top]
        if len(chosen) != 1:
            return None  # ambiguous: explain the alternatives instead of guessing
        return best_match([e for e in error.context if e.schema_path[0] == chosen[0]])
    return best_match(error.context)

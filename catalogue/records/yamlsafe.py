"""Load one YAML record safely: bounded size, depth and aliases, no duplicate keys, line numbers."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # PyYAML is imported on first use (20 ms; see preload), not at import
    import yaml

MAX_BYTES = 256 * 1024  # a real record is 2-10 KB
MAX_DEPTH = 40  # a real record nests 4 levels deep
MAX_NODES = 20_000  # values after alias expansion; a real record has a few hundred

# YAML 1.1 reads these as booleans; YAML 1.2 and every editor's eye read them as words.
YAML11_BOOL_WORDS = {"yes", "no", "on", "off", "y", "n"}

_STR = "tag:yaml.org,2002:str"
_KEY_KINDS = {
    "tag:yaml.org,2002:int": "eine Zahl",
    "tag:yaml.org,2002:float": "eine Zahl",
    "tag:yaml.org,2002:bool": "ein Wahrheitswert",
    "tag:yaml.org,2002:null": "leer",
    "tag:yaml.org,2002:timestamp": "ein Datum",
}
_KNOWN_TAGS = {_STR, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", *_KEY_KINDS}


@dataclass
class Parsed:
    """The outcome of parsing one file: data, line of every value, and what went wrong."""

    data: Any = None
    lines: dict[tuple, int] = field(default_factory=dict)
    yaml11_bools: set[tuple] = field(default_factory=set)  # paths whose yes/no became a bool
    sexagesimal: set[tuple] = field(default_factory=set)  # paths of 08:30 or 0755, kept as text
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (line, field, message)


class _Refused(Exception):
    def __init__(self, line: int, field_name: str, message: str) -> None:
        super().__init__(message)
        self.line, self.field, self.message = line, field_name, message


@cache
def _loaders() -> tuple[type, type]:
    """libyaml's safe loader (about three times faster) and PyYAML's pure-Python one."""
    import yaml

    class Resolving:
        """PyYAML's resolver with its answers kept: the same field names in every record.

        A safe loader has no path resolvers, so a tag depends on (kind, value, implicit)
        alone, and descending and ascending do nothing. 40 % of composing 1,000 records
        went into resolve(), mostly for the same few hundred values.
        """

        def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
            if kind is not yaml.ScalarNode or not implicit[0] or value is None:  # not plain
                return super().resolve(kind, value, implicit)  # type: ignore[misc]
            tag = _TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)  # type: ignore[misc]
                if len(value) < 64 and len(_TAGS) < 1 << 16:
                    _TAGS[value] = tag
            return tag

        def descend_resolver(self, *_: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

    fast = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    assert not fast.yaml_path_resolvers and not yaml.SafeLoader.yaml_path_resolvers
    return (
        type("FastLoader", (Resolving, fast), {}),
        type("StrictLoader", (Resolving, yaml.SafeLoader), {}),
    )


_TAGS: dict[str, str] = {}  # plain scalar -> its tag


def preload() -> None:
    """Import PyYAML and make the loaders now (about 20 ms), e.g. before forking."""
    _loaders()


def _loader(text: str) -> type:
    """The loader for TEXT: libyaml's, unless TEXT has a tab.

    libyaml takes tabs where PyYAML's own scanner refuses them ("a: b\t# c", a line of
    spaces and a tab); tests/unit/test_yaml_differential.py found no other difference. A record
    with a tab is read the strict way, so that it means the same to both, and an editor
    gets the message to use spaces. Records rarely hold a tab: the cost is small.
    """
    fast, strict = _loaders()
    return strict if "\t" in text else fast


def parse_bytes(raw: bytes) -> Parsed:
    """Parse RAW into plain data; never raises on bad content, returns errors instead."""
    import yaml

    out = Parsed()
    text = ""
    try:
        text = _decode(raw)
        tagged: dict[tuple[int, int], str] = {}
        if not _surely_shallow(text) or ("!" in text and _MAYBE_TAG.search(text)):
            tagged = _check_events(text)
        node = yaml.compose(text, Loader=_loader(text))
        if node is None:
            raise _Refused(
                1,
                "",
                "Die Datei ist leer. Legen Sie neue Leistungen mit „python build.py new ID“ an.",
            )
        out.data = _Builder(out, tagged).build(node, ())
    except _Refused as refused:
        out.data = None
        out.errors.append((refused.line, refused.field, refused.message))
    except yaml.MarkedYAMLError as exc:
        out.data = None
        out.errors.append(_syntax_error(exc))
    except yaml.reader.ReaderError as exc:  # a control character written as is
        out.data = None
        line = text[: exc.position].count("\n") + 1
        out.errors.append((line, "", f"Die Datei {_character_problem(chr(exc.character))}."))
    except yaml.YAMLError as exc:  # reader errors without a mark
        out.data = None
        out.errors.append((1, "", f"Die Datei ist kein gültiges YAML ({exc})."))
    return out


def too_big(size: int) -> str:
    """The message for a file of SIZE bytes over the limit."""
    return (
        f"Die Datei ist zu groß ({size // 1024} KB, erlaubt sind {MAX_BYTES // 1024} KB). "
        "Kürzen Sie den Text oder teilen Sie ihn auf mehrere Dateien auf."
    )


def decode(raw: bytes) -> tuple[str | None, tuple[int, str]]:
    """The text of RAW, or None and (line, message) when it is no plain UTF-8 text file."""
    try:
        return _decode(raw), (0, "")
    except _Refused as refused:
        return None, (refused.line, refused.message)


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise _Refused(1, "", too_big(len(raw)))
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _Refused(
            1,
            "",
            "Die Datei beginnt mit einer Byte-Order-Mark (BOM). "
            "Speichern Sie sie als „UTF-8“ ohne BOM.",
        )
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise _Refused(
            line, "", "Die Datei enthält Binärdaten (Null-Bytes) und ist keine Textdatei."
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _Refused(
            line,
            "",
            "Die Datei ist nicht in UTF-8 gespeichert (ungültiges Byte "
            f"0x{raw[exc.start]:02x}). Speichern Sie sie im Editor als „UTF-8“.",
        ) from None


TWO_DOCUMENTS = (
    "Die Datei enthält mehr als ein YAML-Dokument (eine Zeile „---“ zu viel). "
    "Eine Datei beschreibt genau eine Leistung."
)
# A tag ("!!int 3", "!foo") can only start a token; "Achtung!" in a text cannot be one.
_MAYBE_TAG = re.compile(r"(?:^|[\s\[{,])!")


def _surely_shallow(text: str) -> bool:
    """A cheap bound on nesting, so the exact (slower) event walk runs only when needed.

    Every flow level needs a "[" or "{"; every block level needs at least one more
    leading column of spaces or indicators ("- ", "? ", ": "), except one compact
    sequence per mapping level. libyaml's composer recurses in C and crashes on very
    deep input, so this guard must never underestimate.
    """
    flow = text.count("[") + text.count("{")
    if flow >= MAX_DEPTH:
        return False
    # flow + 2 * (leading + 1) + 1 < MAX_DEPTH, i.e. no line leads with this many or more:
    return _leading_at_least((MAX_DEPTH - flow) // 2 - 1).search(text) is None


@cache
def _leading_at_least(columns: int) -> re.Pattern[str]:
    """A line that starts with COLUMNS or more spaces and indicators (one search, no list)."""
    return re.compile(rf"^[ ?:-]{{{max(columns, 0)}}}", re.MULTILINE)


def _check_events(text: str) -> dict[tuple[int, int], str]:
    """Walk the event stream (no recursion): refuse absurd nesting before composing.

    Returns where values carry an explicit tag ("!!int 3", "!!bool maybe", "!ort …"), by
    line and column, for the builder to refuse with the field's name: a tag gives a value
    another meaning than its spelling, and a record never needs one.
    """
    import yaml

    depth = 0
    documents = 0
    tagged: dict[tuple[int, int], str] = {}
    for event in yaml.parse(text, Loader=_loader(text)):
        mark = event.start_mark
        assert mark is not None  # the parser marks every event
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(
                    mark.line + 1,
                    "",
                    f"Die Daten sind zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen). "
                    "Prüfen Sie die Einrückung und die Klammern.",
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Refused(mark.line + 1, "", TWO_DOCUMENTS)
        tag = getattr(event, "tag", None)  # nodes' events: scalars, sequences, mappings
        if tag is not None:
            tagged[mark.line, mark.column] = tag
    return tagged


class _Builder:
    """Turn composed nodes into plain data, counting every value so aliases cannot explode."""

    def __init__(self, out: Parsed, tagged: dict[tuple[int, int], str]) -> None:
        import yaml

        self.out = out
        self.tagged = tagged
        self.count = 0
        self.yaml = yaml

    def build(self, node: yaml.Node, path: tuple) -> Any:
        self.count += 1
        line = node.start_mark.line + 1
        if self.count > MAX_NODES:
            raise _Refused(
                line,
                "",
                "Die Datei erzeugt zu viele Werte – vermutlich durch YAML-Anker und -Verweise "
                "(& und *). Schreiben Sie die Werte direkt aus, ohne & und *.",
            )
        self.out.lines.setdefault(path, line)
        if node.tag == _STR and not self.tagged:  # most values: a plain or quoted text
            return node.value
        if node.tag not in _KNOWN_TAGS or (self.tagged and self._tagged(node)):
            written = self.tagged.get((node.start_mark.line, node.start_mark.column), node.tag)
            raise _Refused(
                line,
                _dotted(path),
                f"Der YAML-Typ „{written.replace('tag:yaml.org,2002:', '!!')}“ ist nicht "
                "erlaubt. Entfernen Sie das „!“-Kennzeichen; ein Text, der mit ! beginnt, "
                "gehört in Anführungszeichen.",
            )
        if isinstance(node, self.yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, self.yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        assert isinstance(node, self.yaml.ScalarNode)
        return self._scalar(node, path)

    def _tagged(self, node: yaml.Node) -> bool:
        return (node.start_mark.line, node.start_mark.column) in self.tagged

    def _mapping(self, node: yaml.MappingNode, path: tuple) -> dict:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, self.yaml.ScalarNode):
                raise _Refused(
                    key_line, _dotted(path), "Ein Feldname muss ein einfaches Wort sein."
                )
            key = key_node.value
            if key_node.tag != _STR and key != "<<":  # 1:, yes:, null:, a bare "?"
                raise _Refused(
                    key_line,
                    _dotted(path),
                    f"Der Feldname „{key}“ ist für YAML kein Text, sondern "
                    f"{_KEY_KINDS.get(key_node.tag, 'ein anderer Typ')}. Schreiben Sie einen "
                    'Feldnamen aus Buchstaben, oder setzen Sie ihn in Anführungszeichen, z. B. "1".',
                )
            if key == "<<":
                raise _Refused(
                    key_line,
                    _dotted(path),
                    "YAML-Zusammenführungen („<<:“) sind nicht erlaubt. Schreiben Sie die Felder aus.",
                )
            if key in result:
                first = self.out.lines.get(path + (key,), "?")
                raise _Refused(
                    key_line,
                    _dotted(path + (key,)),
                    f"Das Feld „{key}“ steht doppelt (zuerst in Zeile {first}). "
                    "Löschen Sie einen der beiden Einträge.",
                )
            where = path + (key,)
            self.out.lines[where] = key_line
            result[key] = self.build(value_node, where)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: tuple) -> Any:
        tag, value = node.tag, node.value
        if tag == "tag:yaml.org,2002:timestamp":
            return value  # dates stay as written; the schema checks format: date
        if tag == "tag:yaml.org,2002:bool":
            if value.lower() in YAML11_BOOL_WORDS:
                self.out.yaml11_bools.add(path)
            return value.lower() in {"true", "yes", "on", "y"}
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:int" and (":" in value or _OCTAL.match(value)):
            # YAML 1.1 reads 08:30 as 510 and 0755 (or a postal code 01067) as an octal
            # number; nobody writing a record means either. Keep the text as written; where
            # a number is expected, the schema reports the wrong type with a hint.
            self.out.sexagesimal.add(path)
            return value
        if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            return _number(value, tag)
        return value


_OCTAL = re.compile(r"[-+]?0[0-7_]")  # YAML 1.1's octal numbers (0755); "0" alone is zero


def _character_problem(char: str) -> str:
    from catalogue.records.characters import name  # only for a file with a control character

    return f"enthält das unsichtbare Zeichen {name(char)}; löschen Sie es"


def _number(value: str, tag: str) -> Any:
    """Turn a YAML 1.1 number into int or float, as PyYAML does (exact, however long).

    Infinity, NaN (.inf, .nan, 1.0e+999) and a number too long for Python's int() (4,300
    digits) stay text, so that the schema refuses them where a number is expected: no
    record means them, and NaN would slip through every minimum and maximum.
    """
    text = value.replace("_", "")
    digits = text.lstrip("+-")
    try:
        if tag.endswith("float"):
            number = float(text)
            return number if math.isfinite(number) else value
        if digits[:2].lower() in ("0x", "0b"):
            return (-1 if text[:1] == "-" else 1) * int(digits, 0)
        return int(text)
    except ValueError:
        return value


SYNTAX_PROBLEMS = {
    "mapping values are not allowed": "ein Doppelpunkt steht an einer unerwarteten Stelle",
    "cannot start any token": "ein Zeichen steht am Anfang eines Werts, wo es nicht stehen darf",
    "could not find expected ':'": "nach einem Feldnamen fehlt der Doppelpunkt",
    "did not find expected key": "die Einrückung passt nicht zu den Zeilen davor",
    "expected <block end>": "die Einrückung passt nicht zu den Zeilen davor",
    "did not find expected '-' indicator": "die Einrückung einer Liste passt nicht",
    "found unexpected end of stream": "ein Anführungszeichen oder eine Klammer wird nicht geschlossen",
    "found undefined alias": "ein Verweis (*name) hat keinen Anker (&name)",
    "found duplicate anchor": "ein Anker (&name) steht doppelt",
    "expected a single document": "die Datei enthält mehr als ein Dokument",
}


def _syntax_error(exc: yaml.MarkedYAMLError) -> tuple[int, str, str]:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    raw = exc.problem or str(exc)
    if "another document" in raw:
        return line, "", TWO_DOCUMENTS
    problem = next((de for en, de in SYNTAX_PROBLEMS.items() if en in raw), raw)
    hint = "Prüfen Sie Einrückung (nur Leerzeichen), Doppelpunkte und Anführungszeichen."
    if "cannot start any token" in raw or "tab" in raw:
        hint = (
            "Ersetzen Sie Tabulatoren durch Leerzeichen; Texte, die mit @, ` oder % beginnen, "
            "gehören in Anführungszeichen."
        )
    elif "mapping values are not allowed" in raw:
        hint = (
            "Ein Text mit Doppelpunkt muss in Anführungszeichen stehen, "
            'z. B. note: "Hinweis: bitte mitbringen".'
        )
    elif "found undefined alias" in raw:
        hint = "Schreiben Sie den Wert aus, statt auf ihn zu verweisen."
    elif "expected a single document" in raw:
        hint = (
            "Eine Datei beschreibt genau eine Leistung; entfernen Sie die zusätzliche „---“-Zeile."
        )
    return line, "", f"YAML-Syntaxfehler: {problem}. {hint}"


def _dotted(path: tuple) -> str:
    return dotted(path)


def dotted(path: tuple | list) -> str:
    """Format a data path the way editors read it: fees.items[0].amount."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out

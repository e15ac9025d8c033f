"""Read a common, clean record fast (yaml-rs, in Rust), or say that the careful reader must.

The careful reader (yamlsafe, PyYAML) stays the judge: it gives line numbers and explains
every problem. This reader only takes the common case off its hands, about seven times
faster. It returns the record's data when yaml-rs (YAML 1.2) provably reads the file as
yamlsafe (YAML 1.1) would, and None in every other case: a syntax error, duplicate keys,
tags, anchors and aliases, merge keys, several documents, deep nesting, or any value that
YAML 1.1 reads otherwise (yes/no, 08:30, 0755, 1e3). tests/test_quickyaml.py checks that
both readers agree on every file this one accepts.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml_rs

from .yamlsafe import MAX_BYTES, MAX_DEPTH, MAX_NODES

# Characters the careful reader refuses (controls) or reads as line breaks (YAML 1.1 only),
# found in the UTF-8 bytes: control bytes by a translate that deletes every other byte, and
# U+0080-U+009F (C2 80-9F), U+2028/U+2029 and U+FFFE/U+FFFF by their encodings. Surrogates
# cannot be in valid UTF-8; decoding refuses them.
_ALL_BUT_CONTROLS = bytes(b for b in range(256) if b in (9, 10, 13) or 0x20 <= b != 0x7F)
# A line that starts a document ("---"), ends one ("...") or is a directive ("%YAML").
_DOCUMENT_LINE = re.compile(rb"\n(?:---|\.\.\.|%)")
# Where a YAML token starts; a tag (!), anchor (&) or alias (*) there sends the file on.
_TOKEN_START = frozenset(b" \t\r\n[]{},:-")
_AFTER_MARK_IN_TEXT = (b"", b" ", b"\t", b"\r", b"\n", b"*", b"&")
# A plain value that starts like a number, standing alone after "key:", "- ", on its own
# line, or in a flow list. Each regex starts with a literal, so the scan is quick.
_TOKEN = r"([-+._0-9][^\s#'\",\[\]{}]*)[ \t]*(?=$|[ \t]#|[,\]}])"
_NUMBER_TOKENS = (
    re.compile(r":[ \t]+" + _TOKEN, re.MULTILINE),
    re.compile(r"-[ \t]+" + _TOKEN, re.MULTILINE),
    re.compile(r"\n[ \t]*" + _TOKEN, re.MULTILINE),
)
_FLOW_NUMBER_TOKENS = re.compile(r"[\[{,][ \t]*" + _TOKEN, re.MULTILINE)
# The spellings both readers turn into the same value: plain decimals and dates. Anything
# else (0755, 09, 1e3, -.5, _1, 0o17) is read differently by one of them.
_SAME_IN_BOTH = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
# YAML 1.1's readings of plain text as PyYAML's Resolver has them (tag, regex, first
# letters), copied so that the quick path need not import PyYAML (20 ms); timestamps are
# left out: yamlsafe keeps dates as written, as yaml-rs does here. tests/test_validate_fast.py
# checks that this table is PyYAML's.
YAML11_RESOLVERS = (
    (
        "tag:yaml.org,2002:bool",
        r"""^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$""",
        re.X,
        "yYnNtTfFoO",
    ),
    (
        "tag:yaml.org,2002:float",
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""",
        re.X,
        "-+0123456789.",
    ),
    (
        "tag:yaml.org,2002:int",
        r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
        re.X,
        "-+0123456789",
    ),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", 0, "<"),
    (
        "tag:yaml.org,2002:null",
        r"""^(?: ~
                    |null|Null|NULL
                    | )$""",
        re.X,
        ("~", "n", "N", ""),
    ),
    ("tag:yaml.org,2002:value", r"^(?:=)$", 0, "="),
    ("tag:yaml.org,2002:yaml", r"^(?:!|&|\*)$", 0, "!&*"),
)


def _by_first_letter() -> dict[str, tuple[re.Pattern[str], ...]]:
    table: dict[str, tuple[re.Pattern[str], ...]] = {}
    for _, pattern, flags, firsts in YAML11_RESOLVERS:
        compiled = re.compile(pattern, flags)
        for first in firsts:  # a string of letters, or a tuple where "" (empty text) is one
            table[first] = (*table.get(first, ()), compiled)
    return table


_YAML11 = _by_first_letter()
# What YAML 1.2 (core schema) reads as a number, bool or null when written plainly. A string
# like this in yaml-rs's result was quoted, so YAML 1.1 reads it as text too.
_YAML12_NOT_TEXT = re.compile(
    r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|true|True|TRUE|false|False|FALSE|null|Null|NULL|~"
)
_NO_ALIASES = yaml_rs.AliasLimits(
    max_total_replayed_events=0, max_replay_stack_depth=0, max_alias_expansions_per_anchor=0
)
# Field names already found to be plain text (the same few dozen in every record).
_PLAIN_KEYS: set[str] = set()


def quick_data(raw: bytes) -> dict | list | None:
    """The data of RAW if it is a clean record both readers agree on, else None."""
    if len(raw) > MAX_BYTES or raw.startswith(b"\xef\xbb\xbf") or b"\x00" in raw:
        return None
    if _unusual(raw):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # The scans below know one line break, "\n"; both readers also take "\r\n" and "\r".
    flat = raw if b"\r" not in raw else raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if _has_special_constructs(flat):
        return None
    try:
        data = yaml_rs.loads(text, parse_datetime=False, alias_limits=_NO_ALIASES)
    except Exception:  # noqa: BLE001 - any refusal, whatever its type, goes to the careful reader
        return None
    if not isinstance(data, (dict, list)):
        return None
    return data if _agrees(data, text if flat is raw else flat.decode("utf-8")) else None


def _unusual(raw: bytes) -> bool:
    """Whether RAW holds a character the careful reader refuses or reads as a line break.

    One-byte searches (memchr) first: a longer needle is searched five times slower.
    """
    if raw.translate(None, _ALL_BUT_CONTROLS):
        return True
    at = raw.find(b"\xc2")
    while at != -1:
        if b"\x80" <= raw[at + 1 : at + 2] <= b"\x9f":
            return True
        at = raw.find(b"\xc2", at + 1)
    if (b"\xa8" in raw or b"\xa9" in raw) and (b"\xe2\x80\xa8" in raw or b"\xe2\x80\xa9" in raw):
        return True
    return b"\xef" in raw and (b"\xef\xbf\xbe" in raw or b"\xef\xbf\xbf" in raw)


def _has_special_constructs(raw: bytes) -> bool:
    """Tags, anchors, aliases, merge keys, document markers or directives."""
    if raw.startswith((b"---", b"...", b"%")) or _DOCUMENT_LINE.search(raw):
        return True
    if b"<" in raw and b"<<" in raw:
        return True
    for mark in b"!&*":
        at = raw.find(mark)
        while at != -1:
            starts_token = not at or raw[at - 1] in _TOKEN_START  # not so: "Bau&Umwelt"
            if starts_token and (mark == 0x21 or raw[at + 1 : at + 2] not in _AFTER_MARK_IN_TEXT):
                return True  # "**fett**" and "a & b" stay text; "*kursiv*" is sent on, to be safe
            at = raw.find(mark, at + 1)
    return False


def _agrees(data: Any, text: str) -> bool:
    """Every value once, without recursion: bounded depth and count, text keys, no doubts."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    count = 0
    numbers = False
    doubtful: set[str] = set()
    while stack:
        container, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        if type(container) is dict:
            if not _PLAIN_KEYS.issuperset(container):
                if not all(type(key) is str and not _doubtful(key) for key in container):
                    return False
                if len(_PLAIN_KEYS) < 4096:
                    _PLAIN_KEYS.update(container)
            values = container.values()
        else:
            values = container
        count += len(values)
        if count > MAX_NODES:
            return False
        for value in values:
            kind = type(value)
            if kind is str:
                if value.isspace():  # an empty block scalar: yaml-rs keeps its line break
                    return False
                if " " not in value and _doubtful(value):  # a sentence is never in doubt
                    doubtful.add(value)
            elif kind is dict or kind is list:
                stack.append((value, depth + 1))
            elif kind is int:
                numbers = True
                if abs(value) >= 10**29:  # yamlsafe reads absurdly long numbers as infinity
                    return False
            elif kind is float:
                numbers = True
            elif kind is not bool and value is not None:
                return False  # a type yamlsafe never produces
    if numbers and not all(_SAME_IN_BOTH.fullmatch(t) for t in _number_tokens(text)):
        return False
    return not any(_written_plainly(value, text) for value in doubtful)


@lru_cache(maxsize=1 << 16)  # field names and short values repeat in every record
def _doubtful(text: str) -> bool:
    """True if TEXT, written plainly, is not text to YAML 1.1 but is to YAML 1.2."""
    if " " in text or text[:1] not in _YAML11:  # no YAML 1.1 reading contains a space
        return False
    if not any(rx.match(text) for rx in _YAML11[text[:1]]):
        return False
    return not _YAML12_NOT_TEXT.fullmatch(text)


def _number_tokens(text: str) -> list[str]:
    """Plain values that start like a number; in flow lists only on lines with "[" or "{"."""
    tokens = [token for rx in _NUMBER_TOKENS for token in rx.findall(text)]
    lines = set()
    for bracket in "[{":  # str.find: a regex for "[{]" scans ten times slower
        at = text.find(bracket)
        while at != -1:
            end = text.find("\n", at)
            if end == -1:
                end = len(text)
            lines.add((text.rfind("\n", 0, at) + 1, end))
            at = text.find(bracket, end)
    for begin, end in lines:
        tokens += _FLOW_NUMBER_TOKENS.findall(text, begin, end)  # the line, as if on its own
    return tokens


def _written_plainly(value: str, text: str) -> bool:
    """Whether VALUE may stand unquoted in TEXT ("08:00" in quotes is text in both readers)."""
    plain = re.compile(r"(?:^|[\s\[{,])" + re.escape(value) + r"[ \t]*(?:$|[,\]}]|[ \t]#)", re.M)
    return plain.search(text) is not None

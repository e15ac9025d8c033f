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
from yaml.resolver import Resolver

from .yamlsafe import MAX_BYTES, MAX_DEPTH, MAX_NODES

# Characters the careful reader refuses (controls) or reads as line breaks (YAML 1.1 only).
_UNUSUAL = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
# Where a YAML token starts; a tag (!), anchor (&) or alias (*) there sends the file on.
_TOKEN_START = frozenset(" \t\r\n[]{},:-")
_MARKS = re.compile(r"[!&*]")
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
# YAML 1.1's readings of plain text (bool, int, float, null, merge, value), by first letter.
# Timestamps are left out: yamlsafe keeps dates as written, as yaml-rs does here.
_YAML11 = {
    first: tuple(rx for tag, rx in pairs if not tag.endswith(":timestamp"))
    for first, pairs in Resolver.yaml_implicit_resolvers.items()
}
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


def quick_data(raw: bytes) -> dict | list | None:
    """The data of RAW if it is a clean record both readers agree on, else None."""
    if len(raw) > MAX_BYTES or raw.startswith(b"\xef\xbb\xbf") or b"\x00" in raw:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _UNUSUAL.search(text) or _has_special_constructs(text):
        return None
    try:
        data = yaml_rs.loads(text, parse_datetime=False, alias_limits=_NO_ALIASES)
    except Exception:  # noqa: BLE001 - any refusal, whatever its type, goes to the careful reader
        return None
    if not isinstance(data, (dict, list)):
        return None
    return data if _agrees(data, text) else None


def _has_special_constructs(text: str) -> bool:
    """Tags, anchors, aliases, merge keys, document markers or directives."""
    if "<<" in text or text.startswith(("---", "...", "%")):
        return True
    if "\n---" in text or "\n..." in text or "\n%" in text:
        return True
    for mark in _MARKS.finditer(text):
        at = mark.start()
        if at and text[at - 1] not in _TOKEN_START:
            continue  # inside a word: "Bau&Umwelt", "Achtung!"
        after = text[at + 1 : at + 2]
        if mark.group() == "!" or after not in ("", " ", "\t", "\r", "\n", "*", "&"):
            return True  # "**fett**" and "a & b" stay text; "*kursiv*" is sent on, to be safe
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
            if not all(type(key) is str and not _doubtful(key) for key in container):
                return False
            values = list(container.values())
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
                if _doubtful(value):
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
    tokens = [token for rx in _NUMBER_TOKENS for token in rx.findall(text)]
    if "[" in text or "{" in text:
        for line in text.splitlines():
            if "[" in line or "{" in line:
                tokens += _FLOW_NUMBER_TOKENS.findall(line)
    return tokens


def _written_plainly(value: str, text: str) -> bool:
    """Whether VALUE may stand unquoted in TEXT ("08:00" in quotes is text in both readers)."""
    plain = re.compile(r"(?:^|[\s\[{,])" + re.escape(value) + r"[ \t]*(?:$|[,\]}]|[ \t]#)", re.M)
    return plain.search(text) is not None

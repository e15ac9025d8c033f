"""One meaning: every file the validator accepts reads as PyYAML's own YAML 1.1 reader reads it.

The project has one YAML reader (catalogue.records.yamlsafe: libyaml's parser, our builder). This
test holds it to an independent reference, PyYAML's pure-Python SafeLoader, on YAML-ish
mutations of the sample records that hypothesis generates: flow style, JSON-style keys,
numbers in every spelling, tabs, comments, line breaks, block scalars, the odd `?`. The
reference differs from YAML 1.1 only where the project decided so, and says so below:
dates stay as written, and 08:30, 0755 or a postal code 01067 stay text.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from catalogue.records.loader import _entry
from catalogue.records.yamlsafe import parse_bytes

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = (
    sorted((ROOT / "content" / "services").glob("*.yaml"))[:12]
    + sorted((ROOT / "content" / "departments").glob("*.yaml"))[:3]
)
KINDS = {"services": "service", "departments": "department"}


class Reference(yaml.SafeLoader):
    """PyYAML's pure-Python reader with the project's documented readings."""


def _as_written(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


def _int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    if ":" in node.value or re.match(r"[-+]?0[0-7_]", node.value):
        return node.value  # 08:30 and 0755 stay text
    return loader.construct_yaml_int(node)


def _float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float | str:
    number = loader.construct_yaml_float(node)
    return number if math.isfinite(number) and ":" not in node.value else node.value


Reference.add_constructor("tag:yaml.org,2002:timestamp", _as_written)
Reference.add_constructor("tag:yaml.org,2002:int", _int)
Reference.add_constructor("tag:yaml.org,2002:float", _float)


def reference(raw: bytes) -> object:
    return yaml.load(raw.decode("utf-8"), Loader=Reference)  # a safe loader


def typed(value: object) -> object:
    """VALUE with every scalar's type kept, so that 1, 1.0 and True differ."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def _kind(path: Path) -> str:
    return KINDS[path.parent.name]


# What editors and converters write in place of a plain value, and what the fuzzing of
# issue 13 found: numbers in every spelling, words YAML 1.1 reads as booleans, flow
# syntax, question marks, tabs.
TOKENS = [
    "1e3", "5e2", "1.0e+3", "0o17", "09", "0755", "0x1F", "1_000", "+5", "-5", ".5", "5.",
    "12.50", "1:30", "08:30", "2026-01-01", "2026-1-1", "~", "null", "yes", "no", "on",
    "off", "y", "n", "true", "=", "?", "? x", "?x", ":o", "-", "- x", "[x, 1e3]", "[x, ?y]",
    "[x, ?, ]", '{"b":1e3}', '{"b":0o17}', '{"b":09}', '{"b":no}', '{"b":=}', "{note: ?}",
    "[:o]", "'x'", '"x"', '"\\t"', "|", ">-", "# c", "\t# c", " \t", "\t", "x #c", "&a x",
    "*a", "!!str 1", "<<: {}", "'it''s'", '"a\\"b"', "[x\n  , 1e3]", "{a: 1,\n  b: 2}",
]  # fmt: skip


_VALUE = re.compile(r"^(\s*(?:- )?[a-z_]+:[ ]+|\s*- )(?=\S)")


def _mutate(text: str, edits: list[tuple[int, int, str]]) -> str:
    """TEXT with each edit (where, how, token) applied; most keep the record's structure."""
    lines = text.split("\n")
    for where, how, token in edits:
        values = [i for i, line in enumerate(lines) if _VALUE.match(line)]
        if how <= 1 and values:  # the token in place of a value, or quoted in its place
            at = values[where % len(values)]
            head = _VALUE.match(lines[at]).group(1)
            lines[at] = head + (token if how == 0 else '"' + token.replace('"', "") + '"')
            continue
        at = where % len(lines)
        if how == 2:  # appended to a line
            lines[at] += token
        else:  # a line of its own, indented like this one
            lines.insert(at, re.match(r"^\s*", lines[at]).group(0) + token)
    return "\n".join(lines)


def _line_breaks(text: str, style: int) -> str:
    if style == 1:
        return text.replace("\n", "\r\n")
    if style == 2:
        return text.rstrip("\n")  # no final line break, e.g. after a block scalar
    return text


def _check_one(sample: Path, text: str) -> None:
    raw = text.encode("utf-8")
    data, _, valid, problems = _entry((_kind(sample), raw))
    parsed = parse_bytes(raw)
    if parsed.errors:  # refused by our reader: nothing to compare but that it is refused
        assert not valid
        return
    assert typed(data) == typed(parsed.data)  # the validator reads what the reader reads
    try:
        expected = reference(raw)
    except yaml.YAMLError as exc:
        pytest.fail(f"our reader accepts what PyYAML refuses ({exc}):\n{text}")
    assert typed(parsed.data) == typed(expected), text
    if valid:
        assert not [p for p in problems if p[3] == "error"]


@settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
@given(
    sample=st.sampled_from(SAMPLES),
    edits=st.lists(
        st.tuples(st.integers(0, 200), st.integers(0, 3), st.sampled_from(TOKENS)),
        min_size=1,
        max_size=4,
    ),
    breaks=st.integers(0, 2),
)
@example(SAMPLES[0], [(5, 0, '{"label": "x", "amount": 5e2}')], 0)
@example(SAMPLES[0], [(5, 2, "\n  Text")], 2)
def test_every_accepted_mutation_means_what_pyyaml_reads(sample, edits, breaks) -> None:
    text = _line_breaks(_mutate(sample.read_text(encoding="utf-8"), edits), breaks)
    _check_one(sample, text)


# The minimal cases of issue 13, each either read as PyYAML reads it or refused by ours.
READ, REFUSED = "read", "refused"
ISSUE_CASES = [
    ('a: {"b":1e3}\n', READ),
    ('a: {"b":0o17}\n', READ),
    ('a: {"b":09}\n', READ),
    ('a: {"b":no}\n', READ),
    ("a: [x\n  , 1e3]\n", READ),
    ("a: [x, ?y]\n", READ),
    ("a: [x, ?, ]\n", REFUSED),  # an empty key: not text
    ("a: b\n \t\nc: d\n", REFUSED),  # tabs: PyYAML refuses them too
    ("a: b\t# c\n", REFUSED),
    ("a: |\n  x\n\t\n  y\n", REFUSED),
    ("a: |\n  Text", READ),
    ("a: {note: ?}\n", REFUSED),
    ("a: [:o]\n", REFUSED),
    ('a: {"b":=}\n', REFUSED),
]


@pytest.mark.parametrize(("text", "outcome"), ISSUE_CASES)
def test_the_cases_found_by_fuzzing_read_as_pyyaml_reads_them(text: str, outcome: str) -> None:
    parsed = parse_bytes(text.encode())
    if outcome == REFUSED:
        assert parsed.data is None and parsed.errors, parsed.data
        return
    assert parsed.errors == []
    assert typed(parsed.data) == typed(reference(text.encode()))


def test_a_json_style_amount_in_exponent_form_is_refused_like_the_block_form(tmp_path) -> None:
    """{"amount": 5e2} was published as 500,00 € while amount: 5e2 was refused."""
    sample = ROOT / "content" / "services" / "hund-anmelden.yaml"
    text = sample.read_text(encoding="utf-8")
    assert "amount: " in text
    written = "    - label: Erster Hund\n      amount: 96.00\n      per: Jahr\n"
    assert written in text
    block = text.replace(written, written.replace("96.00", "5e2"))
    flow = text.replace(written, '    - {"label": "Erster Hund", "amount": 5e2, "per": "Jahr"}\n')
    assert flow != text and block != text
    for variant in (block, flow):
        _, _, valid, problems = _entry(("service", variant.encode()))
        assert not valid
        assert any("amount" in p[1] and "5e2" in p[2] for p in problems), problems


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: -1234567890123456789012345678901\n", -1234567890123456789012345678901),
        ("a: 1234567890123456789012345678901\n", 1234567890123456789012345678901),
        ("a: 0755\n", "0755"),
        ("a: 01067\n", "01067"),
        ("a: .nan\n", ".nan"),
        ("a: -.inf\n", "-.inf"),
        ("a: 1.0e+999\n", "1.0e+999"),
        ("a: -0x1F\n", -31),
    ],
)
def test_numbers_keep_sign_and_size_or_stay_text(text: str, value: object) -> None:
    assert typed(parse_bytes(text.encode()).data) == typed({"a": value})


@pytest.mark.parametrize("text", ["a: !!int 3\n", "a: !!bool maybe\n", "a: [x, ! y]\n"])
def test_explicit_tags_are_refused_with_the_field(text: str) -> None:
    parsed = parse_bytes(text.encode())
    assert parsed.data is None
    [(line, field, message)] = parsed.errors
    assert line == 1 and field.startswith("a") and "ist nicht erlaubt" in message

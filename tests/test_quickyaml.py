"""The quick reader (yaml-rs) must read every file it accepts exactly as the careful one does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml_rs

from bench.synth import generate_catalogue
from catalogue import quickyaml
from catalogue.loader import load_catalogue
from catalogue.quickyaml import quick_data
from catalogue.yamlsafe import parse_bytes

ROOT = Path(__file__).resolve().parent.parent

# Plain scalars on which YAML 1.1 (PyYAML), YAML 1.2 and yaml-rs disagree, or nearly do.
TRICKY = [
    "yes", "No", "ON", "off", "y", "n", "Y", "true", "False", "~", "null", "Null", "=",
    "08:30", "8:30", "1:30:00", "190:20:30", "0755", "09", "010", "0o17", "0x1F", "0x_1F",
    "0b101", "0b1_0", "1_000", "1_0e3", "_1", "1_", "1__0", "+1", "-1", "+1_0", "-0", "00",
    "1e3", "1e-3", "1E+3", "1.0e3", "1.5e-3", "6.8523015e+5", ".5", "-.5", "+.5e+3", "1.",
    "12.50", "0.5", "00.5", ".inf", "-.Inf", ".NaN", "2026-02-30", "2026-6-1",
    "2001-12-14t21:59:43.10-05:00", "12345678901234567890123456789012", "3.", "Hund", "",
]  # fmt: skip
PLACES = [
    "a: {x}\n",
    "a: [eins, {x}, zwei]\n",
    "a:\n  - {x}\n  - b\n",
    "a: {{k: {x}}}\n",
    "a:\n  {x}\n",
    "{x}: a\n",
    "a: {x} # Kommentar\n",
    "a: '{x}'\n",
    'a: "{x}"\n',
    "a: |\n  {x}\n",
    "a: Text mit {x} darin\n",
    "# {x}\na: b\n",
]
BLOCKS = [
    "a: |\n  \n",
    "a: |\n\n\n",
    "a: |-\n  x\n\n",
    "a: |+\n  x\n\n\n",
    "a: >\n  x\n  y\n\n  z\n",
    "a: >-\n  x\n    eingerückt\n  y\n",
    "a: |2\n    x\n   y\n",
    "a: |\n\n  nach Leerzeile\n",
    "a: |\n  x\n  \nb: 1\n",
    "a: >\n\n",
    "a: x\n  fortgesetzt\n\n  neuer Absatz\n",
    'a: "zwei\\\n  Zeilen \\/ \\x41 \\u00e4 \\N \\_"\n',
    "a: 'mit ''Apostroph''\n  und Umbruch'\n",
    "a:    viele   Leerzeichen   \n",
    "a: x\t\n",
    "a:\n- 1\n- 2\n",
    "? a\n: b\n",
    "a: [x,\n  y]\n",
    "a: {b: c, d: [e, f]}\n",
    "a: x\r\nb: |\r\n  y\r\n  z\r\n",
    "a: x\rb: y\r",
    "a: eins\x85zwei\n",
    "a: eins\u2028zwei\n",
    "a: 'eins\u2029zwei'\n",
    "a: |\n  eins\x85zwei\n",
    "a: steuer\x01zeichen\n",
    "a: del\x7fzeichen\n",
    "a: mitten\ufeffdrin\n",
    "a: \U0001f415 Hund\n",
    "a: x\n\tb: y\n",
]


@pytest.mark.parametrize("text", BLOCKS)
def test_block_and_quoted_scalars(text: str) -> None:
    _agrees_with_careful_reader(text.encode())


def _agrees_with_careful_reader(raw: bytes) -> None:
    quick = quick_data(raw)
    if quick is None:
        return
    careful = parse_bytes(raw)
    assert careful.errors == [], raw
    assert careful.data == quick, raw
    assert repr(careful.data) == repr(quick), raw  # 1 and 1.0 and True are equal, not the same


@pytest.mark.parametrize("token", TRICKY)
def test_tricky_scalars_in_every_place(token: str) -> None:
    for place in PLACES:
        _agrees_with_careful_reader(place.format(x=token).encode())


@pytest.mark.parametrize(
    "text",
    [
        "a: yes\n",  # YAML 1.1: true
        "a: 8:30\n",  # YAML 1.1: 510
        "a: 0755\n",  # YAML 1.1: 493
        "a: 1e3\n",  # YAML 1.1: text
        "a: -.5\n",  # YAML 1.1: text
        "a: [x, 010]\n",
        "a: !!str 5\n",
        "a: !foo x\n",
        "a: &x [1]\nb: *x\n",
        "<<: {a: 1}\nb: 2\n",
        "a: 1\na: 2\n",
        "---\na: 1\n---\nb: 2\n",
        "%YAML 1.1\n---\na: 1\n",
        "a: [" * 50 + "]" * 50 + "\n",
        "a: " + "[" * 50_000 + "]" * 50_000 + "\n",
        "",
        "\ufeffa: 1\n",
        "a: 1\x00\n",
        "a: 'yes'\nb: yes\n",
    ],
)
def test_what_the_quick_reader_leaves_to_the_careful_one(text: str) -> None:
    assert quick_data(text.encode()) is None


def test_quoted_doubts_are_read_quickly() -> None:
    """Quoting is what editors are told to do, so it must not cost the slow path."""
    raw = b'opens: "08:00"\nanswer: \'no\'\nleika: "99051005000000"\namount: 12.50\n'
    assert quick_data(raw) == {
        "opens": "08:00",
        "answer": "no",
        "leika": "99051005000000",
        "amount": 12.5,
    }
    assert parse_bytes(raw).data == quick_data(raw)


@pytest.mark.parametrize(
    "token", ["5", "-5", "0o17", "0x1F", "1.5", ".5", "1.", "1e3", "-.inf", ".NaN", "TRUE", "~"]
)
def test_what_yaml12_reads_as_not_text_yaml_rs_does_too(token: str) -> None:
    """The quick reader trusts a quoted-looking string only because of this."""
    assert quickyaml._YAML12_NOT_TEXT.fullmatch(token)
    assert not isinstance(yaml_rs.loads(f"a: {token}\n")["a"], str)


def _yaml_files(*roots: Path) -> list[Path]:
    return sorted(p for root in roots for p in root.rglob("*.yaml"))


def test_every_real_file_is_read_alike() -> None:
    files = _yaml_files(ROOT / "content", ROOT / "tests")
    assert len(files) > 100
    accepted = 0
    for path in files:
        raw = path.read_bytes()
        _agrees_with_careful_reader(raw)
        accepted += quick_data(raw) is not None
    assert accepted >= len(_yaml_files(ROOT / "content")) - 2  # the common case is quick


def test_a_synthetic_catalogue_is_read_alike_and_quickly(tmp_path: Path) -> None:
    generate_catalogue(300, 7, tmp_path / "content")
    files = _yaml_files(tmp_path / "content")
    quick = [path for path in files if quick_data(path.read_bytes()) is not None]
    for path in files:
        _agrees_with_careful_reader(path.read_bytes())
    assert len(quick) >= 0.95 * len(files)


def test_lines_of_a_quickly_read_record_are_found_when_a_problem_needs_them(
    tmp_path: Path,
) -> None:
    """A rule problem in a clean file still names its line (worked out on demand)."""
    content = tmp_path / "content"
    generate_catalogue(3, 1, content)
    service = sorted((content / "services").glob("*.yaml"))[0]
    text = service.read_text(encoding="utf-8")
    assert "\ndepartment: " in text
    service.write_text(text.replace("\ndepartment: ", "\ndepartment: gibt-es-nicht-", 1))
    assert quick_data(service.read_bytes()) is not None
    catalogue, problems = load_catalogue(content)
    record = catalogue.services[service.stem]
    assert record.source is not None and record.lines == {}
    expected = text[: text.index("\ndepartment: ")].count("\n") + 2
    assert record.line_of(("department",)) == expected

"""Plain text skips the Markdown parser; the HTML must be exactly what the parser makes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml_rs

from bench.synth import generate_catalogue
from catalogue import markup

ROOT = Path(__file__).resolve().parent.parent


def _parsed(text: str) -> str:
    """What Markdown itself makes of TEXT (the renderer without its plain-text shortcut)."""
    renderer = markup._renderer
    renderer._md.reset()
    return markup.sanitise(renderer._md.convert(text))


def _texts(folder: Path) -> list[str]:
    found = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted(folder.rglob("*.yaml")):
        walk(yaml_rs.loads(path.read_text(encoding="utf-8"), parse_datetime=False))
    return found


def test_every_text_of_the_sample_and_a_synthetic_catalogue(tmp_path: Path) -> None:
    generate_catalogue(200, 3, tmp_path / "content")
    texts = _texts(ROOT / "content") + _texts(tmp_path / "content")
    plain = [t for t in texts if markup._plain_html(t) is not None]
    assert len(plain) > len(texts) / 2  # the shortcut is the common case
    for text in plain:
        assert markup._renderer._convert(text) == _parsed(text), text


PIECES = [
    "Sie melden sich an.",
    "Bitte beachten Sie:",
    "Das kostet 12,50 Euro (ermäßigt 6 Euro).",
    "Mehr unter https://www.musterstadt.example/a?b=c.",
    "„Zitat“ und 'Apostroph' und \"Anführung\"",
    "- Personalausweis",
    "- Meldebescheinigung, nicht älter als 3 Monate",
    "-  zwei Leerzeichen",
    "- ",
    "-ohne Leerzeichen",
    "1. erstens",
    "2) zweitens",
    "* Stern",
    "+ Plus",
    "> Zitat",
    "# Überschrift",
    "Text mit **fett** und _kursiv_",
    "a & b < c",
    "Zeile mit zwei Leerzeichen  ",
    "  eingerückt",
    "    Code",
    "===",
    "---",
    "Tab\tTab",
    "Ende mit Leerzeichen ",
    "[Link](https://example.org)",
    "Umlaute: äöüß ÄÖÜ",
    "",
]


@pytest.mark.parametrize("seed", range(40))
def test_random_mixtures_of_lines_and_blocks(seed: int) -> None:
    rng = random.Random(seed)
    accepted = 0
    for _ in range(300):
        lines = [rng.choice(PIECES) for _ in range(rng.randint(1, 6))]
        text = "".join(line + rng.choice(["\n", "\n", "\n\n", "\n\n\n"]) for line in lines)
        if markup._plain_html(text) is not None:
            accepted += 1
            assert markup._renderer._convert(text) == _parsed(text), repr(text)
    assert accepted > 0  # the mixture reaches the shortcut


def test_the_shortcut_declines_what_it_does_not_know() -> None:
    for text in ["Text mit **fett**", "1. eins\n2. zwei", "- a\n\n- b", "Absatz\n- Liste"]:
        assert markup._plain_html(text) is None, text
    assert (
        markup._plain_html("Absatz\n\n- a\n- b")
        == "<p>Absatz</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>"
    )

"""Plain text skips the Markdown parser; the HTML must be exactly what the parser makes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bench.synth import generate_catalogue
from catalogue.records.yamlsafe import parse_bytes
from catalogue.site import markup

ROOT = Path(__file__).resolve().parents[2]


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
        walk(parse_bytes(path.read_bytes()).data)
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
    "**Gut zu wissen:** Sie brauchen einen Termin.",
    "- **Wichtig:** Bringen Sie das Original mit.",
    "Mehr im [Serviceportal der Stadt](https://service.musterstadt.example/a-z/antrag-42).",
    "- [Formular (PDF)](https://www.musterstadt.example/formular.pdf)",
    "**fett**[Link](https://a.example)**fett**",
    "** nicht fett **",
    "***fett und kursiv***",
    "**[Link in fett](https://a.example)**",
    "[**fett im Link**](https://a.example)",
    "[Link](http://unsicher.example)",
    '[Link](https://a.example "Titel")',
    "Wort**fett**Wort",
    "Umlaute: äöüß ÄÖÜ",
    "Paragraf\xa05 mit geschütztem Leerzeichen",
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
    for text in [
        "Text mit *kursiv*",
        "1. eins\n2. zwei",
        "- a\n\n- b",
        "Absatz\n- Liste",
        "Text \ue0000\ue001 mit Platzhalter",  # never mistaken for a kept link
        "[Link](https://a.example/?a=b&c=d)",
        "**fett\nüber zwei Zeilen**",
        "[Text](https://a.example/mit_unterstrich)",
    ]:
        assert markup._plain_html(text) is None, text
    assert (
        markup._plain_html("Absatz\n\n- a\n- b")
        == "<p>Absatz</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>"
    )


INLINE = [
    "**Gut zu wissen:** Sie brauchen einen Termin.",
    "Im [Serviceportal](https://service.musterstadt.example/a-z/) stellen Sie den Antrag.",
    "- **Personalausweis** oder Reisepass\n- [Formular](https://a.example/f.pdf)",
    "Wort**fett**Wort und **a** **b**",
    "(**fett**) und ([Link](https://a.example/x))",
    "**1.** Schritt",
    "[1](https://a.example) und [2](https://b.example/2)",
    "**„Zitat“**, **'Apostroph'**, **\"Anführung\"**",
    "[„Zitat“](https://a.example/z)",
    "**fett** *kursiv*",
    "** fett**",
    "**fett **",
    "****",
    "**a**b**c**",
    "[](https://a.example)",
    "[ Link ](https://a.example)",
    "[Link]( https://a.example)",
    "[Link](https://a.example/(klammer))",
    '[Link](https://a.example/"quote)',
    "[Link](https://a.example/'quote)",
    "[Link][ref]\n\n[ref]: https://a.example",
    "[ref]: https://a.example",
    "\\**nicht fett**",
    "![Bild](https://a.example/b.png)",
    "- **a**\n- [b](https://a.example)\n\n**Absatz**",
    "**Ü**: [ä](https://ä.example/ö)",
    "§\xa012 Absatz\xa02 und **25\xa0Euro** [Satzung\xa0A](https://a.example/s)",
    "Steuer\x0bzeichen",
    "Null\x00zeichen",
    "Seiten\x0cvorschub",
    "Escape \x1b[31m",
    "Zeilen\u2028trenner und \x85",
]


@pytest.mark.parametrize("text", INLINE)
def test_bold_and_links_the_shortcut_takes_are_rendered_as_markdown_does(text: str) -> None:
    html = markup._plain_html(text)
    if html is not None:
        assert html == _parsed(text)  # already sanitised
        assert markup._renderer._convert(text) == _parsed(text)


def test_the_shortcut_takes_the_usual_bold_and_link_forms() -> None:
    assert markup._plain_html("**Gut zu wissen:** Termin.") == (
        "<p><strong>Gut zu wissen:</strong> Termin.</p>"
    )
    assert markup._plain_html("- [Formular](https://a.example/f.pdf)") == (
        '<ul>\n<li><a href="https://a.example/f.pdf" rel="noopener noreferrer">Formular</a></li>'
        "\n</ul>"
    )
    taken = [text for text in INLINE if markup._plain_html(text) is not None]
    assert len(taken) >= 10

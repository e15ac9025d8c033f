"""The search's German stemmer (PyStemmer 2.2) stems as nltk and lunr.de.js do; a site build imports neither nltk nor lunr.py."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import lunr
import pytest
from nltk.stem.snowball import GermanStemmer

from bench.synth import generate_catalogue
from catalogue.search.fastindex import TARGET_JS_VERSION
from catalogue.search.german import fold, stem
from tests.conftest import SITE_FIXTURE
from tests.search.measure import ROOT

NLTK = GermanStemmer()
_WORD = re.compile(r"\w+")

# Each rule of the algorithm, and the corners of nltk's way of doing it (capitals, ß, İ).
EDGE_CASES = [
    # empty, short, capitals (nltk lower-cases first)
    *["", "a", "e", "s", "ab", "au", "es", "st", "ei", "eis", "aus", "ost", "uhr", "nst"],
    *["Hund", "HUNDE", "Führungszeugnis", "ÄMTER", "Öffnungszeiten", "ÜBERGABE", "STRASSE"],
    *["İstanbul", "Straße".upper(), "ǅemal"],
    # umlauts and ß
    *["häuser", "bäume", "öffentlich", "übergabe", "müllabfuhr", "ämter", "äuä", "üü", "öse"],
    *["straße", "straßen", "fußgänger", "grüße", "weiß", "weißes", "ß", "maß", "ßen", "gießen"],
    # ge- words (nothing special in Snowball, but common)
    *["gemacht", "gegangen", "gebühren", "genehmigt", "geändert", "ge", "gen", "gesetz"],
    # step 1: -ern -em -er -en -es -e -s, and -nis(se)
    *["wandern", "kindern", "ändern", "fördern", "eltern", "kleinem", "kleiner", "kleinen"],
    *["kleines", "kleine", "hunds", "jahres", "kaufs", "hauses", "rats", "bus", "ans", "abos"],
    *["ergebnis", "ergebnisse", "ergebnissen", "ergebnisses", "zeugnis", "zeugnisse"],
    *["verzeichnisses", "bedürfnissen", "niss", "nisse", "nissen", "anisse", "kenntnisse"],
    # step 2: -est -en -er -st
    *["fast", "kannst", "machst", "erst", "schönste", "liebst", "wurst", "kunst", "gast"],
    *["feinst", "rist", "abgest", "bereitest", "arbeitest", "erstens", "meisten", "gebst"],
    # step 3: -isch -lich -heit -keit -end -ung -ig -ik
    *["elektronisch", "elektronische", "technischen", "telefonisch", "kritisch", "heimisch"],
    *["persönlich", "persönlichen", "erforderlich", "ärgerlich", "gefährlich", "herrlich"],
    *["eigentlichen", "wesentlich", "lieblich", "sicherheit", "freiheit", "gesundheit"],
    *["schönheit", "besonderheiten", "verlegenheit", "trägheit", "möglichkeit", "ewigkeit"],
    *["zuständigkeit", "fähigkeit", "gültigkeit", "lesbarkeit", "freundlichkeit", "heiligkeit"],
    *["genehmigung", "beglaubigung", "erledigung", "anmeldung", "zulassung", "beseitigung"],
    *["reinigung", "einigung", "heiligung", "eiigung", "während", "entsprechend", "wohnend"],
    *["lebend", "eilend", "abwesend", "zwingend", "ausreichend", "ständigend", "ewigend"],
    *["zuständig", "gültig", "lustig", "ewig", "technik", "republik", "logik", "eig", "eik"],
    *["einheitlich", "fröhlichkeit", "ehrlichkeit", "traurigkeit", "seligkeit", "leerung"],
    *["übersteigung", "übersteigend", "herabneigung", "ababeigung"],  # -ig- after e: kept
    # u and y between vowels (consonants then), one after the other
    *["bauer", "feuer", "steuer", "treue", "bayern", "mayer", "loyal", "neuer", "aue", "auue"],
    *["ayya", "eyu", "auyue", "uhu", "aya", "eye", "yuy", "uuu", "äuö", "äyü", "treuen"],
    *["röauuyig", "bauuyig"],  # a marked U is no vowel for the next letter
    # digits and other characters
    *["2024", "b2b", "a1", "100er", "1s", "s1", "1st", "e1nen", "e-mail", "ab-ers", "café"],
    *["naïve", "señores", "crème", "x_y", "ſ"],
]


def _content_words(content: Path) -> set[str]:
    """Every word of CONTENT's files, as written, lower-cased and folded."""
    words: set[str] = set()
    for path in sorted(content.rglob("*")):
        if path.suffix in (".yaml", ".md"):
            found = _WORD.findall(path.read_text(encoding="utf-8"))
            words.update(found)
            words.update(w.lower() for w in found)
            words.update(fold(w) for w in found)
    return words


def _random_words(count: int, seed: int) -> list[str]:
    """Random German-looking words: syllables and suffixes that meet the algorithm's rules."""
    rng = random.Random(seed)
    letters = "aeiouyäöüßbdfghklmnrstcwz1"
    parts = ["ge", "niss", "lich", "isch", "heit", "keit", "ig", "ik", "ung", "end", "er", "en"]
    parts += ["em", "es", "e", "s", "st", "est", "ern", "au", "eu", "ay", "uy"]
    words = []
    for _ in range(count):
        word = "".join(rng.choice(letters) for _ in range(rng.randint(0, 6)))
        word += "".join(rng.choice(parts) for _ in range(rng.randint(0, 3)))
        words.append(word)
    return words


@pytest.fixture(scope="module")
def words(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    content = tmp_path_factory.mktemp("synth") / "content"
    generate_catalogue(300, 11, content)
    every = _content_words(ROOT / "content") | _content_words(content) | set(EDGE_CASES)
    return sorted(every) + _random_words(20000, 3)


def test_the_stemmer_stems_every_word_as_nltk(words: list[str]):
    different = [(w, stem(w), NLTK.stem(w)) for w in words if stem(w) != NLTK.stem(w)]
    assert different == []
    # Not vacuous: many words, and the stemmer did work on most of them.
    assert len(words) > 25000
    assert sum(NLTK.stem(w) != w for w in words) > len(words) // 2


# Stems each word of stdin's JSON list with lunr-languages' stemmer-de, as the browser does.
STEM_JS = """
const lunr = require(process.argv[1] + "/lunr/lunr.js");
require(process.argv[1] + "/lunr-languages/lunr.stemmer.support.js")(lunr);
require(process.argv[1] + "/lunr-languages/lunr.de.js")(lunr);
const words = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(words.map((word) => lunr.de.stemmer(word))));
"""


def test_the_stemmer_stems_every_word_as_lunr_de_js(words: list[str]):
    # The browser lower-cases and folds before stemmer-de; the lower-case words check more.
    lower = sorted({w.lower() for w in words} | {fold(w) for w in words})
    done = subprocess.run(
        ["node", "-e", STEM_JS, str(ROOT / "node_modules")],
        input=json.dumps(lower),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    in_js = json.loads(done.stdout)
    different = [(w, stem(w), j) for w, j in zip(lower, in_js, strict=True) if stem(w) != j]
    assert different == []
    assert len(lower) > 20000  # not vacuous: many words, most of them stemmed
    assert sum(j != w for w, j in zip(lower, in_js, strict=True)) > len(lower) // 2


def test_the_index_version_is_lunr_pys():
    assert TARGET_JS_VERSION == lunr.__TARGET_JS_VERSION__


BUILD_WITHOUT_LUNR = """
import sys

from catalogue.cli import parse, run

code = run(parse(sys.argv[1:]))
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("nltk", "lunr"))
print(code, loaded)
"""


def test_a_site_build_imports_neither_nltk_nor_lunr_py(tmp_path: Path):
    # A fresh interpreter: this test process has imported both.
    output = tmp_path / "output"
    args = ["build", "--content", str(SITE_FIXTURE), "--output", str(output)]
    done = subprocess.run(
        [sys.executable, "-c", BUILD_WITHOUT_LUNR, *args, "--today", "2026-11-22"],
        cwd=ROOT,
        env={**os.environ, "SERVICEKATALOG_CACHE": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    code, loaded = done.stdout.splitlines()[-1].split(" ", 1)
    assert code == "0", done.stderr
    assert (output / "suche" / "index.json").stat().st_size > 1000  # the index was built
    assert (output / "index.html").is_file()  # and the site
    assert loaded == "[]"

"""The plain-Python German stemmer stems as nltk does; the search build imports neither nltk nor lunr.py."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import lunr
import pytest
from nltk.stem.snowball import GermanStemmer

from bench.synth import generate_catalogue
from catalogue.search import snowball_de
from catalogue.search.fastindex import TARGET_JS_VERSION
from catalogue.search.german import fold
from tests.search.measure import ROOT

NLTK = GermanStemmer()
_WORD = re.compile(r"\w+")

# Each rule of the algorithm, and the corners of nltk's way of doing it.
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
    different = [
        (w, snowball_de.stem(w), NLTK.stem(w)) for w in words if snowball_de.stem(w) != NLTK.stem(w)
    ]
    assert different == []
    # Not vacuous: many words, and the stemmer did work on most of them.
    assert len(words) > 25000
    assert sum(NLTK.stem(w) != w for w in words) > len(words) // 2


@pytest.mark.parametrize("word", EDGE_CASES)
def test_edge_cases_stem_as_nltk(word: str):
    assert snowball_de.stem(word) == NLTK.stem(word)


def test_the_index_version_is_lunr_pys():
    assert TARGET_JS_VERSION == lunr.__TARGET_JS_VERSION__


BUILD_WITHOUT_LUNR = """
import sys
from pathlib import Path

import catalogue.search
from catalogue.loader import load_catalogue
from catalogue.publish import publish

root = Path(sys.argv[1])
published = publish(load_catalogue(root / "content")[0], __import__("datetime").date(2026, 11, 22))
files = catalogue.search.build_search_files(published, root / "node_modules")
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("nltk", "lunr"))
print(len(files["suche/index.json"]), loaded)
"""


def test_the_search_build_imports_neither_nltk_nor_lunr_py():
    # A fresh interpreter: this test process has imported both.
    done = subprocess.run(
        [sys.executable, "-c", BUILD_WITHOUT_LUNR, str(ROOT)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    size, loaded = done.stdout.split(" ", 1)
    assert int(size) > 10000  # the index was built
    assert loaded.strip() == "[]"

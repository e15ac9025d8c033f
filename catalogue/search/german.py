"""German text processing for the search index: words, umlaut folding, stemming, lunr pipeline."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import Stemmer

# The labels lunr-languages registers in the browser; the index names them in its pipeline.
TRIMMER = "trimmer-de"
STOP_WORDS = "stopWordFilter-de"
STEMMER = "stemmer-de"
# Our own step, registered in the browser by search-core.js (same rules as fold() below).
FOLD = "fold-de"

_WORD_CHARS = re.compile(r'lunr\.de\.wordCharacters\s*=\s*"([^"]+)"')
_STOP_WORDS = re.compile(r"lunr\.de\.stopWordFilter\s*=\s*lunr\.generateStopWordFilter\('([^']+)'")
_DIGRAPH = re.compile(r"que|[aou]e")  # ae, oe, ue → a, o, u, but not in "que" (Quelle)
_MARKS = re.compile("[\u0300-\u036f]")  # combining accents left by NFD


@functools.lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Fold umlauts, their transliterations and accents: Führung, Fuehrung, Fuhrung → fuhrung.

    Must stay identical to fold() in theme/static/js/search-core.js. Memoised: the index
    build folds the same few thousand words over and over.
    """
    word = _MARKS.sub("", unicodedata.normalize("NFD", word.lower().replace("ß", "ss")))
    return _DIGRAPH.sub(lambda m: m.group(0) if m.group(0) == "que" else m.group(0)[0], word)


_GERMAN = Stemmer.Stemmer("german")  # not thread-safe: the build and preview stem in one thread


def stem(word: str) -> str:
    """The German Snowball stemmer (PyStemmer 2.2) as nltk and lunr-languages' stemmer-de have it.

    lower() as nltk does: PyStemmer leaves capitals alone, the browser never gives it any.
    No memo here (snowball_de had one): PyStemmer keeps its own, and the search of 10,000
    synthetic services stems 978 words; with and without one it took 0.95 s (medians).
    """
    return _GERMAN.stemWord(word.lower())


class German:
    """Word characters and stop words of lunr-languages' lunr.de.js, and the pipeline on them."""

    def __init__(self, lunr_de_js: Path) -> None:
        source = lunr_de_js.read_text(encoding="utf-8")
        chars = _WORD_CHARS.search(source)
        stops = _STOP_WORDS.search(source)
        if chars is None or stops is None:
            raise ValueError(f"{lunr_de_js}: Wortzeichen oder Stoppwörter nicht gefunden")
        # lunr.stemmer.support.js adds the ASCII digits to the trimmer; so do we.
        self.word_characters = chars.group(1) + "0-9"
        self.stop_words = frozenset(stops.group(1).split())
        self._word = re.compile(f"[{self.word_characters}]+")
        self._start = re.compile(f"^[^{self.word_characters}]+")
        self._end = re.compile(f"[^{self.word_characters}]+$")

    def words(self, text: str) -> list[str]:
        """The lower-case words of TEXT, split at every non-word character, as in search-core.js."""
        return self._word.findall(text.lower())

    def term(self, word: str) -> str | None:
        """The index term of one word, or None for a stop word: what the pipeline makes of it."""
        word = self.trim(word.lower())
        if not word or word in self.stop_words:
            return None
        return stem(fold(word))

    def pipeline_term(self, token: str) -> str | None:
        """What lunr's index pipeline makes of one lower-case token; None if it drops it.

        Unlike term(), an empty token stays (as ""): lunr.py keeps every token the stop word
        filter lets through. The fast index builder relies on this matching the pipeline.
        """
        token = self.trim(token)
        return None if token in self.stop_words else stem(fold(token))

    @staticmethod
    def pipeline_labels() -> list[str]:
        return [TRIMMER, STOP_WORDS, FOLD, STEMMER]

    def trim(self, word: str) -> str:
        """WORD without the non-word characters at its ends, as trimmer-de does."""
        return self._end.sub("", self._start.sub("", word))

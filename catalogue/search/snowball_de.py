"""The German Snowball stemmer in plain Python, stemming exactly as nltk's GermanStemmer does.

The algorithm is https://snowballstem.org/algorithms/german/stemmer.html as nltk 3
implements it (nltk/stem/snowball.py), including its own ways: ß becomes ss, the umlauts
count as vowels and lose their dots only at the end, and R1 and R2 are cut together with
the word. nltk agrees with lunr-languages' stemmer-de, which stems the queries in the
browser; tests/test_search_stemmer.py holds this module to nltk word for word. Importing
nltk cost the build about 0.6 s; this module costs nothing to import.

R1 and R2 are kept as positions into the word: nltk's strings r1 and r2 are always
``word[p1:]`` and ``word[p2:]`` (they are cut by as many letters as the word).
"""

from __future__ import annotations

VOWELS = frozenset("aeiouyäöü")
S_ENDING = frozenset("bdfghklmnrt")  # letters that may stand before a final -s
ST_ENDING = frozenset("bdfghklmnt")  # letters that may stand before a final -st
STEP1 = ("ern", "em", "er", "en", "es", "e", "s")  # nltk's order: the first one in R1 goes
STEP2 = ("est", "en", "er", "st")
STEP3 = ("isch", "lich", "heit", "keit", "end", "ung", "ig", "ik")
_UNMARK = str.maketrans("äöüUY", "aouuy")


def stem(word: str) -> str:
    """The stem of WORD: lower-cased, ß → ss, suffixes removed, umlauts without dots."""
    word = _mark_u_y(word.lower().replace("ß", "ss"))
    p1, p2 = _regions(word)
    word = _step3(_step2(_step1(word, p1), p1), p1, p2)
    return word.translate(_UNMARK)


def _mark_u_y(word: str) -> str:
    """u and y between vowels become U and Y (consonants), left to right as nltk does."""
    chars = list(word)
    for i in range(1, len(chars) - 1):
        if chars[i] in "uy" and chars[i - 1] in VOWELS and chars[i + 1] in VOWELS:
            chars[i] = chars[i].upper()
    return "".join(chars)


def _regions(word: str) -> tuple[int, int]:
    """Where R1 and R2 start; R1 leaves at least three letters before it."""
    n = len(word)
    start = _after_vowel_consonant(word, 1)
    if start >= n:
        return n, n
    return max(start, 3), _after_vowel_consonant(word, start + 1)


def _after_vowel_consonant(word: str, first: int) -> int:
    """The position after the first non-vowel that follows a vowel, looking from FIRST on."""
    for i in range(first, len(word)):
        if word[i] not in VOWELS and word[i - 1] in VOWELS:
            return i + 1
    return len(word)


def _step1(word: str, p1: int) -> str:
    for suffix in STEP1:
        k = len(suffix)
        if word.endswith(suffix) and len(word) - k >= p1:
            if suffix in ("en", "es", "e") and word[-k - 4 : -k] == "niss":
                return word[: -k - 1]  # Ergebnisse → Ergebnis
            if suffix == "s":
                return word[:-1] if word[-2] in S_ENDING else word
            return word[:-k]
    return word


def _step2(word: str, p1: int) -> str:
    for suffix in STEP2:
        k = len(suffix)
        if word.endswith(suffix) and len(word) - k >= p1:
            if suffix == "st":
                return word[:-2] if word[-3] in ST_ENDING and len(word) >= 6 else word
            return word[:-k]
    return word


def _step3(word: str, p1: int, p2: int) -> str:
    """Derivational suffixes in R2; the slices are nltk's, short R1 and R2 included."""
    r1, r2 = word[p1:], word[p2:]
    for suffix in STEP3:
        k = len(suffix)
        if not r2.endswith(suffix):
            continue
        if suffix in ("end", "ung"):
            if r2[-k - 2 : -k] == "ig" and r2[-k - 3 : -k - 2] != "e":
                return word[: -k - 2]
            return word[:-k]
        if suffix in ("ig", "ik", "isch"):
            return word[:-k] if r2[-k - 1 : -k] != "e" else word
        if suffix in ("lich", "heit"):
            return word[: -k - 2] if r1[-k - 2 : -k] in ("er", "en") else word[:-k]
        # keit
        if r2[-k - 4 : -k] == "lich":
            return word[: -k - 4]
        if r2[-k - 2 : -k] == "ig":
            return word[: -k - 2]
        return word[:-k]
    return word

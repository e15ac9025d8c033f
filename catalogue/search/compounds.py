"""Parts of German compounds for the index: Bewohnerparkausweis → parkausweis, park, ausweis."""

from __future__ import annotations

from collections.abc import Iterable

from catalogue.search.german import fold

# Curated endings of administrative compounds. A word that ends in one of them (with at least
# three letters before it) is indexed with its parts, so "Parkausweis" finds
# "Bewohnerparkausweis" and "Steuer" finds "Hundesteuer". Add endings here, not single words.
_ENDINGS = """
    abfall abholung abmeldung abschrift amt anerkennung anmeldung antrag anzeige auskunft
    ausweis auszug befreiung beglaubigung beihilfe beitrag bescheid bescheinigung
    bestattung bestätigung betreuung buch eintragung erklärung erlaubnis ermäßigung
    fällung förderung führung gebühr geld genehmigung gestattung hilfe impfung karte
    kennzeichen konzession lizenz meldung müll nachweis nummer nutzung pass plakette
    platz prüfung register registrierung schein schließung sperre sperrung steuer
    tonne umzug ummeldung unterhalt urkunde versicherung verbot vorschuss wahl
    zeugnis zulassung zuschuss änderung
"""
ENDINGS: tuple[str, ...] = tuple(
    sorted({fold(e) for e in _ENDINGS.split()}, key=lambda e: (-len(e), e))
)
# The endings by length, longest first: a word has one suffix of each length, so looking
# each up in a set finds the same endings, in the same order, as trying all of ENDINGS.
_BY_LENGTH: tuple[tuple[int, frozenset[str]], ...] = tuple(
    (n, frozenset(e for e in ENDINGS if len(e) == n))
    for n in sorted({len(e) for e in ENDINGS}, reverse=True)
)
MIN_PART = 3  # letters the modifier before an ending must have
MIN_CUT = 4  # letters each side of a cut inside the modifier must have


def compound_parts(word: str, vocabulary: frozenset[str]) -> list[str]:
    """The parts of one folded word that ends in a curated ending, longest first; [] otherwise.

    Bewohnerparkausweis gives ausweis and the modifier bewohnerpark; and because "bewohner"
    is a word of the catalogue (VOCABULARY), also parkausweis, park and bewohner.
    """
    parts: list[str] = []
    for length, endings in _BY_LENGTH:
        ending = word[-length:]
        if len(word) - length < MIN_PART or ending not in endings:
            continue
        modifier = word[:-length]
        parts += [ending, _unlink(modifier)]
        for cut in range(MIN_CUT, len(modifier) - MIN_CUT + 1):
            left = modifier[:cut]
            if left in vocabulary or _unlink(left) in vocabulary:
                parts += [modifier[cut:] + ending, _unlink(modifier[cut:]), _unlink(left)]
    return _unique(parts)


class Compounds:
    """The compound parts of words, given a catalogue's VOCABULARY; each word is split once.

    Titles and keywords repeat the same few hundred words across thousands of services, so
    the index build asks for the same word many times; the memo lives as long as this
    object (one build), so it never mixes vocabularies.
    """

    def __init__(self, vocabulary: frozenset[str]) -> None:
        self.vocabulary = vocabulary
        self._parts: dict[str, list[str]] = {}  # word as given → its parts

    def parts_of(self, words: Iterable[str]) -> list[str]:
        """All compound parts of WORDS (folded here), in order, without repeats."""
        out: list[str] = []
        for word in words:
            parts = self._parts.get(word)
            if parts is None:
                parts = self._parts[word] = compound_parts(fold(word), self.vocabulary)
            out += parts
        return _unique(out)


def _unlink(part: str) -> str:
    """Drop the linking s of a modifier (Führungs|zeugnis → führung)."""
    return part[:-1] if part.endswith("s") and len(part) > MIN_PART + 1 else part


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))

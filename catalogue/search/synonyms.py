"""The site-wide synonym file: normalise it, then turn it into index terms for the browser."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def normalise_synonyms(data: Any) -> dict[str, list[str]]:
    """content/search-synonyms.yaml as one mapping: searched word → further words it finds.

    The file has two parts (see schema/search-synonyms.schema.json):
    ``one_way: {perso: [personalausweis]}`` (a search for "perso" also finds
    Personalausweis, not the other way round) and ``groups: [[auto, kfz, fahrzeug]]``
    (each word of a group finds the others). An already normalised mapping is returned
    unchanged, so calling this twice is harmless. Keys are lower-cased; order is stable.
    """
    if not data:
        return {}
    if not isinstance(data, Mapping):
        raise TypeError("search synonyms must be a mapping")
    if not (set(data) <= {"one_way", "groups"} and _file_shaped(data)):
        return {str(k).lower(): [str(v) for v in vs] for k, vs in data.items()}
    out: dict[str, list[str]] = {}
    for key, targets in (data.get("one_way") or {}).items():
        _extend(out, str(key), [str(t) for t in targets])
    for group in data.get("groups") or []:
        words = [str(w) for w in group]
        for word in words:
            _extend(out, word, [w for w in words if w.lower() != word.lower()])
    return out


def synonym_terms(
    synonyms: Mapping[str, list[str]],
    term: Callable[[str], str | None],
    words: Callable[[str], list[str]],
    known: set[str],
) -> dict[str, list[str]]:
    """Index term of a searched word → index terms it also finds, kept only if in the index.

    TERM runs one word through the search pipeline, WORDS splits a phrase, KNOWN is the set of
    index terms. A phrase such as "standesamtliche Trauung" contributes all its words.
    """
    out: dict[str, list[str]] = {}
    for key, targets in sorted(synonyms.items()):
        key_terms = [t for t in map(term, words(key)) if t]
        if len(key_terms) != 1:
            continue  # the browser looks up single words; the schema allows only those
        found = [t for target in targets for t in map(term, words(target)) if t and t in known]
        found = [t for t in dict.fromkeys(found) if t != key_terms[0]]
        if found:
            out.setdefault(key_terms[0], [])
            out[key_terms[0]] = list(dict.fromkeys(out[key_terms[0]] + found))
    return out


def _file_shaped(data: Mapping[str, Any]) -> bool:
    one_way, groups = data.get("one_way"), data.get("groups")
    return (one_way is None or isinstance(one_way, Mapping)) and (
        groups is None or (isinstance(groups, list) and all(isinstance(g, list) for g in groups))
    )


def _extend(out: dict[str, list[str]], key: str, targets: list[str]) -> None:
    key = key.lower()
    merged = out.get(key, []) + [t for t in targets if t not in out.get(key, [])]
    out[key] = list(dict.fromkeys(merged))

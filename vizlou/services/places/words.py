"""How place names are compared: case, accents and punctuation ignored, the usual
abbreviations spelt out ("St" is "street", "Pk" is "park"), Spanish and French place words
read as their English twins ("parque" and "parc" are "park"), and ordinals reduced ("28th"
is "28")."""

from __future__ import annotations

import re
import unicodedata

SAME = {
    # English abbreviations
    "st": "street", "str": "street", "ave": "avenue", "av": "avenue", "rd": "road",
    "blvd": "boulevard", "dr": "drive", "ln": "lane", "pkwy": "parkway", "hwy": "highway",
    "pk": "park", "prk": "park", "ctr": "center", "centre": "center", "cntr": "center",
    "ct": "court", "pl": "place", "sq": "square", "mt": "mount", "ft": "fort",
    "lib": "library", "sch": "school",
    "n": "north", "s": "south", "e": "east", "w": "west",
    # Spanish place words
    "parque": "park", "calle": "street", "avenida": "avenue", "biblioteca": "library",
    "escuela": "school", "centro": "center", "plaza": "square", "puente": "bridge",
    "norte": "north", "sur": "south", "este": "east", "oeste": "west", "comunitario": "community",
    # French place words
    "parc": "park", "rue": "street", "bibliotheque": "library", "ecole": "school",
    "pont": "bridge", "nord": "north", "ouest": "west", "boulevard": "boulevard",
}
# Words that join two street names, in both languages: "28th and Broadway", "28 y Broadway".
JOINS = {"and", "y", "at", "con", "esquina", "corner", "of", "de", "la", "el", "the", "&",
         "a", "an", "in", "on", "en", "near", "by", "las", "los", "cerca",
         "et", "au", "aux", "du", "des", "le", "les", "pres", "coin", "angle"}
_ORDINAL = re.compile(r"^(\d+)(st|nd|rd|th|a|o|ra|ro|er|e)$")
_WORD = re.compile(r"[a-z0-9]+|&")


def plain(text: str) -> str:
    """Lower case, without accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """The words that name a place, in order, joins left out."""
    out: list[str] = []
    for word in _WORD.findall(plain(text)):
        ordinal = _ORDINAL.match(word)
        if ordinal:
            word = ordinal.group(1)
        for part in SAME.get(word, word).split():
            if part not in JOINS:
                out.append(part)
    return out


def folded(text: str) -> str:
    return " ".join(tokens(text))

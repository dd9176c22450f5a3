"""Words that hold a text for review: whole words or phrases, any case, with or without
accents. The starter lists (English and Spanish) are in data/moderation/words.toml."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path

from vizlou.config import PROJECT_DIR

WORDS_FILE = PROJECT_DIR / "data" / "moderation" / "words.toml"


def normalise(text: str) -> str:
    """Lower case, no accents, letters and digits separated by single spaces."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", plain))


@lru_cache(maxsize=4)
def _pattern(path: Path) -> re.Pattern | None:
    raw = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    words = sorted({normalise(w) for lang in raw.values() for w in lang if normalise(w)},
                   key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(w) for w in words) +
                      r")(?![a-z0-9])")


def matches(text: str, path: Path = WORDS_FILE) -> list[str]:
    """The listed words found in ``text`` (empty when it is fine)."""
    pattern = _pattern(path)
    if pattern is None or not text:
        return []
    return sorted(set(pattern.findall(normalise(text))))

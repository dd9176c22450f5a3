"""Search the city's places as a resident types: area names from every boundary layer, and
the gazetteer's landmarks, streets and intersections.

Each name is reduced to its words (``words.tokens``); a query matches a place when every
word of the query is one of the place's words, the start of one (the last word, still being
typed), or one letter away from one (a small misspelling: "shawne", "broadwya"). Best first:
fewer misspellings, then every word of the name given, then areas and landmarks before
streets, then the shorter name. The index is kept in memory per database and rebuilt when
the places or the areas change.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vizlou.models import Area, AreaLayer, Place, PlaceKind
from vizlou.services.areas import catalog as area_catalog
from vizlou.services.places import words

CHECK_EVERY = 1.0
MAX_RESULTS = 10
KIND_ORDER = {PlaceKind.AREA: 0, PlaceKind.LANDMARK: 0, PlaceKind.INTERSECTION: 1,
              PlaceKind.STREET: 2}


@dataclass(frozen=True)
class Found:
    name: str
    kind: str
    lon: float
    lat: float
    layer: str | None = None  # the layer's key, for an area
    area_id: int | None = None
    misspelt: int = 0  # query words matched only one letter away
    exact: bool = False  # the query names the place completely


@dataclass
class _Entry:
    name: str
    kind: str
    lon: float
    lat: float
    words: tuple[str, ...]
    layer: str | None = None
    area_id: int | None = None


@dataclass
class _Index:
    signature: tuple
    entries: list[_Entry]
    by_word: dict[str, list[int]] = field(default_factory=dict)
    by_words: dict[tuple[str, ...], list[int]] = field(default_factory=dict)
    # Known words by their first letter: a word a letter away or being typed starts with
    # the same one, so each search reads a twentieth of the words, not all of them.
    by_initial: dict[str, list[str]] = field(default_factory=dict)
    checked_at: float = 0.0

    def __post_init__(self) -> None:
        for i, entry in enumerate(self.entries):
            for word in set(entry.words):
                self.by_word.setdefault(word, []).append(i)
            self.by_words.setdefault(tuple(sorted(entry.words)), []).append(i)
        for word in self.by_word:
            self.by_initial.setdefault(word[:1], []).append(word)


_indexes: dict[str, _Index] = {}


def search(session: Session, query: str, *, limit: int = MAX_RESULTS,
           typing: bool = True) -> list[Found]:
    """The places that match ``query``, best first (at most ``limit``); ``typing``: the last
    word may be the start of a longer one."""
    asked = words.tokens(query or "")[:8]
    if not asked or not any(len(w) >= 2 or w.isdigit() for w in asked):
        return []
    index = _index(session)
    scored: dict[int, int] = {}
    for position, word in enumerate(asked):
        last = typing and position == len(asked) - 1
        matches = _matching(index, word, prefix=last)
        if not matches:
            return []
        step: dict[int, int] = {}
        for i, cost in matches.items():
            if position == 0 or i in scored:
                step[i] = scored.get(i, 0) + cost
        scored = step
        if not scored:
            return []
    found = []
    for i, misspelt in scored.items():
        entry = index.entries[i]
        exact = misspelt == 0 and sorted(asked) == sorted(entry.words)
        found.append(Found(entry.name, entry.kind, entry.lon, entry.lat, entry.layer,
                           entry.area_id, misspelt, exact))
    found.sort(key=lambda f: (f.misspelt, not f.exact, KIND_ORDER.get(f.kind, 3),
                              len(f.name), f.name))
    return found[:limit]


def find_in_text(session: Session, text: str) -> Found | None:
    """The place a sentence names ("more lights in Shawnee Park", "a bench at 28th and
    Broadway"): the longest run of its words that is the whole name of a place, or (two
    words or more) every word of one, spelt right. A word alone must be a whole name of four
    letters or more."""
    said = words.tokens(text or "")
    index = _index(session)
    for size in range(min(6, len(said)), 0, -1):
        for start in range(len(said) - size + 1):
            run = said[start:start + size]
            if size == 1 and (len(run[0]) <= 3 or run[0].isdigit()):
                continue
            hits = index.by_words.get(tuple(sorted(run)))
            if hits:
                best = min((index.entries[i] for i in hits),
                           key=lambda e: (KIND_ORDER.get(e.kind, 3), len(e.name)))
                return Found(best.name, best.kind, best.lon, best.lat, best.layer,
                             best.area_id, 0, True)
            if size >= 2:
                found = [f for f in search(session, " ".join(run), limit=1, typing=False)
                         if f.misspelt == 0]
                if found:
                    return found[0]
    return None


def _matching(index: _Index, word: str, *, prefix: bool) -> dict[int, int]:
    """``{entry: 0 or 1}``: the entries with this word (0), or with one that starts with it
    while it is being typed (0), or one a letter away (1)."""
    out: dict[int, int] = dict.fromkeys(index.by_word.get(word, ()), 0)
    for known in index.by_initial.get(word[:1], ()):
        entries = index.by_word[known]
        if known == word:
            continue
        if prefix and len(word) >= 2 and known.startswith(word):
            cost = 0
        elif len(word) >= 4 and not word.isdigit() and _one_away(word, known):
            cost = 1
        else:
            continue
        for i in entries:
            out.setdefault(i, cost)
    return out


def _one_away(a: str, b: str) -> bool:
    """One letter changed, added, removed, or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1 or a[0] != b[0]:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


def _signature(session: Session) -> tuple:
    places = session.execute(select(func.count(Place.id), func.max(Place.id))).one()
    return (tuple(places), area_catalog.catalog(session).signature)


def _index(session: Session) -> _Index:
    key = str(session.get_bind().url)
    cached = _indexes.get(key)
    now = time.monotonic()
    if cached is not None and now - cached.checked_at < CHECK_EVERY:
        return cached
    signature = _signature(session)
    if cached is None or cached.signature != signature:
        cached = _Index(signature, _entries(session))
        _indexes[key] = cached
    cached.checked_at = now
    return cached


def forget(session: Session) -> None:
    """Drop this database's index (after an import in this process)."""
    _indexes.pop(str(session.get_bind().url), None)


def _entries(session: Session) -> list[_Entry]:
    entries = []
    for area in session.execute(select(Area.id, Area.name, Area.names, Area.geom, AreaLayer.key)
                                .join(AreaLayer, AreaLayer.id == Area.layer_id)):
        spot = area.geom.representative_point()
        for name in dict.fromkeys([area.name, *(area.names or {}).values()]):  # every language
            entries.append(_Entry(name, PlaceKind.AREA, round(spot.x, 6), round(spot.y, 6),
                                  tuple(words.tokens(name)), area.key, area.id))
    for place in session.scalars(select(Place)):
        entries.append(_Entry(place.name, place.kind, place.lon, place.lat,
                              tuple(place.folded.split())))
    return [e for e in entries if e.words]

"""What residents said, in themes: the words that come back together across ideas, found
per language with scikit-learn (TF-IDF, then non-negative matrix factorisation), each theme
with how many ideas share it and a few of them quoted word for word.

Only public ideas are read (never ones held for review or hidden), the newest ``MAX_IDEAS``
of those matching the planner's filters. Each language of the ideas is read on its own,
with its own stop words (``stopwords/<language>.txt``; English adds scikit-learn's list), so
"parque" and "park" make two themes in a bilingual city rather than one muddle; a language
without a file still works, with less tidy labels. The result is the same for the same ideas
(a fixed seed), so a printed report can be made again; so each is kept in this process
until the ideas, supports or comments change (``_version``) or for ``KEEP`` at most, and a
planner opening the report again waits for no model.
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.models import (
    Area,
    AreaTally,
    AuditEntry,
    Comment,
    Idea,
    IdeaArea,
    Moderation,
    Support,
    SupportTally,
)
from vizlou.services.areas import layers as area_layers
from vizlou.services.counts import cells
from vizlou.services.filters import Filters, check_filters, idea_conditions

MAX_IDEAS = 20_000  # the newest ones; more would take seconds and say nothing new
MIN_IDEAS = 12  # fewer ideas in a language: no themes for it, only the ideas themselves
MAX_THEMES = 8
QUOTES = 3
STOPWORDS = Path(__file__).with_name("stopwords")
KEEP = 15 * 60  # seconds: themes found are kept this long at most
KEPT_THEMES = 64  # the last this many (filters and area) are kept


@dataclass(frozen=True)
class Quote:
    idea_id: int
    text: str
    supports: int


@dataclass(frozen=True)
class Theme:
    language: str
    words: list[str]  # the words that name it, most telling first
    ideas: int  # how many ideas share it most
    quotes: list[Quote]


@cache
def stop_words(language: str) -> frozenset[str]:
    words: set[str] = set()
    if language == "en":
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        words |= set(ENGLISH_STOP_WORDS)
    path = STOPWORDS / f"{language}.txt"
    if path.exists():
        words |= {line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                  if line.strip() and not line.startswith("#")}
    return frozenset(words)


_kept: OrderedDict[tuple, tuple[float, list[Theme]]] = OrderedDict()
_kept_lock = threading.Lock()


def _version(session: Session) -> tuple:
    """What the themes were found from, cheaply: a new idea, support or comment changes a
    largest id; a moderation (hidden, held, shown again) or a resident erasing their data
    writes to the audit log, whose largest id changes too (counts of what is not public could
    cancel out: one hidden while another is shown). Each number is one look-up in an index.
    A support taken back shows in the quotes' counts at the latest ``KEEP`` later."""
    return tuple(session.scalar(select(func.max(column))) for column in (
        Idea.id, Support.id, Comment.id, AuditEntry.id))


def themes(session: Session, city: City, flt: Filters,
           area: tuple[int, int] | None = None) -> list[Theme]:
    """The themes of the public ideas matching ``flt`` (and lying in ``area``, a ``(layer
    id, area id)``), largest first. Each idea is read with its public comments."""
    flt = check_filters(session, city, flt)
    key = (str(session.get_bind().url), city.name, city.default_language, flt, area,
           _version(session))
    with _kept_lock:
        found = _kept.get(key)
    if found is not None and time.monotonic() - found[0] < KEEP:
        return found[1]
    result = _found(session, city, flt, area)
    with _kept_lock:
        _kept[key] = (time.monotonic(), result)
        _kept.move_to_end(key)
        while len(_kept) > KEPT_THEMES:
            _kept.popitem(last=False)
    return result


def _found(session: Session, city: City, flt: Filters,
           area: tuple[int, int] | None) -> list[Theme]:
    query = select(Idea.id, Idea.text, Idea.language).where(
        idea_conditions(city, flt), Idea.moderation == Moderation.VISIBLE)
    if area is not None:
        query = query.join(IdeaArea, (IdeaArea.idea_id == Idea.id)
                           & (IdeaArea.layer_id == area[0]) & (IdeaArea.area_id == area[1]))
    rows = session.execute(query.order_by(Idea.created_at.desc(), Idea.id.desc())
                           .limit(MAX_IDEAS)).all()
    comments = _comments(session, [r[0] for r in rows])
    by_language: dict[str, list[tuple[int, str, str]]] = {}
    for idea_id, text, language in rows:
        by_language.setdefault(language or city.default_language, []).append(
            (idea_id, text, comments.get(idea_id, "")))
    found: list[Theme] = []
    for language, ideas in sorted(by_language.items()):
        found += _themes_of(session, language, ideas)
    return sorted(found, key=lambda t: -t.ideas)


@dataclass(frozen=True)
class AreaThemes:
    name: str
    ideas: int  # ideas in the area that match the filters, as the Areas page counts them
    themes: list[Theme]


def by_area(session: Session, city: City, flt: Filters, top: int = 6, per_area: int = 3,
            ideas_per_area: Sequence[tuple[int, str, int]] | None = None) -> list[AreaThemes]:
    """The themes of the ``top`` areas (of the filters' layer) with the most ideas (as the
    Areas page counts them: all but hidden ones), ``per_area`` each (found from the public
    ones); areas with too few ideas to find themes are left out. ``ideas_per_area`` (area
    id, name, ideas) is what a summary of the same filters and layer counted: given, the
    ideas are not counted again."""
    flt = check_filters(session, city, flt)
    layer = area_layers.get_layer(session, flt.layer or city.main_layer)
    if ideas_per_area is not None:
        busiest = sorted(ideas_per_area, key=lambda r: (-r[2], r[1]))[:top]
    else:
        busiest = _busiest(session, city, flt, layer.id, top)
    out = []
    for area_id, name, ideas in busiest:
        found = themes(session, city, flt, (layer.id, area_id))[:per_area] \
            if ideas >= MIN_IDEAS else []
        if found:
            out.append(AreaThemes(name, int(ideas), found))
    return out


def _busiest(session: Session, city: City, flt: Filters, layer_id: int, top: int) -> list:
    """(area id, name, ideas) of the ``top`` areas with the most ideas."""
    if flt.narrowed:
        area, n = IdeaArea.area_id, func.count(Idea.id)
        query = (select(area, Area.name, n)
                 .join(Idea, Idea.id == IdeaArea.idea_id).join(Area, Area.id == IdeaArea.area_id)
                 .where(IdeaArea.layer_id == layer_id, idea_conditions(city, flt)))
    else:  # the kept counts, as the Areas page reads them
        area, n = AreaTally.area_id, func.sum(AreaTally.ideas)
        query = (select(area, Area.name, n).join(Area, Area.id == AreaTally.area_id)
                 .where(AreaTally.layer_id == layer_id))
    return session.execute(query.group_by(area, Area.name)
                           .order_by(n.desc(), Area.name).limit(top)).all()


def _comments(session: Session, idea_ids: list[int]) -> dict[int, str]:
    """The public comments of each idea, as one text (they say what residents think too)."""
    out: dict[int, list[str]] = {}
    for start in range(0, len(idea_ids), 5000):
        for idea_id, text in session.execute(select(Comment.idea_id, Comment.text).where(
                Comment.idea_id.in_(idea_ids[start:start + 5000]),
                Comment.moderation == Moderation.VISIBLE)):
            out.setdefault(idea_id, []).append(text)
    return {i: " ".join(texts) for i, texts in out.items()}


def _themes_of(session: Session, language: str,
               ideas: list[tuple[int, str, str]]) -> list[Theme]:
    """Themes of ``(id, text, its comments)``; quotes are the ideas' own texts."""
    if len(ideas) < MIN_IDEAS:
        return []
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{text} {comments}" for _, text, comments in ideas]
    ignored = stop_words(language) | proper_names(texts)
    vectorizer = TfidfVectorizer(strip_accents="unicode", lowercase=True, min_df=2, max_df=0.6,
                                 ngram_range=(1, 2), max_features=5000,
                                 stop_words=sorted(ignored) or None,
                                 token_pattern=WORD.pattern)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no word left after the stop words: nothing to say
        return []
    # About one theme per 2k² ideas: 2 for a dozen, 5 for fifty, 8 from 128 on.
    count = min(MAX_THEMES, max(2, round((len(ideas) / 2) ** 0.5)), matrix.shape[1])
    if count < 2:
        return []
    model = NMF(n_components=count, init="nndsvda", random_state=0, max_iter=400)
    weights = model.fit_transform(matrix)
    terms = vectorizer.get_feature_names_out()
    best = weights.argmax(axis=1)
    strength = weights.max(axis=1)
    out = []
    for k in range(count):
        members = np.flatnonzero((best == k) & (strength > 0))
        if len(members) < 2:
            continue
        order = np.argsort(-model.components_[k])
        words = _words([terms[i] for i in order[:8]])[:4]
        top = members[np.argsort(-strength[members])][:QUOTES]
        ids = [ideas[i][0] for i in top]
        supports = _supports(session, ids)
        out.append(Theme(language, words, len(members),
                         [Quote(ideas[i][0], ideas[i][1], supports.get(ideas[i][0], 0))
                          for i in top]))
    return out


WORD = re.compile(r"(?u)\b[^\W\d_]{3,}\b")


def _folded(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower())
                   if not unicodedata.combining(c))


def proper_names(texts: list[str]) -> set[str]:
    """Words written with a capital almost everywhere but at a sentence's start: street and
    place names ("Market Street", "Shawnee"), which say where, not what; left out of the
    themes (the map already shows where)."""
    capital: dict[str, int] = {}
    seen: dict[str, int] = {}
    for text in texts:
        for match in WORD.finditer(text):
            start = text[:match.start()].rstrip()
            if not start or start[-1] in ".!?":
                continue  # a sentence's first word says nothing
            word = _folded(match.group())
            seen[word] = seen.get(word, 0) + 1
            capital[word] = capital.get(word, 0) + match.group()[0].isupper()
    return {w for w, n in seen.items() if n >= 2 and capital.get(w, 0) >= 0.8 * n}


def _words(terms: list[str]) -> list[str]:
    """Drop a word already said by a two-word term ("bus" after "bus stop")."""
    kept: list[str] = []
    for term in terms:
        if any(term in other.split() or other in term.split() for other in kept):
            continue
        kept.append(term)
    return kept


def _supports(session: Session, idea_ids: list[int]) -> dict[int, int]:
    return dict(session.execute(select(Support.idea_id, func.count(Support.id))
                                .where(Support.idea_id.in_(idea_ids))
                                .group_by(Support.idea_id)).all())


def public_ideas(session: Session, city: City, flt: Filters,
                 limit: int = 300) -> tuple[list[tuple[Idea, int]], int]:
    """The public ideas matching ``flt``, most supported first (newest among equals), with
    their supports, and how many there are in all: the report quotes them as they are."""
    flt = check_filters(session, city, flt)
    condition = and_(idea_conditions(city, flt), Idea.moderation == Moderation.VISIBLE)
    total = (session.scalar(select(func.count(Idea.id)).where(condition)) if flt.narrowed
             else cells.visible_ideas(session))  # kept: each public idea is in one cell
    # The supported ones first, read from the kept supports per idea in their index's order,
    # then the newest of those without any: the same order as sorting every idea, without it.
    n = SupportTally.n
    supported = session.execute(
        select(Idea, n).join(SupportTally, SupportTally.idea_id == Idea.id)
        .where(condition, n > 0).order_by(n.desc(), Idea.created_at.desc(), Idea.id.desc())
        .limit(limit)).all()
    out = [(idea, count) for idea, count in supported]
    if len(out) < limit:
        unsupported = ~select(SupportTally.idea_id).where(SupportTally.idea_id == Idea.id,
                                                          n > 0).exists()
        out += [(idea, 0) for idea in session.scalars(
            select(Idea).where(condition, unsupported)
            .order_by(Idea.created_at.desc(), Idea.id.desc()).limit(limit - len(out)))]
    return out, total

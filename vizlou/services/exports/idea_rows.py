"""The rows of the ideas export, read in batches so that a million ideas stream.

Ideas are read a batch at a time in the order of their ids (each batch starts after the last
id of the one before: no offset, no cursor held open between batches), with their support
counts and their area in each layer read for that batch alone. Memory stays that of one
batch however many ideas there are, and the first rows are ready after the first batch,
where one query joining every layer would first have to match a million rows per layer.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator

from shapely.geometry import Point
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.models import Area, AreaLayer, Idea, IdeaArea, Support
from vizlou.services.filters import Filters, idea_conditions

BATCH = 2000
COLUMNS = [Idea.id, Idea.created_at, Idea.category, Idea.text, Idea.language, Idea.channel,
           Idea.event_id, Idea.status, Idea.response, Idea.participant_id, Idea.lon,
           Idea.lat]


def pseudonym(key: bytes, participant_id: int | None) -> int | None:
    """A participant's stable number in exports: a keyed hash of their id."""
    if participant_id is None:
        return None
    digest = hmac.new(key, f"participant:{participant_id}".encode(), hashlib.sha256)
    return int(digest.hexdigest()[:12], 16)


def ideas_columns(layer_keys: list[str], *, public: bool = False) -> list[str]:
    return ["id", "created_at", "category", "topic", "text", "language", "channel",
            "session_id", "status", "response", "supports",
            *([] if public else ["participant"]), "lon", "lat", *layer_keys]


def layers(session: Session) -> list[tuple[int, str]]:
    return [tuple(r) for r in session.execute(
        select(AreaLayer.id, AreaLayer.key).order_by(AreaLayer.id))]


def count(session: Session, city: City, flt: Filters) -> int:
    return session.scalar(select(func.count()).select_from(Idea)
                          .where(idea_conditions(city, flt)))


def rows(session: Session, city: City, flt: Filters, layer_ids: list[int], *, key: bytes,
         public: bool = False) -> Iterator[tuple[list, Point]]:
    """Each matching idea as (its row, its point), in the order of their ids."""
    condition, last = idea_conditions(city, flt), 0
    while True:
        batch = session.execute(select(*COLUMNS).where(condition, Idea.id > last)
                                .order_by(Idea.id).limit(BATCH)).all()
        if not batch:
            return
        ids = [r.id for r in batch]
        supports = dict(session.execute(
            select(Support.idea_id, func.count()).where(Support.idea_id.in_(ids))
            .group_by(Support.idea_id)).all())
        names: dict[tuple[int, int], str] = {
            (idea_id, layer_id): name for idea_id, layer_id, name in session.execute(
                select(IdeaArea.idea_id, IdeaArea.layer_id, Area.name)
                .join(Area, Area.id == IdeaArea.area_id).where(IdeaArea.idea_id.in_(ids)))}
        for r in batch:
            found = city.category(r.category)
            yield ([r.id, r.created_at, r.category,
                    found.label("en") if found else r.category, r.text, r.language,
                    r.channel, r.event_id, r.status, r.response, supports.get(r.id, 0),
                    *([] if public else [pseudonym(key, r.participant_id)]), r.lon, r.lat,
                    *(names.get((r.id, layer_id)) for layer_id in layer_ids)],
                   Point(r.lon, r.lat))
        last = ids[-1]

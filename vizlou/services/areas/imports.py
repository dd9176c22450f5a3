"""Importing and removing area layers; every idea is placed again in the layer imported."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from vizlou.geo.area_index import NO_AREA, LayerIndex
from vizlou.models import Area, AreaLayer, Idea, IdeaArea, Moderation
from vizlou.models.rollups import OUTSIDE
from vizlou.services import audit
from vizlou.services.areas.catalog import area_index, forget_catalog
from vizlou.services.areas.layers import get_layer
from vizlou.services.counts import area_days
from vizlou.services.counts import rebuild as counts
from vizlou.services.dialect import bulk_insert_ints

if TYPE_CHECKING:
    from vizlou.geo.boundaries import BoundarySet


REASSIGN_CHUNK = 250_000
MAX_NAME = 200  # the areas.name column


@dataclass
class LayerImport:
    key: str
    replaced: bool
    areas: int
    kept: int
    added: int
    removed: int
    ideas_assigned: int
    warnings: list[str] = field(default_factory=list)


def import_layer(session: Session, *, key: str, title: str | None, boundaries: BoundarySet,
                 source: str, actor: audit.Actor = audit.COMMAND_LINE) -> LayerImport:
    """Create or replace a layer. Areas keep their id when their name stays the same, so
    links, home areas and sessions that point at them stay right; every idea is reassigned.
    """
    layer = session.scalar(select(AreaLayer).where(AreaLayer.key == key))
    replaced = layer is not None
    if layer is None:
        layer = AreaLayer(key=key, title=title or title_from_key(key))
        session.add(layer)
    elif title:
        layer.title = title
    layer.source = source
    layer.has_population = boundaries.has_population
    layer.token = uuid.uuid4().hex
    session.flush()

    areas, warnings = _named(boundaries)
    existing = {a.name: a for a in session.scalars(select(Area).where(Area.layer_id == layer.id))}
    incoming = {a.name for a in areas}
    kept = added = 0
    for item in areas:
        area = existing.get(item.name)
        names = {k: v[:MAX_NAME] for k, v in item.names.items()} or None
        if area is None:
            session.add(Area(layer_id=layer.id, name=item.name, population=item.population,
                             geom=item.geometry, names=names))
            added += 1
        else:
            area.population = item.population
            area.geom = item.geometry
            area.names = names
            kept += 1
    gone = [a.id for name, a in existing.items() if name not in incoming]
    if gone:
        session.execute(delete(IdeaArea).where(IdeaArea.area_id.in_(gone)))
        session.execute(delete(Area).where(Area.id.in_(gone)))
    session.flush()

    assigned = reassign_layer(session, layer.id)
    forget_catalog(session)
    audit.record(session, actor, "boundaries.import", "layer", key, source=source,
                 areas=len(areas), replaced=replaced, ideas_assigned=assigned,
                 warnings=warnings)
    return LayerImport(key, replaced, len(areas), kept, added, len(gone), assigned, warnings)


def title_from_key(key: str) -> str:
    """A title people can read when none is given: "dc_wards" -> "DC wards" (short words,
    usually initials, in capitals; the first word capitalised)."""
    words = [w for w in re.split(r"[_\-\s]+", key) if w]
    shown = [w.upper() if len(w) <= 3 and w.isalpha() else w.lower() for w in words]
    if shown:
        shown[0] = shown[0][:1].upper() + shown[0][1:]
    return " ".join(shown) or key


def _named(boundaries: BoundarySet) -> tuple[list, list[str]]:
    """The areas with names of one length on both databases (the column's): longer ones
    shortened, and said in the warnings."""
    from dataclasses import replace

    areas, shortened = [], 0
    for item in boundaries.areas:
        if len(item.name) > MAX_NAME:
            item = replace(item, name=item.name[:MAX_NAME - 1] + "…")
            shortened += 1
        areas.append(item)
    warnings = list(boundaries.warnings)
    if shortened:
        warnings.append(f"{shortened} name(s) longer than {MAX_NAME} characters were "
                        f"shortened")
    return areas, warnings


def reassign_layer(session: Session, layer_id: int) -> int:
    """Recompute the area of every idea for one layer; returns how many fell in an area."""
    rows = session.execute(select(Area.id, Area.geom).where(Area.layer_id == layer_id)).all()
    index = LayerIndex([r[0] for r in rows], [r[1] for r in rows])
    session.execute(delete(IdeaArea).where(IdeaArea.layer_id == layer_id))
    assigned = 0
    last_id = 0
    authors, areas = [], []  # for the first idea of each participant in this layer
    idea_days: Counter = Counter()  # counted ideas per (day, area, topic): see area_days
    while True:
        chunk = session.execute(
            select(Idea.id, Idea.lon, Idea.lat, func.coalesce(Idea.participant_id, -1),
                   Idea.moderation != Moderation.HIDDEN, area_days.day_column(Idea.created_at),
                   Idea.category).where(Idea.id > last_id)
            .order_by(Idea.id).limit(REASSIGN_CHUNK)).all()
        if not chunk:
            break
        ids, lons, lats, people, counted, days, topics = (
            np.array(col) for col in zip(*chunk, strict=True))
        last_id = int(ids[-1])
        found = index.locate_many(lons.astype(float), lats.astype(float))
        hit = found != NO_AREA
        assigned += bulk_insert_ints(
            session, "idea_areas", ("idea_id", "layer_id", "area_id"),
            (ids[hit], np.full(hit.sum(), layer_id), found[hit]))
        counted = counted.astype(bool)
        idea_days.update(zip(days[counted].tolist(),
                             np.where(hit, found, OUTSIDE)[counted].tolist(),
                             topics[counted].tolist(), strict=True))
        placed = hit & counted & (people >= 0)
        authors.append(people[placed].astype(np.int64))
        areas.append(found[placed].astype(np.int64))
    # Ideas came in id order, so each participant's first occurrence is their first idea.
    authors_all = np.concatenate(authors) if authors else np.zeros(0, np.int64)
    areas_all = np.concatenate(areas) if areas else np.zeros(0, np.int64)
    first_people, first = np.unique(authors_all, return_index=True)
    counts.rebuild(session, layer_id, first_areas=(first_people, areas_all[first]),
                   idea_days=idea_days)
    return assigned


def assign_ideas(session: Session, idea_ids: np.ndarray, lons: np.ndarray,
                 lats: np.ndarray) -> dict[int, np.ndarray]:
    """Store the areas of new ideas for every layer; returns ``{layer_id: area ids}``."""
    found = area_index(session).locate_many(lons, lats)
    for layer_id, areas in found.items():
        hit = areas != NO_AREA
        bulk_insert_ints(session, "idea_areas", ("idea_id", "layer_id", "area_id"),
                         (np.asarray(idea_ids)[hit], np.full(hit.sum(), layer_id), areas[hit]))
    return found


def remove_layer(session: Session, key: str, actor: audit.Actor = audit.COMMAND_LINE) -> int:
    layer = get_layer(session, key)
    count = session.scalar(select(func.count(Area.id)).where(Area.layer_id == layer.id))
    session.execute(delete(IdeaArea).where(IdeaArea.layer_id == layer.id))
    counts.forget_layer(session, layer.id)
    session.execute(delete(Area).where(Area.layer_id == layer.id))
    session.delete(layer)
    session.flush()
    forget_catalog(session)
    audit.record(session, actor, "boundaries.remove", "layer", key, areas=count)
    return count

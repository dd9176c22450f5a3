"""Area layers: import, list, remove; and which area of each layer a point falls in."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from vizlou.errors import N_, NotFound
from vizlou.geo.area_index import NO_AREA, AreaIndex, LayerIndex
from vizlou.geo.simplify import feature_collection
from vizlou.models import Area, AreaLayer, Idea, IdeaArea
from vizlou.services import audit, rollups
from vizlou.services.dialect import bulk_insert_ints

if TYPE_CHECKING:
    from vizlou.geo.boundaries import BoundarySet

REASSIGN_CHUNK = 250_000

# What every process keeps about the areas of one database: the area index, the layers'
# keys and the areas' names. Rebuilt when a layer's token changes (an import in this process
# or another); other processes notice within CHECK_EVERY seconds.
CHECK_EVERY = 2.0
_catalogs: dict[str, AreaCatalog] = {}


@dataclass
class AreaCatalog:
    signature: tuple
    index: AreaIndex
    layer_ids: dict[str, int]  # key -> id
    layer_keys: dict[int, str]  # id -> key
    names: dict[int, str]  # area id -> name
    checked_at: float = 0.0

    def describe(self, located: dict[int, int | None]) -> dict[str, dict]:
        """``{layer key: {"id", "name"}}`` for the areas of one located point."""
        return {self.layer_keys[lid]: {"id": aid, "name": self.names[aid]}
                for lid, aid in located.items() if aid is not None and lid in self.layer_keys}


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


@dataclass(frozen=True)
class LayerInfo:
    id: int
    key: str
    title: str
    areas: int
    has_population: bool
    population: int | None


def catalog(session: Session) -> AreaCatalog:
    key = str(session.get_bind().url)
    cached = _catalogs.get(key)
    now = time.monotonic()
    if cached is not None and now - cached.checked_at < CHECK_EVERY:
        return cached
    layers = session.execute(select(AreaLayer.id, AreaLayer.key, AreaLayer.token)
                             .order_by(AreaLayer.id)).all()
    signature = tuple((lid, token) for lid, _, token in layers)
    if cached is None or cached.signature != signature:
        rows = session.execute(select(Area.layer_id, Area.id, Area.name, Area.geom)).all()
        cached = AreaCatalog(
            signature=signature,
            index=AreaIndex.build((r.layer_id, r.id, r.geom) for r in rows),
            layer_ids={k: lid for lid, k, _ in layers},
            layer_keys={lid: k for lid, k, _ in layers},
            names={r.id: r.name for r in rows})
        _catalogs[key] = cached
    cached.checked_at = now
    return cached


def forget_catalog(session: Session) -> None:
    """After a change to the layers in this process: rebuild on next use."""
    _catalogs.pop(str(session.get_bind().url), None)


def area_index(session: Session) -> AreaIndex:
    return catalog(session).index


def get_layer(session: Session, key: str) -> AreaLayer:
    layer = session.scalar(select(AreaLayer).where(AreaLayer.key == key))
    if layer is None:
        raise NotFound(N_("There is no area layer %(key)s."), field="layer", key=key)
    return layer


def list_layers(session: Session) -> list[LayerInfo]:
    rows = session.execute(
        select(AreaLayer, func.count(Area.id), func.sum(Area.population))
        .outerjoin(Area, Area.layer_id == AreaLayer.id)
        .group_by(AreaLayer.id).order_by(AreaLayer.id))
    return [LayerInfo(layer.id, layer.key, layer.title, count, layer.has_population,
                      int(pop) if pop is not None else None) for layer, count, pop in rows]


def import_layer(session: Session, *, key: str, title: str | None, boundaries: BoundarySet,
                 source: str, actor: audit.Actor = audit.COMMAND_LINE) -> LayerImport:
    """Create or replace a layer. Areas keep their id when their name stays the same, so
    links, home areas and sessions that point at them stay right; every idea is reassigned.
    """
    layer = session.scalar(select(AreaLayer).where(AreaLayer.key == key))
    replaced = layer is not None
    if layer is None:
        layer = AreaLayer(key=key, title=title or key.replace("_", " ").capitalize())
        session.add(layer)
    elif title:
        layer.title = title
    layer.source = source
    layer.has_population = boundaries.has_population
    layer.token = uuid.uuid4().hex
    session.flush()

    existing = {a.name: a for a in session.scalars(select(Area).where(Area.layer_id == layer.id))}
    incoming = {a.name for a in boundaries.areas}
    kept = added = 0
    for item in boundaries.areas:
        area = existing.get(item.name)
        if area is None:
            session.add(Area(layer_id=layer.id, name=item.name, population=item.population,
                             geom=item.geometry))
            added += 1
        else:
            area.population = item.population
            area.geom = item.geometry
            kept += 1
    gone = [a.id for name, a in existing.items() if name not in incoming]
    if gone:
        session.execute(delete(IdeaArea).where(IdeaArea.area_id.in_(gone)))
        session.execute(delete(Area).where(Area.id.in_(gone)))
    session.flush()

    assigned = reassign_layer(session, layer.id)
    forget_catalog(session)
    audit.record(session, actor, "boundaries.import", "layer", key, source=source,
                 areas=len(boundaries.areas), replaced=replaced, ideas_assigned=assigned,
                 warnings=boundaries.warnings)
    return LayerImport(key, replaced, len(boundaries.areas), kept, added, len(gone), assigned,
                       list(boundaries.warnings))


def reassign_layer(session: Session, layer_id: int) -> int:
    """Recompute the area of every idea for one layer; returns how many fell in an area."""
    rows = session.execute(select(Area.id, Area.geom).where(Area.layer_id == layer_id)).all()
    index = LayerIndex([r[0] for r in rows], [r[1] for r in rows])
    session.execute(delete(IdeaArea).where(IdeaArea.layer_id == layer_id))
    assigned = 0
    last_id = 0
    authors, areas = [], []  # for the first idea of each participant in this layer
    while True:
        chunk = session.execute(
            select(Idea.id, Idea.lon, Idea.lat, func.coalesce(Idea.participant_id, -1),
                   Idea.moderation != "hidden").where(Idea.id > last_id)
            .order_by(Idea.id).limit(REASSIGN_CHUNK)).all()
        if not chunk:
            break
        ids, lons, lats, people, counted = (np.array(col) for col in zip(*chunk, strict=True))
        last_id = int(ids[-1])
        found = index.locate_many(lons.astype(float), lats.astype(float))
        hit = found != NO_AREA
        assigned += bulk_insert_ints(
            session, "idea_areas", ("idea_id", "layer_id", "area_id"),
            (ids[hit], np.full(hit.sum(), layer_id), found[hit]))
        placed = hit & counted.astype(bool) & (people >= 0)
        authors.append(people[placed].astype(np.int64))
        areas.append(found[placed].astype(np.int64))
    # Ideas came in id order, so each participant's first occurrence is their first idea.
    authors_all = np.concatenate(authors) if authors else np.zeros(0, np.int64)
    areas_all = np.concatenate(areas) if areas else np.zeros(0, np.int64)
    first_people, first = np.unique(authors_all, return_index=True)
    rollups.rebuild(session, layer_id, first_areas=(first_people, areas_all[first]))
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
    rollups.forget_layer(session, layer.id)
    session.execute(delete(Area).where(Area.layer_id == layer.id))
    session.delete(layer)
    session.flush()
    forget_catalog(session)
    audit.record(session, actor, "boundaries.remove", "layer", key, areas=count)
    return count



_light_cache: dict[tuple[str, str, str], dict] = {}


def light_layer(session: Session, key: str) -> tuple[str, dict]:
    """``(token, GeoJSON)`` of a layer's simplified outlines for the map, cached per import."""
    layer = get_layer(session, key)
    cache_key = (str(session.get_bind().url), key, layer.token)
    if cache_key not in _light_cache:
        rows = session.execute(select(Area.id, Area.name, Area.geom)
                               .where(Area.layer_id == layer.id).order_by(Area.name))
        _light_cache[cache_key] = feature_collection(
            (aid, {"name": name}, geom) for aid, name, geom in rows)
    return layer.token, _light_cache[cache_key]


def area_choices(session: Session, key: str) -> list[tuple[int, str]]:
    """``(id, name)`` of a layer's areas in name order, for lists residents pick from."""
    layer = get_layer(session, key)
    return [tuple(r) for r in session.execute(
        select(Area.id, Area.name).where(Area.layer_id == layer.id).order_by(Area.name))]


def resolve_area(session: Session, ref) -> Area:
    """The area named by an ``AreaRef``; NotFound when the layer or the area is unknown."""
    layer = get_layer(session, ref.layer)
    area = session.get(Area, ref.id)
    if area is None or area.layer_id != layer.id:
        raise NotFound(N_("There is no such area in %(layer)s."), field="area",
                       layer=layer.title)
    return area


def areas_of_ideas(session: Session, idea_ids) -> dict[int, dict[str, dict]]:
    """``{idea_id: {layer_key: {"id", "name"}}}`` for the given ideas."""
    out: dict[int, dict[str, dict]] = {int(i): {} for i in idea_ids}
    if not out:
        return out
    rows = session.execute(
        select(IdeaArea.idea_id, AreaLayer.key, Area.id, Area.name)
        .join(Area, Area.id == IdeaArea.area_id)
        .join(AreaLayer, AreaLayer.id == IdeaArea.layer_id)
        .where(IdeaArea.idea_id.in_(list(out))))
    for idea_id, key, area_id, name in rows:
        out[idea_id][key] = {"id": area_id, "name": name}
    return out

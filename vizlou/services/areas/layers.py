"""Area layers as residents and planners see them: find a layer or an area, list them, and
name the areas of ideas. Reads only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vizlou.errors import N_, NotFound
from vizlou.models import Area, AreaLayer, IdeaArea


@dataclass(frozen=True)
class LayerInfo:
    id: int
    key: str
    title: str
    areas: int
    has_population: bool
    population: int | None


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


def area_choices(session: Session, key: str, language: str | None = None
                 ) -> list[tuple[int, str]]:
    """``(id, name)`` of a layer's areas in name order, for lists residents pick from; the
    names in ``language`` where the boundary file gave them."""
    layer = get_layer(session, key)
    rows = session.execute(select(Area.id, Area.name, Area.names)
                           .where(Area.layer_id == layer.id).order_by(Area.name))
    choices = [(aid, (names or {}).get(language or "", name)) for aid, name, names in rows]
    return sorted(choices, key=lambda c: c[1].casefold()) if language else choices


def resolve_area(session: Session, ref) -> Area:
    """The area named by an ``AreaRef``; NotFound when the layer or the area is unknown."""
    layer = get_layer(session, ref.layer)
    area = session.get(Area, ref.id)
    if area is None or area.layer_id != layer.id:
        raise NotFound(N_("There is no such area in %(layer)s."), field="area",
                       layer=layer.title)
    return area


def areas_of_ideas(session: Session, idea_ids, language: str | None = None
                   ) -> dict[int, dict[str, dict]]:
    """``{idea_id: {layer_key: {"id", "name"}}}`` for the given ideas (names in
    ``language`` where the boundary file gave them)."""
    out: dict[int, dict[str, dict]] = {int(i): {} for i in idea_ids}
    if not out:
        return out
    rows = session.execute(
        select(IdeaArea.idea_id, AreaLayer.key, Area.id, Area.name, Area.names)
        .join(Area, Area.id == IdeaArea.area_id)
        .join(AreaLayer, AreaLayer.id == IdeaArea.layer_id)
        .where(IdeaArea.idea_id.in_(list(out))))
    for idea_id, key, area_id, name, names in rows:
        out[idea_id][key] = {"id": area_id, "name": (names or {}).get(language or "", name)}
    return out

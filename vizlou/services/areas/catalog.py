"""What every process keeps in memory about the areas of its database: the area index (which
area of each layer a point falls in), the layers' keys, the areas' names and the map's light
outlines, rebuilt when a layer's token changes (an import in this process or another)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from shapely.geometry import shape
from sqlalchemy import select
from sqlalchemy.orm import Session

from vizlou.geo.area_index import AreaIndex
from vizlou.geo.simplify import feature_collection
from vizlou.models import Area, AreaLayer
from vizlou.services.areas.layers import get_layer

# What every process keeps about the areas of one database: the area index, the layers'
# keys and the areas' names. Rebuilt when a layer's token changes (an import in this process
# or another); other processes notice within CHECK_EVERY seconds.
CHECK_EVERY = 1.0


_catalogs: dict[str, AreaCatalog] = {}


@dataclass
class AreaCatalog:
    signature: tuple
    index: AreaIndex
    layer_ids: dict[str, int]  # key -> id
    layer_keys: dict[int, str]  # id -> key
    names: dict[int, str]  # area id -> name
    translations: dict[int, dict[str, str]] = field(default_factory=dict)  # id -> {lang: name}
    checked_at: float = 0.0

    def locate(self, lon: float, lat: float) -> dict[int, int | None]:
        """``{layer id: area id or None}`` for every layer, empty ones too."""
        found = self.index.locate(lon, lat)
        return {lid: found.get(lid) for lid in self.layer_keys}

    def describe(self, located: dict[int, int | None], language: str | None = None
                 ) -> dict[str, dict]:
        """``{layer key: {"id", "name"}}`` for the areas of one located point, named in
        ``language`` where the boundary file gave it."""
        return {self.layer_keys[lid]: {"id": aid, "name": self.name_in(aid, language)}
                for lid, aid in located.items() if aid is not None and lid in self.layer_keys}

    def name_in(self, area_id: int, language: str | None) -> str:
        return self.translations.get(area_id, {}).get(language or "", self.names[area_id])


def _layers(session: Session, locked: bool):
    query = select(AreaLayer.id, AreaLayer.key, AreaLayer.token).order_by(AreaLayer.id)
    return session.execute(query.with_for_update(read=True) if locked else query).all()


def catalog(session: Session, *, for_write: bool = False) -> AreaCatalog:
    """The catalog of the session's database. Readers get one checked at most CHECK_EVERY
    seconds ago. A write that stores areas (``for_write``) checks the layers' tokens now,
    with the layers' rows share-locked until it commits, so a boundary import (which
    changes a token) cannot slip in between and leave the write in the old layers."""
    key = str(session.get_bind().url)
    cached = _catalogs.get(key)
    now = time.monotonic()
    if not for_write and cached is not None and now - cached.checked_at < CHECK_EVERY:
        return cached
    layers = _layers(session, locked=for_write)
    signature = tuple((lid, token) for lid, _, token in layers)
    if cached is None or cached.signature != signature:
        rows = session.execute(select(Area.layer_id, Area.id, Area.name, Area.names,
                                      Area.geom)).all()
        cached = AreaCatalog(
            signature=signature,
            index=AreaIndex.build((r.layer_id, r.id, r.geom) for r in rows),
            layer_ids={k: lid for lid, k, _ in layers},
            layer_keys={lid: k for lid, k, _ in layers},
            names={r.id: r.name for r in rows},
            translations={r.id: r.names for r in rows if r.names})
        _catalogs[key] = cached
    cached.checked_at = now
    return cached


def forget_catalog(session: Session) -> None:
    """After a change to the layers in this process: rebuild on next use."""
    _catalogs.pop(str(session.get_bind().url), None)


def area_index(session: Session) -> AreaIndex:
    return catalog(session).index


_light_cache: dict[tuple[str, str, str, str], dict] = {}


def light_layer(session: Session, key: str, language: str | None = None) -> tuple[str, dict]:
    """``(token, GeoJSON)`` of a layer's simplified outlines for the map, cached per import;
    the areas named in ``language`` where the boundary file gave it, in name order."""
    layer = get_layer(session, key)
    cache_key = (str(session.get_bind().url), key, layer.token, language or "")
    if cache_key not in _light_cache:
        rows = session.execute(select(Area.id, Area.name, Area.names, Area.geom)
                               .where(Area.layer_id == layer.id).order_by(Area.name)).all()
        named = sorted(((aid, (names or {}).get(language or "", name), geom)
                        for aid, name, names, geom in rows), key=lambda r: r[1].casefold()) \
            if language else [(aid, name, geom) for aid, name, _, geom in rows]
        _light_cache[cache_key] = feature_collection(
            (aid, {"name": name}, geom) for aid, name, geom in named)
    return layer.token, _light_cache[cache_key]


_bounds_cache: dict[tuple[str, str, str], list[float] | None] = {}


def layer_bounds(session: Session, key: str) -> list[float] | None:
    """``[west, south, east, north]`` of a layer's areas, rounded out to 4 decimals (a map
    opens on them before their outlines arrive); None for a layer with no areas."""
    token, collection = light_layer(session, key)
    cache_key = (str(session.get_bind().url), key, token)
    if cache_key not in _bounds_cache:
        boxes = [shape(f["geometry"]).bounds for f in collection["features"]]
        _bounds_cache[cache_key] = None if not boxes else [
            math.floor(min(b[0] for b in boxes) * 1e4) / 1e4,
            math.floor(min(b[1] for b in boxes) * 1e4) / 1e4,
            math.ceil(max(b[2] for b in boxes) * 1e4) / 1e4,
            math.ceil(max(b[3] for b in boxes) * 1e4) / 1e4]
    return _bounds_cache[cache_key]

"""The collections and their items: public ideas (points), each area layer (polygons) and
each layer's public summaries (polygons with counts, small counts suppressed as on every
public output). Geometry is kept in WGS 84 and reprojected on the way out."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import box, mapping
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.models import Area, AreaLayer, Idea, Moderation
from vizlou.services.filters import Filters
from vizlou.services.ogc.query import CRS84, ItemQuery
from vizlou.services.summaries import by_area

IDEA_FILTERS = ("category", "status")


@dataclass(frozen=True)
class Collection:
    id: str
    title: str
    description: str
    kind: str  # ideas, areas, summaries
    layer: str | None = None

    @property
    def filters(self) -> tuple[str, ...]:
        return IDEA_FILTERS if self.kind == "ideas" else ()


def collections(session: Session) -> list[Collection]:
    out = [Collection("ideas", "Ideas", "Public ideas residents placed on the map.", "ideas")]
    for key, title in session.execute(select(AreaLayer.key, AreaLayer.title)
                                      .order_by(AreaLayer.id)):
        out.append(Collection(f"areas-{key}", title, f"The areas of the layer {title}.",
                              "areas", key))
        out.append(Collection(f"summaries-{key}", f"{title}: summaries",
                              f"Participants, ideas, supports and ballots per area of {title}; "
                              "small counts are hidden.", "summaries", key))
    return out


def find(session: Session, collection_id: str) -> Collection | None:
    return next((c for c in collections(session) if c.id == collection_id), None)


@lru_cache(maxsize=16)
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(CRS.from_user_input(source), CRS.from_user_input(target),
                                always_xy=True)


def _epsg(uri: str) -> str:
    if uri == CRS84:
        return "OGC:CRS84"
    return f"{uri.rstrip('/').split('/')[-3]}:{uri.rstrip('/').split('/')[-1]}"


def reproject(geometry, crs: str):
    """From WGS 84 (lon, lat) to ``crs``; EPSG:4326 is written latitude first, as it says."""
    if crs == CRS84:
        return geometry
    code = _epsg(crs)
    if code == "EPSG:4326":
        return shapely.transform(geometry, lambda xy: xy[:, ::-1])
    transformer = _transformer("OGC:CRS84", code)
    return shapely.transform(
        geometry, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def bbox_to_crs84(bbox: tuple[float, float, float, float], crs: str):
    if crs == CRS84:
        return bbox
    code = _epsg(crs)
    if code == "EPSG:4326":  # given latitude first
        south, west, north, east = bbox
        return west, south, east, north
    return _transformer(code, "OGC:CRS84").transform_bounds(*bbox)


def extent(session: Session, city: City, collection: Collection) -> dict:
    if collection.kind == "ideas":
        row = session.execute(select(func.min(Idea.lon), func.min(Idea.lat), func.max(Idea.lon),
                                     func.max(Idea.lat), func.min(Idea.created_at),
                                     func.max(Idea.created_at))
                              .where(Idea.moderation == Moderation.VISIBLE)).one()
        spatial = list(row[:4]) if row[0] is not None else list(city.max_bounds or ())
        times = [_iso(row[4]), _iso(row[5])]
        return {"spatial": {"bbox": [spatial], "crs": CRS84},
                "temporal": {"interval": [times]}}
    geoms = _area_geometries(session, collection.layer)
    bounds = list(shapely.union_all([g for _, _, _, g in geoms]).bounds) if geoms else []
    return {"spatial": {"bbox": [bounds], "crs": CRS84}}


def _iso(value) -> str | None:
    return value.isoformat(timespec="seconds") + "Z" if value else None


def items(session: Session, city: City, collection: Collection,
          query: ItemQuery) -> tuple[list[dict], int]:
    """``(features of this page, number matched)``."""
    if collection.kind == "ideas":
        return _ideas(session, city, query)
    features = _area_features(session, city, collection)
    if query.bbox:
        window = box(*query.bbox)
        features = [f for f in features if f["_geom"].intersects(window)]
    page = features[query.offset:query.offset + query.limit]
    return [_out(f, query.crs) for f in page], len(features)


def item(session: Session, city: City, collection: Collection, fid: str,
         crs: str) -> dict | None:
    if collection.kind == "ideas":
        if not fid.isdigit():
            return None
        idea = session.get(Idea, int(fid))
        if idea is None or idea.moderation != Moderation.VISIBLE:
            return None
        return _out(_idea_feature(city, idea), crs)
    found = next((f for f in _area_features(session, city, collection) if str(f["id"]) == fid),
                 None)
    return _out(found, crs) if found else None


def _ideas(session, city, query: ItemQuery):
    conditions = [Idea.moderation == Moderation.VISIBLE]
    if query.bbox:
        west, south, east, north = query.bbox
        conditions += [Idea.lon >= west, Idea.lon <= east, Idea.lat >= south,
                       Idea.lat <= north]
    if query.start:
        conditions.append(Idea.created_at >= query.start)
    if query.end:
        conditions.append(Idea.created_at <= query.end)
    for name, value in query.filters:
        conditions.append(getattr(Idea, name) == value)
    matched = session.scalar(select(func.count(Idea.id)).where(*conditions))
    rows = session.scalars(select(Idea).where(*conditions).order_by(Idea.id)
                           .offset(query.offset).limit(query.limit))
    return [_out(_idea_feature(city, idea), query.crs) for idea in rows], matched


def _idea_feature(city: City, idea: Idea) -> dict:
    category = city.category(idea.category)
    return {"id": idea.id, "_geom": shapely.Point(idea.lon, idea.lat), "properties": {
        "category": idea.category,
        "category_label": category.label(city.default_language) if category else idea.category,
        "text": idea.text, "status": idea.status, "channel": idea.channel,
        "language": idea.language, "created_at": _iso(idea.created_at),
        "response": idea.response or None}}


def _area_geometries(session, layer_key: str):
    return session.execute(select(Area.id, Area.name, Area.population, Area.geom)
                           .join(AreaLayer, AreaLayer.id == Area.layer_id)
                           .where(AreaLayer.key == layer_key).order_by(Area.id)).all()


def _area_features(session, city, collection: Collection) -> list[dict]:
    rows = _area_geometries(session, collection.layer)
    if collection.kind == "areas":
        return [{"id": aid, "_geom": geom, "properties": {"name": name,
                                                          "population": population}}
                for aid, name, population, geom in rows]
    summary = by_area.summarize(session, city, Filters(layer=collection.layer), public=True,
                                with_questions=False)
    shapes = {aid: geom for aid, _, _, geom in rows}
    return [{"id": row.id, "_geom": shapes[row.id], "properties": {
        "name": row.name, "population": row.population, "participants": row.participants,
        "ideas": row.ideas, "supports": row.supports, "ballots": row.ballots,
        "hidden_below": city.public_threshold}}
            for row in summary.areas if row.id in shapes]


def _out(feature: dict, crs: str) -> dict:
    return {"type": "Feature", "id": feature["id"],
            "geometry": mapping(reproject(feature["_geom"], crs)),
            "properties": feature["properties"]}

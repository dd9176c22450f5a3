"""Planners' interactive maps (SPEC P2), built with Folium: choropleths of any area metric
and an idea density map.

Every asset comes from the app itself (``MapAssets``: Leaflet from ``static/vendor``), tiles
from the city's tile URL, and nothing else: no CDN, no d3 legend (pages draw the legend
themselves from the same ``Classes``). Each map is a small HTML document of its own; its
inline scripts and styles are listed with their sha256 hashes so that the document can be
served with a Content-Security-Policy that allows exactly those and nothing else.

All text that people typed or imported (area names, idea texts) is HTML-escaped before
Folium sees it: Folium's tooltips and popups insert their text as HTML.
"""

from __future__ import annotations

import base64
import hashlib
import html
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session

from vizlou.config import City
from vizlou.errors import N_, InvalidInput
from vizlou.models import Idea
from vizlou.services import areas as area_service
from vizlou.services.classes import Classes, classify
from vizlou.services.filters import Filters, check_filters, idea_conditions
from vizlou.services.summaries import LayerSummary

if TYPE_CHECKING:
    import folium

CELL_DEGREES = 0.005  # density cells about 550 m tall
POINTS_LIMIT = 300  # ideas shown one by one (with their text) up to this many
INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.S)


@dataclass(frozen=True)
class MapAssets:
    leaflet_js: str
    leaflet_css: str


@dataclass(frozen=True)
class MapDocument:
    html: str
    script_hashes: list[str]  # CSP sources such as 'sha256-...'
    style_hashes: list[str]


def _base_map(city: City, assets: MapAssets) -> folium.Map:
    import folium  # loads slowly; only planners' maps need it

    fmap = folium.Map(location=list(city.center), zoom_start=city.zoom, min_zoom=city.min_zoom,
                      tiles=None, control_scale=True)
    fmap.default_js = [("leaflet", assets.leaflet_js)]  # this map only; Folium stays as is
    fmap.default_css = [("leaflet_css", assets.leaflet_css)]
    if city.tile_url:
        folium.TileLayer(city.tile_url, attr=city.tile_attribution, max_zoom=city.tile_max_zoom,
                         name="tiles").add_to(fmap)
    if city.max_bounds:
        west, south, east, north = city.max_bounds
        fmap.options["maxBounds"] = [[south, west], [north, east]]
    return fmap


def document(fmap: folium.Map) -> MapDocument:
    text = fmap.get_root().render()
    hashes: dict[str, list[str]] = {"script": [], "style": []}
    for kind, body in INLINE.findall(text):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        hashes[kind].append(f"'sha256-{digest}'")
    return MapDocument(text, sorted(set(hashes["script"])), sorted(set(hashes["style"])))


def _label(value) -> str:
    if value is None:
        return "–"
    return f"{value:,.2f}" if isinstance(value, float) else f"{value:,}"


def choropleth(session: Session, city: City, summary: LayerSummary, metric: str,
               scheme: str, assets: MapAssets, metric_title: str) -> tuple[MapDocument, Classes]:
    import folium  # loads slowly; only planners' maps need it

    """The layer's areas coloured by ``metric`` (a key of ``summary.metrics``)."""
    if metric not in summary.metrics(city):
        raise InvalidInput(N_("Choose a measure from the list."), field="metric")
    values = {row.id: row.metric(metric) for row in summary.areas}
    ids = list(values)
    classes = classify([values[i] for i in ids], scheme,
                       diverging_around_one=metric == "representation")
    color = dict(zip(ids, (classes.color(i) for i in classes.index), strict=True))
    _, outlines = area_service.light_layer(session, summary.layer)
    features = [{"type": "Feature", "id": f["id"], "geometry": f["geometry"], "properties": {
        "name": html.escape(f["properties"]["name"]), "value": _label(values.get(f["id"])),
        "fill": color.get(f["id"], classes.color(None))}} for f in outlines["features"]]
    fmap = _base_map(city, assets)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name=html.escape(metric_title),
        style_function=lambda f: {"fillColor": f["properties"]["fill"], "color": "#333333",
                                  "weight": 1, "fillOpacity": 0.75},
        highlight_function=lambda f: {"weight": 3},
        tooltip=folium.GeoJsonTooltip(fields=["name", "value"],
                                      aliases=["", html.escape(metric_title)], labels=True),
    ).add_to(fmap)
    return document(fmap), classes


def density_cells(session: Session, city: City, flt: Filters) -> list[tuple[float, float, int]]:
    """``(lon, lat, ideas)`` of each density cell's centre, for the matching ideas."""
    dy = CELL_DEGREES
    dx = dy / math.cos(math.radians(city.center[0]))
    # Literal divisors: PostgreSQL matches GROUP BY expressions written the same way only.
    gx = func.round(Idea.lon / literal_column(repr(dx))).label("gx")
    gy = func.round(Idea.lat / literal_column(repr(dy))).label("gy")
    rows = session.execute(select(gx, gy, func.count()).where(idea_conditions(city, flt))
                           .group_by(gx, gy))
    return [(float(x) * dx, float(y) * dy, n) for x, y, n in rows]


def density_classes(session: Session, city: City, flt: Filters, scheme: str = "quantiles"
                    ) -> tuple[list[tuple[float, float, int]], Classes]:
    """The density cells and their classes (pages draw the legend from these)."""
    cells = density_cells(session, city, check_filters(session, city, flt))
    return cells, classify([n for _, _, n in cells], scheme)


def density(session: Session, city: City, flt: Filters, assets: MapAssets,
            scheme: str = "quantiles") -> tuple[MapDocument, Classes]:
    import folium  # loads slowly; only planners' maps need it

    """Ideas per cell of about 550 m, over the layer's outlines; the ideas themselves (with
    their text in a popup) when few enough match."""
    flt = check_filters(session, city, flt)
    cells, classes = density_classes(session, city, flt, scheme)
    half_y = CELL_DEGREES / 2
    half_x = half_y / math.cos(math.radians(city.center[0]))
    features = [{"type": "Feature", "properties": {
        "fill": classes.color(i), "value": _label(n)}, "geometry": {"type": "Polygon",
        "coordinates": [[[round(px, 5), round(py, 5)] for px, py in (
            (x - half_x, y - half_y), (x + half_x, y - half_y), (x + half_x, y + half_y),
            (x - half_x, y + half_y), (x - half_x, y - half_y))]]}}
        for (x, y, n), i in zip(cells, classes.index, strict=True)]
    fmap = _base_map(city, assets)
    _, outlines = area_service.light_layer(session, flt.layer)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": f["geometry"],
             "properties": {"name": html.escape(f["properties"]["name"])}}
            for f in outlines["features"]]},
        style_function=lambda f: {"color": "#555555", "weight": 1, "fillOpacity": 0},
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False)).add_to(fmap)
    if features:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            style_function=lambda f: {"fillColor": f["properties"]["fill"], "weight": 0,
                                      "fillOpacity": 0.7},
            tooltip=folium.GeoJsonTooltip(fields=["value"], labels=False)).add_to(fmap)
    if sum(n for _, _, n in cells) <= POINTS_LIMIT:
        _add_ideas(session, city, flt, fmap)
    return document(fmap), classes


def _add_ideas(session: Session, city: City, flt: Filters, fmap: folium.Map) -> None:
    import folium  # loads slowly; only planners' maps need it

    rows = session.execute(select(Idea.id, Idea.lon, Idea.lat, Idea.category, Idea.text)
                           .where(idea_conditions(city, flt)).order_by(Idea.id))
    features = []
    for idea_id, lon, lat, category, text in rows:
        found = city.category(category)
        features.append({"type": "Feature", "geometry": {"type": "Point",
                                                         "coordinates": [lon, lat]},
                         "properties": {"text": html.escape(text), "number": f"#{idea_id}",
                                        "color": found.color if found else "#555555"}})
    if features:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            marker=folium.CircleMarker(radius=6, weight=1, color="#222222", fill=True,
                                       fill_opacity=0.9),
            style_function=lambda f: {"fillColor": f["properties"]["color"], "fill": True},
            popup=folium.GeoJsonPopup(fields=["number", "text"], labels=False),
        ).add_to(fmap)

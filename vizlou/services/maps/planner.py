"""Planners' interactive maps (SPEC P2), built with Folium: choropleths of any area metric
and an idea density map.

Every asset comes from the app itself (``MapAssets``: Leaflet and ``js/planmap.js`` from
``static/``), tiles from the city's tile URL, and nothing else: no CDN, no d3 legend (pages
draw the legend themselves from the same ``Classes``). Each map is a small HTML document of
its own; its inline scripts and styles are listed with their sha256 hashes so that the
document can be served with a Content-Security-Policy that allows exactly those.

User text is data, never code. Folium (through branca) renders each element's script and
then compiles the result again as a Jinja2 template, so any text inside a Folium element
would be run as a template (``{{ ... }}`` is code there, whatever HTML escaping did). So
nothing that people typed or imported (idea texts, area and layer names) ever goes into a
Folium element: the features Folium draws carry only ids, colours and numbers that this
module makes. The text goes into a JSON data island (``<script type="application/json">``,
never executed, never hashed) added to the finished document, and ``planmap.js`` binds
the tooltips and popups from it with ``textContent``. The CSP hashes are computed before
the island is added, over Folium's output alone.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import func, literal_column, select, union_all
from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.errors import N_, InvalidInput
from vizlou.geo import clustering
from vizlou.models import Idea, IdeaCell, Moderation
from vizlou.services.areas import catalog as area_catalog
from vizlou.services.filters import Filters, check_filters, idea_conditions
from vizlou.services.maps import branca_patch
from vizlou.services.maps.classes import Classes, classify
from vizlou.services.summaries.rows import LayerSummary

if TYPE_CHECKING:
    import folium

DENSITY_LEVEL = clustering.CELL_LEVELS[0]  # density cells: kept cells at zoom 14 (480 m here)
POINTS_LIMIT = 300  # ideas shown one by one (with their text) up to this many
INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.S)


@dataclass(frozen=True)
class MapAssets:
    leaflet_js: str
    leaflet_css: str
    planmap_js: str  # binds tooltips and popups from the data island


@dataclass(frozen=True)
class MapDocument:
    html: str
    script_hashes: list[str]  # CSP sources such as 'sha256-...'
    style_hashes: list[str]


def _base_map(city: City, assets: MapAssets) -> folium.Map:
    import folium  # loads slowly; only planners' maps need it

    branca_patch.install()
    fmap = folium.Map(location=list(city.center), zoom_start=city.zoom, min_zoom=city.min_zoom,
                      tiles=None, control_scale=True)
    # This map only (Folium's defaults stay as they are); planmap.js must come before the
    # map's own script, which calls it for every feature.
    fmap.default_js = [("leaflet", assets.leaflet_js), ("planmap", assets.planmap_js)]
    fmap.default_css = [("leaflet_css", assets.leaflet_css)]
    if city.tile_url:
        folium.TileLayer(city.tile_url, attr=city.tile_attribution, max_zoom=city.tile_max_zoom,
                         name="tiles").add_to(fmap)
    if city.max_bounds:
        west, south, east, north = city.max_bounds
        fmap.options["maxBounds"] = [[south, west], [north, east]]
    return fmap


TEXT_ISLAND = "vizlou-map-text"


def _island(texts: dict) -> str:
    """A JSON data block that no browser runs and no template engine sees: ``<``, ``>`` and
    ``&`` are written as JSON escapes, so no text inside can close the element."""
    data = (json.dumps(texts, ensure_ascii=False, sort_keys=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    return f'<script type="application/json" id="{TEXT_ISLAND}">{data}</script>'


def document(fmap: folium.Map, texts: dict) -> MapDocument:
    """Folium's document (which holds no user text) with its inline scripts and styles
    hashed, and then the ``texts`` data island added after ``<body>``."""
    text = fmap.get_root().render()
    hashes: dict[str, list[str]] = {"script": [], "style": []}
    for kind, body in INLINE.findall(text):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        hashes[kind].append(f"'sha256-{digest}'")
    head, body_tag, rest = text.partition("<body>")
    if not body_tag:
        raise RuntimeError("Folium's document has no <body>")
    return MapDocument(head + body_tag + _island(texts) + rest, sorted(set(hashes["script"])),
                       sorted(set(hashes["style"])))


def _bind(kind: str):
    """The ``planmap.js`` function that gives each feature of ``kind`` its text."""
    from folium.utilities import JsCode

    return JsCode(f"VizLouPlanMap.{kind}")


def _label(value) -> str:
    if value is None:
        return "–"
    return f"{value:,.2f}" if isinstance(value, float) else f"{value:,}"


def choropleth(session: Session, city: City, summary: LayerSummary, metric: str,
               scheme: str, assets: MapAssets, metric_title: str,
               numbers_in: Callable[[str], str] = str) -> tuple[MapDocument, Classes]:
    """The layer's areas coloured by ``metric`` (a key of ``summary.metrics``); each area's
    figure in its tooltip is written by ``_label``, then passed through ``numbers_in`` (the
    page's language's separators)."""
    import folium  # loads slowly; only planners' maps need it

    if metric not in summary.metrics(city):
        raise InvalidInput(N_("Choose a measure from the list."), field="metric")
    values = {row.id: row.metric(metric) for row in summary.areas}
    ids = list(values)
    classes = classify([values[i] for i in ids], scheme,
                       diverging_around_one=metric == "representation")
    color = dict(zip(ids, (classes.color(i) for i in classes.index), strict=True))
    _, outlines = area_catalog.light_layer(session, summary.layer)
    features = [{"type": "Feature", "id": int(f["id"]), "geometry": f["geometry"],
                 "properties": {"fill": color.get(f["id"], classes.color(None))}}
                for f in outlines["features"]]
    fmap = _base_map(city, assets)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda f: {"fillColor": f["properties"]["fill"], "color": "#333333",
                                  "weight": 1, "fillOpacity": 0.75},
        highlight_function=lambda f: {"weight": 3}, on_each_feature=_bind("area"),
    ).add_to(fmap)
    texts = {"title": metric_title,
             "areas": {str(f["id"]): [f["properties"]["name"],
                                      numbers_in(_label(values.get(f["id"])))]
                       for f in outlines["features"]}}
    return document(fmap, texts), classes


def density_cells(session: Session, city: City, flt: Filters) -> list[tuple[int, int, int]]:
    """``(cx, cy, ideas)`` of each density cell (the resident map's kept cells at zoom
    ``DENSITY_LEVEL``) holding matching ideas. With no filter but a topic, read off those
    kept counts of the public ideas, adding the few held for review (planners count them);
    with one, the matching ideas are counted per cell in the database."""
    counts: Counter = Counter()
    gx, gy = _cell_columns()
    if not replace(flt, category=None).narrowed:
        kept = select(IdeaCell.cx, IdeaCell.cy, func.sum(IdeaCell.n)).where(
            IdeaCell.level == DENSITY_LEVEL)
        held = select(gx, gy, func.count()).where(  # "not visible": the held ideas' index
            Idea.moderation != Moderation.VISIBLE, Idea.moderation == Moderation.FLAGGED)
        if flt.category is not None:
            kept = kept.where(IdeaCell.category == flt.category)
            held = held.where(Idea.category == flt.category)
        # One statement, so one snapshot: an idea moderated meanwhile on PostgreSQL is
        # counted once, in the kept cells or among the held ideas.
        for x, y, n in session.execute(union_all(kept.group_by(IdeaCell.cx, IdeaCell.cy),
                                                 held.group_by(gx, gy))):
            counts[(int(x), int(y))] += int(n)
    else:  # the cells worked out in the database (as ``clustering.cells`` does), and counted
        counts.update({(int(x), int(y)): n for x, y, n in session.execute(
            select(gx, gy, func.count()).where(idea_conditions(city, flt)).group_by(gx, gy))})
    return sorted((x, y, n) for (x, y), n in counts.items() if n > 0)


def _cell_columns():
    """The density cell of an idea in SQL, the same on both databases (SQLite's math
    functions, see ``extensions``). Numbers are written out, not bound: PostgreSQL matches
    a GROUP BY expression with the selected one only when they are written the same."""
    size = literal_column(repr(float(2 ** (DENSITY_LEVEL + 2))))
    sin = func.sin(func.radians(Idea.lat))
    x = func.floor((Idea.lon + literal_column("180.0")) / literal_column("360.0") * size)
    y = func.floor((literal_column("0.5") - func.ln((literal_column("1.0") + sin) / (
        literal_column("1.0") - sin)) / literal_column(repr(4 * math.pi))) * size)
    return x.label("gx"), y.label("gy")


def density_classes(session: Session, city: City, flt: Filters, scheme: str = "quantiles"
                    ) -> tuple[list[tuple[float, float, int]], Classes]:
    """The density cells and their classes (pages draw the legend from these)."""
    cells = density_cells(session, city, check_filters(session, city, flt))
    return cells, classify([n for _, _, n in cells], scheme)


def density(session: Session, city: City, flt: Filters, assets: MapAssets,
            scheme: str = "quantiles") -> tuple[MapDocument, Classes]:
    """Ideas per cell (a 64-pixel square at zoom 14: about 480 m at 38 degrees north), over the
    layer's outlines; the ideas themselves (with their text in a popup) when few enough
    match."""
    import folium  # loads slowly; only planners' maps need it

    flt = check_filters(session, city, flt)
    cells, classes = density_classes(session, city, flt, scheme)
    bounds = np.round(clustering.cell_bounds([c[0] for c in cells], [c[1] for c in cells],
                                             DENSITY_LEVEL), 5).T.tolist()
    features = [{"type": "Feature", "properties": {"fill": classes.color(i), "value": n},
                 "geometry": {"type": "Polygon", "coordinates": [[
                     [w, s], [e, s], [e, n_], [w, n_], [w, s]]]}}
                for (_, _, n), i, (w, s, e, n_) in zip(cells, classes.index, bounds,
                                                       strict=True)]
    fmap = _base_map(city, assets)
    _, outlines = area_catalog.light_layer(session, flt.layer)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": int(f["id"]), "geometry": f["geometry"], "properties": {}}
            for f in outlines["features"]]},
        style_function=lambda f: {"color": "#555555", "weight": 1, "fillOpacity": 0},
        on_each_feature=_bind("area")).add_to(fmap)
    if features:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            style_function=lambda f: {"fillColor": f["properties"]["fill"], "weight": 0,
                                      "fillOpacity": 0.7},
            on_each_feature=_bind("cell")).add_to(fmap)
    texts = {"areas": {str(f["id"]): [f["properties"]["name"], None]
                       for f in outlines["features"]}, "ideas": {}}
    if sum(n for _, _, n in cells) <= POINTS_LIMIT:
        texts["ideas"] = _add_ideas(session, city, flt, fmap)
    return document(fmap, texts), classes


def _add_ideas(session: Session, city: City, flt: Filters, fmap: folium.Map) -> dict:
    """The matching ideas as dots; returns their texts by id, for the data island."""
    import folium  # loads slowly; only planners' maps need it

    rows = session.execute(select(Idea.id, Idea.lon, Idea.lat, Idea.category, Idea.text)
                           .where(idea_conditions(city, flt)).order_by(Idea.id))
    features, texts = [], {}
    for idea_id, lon, lat, category, text in rows:
        found = city.category(category)
        features.append({"type": "Feature", "id": idea_id,
                         "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": {"color": found.color if found else "#555555"}})
        texts[str(idea_id)] = text
    if features:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            marker=folium.CircleMarker(radius=6, weight=1, color="#222222", fill=True,
                                       fill_opacity=0.9),
            style_function=lambda f: {"fillColor": f["properties"]["color"], "fill": True},
            on_each_feature=_bind("idea"),
        ).add_to(fmap)
    return texts

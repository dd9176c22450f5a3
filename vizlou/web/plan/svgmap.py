"""Static SVG maps for the printable report: the areas of a layer filled by class colour.

Drawn from the light GeoJSON outlines (already simplified), projected with a plain
equirectangular projection scaled by the cosine of the middle latitude: right for a
city-sized map. Area names are escaped into each shape's title.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from markupsafe import Markup, escape


def _rings(geometry: dict) -> Iterable[list]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def area_map(features: list[dict], fills: dict, *, title: str, width: int = 640) -> Markup:
    """``features``: GeoJSON features with an ``id``; ``fills``: id -> colour."""
    points = [pt for f in features for ring in _rings(f["geometry"]) for pt in ring]
    if not points:
        return Markup("")
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = (width - 8) / max((east - west) * squeeze, 1e-9)
    height = int((north - south) * scale) + 8

    def xy(pt) -> str:
        return f"{4 + (pt[0] - west) * squeeze * scale:.1f},{4 + (north - pt[1]) * scale:.1f}"

    shapes = []
    for f in features:
        d = "".join("M" + "L".join(xy(pt) for pt in ring) + "Z"
                    for ring in _rings(f["geometry"]))
        name = escape(f["properties"].get("name", ""))
        shapes.append(f'<path d="{d}" fill="{escape(fills.get(f["id"], "#d9d9d9"))}" '
                      f'stroke="#444" stroke-width="0.6" fill-rule="evenodd">'
                      f"<title>{name}</title></path>")
    return Markup(  # noqa: S704 - the names and the title are escaped above
        f'<svg class="svgmap" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
        f"{''.join(shapes)}</svg>")

"""Plain values that pages hand to their JavaScript (as JSON, never as inline script)."""

from __future__ import annotations

from flask import Flask, url_for
from flask_babel import get_locale


def map_config(app: Flask) -> dict:
    city = app.config["CITY"]
    language = str(get_locale() or city.default_language)
    return {
        "city": city.name,
        "center": list(city.center),
        "zoom": city.zoom,
        "minZoom": city.min_zoom,
        "maxBounds": list(city.max_bounds) if city.max_bounds else None,
        "tiles": {"url": city.tile_url, "attribution": city.tile_attribution,
                  "maxZoom": city.tile_max_zoom},
        "mainLayer": city.main_layer,
        "areasUrl": url_for("api.layer_geojson", key=city.main_layer),
        "categories": [{"key": c.key, "label": c.label(language), "color": c.color}
                       for c in city.categories],
        "language": language,
    }

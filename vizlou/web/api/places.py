"""Finding a place by name: ``GET /api/v1/places?q=TEXT``, for the map's search box."""

from __future__ import annotations

from flask import jsonify, request

from vizlou.extensions import db
from vizlou.services.places import search
from vizlou.web.api import bp

MAX_QUERY = 100


@bp.get("/places")
def places():
    """Areas, landmarks and intersections whose names match ``q``, best first, as GeoJSON."""
    query = (request.args.get("q") or "")[:MAX_QUERY]
    features = [{"type": "Feature",
                 "geometry": {"type": "Point", "coordinates": [found.lon, found.lat]},
                 "properties": {"name": found.name, "kind": found.kind, "layer": found.layer,
                                "area_id": found.area_id}}
                for found in search.search(db.session, query)]
    response = jsonify({"type": "FeatureCollection", "features": features})
    response.mimetype = "application/geo+json"
    response.cache_control.public = True
    response.cache_control.max_age = 60
    return response

"""Finding a place by name: ``GET /api/v1/places?q=TEXT``, for the map's search box."""

from __future__ import annotations

from flask import current_app, jsonify, request

from vizlou.extensions import db
from vizlou.services.places import search
from vizlou.services.places.geocoder import Geocoder
from vizlou.web.api import bp

MAX_QUERY = 100


@bp.get("/places")
def places():
    """Areas, landmarks and intersections whose names match ``q``, best first, as GeoJSON;
    when they find nothing, the city's outside geocoder if it has one (kind ``address``)."""
    query = (request.args.get("q") or "")[:MAX_QUERY]
    found = search.search(db.session, query)
    city = current_app.config["CITY"]
    if not found and city.geocoder_url and len(query.strip()) >= 3:
        found = Geocoder(city.geocoder_url, city.max_bounds).search(query)
    features = [{"type": "Feature",
                 "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                 "properties": {"name": place.name, "kind": place.kind, "layer": place.layer,
                                "area_id": place.area_id}}
                for place in found]
    response = jsonify({"type": "FeatureCollection", "features": features})
    response.mimetype = "application/geo+json"
    response.cache_control.public = True
    response.cache_control.max_age = 60
    return response

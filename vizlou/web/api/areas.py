"""Area layers and their outlines for the map."""

from __future__ import annotations

from flask import current_app, jsonify, request

from vizlou.extensions import db
from vizlou.services.areas import catalog as area_catalog
from vizlou.services.areas import layers as area_layers
from vizlou.web.api import bp
from vizlou.web.common.participant import language


@bp.get("/areas")
def layers():
    return {"layers": [{"key": info.key, "title": info.title, "areas": info.areas,
                        "has_population": info.has_population}
                       for info in area_layers.list_layers(db.session)]}


@bp.get("/areas/<key>")
def layer_geojson(key: str):
    asked = request.args.get("lang")
    lang = asked if asked in current_app.config["CITY"].languages else language()
    token, collection = area_catalog.light_layer(db.session, key, lang)
    etag = f"areas-{key}-{token}-{lang}"
    if request.if_none_match.contains(etag):
        return "", 304, {"ETag": f'"{etag}"'}
    response = jsonify(collection)
    response.mimetype = "application/geo+json"
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = 300
    response.cache_control.must_revalidate = True
    return response

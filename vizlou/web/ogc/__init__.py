"""OGC API - Features at /ogc (Part 1 Core with GeoJSON and HTML, Part 2 CRS): what QGIS,
ArcGIS Pro and GDAL read live. Only public data: visible ideas, the area layers, and the
layers' summaries with small counts hidden. Routes here only read the request and shape
the response; ``services.ogc`` answers."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, current_app, render_template, request, url_for

from vizlou.errors import N_, DomainError, NotFound
from vizlou.extensions import csrf, db
from vizlou.services.ogc import collections as ogc
from vizlou.services.ogc.query import CRS84, read_query, supported_crs

bp = Blueprint("ogc", __name__)
csrf.exempt(bp)

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
]
GEOJSON, JSON, HTML = "application/geo+json", "application/json", "text/html"


def _html() -> bool:
    wanted = request.args.get("f")
    if wanted:
        return wanted == "html"
    best = request.accept_mimetypes.best_match([JSON, GEOJSON, HTML])
    return best == HTML and request.accept_mimetypes[HTML] > request.accept_mimetypes[JSON]


def _url(endpoint: str, **values) -> str:
    return url_for(endpoint, _external=True, **values)


def _answer(body: dict, template: str, media: str = JSON, headers: dict | None = None):
    if _html():
        return render_template(template, body=body, json_url=request.base_url + "?f=json")
    response = current_app.response_class(current_app.json.dumps(body), mimetype=media)
    response.headers.update(headers or {})
    return response


def _city():
    return current_app.config["CITY"]


def _crs_list() -> list[str]:
    return supported_crs(_city().projected_crs)


@bp.errorhandler(DomainError)
def _problem(error: DomainError):
    body = {"code": error.code, "description": error.render()}
    return current_app.response_class(current_app.json.dumps(body), status=error.status,
                                      mimetype=JSON)


@bp.get("/")
def landing():
    return _answer({
        "title": f"{_city().name}: ideas and areas",
        "description": "Public data of VizLou, live: ideas, area layers, summaries.",
        "links": [
            {"rel": "self", "type": JSON, "href": _url("ogc.landing")},
            {"rel": "alternate", "type": HTML, "href": _url("ogc.landing", f="html")},
            {"rel": "service-desc", "type": "application/vnd.oai.openapi+json;version=3.0",
             "href": _url("ogc.api")},
            {"rel": "conformance", "type": JSON, "href": _url("ogc.conformance")},
            {"rel": "data", "type": JSON, "href": _url("ogc.collections_page")}]},
        "ogc/page.html")


@bp.get("/conformance")
def conformance():
    return _answer({"conformsTo": CONFORMANCE}, "ogc/page.html")


@bp.get("/api")
def api():
    """The OpenAPI 3.0 description of these paths."""
    items = {"get": {"summary": "Items of a collection", "parameters": [
        {"name": n, "in": "query", "required": False, "schema": {"type": t}}
        for n, t in (("bbox", "string"), ("bbox-crs", "string"), ("crs", "string"),
                     ("limit", "integer"), ("offset", "integer"), ("datetime", "string"),
                     ("category", "string"), ("status", "string"), ("f", "string"))],
        "responses": {"200": {"description": "A GeoJSON FeatureCollection"}}}}
    ok = {"200": {"description": "OK"}}
    return current_app.response_class(current_app.json.dumps({
        "openapi": "3.0.3", "info": {"title": "VizLou OGC API - Features", "version": "1.0"},
        "paths": {"/ogc/": {"get": {"responses": ok}},
                  "/ogc/conformance": {"get": {"responses": ok}},
                  "/ogc/collections": {"get": {"responses": ok}},
                  "/ogc/collections/{collectionId}": {"get": {"responses": ok}},
                  "/ogc/collections/{collectionId}/items": items,
                  "/ogc/collections/{collectionId}/items/{featureId}": {
                      "get": {"responses": ok}}}}),
        mimetype="application/vnd.oai.openapi+json;version=3.0")


def _collection_json(collection: ogc.Collection) -> dict:
    return {
        "id": collection.id, "title": collection.title, "description": collection.description,
        "itemType": "feature",
        "extent": ogc.extent(db.session, _city(), collection),
        "crs": _crs_list(), "storageCrs": CRS84,
        "links": [
            {"rel": "self", "type": JSON,
             "href": _url("ogc.collection", collection_id=collection.id)},
            {"rel": "items", "type": GEOJSON,
             "href": _url("ogc.items_page", collection_id=collection.id)},
            {"rel": "items", "type": HTML,
             "href": _url("ogc.items_page", collection_id=collection.id, f="html")}]}


@bp.get("/collections")
def collections_page():
    return _answer({
        "links": [{"rel": "self", "type": JSON, "href": _url("ogc.collections_page")}],
        "crs": _crs_list(),
        "collections": [_collection_json(c) for c in ogc.collections(db.session)]},
        "ogc/page.html")


def _find(collection_id: str) -> ogc.Collection:
    found = ogc.find(db.session, collection_id)
    if found is None:
        raise NotFound(N_("There is no collection %(id)s."), id=collection_id[:60])
    return found


@bp.get("/collections/<collection_id>")
def collection(collection_id: str):
    return _answer(_collection_json(_find(collection_id)), "ogc/page.html")


@bp.get("/collections/<collection_id>/items")
def items_page(collection_id: str):
    found = _find(collection_id)
    query = read_query(request.args, _crs_list(), found.filters, ogc.bbox_to_crs84)
    features, matched = ogc.items(db.session, _city(), found, query)
    links = [{"rel": "self", "type": GEOJSON, "href": request.url},
             {"rel": "collection", "type": JSON,
              "href": _url("ogc.collection", collection_id=found.id)}]
    args = request.args.to_dict()
    if query.offset + query.limit < matched:
        links.append({"rel": "next", "type": GEOJSON, "href": _url(
            "ogc.items_page", collection_id=found.id,
            **{**args, "offset": query.offset + query.limit, "limit": query.limit})})
    if query.offset > 0:
        links.append({"rel": "prev", "type": GEOJSON, "href": _url(
            "ogc.items_page", collection_id=found.id,
            **{**args, "offset": max(0, query.offset - query.limit), "limit": query.limit})})
    body = {"type": "FeatureCollection", "features": features, "links": links,
            "numberMatched": matched, "numberReturned": len(features),
            "timeStamp": datetime.now(UTC).isoformat(timespec="seconds")}
    return _answer(body, "ogc/items.html", GEOJSON, {"Content-Crs": f"<{query.crs}>"})


@bp.get("/collections/<collection_id>/items/<feature_id>")
def item_page(collection_id: str, feature_id: str):
    found = _find(collection_id)
    crs = request.args.get("crs") or CRS84
    read_query({"crs": crs}, _crs_list(), (), ogc.bbox_to_crs84)  # checks the CRS
    feature = ogc.item(db.session, _city(), found, feature_id[:40], crs)
    if feature is None:
        raise NotFound(N_("There is no feature %(id)s here."), id=feature_id[:40])
    feature["links"] = [
        {"rel": "self", "type": GEOJSON, "href": request.url},
        {"rel": "collection", "type": JSON,
         "href": _url("ogc.collection", collection_id=found.id)}]
    return _answer(feature, "ogc/items.html", GEOJSON, {"Content-Crs": f"<{crs}>"})


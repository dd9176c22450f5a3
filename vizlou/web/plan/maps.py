"""Maps (SPEC P2): a page with a choropleth of any measure and an idea density map.

Each Folium map is its own small HTML document, embedded in an iframe; its response
carries a Content-Security-Policy that allows exactly its own inline scripts and styles
(by sha256 hash), the app's own files and the city's tile host, and may be framed only
by the app's own pages.
"""

from __future__ import annotations

from flask import Response, current_app, url_for

from vizlou.extensions import db
from vizlou.services.maps import classes as class_service
from vizlou.services.maps import planner as planmaps
from vizlou.services.summaries import by_area as summaries
from vizlou.web.assets import asset_url
from vizlou.web.common import labels
from vizlou.web.plan import bp, pages, params
from vizlou.web.security import tile_origin


def assets() -> planmaps.MapAssets:
    return planmaps.MapAssets(asset_url("vendor/leaflet-1.9.3/leaflet.js"),
                              asset_url("vendor/leaflet-1.9.3/leaflet.css"),
                              asset_url("js/planmap.js"))


def map_policy(doc: planmaps.MapDocument) -> str:
    tiles = tile_origin(current_app.config["CITY"].tile_url)
    return "; ".join([
        "default-src 'none'",
        " ".join(["script-src 'self'", *doc.script_hashes]),
        " ".join(["style-src 'self'", *doc.style_hashes]),
        f"img-src 'self' data:{' ' + tiles if tiles else ''}",
        "font-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'self'",
    ])


def map_response(doc: planmaps.MapDocument) -> Response:
    response = Response(doc.html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = map_policy(doc)
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _choropleth_args():
    city = current_app.config["CITY"]
    flt = params.filters()
    summary = summaries.summarize(db.session, city, flt, with_questions=False)
    metric = params.choice("metric", summary.metrics(city), "per_1000" if summary.has_population
                           else "participants")
    scheme = params.choice("scheme", class_service.SCHEMES, "fisher_jenks")
    return city, flt, summary, metric, scheme


@bp.get("/maps")
def maps():
    city, flt, summary, metric, scheme = _choropleth_args()
    values = [r.metric(metric) for r in summary.areas]
    classes = class_service.classify(values, scheme,
                                     diverging_around_one=metric == "representation")
    _, density_classes = planmaps.density_classes(db.session, city, flt)
    args = {**params.filter_args(), "metric": metric, "scheme": scheme}
    return pages.render("plan/maps.html", flt, summary=summary, metric=metric, scheme=scheme,
                        metrics=summary.metrics(city), schemes=pages.SCHEMES, classes=classes,
                        density_classes=density_classes,
                        choropleth_url=url_for("plan.choropleth_map", **args),
                        density_url=url_for("plan.density_map", **params.filter_args()))


@bp.get("/maps/choropleth.html")
def choropleth_map():
    city, _, summary, metric, scheme = _choropleth_args()
    doc, _ = planmaps.choropleth(db.session, city, summary, metric, scheme, assets(),
                                 pages.metric_label(metric), labels.numbers_in)
    return map_response(doc)


@bp.get("/maps/density.html")
def density_map():
    doc, _ = planmaps.density(db.session, current_app.config["CITY"], params.filters(), assets())
    return map_response(doc)

"""What makes the pages work offline: the service worker (at the site root, so its scope
is the whole site), the web app manifest, and a page shown when nothing is cached."""

from __future__ import annotations

import json
from pathlib import Path

from flask import current_app, render_template, url_for

from vizlou.services.voting import methods
from vizlou.web.assets import asset_url
from vizlou.web.common.page import page_settings
from vizlou.web.common.participant import language
from vizlou.web.participate import bp

# The versioned files the service worker keeps for offline use.
SHELL_ASSETS = ("css/app.css", "js/app.js", "js/map.js", "js/vote.js",
                "vendor/leaflet-1.9.3/leaflet.js", "vendor/leaflet-1.9.3/leaflet.css",
                "favicon.svg")


@bp.get("/sw.js")
def service_worker():
    """The worker with the list of what it keeps built in, so that it changes (and phones
    update it) whenever any of those files changes."""
    source = (Path(current_app.static_folder) / "sw.js").read_text()
    body = source.replace('"__SHELL__"', json.dumps(shell(), sort_keys=True))
    response = current_app.response_class(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


def shell() -> dict:
    """What the service worker caches when it installs."""
    city = current_app.config["CITY"]
    # Only the map and the offline page up front (every byte counts on a phone plan);
    # other pages are kept as they are visited.
    pages = [url_for("participate.map_page"), url_for("participate.offline_page")]
    scripts = [m.script for m in methods.REGISTRY.values() if m.script]
    return {"assets": [asset_url(a) for a in (*SHELL_ASSETS, *scripts)], "pages": pages,
            "data": [url_for("api.layer_geojson", key=city.main_layer, lang=language()),
                     url_for("api.questions"), url_for("api.categories")]}


@bp.get("/manifest.webmanifest")
def manifest():
    city = current_app.config["CITY"]
    body = {"name": f"{city.short_name}: {city.name}", "short_name": city.short_name,
            "start_url": "/", "display": "standalone", "background_color": "#f7f7f2",
            "theme_color": "#0b4f6c",
            "icons": [{"src": asset_url("favicon.svg"), "sizes": "any",
                       "type": "image/svg+xml"}]}
    response = current_app.response_class(current_app.json.dumps(body),
                                          mimetype="application/manifest+json")
    return response


@bp.get("/offline")
def offline_page():
    return render_template("participate/offline.html", settings=page_settings())

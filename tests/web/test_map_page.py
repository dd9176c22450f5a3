"""The first resident page and the areas API, over HTTP through the real app."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from helpers import ROOT


def test_map_page_renders_with_its_settings(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    settings = json.loads(re.search(r'<script type="application/json" id="page-settings">(.*?)'
                                    r"</script>", html, re.S).group(1))
    config = settings["map"]
    assert config["areasUrl"] == "/api/v1/areas/neighborhoods?lang=en"  # names in its language
    # The map opens on the outlines' extent before they arrive: their bounds, rounded out.
    outlines = client.get(config["areasUrl"]).json["features"]
    points = [p for f in outlines for ring in _rings(f["geometry"]) for p in ring]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    west, south, east, north = config["areasBounds"]
    assert west <= min(xs) < west + 1e-4 and south <= min(ys) < south + 1e-4
    assert east - 1e-4 < max(xs) <= east and north - 1e-4 < max(ys) <= north
    assert len(config["categories"]) == 7
    assert 'lang="en"' in html
    assert "/static/vendor/leaflet-1.9.3/leaflet.js?v=" in html


def test_areas_geojson_with_etag_and_gzip(client):
    response = client.get("/api/v1/areas/neighborhoods", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    assert response.headers["Content-Encoding"] == "gzip"
    body = json.loads(gzip.decompress(response.data))
    assert len(body["features"]) == 147
    assert set(body["features"][0]["properties"]) == {"name"}
    assert len(response.data) < 20 * 1024  # the outlines stay light for phones
    again = client.get("/api/v1/areas/neighborhoods",
                       headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_unknown_layer_is_a_json_404(client):
    response = client.get("/api/v1/areas/nowhere")
    assert response.status_code == 404
    assert response.json["error"] == {"code": "not_found", "field": "layer",
                                      "message": "There is no area layer nowhere."}


def test_layers_listing(client):
    keys = [layer["key"] for layer in client.get("/api/v1/areas").json["layers"]]
    assert keys == ["neighborhoods", "council_districts", "census_tracts"]


def test_security_headers_and_strict_csp(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert script_src.strip() == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "https://tile.openstreetmap.org" in policy  # only the configured tile host
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_versioned_static_files_are_cached_for_a_year(client):
    html = client.get("/").get_data(as_text=True)
    url = re.search(r'src="(/static/js/map\.js\?v=[0-9a-f]+)"', html).group(1)
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert response.headers["Content-Encoding"] == "gzip"


def test_language_switch_sets_a_cookie_and_stays_on_the_site(client):
    response = client.get("/language/es?next=/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "lang=es" in response.headers["Set-Cookie"]
    assert client.get("/").get_data(as_text=True).count('lang="es"') >= 1
    away = client.get("/language/es?next=//evil.example/")
    assert away.headers["Location"] == "/"


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "This page does not exist." in response.get_data(as_text=True)


TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_inline_script_or_event_handlers(path):
    text = path.read_text()
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", text), "inline event handler"
    assert "javascript:" not in text
    for form in re.findall(r"<form\b[^>]*method=\"post\"[^>]*>.*?</form>", text, re.S | re.I):
        assert "csrf_token" in form, "a POST form without a CSRF token"


def test_the_map_page_stays_within_the_phone_budget(client):
    """Every byte the map page makes a phone download on a first visit, compressed as the app
    sends it (the benchmark bench/bench_page_weight.py measures it in Chromium, with timing)."""
    headers = {"Accept-Encoding": "gzip, deflate, br"}
    page = client.get("/", headers=headers)
    html = client.get("/").get_data(as_text=True)
    urls = re.findall(r'(?:src|href)="(/(?:static|city\.css)[^"]+)"', html)
    urls.append("/api/v1/areas/neighborhoods")
    total = len(page.data) + sum(len(client.get(u, headers=headers).data) for u in urls)
    assert any("leaflet.js" in u for u in urls) and len(urls) >= 8
    assert total <= 100 * 1024, total


def _rings(geometry):
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" \
        else geometry["coordinates"]
    return [ring for polygon in polygons for ring in polygon]

"""The resident map in a real Chromium at phone size: drawn, and served entirely by the app."""

from __future__ import annotations

from urllib.parse import urlsplit

from e2e_support import LiveServer, screenshot


def test_map_at_phone_size_loads_everything_from_loopback(databases, phone, tile_server):
    """With a tile server on loopback, not one request leaves 127.0.0.1."""
    tile_url = tile_server.url
    app = databases.app("sqlite")
    city = app.config["CITY"]
    app.config["CITY"] = type(city)(**{**city.__dict__,
                                       "tile_url": tile_url})
    server = LiveServer(app)
    try:
        phone.goto(server.url + "/")
        phone.wait_for_selector("body[data-map-ready]", timeout=15000)
        outlines = phone.locator(".leaflet-overlay-pane path")
        assert outlines.count() == 147
        assert phone.locator("img.leaflet-tile-loaded").count() > 0
        screenshot(phone, "map-phone")
        hosts = {urlsplit(url).hostname for url in phone.requests}
        assert hosts == {"127.0.0.1"}, phone.requests
        assert not [m for m in phone.console if "Content Security Policy" in m]
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= phone.viewport_size["width"]  # nothing overflows sideways
    finally:
        server.stop()


def test_with_the_default_tiles_only_the_tile_host_is_outside(live_server, phone):
    phone.goto(live_server.url + "/")
    phone.wait_for_selector("body[data-map-ready]", timeout=15000)
    outside = {urlsplit(u).hostname for u in phone.requests} - {"127.0.0.1"}
    assert outside <= {"tile.openstreetmap.org"}
    assert phone.locator(".leaflet-overlay-pane path").count() == 147  # drawn with no tiles

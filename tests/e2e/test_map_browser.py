"""The resident map in a real Chromium at phone size: drawn, and served entirely by the app."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from e2e_support import LiveServer, screenshot
from helpers import ROOT
from postgis_cluster import free_port

TILE = (ROOT / "static" / "vendor" / "leaflet-1.9.3" / "images" / "layers.png").read_bytes()


class TileHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(TILE)

    def log_message(self, *args):
        pass


@pytest.fixture
def tile_server():
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), TileHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_map_at_phone_size_loads_everything_from_loopback(databases, phone, tile_server):
    """With a tile server on loopback, not one request leaves 127.0.0.1."""
    app = databases.app("sqlite")
    city = app.config["CITY"]
    app.config["CITY"] = type(city)(**{**city.__dict__,
                                       "tile_url": tile_server + "/{z}/{x}/{y}.png"})
    server = LiveServer(app)
    try:
        phone.goto(server.url + "/")
        phone.wait_for_selector("body[data-map-ready]", timeout=15000)
        outlines = phone.locator("path.leaflet-interactive")
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
    assert phone.locator("path.leaflet-interactive").count() == 147  # drawn with no tiles

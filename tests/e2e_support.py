"""Browser-test support: a live server on a free loopback port, Chromium's settings, staff
logins, screenshots. Shared by the fixtures in e2e/conftest.py and the tests."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from werkzeug.serving import make_server

from factories import PASSWORD
from postgis_cluster import free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parent / ".cache" / "screenshots"


class LiveServer:
    def __init__(self, app) -> None:
        self.app = app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._start()

    def _start(self) -> None:
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def cut(self) -> None:
        """The network is gone: nothing answers on the port (as when the Wi-Fi drops).

        Chromium's offline emulation alone does not cover requests that a service worker
        lets through to the network, so offline tests also stop the server."""
        self.stop()

    def restore(self) -> None:
        self._start()


def log_in(page, base_url: str, email: str, password: str = PASSWORD, *,
           via: str = "/auth/login") -> None:
    """Log the browser in as the staff user ``email`` through the login form. ``via`` is the
    page opened first: a staff page sends the public to the login form (checked), and the
    browser is back on it once logged in."""
    page.goto(base_url + via)
    assert "/auth/login" in page.url  # the public is sent to the login page
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    if via != "/auth/login":
        page.wait_for_url(base_url + via)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


AXE = Path(__file__).resolve().parent / ".cache" / "axe-core-4.14.1" / "axe.min.js"


WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core in the page with the WCAG 2.2 AA and best-practice rules (not only its
    defaults); the violations of the given impacts, in short form."""
    if not AXE.exists():
        raise RuntimeError(f"{AXE} is missing: `make test` fetches axe-core from npm")
    # Evaluated through the DevTools protocol: the pages' strict CSP forbids inline scripts,
    # so axe cannot be added as a <script> (which shows the policy at work).
    page.evaluate(AXE.read_text() + "\n;true")
    result = page.evaluate("(tags) => axe.run(document, {resultTypes: ['violations'], "
                           "runOnly: {type: 'tag', values: tags}})", WCAG_22_AA)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in impacts]


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has the focus (keyboard only)."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def touch_drag(page, start: tuple[float, float], end: tuple[float, float], steps: int = 10):
    """Drag with one finger, as on a phone (Chrome DevTools touch events)."""
    cdp = page.context.new_cdp_session(page)
    x0, y0 = start
    x1, y1 = end
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart",
                                          "touchPoints": [{"x": x0, "y": y0}]})
    for i in range(1, steps + 1):
        x = x0 + (x1 - x0) * i / steps
        y = y0 + (y1 - y0) * i / steps
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove",
                                              "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


TILE = (Path(__file__).resolve().parent.parent / "static" / "vendor" / "leaflet-1.9.3" / "images"
        / "layers.png").read_bytes()


class TileServer:
    """A map tile server on loopback that answers every tile with the same small image and
    counts the requests."""

    def __init__(self) -> None:
        served = self.served = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                served.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()
                self.wfile.write(TILE)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}" + "/{z}/{x}/{y}.png"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

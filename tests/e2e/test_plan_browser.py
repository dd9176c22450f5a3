"""Planner pages in a real Chromium at desktop size: maps drawn from the app's own files with
no policy violation, hostile text shown as text, and the report printed to PDF."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from e2e_support import SCREENSHOTS, LiveServer, TileServer, log_in, screenshot
from factories import PASSWORD
from vizlou.extensions import db
from vizlou.models import Idea
from vizlou.services.people import staff as users

HOSTILE = "<script>alert(1)</script>"
@pytest.fixture
def server(databases):
    tiles = TileServer()
    app = databases.app("sqlite", seed=(800, 5))
    city = app.config["CITY"]
    app.config["CITY"] = type(city)(**{**city.__dict__, "tile_url": tiles.url})
    with app.app_context():
        users.create_user(db.session, "planner@example.org", "planner", PASSWORD)
        idea = db.session.scalar(select(Idea).order_by(Idea.id))
        idea.text = HOSTILE
        db.session.commit()
        hostile = (idea.category, idea.created_at.date())
    live = LiveServer(app)
    live.hostile = hostile
    yield live
    live.stop()
    tiles.stop()


@pytest.fixture
def desk(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.requests, page.console, page.dialogs = [], [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("console", lambda m: page.console.append(m.text))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


def test_pages_and_maps_at_desktop_size(server, desk):
    log_in(desk, server.url, "planner@example.org", via="/plan/")
    screenshot(desk, "plan-dashboard")
    desk.goto(server.url + "/plan/areas?sort=representation&order=asc")
    screenshot(desk, "plan-areas")
    area_names_stay_in_sight_on_a_phone(desk)
    desk.goto(server.url + "/plan/maps?metric=representation")
    choropleth = desk.frame_locator("iframe.map-frame").first
    choropleth.locator("path.leaflet-interactive").first.wait_for(timeout=15000)
    assert choropleth.locator("path.leaflet-interactive").count() == 147
    screenshot(desk, "plan-maps")
    density = desk.frame_locator("iframe.map-frame").nth(1)
    desk.locator("iframe.map-frame").nth(1).scroll_into_view_if_needed()
    density.locator("path.leaflet-interactive").first.wait_for(timeout=15000)
    assert density.locator("path.leaflet-interactive").count() > 147  # outlines and cells
    desk.goto(server.url + "/plan/where-next")
    screenshot(desk, "plan-where-next")
    desk.goto(server.url + "/plan/questions/3")
    screenshot(desk, "plan-question")
    hosts = {urlsplit(u).hostname for u in desk.requests}
    assert hosts == {"127.0.0.1"}, desk.requests
    assert any(u.endswith(".png") and "/static/" not in u for u in desk.requests)  # tiles
    assert not [m for m in desk.console if "Content Security Policy" in m], desk.console


def area_names_stay_in_sight_on_a_phone(page) -> None:
    """At a phone's width the Areas table scrolls sideways inside its frame; the area names
    (and the header over them) stay at its left edge while the numbers move under them."""
    page.set_viewport_size({"width": 412, "height": 915})
    frame = page.locator(".table-wrap")
    name = page.locator("table.areas tbody th").first
    number = page.locator("table.areas tbody tr").first.locator("td").nth(2)
    before = (name.bounding_box()["x"], number.bounding_box()["x"])
    frame.evaluate("e => e.scrollLeft = 300")
    assert frame.evaluate("e => e.scrollLeft") == 300  # the table is wider than the phone
    after = (name.bounding_box()["x"], number.bounding_box()["x"])
    assert after[0] == before[0] and after[1] == before[1] - 300, (before, after)
    header = page.locator("table.areas thead tr").last.locator("th").first.bounding_box()
    assert header["x"] == after[0]
    screenshot(page, "plan-areas-phone")
    page.set_viewport_size({"width": 1440, "height": 900})


def test_hostile_idea_text_is_shown_as_text_in_the_map(server, desk):
    log_in(desk, server.url, "planner@example.org", via="/plan/")
    category, day = server.hostile
    desk.goto(f"{server.url}/plan/maps/density.html?category={category}&since={day}"
              f"&until={day}")
    markers = desk.locator("path.leaflet-interactive")
    markers.first.wait_for(timeout=15000)
    for i in range(markers.count()):  # the ideas are drawn last, on top
        markers.nth(markers.count() - 1 - i).click(force=True)
        if desk.locator(".leaflet-popup-content", has_text=HOSTILE).count():
            break
    assert HOSTILE in desk.locator(".leaflet-popup-content", has_text=HOSTILE).first.inner_text()
    assert desk.dialogs == []  # nothing ran
    assert not [m for m in desk.console if "Content Security Policy" in m], desk.console


def test_the_report_prints_to_pdf(server, desk):
    log_in(desk, server.url, "planner@example.org", via="/plan/")
    desk.goto(server.url + "/plan/report?layer=neighborhoods")
    desk.emulate_media(media="print")
    assert desk.locator(".plan-nav").is_hidden() and desk.locator(".filters").is_hidden()
    assert desk.locator("svg.svgmap").count() == 2
    assert desk.locator("svg.svgmap path").count() == 2 * 147
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = desk.pdf(path=str(SCREENSHOTS / "plan-report.pdf"), format="Letter",
                   print_background=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(
        b"/Type /Page\r") + pdf.count(b"/Type /Page>") + pdf.count(b"/Type /Page ") >= 3
    desk.set_viewport_size({"width": 816, "height": 1056})  # a Letter page at 96 dpi
    desk.screenshot(path=str(SCREENSHOTS / "plan-report-print.png"), full_page=True)
    assert not [m for m in desk.console if "Content Security Policy" in m], desk.console

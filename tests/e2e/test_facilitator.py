"""A facilitator on a tablet: a session's venue picked from the place search or on the map
(never typed as coordinates), an area list that does not start with "None", touch-sized
checkboxes, and a "So far" table that fits its card."""

from __future__ import annotations

from sqlalchemy import select

from e2e_support import LiveServer, log_in, screenshot
from factories import SHAWNEE_PARK, load_gazetteer, make_staff, query
from vizlou.models import Event
from vizlou.services.voting.questions import create_question


def test_a_session_placed_by_searching_its_venue(databases, browser, tmp_path):
    from vizlou.extensions import db

    app = databases.app("sqlite")
    with app.app_context():
        load_gazetteer(db.session, tmp_path)
        make_staff(db.session, "facilitator", "fac@example.org")
        create_question(db.session, title="Which park first?", method="single",
                        options=[{"title": "Shawnee"}, {"title": "Chickasaw"}])
        db.session.commit()
    server = LiveServer(app)
    context = browser.new_context(viewport={"width": 800, "height": 1280}, has_touch=True)
    page = context.new_page()
    try:
        log_in(page, server.url, "fac@example.org", via="/facilitate/sessions/new")
        first = page.locator("#area option").first.inner_text()
        assert first != "None" and "optional" in first
        box = page.locator(".checklist input[type=checkbox]").first.bounding_box()
        label = page.locator(".checklist label").first.bounding_box()
        assert box["width"] >= 24 and label["height"] >= 40  # a finger can hit them
        assert page.locator("details.venue-coordinates").get_attribute("open") is None
        page.fill("#name", "Library night")
        page.fill("#venue-search-q", "shawnee pk")
        found = page.locator("#venue-search .place-results button").first
        found.wait_for()
        found.tap()
        assert page.locator("#venue-chosen").inner_text() == "The session is at Shawnee Park."
        assert page.input_value("#venue") == "Shawnee Park"  # its name, unless one was typed
        screenshot(page, "facilitator-venue")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").last.click()
        item = query(app, lambda s: s.scalar(select(Event)))
        assert (item.venue_lon, item.venue_lat, item.venue) == (*SHAWNEE_PARK, "Shawnee Park")
        page.wait_for_selector(".card .data")
        table = page.locator(".card .data").bounding_box()
        card = page.locator(".card:has(.data)").bounding_box()
        assert table["x"] + table["width"] <= card["x"] + card["width"] + 1
    finally:
        context.close()
        server.stop()

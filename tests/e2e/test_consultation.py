"""A whole consultation in Chromium, on SQLite and PostGIS, from a database with only the
boundaries: a planner makes a ranked question with three scenarios drawn on the map and one
uploaded as a zipped Shapefile in Kentucky's state-plane feet, publishes it; residents vote
on their phones; the planner closes it, reads the per-area results with their counts,
answers ten ideas in English and Spanish at once, dismisses a report and prints a "what we
heard" report that names the themes of a known set of ideas."""

from __future__ import annotations

import dataclasses
import uuid

import geopandas as gpd
import pytest
from shapely.geometry import LineString
from sqlalchemy import select

from e2e_support import LiveServer, TileServer, log_in, screenshot
from factories import (
    BUS,
    DOWNTOWN,
    SIDEWALK,
    STREETS,
    TREES,
    make_staff,
    query,
    zipped_shapefile,
)
from vizlou.extensions import db
from vizlou.models import Ballot, Idea, Option, Question, Report

WEST = (-85.782, 38.273)  # in Portland, away from downtown


@pytest.fixture
def consultation(databases, backend, tmp_path):
    """A live server on a database holding only Louisville's boundaries (no ideas, no
    questions), with a small-count threshold of 3 so that a few phones make a result."""
    app = databases.app(backend)
    tiles = TileServer()
    app.config["CITY"] = dataclasses.replace(app.config["CITY"], tile_url=tiles.url,
                                             public_threshold=3)
    with app.app_context():
        assert db.session.scalar(select(Idea.id)) is None
        assert db.session.scalar(select(Question.id)) is None
        make_staff(db.session, "planner")
    server = LiveServer(app)
    server.app = app
    yield server
    server.stop()
    tiles.stop()


def state_plane_zip(tmp_path):
    """One scenario as cities ship them: a zipped Shapefile in EPSG:2246 (US feet)."""
    line = gpd.GeoDataFrame({"name": ["Greenway"]}, geometry=[LineString(
        [(-85.7700, 38.2560), (-85.7600, 38.2540), (-85.7500, 38.2510)])],
        crs="EPSG:4326").to_crs("EPSG:2246")
    return zipped_shapefile(line, tmp_path, "greenway")


def api(page, base, method, path, body, token):
    response = page.request.fetch(base + "/api/v1" + path, method=method, data=body,
                                  headers={"X-Participant": token})
    assert response.status < 300, (path, response.status, response.text())
    return response.json()


def draw_line(page, n: int) -> None:
    """Draw a three-point line for option ``n`` with Leaflet.draw's own tool."""
    page.locator(f'.draw-button[data-option="{n}"]').click()
    page.wait_for_selector("#draw-map .leaflet-draw-draw-polyline")
    page.locator("#draw-map .leaflet-draw-draw-polyline").click()
    box = page.locator("#draw-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((-60 + 20 * n, -40), (20 * n, 0), (60 + 20 * n, 30)):
        page.mouse.move(cx + dx, cy + dy)
        page.wait_for_timeout(100)
        page.mouse.down()
        page.mouse.up()
        page.wait_for_timeout(400)
    page.locator(".leaflet-draw-actions a", has_text="Finish").click()
    assert '"LineString"' in page.input_value(f"#option-{n}-overlay")


def test_a_consultation_from_start_to_finish(consultation, browser, playwright_instance,
                                             tmp_path):
    site, base = consultation, consultation.url
    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, base, "planner@example.org", via="/plan/questions")
    # 1. A ranked question: three scenarios drawn, one uploaded, in English and Spanish.
    desk.goto(base + "/plan/questions/new?method=ranked")
    desk.check('input[name="method"][value="ranked"]')
    desk.fill("#title-en", "Which greenway first?")
    desk.fill("#title-es", "¿Qué vía verde primero?")
    for _ in range(2):
        with desk.expect_navigation():
            desk.locator('button[name="action"][value="add-option"]').click()
    names = [("River path", "Camino del río"), ("Rail trail", "Vía del tren"),
             ("Creek walk", "Paseo del arroyo"), ("Greenway", "Vía verde")]
    for n, (en, es) in enumerate(names, start=1):
        desk.fill(f"#option-{n}-title-en", en)
        desk.fill(f"#option-{n}-title-es", es)
    for n in (1, 2, 3):
        draw_line(desk, n)
    desk.set_input_files("#option-4-file", str(state_plane_zip(tmp_path)))
    with desk.expect_navigation():
        desk.locator('button[name="action"][value="save"]').click()
    qid = query(site.app, lambda s: s.scalar(select(Question.id)))
    overlays = query(site.app, lambda s: [o.overlay for o in s.scalars(
        select(Option).where(Option.question_id == qid).order_by(Option.position))])
    assert len(overlays) == 4 and all(overlays)
    greenway = overlays[3]["geometries"][0] if "geometries" in overlays[3] else overlays[3]
    lon, lat = greenway["coordinates"][0]  # reprojected from state-plane feet to degrees
    assert lon == pytest.approx(-85.77, abs=1e-3) and lat == pytest.approx(38.256, abs=1e-3)
    with desk.expect_navigation():
        desk.locator("form[action$='/publish'] button").click()
    assert "Open for voting" in desk.content()
    # The ideas residents sent meanwhile (a known set of themes), and one report.
    texts = [t.format(s) for group in (BUS, TREES, SIDEWALK) for t in group for s in STREETS]
    ideas = [api(desk, base, "POST", "/ideas", {"category": "connectivity", "text": text,
                                                 "lon": DOWNTOWN[0], "lat": DOWNTOWN[1]},
                 uuid.uuid4().hex)["id"] for text in texts]
    api(desk, base, "POST", f"/ideas/{ideas[0]}/reports", {"reason": "spam"}, uuid.uuid4().hex)
    # 2. Residents vote on their phones: three downtown, one in Portland.
    phone_device = playwright_instance.devices["Pixel 7"]
    for where in (DOWNTOWN, DOWNTOWN, DOWNTOWN, WEST):
        context = browser.new_context(**phone_device)
        phone = context.new_page()
        phone.goto(f"{base}/questions/{qid}")
        token = phone.evaluate("VizLou.participant()")
        api(phone, base, "POST", "/ideas", {"category": "health", "text": "A place to sit",
                                            "lon": where[0], "lat": where[1]}, token)
        phone.locator(".rank-item").nth(1).locator(".move-up").tap()
        phone.locator("#ballot button[type=submit]").tap()
        phone.locator("#vote-status").wait_for()
        assert "Your vote is saved" in phone.locator("#vote-status").inner_text()
        context.close()
    assert query(site.app, lambda s: len(s.scalars(select(Ballot.id)).all())) == 4
    # 3. The planner closes it and reads the results per area, with their counts.
    desk.goto(f"{base}/plan/questions/{qid}/edit")
    with desk.expect_navigation():
        desk.locator("form[action$='/close'] button").click()
    assert "Closed" in desk.content()
    desk.goto(f"{base}/plan/questions/{qid}")
    results = desk.locator("main").inner_text()
    assert "Rail trail" in results and "(3 ballots)" in results
    assert "Too few ballots to say (1)" in results
    screenshot(desk, f"consultation-results-{site.app.config['SQLALCHEMY_DATABASE_URI'][:6]}")
    # 4. Ten ideas answered at once, in English and Spanish.
    desk.goto(f"{base}/plan/ideas?unanswered=1")
    boxes = desk.locator('input[name="ids"]')
    for i in range(10):
        boxes.nth(i).check()
    desk.fill("#response-en", "Thank you: this goes to the 2027 transport plan.")
    desk.fill("#response-es", "Gracias: esto va al plan de transporte de 2027.")
    desk.select_option("#status", "under_review")
    with desk.expect_navigation():
        desk.locator("fieldset.panel button[type=submit]").click()
    assert "Saved: 10 ideas changed." in desk.content()
    answered = query(site.app, lambda s: s.execute(select(
        Idea.response, Idea.response_translations).where(Idea.response.is_not(None))).all())
    assert len(answered) == 10 and all(r[1] == {"es": "Gracias: esto va al plan de "
                                                      "transporte de 2027."} for r in answered)
    # 5. The report is dismissed with a reason; the idea stays public.
    desk.goto(f"{base}/plan/moderation")
    card = desk.locator("li.card", has_text=texts[0])
    card.locator('input[name="reason"]').fill("Not spam: a real concern")
    with desk.expect_navigation():
        card.locator('button[value="dismiss"]').click()
    assert "1 report dismissed. It stays public." in desk.content()
    assert query(site.app, lambda s: s.scalar(select(Report.dismissed_reason))) == \
        "Not spam: a real concern"
    assert query(site.app, lambda s: s.get(Idea, ideas[0]).moderation) == "visible"
    # 6. The "what we heard" report names the themes, and prints.
    desk.goto(f"{base}/plan/report")
    themes = desk.locator("section[aria-labelledby='r-themes']").inner_text()
    for word in ("bus stop", "shade trees", "sidewalk"):
        assert word in themes
    pdf = desk.pdf(format="Letter")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    desk.context.close()

"""Facilitators in a real Chromium: paper forms typed in with the map and imported from a CSV
file with a progress bar, the live wall picking up new ideas within 5 seconds, and the
printable session report."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from e2e_support import axe_violations, log_in, screenshot
from factories import KEY, area_id, count_in, csv_bytes, make_event
from vizlou.extensions import db
from vizlou.models import Event, Idea
from vizlou.services.paper import sheets as paper
from vizlou.services.paper.sheets import Sheet
from vizlou.services.values import AreaRef


@pytest.fixture
def event(site):
    with site.app.app_context():
        item, qs = make_event(db.session)  # run by facilitator@example.org
        return item.id, {m: q.id for m, q in qs.items()}


def paper_ideas(site, session_id) -> int:
    return count_in(site.app, Idea, Idea.event_id == session_id, Idea.channel == "paper")


def test_import_a_csv_file_in_the_browser_with_a_progress_bar(site, desktop, event, tmp_path):
    session_id, qs = event
    rows = [[str(n), "Portland" if n % 2 else "Shawnee", "health", f"Sheet number {n}",
             str(n % 3 + 1)] for n in range(1, 121)]
    rows[9][2] = "weather"  # row 11
    rows[59][1] = "Atlantis"  # row 61
    rows[99][4] = "7"  # row 101
    path = tmp_path / "sheets.csv"
    path.write_bytes(csv_bytes(["sheet_id", "area", "category", "text", f"q{qs['single']}"],
                               rows))
    log_in(desktop, site.url, "facilitator@example.org")
    desktop.goto(f"{site.url}/facilitate/sessions/{session_id}/paper")
    desktop.evaluate("""() => {
      const bar = document.getElementById('import-progress');
      window.progressSeen = [];
      new MutationObserver(() => window.progressSeen.push([bar.value, bar.max]))
        .observe(bar, {attributes: true});
    }""")
    batches = []
    desktop.on("request", lambda r: batches.append(r) if r.url.endswith("/paper/rows") else None)
    desktop.set_input_files("#file", str(path))
    desktop.locator("#import-button").click()
    desktop.wait_for_selector("body[data-import=done]", timeout=30000)
    screenshot(desktop, "paper-import")
    seen = desktop.evaluate("window.progressSeen")
    values = [v for v, m in seen if m == 120]
    assert values[-1] == 120 and 50 in values and 100 in values, seen
    assert values == sorted(values)
    assert len(batches) == 3 and all(r.headers.get("x-csrftoken") for r in batches)
    assert desktop.inner_text("#import-status") == "120 of 120 rows"
    summary = desktop.inner_text("#import-report .summary")
    assert summary == "Stored: 117. Already stored before: 0. Rows with errors: 3."
    cells = desktop.eval_on_selector_all(
        "#import-report tbody tr", "rows => rows.map(r => r.innerText.split('\\t')[0])")
    assert cells == ["11", "61", "101"]
    assert paper_ideas(site, session_id) == 117
    # The same file again: every stored sheet is skipped.
    desktop.locator("#import-button").click()
    desktop.wait_for_selector("#import-report .summary:has-text('Already stored before: 117')",
                              timeout=30000)
    assert paper_ideas(site, session_id) == 117


def test_a_file_that_is_not_utf8_is_refused_in_the_browser(site, desktop, event, tmp_path):
    session_id, _ = event
    path = tmp_path / "latin.csv"
    path.write_bytes("area,category,text\nPortland,health,Café\n".encode("latin-1"))
    log_in(desktop, site.url, "facilitator@example.org")
    desktop.goto(f"{site.url}/facilitate/sessions/{session_id}/paper")
    desktop.set_input_files("#file", str(path))
    desktop.locator("#import-button").click()
    desktop.wait_for_selector("body[data-import=failed]")
    assert "The file is not in UTF-8." in desktop.inner_text("#import-status")
    assert paper_ideas(site, session_id) == 0


def test_type_in_a_sheet_placed_on_the_map(site, desktop, event):
    session_id, qs = event
    log_in(desktop, site.url, "facilitator@example.org")
    desktop.goto(f"{site.url}/facilitate/sessions/{session_id}/paper")
    desktop.wait_for_selector("body[data-map-ready]", timeout=20000)
    box = desktop.locator("#paper-map").bounding_box()
    desktop.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert desktop.input_value("#lon") and desktop.input_value("#area")
    area_name = desktop.locator("#area option:checked").inner_text()
    assert desktop.inner_text("#spot") == f"Spot chosen in {area_name}."
    desktop.select_option("#category", "living")
    desktop.fill("#text", "Crosswalk by the school")
    desktop.locator(f"input[name='q{qs['single']}-option']:not([value=''])").first.check()
    screenshot(desktop, "paper-form")
    assert axe_violations(desktop) == []
    with desktop.expect_navigation():
        desktop.locator("#sheet-form button[type=submit]").click()
    assert "Sheet saved." in desktop.inner_text(".flashes")
    with site.app.app_context():
        idea = db.session.scalar(select(Idea).where(Idea.event_id == session_id))
        assert (idea.placement, idea.channel, idea.text) == ("point", "paper",
                                                             "Crosswalk by the school")


def test_new_ideas_appear_on_the_wall_within_5_seconds(site, desktop, event):
    from vizlou.web.common.kiosk_state import kiosk_key

    session_id, qs = event
    with site.app.test_request_context():
        key = kiosk_key(session_id)
    statuses = []
    desktop.on("response", lambda r: statuses.append(r.status) if "wall.json" in r.url else None)
    log_in(desktop, site.url, "facilitator@example.org")
    desktop.goto(f"{site.url}/facilitate/sessions/{session_id}/wall")
    desktop.wait_for_selector("#wall-status:not(:empty)")
    assert desktop.inner_text("#count-ideas") == "0"
    # From a kiosk tablet, through the API.
    started = time.monotonic()
    response = desktop.request.post(f"{site.url}/api/v1/ideas", data={
        "lon": -85.7585, "lat": 38.2527, "category": "health",
        "text": "Water fountains in <b>the park</b>"},
        headers={"X-Participant": "wall-test-person-0123456", "X-Kiosk": key})
    assert response.status == 201
    desktop.wait_for_selector("#wall-ideas li:has-text('Water fountains in <b>the park</b>')",
                              timeout=5000)
    assert time.monotonic() - started < 5
    # Typed in from paper, through the service.
    started = time.monotonic()
    with site.app.app_context():
        item = db.session.get(Event, session_id)
        buses = next(q for q in item.questions if q.id == qs["single"]).options[1].id
        paper.enter_sheet(db.session, site.app.config["CITY"], item, Sheet(
            category="living", text="Paper: a bike lane",
            area=AreaRef("neighborhoods", area_id(db.session, "Shawnee")),
            answers={qs["single"]: {"option": buses}}), key=KEY)
        db.session.commit()
    desktop.wait_for_selector("#wall-ideas li:has-text('Paper: a bike lane')", timeout=5000)
    assert time.monotonic() - started < 5
    single = desktop.locator(f"[data-question='{qs['single']}']")
    assert single.locator("li.leader .bar-title").inner_text() == "Buses"
    assert "Votes: 1" in single.inner_text() and desktop.inner_text("#count-votes") == "1"
    assert desktop.inner_text("#count-ideas") == "2"
    assert desktop.locator("#wall-ideas li b").count() == 0  # text, never HTML
    with desktop.expect_response(lambda r: "wall.json" in r.url and r.status == 304,
                                 timeout=6000):
        pass  # with nothing new, the next poll is answered 304 with no body
    assert statuses[0] == 200 and 304 in statuses
    screenshot(desktop, "wall")
    assert axe_violations(desktop) == []


def test_the_session_report_prints(site, desktop, event):
    session_id, _ = event
    with site.app.app_context():
        item = db.session.get(Event, session_id)
        for n, name in enumerate(("Portland", "Shawnee", "Russell")):
            paper.enter_sheet(db.session, site.app.config["CITY"], item, Sheet(
                category="health", text=f"Report idea {n}",
                area=AreaRef("neighborhoods", area_id(db.session, name))), key=KEY)
        db.session.commit()
    log_in(desktop, site.url, "facilitator@example.org")
    desktop.goto(f"{site.url}/facilitate/sessions/{session_id}/report")
    desktop.wait_for_selector("body[data-map-ready]", timeout=20000)
    assert desktop.locator("#report-map .leaflet-interactive").count() >= 3
    screenshot(desktop, "session-report")
    assert axe_violations(desktop) == []
    desktop.emulate_media(media="print")
    assert not desktop.locator(".staff-bar").is_visible()
    assert not desktop.locator("#ideas-csv").is_visible()
    assert desktop.locator("#report-map").is_visible()
    screenshot(desktop, "session-report-print")
    csv_text = desktop.request.get(f"{site.url}/facilitate/sessions/{session_id}/ideas.csv")
    assert csv_text.status == 200 and "Report idea 2" in csv_text.text()

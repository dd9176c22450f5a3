"""Accessibility: axe-core finds no serious or critical problem on the resident pages, in
English and Spanish, and the whole add-idea flow and every voting method work by keyboard."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from e2e_support import axe_violations, log_in, tab_to
from factories import make_staff, query
from vizlou.models import Ballot, Idea, Question


def question_ids(site) -> dict[str, int]:
    return dict(query(site.app, lambda s: s.execute(select(Question.method, Question.id)).all()))


def resident_urls(site) -> list[str]:
    idea = query(site.app, lambda s: s.scalar(select(Idea.id).order_by(Idea.id)))
    urls = ["/", "/ideas", f"/ideas/{idea}", "/add", "/questions", "/open-data",
            "/open-data/layers/council_districts"]
    for qid in question_ids(site).values():
        urls += [f"/questions/{qid}", f"/questions/{qid}/results"]
    return [*urls, f"/open-data/questions/{qid}"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_serious_accessibility_problems(site, phone, language):
    phone.goto(f"{site.url}/language/{language}")
    problems = {}
    for url in resident_urls(site):
        phone.goto(site.url + url)
        if url == "/":
            phone.wait_for_selector("body[data-map-ready]", timeout=20000)
            phone.wait_for_timeout(500)
        found = axe_violations(phone)
        if found:
            problems[url] = found
    # The map's states: the add-idea sheet open, and a place being searched.
    phone.goto(site.url + "/")
    phone.wait_for_selector("body[data-map-ready]", timeout=20000)
    phone.locator("#add-button").click()
    phone.fill("#find-for-idea-q", "portland")
    phone.locator("#find-for-idea .place-results button").first.wait_for()
    problems["/ (adding, searching)"] = axe_violations(phone)
    # Kiosk mode: its welcome screen and the map on a shared tablet.
    from vizlou.models import Event
    from vizlou.web.common.kiosk_state import kiosk_key

    event_id = query(site.app, lambda s: s.scalar(select(Event.id).order_by(Event.id)))
    with site.app.test_request_context():
        key = kiosk_key(event_id)
    phone.goto(f"{site.url}/kiosk/{key}")
    problems["/kiosk/"] = axe_violations(phone)
    phone.goto(site.url + "/")
    phone.wait_for_selector("body[data-map-ready]", timeout=20000)
    problems["/ (kiosk)"] = axe_violations(phone)
    assert {url: found for url, found in problems.items() if found} == {}


def test_planners_and_admins_pages_have_no_serious_problems(site, desktop):
    """The pages staff use every day: the to-do, answers, one idea's answer, moderation,
    the question editor, open data and staff management."""
    idea = query(site.app, lambda s: s.scalar(select(Idea.id).order_by(Idea.id)))
    query(site.app, lambda s: (make_staff(s, "admin"), s.commit()))
    log_in(desktop, site.url, "admin@example.org")
    problems = {}
    for url in ("/plan/", "/plan/ideas", f"/plan/ideas/{idea}", "/plan/moderation",
                "/plan/questions/new?method=ranked", "/plan/exports", "/admin/staff"):
        desktop.goto(site.url + url)
        found = axe_violations(desktop)
        if found:
            problems[url] = found
    assert problems == {}


def test_the_add_idea_flow_by_keyboard_alone(site, desktop):
    page = desktop
    page.goto(site.url + "/")
    page.wait_for_selector("body[data-map-ready]", timeout=20000)
    tab_to(page, "#add-button")
    page.keyboard.press("Enter")
    tab_to(page, "#tap-map")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "use-center"
    page.keyboard.press("Enter")  # the middle of the map, which lies in the city
    page.wait_for_selector("#step-what:not([hidden])")
    tab_to(page, "#step-what input[name=category]")
    page.keyboard.press("ArrowDown")  # the second topic
    page.keyboard.press("Space")
    tab_to(page, "#idea-text")
    page.keyboard.type("Light the path by the river.")
    tab_to(page, "#step-what button[type=submit]")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/ideas") and r.ok):
        page.keyboard.press("Enter")
    page.wait_for_selector("#step-profile:not([hidden])")
    tab_to(page, "#profile-age")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#skip-profile")
    page.keyboard.press("Enter")
    assert page.locator("#done-message").inner_text().startswith("Thanks! Your idea is in ")
    idea = query(site.app, lambda s: s.scalar(select(Idea).order_by(Idea.id.desc())))
    assert (idea.text, idea.category) == ("Light the path by the river.", "creativity")

    # And the list path, still by keyboard.
    tab_to(page, "#add-another")
    page.keyboard.press("Enter")
    tab_to(page, "#pick-area")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # the arrows move through the list; Enter chooses
    page.wait_for_selector("#step-what:not([hidden])")
    tab_to(page, "#step-what input[name=category]")
    page.keyboard.press("Space")
    tab_to(page, "#idea-text")
    page.keyboard.type("A crosswalk at the school.")
    tab_to(page, "#step-what button[type=submit]")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/ideas") and r.ok):
        page.keyboard.press("Enter")
    idea = query(site.app, lambda s: s.scalar(select(Idea).order_by(Idea.id.desc())))
    assert idea.text == "A crosswalk at the school." and idea.placement == "area"


def my_ballot(site, qid):
    return query(site.app, lambda s: s.scalar(select(Ballot.choice).where(
        Ballot.question_id == qid).order_by(Ballot.updated_at.desc(), Ballot.id.desc())))


def save_by_keyboard(page):
    tab_to(page, "#ballot button[type=submit]")
    with page.expect_response(lambda r: r.url.endswith("/ballot") and r.ok):
        page.keyboard.press("Enter")


def test_every_voting_method_by_keyboard_alone(site, desktop):
    page = desktop
    ids = question_ids(site)

    page.goto(f"{site.url}/questions/{ids['single']}")
    tab_to(page, "input[name=option]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    second = int(page.locator("input[name=option]").nth(1).get_attribute("value"))
    save_by_keyboard(page)
    assert my_ballot(site, ids["single"]) == {"option": second}

    page.goto(f"{site.url}/questions/{ids['approval']}")
    boxes = page.locator("input[name=options]")
    tab_to(page, "input[name=options]")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # a third box, past the limit: reachable, says why it is off
    assert page.evaluate("document.activeElement.getAttribute('aria-disabled')") == "true"
    page.keyboard.press("Space")
    assert not boxes.nth(2).is_checked()
    save_by_keyboard(page)
    picked = sorted(int(boxes.nth(i).get_attribute("value")) for i in (0, 1))
    assert my_ballot(site, ids["approval"]) == {"options": picked}

    page.goto(f"{site.url}/questions/{ids['ranked']}")
    items = page.locator(".rank-item")
    last = int(items.nth(3).get_attribute("data-option"))
    tab_to(page, ".rank-item:nth-child(4) .move-up")
    for _ in range(3):
        page.keyboard.press("Enter")  # the focus stays on the moved option's button
    assert "is now number 1" in page.locator("#rank-live").inner_text()
    save_by_keyboard(page)
    assert my_ballot(site, ids["ranked"])["ranking"][0] == last

    page.goto(f"{site.url}/questions/{ids['budget']}")
    tab_to(page, ".budget-row:nth-of-type(1) .stepper:last-of-type")
    for _ in range(2):  # a tenth of the budget each
        page.keyboard.press("Enter")
    first_input = page.locator(".budget-row input").first
    assert first_input.input_value() == "200000"
    page.keyboard.press("Shift+Tab")  # back to the amount, typed
    page.keyboard.press("Control+A")
    page.keyboard.type("250000")
    assert page.locator("#budget-left").inner_text() == "Left: $750,000"
    save_by_keyboard(page)
    option = first_input.get_attribute("name").split("-")[1]
    assert my_ballot(site, ids["budget"]) == {"allocation": {option: 250000}}

    page.goto(f"{site.url}/questions/{ids['pairwise']}")
    tab_to(page, "button.pair-card")
    winner = int(page.evaluate("document.activeElement.value"))
    with page.expect_response(lambda r: r.url.endswith("/ballot") and r.ok):
        page.keyboard.press("Enter")
    pairs = my_ballot(site, ids["pairwise"])["pairs"]
    assert pairs[-1][2] == winner


def test_the_map_by_keyboard_clusters_escape_and_the_area_list(site, phone):
    """On a phone with a keyboard: few Tab stops before "Add an idea" (the ideas are in the
    list, linked first), Escape closes the sheet, and the first arrow in the area list does
    not choose."""
    page = phone
    page.goto(site.url + "/")
    page.wait_for_selector("body[data-map-ready]", timeout=20000)
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("document.activeElement.id || document.activeElement.className"))
        if stops[-1] == "add-button":
            break
    assert stops[-1] == "add-button" and len(stops) <= 15, stops
    assert "skip-map" in stops
    page.keyboard.press("Enter")
    assert page.locator("#add-panel").is_visible()
    page.keyboard.press("Escape")
    assert page.locator("#add-panel").is_hidden()
    assert page.evaluate("document.activeElement.id") == "add-button"
    page.keyboard.press("Enter")
    page.focus("#pick-area")
    page.keyboard.press("ArrowDown")
    assert page.locator("#step-where").is_visible()  # only moved through the list
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_selector("#step-what:not([hidden])")
    assert page.locator("#where-chosen").inner_text()

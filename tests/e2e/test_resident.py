"""A resident on a phone (Pixel 7, touch) in a real Chromium: add ideas by tapping the map and
from the list of neighborhoods, support, vote with every method, open a permalink."""

from __future__ import annotations

import re

from sqlalchemy import select

from e2e_support import screenshot, touch_drag
from factories import count_in, query
from vizlou.models import Ballot, Idea, Participant, Question, Support


def question_id(site, method):
    return query(site.app, lambda s: s.scalar(select(Question.id).where(Question.method == method)))


def open_map(page, site):
    page.goto(site.url + "/")
    page.wait_for_selector("body[data-map-ready]", timeout=20000)


def write_idea(page, text, topic="Health and parks"):
    page.locator("#step-what label.chip", has_text=topic).tap()
    page.fill("#idea-text", text)
    page.locator("#step-what button[type=submit]").tap()


def test_add_an_idea_by_tapping_the_map(site, phone):
    before = count_in(site.app, Idea)
    open_map(phone, site)
    screenshot(phone, "resident-map")
    phone.locator("#add-button").tap()
    phone.locator("#tap-map").tap()
    box = phone.locator("#map").bounding_box()
    phone.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    phone.wait_for_selector("#step-what:not([hidden])")
    chosen = phone.locator("#where-chosen").inner_text()
    assert chosen  # the neighborhood under the finger, named before sending
    write_idea(phone, "A bench and shade at the bus stop.")
    phone.wait_for_selector("#step-profile:not([hidden])")
    screenshot(phone, "resident-profile")
    phone.select_option("#profile-age", "19_24")
    with phone.expect_response(lambda r: r.url.endswith("/api/v1/me") and r.ok):
        phone.locator("#step-profile button[type=submit]").tap()
    message = phone.locator("#done-message")
    message.wait_for()
    assert message.inner_text() == f"Thanks! Your idea is in {chosen}."
    screenshot(phone, "resident-added")
    assert count_in(site.app, Idea) == before + 1
    idea = query(site.app, lambda s: s.scalar(select(Idea).order_by(Idea.id.desc())))
    assert (idea.placement, idea.channel, idea.category) == ("point", "web", "health")
    assert query(site.app, lambda s: s.scalar(select(Participant.age_bracket)
                                          .where(Participant.id == idea.participant_id))) \
        == "19_24"


def test_add_an_idea_from_the_list_of_neighborhoods(site, phone):
    open_map(phone, site)
    phone.locator("#add-button").tap()
    phone.select_option("#pick-area", label="Shawnee")
    write_idea(phone, "Open the pool on Sundays.")
    phone.locator("#skip-profile").tap()
    assert phone.locator("#done-message").inner_text() == "Thanks! Your idea is in Shawnee."
    idea = query(site.app, lambda s: s.scalar(select(Idea).order_by(Idea.id.desc())))
    assert idea.placement == "area" and idea.text == "Open the pool on Sundays."
    # The profile is asked only once.
    phone.locator("#add-another").tap()
    phone.select_option("#pick-area", label="Portland")
    write_idea(phone, "A second idea.")
    phone.locator("#done-message").wait_for()
    assert phone.locator("#step-profile").is_hidden()


def test_an_idea_outside_the_city_is_refused_at_once(site, phone):
    open_map(phone, site)
    phone.evaluate("() => document.querySelector('#map')")
    phone.locator("#add-button").tap()
    phone.locator("#tap-map").tap()
    box = phone.locator("#map").bounding_box()
    phone.touchscreen.tap(box["x"] + 12, box["y"] + box["height"] - 60)  # the county's corner
    hint = phone.locator("#place-hint p")
    assert "outside Louisville" in hint.inner_text()


def test_support_from_the_permalink_and_the_popup(site, phone):
    idea = query(site.app, lambda s: s.scalar(select(Idea).where(Idea.status == "in_plan")))
    phone.goto(f"{site.url}/ideas/{idea.id}")
    assert "In the plan" in phone.inner_text(".status-box")
    assert idea.response in phone.inner_text(".status-box")
    screenshot(phone, "resident-permalink")
    before = count_in(site.app, Support, Support.idea_id == idea.id)
    with phone.expect_response(lambda r: r.url.endswith("/support") and r.ok):
        phone.locator("form.support button").tap()
    assert phone.locator("form.support button").get_attribute("aria-pressed") == "true"
    assert count_in(site.app, Support, Support.idea_id == idea.id) == before + 1
    phone.reload()
    assert phone.locator("form.support button").get_attribute("aria-pressed") == "true"


def vote_page(site, phone, method):
    qid = question_id(site, method)
    phone.goto(f"{site.url}/questions/{qid}")
    return qid


def saved(phone):
    phone.locator("#vote-status").wait_for()
    return phone.locator("#vote-status").inner_text()


def ballots(site, qid):
    return query(site.app, lambda s: s.scalars(select(Ballot.choice).where(
        Ballot.question_id == qid).order_by(Ballot.updated_at.desc(), Ballot.id.desc())).all())


def test_vote_single_with_the_scenarios_on_a_map(site, phone):
    qid = vote_page(site, phone, "single")
    phone.wait_for_selector("#scenario-map .leaflet-interactive")
    screenshot(phone, "vote-single")
    before = len(ballots(site, qid))
    phone.locator("label.option").nth(1).tap()
    phone.locator("#ballot button[type=submit]").tap()
    assert "Your vote is saved" in saved(phone)
    assert len(ballots(site, qid)) == before + 1


def test_vote_approval_up_to_k(site, phone):
    qid = vote_page(site, phone, "approval")
    options = phone.locator("label.option input")
    phone.locator("label.option").nth(0).tap()
    phone.locator("label.option").nth(2).tap()
    # Past the limit the others stay focusable and say why they cannot be ticked.
    assert options.nth(1).get_attribute("aria-disabled") == "true"
    assert options.nth(3).get_attribute("aria-disabled") == "true"
    phone.locator("label.option").nth(1).tap(force=True)  # a person taps it anyway
    assert not options.nth(1).is_checked()
    assert "You can pick up to 2." in phone.locator("#vote-status").inner_text()
    with phone.expect_response(lambda r: r.url.endswith("/ballot") and r.ok):
        phone.locator("#ballot button[type=submit]").tap()
    phone.wait_for_function("() => document.getElementById('vote-status').textContent"
                            ".includes('Your vote is saved')")
    ids = [int(options.nth(i).get_attribute("value")) for i in (0, 2)]
    assert {"options": sorted(ids)} in ballots(site, qid)


def test_vote_ranked_by_dragging_and_by_buttons(site, phone):
    qid = vote_page(site, phone, "ranked")
    items = phone.locator(".rank-item")
    first, last = items.nth(0).get_attribute("data-option"), items.nth(3).get_attribute(
        "data-option")
    # Drag the last option to the top by its handle, with a finger.
    handle = items.nth(3).locator(".handle").bounding_box()
    top = items.nth(0).bounding_box()
    touch_drag(phone, (handle["x"] + 8, handle["y"] + 8),
               (handle["x"] + 8, top["y"] + top["height"] / 3))
    assert items.nth(0).get_attribute("data-option") == last
    phone.wait_for_timeout(1200)  # a finger lifts; Chrome ignores a tap in the same instant
    # Then move the old first one down with its button.
    phone.locator(f'.rank-item[data-option="{first}"] .move-down').tap()
    screenshot(phone, "vote-ranked")
    order = [int(items.nth(i).get_attribute("data-option")) for i in range(4)]
    assert order[0] == int(last) and order.index(int(first)) == 2
    phone.locator("#ballot button[type=submit]").tap()
    assert "Your vote is saved" in saved(phone)
    assert {"ranking": order} in ballots(site, qid)


def test_vote_budget_shows_what_is_left(site, phone):
    qid = vote_page(site, phone, "budget")
    left = phone.locator("#budget-left")
    assert left.inner_text() == "Left: $1,000,000"
    plus = phone.locator(".budget-row").nth(0).locator(".stepper").nth(1)
    for _ in range(3):  # a tenth of the budget a tap: a few taps, not forty
        plus.tap()
    assert left.inner_text() == "Left: $700,000"
    phone.fill("#" + phone.locator(".budget-row input").nth(1).get_attribute("id"), "990000")
    assert left.inner_text() == "That is $290,000 more than you have."  # never "$-290,000"
    phone.fill("#" + phone.locator(".budget-row input").nth(1).get_attribute("id"), "500000")
    assert left.inner_text() == "Left: $200,000"
    screenshot(phone, "vote-budget")
    phone.locator("#ballot button[type=submit]").tap()
    assert "Your vote is saved" in saved(phone)
    ids = [phone.locator(".budget-row input").nth(i).get_attribute("name").split("-")[1]
           for i in (0, 1)]
    assert {"allocation": {ids[0]: 300000, ids[1]: 500000}} in ballots(site, qid)


def test_vote_pairwise_card_after_card(site, phone):
    qid = vote_page(site, phone, "pairwise")
    progress = phone.locator("#pair-progress")
    total = int(progress.get_attribute("data-total"))  # every pair of the demo's options
    assert total == 10 and progress.inner_text() == "Pair 1 of 10"

    def shown():
        cards = phone.locator("button.pair-card")
        return {int(cards.nth(0).get_attribute("value")), int(cards.nth(1).get_attribute("value"))}

    def changed_from(pair):
        phone.wait_for_function(
            """(before) => {
                const now = [...document.querySelectorAll('button.pair-card')]
                    .map(b => Number(b.value)).sort((x, y) => x - y);
                return now.join() !== before.join();
            }""", arg=sorted(pair))

    skipped = shown()
    phone.locator("#pair-skip").tap()  # another pair, nothing sent, still the first
    changed_from(skipped)
    assert progress.inner_text() == "Pair 1 of 10"
    seen = []
    for number in (2, 3, 4):
        pair = shown()
        assert pair not in seen and pair != skipped  # a skipped pair is not asked again
        seen.append(pair)
        with phone.expect_response(lambda r: r.url.endswith("/ballot") and r.ok):
            phone.locator("button.pair-card").nth(0).tap()
        changed_from(pair)
        assert progress.inner_text() == f"Pair {number} of 10"
    assert phone.locator("#pair-done").is_visible()  # stop whenever: each answer is saved
    screenshot(phone, "vote-pairwise")
    mine = ballots(site, qid)[0]["pairs"]
    assert [set(p[:2]) for p in mine] == seen


def test_the_list_and_a_permalink(site, phone):
    phone.goto(site.url + "/ideas")
    phone.select_option("#category", "health")
    with phone.expect_navigation():
        phone.locator(".filters button").tap()
    assert re.search(r"category=health", phone.url)
    link = phone.locator(".ideas .text a").first
    href = link.get_attribute("href")
    link.tap()
    phone.wait_for_url(site.url + href)
    assert phone.locator("h1.idea-text").inner_text()
    screenshot(phone, "resident-list-permalink")


def test_use_my_location(site, browser, playwright_instance):
    context = browser.new_context(**playwright_instance.devices["Pixel 7"],
                                  geolocation={"latitude": 38.2527, "longitude": -85.7585},
                                  permissions=["geolocation"])
    page = context.new_page()
    try:
        open_map(page, site)
        page.locator("#add-button").tap()
        page.locator("#locate").tap()
        page.wait_for_selector("#step-what:not([hidden])")
        assert page.locator("#where-chosen").inner_text() == "Central Business District"
        write_idea(page, "More benches downtown.")
        page.locator("#skip-profile").tap()
        assert page.locator("#done-message").inner_text() == \
            "Thanks! Your idea is in Central Business District."
    finally:
        context.close()


def test_find_a_park_as_you_type_then_place_the_idea_there(site, phone, tmp_path):
    from factories import SHAWNEE_PARK, load_gazetteer
    from vizlou.extensions import db

    with site.app.app_context():
        load_gazetteer(db.session, tmp_path)
    open_map(phone, site)
    phone.fill("#find-on-map-q", "28th and broadway")
    first = phone.locator("#find-on-map .place-results button").first
    first.wait_for()
    assert first.inner_text() == "S 28th St & W Broadway · street corner"
    phone.locator("#add-button").tap()
    phone.fill("#find-for-idea-q", "shawnee pk")
    found = phone.locator("#find-for-idea .place-results button").first
    found.wait_for()
    assert found.inner_text() == "Shawnee Park · place"
    screenshot(phone, "resident-find-a-place")
    found.tap()
    phone.locator("#use-center").tap()
    phone.wait_for_selector("#step-what:not([hidden])")
    assert phone.locator("#where-chosen").inner_text() == "Shawnee"
    write_idea(phone, "More lights on the path.")
    phone.locator("#skip-profile").tap()
    phone.locator("#done-message").wait_for()
    idea = query(site.app, lambda s: s.scalar(select(Idea).order_by(Idea.id.desc())))
    assert abs(idea.lon - SHAWNEE_PARK[0]) < 1e-4 and abs(idea.lat - SHAWNEE_PARK[1]) < 1e-4


def test_placing_on_an_idea_places_and_choosing_a_topic_clears_its_error(site, phone):
    open_map(phone, site)
    phone.locator("#add-button").tap()
    phone.locator("#tap-map").tap()
    dot = phone.locator(".leaflet-overlay-pane path[stroke='#fff']").first
    dot.tap()  # while placing, a tap on an idea's dot places the pin there, opens nothing
    phone.wait_for_selector("#step-what:not([hidden])")
    assert phone.locator(".leaflet-popup").count() == 0
    phone.fill("#idea-text", "A crossing guard.")
    phone.locator("#step-what button[type=submit]").tap()
    error = phone.locator("#idea-error")
    assert error.is_visible() and error.inner_text() == "Choose a topic."
    phone.locator("#step-what label.chip").first.tap()
    assert error.is_hidden()


def test_an_idea_with_a_photo_made_small_on_the_phone(site, phone):
    from factories import jpeg_with_gps
    from vizlou.models import IdeaPhoto

    open_map(phone, site)
    assert not [u for u in phone.requests if "/photo" in u]  # never loaded on the map
    phone.locator("#add-button").tap()
    phone.select_option("#pick-area", label="Shawnee")
    phone.set_input_files("#idea-photo", files=[{
        "name": "crossing.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}])
    write_idea(phone, "Paint this crossing.")
    phone.locator("#skip-profile").tap()
    done = phone.locator("#done-message")
    done.wait_for()
    assert done.inner_text().endswith("Your photo is sent too.")
    sent = [r for r in phone.requests if r.endswith("/photo")]
    assert len(sent) == 1
    photo = query(site.app, lambda s: s.scalar(select(IdeaPhoto)))
    assert max(photo.width, photo.height) <= 1024 and photo.size < 150_000


def test_send_my_idea_is_on_screen_while_writing(site, phone):
    """On a phone, the button that sends the idea stays in view while the topic, the text
    and the photo are filled in (it used to be below the fold)."""
    open_map(phone, site)
    phone.locator("#add-button").tap()
    phone.select_option("#pick-area", label="Portland")
    phone.locator("#step-what label.chip").first.tap()
    phone.fill("#idea-text", "More benches along the river.")
    send = phone.locator("#step-what button[type=submit]")
    box, height = send.bounding_box(), phone.viewport_size["height"]
    assert box["y"] >= 0 and box["y"] + box["height"] <= height
    screenshot(phone, "resident-writing")


def test_the_fixed_flows_in_spanish(site, phone, tmp_path):
    """The same phone in Spanish: finding a park by its Spanish words, the heading, the area
    list, money written the Spanish way, never "$-", and the pairwise progress."""
    from factories import load_gazetteer
    from vizlou.extensions import db

    with site.app.app_context():
        load_gazetteer(db.session, tmp_path)
    phone.goto(site.url + "/language/es")
    open_map(phone, site)
    assert phone.locator("h1.map-title").inner_text() == "Ideas para Louisville: suma la tuya"
    phone.locator("#add-button").tap()
    assert phone.locator("#add-title").inner_text() == "¿Dónde está tu idea?"
    assert phone.locator("label[for=pick-area]").inner_text() == "O elige tu barrio"
    phone.fill("#find-for-idea-q", "parque shawne")
    found = phone.locator("#find-for-idea .place-results button").first
    found.wait_for()
    assert found.inner_text() == "Shawnee Park · lugar"

    vote_page(site, phone, "budget")
    left = phone.locator("#budget-left")
    assert left.inner_text() == "Queda: 1.000.000\xa0US$"
    phone.fill("#" + phone.locator(".budget-row input").nth(0).get_attribute("id"), "1100000")
    assert left.inner_text() == "Son 100.000\xa0US$ más de lo que tienes."
    vote_page(site, phone, "pairwise")
    assert phone.locator("#pair-progress").inner_text() == "Par 1 de 10"
    assert phone.locator("#pair-skip").inner_text() == "Saltar este par"


def test_a_pin_is_taken_before_the_outlines_arrive(site, phone):
    """On a slow phone the map opens on the areas' bounds and takes a pin at once: the
    outlines (held back here until the idea is sent) only draw the areas, and the server
    finds the idea's area itself."""
    held = []
    phone.route("**/api/v1/areas/**", lambda route: held.append(route))
    before = count_in(site.app, Idea)
    phone.goto(site.url + "/")
    phone.wait_for_selector("body[data-pin-ready]", timeout=20000)
    for _ in range(50):
        if held:
            break
        phone.wait_for_timeout(100)
    assert held and phone.locator("body[data-map-ready]").count() == 0
    assert phone.inner_text("#map-status").strip() == ""  # no "Loading the map…" any more
    phone.locator("#add-button").tap()
    phone.locator("#tap-map").tap()
    box = phone.locator("#map").bounding_box()
    phone.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    phone.wait_for_selector("#step-what:not([hidden])")
    write_idea(phone, "Benches along the river path.")
    phone.wait_for_selector("#step-profile:not([hidden])")
    assert count_in(site.app, Idea) == before + 1
    idea = query(site.app, lambda s: s.scalar(select(Idea).order_by(Idea.id.desc())))
    assert idea.text == "Benches along the river path."
    for route in held:
        route.continue_()
    phone.wait_for_selector("body[data-map-ready]", timeout=20000)
    outlines = phone.locator(".leaflet-overlay-pane path:not(.leaflet-interactive)")
    assert outlines.count() == 147  # then drawn (the ideas' dots are the interactive paths)

"""Kiosk mode on a shared tablet: one person after another, nothing of one left for the next,
and a whole session of five people run with the network cut, synced exactly once."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from e2e_support import LiveServer, screenshot
from factories import query, token_hash
from vizlou.extensions import db
from vizlou.models import Area, Ballot, Event, Idea, Participant, Question
from vizlou.services.events.manage import create_session
from vizlou.web.common.kiosk_state import kiosk_key

TABLET = {"viewport": {"width": 800, "height": 1280}, "device_scale_factor": 1.5,
          "is_mobile": True, "has_touch": True}


@pytest.fixture
def kiosk_site(databases, tile_server):
    """A session on Shawnee with the five example questions; tiles from a loopback server."""
    app = databases.app("sqlite", seed=(30, 3))
    app.config["CITY"] = replace(app.config["CITY"], tile_url=tile_server.url)
    with app.app_context():
        shawnee = db.session.scalar(select(Area.id).where(Area.name == "Shawnee"))
        item = create_session(db.session, name="Shawnee youth night", area_id=shawnee)
        db.session.commit()
        key = kiosk_key(item.id)
        session_id = item.id
    server = LiveServer(app)
    server.app, server.key, server.session_id, server.tiles = app, key, session_id, tile_server
    yield server
    server.stop()


@pytest.fixture
def tablet(browser):
    context = browser.new_context(**TABLET)
    page = context.new_page()
    page.console = []
    page.on("console", lambda m: page.console.append(m.text))
    yield page
    context.close()


def start_kiosk(page, site):
    page.goto(f"{site.url}/kiosk/{site.key}")
    page.wait_for_selector("#next-person")


def question_id(site, method):
    return query(site.app, lambda s: s.scalar(select(Question.id).where(
        Question.method == method)))


def add_idea_from_list(page, area_index, text):
    page.locator("#add-button").tap()
    page.select_option("#pick-area", index=area_index)
    page.locator("#step-what label.chip", has_text="Health and parks").tap()
    page.fill("#idea-text", text)
    page.locator("#step-what button[type=submit]").tap()
    page.wait_for_selector("#step-profile:not([hidden]), #step-done:not([hidden])")


def test_the_next_person_sees_nothing_of_the_previous_one(kiosk_site, tablet):
    site, page = kiosk_site, tablet
    start_kiosk(page, site)
    screenshot(page, "kiosk-home")
    first_token = page.evaluate("localStorage.getItem('vizlou.participant')")
    assert first_token  # a fresh participant from the start
    # The first person votes, answers the profile, and leaves a half-typed idea.
    single = question_id(site, "single")
    page.goto(f"{site.url}/questions/{single}")
    page.locator("label.option").nth(0).tap()
    with page.expect_response(lambda r: r.url.endswith("/ballot") and r.ok):
        page.locator("#ballot button[type=submit]").tap()
    page.goto(site.url + "/")
    page.wait_for_selector("body[data-map-ready]")
    add_idea_from_list(page, 5, "First person's idea")
    page.select_option("#profile-age", "16_18")
    page.locator("#step-profile button[type=submit]").tap()
    page.locator("#add-another").tap()
    page.select_option("#pick-area", index=6)
    page.fill("#idea-text", "A draft nobody else should see")
    screenshot(page, "kiosk-first-person")

    page.locator("#next-person").tap()
    page.wait_for_url(f"{site.url}/kiosk/")
    second_token = page.evaluate("localStorage.getItem('vizlou.participant')")
    assert second_token and second_token != first_token
    page.goto(f"{site.url}/questions/{single}")
    assert page.locator("input[name=option]:checked").count() == 0
    assert page.locator("#vote-status").is_hidden()
    assert "Change my vote" not in page.content()
    page.goto(site.url + "/")
    page.wait_for_selector("body[data-map-ready]")
    page.locator("#add-button").tap()
    page.select_option("#pick-area", index=6)
    assert page.locator("#idea-text").input_value() == ""
    assert "A draft nobody else should see" not in page.content()
    page.locator("#step-what label.chip", has_text="Getting around").tap()
    page.fill("#idea-text", "Second person's idea")
    page.locator("#step-what button[type=submit]").tap()
    page.wait_for_selector("#step-profile:not([hidden])")  # asked again: a new person
    assert page.locator("#profile-age").input_value() == ""

    def check(s):
        people = s.execute(select(Participant.token_hash, Participant.channel,
                                  Participant.event_id, Participant.age_bracket)
                           .order_by(Participant.id.desc()).limit(2)).all()
        assert {p.token_hash for p in people} == {token_hash(first_token),
                                                  token_hash(second_token)}
        assert {(p.channel, p.event_id) for p in people} == {("kiosk", site.session_id)}
        assert {p.token_hash: p.age_bracket
                for p in people}[token_hash(second_token)] is None

    query(site.app, check)


def test_two_idle_minutes_start_over(kiosk_site, tablet):
    site, page = kiosk_site, tablet
    page.clock.install()
    start_kiosk(page, site)
    first = page.evaluate("localStorage.getItem('vizlou.participant')")
    page.goto(site.url + "/add")
    page.fill("#text", "Typed, then walked away")
    page.clock.fast_forward("01:45")
    page.clock.run_for(2000)
    assert "starts over" in page.locator("#idle-warning").inner_text()
    page.clock.fast_forward("00:20")
    page.clock.run_for(2000)
    page.wait_for_url(f"{site.url}/kiosk/")
    assert page.evaluate("localStorage.getItem('vizlou.participant')") != first


def test_five_people_on_one_tablet_with_the_network_cut(kiosk_site, tablet):
    site, page = kiosk_site, tablet
    single = question_id(site, "single")
    start_kiosk(page, site)
    # Online once: the worker keeps the kiosk's pages and the tiles of Shawnee.
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller",
                           timeout=20000)
    page.reload()
    page.wait_for_function(
        """async () => {
            const pages = await (await caches.open('vizlou-pages')).keys();
            const tiles = await (await caches.open('vizlou-tiles')).keys();
            return pages.length >= 5 && tiles.length >= 10;
        }""", timeout=30000)
    tiles_before = -1
    while tiles_before != len(site.tiles.served):  # until the worker has kept them all
        tiles_before = len(site.tiles.served)
        page.wait_for_timeout(1500)
    page.context.set_offline(True)
    site.cut()
    site.tiles.stop()  # no tile can come from anywhere but the tablet's cache

    tokens = []
    for n in range(5):
        page.goto(site.url + "/")
        page.wait_for_selector("body[data-map-ready]", timeout=20000)
        tokens.append(page.evaluate("localStorage.getItem('vizlou.participant')"))
        add_idea_from_list(page, 10 + n, f"Kiosk idea {n}")
        if page.locator("#step-profile").is_visible():
            page.locator("#skip-profile").tap()
        assert "Saved on your phone" in page.locator("#done-message").inner_text()
        page.goto(f"{site.url}/questions/{single}")
        page.locator("label.option").nth(n % 3).tap()
        page.locator("#ballot button[type=submit]").tap()
        page.wait_for_selector("#vote-status:not([hidden])")
        page.locator("#next-person").tap()
        page.wait_for_url(f"{site.url}/kiosk/")
    assert len(set(tokens)) == 5
    # The count is read from the outbox (IndexedDB) after the page shows: wait for it.
    page.wait_for_function(
        "() => (document.querySelector('#pending') || {}).textContent === 'Waiting to send: 10'",
        timeout=10000)
    page.goto(site.url + "/")
    page.wait_for_selector("body[data-map-ready]", timeout=20000)
    page.wait_for_function("() => document.querySelectorAll('img.leaflet-tile-loaded').length",
                           timeout=10000)
    screenshot(page, "kiosk-offline")
    assert len(site.tiles.served) == tiles_before
    assert query(site.app, lambda s: s.scalar(select(func.count(Idea.id)).where(
        Idea.event_id == site.session_id))) == 0

    site.restore()
    page.context.set_offline(False)
    page.wait_for_function("() => document.body.getAttribute('data-pending') === '0'",
                           timeout=30000)
    page.reload()
    page.wait_for_timeout(1000)

    def check(s):
        ideas = s.execute(select(Idea.text, Idea.channel, Idea.event_id, Participant.token_hash)
                          .join(Participant, Participant.id == Idea.participant_id)
                          .where(Idea.event_id == site.session_id)).all()
        assert sorted(i.text for i in ideas) == [f"Kiosk idea {n}" for n in range(5)]
        assert {(i.channel, i.event_id) for i in ideas} == {("kiosk", site.session_id)}
        assert {i.token_hash: i.text for i in ideas} == {token_hash(t): f"Kiosk idea {n}"
                                                         for n, t in enumerate(tokens)}
        ballots = s.execute(select(Ballot.channel, Ballot.event_id, Participant.token_hash)
                            .join(Participant, Participant.id == Ballot.participant_id)
                            .where(Ballot.question_id == single,
                                   Ballot.event_id == site.session_id)).all()
        assert sorted(b.token_hash for b in ballots) == sorted(map(token_hash, tokens))
        assert {(b.channel, b.event_id) for b in ballots} == {("kiosk", site.session_id)}
        people = s.scalar(select(func.count(Participant.id)).where(
            Participant.event_id == site.session_id))
        assert people == 5
        assert s.get(Event, site.session_id).closed_at is None

    query(site.app, check)

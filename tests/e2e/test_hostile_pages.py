"""Hostile text in every field a resident, a facilitator, a planner or a boundary file can
set, opened in Chromium on every page, popup, tooltip and planners' map that shows it: no
script runs, no dialog opens, no element is injected, the policy is never even tried, and
every page shows the text as plain text (SPEC §5)."""

from __future__ import annotations

import re

import pytest
from hostile_payloads import FEW, PAYLOADS
from sqlalchemy import select, update

from e2e_support import LiveServer, log_in
from factories import PASSWORD
from vizlou.extensions import db
from vizlou.models import Area, AreaLayer, Comment, Event, Idea
from vizlou.services import demo
from vizlou.services.audit import Actor
from vizlou.services.events.manage import create_session
from vizlou.services.ideas import moderation, responses
from vizlou.services.ideas import reactions as idea_reactions
from vizlou.services.ideas.create import NewIdea, create_idea
from vizlou.services.people import participants
from vizlou.services.people import staff as users
from vizlou.services.values import Origin
from vizlou.services.voting.questions import create_question

HOOK = """
window.__pwnedCalls = [];
window.__pwned = function (n) { window.__pwnedCalls.push(n); };
"""
INJECTED = ("img[src='x'], svg[onload], [onerror], [onload], [onfocus], [ontoggle], "
            "[onmouseover], iframe[srcdoc], object, embed, base, meta[http-equiv='refresh'], "
            "a[href^='javascript'], [formaction], noscript p")
KEY = b"hostile-secret"


def plain(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def site(tmp_path_factory, request):
    """A city where every text field holds hostile text; a planner and its facilitator."""
    from helpers import dispose, load_louisville, make_app

    folder = tmp_path_factory.mktemp("hostile")
    app = make_app(f"sqlite:///{folder / 'h.db'}", folder, SECRET_KEY=KEY.decode())
    load_louisville(app)
    with app.app_context():
        city = app.config["CITY"]
        demo.seed(db.session, city, ideas=20, seed_value=4)
        users.create_user(db.session, "planner@example.org", "planner", PASSWORD)
        facilitator = users.create_user(db.session, "facilitator@example.org", "facilitator",
                                        PASSWORD)
        question = create_question(
            db.session, title=FEW[0], description=FEW[2], method="single",
            options=[{"title": p, "description": p, "overlay": {
                "type": "LineString", "coordinates": [[-85.80 + i / 50, 38.24],
                                                      [-85.78 + i / 50, 38.25]]}}
                     for i, p in enumerate(FEW)], bounds=city.max_bounds)
        event = create_session(db.session, name=FEW[1], venue=FEW[2], notes=FEW[3],
                               facilitator_id=facilitator.id, question_ids=(question.id,))
        author = participants.get_or_create(db.session, "hostile-author-0123456789", key=KEY)
        critic = participants.get_or_create(db.session, "hostile-critic-0123456789", key=KEY)
        layer = db.session.scalar(select(AreaLayer).where(AreaLayer.key == city.main_layer))
        spots = [a.geom.representative_point() for a in db.session.scalars(
            select(Area).where(Area.layer_id == layer.id).order_by(Area.id).limit(40))]
        ideas = []
        for n, payload in enumerate(PAYLOADS):  # kiosk ideas of the session: on its wall too
            spot = spots[n % len(spots)]
            idea, _ = create_idea(db.session, city, author, NewIdea(
                category="health", text=payload, lon=spot.x, lat=spot.y),
                Origin("kiosk", event.id))
            ideas.append(idea)
            idea_reactions.report(db.session, critic, reason="other", idea=idea, note=payload[:300])
        first = ideas[0]
        for payload in PAYLOADS:
            idea_reactions.add_comment(db.session, first, critic, payload[:300])
        responses.respond(db.session, [i.id for i in ideas[:5]], status="under_review",
                          answers={"en": FEW[3], "es": FEW[1]}, languages=("en", "es"),
                          actor=Actor("planner@example.org"))
        moderation.hide(db.session, ideas[6], FEW[2], moderation.AUTOMATIC)
        layer.title = FEW[4]
        layer.token = "renamed"
        areas = db.session.scalars(select(Area).where(Area.layer_id == layer.id)
                                   .order_by(Area.id).limit(len(FEW))).all()
        for area, payload in zip(areas, FEW, strict=True):
            area.name = payload
        db.session.commit()
        texts = {i.id: db.session.get(Idea, i.id).text for i in ideas}
        public = {i.id for i in ideas if db.session.get(Idea, i.id).moderation == "visible"}
        comments = [c.text for c in db.session.scalars(select(Comment))
                    if c.moderation == "visible"]
        area_ids = [a.id for a in areas]
        question_id, event_id, first_id = question.id, event.id, first.id
        db.session.remove()
    live = LiveServer(app)
    live.texts, live.comments, live.question, live.event = texts, comments, question_id, \
        event_id
    live.first, live.areas, live.author = first_id, area_ids, "hostile-author-0123456789"
    live.public = public  # not hidden, and not held (a run of digits looks like a phone)
    yield live
    live.stop()
    dispose(app)


@pytest.fixture(scope="module")
def context(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(HOOK)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.dialogs, page.console = [], []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: page.console.append(m.text))
    page.on("pageerror", lambda e: page.console.append(f"page error: {e}"))
    yield page
    page.close()


def assert_clean(page, expected=()) -> None:
    """Nothing ran or was injected in the page or its frames, and ``expected`` texts show
    as text."""
    page.wait_for_timeout(300)
    for frame in page.frames:
        assert frame.evaluate("window.__pwnedCalls || []") == [], frame.url
        injected = frame.evaluate(
            "(s) => Array.from(document.querySelectorAll(s)).map(e => e.outerHTML.slice(0, 90))",
            INJECTED)
        assert injected == [], (frame.url, injected)
    assert page.dialogs == []
    assert not [m for m in page.console if "Content Security Policy" in m or "page error" in m]
    body = plain(page.inner_text("body"))
    for text in expected:
        assert plain(text)[:60] in body, (page.url, text[:60])


def test_every_payload_through_the_residents_list_and_an_idea_page(site, page):
    shown = set()
    for n in range(1, 5):
        page.goto(f"{site.url}/ideas?page={n}")
        assert_clean(page)
        body = plain(page.inner_text("body"))
        shown |= {i for i, t in site.texts.items() if plain(t)[:60] in body}
    assert site.public <= shown and len(site.public) >= 55
    page.goto(f"{site.url}/ideas/{site.first}")
    assert_clean(page, [site.texts[site.first], *site.comments])
    # The GIS service's HTML page of the ideas shows every public payload as text too.
    page.goto(f"{site.url}/ogc/collections/ideas/items?f=html&limit=1000")
    assert_clean(page, [site.texts[i] for i in sorted(site.public)[:10]])


def test_residents_map_popups_and_scenario_tooltips(site, page):
    for idea_id, text in list(site.texts.items())[:4]:  # every payload: the list test
        if idea_id not in site.public:
            continue
        page.goto(f"{site.url}/?open={idea_id}#idea={idea_id}&lon=-85.76&lat=38.25")
        page.wait_for_selector(".leaflet-popup-content", timeout=15000)
        assert_clean(page, [text])
    page.goto(f"{site.url}/questions/{site.question}")
    page.wait_for_selector("#scenario-map path.leaflet-interactive", timeout=15000)
    paths = page.locator("#scenario-map path.leaflet-interactive")
    for i in range(paths.count()):
        paths.nth(i).hover(force=True)
    assert_clean(page, FEW)
    for url in ("/questions", f"/questions/{site.question}/results", "/add"):
        page.goto(site.url + url)
        assert_clean(page, FEW if url == "/add" else FEW[:1])


def test_a_residents_own_page(site, page):
    page.goto(site.url + "/")
    page.evaluate("(t) => localStorage.setItem('vizlou.participant', t)", site.author)
    page.request.get(site.url + "/api/v1/me", headers={"X-Participant": site.author})
    page.goto(site.url + "/mine")
    assert_clean(page)


def test_facilitators_pages_and_the_wall(site, page):
    log_in(page, site.url, "facilitator@example.org")
    for url in ("/facilitate/", f"/facilitate/sessions/{site.event}",
                f"/facilitate/sessions/{site.event}/edit",
                f"/facilitate/sessions/{site.event}/poster",
                f"/facilitate/sessions/{site.event}/paper",
                f"/facilitate/sessions/{site.event}/report"):
        page.goto(site.url + url)
        assert_clean(page, FEW[1:2])
    page.goto(f"{site.url}/facilitate/sessions/{site.event}/wall")
    page.wait_for_selector("#wall-ideas li[data-idea]", timeout=15000)
    shown = page.locator("#wall-ideas li[data-idea]").count()
    newest = [site.texts[i] for i in sorted(site.public, reverse=True)][:shown]
    assert shown >= 5
    assert_clean(page, newest)
    dots = page.locator("#wall-map path.leaflet-interactive")
    dots.first.click(force=True)
    assert_clean(page)


def test_planners_pages_maps_and_tooltips(site, page):
    log_in(page, site.url, "planner@example.org")
    for url in ("/plan/", "/plan/areas", "/plan/where-next", "/plan/questions",
                f"/plan/questions/{site.question}", f"/plan/questions/{site.question}/bursts",
                "/plan/report", "/plan/exports"):
        page.goto(site.url + url)
        assert_clean(page)
    page.goto(site.url + "/plan/areas")
    assert_clean(page, FEW)
    for n in (1, 2):
        page.goto(f"{site.url}/plan/ideas?page={n}")
        assert_clean(page)
    page.goto(site.url + "/plan/moderation")
    assert_clean(page, list(site.texts.values())[:30])
    page.goto(f"{site.url}/plan/ideas/{site.first}")  # one idea's answers and their history
    assert_clean(page, [site.texts[site.first], FEW[3]])
    page.goto(f"{site.url}/open-data/questions/{site.question}")
    assert_clean(page, FEW[:1])
    page.goto(site.url + "/plan/maps/choropleth.html?metric=ideas")
    page.wait_for_selector("path.leaflet-interactive", timeout=15000)
    paths = page.locator("path.leaflet-interactive")
    seen = []
    for i in range(paths.count()):
        paths.nth(i).hover(force=True)
        seen += page.locator(".leaflet-tooltip").all_inner_texts()
        if len({p for p in FEW if plain(p)[:40] in plain(" ".join(seen))}) == len(FEW):
            break
    assert_clean(page)
    tooltips = plain(" ".join(seen))
    assert all(plain(p)[:40] in tooltips for p in FEW), tooltips[:300]
    page.goto(site.url + "/plan/maps/density.html")
    page.wait_for_selector("path.leaflet-interactive", timeout=15000)
    markers = page.locator("path.leaflet-interactive")
    opened = 0
    for i in range(markers.count() - 1, max(markers.count() - 25, 0), -1):
        markers.nth(i).click(force=True)
        if page.locator(".leaflet-popup-content").count():
            opened += 1
    assert opened and page.locator(".leaflet-popup-content").count()
    assert_clean(page)
    popups = plain(" ".join(page.locator(".leaflet-popup-content").all_inner_texts()))
    assert re.search(r"#\d+", popups)
    page.goto(site.url + "/plan/maps")
    assert_clean(page)
    assert Event and update  # the models are read through the pages only

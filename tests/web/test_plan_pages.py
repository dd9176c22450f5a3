"""Planner pages over HTTP: maps that load nothing from outside and run only their own
hashed scripts, hostile text escaped everywhere, sorting by links, filters, downloads."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest
from sqlalchemy import select, update

from factories import login_as
from vizlou.extensions import db
from vizlou.models import Area, AreaLayer, AuditEntry, Idea, IdeaArea, Question
from vizlou.services.filters import Filters
from vizlou.services.summaries import by_area as summaries

HOSTILE = "<script>alert(1)</script>"
TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


@pytest.fixture
def planner(databases, backend):
    app = databases.app(backend, seed=(150, 8), WTF_CSRF_ENABLED=False)
    with app.app_context():
        client = app.test_client()
        login_as(client, "planner")
        yield client


def hostile_area_and_idea():
    """The busiest neighborhood and one idea in it get a script for a name and a text."""
    layer = db.session.scalar(select(AreaLayer.id).where(AreaLayer.key == "neighborhoods"))
    idea = db.session.scalar(select(Idea).order_by(Idea.id))
    area_id = db.session.scalar(select(IdeaArea.area_id).where(IdeaArea.idea_id == idea.id,
                                                               IdeaArea.layer_id == layer))
    db.session.execute(update(Area).where(Area.id == area_id).values(name=HOSTILE))
    db.session.execute(update(AreaLayer).where(AreaLayer.id == layer).values(token="changed"))
    idea.text = HOSTILE
    db.session.commit()
    return idea


def inline_scripts(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, re.S)


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


MAPS = ["/plan/maps/choropleth.html", "/plan/maps/choropleth.html?metric=representation",
        "/plan/maps/choropleth.html?metric=ideas_health&scheme=quantiles&layer=census_tracts",
        "/plan/maps/choropleth.html?metric=participants&layer=council_districts",
        "/plan/maps/density.html", "/plan/maps/density.html?category=health"]


@pytest.mark.parametrize("url", MAPS)
def test_map_documents_allow_exactly_their_own_scripts(planner, url):
    response = planner.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    script_src = re.search(r"script-src ([^;]+)", policy).group(1).split()
    scripts = inline_scripts(html)
    assert scripts and sorted(script_src) == sorted({"'self'", *map(sha256, scripts)})
    assert "frame-ancestors 'self'" in policy
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    # Nothing from outside: the only address is the configured tile URL.
    assert set(re.findall(r"https?://[^\s\"'<>)]+", html)) == {TILE_URL}
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert [s.split("?v=")[0] for s in sources] == ["/static/vendor/leaflet-1.9.3/leaflet.js",
                                                    "/static/js/planmap.js"]
    assert re.search(r'<link rel="stylesheet" href="/static/vendor/leaflet-1\.9\.3/leaflet\.css'
                     r'\?v=', html)


def text_island(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="vizlou-map-text">(.*?)</script>',
                      html, re.S)
    return json.loads(found.group(1))


def test_hostile_names_and_texts_are_data_in_maps_and_pages(planner):
    idea = hostile_area_and_idea()
    density = planner.get(f"/plan/maps/density.html?category={idea.category}"
                          f"&since={idea.created_at:%Y-%m-%d}&until={idea.created_at:%Y-%m-%d}")
    choropleth = planner.get("/plan/maps/choropleth.html")
    for response in (density, choropleth):
        html = response.get_data(as_text=True)
        assert HOSTILE not in html and "<script>alert" not in html
        assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html  # in the island
        assert not [s for s in inline_scripts(html) if "alert(1)" in s]  # never in hashed code
    assert [HOSTILE, None] in text_island(density.get_data(as_text=True))["areas"].values()
    assert text_island(density.get_data(as_text=True))["ideas"][str(idea.id)] == HOSTILE
    assert HOSTILE in [name for name, _ in
                       text_island(choropleth.get_data(as_text=True))["areas"].values()]
    for url in ("/plan/areas", "/plan/where-next", "/plan/report", "/plan/maps"):
        html = planner.get(url).get_data(as_text=True)
        assert HOSTILE not in html, url
        if url != "/plan/maps":  # that page names no area
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url


def test_map_tooltips_write_numbers_as_the_pages_language_does(planner):
    url = "/plan/maps/choropleth.html?metric=representation"
    english = text_island(planner.get(url).get_data(as_text=True))["areas"]
    spanish = text_island(planner.get(url + "&lang=es").get_data(as_text=True))["areas"]
    figures = [(shown, spanish[area][1]) for area, (_, shown) in english.items() if shown != "–"]
    assert figures and any("." in shown for shown, _ in figures)
    assert all(es == shown.translate({ord(","): ".", ord("."): ","}) for shown, es in figures)


def test_planner_pages_keep_the_strict_policy_and_frame_the_maps(planner):
    response = planner.get("/plan/maps?metric=representation&scheme=quantiles")
    policy = response.headers["Content-Security-Policy"]
    assert re.search(r"script-src ([^;]+)", policy).group(1).strip() == "'self'"
    html = response.get_data(as_text=True)
    frames = re.findall(r'<iframe class="map-frame" src="([^"]+)"', html)
    assert frames[0].startswith("/plan/maps/choropleth.html?")
    assert "metric=representation" in frames[0] and "scheme=quantiles" in frames[0]
    assert frames[1].startswith("/plan/maps/density.html")
    assert not inline_scripts(html)
    assert response.headers["Cache-Control"] == "private, no-store"


def area_order(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<th scope="row">([^<]+)</th>', body)


def test_the_area_table_sorts_by_links(planner):
    html = planner.get("/plan/areas").get_data(as_text=True)
    assert 'aria-sort="descending"' in html  # participants, most first, by default
    link = re.search(r'href="([^"]*sort=name[^"]*)"', html).group(1).replace("&amp;", "&")
    by_name = area_order(planner.get(link).get_data(as_text=True))
    assert by_name == sorted(by_name, key=str.casefold) and len(by_name) == 147
    backwards = area_order(planner.get("/plan/areas?sort=name&order=desc").get_data(as_text=True))
    assert backwards == by_name[::-1]
    low = area_order(planner.get("/plan/areas?sort=representation&order=asc")
                     .get_data(as_text=True))
    assert low[-1] == "Airport"  # nobody lives there: no index, always last
    assert planner.get("/plan/areas?sort=nonsense").status_code == 400


@pytest.mark.parametrize(("query", "message"), [
    ("since=yesterday", "Write dates as YYYY-MM-DD."), ("channel=fax", "Unknown channel."),
    ("layer=nowhere", "There is no area layer nowhere."), ("session=abc",
                                                             "Choose a session from the list."),
    ("since=2026-10-02&until=2026-10-01", "The end date must not be before the start date."),
])
def test_bad_filters_get_a_clear_400(planner, query, message):
    response = planner.get(f"/plan/?{query}")
    assert response.status_code in (400, 404)
    assert message in response.get_data(as_text=True)


def test_dashboard_draws_its_charts_on_the_server(planner):
    html = planner.get("/plan/?kind=ballots&period=week").get_data(as_text=True)
    assert html.count('<svg class="chart') == 2
    assert "Ballots per week, by channel" in html
    assert not inline_scripts(html)


def test_question_page_shows_every_runoff_round_overall_and_per_area(planner):
    ranked = db.session.scalar(select(Question.id).where(Question.method == "ranked"))
    html = planner.get(f"/plan/questions/{ranked}?layer=council_districts").get_data(as_text=True)
    assert "Instant runoff, round by round" in html and "Round 2" in html
    summary = summaries.summarize(db.session, planner.application.config["CITY"],
                                  Filters(layer="council_districts"))
    voted = [r for r in summary.areas if ranked in r.questions]
    assert html.count('<details class="rounds">') == len(voted) > 20
    # Plain words: no unexplained jargon; the method in one sentence.
    assert "Borda" not in html and "Exhausted" not in html
    assert "Points: another way to read the same ballots" in html
    assert "Each person puts the options in order." in html
    # Every area's "ahead" carries its ballots; a small area says so instead of a winner.
    threshold = planner.application.config["CITY"].public_threshold
    for row in voted:
        n = row.questions[ranked].ballots
        said = (f"Too few ballots to say ({n})" if n < threshold else
                f"({n} ballot{'s' if n != 1 else ''})")
        assert f"{row.name}: " in html and said in html, (row.name, n)
    assert any(r.questions[ranked].ballots < threshold for r in voted)
    assert planner.get("/plan/questions/99999").status_code == 404


def test_downloads_are_attachments_and_audited(planner):
    response = planner.get("/plan/exports/ideas.csv?channel=web")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == \
        "attachment; filename=\"vizlou-ideas.csv\"; filename*=UTF-8''vizlou-ideas.csv"
    rows = response.get_data(as_text=True).strip().splitlines()
    stored = db.session.scalars(select(Idea).where(Idea.channel == "web")).all()
    assert len(rows) == 1 + len(stored)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export"))
    assert entry.actor == "planner@example.org" and entry.detail["filters"]["channel"] == "web"
    assert planner.get("/plan/exports/ideas.pdf").status_code == 404


TEMPLATE_PAYLOADS = ["{{ 7*7 }}", "{% raw %}", "{{ lipsum.__globals__ }}",
                     "</script><script>alert(7)</script>", "{# comment", "${7*7}"]


@pytest.mark.parametrize("payload", TEMPLATE_PAYLOADS)
def test_text_is_never_compiled_as_a_template_in_maps(planner, payload):
    """Folium compiles each element's rendered script again as a Jinja2 template: no idea
    text or area name may ever reach it, nor a script whose hash the policy allows."""
    idea = hostile_area_and_idea()
    layer = db.session.scalar(select(AreaLayer.id).where(AreaLayer.key == "neighborhoods"))
    area_id = db.session.scalar(select(IdeaArea.area_id).where(IdeaArea.idea_id == idea.id,
                                                               IdeaArea.layer_id == layer))
    db.session.execute(update(Area).where(Area.id == area_id).values(name=payload))
    idea.text = payload
    db.session.commit()
    density = planner.get(f"/plan/maps/density.html?category={idea.category}"
                          f"&since={idea.created_at:%Y-%m-%d}&until={idea.created_at:%Y-%m-%d}")
    choropleth = planner.get("/plan/maps/choropleth.html?metric=ideas")
    for response in (density, choropleth):
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        island = text_island(html)
        assert payload in [name for name, _ in island["areas"].values()]
        for script in inline_scripts(html):  # the scripts the policy allows by hash
            assert payload not in script and "{{" not in script and "{%" not in script
            assert "49" not in re.findall(r'"[^"]*"', script)
        assert "<script>alert(7)" not in html
    assert text_island(density.get_data(as_text=True))["ideas"][str(idea.id)] == payload

"""Every planner page and every export against every role: the public is sent to the login
page, facilitators are refused, planners and admins get in. And forms need a CSRF token."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from factories import PASSWORD, login_as
from vizlou.extensions import db
from vizlou.models import AuditEntry, Idea, Question
from vizlou.services.exports.formats import FORMATS
from vizlou.services.people import staff as users

ROLES = ("anonymous", "facilitator", "planner", "admin")
EXPECTED = {"anonymous": 302, "facilitator": 403, "planner": 200, "admin": 200}


def routes(question_id: int) -> list[str]:
    pages = ["/plan/", "/plan/areas", "/plan/areas?layer=census_tracts&sort=ideas&order=asc",
             "/plan/where-next", "/plan/maps", "/plan/maps?metric=representation",
             "/plan/maps/choropleth.html", "/plan/maps/density.html", "/plan/questions",
             f"/plan/questions/{question_id}", f"/plan/questions/{question_id}/bursts",
             "/plan/report", "/plan/exports", "/plan/imports",
             "/plan/ideas", "/plan/ideas?status=new&q=tree&page=2", "/plan/moderation",
             "/plan/questions/new?method=budget", f"/plan/questions/{question_id}/edit",
             f"/plan/questions/{question_id}/preview/es"]
    downloads = [f"/plan/exports/{kind}.{fmt}" for kind in ("ideas", "ballots", "summaries")
                 for fmt in FORMATS]
    return [*pages, *downloads, "/plan/exports/summaries.csv?public=1",
            "/plan/exports/ballots-readme.txt"]


@pytest.fixture
def staff_app(databases, backend):
    app = databases.app(backend, seed=(60, 2), WTF_CSRF_ENABLED=False)
    with app.app_context():
        for role in ROLES[1:]:
            users.create_user(db.session, f"{role}@example.org", role, PASSWORD)
        db.session.commit()
        yield app


def logged_in(app, role: str):
    client = app.test_client()
    if role != "anonymous":
        login_as(client, role)
    return client


POSTS = {"anonymous": 302, "facilitator": 403, "planner": 302, "admin": 302}


def post_routes(idea_id: int, question_id: int) -> list[tuple[str, dict]]:
    """The forms that change things: moderation, answers and questions (they redirect back
    when done)."""
    new = {"method": "single", "title-en": "Which bench?", "option-1-title-en": "Wood",
           "option-2-title-en": "Stone", "action": "save"}
    return [(f"/plan/moderation/idea/{idea_id}", {"action": "restore", "reason": "ok"}),
            ("/plan/ideas", {"ids": str(idea_id), "status": "under_review",
                             "scope": "chosen"}),
            (f"/plan/ideas/{idea_id}", {"status": "in_plan", "response_en": "Yes"}),
            (f"/plan/questions/{question_id}/bursts", {"hour": "2026-01-01 10:00",
                                                       "action": "count"}),
            ("/plan/questions/new", new),
            (f"/plan/questions/{question_id}/edit", {"title-en": "Renamed", "action": "save"}),
            (f"/plan/questions/{question_id}/close", {}),
            (f"/plan/questions/{question_id}/preview/en", {})]


def test_every_plan_route_against_every_role(staff_app):
    question_id = db.session.scalar(select(Question.id).order_by(Question.id))
    idea_id = db.session.scalar(select(Idea.id).order_by(Idea.id))
    urls = [*routes(question_id), f"/plan/ideas/{idea_id}"]
    adapter = staff_app.url_map.bind("localhost")
    covered = {adapter.match(url.split("?")[0])[0] for url in urls}
    covered |= {adapter.match(url, method="POST")[0]
                for url, _ in post_routes(idea_id, question_id)}
    plan_endpoints = {r.endpoint for r in staff_app.url_map.iter_rules()
                      if r.endpoint.startswith("plan.")}
    assert covered == plan_endpoints, "a /plan route is missing from this table"
    for role in ROLES:
        client = logged_in(staff_app, role)
        for url in urls:
            response = client.get(url)
            assert response.status_code == EXPECTED[role], (role, url, response.status_code)
            if role == "anonymous":
                assert response.headers["Location"].startswith("/auth/login?next=/plan/")
        for url, data in post_routes(idea_id, question_id):
            response = client.post(url, data=data)
            expected = 200 if url.endswith("/preview/en") and role in ("planner", "admin") \
                else POSTS[role]
            assert response.status_code == expected, (role, url, response.status_code)
    # Only the planner's and the admin's downloads reached the audit log.
    actors = {e.actor for e in db.session.scalars(select(AuditEntry)
                                                  .where(AuditEntry.action == "export"))}
    assert actors == {"planner@example.org", "admin@example.org"}


def test_a_deactivated_planner_is_sent_to_the_login_page(staff_app):
    client = logged_in(staff_app, "planner")
    users.set_active(db.session, "planner@example.org", False)
    db.session.commit()
    assert client.get("/plan/").status_code == 302


def test_logging_in_sends_planners_to_the_dashboard(staff_app):
    client = staff_app.test_client()
    response = client.post("/auth/login", data={"email": "planner@example.org",
                                                 "password": PASSWORD})
    assert response.headers["Location"] == "/plan/"
    page = client.get("/plan/").get_data(as_text=True)
    assert 'name="csrf_token"' in page  # the log-out form carries its token


def test_a_form_without_its_csrf_token_is_refused(databases):
    app = databases.app("sqlite")  # CSRF protection on, as in production
    with app.app_context():
        users.create_user(db.session, "planner@example.org", "planner", PASSWORD)
        db.session.commit()
    client = app.test_client()
    response = client.post("/auth/login", data={"email": "planner@example.org",
                                                 "password": PASSWORD})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert client.get("/plan/").status_code == 302  # still not logged in

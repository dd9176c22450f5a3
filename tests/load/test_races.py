"""The races an audit found, run with real parallel clients against two app processes, on
both databases: each state change applies once, and the kept counts equal a recount."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from factories import DOWNTOWN, login_as
from helpers import at_once
from load_support import Gunicorn, generous_city_file, request
from vizlou.extensions import db
from vizlou.models import AuditEntry, Ballot, Support
from vizlou.services.counts import rebuild as counts
from vizlou.services.voting.questions import create_question

SECRET = "races-secret"
pytestmark = pytest.mark.load


@pytest.fixture(scope="module")
def servers(shared_db, tmp_path_factory):
    """Two app servers on one database of each kind, shared by this module's tests (starting
    them is most of a race's time): each test makes its own question and ideas and looks
    only at them, and each ends with the kept counts checked against a recount."""
    folder = tmp_path_factory.mktemp("races")
    env = {"DATABASE_URL": shared_db.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": SECRET,
           "VIZLOU_INSTANCE": str(folder), "VIZLOU_ENV": "production",
           "VIZLOU_CITY_FILE": str(generous_city_file(folder))}
    started = [Gunicorn(env), Gunicorn(env)]
    yield shared_db, [s.url for s in started]
    for server in started:
        server.stop()


@pytest.fixture
def site(servers):
    app, urls = servers
    with app.app_context():
        question = create_question(db.session, title="Which?", method="single",
                                   options=[{"title": t} for t in "ABCDEFGHIJ"])
        db.session.commit()
        options = [o.id for o in question.options]
    return app, urls, question.id, options


def post_idea(url, token, text="A bench") -> int:
    status, body, _ = request(url, "POST", "/api/v1/ideas", {
        "category": "health", "text": text, "lon": DOWNTOWN[0], "lat": DOWNTOWN[1]},
        {"X-Participant": token})
    assert status == 201, body
    return body["id"]


def no_drift(app) -> None:
    with app.app_context():
        assert [str(d) for d in counts.check(db.session)] == []


def test_one_support_taken_back_from_twenty_connections(site):
    app, urls, _, _ = site
    author, fan = uuid.uuid4().hex, uuid.uuid4().hex
    idea = post_idea(urls[0], author)
    assert request(urls[0], "PUT", f"/api/v1/ideas/{idea}/support", None,
                   {"X-Participant": fan})[0] == 200
    results = at_once([lambda i=i: request(urls[i % 2], "DELETE", f"/api/v1/ideas/{idea}/support",
                                           None, {"X-Participant": fan})[0] for i in range(20)])
    assert set(results) == {200}
    with app.app_context():
        assert db.session.scalar(select(func.count(Support.id))
                                 .where(Support.idea_id == idea)) == 0
    no_drift(app)


def test_ten_ballot_changes_at_once_leave_one_ballot(site):
    app, urls, question, options = site
    voter = uuid.uuid4().hex
    results = at_once([lambda i=i: request(
        urls[i % 2], "PUT", f"/api/v1/questions/{question}/ballot",
        {"choice": {"option": options[i]}, "client_id": f"ballot-change-{i:03d}"},
        {"X-Participant": voter})[0] for i in range(10)])
    assert set(results) <= {200, 201} and results.count(201) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count(Ballot.id))
                                 .where(Ballot.question_id == question)) == 1
    no_drift(app)


def test_ten_reports_at_once_hide_the_idea_once(site):
    app, urls, _, _ = site
    idea = post_idea(urls[0], uuid.uuid4().hex, "Buy cheap watches")
    results = at_once([lambda i=i: request(urls[i % 2], "POST", f"/api/v1/ideas/{idea}/reports",
                                           {"reason": "spam"},
                                           {"X-Participant": uuid.uuid4().hex})[0]
                       for i in range(10)])
    assert set(results) <= {200, 201, 404}
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "moderation.auto_hide",
            AuditEntry.target_id == str(idea))) == 1
    no_drift(app)


def test_hiding_an_idea_while_its_supporters_vote_and_support(site):
    app, urls, question, options = site
    idea = post_idea(urls[0], uuid.uuid4().hex)
    fans = [uuid.uuid4().hex for _ in range(8)]
    for fan in fans:
        request(urls[0], "PUT", f"/api/v1/ideas/{idea}/support", None, {"X-Participant": fan})
    with app.app_context():
        client = app.test_client()
        login_as(client, "planner")
        token = client.get("/plan/moderation").get_data(as_text=True)
    import re
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', token).group(1)

    def hide():
        with app.app_context():
            return client.post(f"/plan/moderation/idea/{idea}", data={
                "csrf_token": csrf, "action": "hide", "reason": "Off topic"}).status_code

    jobs = [hide]
    for i, fan in enumerate(fans):
        jobs.append(lambda i=i, fan=fan: request(
            urls[i % 2], "PUT", f"/api/v1/questions/{question}/ballot",
            {"choice": {"option": options[i]}}, {"X-Participant": fan})[0])
        jobs.append(lambda i=i, fan=fan: request(
            urls[i % 2], "DELETE", f"/api/v1/ideas/{idea}/support", None,
            {"X-Participant": fan})[0])
    results = at_once(jobs)
    assert results[0] in (200, 302, 303)
    assert not [r for r in results[1:] if r >= 500]
    no_drift(app)

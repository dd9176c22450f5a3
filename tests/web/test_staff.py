"""Staff: a session is its facilitator's (and its team's); logout and password changes end
every other login; a login takes as long for an unknown email; logins are limited per
account; a kiosk ends the staff login on its tablet, and only staff take it out of kiosk
mode."""

from __future__ import annotations

import statistics
import time

import pytest
from sqlalchemy import select

from factories import PASSWORD, csrf_token, login_as
from vizlou.extensions import db
from vizlou.models import AuditEntry, Event, StaffUser
from vizlou.services.events.manage import create_session
from vizlou.services.people import staff
from vizlou.services.voting.questions import create_question
from vizlou.web.common.kiosk_state import kiosk_key

STAFF = {"one": "facilitator", "two": "facilitator", "three": "facilitator",
         "planner": "planner", "admin": "admin"}  # name: role


def session_routes(item_id: int) -> list[tuple[str, str, dict]]:
    """Every route of one session: (method, path, form)."""
    base = f"/facilitate/sessions/{item_id}"
    gets = ["", "/edit", "/qr.svg", "/poster", "/paper", "/wall", "/wall.json", "/report",
            "/ideas.csv"]
    posts = [("/close", {}), ("/paper", {"text": "x"}), ("/team", {"email": "x@example.org"}),
             ("/codes", {"question": "1", "count": "2"}), ("/edit", {"name": "New name"}),
             ("/paper/import", {})]
    return [("GET", base + g, {}) for g in gets] + [("POST", base + p, f) for p, f in posts]


@pytest.fixture
def owned(app, db_session):
    """A session that facilitator one runs; two, three (facilitators), a planner, an admin."""
    question = create_question(db_session, title="Pick", method="single", identity="code",
                               options=[{"title": "A"}, {"title": "B"}])
    users = {name: staff.create_user(db_session, f"{name}@example.org", role, PASSWORD)
             for name, role in STAFF.items()}
    item = create_session(db_session, name="Library night", facilitator_id=users["one"].id,
                          question_ids=(question.id,))
    db_session.commit()
    return item.id, users


def client_of(app, name: str):
    client = app.test_client()
    login_as(client, STAFF[name], f"{name}@example.org")
    return client


def refused(client, method: str, path: str, form: dict) -> bool:
    data = {"csrf_token": csrf_token(client, "/facilitate/"), **form}
    response = client.get(path) if method == "GET" else client.post(path, data=data)
    return response.status_code == 403


def test_a_session_is_its_facilitators_and_its_teams(app, db_session, owned):
    item_id, _ = owned
    two = client_of(app, "two")
    for method, path, form in session_routes(item_id):
        assert refused(two, method, path, form), (method, path)
    assert f"/facilitate/sessions/{item_id}\"" not in two.get("/facilitate/").get_data(as_text=True)
    for name in ("one", "planner", "admin"):
        client = client_of(app, name)
        for method, path, form in session_routes(item_id):
            if path.endswith("/team") and name == "planner":
                continue  # only the facilitator or an admin changes the team
            assert not refused(client, method, path, form), (name, method, path)
    one = client_of(app, "one")
    one.post(f"/facilitate/sessions/{item_id}/team", data={
        "csrf_token": csrf_token(one, "/facilitate/"), "email": "two@example.org"})
    db_session.expire_all()
    assert [u.email for u in db_session.get(Event, item_id).co_facilitators] == \
        ["two@example.org"]
    assert f"/facilitate/sessions/{item_id}\"" in two.get("/facilitate/").get_data(as_text=True)
    assert two.get(f"/facilitate/sessions/{item_id}").status_code == 200
    # A co-facilitator runs the session but does not change its team.
    assert refused(two, "POST", f"/facilitate/sessions/{item_id}/team",
                   {"email": "three@example.org"})
    assert "sessions.add_facilitator" in db_session.scalars(select(AuditEntry.action)).all()


def test_codes_are_made_for_the_sessions_question(app, db_session, owned):
    item_id, _ = owned
    one = client_of(app, "one")
    question = db_session.get(Event, item_id).questions[0].id
    response = one.post(f"/facilitate/sessions/{item_id}/codes", data={
        "csrf_token": csrf_token(one, "/facilitate/"), "question": question, "count": "25"})
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert "filename*=UTF-8''codes-" in response.headers["Content-Disposition"]
    response = one.post(f"/facilitate/sessions/{item_id}/codes", data={
        "csrf_token": csrf_token(one, "/facilitate/"), "question": question, "count": "3",
        "format": "csv"})
    assert response.get_data(as_text=True).count("/questions/") == 3


def test_logout_and_a_password_change_end_every_other_login(app, db_session, owned):
    laptop, phone = client_of(app, "one"), client_of(app, "one")
    assert phone.get("/facilitate/").status_code == 200
    laptop.post("/auth/logout", data={"csrf_token": csrf_token(laptop, "/facilitate/")})
    assert phone.get("/facilitate/").status_code == 302  # a cookie from before: logged out
    laptop, phone = client_of(app, "one"), client_of(app, "one")
    response = laptop.post("/auth/password", data={
        "csrf_token": csrf_token(laptop, "/auth/password"), "current": PASSWORD,
        "new": "an even better password"})
    assert response.status_code == 302
    assert laptop.get("/facilitate/").status_code == 200  # this one goes on
    assert phone.get("/facilitate/").status_code == 302
    wrong = laptop.post("/auth/password", data={
        "csrf_token": csrf_token(laptop, "/auth/password"), "current": "nope nope nope",
        "new": "yet another password"})
    assert wrong.status_code == 400


def test_a_login_takes_as_long_for_an_unknown_email(app, db_session, owned):
    def timed(email: str) -> float:
        started = time.perf_counter()
        assert staff.authenticate(db.session, email, "wrong password here") is None
        return time.perf_counter() - started

    known = statistics.median(timed("one@example.org") for _ in range(7))
    unknown = statistics.median(timed("nobody@example.org") for _ in range(7))
    assert 1 / 3 < unknown / known < 3, (known, unknown)  # before: 17 ms against 189 ms


def test_logins_are_limited_per_account_from_any_address(databases, owned):
    app = databases.app("sqlite", RATELIMIT_ENABLED=True)
    with app.app_context():
        staff.create_user(db.session, "target@example.org", "planner", PASSWORD)
        db.session.commit()
        statuses = []
        for n in range(7):
            client = app.test_client()
            token = csrf_token(client)
            statuses.append(client.post("/auth/login", data={
                "csrf_token": token, "email": "target@example.org", "password": "guess"},
                environ_base={"REMOTE_ADDR": f"203.0.113.{n}"}).status_code)
        assert statuses[:5] == [400] * 5 and statuses[5:] == [429, 429]


def test_kiosk_mode_ends_the_staff_login_and_only_staff_leave_it(app, db_session, owned):
    item_id, _ = owned
    tablet = client_of(app, "one")
    assert tablet.get("/facilitate/").status_code == 200
    tablet.get(f"/kiosk/{kiosk_key(item_id)}")
    assert tablet.get("/facilitate/").status_code == 302  # the login ended
    assert tablet.get(f"/facilitate/sessions/{item_id}/paper").status_code == 302
    page = tablet.get("/kiosk/").get_data(as_text=True)
    assert "/kiosk/leave" in page  # a visible way out
    wrong = tablet.post("/kiosk/leave", data={"csrf_token": csrf_token(tablet, "/kiosk/leave"),
                                              "email": "one@example.org", "password": "guess"})
    assert wrong.status_code == 400
    assert tablet.get("/kiosk/").status_code == 200  # still a kiosk
    right = tablet.post("/kiosk/leave", data={"csrf_token": csrf_token(tablet, "/kiosk/leave"),
                                              "email": "one@example.org", "password": PASSWORD})
    assert right.status_code == 302
    assert tablet.get("/kiosk/").status_code == 302  # no longer a kiosk
    assert tablet.get("/facilitate/").status_code == 200
    assert db_session.scalar(select(StaffUser.session_version)
                             .where(StaffUser.email == "one@example.org")) == 0
    assert login_as  # the factory is the usual way in; here each role logs in by hand

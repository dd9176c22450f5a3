"""Facilitators: sessions with codes, QR code, kiosk link and poster; joining with the code;
kiosk writes counted for the session; staff-only pages."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from sqlalchemy import select

from factories import csrf_token, login_as, post_idea
from vizlou.models import AuditEntry, Event, Idea, Participant, Question
from vizlou.services.events.manage import CODE_ALPHABET
from vizlou.services.voting.questions import create_question


@pytest.fixture
def question(db_session):
    q = create_question(db_session, title="Pick one", method="single",
                        options=[{"title": "A"}, {"title": "B"}])
    db_session.commit()
    return q.id


def new_session(client, **fields):
    token = csrf_token(client, "/facilitate/sessions/new")
    data = {"csrf_token": token, "name": "Library night", "venue": "Main library",
            "starts_at": "2026-12-01T18:00", "ends_at": "2026-12-01T20:00", **fields}
    return client.post("/facilitate/sessions/new", data=data)


def test_create_a_session_with_codes_qr_kiosk_link_and_poster(client, db_session, question):
    login_as(client, "facilitator")
    response = new_session(client, questions=str(question), lat="38.25", lon="-85.76")
    assert response.status_code == 302
    item = db_session.scalar(select(Event))
    assert len(item.join_code) == 6 and set(item.join_code) <= set(CODE_ALPHABET)
    assert len(item.poster_code) == 4
    assert [q.id for q in item.questions] == [question]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert item.join_code in page and "/kiosk/" in page
    svg = client.get(f"/facilitate/sessions/{item.id}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data and b"<path" in svg.data
    poster = client.get(f"/facilitate/sessions/{item.id}/poster").get_data(as_text=True)
    assert item.join_code in poster and "qr.svg" in poster
    assert "No data?" not in poster  # the city has no SMS number: no SMS line
    city = client.application.config["CITY"]
    client.application.config["CITY"] = replace(city, sms_number="+1 502 555 0199")
    poster = client.get(f"/facilitate/sessions/{item.id}/poster").get_data(as_text=True)
    assert "No data?" in poster and "+1 502 555 0199" in poster and item.poster_code in poster
    assert "¿Sin datos?" in poster and "Comparte tus ideas" in poster  # each city language
    page = client.get(f"/facilitate/sessions/{item.id}").get_data(as_text=True)
    assert "+1 502 555 0199" in page and item.poster_code in page
    client.application.config["CITY"] = replace(city, languages=("en",))
    english_only = client.get(f"/facilitate/sessions/{item.id}/poster").get_data(as_text=True)
    assert "Share your ideas" in english_only and "Comparte" not in english_only
    client.application.config["CITY"] = city
    assert "sessions.create" in db_session.scalars(select(AuditEntry.action)).all()


def test_edit_and_close(client, db_session, question):
    login_as(client, "facilitator")
    new_session(client)
    item = db_session.scalar(select(Event))
    token = csrf_token(client, f"/facilitate/sessions/{item.id}/edit")
    response = client.post(f"/facilitate/sessions/{item.id}/edit", data={
        "csrf_token": token, "name": "Library night (moved)", "starts_at": "2026-12-02T18:00",
        "ends_at": "2026-12-01T18:00"})
    assert response.status_code == 400
    assert "A session must end after it starts." in response.get_data(as_text=True)
    client.post(f"/facilitate/sessions/{item.id}/edit", data={
        "csrf_token": token, "name": "Library night (moved)"})
    db_session.refresh(item)
    assert item.name == "Library night (moved)"
    client.post(f"/facilitate/sessions/{item.id}/close", data={"csrf_token": token})
    db_session.refresh(item)
    assert item.closed_at is not None


def test_bad_session_forms(client, db_session):
    login_as(client, "facilitator")
    assert new_session(client, name="").status_code == 400
    assert new_session(client, lat="95", lon="1").status_code == 400
    assert new_session(client, lat="38.2").status_code == 400  # longitude missing
    assert client.post("/facilitate/sessions/new", data={"name": "x"}).status_code == 400
    assert db_session.scalar(select(Event)) is None
    assert client.get("/facilitate/sessions/99999").status_code == 404


def test_residents_join_with_the_code_and_their_ideas_count_for_the_session(
        client, db_session):
    login_as(client, "facilitator")
    new_session(client)
    item = db_session.scalar(select(Event))
    resident = client.application.test_client()
    assert resident.get(f"/join?code={item.join_code.lower()}").status_code == 302
    post_idea(resident, "resident-token-0123456789", text="Joined idea")
    idea = db_session.scalar(select(Idea))
    assert (idea.channel, idea.event_id) == ("web", item.id)
    assert resident.get("/join?code=ZZZZZZ").status_code == 404


def test_kiosk_link_marks_writes_with_the_session(client, db_session):
    login_as(client, "facilitator")
    new_session(client)
    item = db_session.scalar(select(Event))
    page = client.get(f"/facilitate/sessions/{item.id}").get_data(as_text=True)
    kiosk_url = re.search(r'id="kiosk-link" href="[^"]*(/kiosk/[^"]+)"|href="[^"]*'
                          r'(/kiosk/[^"]+)" id="kiosk-link"', page)
    path = kiosk_url.group(1) or kiosk_url.group(2)
    key = path.rsplit("/", 1)[1]
    tablet = client.application.test_client()
    assert tablet.get(path).status_code == 302
    home = tablet.get("/kiosk/").get_data(as_text=True)
    assert "Done, next person" in home and item.name in home
    response = post_idea(tablet, "kiosk-person-0123456789", headers={"X-Kiosk": key},
                         text="From the kiosk")
    assert response.status_code == 201
    idea = db_session.scalar(select(Idea))
    participant = db_session.scalar(select(Participant))
    assert (idea.channel, idea.event_id) == ("kiosk", item.id)
    assert (participant.channel, participant.event_id) == ("kiosk", item.id)
    # A forged key counts as the web, not as the session.
    tablet2 = client.application.test_client()
    post_idea(tablet2, "forger-token-0123456789", headers={"X-Kiosk": key[:-2] + "xx"},
              text="Forged")
    forged = db_session.scalar(select(Idea).where(Idea.text == "Forged"))
    assert (forged.channel, forged.event_id) == ("web", None)
    # A closed session's kiosk no longer counts writes for it.
    token = csrf_token(client, f"/facilitate/sessions/{item.id}")
    client.post(f"/facilitate/sessions/{item.id}/close", data={"csrf_token": token})
    assert tablet.get(path).status_code == 404


def test_kiosk_pages_show_nobodys_state(client, db_session, question):
    login_as(client, "facilitator")
    new_session(client, questions=str(question))
    item = db_session.scalar(select(Event))
    from vizlou.web.common.kiosk_state import kiosk_key

    tablet = client.application.test_client()
    tablet.get(f"/kiosk/{kiosk_key(item.id)}")
    headers = {"X-Participant": "first-person-0123456789", "X-Kiosk": kiosk_key(item.id)}
    option = db_session.scalar(select(Question).where(Question.id == question)).options[0].id
    tablet.put(f"/api/v1/questions/{question}/ballot", headers=headers,
               json={"choice": {"option": option}})
    page = tablet.get(f"/questions/{question}").get_data(as_text=True)
    assert "checked" not in page and "Change my vote" not in page
    assert '"participant": null' in page


@pytest.mark.parametrize("role,allowed", [(None, False), ("facilitator", True),
                                          ("planner", True), ("admin", True)])
def test_facilitate_pages_are_for_staff(client, db_session, role, allowed):
    """(Which facilitator may open which session: ``test_staff.py``.)"""
    from vizlou.models import StaffUser
    from vizlou.services.events.manage import create_session

    if role:
        login_as(client, role)
    owner = db_session.scalar(select(StaffUser.id).where(StaffUser.role == "facilitator"))
    item = create_session(db_session, name="S", facilitator_id=owner)
    db_session.commit()
    for url in ("/facilitate/", "/facilitate/sessions/new", f"/facilitate/sessions/{item.id}",
                f"/facilitate/sessions/{item.id}/edit", f"/facilitate/sessions/{item.id}/poster",
                f"/facilitate/sessions/{item.id}/qr.svg"):
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert "/auth/login" in response.headers["Location"]

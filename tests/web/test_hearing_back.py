"""Hearing back (SPEC R10): "My ideas" shows what planners changed since the last visit, on
the resident's ideas and the ones they support; residents who leave a phone number or an
email are told when an idea of theirs changes, and their contact is deleted once every idea
of theirs is closed, or when they ask."""

from __future__ import annotations

from sqlalchemy import func, select

from factories import csrf_in, csrf_token, login_as, post_idea
from vizlou.models import Contact

ANA, BEN = "ana-token-0123456789", "ben-token-0123456789"
CHANGED = "Changed since your last visit"


def _answer(app, idea_id, **data):
    planner = app.test_client()
    login_as(planner, "planner")
    url = f"/plan/ideas/{idea_id}"
    return planner.post(url, data={"csrf_token": csrf_token(planner, url), **data})


def _sent(app, kind, to):
    return [m.body for m in app.extensions["vizlou.senders"][kind].sent if m.to == to]


def test_a_resident_hears_back_and_sees_what_changed(app, client, db_session):
    mine = post_idea(client, ANA, text="A mural on the library").json["id"]
    theirs = post_idea(app.test_client(), BEN, text="Fix the sidewalk").json["id"]
    client.put(f"/api/v1/ideas/{theirs}/support", headers={"X-Participant": ANA})
    page = client.get("/mine").get_data(as_text=True)
    assert "Fix the sidewalk" in page and CHANGED not in page and "Hear back" in page
    token = csrf_in(page)
    bad = client.post("/mine/contact", data={"csrf_token": token, "kind": "email",
                                             "address": "not an address"})
    assert bad.status_code == 400 and "name@example.org" in bad.get_data(as_text=True)
    assert client.post("/mine/contact", data={"csrf_token": token, "kind": "email",
                                              "address": "ana@example.org"}).status_code == 302
    page = client.get("/mine").get_data(as_text=True)
    assert "a•••@example.org" in page and "ana@example.org" not in page

    _answer(app, mine, status="in_plan", response_en="We will paint it in May.")
    _answer(app, theirs, status="under_review")
    news = _sent(app, "email", "ana@example.org")
    assert len(news) == 1 and "In the plan" in news[0] and "We will paint it in May." in news[0]
    page = client.get("/mine").get_data(as_text=True)
    assert page.count(CHANGED) == 2
    assert client.get("/mine").get_data(as_text=True).count(CHANGED) == 0  # seen now

    _answer(app, mine, status="done")
    assert len(_sent(app, "email", "ana@example.org")) == 2
    # Every idea of hers is closed and the news is sent: her address is gone.
    assert db_session.scalar(select(func.count()).select_from(Contact)) == 0


def test_a_contact_is_deleted_on_request_and_with_the_residents_data(app, client, db_session):
    post_idea(client, ANA, text="A mural")
    token = csrf_in(client.get("/mine").get_data(as_text=True))
    client.post("/mine/contact", data={"csrf_token": token, "kind": "phone",
                                       "address": "+1 502 555 0101"})
    assert db_session.scalar(select(func.count()).select_from(Contact)) == 1
    client.post("/mine/contact/delete", data={"csrf_token": token})
    assert db_session.scalar(select(func.count()).select_from(Contact)) == 0
    client.post("/mine/contact", data={"csrf_token": token, "kind": "phone",
                                       "address": "+1 502 555 0101"})
    client.post("/mine/delete", data={"csrf_token": token, "confirm": "yes"})
    assert db_session.scalar(select(func.count()).select_from(Contact)) == 0


def test_no_contact_without_an_idea(client, db_session):
    token = csrf_in(client.get("/mine").get_data(as_text=True))
    refused = client.post("/mine/contact", data={"csrf_token": token, "kind": "email",
                                                 "address": "ana@example.org"})
    assert refused.status_code == 400 and "Send an idea first" in refused.get_data(as_text=True)

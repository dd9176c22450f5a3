"""Planners moderate and answer residents through their pages; residents see the answer."""

from __future__ import annotations

from sqlalchemy import select

from factories import csrf_token, login_as, post_idea
from vizlou.models import AuditEntry, Idea
from vizlou.services import demo

ALICE = "alice-token-0123456789"


def test_held_idea_is_reviewed_then_shown(client, db_session):
    resident = client.application.test_client()
    held = post_idea(resident, ALICE, text="This street is shit, fix it").json
    assert held["properties"]["moderation"] == "flagged"
    assert resident.get(f"/api/v1/ideas/{held['id']}").status_code == 404
    login_as(client, "planner")
    page = client.get("/plan/moderation").get_data(as_text=True)
    assert "This street is shit, fix it" in page and "Held for review" in page
    token = csrf_token(client, "/plan/moderation")
    assert client.post(f"/plan/moderation/idea/{held['id']}",
                       data={"action": "restore", "reason": ""}).status_code == 400
    client.post(f"/plan/moderation/idea/{held['id']}",
                data={"csrf_token": token, "action": "restore", "reason": "Fair point"})
    assert resident.get(f"/api/v1/ideas/{held['id']}").status_code == 200
    client.post(f"/plan/moderation/idea/{held['id']}",
                data={"csrf_token": token, "action": "hide", "reason": "Changed my mind"})
    assert resident.get(f"/ideas/{held['id']}").status_code == 404
    actions = db_session.scalars(select(AuditEntry.action).where(
        AuditEntry.target_type == "idea", AuditEntry.target_id == str(held["id"]))
        .order_by(AuditEntry.id)).all()
    assert actions == ["moderation.restore", "moderation.hide"]


def test_answer_many_ideas_and_residents_see_it(app, client, db_session):
    demo.seed(db_session, app.config["CITY"], ideas=30, seed_value=8)
    db_session.commit()
    ids = db_session.scalars(select(Idea.id).where(Idea.moderation == "visible")
                             .order_by(Idea.id).limit(3)).all()
    login_as(client, "planner")
    listing = client.get("/plan/ideas?status=new").get_data(as_text=True)
    assert "Answer the chosen ideas" in listing
    token = csrf_token(client, "/plan/ideas")
    response = client.post("/plan/ideas", data={
        "csrf_token": token, "ids": [str(i) for i in ids], "status": "in_plan",
        "response": "We will build this in 2027.", "keep_response": ""})
    assert response.status_code == 302
    resident = app.test_client()
    for idea_id in ids:
        page = resident.get(f"/ideas/{idea_id}").get_data(as_text=True)
        assert "We will build this in 2027." in page and "In the plan" in page
    bad = client.post("/plan/ideas", data={"csrf_token": token, "ids": [str(ids[0])],
                                           "status": "someday"}, follow_redirects=True)
    assert "The status must be one of" in bad.get_data(as_text=True)

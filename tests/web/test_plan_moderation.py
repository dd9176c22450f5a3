"""Planners moderate and answer residents through their pages; residents see the answer."""

from __future__ import annotations

from sqlalchemy import func, select

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
    # Its author is told it was taken down, and why; anyone else gets a plain 404.
    hidden = resident.get(f"/ideas/{held['id']}")
    assert hidden.status_code == 404
    assert "A moderator took it down" in hidden.get_data(as_text=True)
    assert "Changed my mind" in hidden.get_data(as_text=True)
    stranger = client.application.test_client().get(f"/ideas/{held['id']}")
    assert stranger.status_code == 404 and "Changed my mind" not in stranger.get_data(
        as_text=True)
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
        "response_en": "We will build this in 2027.", "scope": "chosen"})
    assert response.status_code == 302
    resident = app.test_client()
    for idea_id in ids:
        page = resident.get(f"/ideas/{idea_id}").get_data(as_text=True)
        assert "We will build this in 2027." in page and "In the plan" in page
    bad = client.post("/plan/ideas", data={"csrf_token": token, "ids": [str(ids[0])],
                                           "status": "someday"}, follow_redirects=True)
    assert "The status must be one of" in bad.get_data(as_text=True)


def test_a_typed_answer_is_never_dropped_and_each_language_is_kept(app, client, db_session):
    """The bug a planner met: an answer typed with "keep the answers" ticked was dropped
    while the page said "Saved". Now an empty language keeps, a typed one is saved."""
    demo.seed(db_session, app.config["CITY"], ideas=12, seed_value=8)
    db_session.commit()
    first, second = db_session.scalars(select(Idea.id).where(Idea.moderation == "visible")
                                       .order_by(Idea.id).limit(2)).all()
    login_as(client, "planner")
    token = csrf_token(client, "/plan/ideas")
    client.post("/plan/ideas", data={"csrf_token": token, "ids": [str(first), str(second)],
                                     "scope": "chosen", "response_en": "Thanks, noted."})
    client.post("/plan/ideas", data={"csrf_token": token, "ids": [str(first)],
                                     "scope": "chosen", "status": "under_review",
                                     "response_es": "Gracias, lo vemos."})
    idea = db_session.get(Idea, first)
    assert (idea.status, idea.response, idea.response_translations) == (
        "under_review", "Thanks, noted.", {"es": "Gracias, lo vemos."})
    listing = client.get("/plan/ideas").get_data(as_text=True)
    assert "No answer in Español yet" in listing  # the second idea's missing translation
    # A resident reading in Spanish gets the Spanish answer; in English, the English one.
    resident = app.test_client()
    spanish = resident.get(f"/ideas/{first}?lang=es").get_data(as_text=True)
    assert "Gracias, lo vemos." in spanish and "Thanks, noted." not in spanish
    told = resident.get(f"/ideas/{second}?lang=es").get_data(as_text=True)
    assert "Thanks, noted." in told and "English" in told  # says which language it is in
    both = client.post("/plan/ideas", data={
        "csrf_token": token, "ids": [str(first)], "scope": "chosen",
        "response_en": "New", "remove_answers": "1"}, follow_redirects=True)
    assert "Either type an answer or remove" in both.get_data(as_text=True)
    assert db_session.get(Idea, first).response == "Thanks, noted."


def test_answer_every_idea_a_filter_shows_across_pages(app, client, db_session):
    demo.seed(db_session, app.config["CITY"], ideas=80, seed_value=3)
    db_session.commit()
    login_as(client, "planner")
    token = csrf_token(client, "/plan/ideas")
    listing = client.get("/plan/ideas?unanswered=1").get_data(as_text=True)
    waiting = db_session.scalar(select(func.count(Idea.id)).where(Idea.response.is_(None)))
    assert waiting > 50  # more than one page
    assert f"All {waiting} ideas this filter shows, on every page" in listing
    client.post("/plan/ideas?unanswered=1", data={
        "csrf_token": token, "scope": "filter", "status": "under_review",
        "response_en": "We read every idea.", "response_es": "Leemos cada idea."})
    assert db_session.scalar(select(func.count(Idea.id)).where(Idea.response.is_(None))) == 0
    assert db_session.scalar(select(func.count(Idea.id)).where(
        Idea.response == "We read every idea.")) == waiting


def test_edit_one_answer_and_see_its_history(app, client, db_session):
    demo.seed(db_session, app.config["CITY"], ideas=5, seed_value=8)
    db_session.commit()
    idea_id = db_session.scalar(select(Idea.id).order_by(Idea.id))
    login_as(client, "planner")
    token = csrf_token(client, f"/plan/ideas/{idea_id}")
    for text in ("First answer.", "Second answer."):
        assert client.post(f"/plan/ideas/{idea_id}", data={
            "csrf_token": token, "status": "in_plan", "response_en": text,
            "response_es": ""}).status_code == 302
    page = client.get(f"/plan/ideas/{idea_id}").get_data(as_text=True)
    assert page.index("Second answer.") < page.index("First answer.")  # newest first
    assert "No answer in Español yet" in page
    assert client.get("/plan/ideas/999999").status_code == 404


def test_dismiss_reports_on_screen_and_read_the_history(app, client, db_session):
    resident = app.test_client()
    idea = post_idea(resident, ALICE, text="A mural on the library wall").json
    for n in range(2):
        resident.post(f"/api/v1/ideas/{idea['id']}/reports", json={"reason": "spam"},
                      headers={"X-Participant": f"reporter-token-{n:012d}"})
    login_as(client, "planner")
    page = client.get("/plan/moderation").get_data(as_text=True)
    assert "Dismiss the reports, keep it public" in page
    token = csrf_token(client, "/plan/moderation")
    done = client.post(f"/plan/moderation/idea/{idea['id']}", data={
        "csrf_token": token, "action": "dismiss", "reason": "A real idea"},
        follow_redirects=True).get_data(as_text=True)
    assert "2 reports dismissed. It stays public." in done
    assert resident.get(f"/ideas/{idea['id']}").status_code == 200
    client.post(f"/plan/moderation/idea/{idea['id']}", data={
        "csrf_token": token, "action": "hide", "reason": "Posted twice"})
    page = client.get("/plan/moderation").get_data(as_text=True)
    assert "Reports dismissed, kept public" in page and "A real idea" in page
    assert "Hidden by a moderator" in page and "Posted twice" in page

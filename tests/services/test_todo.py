"""The planners' to-do on the dashboard: ideas without an answer, reports waiting, texts
held for review and questions closing within a week, each a link to where it is done."""

from __future__ import annotations

from datetime import timedelta

from factories import login_as, make_idea, make_participant
from vizlou.models.types import utcnow
from vizlou.services.audit import Actor
from vizlou.services.ideas import moderation, reactions, responses
from vizlou.services.summaries import todo
from vizlou.services.voting.questions import create_question

PLANNER = Actor("planner@example.org")


def test_what_needs_a_person(app, client, db_session):
    city = app.config["CITY"]
    assert todo.todo(db_session).empty
    ideas = [make_idea(db_session, city, text=f"Idea number {n} for the park") for n in range(4)]
    make_idea(db_session, city, text="Call me on 502-555-0199 about the park")  # held
    reactions.report(db_session, make_participant(db_session), reason="spam", idea=ideas[0])
    responses.respond(db_session, [ideas[1].id], status="under_review",
                      answers={"en": "Looking."}, languages=("en", "es"), actor=PLANNER)
    now = utcnow()
    create_question(db_session, title="Soon", method="single", closes_at=now + timedelta(days=3),
                    options=[{"title": "A"}, {"title": "B"}])
    create_question(db_session, title="Later", method="single",
                    closes_at=now + timedelta(days=30), options=[{"title": "A"}, {"title": "B"}])
    db_session.commit()
    found = todo.todo(db_session)
    assert (found.unanswered, found.reported, found.held) == (3, 1, 1)
    assert [q.title for q in found.closing] == ["Soon"]
    login_as(client, "planner")
    page = client.get("/plan/").get_data(as_text=True)
    assert "3 public ideas without an answer" in page
    assert "1 idea or comment with reports waiting" in page
    assert "1 idea or comment held for review" in page
    assert "“Soon” closes on" in page and "Later" not in page
    assert 'href="/plan/ideas?unanswered=1"' in page
    moderation.dismiss_reports(db_session, ideas[0], "Fine as it is", PLANNER)
    db_session.commit()
    assert todo.todo(db_session).reported == 0

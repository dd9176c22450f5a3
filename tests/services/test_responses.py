"""Planners answer residents: status and public response, one idea or many; audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from vizlou.errors import InvalidInput
from vizlou.models import AuditEntry, Idea
from vizlou.services import demo
from vizlou.services.audit import Actor
from vizlou.services.ideas import responses

PLANNER = Actor("planner@example.org", None)


@pytest.fixture
def idea_ids(app, db_session):
    demo.seed(db_session, app.config["CITY"], ideas=20, seed_value=4)
    db_session.commit()
    return db_session.scalars(select(Idea.id).order_by(Idea.id).limit(5)).all()


def test_answer_many_at_once(db_session, idea_ids):
    changed = responses.respond(db_session, idea_ids[:3], status="in_plan",
                                response="Part of the 2027 plan.", actor=PLANNER)
    assert changed == 3
    rows = db_session.execute(select(Idea.status, Idea.response, Idea.response_at)
                              .where(Idea.id.in_(idea_ids[:3]))).all()
    assert {(r[0], r[1]) for r in rows} == {("in_plan", "Part of the 2027 plan.")}
    assert all(r[2] is not None for r in rows)
    assert responses.respond(db_session, idea_ids[:3], status="in_plan",
                             response="Part of the 2027 plan.", actor=PLANNER) == 0
    entries = db_session.scalars(select(AuditEntry).where(
        AuditEntry.action == "ideas.respond")).all()
    assert sorted(int(e.target_id) for e in entries) == sorted(idea_ids[:3])


def test_status_only_keeps_the_response_and_empty_response_removes_it(db_session, idea_ids):
    responses.respond(db_session, [idea_ids[0]], status="under_review", response="Looking.",
                      actor=PLANNER)
    responses.respond(db_session, [idea_ids[0]], status="done", response=None, actor=PLANNER)
    idea = db_session.get(Idea, idea_ids[0])
    assert (idea.status, idea.response) == ("done", "Looking.")
    responses.respond(db_session, [idea_ids[0]], status=None, response="", actor=PLANNER)
    assert idea.response is None and idea.response_at is None


@pytest.mark.parametrize("kwargs,field", [
    ({"status": "maybe", "response": None}, "status"),
    ({"status": None, "response": "x" * 2001}, "response"),
])
def test_bad_answers(db_session, idea_ids, kwargs, field):
    with pytest.raises(InvalidInput) as error:
        responses.respond(db_session, idea_ids, actor=PLANNER, **kwargs)
    assert error.value.field == field


def test_unknown_or_no_ideas(db_session, idea_ids):
    before = db_session.get(Idea, idea_ids[0]).status
    with pytest.raises(InvalidInput):
        responses.respond(db_session, [], status="done", response=None, actor=PLANNER)
    with pytest.raises(InvalidInput):
        responses.respond(db_session, [idea_ids[0], 999999], status="done", response=None,
                          actor=PLANNER)
    assert db_session.get(Idea, idea_ids[0]).status == before  # nothing half-done

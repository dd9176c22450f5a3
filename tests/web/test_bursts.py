"""A burst of ballots from fresh participants: planners see it per hour and set it aside
(kept, counted nowhere, audited), and can count it again; the kept counts follow."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select, update

from factories import csrf_in, login_as
from vizlou.models import AuditEntry, Ballot, Participant
from vizlou.models.types import utcnow
from vizlou.services.counts import rebuild as counts
from vizlou.services.voting.questions import create_question
from vizlou.services.voting.results import question_results


def test_a_burst_is_seen_set_aside_and_counted_again(app, db_session):
    question = create_question(db_session, title="Which?", method="single",
                               options=[{"title": "A"}, {"title": "B"}])
    db_session.commit()
    a, b = (o.id for o in question.options)
    client = app.test_client()
    for _ in range(3):  # residents, yesterday
        client.put(f"/api/v1/questions/{question.id}/ballot", json={"choice": {"option": a}},
                   headers={"X-Participant": uuid.uuid4().hex})
    yesterday = utcnow() - timedelta(days=1)
    db_session.execute(update(Ballot).values(created_at=yesterday))
    db_session.execute(update(Participant).values(created_at=yesterday))
    counts.rebuild(db_session)  # stored times changed by hand: the kept hours follow
    db_session.commit()
    for _ in range(12):  # a script, now: a fresh participant for every ballot
        client.put(f"/api/v1/questions/{question.id}/ballot", json={"choice": {"option": b}},
                   headers={"X-Participant": uuid.uuid4().hex})
    assert question_results(db_session, question)["result"]["counts"] == {a: 3, b: 12}

    planner = app.test_client()
    login_as(planner, "planner")
    page = planner.get(f"/plan/questions/{question.id}/bursts").get_data(as_text=True)
    now_hour = utcnow().strftime("%Y-%m-%d %H:00")
    assert now_hour in page and "12 (100%)" in page
    token = csrf_in(page)
    refused = planner.post(f"/plan/questions/{question.id}/bursts", data={
        "csrf_token": token, "hour": now_hour, "action": "aside", "reason": ""},
        follow_redirects=True)
    assert "Say why, for the record." in refused.get_data(as_text=True)
    planner.post(f"/plan/questions/{question.id}/bursts", data={
        "csrf_token": token, "hour": now_hour, "action": "aside",
        "reason": "One address, twelve new voters in a minute"})
    db_session.expire_all()
    assert question_results(db_session, question)["result"]["counts"] == {a: 3, b: 0}
    entry = db_session.scalars(select(AuditEntry).where(
        AuditEntry.action == "ballots.set_aside")).one()
    assert entry.actor == "planner@example.org" and entry.detail["ballots"] == 12
    assert counts.check(db_session) == []
    assert db_session.scalar(select(Ballot).where(Ballot.set_aside_at.is_(None)
                                                  ).limit(1)) is not None
    planner.post(f"/plan/questions/{question.id}/bursts", data={
        "csrf_token": token, "hour": now_hour, "action": "count"})
    db_session.expire_all()
    assert question_results(db_session, question)["result"]["counts"] == {a: 3, b: 12}
    assert counts.check(db_session) == []

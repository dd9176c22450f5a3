"""Ballots changed by two requests at once on PostgreSQL (on SQLite a writing request holds
the database's write lock from its first statement, so these cannot interleave there):
nothing decided on a stale copy of a ballot, and no deadlock between two voters."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factories import make_participant
from helpers import at_once
from vizlou.extensions import db
from vizlou.models import Ballot, Participant, Question
from vizlou.services.counts import rebuild as counts
from vizlou.services.voting.ballots import cast_ballot
from vizlou.services.voting.questions import create_question

pytestmark = pytest.mark.postgis


@pytest.fixture
def question(databases):
    app = databases.app("postgis")
    with app.app_context():
        item = create_question(db.session, title="Which first?", method="single",
                               options=[{"title": t} for t in "XYZ"])
        db.session.commit()
        yield app, item


def test_a_ballot_loaded_before_another_request_changed_it_is_read_again(question):
    """A page loads the voter's ballot (X); a second request of theirs changes it to Y and
    commits; the first then replaces it with Z. The totals must lose Y, not X."""
    _, item = question
    x, y, z = (o.id for o in item.options)
    voter = make_participant(db.session)
    cast_ballot(db.session, item, voter, {"option": x})
    db.session.commit()
    loaded = db.session.scalar(select(Ballot))  # the page's copy, still X
    assert loaded.choice == {"option": x}
    with Session(db.engine) as other:
        cast_ballot(other, other.get(Question, item.id), other.get(Participant, voter.id),
                    {"option": y})
        other.commit()
    cast_ballot(db.session, item, voter, {"option": z})
    db.session.commit()
    assert db.session.scalar(select(Ballot.choice)) == {"option": z}
    assert [str(d) for d in counts.check(db.session)] == []


def test_two_voters_switching_opposite_ways_at_once_never_deadlock(question):
    """Ana goes from X to Y while Ben goes from Y to X, in the same area (neither has one):
    the kept totals of X and Y are written by both, always in the same order."""
    app, item = question
    x, y, _ = (o.id for o in item.options)
    url = f"/api/v1/questions/{item.id}/ballot"

    def vote(token, option):
        return app.test_client().put(url, json={"choice": {"option": option}},
                                     headers={"X-Participant": token}).status_code

    for _ in range(30):
        ana, ben = uuid.uuid4().hex, uuid.uuid4().hex
        assert vote(ana, x) == 201 and vote(ben, y) == 201
        assert at_once([lambda ana=ana: vote(ana, y), lambda ben=ben: vote(ben, x)]) == [200, 200]
    assert [str(d) for d in counts.check(db.session)] == []

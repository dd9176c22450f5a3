"""A question's results without a filter are read off the kept totals: the same, for every
voting method, as the ballots counted one by one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from vizlou.extensions import db
from vizlou.models import Ballot, Question
from vizlou.services.voting.results import question_results


@pytest.fixture
def seeded(databases, backend):
    app = databases.app(backend, seed=(150, 8))
    with app.app_context():
        yield


def test_kept_totals_give_the_result_of_every_ballot_counted(seeded):
    questions = db.session.scalars(select(Question).order_by(Question.id)).all()
    assert len({q.method for q in questions}) >= 5  # every method of the demo
    for question in questions:
        kept = question_results(db.session, question)
        counted = question_results(db.session, question,  # a filter that keeps every ballot
                                   ballot_filter=Ballot.id.is_not(None))
        assert kept == counted, question.method
        assert kept["ballots"] > 0

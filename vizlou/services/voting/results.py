"""Question results: the ballots of a question counted with its method."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vizlou.models import Ballot, Question
from vizlou.services.voting import methods
from vizlou.services.voting import tally as tallies


def question_results(session: Session, question: Question, *, ballot_filter=None) -> dict:
    """``{"question", "method", "ballots", "result"}`` with the tally as plain values.

    ``ballot_filter`` is an optional SQL condition on ``Ballot`` (by area, channel, ...).
    Ballots set aside by a planner never count.
    """
    query = select(Ballot.choice).where(Ballot.question_id == question.id,
                                        Ballot.set_aside_at.is_(None))
    if ballot_filter is not None:
        query = query.where(ballot_filter)
    choices = list(session.scalars(query))
    option_ids = [o.id for o in question.options]
    settings = methods.of(question).settings(question)
    result = tallies.tally(question.method, option_ids, choices, **settings)
    return {"question": question.id, "method": question.method, "ballots": len(choices),
            "result": _plain(result)}


def _plain(result):
    if isinstance(result, dict):
        return {k: _plain(v) for k, v in result.items()}
    if hasattr(result, "to_dict"):
        return result.to_dict()
    return result

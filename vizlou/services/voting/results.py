"""Question results: the ballots of a question counted with its method.

Without a filter the result is read off the kept totals (``ballot_tallies``, summed over the
areas of one layer: every counted ballot is in one area of each layer), so a page of
results costs a few rows however many ballots there are; with a filter, or before any
layer places the voters, the ballots are counted one by one."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vizlou.models import Ballot, BallotTally, Question
from vizlou.services.voting import methods
from vizlou.services.voting import tally as tallies


def question_results(session: Session, question: Question, *, ballot_filter=None) -> dict:
    """``{"question", "method", "ballots", "result"}`` with the tally as plain values.

    ``ballot_filter`` is an optional SQL condition on ``Ballot`` (by area, channel, ...).
    Ballots set aside by a planner never count.
    """
    option_ids = [o.id for o in question.options]
    settings = methods.of(question).settings(question)
    summed = _kept(session, question) if ballot_filter is None else None
    if summed is not None:
        result = tallies.finish(question.method, option_ids, summed, **settings)
        return {"question": question.id, "method": question.method,
                "ballots": round(summed.get("cast", 0)), "result": _plain(result)}
    query = select(Ballot.choice).where(Ballot.question_id == question.id,
                                        Ballot.set_aside_at.is_(None))
    if ballot_filter is not None:
        query = query.where(ballot_filter)
    choices = list(session.scalars(query))
    result = tallies.tally(question.method, option_ids, choices, **settings)
    return {"question": question.id, "method": question.method, "ballots": len(choices),
            "result": _plain(result)}


def _kept(session: Session, question: Question) -> dict[str, float] | None:
    """The question's totals summed over one layer's areas; None when no layer keeps them
    (no ballot yet, or no layer to place voters in)."""
    layer = session.scalar(select(func.min(BallotTally.layer_id))
                           .where(BallotTally.question_id == question.id))
    if layer is None:
        return None
    return dict(session.execute(
        select(BallotTally.key, func.sum(BallotTally.n))
        .where(BallotTally.question_id == question.id, BallotTally.layer_id == layer)
        .group_by(BallotTally.key)).all())


def _plain(result):
    if isinstance(result, dict):
        return {k: _plain(v) for k, v in result.items()}
    if hasattr(result, "to_dict"):
        return result.to_dict()
    return result

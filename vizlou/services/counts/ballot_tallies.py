"""Ballot totals per question, layer and area of the voters (``ballot_tallies``).

Each voting method says what one ballot adds to the totals (``Method.parts``; "cast" counts
ballots); a question's result in an area is read off the totals of its voters there, and the
city's off the sum of the areas'. A voter with no area in a layer counts in ``UNKNOWN``.
Ballots set aside by a planner count nowhere. A question's settings (its options, a budget's
total) shape the totals, so a change to them recounts the question (``recount_question``).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from vizlou.models import Ballot, BallotTally, ContributorArea, Question
from vizlou.models.rollups import UNKNOWN
from vizlou.services.dialect import upsert
from vizlou.services.voting import methods
from vizlou.services.voting.methods.base import Totals

Row = tuple  # (question id, layer id, area id or None, choice, how many identical ballots)


def counted():
    """The condition of the ballots that count (not set aside)."""
    return Ballot.set_aside_at.is_(None)


def _spec(question: Question) -> tuple[str, list[int], dict]:
    return (question.method, [o.id for o in question.options],
            methods.of(question).settings(question))


def add(session: Session, rows: Sequence[Row], sign: int = 1,
        questions: dict[int, Question] | None = None) -> None:
    """Add ``sign`` times the totals of ``rows`` (a row's count may be negative, to take
    it away): one statement for all of them, their sum per key."""
    if not rows:
        return
    specs: dict[int, tuple] = {}
    known: dict[tuple[int, str], Totals] = {}  # the same choice is often in many areas
    added: dict[tuple, float] = {}
    for question_id, layer_id, area_id, choice, n in rows:
        if question_id not in specs:
            question = (questions or {}).get(question_id) or session.get(Question, question_id)
            specs[question_id] = _spec(question)
        method, option_ids, settings = specs[question_id]
        seen = (question_id, repr(choice))
        parts = known.get(seen)
        if parts is None:
            parts = known[seen] = {"cast": 1, **methods.get(method).parts(option_ids, choice,
                                                                         **settings)}
        place = (question_id, layer_id, UNKNOWN if area_id is None else area_id)
        for key, value in parts.items():
            added[(*place, key)] = added.get((*place, key), 0) + sign * n * value
    # In the order of their keys, as every writer does: two voters switching opposite ways
    # in one area would otherwise lock each other's rows in opposite orders (a deadlock).
    values = [{"question_id": q, "layer_id": layer, "area_id": area, "key": key, "n": n}
              for (q, layer, area, key), n in sorted(added.items()) if n]
    if not values:  # a ballot replaced by the same choice, say
        return
    statement = upsert(session, BallotTally)
    statement = statement.on_conflict_do_update(
        index_elements=["question_id", "layer_id", "area_id", "key"],
        set_={"n": BallotTally.n + statement.excluded.n})
    session.execute(statement, values)


def add_choice(session: Session, question: Question, places: dict[int, int | None],
               choice: object, sign: int = 1) -> None:
    """One ballot of ``question`` added (or taken away) at a voter's ``places``."""
    add(session, [(question.id, layer, area, choice, 1) for layer, area in places.items()],
        sign, {question.id: question})


def replace(session: Session, question: Question, places: dict[int, int | None], old: object,
            new: object) -> None:
    """A voter's ballot changed from ``old`` to ``new``: one statement."""
    rows = [(question.id, layer, area, old, -1) for layer, area in places.items()]
    rows += [(question.id, layer, area, new, 1) for layer, area in places.items()]
    add(session, rows, 1, {question.id: question})


def stored(session: Session, *, people: Sequence[int] | None = None,
           layer_id: int | None = None, question_id: int | None = None) -> list[Row]:
    """The counted ballots as rows, identical ones counted, by their voters' kept places."""
    query = (select(Ballot.question_id, ContributorArea.layer_id, ContributorArea.area_id,
                    Ballot.choice, func.count())
             .join(ContributorArea, ContributorArea.participant_id == Ballot.participant_id)
             .where(counted()))
    if people is not None:
        query = query.where(Ballot.participant_id.in_(people))
    if layer_id is not None:
        query = query.where(ContributorArea.layer_id == layer_id)
    if question_id is not None:
        query = query.where(Ballot.question_id == question_id)
    query = query.group_by(Ballot.question_id, ContributorArea.layer_id,
                           ContributorArea.area_id, Ballot.choice)
    return sorted((tuple(r) for r in session.execute(query)), key=repr)


def recount_question(session: Session, question: Question) -> None:
    """Count one question again (after its options or settings changed)."""
    session.execute(delete(BallotTally).where(BallotTally.question_id == question.id))
    add(session, stored(session, question_id=question.id), 1, {question.id: question})


def kept(session: Session, layer_id: int) -> dict[int, dict[int, Totals]]:
    """``{question: {area (UNKNOWN for none): totals}}`` for one layer."""
    out: dict[int, dict[int, Totals]] = {}
    for question_id, area_id, key, n in session.execute(
            select(BallotTally.question_id, BallotTally.area_id, BallotTally.key, BallotTally.n)
            .where(BallotTally.layer_id == layer_id)):
        out.setdefault(question_id, {}).setdefault(area_id, {})[key] = n
    return out

"""Summary counts kept up to date on every write, so that a planner's summary of a million
ideas reads a few thousand rows instead (SPEC §4: area summaries in at most 1 s).

- ``area_tallies``: per layer, area (``OUTSIDE`` for none) and topic, the ideas that are
  not hidden and the supports on them.
- ``contributor_areas``: everyone who took part (an idea that is not hidden, a support on
  one, or a ballot), placed in an area of every layer by the rule of ``attribution``.
- ``ballot_tallies``: per question, layer and voters' area, the totals of the ballots
  (``tallies.parts``), from which each question's result per area is read off.

Each write calls the matching function below in its own transaction: ``idea_added``,
``support_changed``, ``visibility_changed``, ``ballot_replaced``, ``people_changed``
(which also moves a person's ballots when their area changes). Bulk loads and boundary
imports call ``rebuild``. Additions are ``INSERT ... ON CONFLICT DO UPDATE`` increments,
safe when requests run in parallel. Summaries without filters read these tables;
filtered ones count the stored rows at query time by the same rules, and the tests
check after every kind of write that both give the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from sqlalchemy import ColumnElement, Select, and_, delete, func, literal_column, select, true
from sqlalchemy.orm import Session, aliased

from vizlou.models import (
    AreaLayer,
    AreaTally,
    Ballot,
    BallotTally,
    ContributorArea,
    Idea,
    IdeaArea,
    ParticipantArea,
    Question,
    Support,
)
from vizlou.models.rollups import OUTSIDE, UNKNOWN
from vizlou.services.counts.attribution import Attribution, contributors
from vizlou.services.dialect import bulk_insert_ints, upsert
from vizlou.services.filters import Filters
from vizlou.services.voting import methods
from vizlou.services.voting import tally as tallies

HIDDEN = "hidden"


def _number(n: int) -> ColumnElement:
    return literal_column(str(int(n)))


def _add_ideas(session: Session, where: ColumnElement, idea_delta: int,
               support_delta: int | None, layer_id: int | None = None) -> None:
    """Add to ``area_tallies``, in every layer (or ``layer_id``), ``idea_delta`` for each
    idea matching ``where`` and ``support_delta`` for it (None: its own supports, times
    ``idea_delta``)."""
    placed = aliased(IdeaArea, name="placed")
    area = func.coalesce(placed.area_id, _number(OUTSIDE))
    query = (select(AreaLayer.id, area, Idea.category).select_from(Idea)
             .join(AreaLayer, true() if layer_id is None else AreaLayer.id == layer_id)
             .outerjoin(placed, and_(placed.idea_id == Idea.id, placed.layer_id == AreaLayer.id)))
    if support_delta is None:
        supports = (select(Support.idea_id, func.count().label("n")).join(Idea, Idea.id ==
                                                                             Support.idea_id)
                    .where(where).group_by(Support.idea_id).subquery("supported"))
        query = (query.outerjoin(supports, supports.c.idea_id == Idea.id)
                 .add_columns(func.count() * _number(idea_delta),
                              func.coalesce(func.sum(supports.c.n), 0) * _number(idea_delta)))
    else:
        query = query.add_columns(func.count() * _number(idea_delta),
                                  func.count() * _number(support_delta))
    query = query.where(where).group_by(AreaLayer.id, area, Idea.category)
    statement = upsert(session, AreaTally).from_select(
        ["layer_id", "area_id", "category", "ideas", "supports"], query)
    statement = statement.on_conflict_do_update(
        index_elements=["layer_id", "area_id", "category"],
        set_={"ideas": AreaTally.ideas + statement.excluded.ideas,
              "supports": AreaTally.supports + statement.excluded.supports})
    session.execute(statement)


def _place(session: Session, people: Sequence[int] | None = None,
           layer_id: int | None = None) -> None:
    """Write the ``contributor_areas`` rows of ``people`` (everyone when None), in every
    layer (or ``layer_id``), and drop those of people who no longer took part."""
    took_part = contributors(None, Filters(), people)  # no filter needs the city
    if people is None and layer_id is not None:
        # Every layer holds the same people: when another layer has them, take them from
        # there rather than from a million ideas, supports and ballots again.
        other = session.scalar(select(ContributorArea.layer_id)
                               .where(ContributorArea.layer_id != layer_id).limit(1))
        if other is not None:
            took_part = (select(ContributorArea.participant_id.label("pid"))
                         .where(ContributorArea.layer_id == other).subquery("took_part"))
    layer = AreaLayer.id if layer_id is None else layer_id
    attribution = Attribution(layer, people=people)
    query: Select = (select(took_part.c.pid, AreaLayer.id, attribution.area)
                     .select_from(took_part)
                     .join(AreaLayer, true() if layer_id is None else AreaLayer.id == layer_id))
    query = attribution.join(query, took_part.c.pid)
    columns = ["participant_id", "layer_id", "area_id"]
    if people is None:
        session.execute(ContributorArea.__table__.insert().from_select(columns, query))
        return
    # SQLite reads "ON CONFLICT" after a join as part of the join unless a WHERE comes first.
    statement = upsert(session, ContributorArea).from_select(columns, query.where(true()))
    session.execute(statement.on_conflict_do_update(
        index_elements=["participant_id", "layer_id"],
        set_={"area_id": statement.excluded.area_id}))
    session.execute(delete(ContributorArea).where(
        ContributorArea.participant_id.in_(people),
        ContributorArea.participant_id.not_in(select(took_part.c.pid))))


def _lookup(keys: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """``values`` of ``wanted`` in sorted ``keys``; -1 where absent."""
    out = np.full(len(wanted), -1, dtype=np.int64)
    if len(keys) == 0:
        return out
    at = np.searchsorted(keys, wanted).clip(max=len(keys) - 1)
    found = keys[at] == wanted
    out[found] = values[at[found]]
    return out


def _place_from(session: Session, layer_id: int, first_people: np.ndarray,
                first_area: np.ndarray) -> None:
    """Everyone who took part, placed in ``layer_id`` by home area, else first idea."""
    other = session.scalar(select(ContributorArea.layer_id)
                           .where(ContributorArea.layer_id != layer_id).limit(1))
    if other is not None:  # every layer holds the same people
        query = select(ContributorArea.participant_id).where(ContributorArea.layer_id == other)
    else:
        query = select(contributors(None, Filters()).c.pid)
    people = np.sort(np.fromiter(session.scalars(query), dtype=np.int64))
    homes = session.execute(select(ParticipantArea.participant_id, ParticipantArea.area_id)
                            .where(ParticipantArea.layer_id == layer_id)
                            .order_by(ParticipantArea.participant_id)).all()
    home_people = np.array([h[0] for h in homes], dtype=np.int64)
    home_area = np.array([h[1] for h in homes], dtype=np.int64)
    area = _lookup(home_people, home_area, people)
    unplaced = area < 0
    area[unplaced] = _lookup(first_people, first_area, people[unplaced])
    known = area >= 0
    bulk_insert_ints(session, "contributor_areas", ("participant_id", "layer_id", "area_id"),
                     (people[known], np.full(known.sum(), layer_id), area[known]))
    bulk_insert_ints(session, "contributor_areas", ("participant_id", "layer_id"),
                     (people[~known], np.full((~known).sum(), layer_id)))


def idea_added(session: Session, idea: Idea) -> None:
    if idea.moderation != HIDDEN:
        _add_ideas(session, Idea.id == idea.id, 1, 0)
    people_changed(session, [idea.participant_id])


def support_changed(session: Session, idea: Idea, participant_id: int,
                    delta: int) -> None:
    """After a support was added (``delta`` 1) or taken back (-1)."""
    if idea.moderation != HIDDEN:
        _add_ideas(session, Idea.id == idea.id, 0, delta)
    people_changed(session, [participant_id])


def visibility_changed(session: Session, idea: Idea, counted: bool) -> None:
    """After an idea was hidden (``counted`` False) or shown again (True): the idea and its
    supports leave or join the counts, and its author and supporters may move."""
    _add_ideas(session, Idea.id == idea.id, 1 if counted else -1, None)
    supporters = session.scalars(select(Support.participant_id)
                                 .where(Support.idea_id == idea.id)).all()
    people_changed(session, [idea.participant_id, *supporters])


def people_changed(session: Session, participant_ids: Iterable[int | None],
                   new_ballot: int | None = None) -> None:
    """After people took part, stopped, or changed their home area; ``new_ballot`` is the id
    of a ballot just stored (not counted yet). Their ballots follow them to their new areas."""
    people = sorted({p for p in participant_ids if p is not None})
    if not people:
        return
    before = _ballots(session, people=people, leave_out=new_ballot)
    _place(session, people)
    if before or new_ballot is not None:
        after = _ballots(session, people=people)
        if after != before:
            _count_ballots(session, before, -1)
            _count_ballots(session, after, 1)


def ballot_replaced(session: Session, question: Question, participant_id: int, old: object,
                    new: object) -> None:
    """After a participant's ballot changed from ``old`` to ``new`` (same places)."""
    places = session.execute(select(ContributorArea.layer_id, ContributorArea.area_id)
                             .where(ContributorArea.participant_id == participant_id)).all()
    rows = [(question.id, layer, area, choice, n) for layer, area in places
            for choice, n in ((old, -1), (new, 1))]
    _count_ballots(session, rows, 1)


def _ballots(session: Session, *, people: Sequence[int] | None = None,
             layer_id: int | None = None, leave_out: int | None = None) -> list[tuple]:
    """``(question, layer, area, choice, n)``: identical ballots counted, by their voters'
    places (the stored ones)."""
    query = (select(Ballot.question_id, ContributorArea.layer_id, ContributorArea.area_id,
                    Ballot.choice, func.count())
             .join(ContributorArea, ContributorArea.participant_id == Ballot.participant_id))
    if people is not None:
        query = query.where(Ballot.participant_id.in_(people))
    if layer_id is not None:
        query = query.where(ContributorArea.layer_id == layer_id)
    if leave_out is not None:
        query = query.where(Ballot.id != leave_out)
    query = query.group_by(Ballot.question_id, ContributorArea.layer_id,
                           ContributorArea.area_id, Ballot.choice)
    return sorted((tuple(r) for r in session.execute(query)), key=repr)


def _count_ballots(session: Session, rows: Sequence[tuple], sign: int) -> None:
    """Add ``sign`` times the totals of ``rows`` (as ``_ballots`` gives them)."""
    if not rows:
        return
    specs = {}
    known: dict[tuple[int, str], tallies.Totals] = {}  # the same choice is often in many areas
    added: dict[tuple, float] = {}
    for question_id, layer_id, area_id, choice, n in rows:
        if question_id not in specs:
            specs[question_id] = _spec(session, question_id)
        method, option_ids, kw = specs[question_id]
        seen = (question_id, repr(choice))
        parts = known.get(seen)
        if parts is None:
            parts = known[seen] = {"cast": 1, **tallies.parts(method, option_ids, choice, **kw)}
        place = (question_id, layer_id, UNKNOWN if area_id is None else area_id)
        for key, value in parts.items():
            added[(*place, key)] = added.get((*place, key), 0) + sign * n * value
    statement = upsert(session, BallotTally)
    statement = statement.on_conflict_do_update(
        index_elements=["question_id", "layer_id", "area_id", "key"],
        set_={"n": BallotTally.n + statement.excluded.n})
    session.execute(statement, [
        {"question_id": q, "layer_id": layer, "area_id": area, "key": key, "n": n}
        for (q, layer, area, key), n in added.items()])


def _spec(session: Session, question_id: int) -> tuple[str, list[int], dict]:
    question = session.get(Question, question_id)
    return (question.method, [o.id for o in question.options],
            methods.of(question).settings(question))


def kept_ballots(session: Session, layer_id: int) -> dict[int, dict[int, tallies.Totals]]:
    """``{question: {area (UNKNOWN for none): totals}}`` for one layer."""
    out: dict[int, dict[int, tallies.Totals]] = {}
    for question_id, area_id, key, n in session.execute(
            select(BallotTally.question_id, BallotTally.area_id, BallotTally.key, BallotTally.n)
            .where(BallotTally.layer_id == layer_id)):
        out.setdefault(question_id, {}).setdefault(area_id, {})[key] = n
    return out


def rebuild(session: Session, layer_id: int | None = None,
            first_areas: tuple[np.ndarray, np.ndarray] | None = None) -> None:
    """Count everything again, for every layer or one (after bulk loads and imports).

    ``first_areas`` (with ``layer_id``): participant ids, sorted, and the area of each one's
    first idea that is not hidden and lies in the layer, as a boundary import has just
    worked out; people are then placed without asking the database again."""
    for model in (AreaTally, BallotTally, ContributorArea):
        statement = delete(model)
        if layer_id is not None:
            statement = statement.where(model.layer_id == layer_id)
        session.execute(statement)
    _add_ideas(session, Idea.moderation != HIDDEN, 1, None, layer_id)
    if layer_id is not None and first_areas is not None:
        _place_from(session, layer_id, *first_areas)
    else:
        _place(session, None, layer_id)
    _count_ballots(session, _ballots(session, layer_id=layer_id), 1)


def forget_layer(session: Session, layer_id: int) -> None:
    for model in (AreaTally, BallotTally, ContributorArea):
        session.execute(delete(model).where(model.layer_id == layer_id))

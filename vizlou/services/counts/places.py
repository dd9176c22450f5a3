"""Who took part, and the area of each layer each of them counts in (``contributor_areas``).

A participant took part when they made an idea that is not hidden, a support on such an
idea, or a ballot that counts. They count, in each layer, in their home area when they gave
one, else in the area of their first idea (lowest id) that is not hidden and lies in an area
of that layer, else nowhere (NULL: "area unknown"; see ``attribution``). Their ballots count
where they count, so when their area changes their ballots move with them.

The functions here assume the caller holds the participant's lock (``services.locks``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import contextmanager

import numpy as np
from sqlalchemy import Select, bindparam, delete, exists, false, select, true, union_all, update
from sqlalchemy.orm import Session

from vizlou.models import (
    AreaLayer,
    Ballot,
    ContributorArea,
    Idea,
    Moderation,
    ParticipantArea,
    Support,
)
from vizlou.services.counts import ballot_tallies
from vizlou.services.counts.attribution import Attribution, contributors
from vizlou.services.dialect import bulk_insert_ints, upsert
from vizlou.services.filters import Filters


def of(session: Session, participant_id: int) -> dict[int, int | None]:
    """``{layer id: area id or None}`` where the participant counts; empty when they have not
    taken part."""
    return dict(session.execute(select(ContributorArea.layer_id, ContributorArea.area_id)
                                .where(ContributorArea.participant_id == participant_id)).all())


# Where a participant counts (kept), and their home areas, in one statement.
_PLACES_AND_HOMES = union_all(
    select(true().label("kept"), ContributorArea.layer_id, ContributorArea.area_id)
    .where(ContributorArea.participant_id == bindparam("p")),
    select(false(), ParticipantArea.layer_id, ParticipantArea.area_id)
    .where(ParticipantArea.participant_id == bindparam("p")))


def joined(session: Session, participant_id: int,
           idea_located: dict[int, int | None] | None = None,
           layers: Iterable[int] | None = None) -> dict[int, int | None]:
    """After the participant made something that counts: their places, written now if this
    is their first contribution, or filled in from ``idea_located`` (the areas of a new idea
    of theirs) in the layers where they counted nowhere. ``layers``: every layer's id, when
    the caller has them (``idea_located`` names every layer too). Returns their places."""
    places: dict[int, int | None] = {}
    homes: dict[int, int | None] = {}
    for kept, layer, area in session.execute(_PLACES_AND_HOMES, {"p": participant_id}):
        (places if kept else homes)[layer] = area
    if not places:
        if idea_located is not None:
            layers = idea_located
        if layers is None:
            layers = session.scalars(select(AreaLayer.id)).all()
        places = {layer: homes.get(layer, (idea_located or {}).get(layer)) for layer in layers}
        if places:
            session.execute(upsert(session, ContributorArea).values([
                {"participant_id": participant_id, "layer_id": layer, "area_id": area}
                for layer, area in places.items()]).on_conflict_do_nothing())
        return places
    if idea_located:
        filled = {layer: idea_located.get(layer) for layer, area in places.items()
                  if area is None and idea_located.get(layer) is not None}
        if filled:
            _move(session, participant_id, {layer: (None, area) for layer, area in filled.items()})
            places.update(filled)
    return places


def _move(session: Session, participant_id: int,
          changes: dict[int, tuple[int | None, int | None]]) -> None:
    """Write new areas for some layers and move the participant's ballots along."""
    for layer, (_, area) in changes.items():
        session.execute(update(ContributorArea).where(
            ContributorArea.participant_id == participant_id,
            ContributorArea.layer_id == layer).values(area_id=area))
    ballots = session.execute(select(Ballot.question_id, Ballot.choice)
                              .where(Ballot.participant_id == participant_id,
                                     ballot_tallies.counted())).all()
    rows = [(q, layer, before, choice, -1) for q, choice in ballots
            for layer, (before, _) in changes.items()]
    rows += [(q, layer, after, choice, 1) for q, choice in ballots
             for layer, (_, after) in changes.items()]
    ballot_tallies.add(session, rows)


def took_part(session: Session, participant_id: int) -> bool:
    counted_idea = exists().where(Idea.participant_id == participant_id,
                                  Idea.moderation != Moderation.HIDDEN)
    counted_support = exists().where(Support.participant_id == participant_id,
                                     Support.idea_id == Idea.id,
                                     Idea.moderation != Moderation.HIDDEN)
    counted_ballot = exists().where(Ballot.participant_id == participant_id,
                                    ballot_tallies.counted())
    return bool(session.scalar(select(counted_idea | counted_support | counted_ballot)))


def left_maybe(session: Session, participant_id: int) -> None:
    """After something of theirs stopped counting that cannot have placed them (a support):
    drop their places if they no longer took part at all."""
    if not took_part(session, participant_id):
        session.execute(delete(ContributorArea)
                        .where(ContributorArea.participant_id == participant_id))


@contextmanager
def changing(session: Session, participant_ids: Iterable[int | None]):
    """Around a change to what these people did (their ballots set aside, their home area,
    an idea of theirs hidden, ...): afterwards they are placed again from scratch, and the
    ballot tallies lose their counted ballots as they were and gain them as they are."""
    people = sorted({p for p in participant_ids if p is not None})
    before = ballot_tallies.stored(session, people=people) if people else []
    yield
    if not people:
        return
    session.flush()
    write_all(session, people)
    after = ballot_tallies.stored(session, people=people)
    if after != before:  # one statement, in key order (see ``ballot_tallies.add``)
        ballot_tallies.add(session, [(*row[:4], -row[4]) for row in before] + after)


def recompute(session: Session, participant_ids: Iterable[int | None]) -> None:
    """Place these people again after a change already made that cannot have changed which
    of their ballots count (an idea hidden or shown, a home area)."""
    with changing(session, participant_ids):
        pass


def write_all(session: Session, people: Sequence[int] | None = None,
              layer_id: int | None = None) -> None:
    """Write the places of ``people`` (everyone when None), in every layer (or ``layer_id``),
    by the attribution rule in SQL, and drop those of people who no longer took part."""
    took = contributors(None, Filters(), people)  # no filter needs the city
    if people is None and layer_id is not None:
        # Every layer holds the same people: when another layer has them, take them from
        # there rather than from a million ideas, supports and ballots again.
        other = session.scalar(select(ContributorArea.layer_id)
                               .where(ContributorArea.layer_id != layer_id).limit(1))
        if other is not None:
            took = (select(ContributorArea.participant_id.label("pid"))
                    .where(ContributorArea.layer_id == other).subquery("took_part"))
    layer = AreaLayer.id if layer_id is None else layer_id
    attribution = Attribution(layer, people=people)
    query: Select = (select(took.c.pid, AreaLayer.id, attribution.area).select_from(took)
                     .join(AreaLayer, true() if layer_id is None else AreaLayer.id == layer_id))
    query = attribution.join(query, took.c.pid)
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
        ContributorArea.participant_id.not_in(select(took.c.pid))))


def _lookup(keys: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """``values`` of ``wanted`` in sorted ``keys``; -1 where absent."""
    out = np.full(len(wanted), -1, dtype=np.int64)
    if len(keys) == 0:
        return out
    at = np.searchsorted(keys, wanted).clip(max=len(keys) - 1)
    found = keys[at] == wanted
    out[found] = values[at[found]]
    return out


def write_layer_from(session: Session, layer_id: int, first_people: np.ndarray,
                     first_area: np.ndarray) -> None:
    """Everyone who took part, placed in ``layer_id`` by home area, else by the areas of
    their first ideas that a boundary import has just worked out (no query of the ideas)."""
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

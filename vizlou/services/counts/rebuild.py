"""Counting everything again from the stored rows, and checking the kept counts against it.

``rebuild`` recounts with set-based SQL (after bulk loads and boundary imports), by another
road than the per-event updates of ``record``: ``check`` runs it inside a savepoint that is
rolled back and compares, so a kept count that drifted shows as the first difference.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vizlou.models import (
    ActivityHour,
    AreaDay,
    AreaTally,
    BallotTally,
    ContributorArea,
    Idea,
    IdeaCell,
    Moderation,
)
from vizlou.services.counts import (
    activity,
    area_days,
    ballot_tallies,
    cells,
    idea_tallies,
    places,
    support_tallies,
)

KEPT = (AreaTally, AreaDay, BallotTally, ContributorArea)


def rebuild(session: Session, layer_id: int | None = None,
            first_areas: tuple[np.ndarray, np.ndarray] | None = None,
            idea_days: Counter | None = None) -> None:
    """Count everything again, for every layer or one; the map's cells, the dashboard's
    hours and the supports per idea too (for all layers).

    ``first_areas`` (with ``layer_id``): participant ids, sorted, and the area of each one's
    first idea that is not hidden and lies in the layer, as a boundary import has just
    worked out; people are then placed without asking the database again. ``idea_days``
    (with ``layer_id``): its ideas per day, area and topic, worked out by the import too."""
    for model in KEPT:
        statement = delete(model)
        if layer_id is not None:
            statement = statement.where(model.layer_id == layer_id)
        session.execute(statement)
    idea_tallies.add_matching(session, Idea.moderation != Moderation.HIDDEN, 1, None, layer_id)
    area_days.rebuild(session, Idea.moderation != Moderation.HIDDEN, layer_id,
                      idea_days if layer_id is not None else None)
    if layer_id is not None and first_areas is not None:
        places.write_layer_from(session, layer_id, *first_areas)
    else:
        places.write_all(session, None, layer_id)
    ballot_tallies.add(session, ballot_tallies.stored(session, layer_id=layer_id), 1)
    if layer_id is None:
        cells.rebuild(session)
        activity.rebuild(session)
        support_tallies.rebuild(session)


def forget_layer(session: Session, layer_id: int) -> None:
    for model in KEPT:
        session.execute(delete(model).where(model.layer_id == layer_id))


@dataclass(frozen=True)
class Difference:
    table: str
    key: tuple
    kept: object
    recounted: object

    def __str__(self) -> str:
        return (f"{self.table} {self.key}: kept {self.kept!r}, "
                f"recounted {self.recounted!r}")


def snapshot(session: Session) -> dict[str, dict[tuple, object]]:
    """Every kept count, zeros left out, floats rounded (sums of coordinates and amounts)."""
    out: dict[str, dict[tuple, object]] = {"area_tallies": {}, "area_days": {},
                                           "ballot_tallies": {},
                                           "contributor_areas": {}, "idea_cells": {},
                                           "activity_hours": {}, "support_tallies": {}}
    # Plain rows, not ORM objects: a check reads every kept count twice.
    for layer, area, category, ideas, supports in session.execute(select(
            AreaTally.layer_id, AreaTally.area_id, AreaTally.category, AreaTally.ideas,
            AreaTally.supports)):
        if ideas or supports:
            out["area_tallies"][(layer, area, category)] = (ideas, supports)
    for layer, day, area, category, ideas, supports in session.execute(select(
            AreaDay.layer_id, AreaDay.day, AreaDay.area_id, AreaDay.category, AreaDay.ideas,
            AreaDay.supports)):
        if ideas or supports:
            out["area_days"][(layer, day, area, category)] = (ideas, supports)
    for question, layer, area, key, n in session.execute(select(
            BallotTally.question_id, BallotTally.layer_id, BallotTally.area_id, BallotTally.key,
            BallotTally.n)):
        if round(n, 6):
            out["ballot_tallies"][(question, layer, area, key)] = round(n, 6)
    for participant, layer, area in session.execute(select(
            ContributorArea.participant_id, ContributorArea.layer_id, ContributorArea.area_id)):
        out["contributor_areas"][(participant, layer)] = area
    for level, cx, cy, category, n, sum_lon, sum_lat in session.execute(select(
            IdeaCell.level, IdeaCell.cx, IdeaCell.cy, IdeaCell.category, IdeaCell.n,
            IdeaCell.sum_lon, IdeaCell.sum_lat)):
        if n:
            out["idea_cells"][(level, cx, cy, category)] = (n, round(sum_lon, 6),
                                                            round(sum_lat, 6))
    for kind, hour, channel, n in session.execute(select(
            ActivityHour.kind, ActivityHour.hour, ActivityHour.channel, ActivityHour.n)):
        if n:
            out["activity_hours"][(kind, hour, channel)] = n
    out["support_tallies"] = {(idea,): n for idea, n in support_tallies.kept(session).items()}
    return out


def check(session: Session) -> list[Difference]:
    """The differences between the kept counts and a recount (none when they agree). Nothing
    is changed: the recount is rolled back."""
    session.flush()
    kept = snapshot(session)
    with session.begin_nested() as savepoint:
        rebuild(session)
        recounted = snapshot(session)
        savepoint.rollback()
    session.expire_all()
    differences = []
    for table in kept:
        for key in sorted(set(kept[table]) | set(recounted[table]), key=repr):
            a, b = kept[table].get(key), recounted[table].get(key)
            if a != b:
                differences.append(Difference(table, key, a, b))
    return differences

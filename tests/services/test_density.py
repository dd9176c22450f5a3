"""The planners' density map: ideas per kept map cell (zoom 14). Without a filter, or with a
topic alone, the counts are read off the resident map's kept cells (public ideas) plus the
ideas held for review; with any other filter the matching ideas are placed in the same
cells. Both roads give the same map, hidden ideas count in neither, and each cell's square
contains its ideas."""

from __future__ import annotations

from datetime import date

import numpy as np
from sqlalchemy import func, select, update

from factories import DOWNTOWN, make_idea
from vizlou.geo import clustering
from vizlou.models import Idea, Moderation
from vizlou.services.counts import record
from vizlou.services.filters import Filters
from vizlou.services.maps import planner

EVERYTHING = Filters(since=date(2000, 1, 1))  # a filter every idea matches: counted from rows


def test_kept_cells_and_counted_cells_agree(app, db_session):
    city = app.config["CITY"]
    random = np.random.default_rng(7)  # and points across many cells' edges
    spots = [DOWNTOWN, (DOWNTOWN[0] + 0.0001, DOWNTOWN[1]), (-85.70, 38.20), (-85.80, 38.15),
             *zip(-85.70 + random.uniform(-0.04, 0.04, 40).round(6),
                  38.20 + random.uniform(-0.03, 0.03, 40).round(6), strict=True)]
    ideas = [make_idea(db_session, city, lon=lon, lat=lat,
                       category="health" if i % 2 else "energy")
             for i, (lon, lat) in enumerate(spots * 2)]
    for idea, state in ((ideas[0], Moderation.FLAGGED), (ideas[1], Moderation.HIDDEN)):
        before = idea.moderation
        db_session.execute(update(Idea).where(Idea.id == idea.id).values(moderation=state))
        db_session.refresh(idea)
        record.idea_moderated(db_session, idea, before)
    db_session.flush()

    kept = planner.density_cells(db_session, city, Filters())
    assert kept == planner.density_cells(db_session, city, EVERYTHING)
    assert sum(n for *_, n in kept) == len(ideas) - 1 == db_session.scalar(
        select(func.count()).select_from(Idea).where(Idea.moderation != Moderation.HIDDEN))
    health = planner.density_cells(db_session, city, Filters(category="health"))
    assert health == planner.density_cells(db_session, city, Filters(
        category="health", since=date(2000, 1, 1)))
    assert 0 < sum(n for *_, n in health) < sum(n for *_, n in kept)
    for cx, cy, _ in kept:  # each square holds its ideas
        west, south, east, north = clustering.cell_bounds(cx, cy, planner.DENSITY_LEVEL)
        assert any(west <= lon < east and south < lat <= north for lon, lat in spots)

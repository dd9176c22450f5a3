"""Visible ideas per map cell and category (``idea_cells``), for the resident map's clusters.

Cells are 64-pixel squares of Web Mercator at the zoom levels of ``geo.clustering.CELL_LEVELS``;
each row keeps how many visible ideas it holds and the sums of their coordinates (a cluster
is drawn at their mean). ``INSERT ... ON CONFLICT DO UPDATE`` adds in place on both databases.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from vizlou.geo.clustering import CELL_LEVELS, cell_totals
from vizlou.models import Idea, IdeaCell, Moderation
from vizlou.services.dialect import add_to


def add(session: Session, ideas: Iterable[tuple[float, float, str]], delta: int = 1) -> None:
    """Add (or with ``delta=-1`` take away) ideas ``(lon, lat, category)``."""
    rows = list(ideas)
    if not rows:
        return
    lon = np.array([r[0] for r in rows], dtype=float)
    lat = np.array([r[1] for r in rows], dtype=float)
    keys = np.array([r[2] for r in rows])
    values = [{"level": level, "cx": cx, "cy": cy, "category": str(key), "n": delta * n,
               "sum_lon": delta * sx, "sum_lat": delta * sy}
              for level in CELL_LEVELS for cx, cy, key, n, sx, sy in cell_totals(lon, lat, keys,
                                                                                 level)]
    add_to(session, IdeaCell, ("level", "cx", "cy", "category"), ("n", "sum_lon", "sum_lat"),
           values, counts=("n",))
    if delta < 0:
        session.execute(delete(IdeaCell).where(IdeaCell.n <= 0))


def visible_ideas(session: Session) -> int:
    """How many ideas are public: each is in one cell of every level."""
    return int(session.scalar(select(func.coalesce(func.sum(IdeaCell.n), 0))
                              .where(IdeaCell.level == CELL_LEVELS[0])))


def rebuild(session: Session) -> None:
    """Count every cell again from the visible ideas."""
    session.execute(delete(IdeaCell))
    add(session, session.execute(select(Idea.lon, Idea.lat, Idea.category)
                                 .where(Idea.moderation == Moderation.VISIBLE)).all())

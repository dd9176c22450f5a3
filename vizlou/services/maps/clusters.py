"""What the resident map draws: clusters of ideas, computed on the server.

Public ideas are counted per map cell and category at the zoom levels of ``CELL_LEVELS``
(``idea_cells``), kept up to date on every write. A view's clusters are sums of the cells of
the finest stored level that is not finer than the view: drawing the whole city reads a few
thousand rows, never a million ideas. When few ideas are in view, they are sent one by one
so each can be opened; past the finest level the ideas themselves are read.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from vizlou.errors import N_, InvalidInput
from vizlou.geo.clustering import CELL_LEVELS, bbox_cells, cell_totals, level_for
from vizlou.models import Idea, IdeaCell, Moderation

POINTS_LIMIT = 300  # at most this many single ideas in one answer
MAX_ZOOM = 22
PUBLIC = Moderation.VISIBLE


def check_bbox(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    if len(bbox) != 4 or not all(np.isfinite(v) for v in bbox):
        raise InvalidInput(N_("bbox must be four numbers: west, south, east, north."),
                           field="bbox")
    west, south, east, north = (float(v) for v in bbox)
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90
            and -90 <= north <= 90 and west <= east and south <= north):
        raise InvalidInput(N_("bbox must be four numbers: west, south, east, north."),
                           field="bbox")
    return west, south, east, north


def map_data(session: Session, bbox: Sequence[float], zoom: int,
             categories: Sequence[str] | None = None) -> dict:
    """A GeoJSON FeatureCollection of ``cluster`` and ``idea`` features for one view."""
    west, south, east, north = check_bbox(bbox)
    zoom = max(0, min(int(zoom), MAX_ZOOM))
    level = level_for(zoom) or CELL_LEVELS[-1]
    clusters = _clusters(session, (west, south, east, north), min(zoom, level), level,
                         categories)
    if sum(n for _, _, n in clusters) > POINTS_LIMIT and zoom <= level:
        return _collection(clusters, [])
    # Few ideas in view, or closer in than the finest level: read the ideas themselves
    # (bounded by the count just made). No ORDER BY: it would lead SQLite to walk the
    # whole table by id instead of using the lon/lat index.
    conditions = [Idea.moderation == PUBLIC, Idea.lon.between(west, east),
                  Idea.lat.between(south, north)]
    if categories:
        conditions.append(Idea.category.in_(list(categories)))
    ideas = session.execute(select(Idea.id, Idea.lon, Idea.lat, Idea.category)
                            .where(and_(*conditions))).all()
    if len(ideas) > POINTS_LIMIT:
        lon = np.array([i.lon for i in ideas])
        lat = np.array([i.lat for i in ideas])
        groups = cell_totals(lon, lat, np.zeros(len(ideas), dtype=int), zoom)
        return _collection([(sx / n, sy / n, n) for _, _, _, n, sx, sy in groups], [])
    return _collection([], sorted(ideas, key=lambda i: -i.id))


def _clusters(session, bbox, zoom: int, level: int, categories):
    shift = level - zoom
    cx0, cx1, cy0, cy1 = bbox_cells(*bbox, level)
    conditions = [IdeaCell.level == level, IdeaCell.cx.between(cx0, cx1),
                  IdeaCell.cy.between(cy0, cy1)]
    if categories:
        conditions.append(IdeaCell.category.in_(list(categories)))
    gx, gy = IdeaCell.cx.op(">>")(shift), IdeaCell.cy.op(">>")(shift)
    rows = session.execute(
        select(func.sum(IdeaCell.n), func.sum(IdeaCell.sum_lon), func.sum(IdeaCell.sum_lat))
        .where(*conditions).group_by(gx, gy)).all()
    return [(float(sx) / n, float(sy) / n, int(n)) for n, sx, sy in rows if n and n > 0]


def _collection(clusters, ideas) -> dict:
    features = [{"type": "Feature", "properties": {"kind": "cluster", "count": n},
                 "geometry": {"type": "Point", "coordinates": [round(x, 5), round(y, 5)]}}
                for x, y, n in clusters]
    features += [{"type": "Feature", "id": i, "properties": {"kind": "idea", "category": c},
                  "geometry": {"type": "Point", "coordinates": [round(x, 5), round(y, 5)]}}
                 for i, x, y, c in ideas]
    return {"type": "FeatureCollection", "features": features}

"""What the resident map draws: clusters of ideas, computed on the server.

Up to ``CELL_ZOOM`` the clusters are sums of the per-cell counts kept in
``idea_cells``; closer in, the ideas in view are read and grouped on the fly.
When few ideas are in view, they are sent one by one so each can be opened.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import Session

from vizlou.errors import N_, InvalidInput
from vizlou.geo.clustering import CELL_ZOOM, bbox_cells, cell, cluster_points
from vizlou.models import Idea, IdeaCell
from vizlou.services.dialect import add_to_cells

POINTS_LIMIT = 300  # at most this many single ideas in one answer
MAX_ZOOM = 22


def count_ideas(session: Session, ideas: Iterable[tuple[float, float, str]],
                delta: int = 1) -> None:
    """Add (or with ``delta=-1`` remove) ideas ``(lon, lat, category)`` from the cell counts."""
    totals: dict[tuple[int, int, str], list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for lon, lat, category in ideas:
        cx, cy = cell(lon, lat)
        row = totals[(cx, cy, category)]
        row[0] += delta
        row[1] += delta * lon
        row[2] += delta * lat
    add_to_cells(session, [{"cx": cx, "cy": cy, "category": cat, "n": n, "sum_lon": sx,
                            "sum_lat": sy} for (cx, cy, cat), (n, sx, sy) in totals.items()])
    if delta < 0:
        session.execute(delete(IdeaCell).where(IdeaCell.n <= 0))


def rebuild_cells(session: Session) -> None:
    """Recount every cell from the visible ideas (after bulk loads)."""
    session.execute(delete(IdeaCell))
    rows = session.execute(select(Idea.lon, Idea.lat, Idea.category)
                           .where(Idea.moderation != "hidden")).all()
    count_ideas(session, rows)


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
    visible = [Idea.moderation != "hidden",
               Idea.lon.between(west, east), Idea.lat.between(south, north)]
    if categories:
        visible.append(Idea.category.in_(list(categories)))
    if zoom <= CELL_ZOOM:
        clusters = _clusters_from_cells(session, (west, south, east, north), zoom, categories)
        total = sum(n for _, _, n in clusters)
        if total > POINTS_LIMIT:
            return _collection(clusters, [])
    else:
        total = session.scalar(select(func.count(Idea.id)).where(and_(*visible)))
        if total > POINTS_LIMIT:
            rows = session.execute(select(Idea.lon, Idea.lat).where(and_(*visible))).all()
            lon, lat = (np.array(c, dtype=float) for c in zip(*rows, strict=True))
            return _collection(cluster_points(lon, lat, zoom), [])
    ideas = session.execute(select(Idea.id, Idea.lon, Idea.lat, Idea.category)
                            .where(and_(*visible)).order_by(Idea.id.desc())
                            .limit(POINTS_LIMIT)).all()
    return _collection([], ideas)


def _clusters_from_cells(session, bbox, zoom, categories):
    shift = CELL_ZOOM - zoom
    cx0, cx1, cy0, cy1 = bbox_cells(*bbox)
    conditions = [IdeaCell.cx.between(cx0, cx1), IdeaCell.cy.between(cy0, cy1)]
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

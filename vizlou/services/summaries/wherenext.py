"""Where next (SPEC P8): the areas we hear least from, to plan the next in-person sessions.

Areas are ranked by their representation index, lowest first (areas of a layer without
population cannot be ranked, nor areas where nobody lives). For each: how many more
participants it would take to reach a fair share (its share of the population of all
participants placed in an area), and how many sessions were held at a venue inside it.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vizlou.models import AreaLayer, Event
from vizlou.services.areas import catalog as area_catalog
from vizlou.services.summaries.rows import AreaRow, LayerSummary


@dataclass(frozen=True)
class Candidate:
    rank: int
    area: AreaRow
    fair_share: int  # participants the area would have with a share equal to its population's
    missing: int  # how many more that takes (0 when it has its share)
    sessions: int  # sessions held at a venue in the area


def sessions_per_area(session: Session, layer_key: str) -> Counter:
    layer_id = session.scalar(select(AreaLayer.id).where(AreaLayer.key == layer_key))
    index = area_catalog.area_index(session).layers.get(layer_id)
    venues = session.execute(select(Event.venue_lon, Event.venue_lat)
                             .where(Event.venue_lon.is_not(None))).all()
    if index is None or not venues:
        return Counter()
    return Counter(index.locate(lon, lat) for lon, lat in venues)


def rank(session: Session, summary: LayerSummary) -> list[Candidate]:
    counted = [r for r in summary.areas if r.population and r.representation is not None]
    if not summary.has_population or not counted:
        return []
    people = sum(r.participants for r in counted)
    population = sum(r.population for r in counted)
    held = sessions_per_area(session, summary.layer)
    counted.sort(key=lambda r: (r.representation, -r.population, r.name))
    out = []
    for i, row in enumerate(counted, start=1):
        fair = math.ceil(people * row.population / population)
        out.append(Candidate(i, row, fair, max(0, fair - row.participants), held[row.id]))
    return out

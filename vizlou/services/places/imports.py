"""Storing a gazetteer: the places of one file replace those the same file brought before
(``source`` is the file's name), so importing a corrected file again changes, never doubles."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from vizlou.geo.gazetteer import GazetteerEntry
from vizlou.models import Place
from vizlou.models.types import utcnow
from vizlou.services import audit
from vizlou.services.places import search, words


@dataclass(frozen=True)
class PlacesImport:
    landmarks: int
    streets: int
    intersections: int
    replaced: int


def import_places(session: Session, entries: list[GazetteerEntry], *, source: str,
                  actor: audit.Actor = audit.COMMAND_LINE) -> PlacesImport:
    replaced = session.execute(delete(Place).where(Place.source == source)).rowcount or 0
    now = utcnow()
    rows = [{"name": e.name, "folded": words.folded(e.name)[:200], "kind": e.kind,
             "lon": e.lon, "lat": e.lat, "source": source[:200], "created_at": now}
            for e in entries]
    rows = [r for r in rows if r["folded"]]
    for start in range(0, len(rows), 5000):
        session.execute(insert(Place), rows[start:start + 5000])
    count = {kind: sum(r["kind"] == kind for r in rows)
             for kind in ("landmark", "street", "intersection")}
    audit.record(session, actor, "places.import", "places", None, source=source, **count)
    search.forget(session)
    return PlacesImport(count["landmark"], count["street"], count["intersection"], replaced)

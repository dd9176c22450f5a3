"""Where a text message means: a map link, a session poster's code, or a name the city knows
(an area, a landmark, a street corner), found by the same search as the map's."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vizlou.models import Area, Event
from vizlou.services.events.manage import normalise_code
from vizlou.services.places import search

# geo:38.25,-85.75 · google.com/maps/@38.25,-85.75,15z · ?q=38.25,-85.75 · osm #map=16/38.25/-85.75
_LAT_LON = re.compile(r"(?:geo:|@|[?&](?:q|ll|query)=)(-?\d{1,2}\.\d+),\s*(-?\d{1,3}\.\d+)")
_OSM = re.compile(r"map=\d{1,2}/(-?\d{1,2}\.\d+)/(-?\d{1,3}\.\d+)")
_PARAMS = re.compile(r"[?&#]m?lat=(-?\d{1,2}\.\d+)&m?(?:lon|lng)=(-?\d{1,3}\.\d+)")
_CODE = re.compile(r"^[A-Za-z0-9]{4}$")


@dataclass(frozen=True)
class Spot:
    name: str
    lon: float
    lat: float
    sure: bool  # a link, a code or a name given exactly: no need to ask "is it there?"
    event_id: int | None = None


def from_link(text: str) -> Spot | None:
    for pattern in (_OSM, _PARAMS, _LAT_LON):
        found = pattern.search(text)
        if found:
            lat, lon = float(found.group(1)), float(found.group(2))
            return Spot(f"{lat:.5f}, {lon:.5f}", lon, lat, True)
    return None


def from_poster_code(session: Session, text: str) -> Spot | None:
    """A session's poster code: the idea is placed at the session's venue (or in its area)."""
    word = text.strip()
    if not _CODE.match(word):
        return None
    event = session.scalar(select(Event).where(Event.poster_code == normalise_code(word)))
    if event is None:
        return None
    if event.venue_lon is not None and event.venue_lat is not None:
        return Spot(event.venue or event.name, event.venue_lon, event.venue_lat, True, event.id)
    if event.area_id is not None:
        area = session.get(Area, event.area_id)
        spot = area.geom.representative_point()
        return Spot(area.name, round(spot.x, 6), round(spot.y, 6), True, event.id)
    return None


def spot_of(found: search.Found) -> Spot:
    return Spot(found.name, found.lon, found.lat, found.exact and found.misspelt == 0)


def answer_to_where(session: Session, text: str) -> Spot | None:
    """What a resident sent when asked where: a link, a code, or a name (the best match)."""
    spot = from_link(text) or from_poster_code(session, text)
    if spot is not None:
        return spot
    found = search.search(session, text, limit=1)
    return spot_of(found[0]) if found else None


def named_in(session: Session, text: str) -> Spot | None:
    """A place named inside an idea's own text, to be confirmed."""
    spot = from_link(text)
    if spot is not None:
        return spot
    found = search.find_in_text(session, text)
    return Spot(found.name, found.lon, found.lat, False) if found else None

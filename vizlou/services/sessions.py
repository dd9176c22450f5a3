"""Facilitated sessions: codes, creation, lookup."""

from __future__ import annotations

import random
import secrets
from datetime import datetime

from shapely.geometry import Point
from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from vizlou.errors import N_, InvalidInput, NotFound
from vizlou.models import Session

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V: codes are read aloud and typed on phones.
CODE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
JOIN_CODE_LENGTH = 6
POSTER_CODE_LENGTH = 4


def new_code(session: DbSession, column, length: int, rng: random.Random | None = None) -> str:
    choose = (rng or secrets.SystemRandom()).choice
    for _ in range(50):
        code = "".join(choose(CODE_ALPHABET) for _ in range(length))
        if session.scalar(select(Session.id).where(column == code)) is None:
            return code
    raise RuntimeError("could not find a free code")  # 23**4 codes: only with huge numbers


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).upper()


def create_session(session: DbSession, *, name: str, venue: str = "",
                   lon: float | None = None, lat: float | None = None,
                   starts_at: datetime | None = None, ends_at: datetime | None = None,
                   facilitator_id: int | None = None, notes: str = "",
                   rng: random.Random | None = None) -> Session:
    if not name or not name.strip():
        raise InvalidInput(N_("A session needs a name."), field="name")
    if (lon is None) != (lat is None):
        raise InvalidInput(N_("Give both longitude and latitude for the venue, or neither."),
                           field="venue")
    if starts_at and ends_at and ends_at < starts_at:
        raise InvalidInput(N_("A session must end after it starts."), field="ends_at")
    item = Session(
        name=name.strip(), venue=venue.strip(), notes=notes, starts_at=starts_at,
        ends_at=ends_at, facilitator_id=facilitator_id,
        venue_lon=lon, venue_lat=lat,
        venue_geom=Point(lon, lat) if lon is not None else None,
        join_code=new_code(session, Session.join_code, JOIN_CODE_LENGTH, rng),
        poster_code=new_code(session, Session.poster_code, POSTER_CODE_LENGTH, rng))
    session.add(item)
    session.flush()
    return item


def by_join_code(session: DbSession, code: str) -> Session:
    item = session.scalar(select(Session).where(Session.join_code == normalise_code(code)))
    if item is None:
        raise NotFound(N_("No session has the code %(code)s."), field="code", code=code)
    return item

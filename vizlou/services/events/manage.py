"""Facilitated sessions: create, edit, close, find by code, and what happened in them."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime

from shapely.geometry import Point
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vizlou.errors import N_, InvalidInput, NotFound
from vizlou.models import (
    Area,
    Ballot,
    Event,
    Idea,
    Participant,
    Question,
    StaffUser,
    Support,
    event_facilitators,
)
from vizlou.models.types import utcnow
from vizlou.services import audit

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V: codes are read aloud and typed on phones.
CODE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
JOIN_CODE_LENGTH = 6
POSTER_CODE_LENGTH = 4


@dataclass(frozen=True)
class SessionForm:
    """What a facilitator types to create or edit a session."""

    name: str
    venue: str = ""
    lon: float | None = None
    lat: float | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    area_id: int | None = None
    notes: str = ""
    question_ids: tuple[int, ...] | None = None  # None: every published question


def new_code(session: Session, column, length: int, rng: random.Random | None = None) -> str:
    choose = (rng or secrets.SystemRandom()).choice
    for _ in range(50):
        code = "".join(choose(CODE_ALPHABET) for _ in range(length))
        if session.scalar(select(Event.id).where(column == code)) is None:
            return code
    raise RuntimeError("could not find a free code")  # 23**4 codes: only with huge numbers


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).upper()


def _check(session: Session, form: SessionForm) -> None:
    if not form.name or not form.name.strip():
        raise InvalidInput(N_("A session needs a name."), field="name")
    if len(form.name) > 200 or len(form.venue or "") > 200:
        raise InvalidInput(N_("Please keep names under 200 characters."), field="name")
    if (form.lon is None) != (form.lat is None):
        raise InvalidInput(N_("Give both longitude and latitude for the venue, or neither."),
                           field="venue")
    if form.lon is not None and not (-180 <= form.lon <= 180 and -90 <= form.lat <= 90):
        raise InvalidInput(N_("That place is not on Earth: longitude goes from -180 to 180 and "
                              "latitude from -90 to 90."), field="venue")
    if form.starts_at and form.ends_at and form.ends_at < form.starts_at:
        raise InvalidInput(N_("A session must end after it starts."), field="ends_at")
    if form.area_id is not None and session.get(Area, form.area_id) is None:
        raise InvalidInput(N_("Choose an area from the list."), field="area")


def _apply(session: Session, item: Event, form: SessionForm) -> None:
    item.name = form.name.strip()
    item.venue = (form.venue or "").strip()
    item.notes = form.notes or ""
    item.starts_at, item.ends_at = form.starts_at, form.ends_at
    item.venue_lon, item.venue_lat = form.lon, form.lat
    item.venue_geom = Point(form.lon, form.lat) if form.lon is not None else None
    item.area_id = form.area_id
    query = select(Question).where(Question.published.is_(True))
    if form.question_ids is not None:
        query = query.where(Question.id.in_(list(form.question_ids)))
    item.questions = list(session.scalars(query.order_by(Question.position, Question.id)))


def create_session(session: Session, *, name: str, venue: str = "",
                   lon: float | None = None, lat: float | None = None,
                   starts_at: datetime | None = None, ends_at: datetime | None = None,
                   facilitator_id: int | None = None, notes: str = "",
                   area_id: int | None = None, question_ids: tuple[int, ...] | None = None,
                   rng: random.Random | None = None,
                   actor: audit.Actor | None = None) -> Event:
    form = SessionForm(name=name, venue=venue, lon=lon, lat=lat, starts_at=starts_at,
                       ends_at=ends_at, area_id=area_id, notes=notes,
                       question_ids=question_ids)
    _check(session, form)
    item = Event(facilitator_id=facilitator_id,
                   join_code=new_code(session, Event.join_code, JOIN_CODE_LENGTH, rng),
                   poster_code=new_code(session, Event.poster_code, POSTER_CODE_LENGTH, rng))
    _apply(session, item, form)
    session.add(item)
    session.flush()
    if actor is not None:
        audit.record(session, actor, "sessions.create", "session", item.id, name=item.name)
    return item


def update_session(session: Session, item: Event, form: SessionForm,
                   actor: audit.Actor) -> Event:
    _check(session, form)
    _apply(session, item, form)
    session.flush()
    audit.record(session, actor, "sessions.update", "session", item.id, name=item.name)
    return item


def close_session(session: Session, item: Event, actor: audit.Actor) -> Event:
    if item.closed_at is None:
        item.closed_at = utcnow()
        audit.record(session, actor, "sessions.close", "session", item.id)
    return item


def reopen_session(session: Session, item: Event, actor: audit.Actor) -> Event:
    if item.closed_at is not None:
        item.closed_at = None
        audit.record(session, actor, "sessions.reopen", "session", item.id)
    return item


def get_session(session: Session, event_id: int) -> Event:
    item = session.get(Event, event_id)
    if item is None:
        raise NotFound(N_("There is no session number %(id)s."), field="session", id=event_id)
    return item


def open_session(session: Session, event_id: int | None) -> Event | None:
    """The session, while it is open (its kiosks take contributions); else None."""
    item = session.get(Event, event_id) if event_id else None
    return item if item is not None and item.closed_at is None else None


TILE_ZOOMS = (12, 16)  # the map tiles a kiosk keeps for offline use
VENUE_MARGIN = 0.01  # degrees around a venue without an area, about 1 km


def tile_bbox(session: Session, item: Event) -> list[float] | None:
    """``[west, south, east, north]`` a kiosk of the session keeps map tiles for: its area,
    else about a kilometre around its venue."""
    if item.area_id is not None:
        area = session.get(Area, item.area_id)
        if area is not None:
            return list(area.geom.bounds)
    if item.venue_lon is not None:
        return [item.venue_lon - VENUE_MARGIN, item.venue_lat - VENUE_MARGIN,
                item.venue_lon + VENUE_MARGIN, item.venue_lat + VENUE_MARGIN]
    return None


def by_join_code(session: Session, code: str) -> Event:
    item = session.scalar(select(Event).where(Event.join_code == normalise_code(code)))
    if item is None:
        raise NotFound(N_("No session has the code %(value)s."), field="code", value=code)
    return item


SEE_ALL = ("admin", "planner")  # roles that see and run every session


def may_run(item: Event, user_id: int, role: str) -> bool:
    """A session is its facilitator's, and its co-facilitators'; planners and admins run
    every session."""
    return (role in SEE_ALL or item.facilitator_id == user_id
            or any(u.id == user_id for u in item.co_facilitators))


def may_manage_team(item: Event, user_id: int, role: str) -> bool:
    """Only the session's facilitator, or an admin, adds and removes co-facilitators."""
    return role == "admin" or item.facilitator_id == user_id


def names(session: Session) -> list[tuple[int, str]]:
    """``(id, name)`` of every session, by name (for planners' filters)."""
    return [tuple(r) for r in session.execute(select(Event.id, Event.name).order_by(Event.name))]


def list_sessions(session: Session, user_id: int | None = None) -> list[Event]:
    """Newest first; those a facilitator runs (their own and those they were added to), or
    everyone's when no id is given."""
    query = select(Event).order_by(Event.starts_at.desc().nulls_last(), Event.id.desc())
    if user_id is not None:
        helped = select(event_facilitators.c.event_id).where(
            event_facilitators.c.user_id == user_id)
        query = query.where((Event.facilitator_id == user_id) | Event.id.in_(helped))
    return list(session.scalars(query))


def add_co_facilitator(session: Session, item: Event, email: str,
                       actor: audit.Actor) -> StaffUser:
    user = session.scalar(select(StaffUser).where(
        StaffUser.email == (email or "").strip().lower(), StaffUser.active.is_(True)))
    if user is None:
        raise InvalidInput(N_("There is no staff member with the email %(email)s."),
                           field="email", email=(email or "")[:254])
    if user.id != item.facilitator_id and user not in item.co_facilitators:
        item.co_facilitators.append(user)
        audit.record(session, actor, "sessions.add_facilitator", "session", item.id,
                     user=user.email)
    return user


def remove_co_facilitator(session: Session, item: Event, user_id: int,
                          actor: audit.Actor) -> None:
    for user in list(item.co_facilitators):
        if user.id == user_id:
            item.co_facilitators.remove(user)
            audit.record(session, actor, "sessions.remove_facilitator", "session", item.id,
                         user=user.email)


@dataclass(frozen=True)
class SessionCounts:
    participants: dict[str, int]
    ideas: dict[str, int]
    supports: dict[str, int]
    ballots: dict[str, int]

    @property
    def total_participants(self) -> int:
        return sum(self.participants.values())


def counts_by_channel(session: Session, item: Event) -> SessionCounts:
    """What came in during a session, by channel (kiosk, paper, web, sms)."""

    def by_channel(model) -> dict[str, int]:
        rows = session.execute(select(model.channel, func.count(model.id))
                               .where(model.event_id == item.id).group_by(model.channel))
        return dict(rows.all())

    return SessionCounts(participants=by_channel(Participant), ideas=by_channel(Idea),
                         supports=by_channel(Support), ballots=by_channel(Ballot))

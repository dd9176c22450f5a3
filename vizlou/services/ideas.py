"""Ideas: create (exactly once per client id), read, list, support, comment, report."""

from __future__ import annotations

import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from shapely.geometry import Point
from sqlalchemy import and_, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vizlou.config import City
from vizlou.errors import N_, Closed, InvalidInput, NotFound
from vizlou.models import (
    CHANNELS,
    STATUSES,
    Area,
    AreaLayer,
    Comment,
    Idea,
    IdeaArea,
    Participant,
    Report,
    Support,
)
from vizlou.models.types import utcnow
from vizlou.services import areas as area_service
from vizlou.services import map_data, moderation, rollups
from vizlou.services.dialect import insert_once
from vizlou.services.values import WEB, AreaRef, Origin

MAX_TEXT = 500
MAX_COMMENT = 300
CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
REPORT_REASONS = ("offensive", "personal", "spam", "other")
SORTS = ("newest", "supported")
PAGE_MAX = 100


class OutsideCity(InvalidInput):
    status = 422
    code = "outside_city"


@dataclass(frozen=True)
class NewIdea:
    category: str
    text: str
    client_id: str | None = None
    lon: float | None = None
    lat: float | None = None
    area: AreaRef | None = None


@dataclass(frozen=True)
class IdeaFilter:
    category: str | None = None
    status: str | None = None
    layer: str | None = None
    area_id: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    session_id: int | None = None
    sort: str = "newest"
    limit: int = 20
    offset: int = 0


def clean_text(text: object, *, field: str = "text", limit: int = MAX_TEXT) -> str:
    if not isinstance(text, str):
        raise InvalidInput(N_("Write your idea as text."), field=field)
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    if not text:
        raise InvalidInput(N_("Write something first."), field=field)
    if len(text) > limit:
        raise InvalidInput(N_("Please keep it under %(n)s characters."), field=field, n=limit)
    return text


def check_client_id(client_id: object) -> str | None:
    if client_id is None:
        return None
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        raise InvalidInput(N_("The client id must be 8 to 64 letters, digits, - or _."),
                           field="client_id")
    return client_id


def check_point(lon: object, lat: object) -> tuple[float, float]:
    ok = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lon, lat))
    if not ok or not all(math.isfinite(v) for v in (lon, lat)):
        raise InvalidInput(N_("The place must be given as numbers: longitude and latitude."),
                           field="lon")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InvalidInput(N_("That place is not on Earth: longitude goes from -180 to 180 and "
                              "latitude from -90 to 90."), field="lon")
    return float(lon), float(lat)


def _main_layer_id(session: Session, city: City) -> int:
    return area_service.get_layer(session, city.main_layer).id


def create_idea(session: Session, city: City, participant: Participant | None, data: NewIdea,
                origin: Origin = WEB, now: datetime | None = None) -> tuple[Idea, bool]:
    """Store a new idea and its areas; ``(idea, created)``. The same client id again returns
    the idea already stored (``created`` is False), never a second one, even when two
    requests race: the database's unique key decides, in the same statement as the insert."""
    client_id = check_client_id(data.client_id)
    if client_id:
        existing = session.scalar(select(Idea).where(Idea.client_id == client_id))
        if existing is not None:  # a retry: answer without checking the rest again
            return existing, False
    if not city.is_open(now or utcnow()):
        raise Closed(N_("Ideas are closed for now. Thank you for taking part!"))
    if city.category(data.category) is None:
        raise InvalidInput(N_("Choose a topic from the list."), field="category")
    if origin.channel not in CHANNELS:
        raise InvalidInput(N_("Unknown channel."), field="channel")
    text = clean_text(data.text)
    if data.area is not None:
        area = area_service.resolve_area(session, data.area)
        spot = area.geom.representative_point()
        lon, lat, placement = round(spot.x, 6), round(spot.y, 6), "area"
    else:
        lon, lat = check_point(data.lon, data.lat)
        placement = "point"
    catalog = area_service.catalog(session)
    if city.main_layer not in catalog.layer_ids:
        area_service.get_layer(session, city.main_layer)  # raises the clear NotFound
    located = catalog.index.locate(lon, lat)
    if located.get(catalog.layer_ids[city.main_layer]) is None:
        raise OutsideCity(N_("That spot is outside %(city)s. Please pick a place inside the "
                             "city."), field="lon", city=city.name)
    state, reason = moderation.screen(text)
    idea = insert_once(session, Idea, {
        "client_id": client_id or _server_client_id(),
        "participant_id": getattr(participant, "id", None), "session_id": origin.session_id,
        "channel": origin.channel, "category": data.category, "text": text,
        "language": origin.language, "lon": lon, "lat": lat, "geom": Point(lon, lat),
        "placement": placement, "created_at": now or utcnow(), "moderation": state,
        "moderation_reason": reason, "status": "new"}, unique="client_id")
    if idea is None:  # another request with the same client id stored it a moment ago
        return session.scalar(select(Idea).where(Idea.client_id == client_id)), False
    session.execute(insert(IdeaArea), [
        {"idea_id": idea.id, "layer_id": layer_id, "area_id": area_id}
        for layer_id, area_id in located.items() if area_id is not None])
    if idea.moderation == moderation.PUBLIC:
        map_data.count_ideas(session, [(lon, lat, idea.category)])
    rollups.idea_added(session, idea)
    return idea, True


def new_idea_areas(session: Session, idea: Idea) -> dict[str, dict]:
    """The areas of an idea just stored, from the area index (no query)."""
    catalog = area_service.catalog(session)
    return catalog.describe(catalog.index.locate(idea.lon, idea.lat))


def _server_client_id() -> str:
    return "s-" + secrets.token_urlsafe(18)


def get_idea(session: Session, idea_id: int, *, include_hidden: bool = False) -> Idea:
    idea = session.get(Idea, idea_id)
    if idea is None or (idea.moderation == "hidden" and not include_hidden):
        raise NotFound(N_("There is no idea number %(id)s."), field="id", id=idea_id)
    if idea.moderation == "flagged" and not include_hidden:
        raise NotFound(N_("This idea will appear after a quick check."), field="id",
                       code="held_for_review")
    return idea


def support_counts(session: Session, idea_ids) -> dict[int, int]:
    ids = [int(i) for i in idea_ids]
    if not ids:
        return {}
    rows = session.execute(select(Support.idea_id, func.count(Support.id))
                           .where(Support.idea_id.in_(ids)).group_by(Support.idea_id))
    counts = dict.fromkeys(ids, 0)
    counts.update(dict(rows.all()))
    return counts


def supported_by(session: Session, participant: Participant | None, idea_ids) -> set[int]:
    if participant is None or not idea_ids:
        return set()
    return set(session.scalars(select(Support.idea_id).where(
        Support.participant_id == participant.id, Support.idea_id.in_(list(idea_ids)))))


def list_ideas(session: Session, city: City, flt: IdeaFilter) -> tuple[list[Idea], int]:
    """Visible ideas matching the filter, newest or most supported first; ``(page, total)``."""
    conditions = [Idea.moderation == moderation.PUBLIC]
    if flt.category:
        if city.category(flt.category) is None:
            raise InvalidInput(N_("Choose a topic from the list."), field="category")
        conditions.append(Idea.category == flt.category)
    if flt.status:
        if flt.status not in STATUSES:
            raise InvalidInput(N_("Unknown status."), field="status")
        conditions.append(Idea.status == flt.status)
    if flt.session_id:
        conditions.append(Idea.session_id == flt.session_id)
    if flt.bbox:
        west, south, east, north = map_data.check_bbox(flt.bbox)
        conditions += [Idea.lon.between(west, east), Idea.lat.between(south, north)]
    if flt.area_id is not None or flt.layer:
        if not (flt.layer and flt.area_id is not None):
            raise InvalidInput(N_("Give both the layer and the area."), field="area")
        area = area_service.resolve_area(session, AreaRef(flt.layer, flt.area_id))
        conditions.append(Idea.id.in_(select(IdeaArea.idea_id).where(
            IdeaArea.area_id == area.id)))
    if flt.sort not in SORTS:
        raise InvalidInput(N_("Sort by newest or supported."), field="sort")
    if not (1 <= flt.limit <= PAGE_MAX) or flt.offset < 0:
        raise InvalidInput(N_("Ask for 1 to %(n)s ideas at a time."), field="limit", n=PAGE_MAX)
    total = session.scalar(select(func.count(Idea.id)).where(and_(*conditions)))
    query = select(Idea).where(and_(*conditions))
    if flt.sort == "supported":
        supports = (select(Support.idea_id, func.count(Support.id).label("n"))
                    .group_by(Support.idea_id).subquery())
        query = (query.outerjoin(supports, supports.c.idea_id == Idea.id)
                 .order_by(func.coalesce(supports.c.n, 0).desc(), Idea.id.desc()))
    else:
        query = query.order_by(Idea.created_at.desc(), Idea.id.desc())
    page = list(session.scalars(query.limit(flt.limit).offset(flt.offset)))
    return page, total


def set_support(session: Session, idea: Idea, participant: Participant, on: bool,
                origin: Origin = WEB) -> tuple[bool, int]:
    """Support (or stop supporting) an idea: at most one support per participant, enforced by
    the database. Doing it twice changes nothing. Returns ``(supported, count)``."""
    existing = session.scalar(select(Support).where(Support.idea_id == idea.id,
                                                    Support.participant_id == participant.id))
    if on and existing is None:
        try:
            with session.begin_nested():
                session.add(Support(idea_id=idea.id, participant_id=participant.id,
                                    channel=origin.channel, session_id=origin.session_id))
                session.flush()
            rollups.support_changed(session, idea, participant.id, 1)
        except IntegrityError:
            pass  # a parallel request stored the same support
    elif not on and existing is not None:
        session.delete(existing)
        session.flush()
        rollups.support_changed(session, idea, participant.id, -1)
    return on, support_counts(session, [idea.id])[idea.id]


def add_comment(session: Session, idea: Idea, participant: Participant, text: object,
                client_id: object = None, origin: Origin = WEB) -> tuple[Comment, bool]:
    client_id = check_client_id(client_id)
    if client_id:
        existing = session.scalar(select(Comment).where(Comment.client_id == client_id))
        if existing is not None:
            return existing, False
    text = clean_text(text, limit=MAX_COMMENT)
    state, reason = moderation.screen(text)
    comment = Comment(idea_id=idea.id, participant_id=participant.id, text=text,
                      client_id=client_id or _server_client_id(), language=origin.language,
                      moderation=state, moderation_reason=reason)
    try:
        with session.begin_nested():
            session.add(comment)
            session.flush()
    except IntegrityError:
        existing = session.scalar(select(Comment).where(Comment.client_id == client_id))
        if existing is None:
            raise
        return existing, False
    return comment, True


def visible_comments(session: Session, idea: Idea) -> list[Comment]:
    return list(session.scalars(select(Comment).where(
        Comment.idea_id == idea.id, Comment.moderation == moderation.PUBLIC)
        .order_by(Comment.id)))


def report(session: Session, participant: Participant, *, reason: object,
           idea: Idea | None = None, comment: Comment | None = None,
           note: object = None, auto_hide_after: int = 0) -> bool:
    """Flag an idea or comment; once per participant and target. True when newly stored.
    With ``auto_hide_after`` reports from different people, the text is hidden for review."""
    if reason not in REPORT_REASONS:
        raise InvalidInput(N_("Choose a reason from the list."), field="reason")
    if note is not None and not isinstance(note, str):
        raise InvalidInput(N_("Write the note as text."), field="note")
    target = f"idea:{idea.id}" if idea is not None else f"comment:{comment.id}"
    if session.scalar(select(Report.id).where(Report.participant_id == participant.id,
                                              Report.target == target)) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(Report(target=target, idea_id=getattr(idea, "id", None),
                               comment_id=getattr(comment, "id", None),
                               participant_id=participant.id, reason=reason,
                               note=(note or "")[:MAX_COMMENT] or None))
            session.flush()
    except IntegrityError:
        return False
    moderation.after_report(session, idea if idea is not None else comment, auto_hide_after)
    return True


def area_names(session: Session, idea: Idea) -> dict[str, dict]:
    return area_service.areas_of_ideas(session, [idea.id])[idea.id]


def main_area_names(session: Session, city: City, idea_ids) -> dict[int, str]:
    """The main layer's area name of each idea (for lists)."""
    ids = [int(i) for i in idea_ids]
    if not ids:
        return {}
    rows = session.execute(
        select(IdeaArea.idea_id, Area.name).join(Area, Area.id == IdeaArea.area_id)
        .join(AreaLayer, AreaLayer.id == IdeaArea.layer_id)
        .where(AreaLayer.key == city.main_layer, IdeaArea.idea_id.in_(ids)))
    return dict(rows.all())


def get_comment(session: Session, comment_id: int) -> Comment:
    comment = session.get(Comment, comment_id)
    if comment is None or comment.moderation != moderation.PUBLIC:
        raise NotFound(N_("There is no comment number %(id)s."), field="id", id=comment_id)
    return comment

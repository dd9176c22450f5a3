"""Adding an idea, exactly once per client id, placed in the areas of every layer."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from shapely.geometry import Point
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.errors import N_, Closed, DomainError, InvalidInput
from vizlou.models import CHANNELS, Idea, IdeaArea, Participant, Status, WebhookEvent
from vizlou.models.types import utcnow
from vizlou.services import locks
from vizlou.services.areas import catalog as area_catalog
from vizlou.services.areas.layers import get_layer, resolve_area
from vizlou.services.counts import record
from vizlou.services.dialect import insert_once
from vizlou.services.ideas import moderation
from vizlou.services.inputs import check_client_id, check_point, clean_text
from vizlou.services.values import WEB, AreaRef, Origin
from vizlou.services.webhooks import hooks


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


def create_idea(session: Session, city: City, participant: Participant | None, data: NewIdea,
                origin: Origin = WEB, now: datetime | None = None, *,
                imported: bool = False) -> tuple[Idea, bool]:
    """Store a new idea and its areas; ``(idea, created)``. The same client id again returns
    the idea already stored (``created`` is False), never a second one, even when two
    requests race: the database's unique key decides, in the same statement as the insert.
    A retry is answered with what was stored even where the idea would no longer be taken
    (ideas closed since, say). ``imported``: an existing record brought in with its original
    date, which may lie outside the dates the city takes ideas."""
    client_id = check_client_id(data.client_id)
    try:
        text, (lon, lat, placement), catalog, located = _checked(session, city, data, origin,
                                                                 now, imported)
    except DomainError:
        stored = _stored(session, client_id)
        if stored is not None:  # a retry of an idea taken before
            return stored, False
        raise
    state, reason = moderation.screen(text)
    if participant is not None:  # their writes one at a time: their counts move once
        locks.participant(session, participant)
    idea = insert_once(session, Idea, {
        "client_id": client_id or _server_client_id(),
        "participant_id": getattr(participant, "id", None), "event_id": origin.event_id,
        "channel": origin.channel, "category": data.category, "text": text,
        "language": origin.language, "lon": lon, "lat": lat, "geom": Point(lon, lat),
        "placement": placement, "created_at": now or utcnow(), "moderation": state,
        "moderation_reason": reason, "status": Status.NEW}, unique="client_id")
    if idea is None:  # a retry, or another request with the same client id a moment ago
        return _stored(session, client_id), False
    session.execute(insert(IdeaArea), [
        {"idea_id": idea.id, "layer_id": layer_id, "area_id": area_id}
        for layer_id, area_id in located.items() if area_id is not None])
    record.idea_added(session, idea, located)
    hooks.emit(session, WebhookEvent.IDEA_CREATED, {
        "id": idea.id, "category": idea.category, "text": idea.text, "lon": idea.lon,
        "lat": idea.lat, "channel": idea.channel, "moderation": idea.moderation,
        "created_at": idea.created_at, "areas": {
            catalog.layer_keys[lid]: catalog.names[aid] for lid, aid in located.items()
            if aid is not None and lid in catalog.layer_keys}})
    return idea, True


def _stored(session: Session, client_id: str | None) -> Idea | None:
    if not client_id:
        return None
    return session.scalar(select(Idea).where(Idea.client_id == client_id))


def _checked(session: Session, city: City, data: NewIdea, origin: Origin,
             now: datetime | None, imported: bool):
    """The idea's cleaned text, ``(lon, lat, placement)``, the area catalog and the idea's
    areas (``{layer id: area id or None}``), or the error that refuses it."""
    if not imported and not city.is_open(now or utcnow()):
        raise Closed(N_("Ideas are closed for now. Thank you for taking part!"))
    if city.category(data.category) is None:
        raise InvalidInput(N_("Choose a topic from the list."), field="category")
    if origin.channel not in CHANNELS:
        raise InvalidInput(N_("Unknown channel."), field="channel")
    text = clean_text(data.text)
    if data.area is not None:
        area = resolve_area(session, data.area)
        spot = area.geom.representative_point()
        place = round(spot.x, 6), round(spot.y, 6), "area"
    else:
        place = (*check_point(data.lon, data.lat), "point")
    catalog = area_catalog.catalog(session, for_write=True)
    if city.main_layer not in catalog.layer_ids:
        get_layer(session, city.main_layer)  # raises the clear NotFound
    located = catalog.locate(place[0], place[1])
    in_city = any(area is not None for area in located.values())
    accepted = in_city and city.outside_areas == "accept"  # counted under "(no area)"
    if located.get(catalog.layer_ids[city.main_layer]) is None and not accepted:
        if in_city:  # in the city, between the main layer's areas
            layer = get_layer(session, city.main_layer)
            raise OutsideCity(N_("That spot is in none of the map's areas (%(layer)s). Please "
                                 "pick a place inside one of them."), field="lon",
                              layer=layer.title)
        raise OutsideCity(N_("That spot is outside %(city)s. Please pick a place inside "
                             "the city."), field="lon", city=city.name)
    return text, place, catalog, located


def new_idea_areas(session: Session, idea: Idea, language: str | None = None
                   ) -> dict[str, dict]:
    """The areas of an idea just stored, from the area index (no query), named in
    ``language`` where the boundary file gave it."""
    catalog = area_catalog.catalog(session)
    return catalog.describe(catalog.index.locate(idea.lon, idea.lat), language)


def _server_client_id() -> str:
    return "s-" + secrets.token_urlsafe(18)

"""Anonymous participants: created on their first contribution, with an optional profile.

A participant's token is a bearer credential (whoever holds it acts as them), so the
database keeps only a keyed hash of it (HMAC-SHA256 with a key derived from the app's
secret): a copy of the database does not let anyone act as a resident. Changing the app's
``SECRET_KEY`` therefore disconnects every device from what it sent before.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.errors import N_, InvalidInput
from vizlou.models import Area, AreaLayer, Participant, ParticipantArea
from vizlou.models.types import utcnow
from vizlou.services import locks
from vizlou.services.areas import catalog as area_catalog
from vizlou.services.areas import layers as area_layers
from vizlou.services.counts import record
from vizlou.services.dialect import insert_once
from vizlou.services.values import AreaRef


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str, key: bytes) -> str:
    """What the database keeps of a token."""
    return hmac.new(key, b"participant:" + token.encode(), hashlib.sha256).hexdigest()


def find(session: Session, token: str | None, *, key: bytes) -> Participant | None:
    if not token:
        return None
    return session.scalar(select(Participant)
                          .where(Participant.token_hash == token_hash(token, key)))


def get_or_create(session: Session, token: str, *, key: bytes, channel: str = "web",
                  event_id: int | None = None, language: str | None = None) -> Participant:
    """The participant behind ``token``, created the first time it is seen (one statement
    when they exist; two requests creating the same one at once make one)."""
    return find(session, token, key=key) or create(
        session, token, key=key, channel=channel, event_id=event_id, language=language)


def create(session: Session, token: str, *, key: bytes, channel: str = "web",
           event_id: int | None = None, language: str | None = None) -> Participant:
    """A participant that :func:`find` did not find: one statement, or two when another
    request created them a moment ago (the unique token hash decides)."""
    digest = token_hash(token, key)
    participant = insert_once(session, Participant, {
        "token_hash": digest, "channel": channel, "event_id": event_id,
        "language": language, "created_at": utcnow()}, unique="token_hash")
    if participant is None:  # another request made them a moment ago
        participant = session.scalar(select(Participant)
                                     .where(Participant.token_hash == digest))
    return participant


def set_profile(session: Session, city: City, participant: Participant, *,
                age_bracket: str | None = None, home_area: AreaRef | None = None,
                home_point: tuple[float, float] | None = None) -> dict:
    """Store the age bracket and home areas. A home point is reduced to its areas, one per
    layer, and never stored. Returns ``{"age_bracket", "home_areas": {layer: name}}``."""
    if age_bracket is not None:
        if age_bracket not in city.age_brackets:
            raise InvalidInput(N_("Choose an age group from the list."), field="age_bracket")
        participant.age_bracket = age_bracket
    found: dict[int, int] = {}
    if home_area is not None:
        area = area_layers.resolve_area(session, home_area)
        found[area.layer_id] = area.id
        # The other layers follow from the area's centre, as a resident would expect.
        point = area.geom.representative_point()
        for layer_id, area_id in area_catalog.area_index(session).locate(point.x,
                                                                          point.y).items():
            if area_id is not None and layer_id not in found:
                found[layer_id] = area_id
    elif home_point is not None:
        lon, lat = home_point
        found = {k: v for k, v in area_catalog.area_index(session).locate(lon, lat).items()
                 if v is not None}
        if not found:
            raise InvalidInput(N_("That place is outside %(city)s."), field="home",
                               code="outside_city", city=city.name)
    if found:
        locks.participant(session, participant)
        with record.people_changing(session, [participant.id]):
            session.execute(delete(ParticipantArea)
                            .where(ParticipantArea.participant_id == participant.id))
            session.add_all(ParticipantArea(participant_id=participant.id, layer_id=layer_id,
                                            area_id=area_id)
                            for layer_id, area_id in found.items())
    return profile(session, participant)


def profile(session: Session, participant: Participant) -> dict:
    rows = session.execute(
        select(AreaLayer.key, Area.id, Area.name)
        .join(ParticipantArea, ParticipantArea.area_id == Area.id)
        .join(AreaLayer, AreaLayer.id == ParticipantArea.layer_id)
        .where(ParticipantArea.participant_id == participant.id))
    return {"age_bracket": participant.age_bracket,
            "home_areas": {key: {"id": aid, "name": name} for key, aid, name in rows}}

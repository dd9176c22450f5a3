"""A resident's own data: everything they sent, to download, and deleting it from their phone.

Deleting takes away what could say something about the person: their ideas (with the
supports and comments others left on them) and their comments, their age group and home
areas, and the link between their device and what stays. Their ballots and their supports
on others' ideas stay, counted, but belong to no one any more: nobody, the resident
included, can find them again, change them or tell them from anyone else's. Their ballots
then count in the area "unknown" of every layer (they no longer have a home area or an
idea to place them). Planners' exports made before are not changed.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vizlou.errors import N_, InvalidInput
from vizlou.models import (
    Area,
    AreaLayer,
    Ballot,
    Comment,
    ContactKind,
    Idea,
    IdeaArea,
    Moderation,
    Participant,
    ParticipantArea,
    Question,
    Receipt,
    Report,
    Support,
)
from vizlou.services import audit, locks
from vizlou.services.counts import record
from vizlou.services.messaging import outbox, phones

ANONYMOUS = audit.Actor("resident (anonymous)")


def download(session: Session, participant: Participant) -> dict:
    """Everything the participant sent, as plain values (the device's copy of its data)."""
    def when(value):
        return value.isoformat(timespec="seconds") + "Z" if value else None

    ideas = session.scalars(select(Idea).where(Idea.participant_id == participant.id)
                            .order_by(Idea.id)).all()
    homes = session.execute(select(AreaLayer.key, Area.name)
                            .join(ParticipantArea, ParticipantArea.area_id == Area.id)
                            .join(AreaLayer, AreaLayer.id == ParticipantArea.layer_id)
                            .where(ParticipantArea.participant_id == participant.id)).all()
    return {
        "participant": {"since": when(participant.created_at), "channel": participant.channel,
                        "age_bracket": participant.age_bracket,
                        "language": participant.language,
                        "home_areas": dict(homes)},
        "ideas": [{"id": i.id, "created_at": when(i.created_at), "category": i.category,
                   "text": i.text, "lon": i.lon, "lat": i.lat, "status": i.status,
                   "response": i.response,
                   "response_translations": dict(i.response_translations or {}),
                   "moderation": i.moderation} for i in ideas],
        "comments": [{"idea": c.idea_id, "created_at": when(c.created_at), "text": c.text,
                      "moderation": c.moderation}
                     for c in session.scalars(select(Comment).where(
                         Comment.participant_id == participant.id).order_by(Comment.id))],
        "supports": [{"idea": idea_id, "created_at": when(at)} for idea_id, at in
                     session.execute(select(Support.idea_id, Support.created_at).where(
                         Support.participant_id == participant.id).order_by(Support.id))],
        "ballots": [{"question": title, "question_id": q, "choice": choice,
                     "updated_at": when(at)} for q, title, choice, at in session.execute(
                         select(Ballot.question_id, Question.title, Ballot.choice,
                                Ballot.updated_at).join(Question)
                         .where(Ballot.participant_id == participant.id)
                         .order_by(Ballot.id))],
        "reports": session.scalar(select(Report.id).where(
            Report.participant_id == participant.id).limit(1)) is not None,
    }


def changed_since(session: Session, participant: Participant, since: datetime) -> list[int]:
    """Ideas of the participant, or that they support, that planners changed since then."""
    supported = select(Support.idea_id).where(Support.participant_id == participant.id)
    return list(session.scalars(select(Idea.id).where(
        Idea.changed_at > since,
        (Idea.participant_id == participant.id) | Idea.id.in_(supported))))


def supported_ideas(session: Session, participant: Participant) -> list[Idea]:
    """The public ideas the participant supports, newest support first."""
    return list(session.scalars(
        select(Idea).join(Support, Support.idea_id == Idea.id)
        .where(Support.participant_id == participant.id,
               Idea.moderation == Moderation.VISIBLE)
        .order_by(Support.id.desc()).limit(100)))


def has_ideas(session: Session, participant: Participant) -> bool:
    return session.scalar(select(Idea.id).where(Idea.participant_id == participant.id)
                          .limit(1)) is not None


EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s.]{2,}")


def check_contact(kind: object, address: object) -> str:
    """A phone number (with its country code) or an email address, checked."""
    if kind == ContactKind.PHONE:
        return phones.normalise(address)
    if kind == ContactKind.EMAIL and isinstance(address, str) and \
            EMAIL.fullmatch(address.strip()) and len(address.strip()) <= 254:
        return address.strip()
    raise InvalidInput(N_("Write a phone number with its country code, or an email address "
                          "like name@example.org."), field="address")


def erase(session: Session, participant: Participant) -> dict:
    """Delete what the participant sent that says something about them (see above); returns
    how many of each were deleted or kept."""
    idea_ids = session.scalars(select(Idea.id).where(Idea.participant_id == participant.id)
                               .order_by(Idea.id)).all()
    ideas = [locks.idea(session, session.get(Idea, i)) for i in idea_ids]  # ideas first
    supporters = session.scalars(select(Support.participant_id)
                                 .where(Support.idea_id.in_(idea_ids))).all()
    locks.participants(session, [participant.id, *supporters])
    for idea in ideas:  # counted nowhere any more, as if hidden; then gone
        before = idea.moderation
        if before != Moderation.HIDDEN:
            idea.moderation = Moderation.HIDDEN
            session.flush()
            record.idea_moderated(session, idea, before)
    with record.people_changing(session, [participant.id, *supporters]):
        _delete_ideas(session, idea_ids)
        comments = session.execute(delete(Comment).where(
            Comment.participant_id == participant.id)).rowcount
        session.execute(delete(ParticipantArea)
                        .where(ParticipantArea.participant_id == participant.id))
        session.execute(delete(Receipt).where(Receipt.participant_id == participant.id))
        session.execute(delete(Report).where(Report.participant_id == participant.id))
        outbox.forget(session, participant)  # how to reach them, and any news unsent
        participant.age_bracket = None
        participant.language = None
        participant.token_hash = "erased-" + secrets.token_hex(28)  # no token leads here
    kept = {"ballots": session.scalar(select(Ballot.id).where(
        Ballot.participant_id == participant.id).limit(1)) is not None}
    audit.record(session, ANONYMOUS, "participant.erase", "participant", participant.id,
                 ideas=len(idea_ids), comments=comments)
    return {"ideas": len(idea_ids), "comments": comments, **kept}


def _delete_ideas(session: Session, idea_ids: Sequence[int]) -> None:
    if not idea_ids:
        return
    ids = list(idea_ids)
    session.execute(delete(IdeaArea).where(IdeaArea.idea_id.in_(ids)))
    session.execute(delete(Report).where(Report.idea_id.in_(ids)))
    session.execute(delete(Comment).where(Comment.idea_id.in_(ids)))
    session.execute(delete(Support).where(Support.idea_id.in_(ids)))
    session.execute(delete(Idea).where(Idea.id.in_(ids)))
    record.ideas_deleted(session, ids)
    session.expire_all()

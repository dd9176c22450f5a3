"""Ballots: checked against the question's method, one per participant, replaceable while open."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vizlou.errors import N_, Closed
from vizlou.models import Ballot, Participant, Question
from vizlou.models.types import utcnow
from vizlou.services.counts import kept as rollups
from vizlou.services.inputs import check_client_id
from vizlou.services.values import WEB, Origin
from vizlou.services.voting import methods


def is_open(question: Question, now: datetime | None = None) -> bool:
    now = now or utcnow()
    if not question.published:
        return False
    if question.opens_at and now < question.opens_at:
        return False
    return not (question.closes_at and now >= question.closes_at)


def check_choice(question: Question, choice: object) -> dict:
    """The choice in its stored shape, or InvalidInput with a message residents understand."""
    return methods.of(question).check(question, choice)


def cast_ballot(session: Session, question: Question, participant: Participant, choice: object,
                *, client_id: object = None, origin: Origin = WEB,
                now: datetime | None = None) -> tuple[Ballot, bool]:
    """Store or replace the participant's ballot; ``(ballot, created)``. One ballot per
    participant and question is enforced by the database."""
    if not is_open(question, now):
        raise Closed(N_("Voting on this question is closed."))
    clean = check_choice(question, choice)
    client_id = check_client_id(client_id)
    ballot = my_ballot(session, question, participant)
    if ballot is not None:
        _replace(session, question, ballot, clean, client_id, origin)
        return ballot, False
    ballot = Ballot(question_id=question.id, participant_id=participant.id, choice=clean,
                    channel=origin.channel, event_id=origin.event_id, client_id=client_id)
    try:
        with session.begin_nested():
            session.add(ballot)
            session.flush()
    except IntegrityError:
        ballot = my_ballot(session, question, participant)  # a parallel request won
        _replace(session, question, ballot, clean, client_id, origin)
        return ballot, False
    rollups.people_changed(session, [participant.id], new_ballot=ballot.id)
    return ballot, True


def _replace(session: Session, question: Question, ballot: Ballot, choice: dict,
             client_id: str | None, origin: Origin) -> None:
    rollups.ballot_replaced(session, question, ballot.participant_id, ballot.choice, choice)
    ballot.choice = choice
    ballot.client_id = client_id
    ballot.channel = origin.channel
    ballot.updated_at = utcnow()


def my_ballot(session: Session, question: Question,
              participant: Participant | None) -> Ballot | None:
    if participant is None:
        return None
    return session.scalar(select(Ballot).where(Ballot.question_id == question.id,
                                               Ballot.participant_id == participant.id))


def localized(item, language: str) -> dict:
    """``title`` and ``description`` of a question or option in the language, else English."""
    text = (item.translations or {}).get(language) or {}
    return {"title": text.get("title") or item.title,
            "description": text.get("description") or item.description or ""}

"""Ballots: checked against the question's method, one per participant, replaceable while open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from vizlou.errors import N_, Closed, Conflict, InvalidInput
from vizlou.models import Ballot, Identity, Participant, Question
from vizlou.models.types import utcnow
from vizlou.services import locks, receipts
from vizlou.services.counts import record
from vizlou.services.dialect import insert_once
from vizlou.services.inputs import check_client_id
from vizlou.services.values import WEB, Origin
from vizlou.services.voting import codes, methods


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


@dataclass(frozen=True)
class Voter:
    """Who casts a ballot: the participant, and what the question's identity asks of them
    (``code``: a single-use voting code; ``key``: the app's secret, to check it;
    ``phone_hash``: the keyed hash of a phone number the voter proved is theirs, by texting
    from it or by a code sent to it)."""

    participant: Participant
    code: object = None
    key: bytes = b""
    phone_hash: str | None = None


def cast_ballot(session: Session, question: Question, participant: Participant | Voter,
                choice: object, *, client_id: object = None, origin: Origin = WEB,
                now: datetime | None = None) -> tuple[Ballot, bool]:
    """Store or replace the voter's ballot; ``(ballot, created)``.

    One ballot per participant and question, enforced by the database; on a question with
    voting codes, also one per code (whoever holds the code may replace its ballot). Decided
    under the question's shared lock (an edit of the question waits), the participant's lock
    (their ballots one at a time) and the code's. A retry of a write already applied (same
    ``client_id``) changes nothing, even when it arrives after a newer ballot."""
    voter = participant if isinstance(participant, Voter) else Voter(participant)
    participant = voter.participant
    question = locks.question(session, question, shared=True)
    if not is_open(question, now):
        raise Closed(N_("Voting on this question is closed."))
    clean = check_choice(question, choice)
    client_id = check_client_id(client_id)
    phone = voter.phone_hash if question.identity == Identity.PHONE else None
    if question.identity == Identity.PHONE and not phone:
        raise InvalidInput(N_("This vote needs your phone number: we text you a code to "
                              "check it."), field="phone", code="phone_needed")
    # The code's or phone's ballot may be another person's: both people are locked, in order
    # of their ids as everywhere, before the code and the ballot (then checked: it may have
    # been cast meanwhile by someone else, whom this request holds no lock on).
    owner = _holder(session, question, voter, phone)
    locks.participants(session, [participant.id, owner])
    code = (codes.claim(session, question, voter.code, key=voter.key)
            if question.identity == Identity.CODE else None)
    if code is not None:
        ballot = session.scalar(select(Ballot).where(Ballot.vote_code_id == code.id)
                                .execution_options(populate_existing=True))
        if ballot is not None and ballot.participant_id not in (participant.id, owner):
            raise Conflict(N_("This code has just been used to vote. Send your vote again to "
                              "replace that ballot."), field="code")
    elif phone is not None:
        ballot = _phone_ballot(session, question, phone)
        if ballot is not None and ballot.participant_id not in (participant.id, owner):
            raise Conflict(N_("This phone number has just voted. Send your vote again to "
                              "replace it."), field="phone")
    else:
        ballot = my_ballot(session, question, participant)
    if (code is not None or phone is not None) and ballot is None \
            and my_ballot(session, question, participant):
        raise Conflict(N_("You have already voted with another code.") if code is not None
                       else N_("You have already voted with another phone number."),
                       field="code" if code is not None else "phone")
    first_time = receipts.first_time(session, participant.id, client_id, "ballot")
    if ballot is not None and not first_time:
        return ballot, False
    if ballot is not None:  # its caster is locked: the voter, or ``owner``
        if phone is not None and ballot.participant_id != participant.id:
            _move_to(session, question, ballot, participant, clean, client_id,
                     origin.channel)
            return ballot, False
        old, old_channel = ballot.choice, ballot.channel
        ballot.choice, ballot.client_id = clean, client_id
        ballot.channel, ballot.updated_at = origin.channel, utcnow()
        session.flush()
        if ballot.set_aside_at is None:
            record.ballot_replaced(session, question, ballot, old, old_channel)
        return ballot, False
    ballot = insert_once(session, Ballot, {
        "question_id": question.id, "participant_id": participant.id, "choice": clean,
        "channel": origin.channel, "event_id": origin.event_id, "client_id": client_id,
        "vote_code_id": getattr(code, "id", None), "phone_hash": phone,
        "created_at": now or utcnow(), "updated_at": now or utcnow()},
        unique=("question_id", "participant_id") if phone is None else ("question_id",
                                                                          "phone_hash"))
    if ballot is None:  # the same phone voted a moment ago from another device
        raise Conflict(N_("This phone number has just voted. Send your vote again to "
                          "replace it."), field="phone")
    record.ballot_cast(session, question, ballot)
    return ballot, True


def _move_to(session: Session, question: Question, ballot: Ballot, participant: Participant,
             choice, client_id: str, channel: str) -> None:
    """The phone's ballot, cast again from another device (the same number proved there):
    it becomes that device's, so that the voter finds it under "My ideas" where they voted
    last, and counts in that voter's area. A device that already voted with another number
    keeps its own ballot."""
    if my_ballot(session, question, participant) is not None:
        raise Conflict(N_("You have already voted with another phone number."), field="phone")
    with record.people_changing(session, [ballot.participant_id, participant.id]):
        ballot.participant_id, ballot.choice, ballot.client_id = participant.id, choice, client_id
        ballot.channel, ballot.updated_at = channel, utcnow()


def _holder(session: Session, question: Question, voter: Voter, phone: str | None
            ) -> int | None:
    """Who cast the ballot the voter's code or phone already holds (read without a lock)."""
    if phone is not None:
        return session.scalar(select(Ballot.participant_id).where(
            Ballot.question_id == question.id, Ballot.phone_hash == phone))
    if question.identity == Identity.CODE:
        return codes.ballot_holder(session, question, voter.code, key=voter.key)
    return None


def _phone_ballot(session: Session, question: Question, phone: str) -> Ballot | None:
    """The ballot this phone number cast, locked (whoever's device it was cast from)."""
    return session.scalar(select(Ballot).where(Ballot.question_id == question.id,
                                               Ballot.phone_hash == phone)
                          .with_for_update().execution_options(populate_existing=True))


def my_ballot(session: Session, question: Question,
              participant: Participant | None) -> Ballot | None:
    if participant is None:
        return None
    # Read again, not from the session's memory: a page may have loaded the ballot before
    # its voter was locked, and another request may have changed it since.
    return session.scalar(select(Ballot).where(Ballot.question_id == question.id,
                                               Ballot.participant_id == participant.id)
                          .execution_options(populate_existing=True))


def localized(item, language: str) -> dict:
    """``title`` and ``description`` of a question or option in the language, else English."""
    text = (item.translations or {}).get(language) or {}
    return {"title": text.get("title") or item.title,
            "description": text.get("description") or item.description or ""}

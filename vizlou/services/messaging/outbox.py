"""Hearing back (SPEC R10): a resident who left a phone number (or texted an idea) is told when
their idea's status changes. The news is written to the outbox in the same transaction as
the change, and sent once that transaction has committed (``deliver``); a message that could
not be sent stays to be tried again (``flask --app vizlou reach deliver``). Nothing is sent
to a phone that said STOP."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vizlou.models import (
    Contact,
    ContactKind,
    Idea,
    OutboxMessage,
    Participant,
    SmsConversation,
    Status,
)
from vizlou.models.types import utcnow
from vizlou.services.dialect import insert_once
from vizlou.services.messaging import phones
from vizlou.services.messaging.senders import Sender, SendFailed

MAX_ATTEMPTS = 5
CLOSED_STATUSES = (Status.DONE, Status.NOT_FEASIBLE)


def remember(session: Session, participant: Participant, kind: str, address: str,
             key: bytes) -> Contact:
    """Keep (or replace) how to reach this participant: the hash and a sealed copy."""
    if kind == ContactKind.PHONE:
        address = phones.normalise(address)
    digest = phones.address_hash(kind, address, key)
    contact = session.scalar(select(Contact).where(Contact.participant_id == participant.id,
                                                   Contact.kind == kind))
    if contact is None:
        contact = insert_once(session, Contact, {
            "participant_id": participant.id, "kind": kind, "address_hash": digest,
            "sealed": phones.seal(address, key), "created_at": utcnow()},
            unique=("participant_id", "kind"))
        if contact is not None:
            return contact
        contact = session.scalar(select(Contact).where(
            Contact.participant_id == participant.id, Contact.kind == kind))
    if contact.address_hash != digest:
        contact.address_hash, contact.sealed = digest, phones.seal(address, key)
    return contact


def forget(session: Session, participant: Participant, kind: str | None = None) -> int:
    """Delete the participant's contact details (one kind or all), and their unsent news."""
    query = delete(Contact).where(Contact.participant_id == participant.id)
    if kind is not None:
        query = query.where(Contact.kind == kind)
    return session.execute(query).rowcount or 0


def contacts_of(session: Session, participant_id: int) -> list[Contact]:
    return list(session.scalars(select(Contact).where(Contact.participant_id == participant_id)
                                .order_by(Contact.kind)))


def queue_news(session: Session, ideas: Sequence[Idea],
               body_for: Callable[[Idea, str], str]) -> int:
    """Write the news of each idea to its author's contacts; ``body_for(idea, language)``
    says it in the author's language. Returns how many messages were queued."""
    by_author = {idea.participant_id: idea for idea in ideas if idea.participant_id}
    if not by_author:
        return 0
    rows = session.execute(select(Contact, Participant.language)
                           .join(Participant, Participant.id == Contact.participant_id)
                           .where(Contact.participant_id.in_(sorted(by_author)))).all()
    now = utcnow()
    for contact, language in rows:
        idea = by_author[contact.participant_id]
        session.add(OutboxMessage(contact_id=contact.id, body=body_for(idea, language or ""),
                                  created_at=now, attempts=0))
    session.flush()
    return len(rows)


def deliver(session: Session, senders: dict[str, Sender], key: bytes, *,
            limit: int = 200) -> dict[str, int]:
    """Send what waits in the outbox: ``{"sent", "failed", "skipped"}``. A phone that said
    STOP is skipped (its message is dropped); a message whose address cannot be unsealed
    any more (the pepper changed) too. Each message is locked while it is sent, so two
    processes delivering at once send it once."""
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    pending = session.scalars(select(OutboxMessage)
                              .where(OutboxMessage.sent_at.is_(None),
                                     OutboxMessage.attempts < MAX_ATTEMPTS)
                              .order_by(OutboxMessage.id).limit(limit)
                              .with_for_update(skip_locked=True)).all()
    for message in pending:
        contact = session.get(Contact, message.contact_id)
        address = phones.unseal(contact.sealed, key) if contact else None
        sender = senders.get(contact.kind) if contact else None
        if address is None or sender is None or _stopped(session, contact, key):
            session.delete(message)
            counts["skipped"] += 1
            continue
        message.attempts += 1
        try:
            sender.send(address, message.body)
        except SendFailed as exc:
            message.error = str(exc)[:200]
            counts["failed"] += 1
            continue
        message.sent_at, message.error = utcnow(), None
        counts["sent"] += 1
        session.flush()
        _forget_when_all_closed(session, contact)
    session.flush()
    return counts


def _forget_when_all_closed(session: Session, contact: Contact) -> None:
    """A resident's contact is kept only while one of their ideas may still change: once
    every one is done or cannot be done, and the news of it is sent, it is deleted."""
    still_open = session.scalar(select(Idea.id).where(
        Idea.participant_id == contact.participant_id,
        Idea.status.not_in(CLOSED_STATUSES)).limit(1))
    unsent = session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.contact_id == contact.id, OutboxMessage.sent_at.is_(None)).limit(1))
    if still_open is None and unsent is None:
        session.delete(contact)


def _stopped(session: Session, contact: Contact, key: bytes) -> bool:
    if contact.kind != ContactKind.PHONE:
        return False
    conversation = session.get(SmsConversation, contact.address_hash)
    return conversation is not None and conversation.stopped_at is not None

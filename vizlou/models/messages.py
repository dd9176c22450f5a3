"""Text messages (SPEC I3): a conversation per phone, the contact details residents gave to
hear back, and the messages waiting to be sent.

A phone number is never stored as it is: conversations and participants know it only as a
keyed hash (``services.reach.phones``), and the one copy that can be read back, to send
a resident the news of their idea, is encrypted (``Contact.sealed``) and deleted with the
contact.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vizlou.extensions import db
from vizlou.models.types import JSONType, utcnow


class SmsConversation(db.Model):
    """Where a phone's conversation stands: what it is waiting for (``state``), in which
    language, until when (a conversation left for 30 minutes starts again), and whether the
    phone said STOP (then nothing is sent to it until START)."""

    __tablename__ = "sms_conversations"

    phone_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    language: Mapped[str] = mapped_column(String(5))
    state: Mapped[dict] = mapped_column(JSONType, default=dict)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ContactKind:
    PHONE = "phone"
    EMAIL = "email"
    ALL = (PHONE, EMAIL)


class Contact(db.Model):
    """How to tell a participant that their idea changed: a keyed hash of the address (to
    find it again) and an encrypted copy used only to send. One of each kind per person."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("participant_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    address_hash: Mapped[str] = mapped_column(String(64), index=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class OutboxMessage(db.Model):
    """A message to a contact, written in the same transaction as the change it tells of and
    sent after that transaction commits (again by ``flask reach deliver`` if sending failed)."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"),
                                            index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(200))


class PhoneCheck(db.Model):
    """A one-time code texted to a phone, to check that a voter holds it (questions whose
    voters are told apart by phone number). Only keyed hashes of the number and the code."""

    __tablename__ = "phone_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone_hash: Mapped[str] = mapped_column(String(64), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    checked_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

"""Anonymous participants and the areas they say they live in (never a home point)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vizlou.extensions import db
from vizlou.models.types import utcnow


class Participant(db.Model):
    __tablename__ = "participants"
    # The dashboard counts who took part through each channel but the web (the few) here.
    # The age filter finds the people of an age group here.
    __table_args__ = (Index("ix_participants_channel", "channel"),
                      Index("ix_participants_age_bracket", "age_bracket"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # A keyed hash of the participant's random token (carried in a signed cookie on a phone,
    # in a kiosk turn, or derived from a phone number over SMS): never the token itself.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    channel: Mapped[str] = mapped_column(String(10), default="web")
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True)
    age_bracket: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    home_areas: Mapped[list[ParticipantArea]] = relationship(cascade="all, delete-orphan",
                                                             passive_deletes=True)


class ParticipantArea(db.Model):
    __tablename__ = "participant_areas"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True)
    layer_id: Mapped[int] = mapped_column(ForeignKey("area_layers.id", ondelete="CASCADE"),
                                          primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"), index=True)


class Receipt(db.Model):
    """A write that a participant's device sent with an idempotency key (``client_id``),
    applied once: the same key again (a retry arriving late) changes nothing, so it can never
    undo a newer write made since. Kept for ``RECEIPT_DAYS`` (see ``services.receipts``)."""

    __tablename__ = "receipts"

    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "ballot", "support", ...
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

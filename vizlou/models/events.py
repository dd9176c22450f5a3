"""Facilitated sessions: an event at a venue, run on shared tablets.

The model is ``Event`` (residents and facilitators call it a session; the code says event,
so that it never meets SQLAlchemy's or Flask's sessions)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Float, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vizlou.extensions import db
from vizlou.models.types import Geometry, utcnow

event_questions = Table(
    "event_questions", db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("question_id", ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
)

event_facilitators = Table(
    "event_facilitators", db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True),
)


class Event(db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    venue: Mapped[str] = mapped_column(String(200), default="")
    venue_lon: Mapped[float | None] = mapped_column(Float)
    venue_lat: Mapped[float | None] = mapped_column(Float)
    venue_geom = mapped_column(Geometry("POINT"), nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime | None] = mapped_column(DateTime)
    ends_at: Mapped[datetime | None] = mapped_column(DateTime)
    facilitator_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL"))
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    poster_code: Mapped[str] = mapped_column(String(12), unique=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    questions = relationship("Question", secondary=event_questions,
                             order_by="Question.position")
    facilitator = relationship("StaffUser", foreign_keys=[facilitator_id])
    # Staff the facilitator (or an admin) added to run the session with them.
    co_facilitators = relationship("StaffUser", secondary=event_facilitators,
                                   order_by="StaffUser.email")

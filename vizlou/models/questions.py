"""Planning-scenario questions, their options, and ballots (one per participant)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vizlou.extensions import db
from vizlou.models.types import JSONType, utcnow


class Question(db.Model):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    # {"es": {"title": ..., "description": ...}}: the text in other languages.
    translations: Mapped[dict] = mapped_column(JSONType, default=dict)
    method: Mapped[str] = mapped_column(String(10))  # a key of services.voting.methods
    max_choices: Mapped[int | None] = mapped_column(Integer)  # approval: up to k
    budget_total: Mapped[float | None] = mapped_column(Float)  # budget: what to spread
    budget_unit: Mapped[str | None] = mapped_column(String(10))  # "dots" or "dollars"
    opens_at: Mapped[datetime | None] = mapped_column(DateTime)
    closes_at: Mapped[datetime | None] = mapped_column(DateTime)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    options: Mapped[list[Option]] = relationship(
        back_populates="question", order_by="Option.position, Option.id",
        cascade="all, delete-orphan", passive_deletes=True)


class Option(db.Model):
    __tablename__ = "options"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"),
                                             index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    translations: Mapped[dict] = mapped_column(JSONType, default=dict)
    cost: Mapped[float | None] = mapped_column(Float)
    overlay: Mapped[dict | None] = mapped_column(JSONType)  # a GeoJSON geometry
    position: Mapped[int] = mapped_column(Integer, default=0)

    question: Mapped[Question] = relationship(back_populates="options")


class Ballot(db.Model):
    __tablename__ = "ballots"
    __table_args__ = (UniqueConstraint("question_id", "participant_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"),
                                             index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    # The method's own shape: {"option": id} | {"options": [ids]} | {"ranking": [ids]}
    # | {"allocation": {id: amount}} | {"pairs": [[a, b, winner], ...]}
    choice: Mapped[dict] = mapped_column(JSONType)
    channel: Mapped[str] = mapped_column(String(10), default="web")
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    client_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

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
    # Stable across databases: questions exported to a file and imported again match by it.
    key: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    # {"es": {"title": ..., "description": ...}}: the text in other languages.
    translations: Mapped[dict] = mapped_column(JSONType, default=dict)
    method: Mapped[str] = mapped_column(String(10))  # a key of services.voting.methods
    # Method settings (each method says which it uses, services.voting.methods):
    max_choices: Mapped[int | None] = mapped_column(Integer)  # approval: up to k; ranked: rank k
    budget_total: Mapped[float | None] = mapped_column(Float)  # budget: what to spread
    budget_step: Mapped[float | None] = mapped_column(Float)  # budget: in steps of
    budget_unit: Mapped[str | None] = mapped_column(String(10))  # "dots" or "dollars"
    pairs_per_voter: Mapped[int | None] = mapped_column(Integer)  # pairwise: pairs asked
    opens_at: Mapped[datetime | None] = mapped_column(DateTime)
    closes_at: Mapped[datetime | None] = mapped_column(DateTime)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    # How voters are told apart (``Identity``): the participant token, a single-use code,
    # or a phone number checked by a text message.
    identity: Mapped[str] = mapped_column(String(10), default="open")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)

    options: Mapped[list[Option]] = relationship(
        back_populates="question", order_by="Option.position, Option.id",
        cascade="all, delete-orphan", passive_deletes=True)


class Option(db.Model):
    __tablename__ = "options"
    __table_args__ = (UniqueConstraint("question_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"),
                                             index=True)
    key: Mapped[str] = mapped_column(String(60))  # stable within its question
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    translations: Mapped[dict] = mapped_column(JSONType, default=dict)
    cost: Mapped[float | None] = mapped_column(Float)
    overlay: Mapped[dict | None] = mapped_column(JSONType)  # a GeoJSON geometry
    position: Mapped[int] = mapped_column(Integer, default=0)

    question: Mapped[Question] = relationship(back_populates="options")


class Ballot(db.Model):
    __tablename__ = "ballots"
    __table_args__ = (UniqueConstraint("question_id", "participant_id"),
                      UniqueConstraint("question_id", "phone_hash"))

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
    # Set aside by a planner (a burst of stuffed ballots, say): kept, but counted nowhere.
    set_aside_at: Mapped[datetime | None] = mapped_column(DateTime)
    # On a question with ``code`` identity: the code that cast it (one ballot per code).
    vote_code_id: Mapped[int | None] = mapped_column(
        ForeignKey("vote_codes.id", ondelete="SET NULL"), unique=True)
    # On a question with ``phone`` identity: the keyed hash of the phone number that cast it
    # (one ballot per phone number, whoever's device it was cast from).
    phone_hash: Mapped[str | None] = mapped_column(String(64))


class Identity:
    """How a question tells voters apart."""

    OPEN = "open"  # the participant token (a phone's cookie, a kiosk turn)
    CODE = "code"  # a single-use code, printed for a session or mailed to a roster
    PHONE = "phone"  # a one-time code sent by text message to a phone number
    ALL = (OPEN, CODE, PHONE)


class VoteCode(db.Model):
    """A single-use voting code of one question: whoever holds it casts one ballot (and may
    replace it). Only a keyed hash of the code is kept, so the table cannot be read back
    into codes; the codes themselves are shown once, when they are made."""

    __tablename__ = "vote_codes"
    __table_args__ = (UniqueConstraint("question_id", "code_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"),
                                             index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    batch: Mapped[str] = mapped_column(String(60), default="")  # a label: "Roster, March"
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)

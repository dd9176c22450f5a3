"""Ideas (pins) and what residents do with them: support, comment, report."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vizlou.extensions import db
from vizlou.models.types import Geometry, utcnow

CHANNELS = ("web", "kiosk", "sms", "paper")
STATUSES = ("new", "under_review", "in_plan", "not_feasible", "done")
MODERATION_STATES = ("visible", "flagged", "hidden")


class Idea(db.Model):
    __tablename__ = "ideas"
    __table_args__ = (Index("ix_ideas_lon_lat", "lon", "lat"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), index=True)
    channel: Mapped[str] = mapped_column(String(10), default="web")
    category: Mapped[str] = mapped_column(String(40), index=True)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="en")
    # lon/lat as plain numbers (fast bounding boxes and clustering on both databases) and
    # as a geometry (spatial SQL and QGIS on PostGIS).
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    geom = mapped_column(Geometry("POINT"), nullable=False)
    moderation: Mapped[str] = mapped_column(String(10), default="visible", index=True)
    moderation_reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    response: Mapped[str | None] = mapped_column(Text)
    response_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    areas: Mapped[list[IdeaArea]] = relationship(cascade="all, delete-orphan",
                                                 passive_deletes=True)


class IdeaArea(db.Model):
    """The area of one layer that an idea falls in: computed on save, recomputed on import."""

    __tablename__ = "idea_areas"
    __table_args__ = (Index("ix_idea_areas_layer_area", "layer_id", "area_id"),)

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"),
                                         primary_key=True)
    layer_id: Mapped[int] = mapped_column(ForeignKey("area_layers.id", ondelete="CASCADE"),
                                          primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"))


class Support(db.Model):
    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("idea_id", "participant_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(10), default="web")
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Comment(db.Model):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="en")
    moderation: Mapped[str] = mapped_column(String(10), default="visible", index=True)
    moderation_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    idea: Mapped[Idea] = relationship()


class Report(db.Model):
    """A resident flags an idea or a comment; one report per participant per target."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("participant_id", "target"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target: Mapped[str] = mapped_column(String(40))  # "idea:12" or "comment:7"
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"),
                                                index=True)
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

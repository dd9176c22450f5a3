"""Ideas (pins) and what residents do with them: support, comment, report."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vizlou.extensions import db
from vizlou.models.types import Geometry, JSONType, utcnow


class Channel:
    """Where a contribution was made."""

    WEB = "web"
    KIOSK = "kiosk"  # a shared tablet in a facilitated session
    SMS = "sms"
    PAPER = "paper"  # a paper form typed in by a facilitator
    ALL = (WEB, KIOSK, SMS, PAPER)


class Moderation:
    """Whether an idea or comment is public: ``VISIBLE`` (public), ``FLAGGED`` (held for review:
    not public, but counted for planners) or ``HIDDEN`` (taken down: counted nowhere)."""

    VISIBLE = "visible"
    FLAGGED = "flagged"
    HIDDEN = "hidden"
    ALL = (VISIBLE, FLAGGED, HIDDEN)


class Status:
    """What planners did with an idea."""

    NEW = "new"
    UNDER_REVIEW = "under_review"
    IN_PLAN = "in_plan"
    NOT_FEASIBLE = "not_feasible"
    DONE = "done"
    ALL = (NEW, UNDER_REVIEW, IN_PLAN, NOT_FEASIBLE, DONE)


CHANNELS = Channel.ALL
STATUSES = Status.ALL
MODERATION_STATES = Moderation.ALL


class Idea(db.Model):
    __tablename__ = "ideas"
    __table_args__ = (
        Index("ix_ideas_lon_lat", "lon", "lat"),
        # What the planners' filters (dates, author's age, topic, session) count, read
        # from an index alone (migrations 0011 and 0012).
        Index("ix_ideas_created_counted", "created_at", "moderation", "category",
              "participant_id"),
        Index("ix_ideas_participant_counted", "participant_id", "moderation", "category"),
        Index("ix_ideas_category_counted", "category", "moderation", "participant_id"),
        Index("ix_ideas_event_counted", "event_id", "moderation", "category", "participant_id"),
        # Partial indexes on the few ideas that are not public or not new: a plain index on
        # such a column would lead SQLite to scan every public idea instead of using lon/lat.
        Index("ix_ideas_held", "moderation", sqlite_where=text("moderation != 'visible'"),
              postgresql_where=text("moderation != 'visible'")),
        Index("ix_ideas_answered", "status", sqlite_where=text("status != 'new'"),
              postgresql_where=text("status != 'new'")),
        Index("ix_ideas_responded", "moderation", sqlite_where=text("response IS NOT NULL"),
              postgresql_where=text("response IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(10), default="web")
    category: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="en")
    # lon/lat as plain numbers (fast bounding boxes and clustering on both databases) and
    # as a geometry (spatial SQL and QGIS on PostGIS).
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    geom = mapped_column(Geometry("POINT"), nullable=False)
    # "point": placed on the map; "area": placed by picking an area from a list (the point
    # is then a representative point inside that area).
    placement: Mapped[str] = mapped_column(String(10), default="point")
    moderation: Mapped[str] = mapped_column(String(10), default=Moderation.VISIBLE)
    moderation_reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="new")
    response: Mapped[str | None] = mapped_column(Text)  # in the city's default language
    # {"es": "..."}: the answer in the city's other languages (missing ones are flagged).
    response_translations: Mapped[dict] = mapped_column(JSONType, default=dict)
    response_at: Mapped[datetime | None] = mapped_column(DateTime)
    # When planners last changed the status or the answer (the author's "changed" badge).
    changed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    # No foreign key under this (see IdeaArea): the ORM deletes an idea's rows with it.
    areas: Mapped[list[IdeaArea]] = relationship(
        primaryjoin="Idea.id == foreign(IdeaArea.idea_id)", cascade="all, delete-orphan")


class IdeaArea(db.Model):
    """The area of one layer that an idea falls in: computed on save, recomputed on import.

    Derived data, with no foreign keys on purpose: a boundary import rewrites a million of
    these rows, and PostgreSQL checks foreign keys row by row (the checks took most of an
    import's time). The area service deletes these rows itself whenever it deletes areas or
    layers, and the ``Idea.areas`` relationship deletes an idea's rows with the idea.
    """

    __tablename__ = "idea_areas"
    # Stored by its key on SQLite: an idea's area is one look-up (migration 0011).
    __table_args__ = (Index("ix_idea_areas_layer_area", "layer_id", "area_id"),
                      {"sqlite_with_rowid": False})

    idea_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_id: Mapped[int] = mapped_column(Integer)


class IdeaCell(db.Model):
    """Visible ideas counted per map cell and category, kept up to date on every write.

    Cells are 64-pixel squares of Web Mercator at the zoom levels of
    ``geo.clustering.CELL_LEVELS``; the map's clusters are sums of these rows, so drawing
    the whole city reads thousands of rows, never a million ideas.
    """

    __tablename__ = "idea_cells"
    __table_args__ = (CheckConstraint("n >= 0", name="never_negative"),)

    level: Mapped[int] = mapped_column(Integer, primary_key=True)
    cx: Mapped[int] = mapped_column(Integer, primary_key=True)
    cy: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)
    sum_lon: Mapped[float] = mapped_column(Float, default=0.0)
    sum_lat: Mapped[float] = mapped_column(Float, default=0.0)


class Support(db.Model):
    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("idea_id", "participant_id"),
                      Index("ix_supports_created_at", "created_at", "participant_id", "idea_id"),
                      Index("ix_supports_participant_idea", "participant_id", "idea_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(10), default="web")
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
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
    moderation: Mapped[str] = mapped_column(String(10), default=Moderation.VISIBLE, index=True)
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
    # A moderator looked and left the item as it was: the report waits no more.
    dismissed_at: Mapped[datetime | None] = mapped_column(DateTime)
    dismissed_reason: Mapped[str | None] = mapped_column(Text)

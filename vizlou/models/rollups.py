"""Summary counts kept up to date on every write (see ``vizlou.services.counts``).

All these tables are derived data, rebuilt from ideas, supports, ballots and home areas at any
time. Like ``idea_areas`` they carry no foreign keys (PostgreSQL checks those row by row,
which a boundary import rewriting 400,000 rows cannot afford): the area service deletes
their rows itself when it deletes layers, and participants are never deleted.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vizlou.extensions import db

OUTSIDE = 0  # area_tallies.area_id of ideas outside every area of the layer
UNKNOWN = 0  # ballot_tallies.area_id of voters placed in no area of the layer


class AreaTally(db.Model):
    """Per layer, area and topic: the ideas that are not hidden, and the supports on them."""

    __tablename__ = "area_tallies"
    __table_args__ = (CheckConstraint("ideas >= 0 AND supports >= 0", name="never_negative"),)

    layer_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # OUTSIDE: no area
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    ideas: Mapped[int] = mapped_column(Integer, default=0)
    supports: Mapped[int] = mapped_column(Integer, default=0)


class BallotTally(db.Model):
    """Per question, layer and area of the voters (UNKNOWN: none), the totals of their
    ballots as ``tallies.parts`` names them ("cast" counts every ballot)."""

    __tablename__ = "ballot_tallies"

    question_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # UNKNOWN: no area
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    n: Mapped[float] = mapped_column(Float, default=0.0)


class ContributorArea(db.Model):
    """Everyone who took part, with the area each layer places them in (NULL: unknown)."""

    __tablename__ = "contributor_areas"
    __table_args__ = (Index("ix_contributor_areas_layer_area", "layer_id", "area_id"),)

    participant_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_id: Mapped[int | None] = mapped_column(Integer)


class AreaDay(db.Model):
    """Per layer, UTC day, area and topic: the ideas that are not hidden made that day, and
    the supports given that day on them (a support counts on its own day, not its idea's).
    The day is the first 10 characters of the stored time (``YYYY-MM-DD``). Planners' date
    filter reads the whole days it covers here and counts only the hours at its two ends
    from the stored rows, so a month of a million ideas is a few thousand rows."""

    __tablename__ = "area_days"
    __table_args__ = (CheckConstraint("ideas >= 0 AND supports >= 0", name="never_negative"),)

    layer_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    area_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # OUTSIDE: no area
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    ideas: Mapped[int] = mapped_column(Integer, default=0)
    supports: Mapped[int] = mapped_column(Integer, default=0)


class ActivityHour(db.Model):
    """Per kind of contribution (``idea``, ``support``, ``ballot``), hour and channel: how many
    count (ideas not hidden, supports on them, ballots not set aside). The hour is UTC, written
    as the dashboard groups it (``YYYY-MM-DD HH``, the first 13 characters of the stored
    time), so that its totals and timeline without filters read a few thousand rows."""

    __tablename__ = "activity_hours"
    __table_args__ = (CheckConstraint("n >= 0", name="never_negative"),)

    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    hour: Mapped[str] = mapped_column(String(13), primary_key=True)
    channel: Mapped[str] = mapped_column(String(10), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class SupportTally(db.Model):
    """Per idea: how many supports it has, whatever its state; no row for an idea nobody
    supported. The lists sorted by supports, the planners' ideas and the report read it
    instead of counting the supports of every idea."""

    __tablename__ = "support_tallies"
    __table_args__ = (CheckConstraint("n >= 0", name="never_negative"),
                      Index("ix_support_tallies_n", "n", "idea_id"))

    idea_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(Integer, default=0)

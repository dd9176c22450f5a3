"""A photo on an idea (at most one), stored outside the database (``services.photos``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vizlou.extensions import db
from vizlou.models.types import utcnow


class IdeaPhoto(db.Model):
    __tablename__ = "idea_photos"

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"),
                                         primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)  # the file in the store
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)  # bytes
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

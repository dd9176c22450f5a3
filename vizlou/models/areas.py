"""Area layers (neighborhoods, districts, tracts, ...) and their areas."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vizlou.extensions import db
from vizlou.models.types import Geometry, JSONType, utcnow


class AreaLayer(db.Model):
    __tablename__ = "area_layers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(Text)
    has_population: Mapped[bool] = mapped_column(Boolean, default=False)
    # Changes on every import, so that every process rebuilds its area index.
    token: Mapped[str] = mapped_column(String(32))
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    areas: Mapped[list[Area]] = relationship(back_populates="layer", order_by="Area.id",
                                             passive_deletes=True)


class Area(db.Model):
    __tablename__ = "areas"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer_id: Mapped[int] = mapped_column(ForeignKey("area_layers.id", ondelete="CASCADE"),
                                          index=True)
    name: Mapped[str] = mapped_column(String(200))
    # The name in the city's other languages, when the boundary file has them ({"fr": ...}).
    names: Mapped[dict | None] = mapped_column(JSONType)
    population: Mapped[int | None] = mapped_column(Integer)
    geom = mapped_column(Geometry("MULTIPOLYGON"), nullable=False)

    def name_in(self, language: str | None) -> str:
        return (self.names or {}).get(language or "", self.name)

    layer: Mapped[AreaLayer] = relationship(back_populates="areas")

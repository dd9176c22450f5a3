"""The city's gazetteer (SPEC: Place): named landmarks, streets and their intersections, from
the city's own GIS files, found by the map's search box, the API and text messages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vizlou.extensions import db
from vizlou.models.types import utcnow


class PlaceKind:
    AREA = "area"  # not stored here: area names come from the boundary layers
    LANDMARK = "landmark"
    STREET = "street"
    INTERSECTION = "intersection"
    STORED = (LANDMARK, STREET, INTERSECTION)


class Place(db.Model):
    __tablename__ = "places"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # The name folded for search (lower case, no accents, abbreviations spelt out).
    folded: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(12), index=True)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

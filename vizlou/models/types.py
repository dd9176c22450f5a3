"""Column types shared by the models; the only place where the two databases differ in schema.

``Geometry`` is a real GeoAlchemy2 ``geometry(<type>, 4326)`` column on PostGIS
(spatial indexes are created by the migrations) and well-known binary in a
BLOB on SQLite. Either way the Python value is a Shapely geometry.
"""

from __future__ import annotations

from datetime import UTC, datetime

import shapely
from geoalchemy2 import Geometry as PostgisGeometry
from geoalchemy2.elements import WKBElement
from geoalchemy2.shape import from_shape, to_shape
from sqlalchemy import JSON, LargeBinary
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

SRID = 4326

JSONType = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    """Naive UTC, stored the same way by SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


class Geometry(TypeDecorator):
    impl = LargeBinary
    cache_ok = True
    # GeoAlchemy2's DDL hooks read these; the migrations create the GiST indexes themselves.
    spatial_index = False
    use_N_D_index = False

    def __init__(self, geometry_type: str = "GEOMETRY") -> None:
        super().__init__()
        self.geometry_type = geometry_type

    def load_dialect_impl(self, dialect):
        if dialect is not None and dialect.name == "postgresql":
            return dialect.type_descriptor(
                PostgisGeometry(self.geometry_type, srid=SRID, spatial_index=False))
        return LargeBinary() if dialect is None else dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if dialect.name == "postgresql":
            return from_shape(value, srid=SRID)
        return shapely.to_wkb(value)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, WKBElement):
            return to_shape(value)
        return shapely.from_wkb(bytes(value))

    def __repr__(self) -> str:
        return f"Geometry({self.geometry_type!r})"

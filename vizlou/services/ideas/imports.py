"""Bringing in existing records (a city moving from another tool, or a 311 export): ideas
from a CSV, GeoJSON or GeoPackage file, each row stored once (importing the file again adds
nothing), with its original date and channel, its topic mapped to the city's, and a row
with a problem reported (row, column, problem) as the paper import does, storing nothing of
that row.

A row's identity is its ``--id-field`` value (or its row number) with the file's name; the
idea's client id is a hash of both, so the database's unique key keeps it once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.errors import N_, DomainError, InvalidInput
from vizlou.models import CHANNELS
from vizlou.services.ideas.create import NewIdea, create_idea
from vizlou.services.inputs import fold
from vizlou.services.paper.sheets import RowResult
from vizlou.services.values import Origin

DATE_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M",
                "%Y-%m-%d", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y")


@dataclass(frozen=True)
class Fields:
    """Which field holds what. ``categories`` maps the file's topics to the city's keys
    (a topic that is already a key or a label of the city needs no entry)."""

    text: str
    category: str
    date: str | None = None
    id: str | None = None
    channel: str | None = None
    lon: str = "lon"
    lat: str = "lat"
    categories: Mapping[str, str] = field(default_factory=dict)
    default_channel: str = "web"


@dataclass(frozen=True)
class Record:
    row: int
    values: Mapping[str, object]
    point: tuple[float, float] | None


def read_records(path: Path, crs: str | None = None) -> list[Record]:
    """The rows of a CSV (with lon and lat columns) or of any GIS file (points)."""
    import pyogrio

    from vizlou.geo.boundaries import with_crs

    try:
        frame = pyogrio.read_dataframe(str(path))
    except Exception as exc:  # GDAL's errors come in many types; all mean "cannot read"
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InvalidInput(N_("Could not read %(path)s: %(reason)s"), field="file",
                           path=path.name, reason=reason) from exc
    has_points = "geometry" in frame and frame.geometry.notna().any()
    if has_points:
        frame = with_crs(frame, crs, []).to_crs(4326)
    out = []
    for number, (_, row) in enumerate(frame.iterrows(), start=2):
        point = None
        if has_points and row.geometry is not None and not row.geometry.is_empty:
            spot = row.geometry if row.geometry.geom_type == "Point" else \
                row.geometry.representative_point()
            point = (round(spot.x, 6), round(spot.y, 6))
        out.append(Record(number, {k: v for k, v in row.items() if k != "geometry"}, point))
    return out


def import_records(session: Session, city: City, records: list[Record], fields: Fields, *,
                   source: str) -> Iterator[RowResult]:
    """Store each record in its own savepoint and say what became of it."""
    wanted = {fields.text, fields.category, fields.date, fields.id, fields.channel}
    present = set(records[0].values) if records else set()
    missing = sorted(f for f in wanted if f and f not in present)
    if missing:
        raise InvalidInput(N_("The file has no field %(names)s. Its fields are: %(fields)s."),
                           field="file", names=", ".join(missing),
                           fields=", ".join(sorted(present)) or "none")
    for record in records:
        try:
            with session.begin_nested():
                idea, created = create_idea(
                    session, city, None, _new_idea(city, record, fields, source),
                    origin=Origin(_channel(record, fields), None, city.default_language),
                    now=_date(record, fields, city.timezone), imported=True)
        except DomainError as error:
            yield RowResult(record.row, "error", column=_column(error, fields),
                            message=error.message, params=error.params)
            continue
        yield RowResult(record.row, "stored" if created else "skipped", idea_id=idea.id)


def _new_idea(city: City, record: Record, fields: Fields, source: str) -> NewIdea:
    identity = record.values.get(fields.id) if fields.id else record.row
    client_id = "import-" + hashlib.sha256(f"{source}\n{identity}".encode()).hexdigest()[:40]
    lon, lat = record.point or (_number(record, fields.lon), _number(record, fields.lat))
    return NewIdea(category=_category(city, record, fields),
                   text=_text(record.values.get(fields.text)), client_id=client_id,
                   lon=lon, lat=lat)


def _text(value: object) -> str:
    return "" if value is None or value != value else str(value)  # NaN: empty


def _number(record: Record, name: str) -> float | None:
    value = record.values.get(name)
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = None
    if number is None or number != number:
        raise InvalidInput(N_("This row has no place: give it a point, or %(lon)s and "
                              "%(lat)s columns."), field=name, lon="lon", lat="lat")
    return number


def _category(city: City, record: Record, fields: Fields) -> str:
    given = _text(record.values.get(fields.category)).strip()
    mapped = fields.categories.get(given) or fields.categories.get(fold(given)) or given
    for category in city.categories:
        if fold(mapped) in {fold(category.key), *(fold(v) for v in category.labels.values())}:
            return category.key
    raise InvalidInput(N_("Unknown topic “%(value)s”: map it to one of %(keys)s."),
                       field="category", value=given[:80],
                       keys=", ".join(city.category_keys))


def _channel(record: Record, fields: Fields) -> str:
    if not fields.channel:
        return fields.default_channel
    value = fold(_text(record.values.get(fields.channel)))
    return value if value in CHANNELS else fields.default_channel


def _date(record: Record, fields: Fields, timezone: str) -> datetime | None:
    """The record's date in UTC, as the database keeps dates; a date without a time zone
    is the city's local time (a 311 export writes the city's clock)."""
    if not fields.date:
        return None
    value = record.values.get(fields.date)
    text = _text(value).strip()
    if isinstance(value, datetime):
        when = value
    else:
        when = None
        try:
            when = datetime.fromisoformat(text)
        except ValueError:
            for pattern in DATE_FORMATS:
                try:
                    when = datetime.strptime(text, pattern)
                    break
                except ValueError:
                    continue
    if when is not None:
        if when.tzinfo is None:
            when = when.replace(tzinfo=ZoneInfo(timezone))
        return when.astimezone(UTC).replace(tzinfo=None)
    raise InvalidInput(N_("“%(value)s” is not a date: write it like 2024-05-31 or "
                          "2024-05-31T14:30."), field="date", value=text[:40])


def _column(error: DomainError, fields: Fields) -> str | None:
    names = {"category": fields.category, "text": fields.text, "date": fields.date,
             "lon": fields.lon, "lat": fields.lat}
    return names.get(error.field or "", error.field)

"""What a client asks of a collection's items: a box, a page, a time, a CRS, property
filters; read and checked here (each mistake a 400 naming the parameter)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from vizlou.errors import N_, InvalidInput

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000


def crs_uri(code: str) -> str:
    """``EPSG:2246`` -> its OGC URI."""
    if code.startswith("http"):
        return code
    authority, _, number = code.partition(":")
    return f"http://www.opengis.net/def/crs/{authority.upper()}/0/{number}"


def supported_crs(projected: str | None) -> list[str]:
    out = [CRS84, crs_uri("EPSG:4326")]
    if projected:
        out.append(crs_uri(projected))
    return out


@dataclass(frozen=True)
class ItemQuery:
    bbox: tuple[float, float, float, float] | None = None  # in CRS84
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    start: datetime | None = None  # naive UTC
    end: datetime | None = None
    crs: str = CRS84
    filters: tuple[tuple[str, str], ...] = ()


def read_query(args, supported: list[str], filterable: tuple[str, ...],
               to_crs84) -> ItemQuery:
    """``args``: the request's query (a mapping); ``to_crs84(bbox, crs)`` reprojects a box."""
    crs = args.get("crs") or CRS84
    if crs not in supported:
        raise InvalidInput(N_("This CRS is not offered: %(crs)s. Offered: %(offered)s."),
                           field="crs", crs=crs[:100], offered=", ".join(supported))
    bbox = None
    if args.get("bbox"):
        parts = args["bbox"].split(",")
        try:
            numbers = [float(p) for p in parts]
        except ValueError:
            numbers = []
        if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
            raise InvalidInput(N_("bbox must be four numbers: west,south,east,north."),
                               field="bbox")
        bbox_crs = args.get("bbox-crs") or CRS84
        if bbox_crs not in supported:
            raise InvalidInput(N_("This CRS is not offered: %(crs)s. Offered: %(offered)s."),
                               field="bbox-crs", crs=bbox_crs[:100],
                               offered=", ".join(supported))
        bbox = to_crs84(tuple(numbers), bbox_crs)
    limit = _whole(args.get("limit"), DEFAULT_LIMIT, "limit", 1)
    offset = _whole(args.get("offset"), 0, "offset", 0)
    start, end = _interval(args.get("datetime"))
    filters = tuple((name, args[name]) for name in filterable if args.get(name))
    return ItemQuery(bbox, min(limit, MAX_LIMIT), offset, start, end, crs, filters)


def _whole(value, default: int, name: str, least: int) -> int:
    if value in (None, ""):
        return default
    if not str(value).isdigit() or int(value) < least or int(value) > 10**9:
        raise InvalidInput(N_("%(name)s must be a whole number of at least %(least)s."),
                           field=name, name=name, least=least)
    return int(value)


def _instant(text: str) -> datetime | None:
    if text in ("", ".."):
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(N_("datetime must be a date and time (RFC 3339) or an interval "
                              "such as 2026-09-01T00:00:00Z/.."), field="datetime") from None
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when


def _interval(value) -> tuple[datetime | None, datetime | None]:
    if not value:
        return None, None
    if "/" in value:
        first, _, last = value.partition("/")
        return _instant(first), _instant(last)
    when = _instant(value)
    return when, when

"""Reading JSON bodies, query strings and form values into plain values, with clear 4xx
errors."""

from __future__ import annotations

import math

from flask import request

from vizlou.errors import N_, InvalidInput
from vizlou.services.values import AreaRef

MAX_ID = 2**31 - 1  # database ids: a bigger number in a request is a 4xx, not an overflow


class UnsupportedMedia(InvalidInput):
    status = 415
    code = "unsupported_media_type"


def json_body() -> dict:
    if not request.is_json:
        raise UnsupportedMedia(N_("Send JSON, please."))
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput(N_("Send a JSON object."))
    return body


def optional_str(body: dict, key: str, limit: int = 200) -> str | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise InvalidInput(N_("%(key)s must be text."), field=key, key=key)
    return value


def area_ref(value: object, field: str = "area") -> AreaRef | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("layer"), str) or \
            isinstance(value.get("id"), bool) or not isinstance(value.get("id"), int) or \
            not 1 <= value["id"] <= MAX_ID:
        raise InvalidInput(N_("Give the area as a layer key and an area id."), field=field)
    return AreaRef(value["layer"], value["id"])


def query_int(name: str, default: int | None = None, lo: int | None = None,
              hi: int | None = MAX_ID) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise InvalidInput(N_("%(key)s must be a whole number."), field=name, key=name) from exc
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise InvalidInput(N_("%(key)s is out of range."), field=name, key=name)
    return value


def query_bbox(name: str = "bbox", required: bool = False
               ) -> tuple[float, float, float, float] | None:
    raw = request.args.get(name)
    if not raw and not required:
        return None
    if not raw:
        raise InvalidInput(N_("bbox must be four numbers: west, south, east, north."),
                           field=name)
    try:
        values = tuple(float(v) for v in raw.split(","))
    except ValueError as exc:
        raise InvalidInput(N_("bbox must be four numbers: west, south, east, north."),
                           field=name) from exc
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise InvalidInput(N_("bbox must be four numbers: west, south, east, north."),
                           field=name)
    return values


def query_list(name: str) -> list[str]:
    raw = request.args.get(name, "")
    return [part for part in raw.split(",") if part]


def as_id(value: str | None) -> int | None:
    """A database id typed in a form or a query string, or None when it is not one."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and 1 <= int(value) <= MAX_ID else None

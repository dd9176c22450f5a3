"""Checks of what people send, shared by every service: text, idempotency keys, points."""

from __future__ import annotations

import math
import re

from vizlou.errors import N_, InvalidInput

MAX_TEXT = 500


CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def clean_text(text: object, *, field: str = "text", limit: int = MAX_TEXT) -> str:
    if not isinstance(text, str):
        raise InvalidInput(N_("Write your idea as text."), field=field)
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    if not text:
        raise InvalidInput(N_("Write something first."), field=field)
    if len(text) > limit:
        raise InvalidInput(N_("Please keep it under %(n)s characters."), field=field, n=limit)
    return text


def check_client_id(client_id: object) -> str | None:
    if client_id is None:
        return None
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        raise InvalidInput(N_("The client id must be 8 to 64 letters, digits, - or _."),
                           field="client_id")
    return client_id


def check_point(lon: object, lat: object) -> tuple[float, float]:
    ok = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lon, lat))
    if not ok or not all(math.isfinite(v) for v in (lon, lat)):
        raise InvalidInput(N_("The place must be given as numbers: longitude and latitude."),
                           field="lon")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InvalidInput(N_("That place is not on Earth: longitude goes from -180 to 180 and "
                              "latitude from -90 to 90."), field="lon")
    return float(lon), float(lat)


def fold(text: str) -> str:
    """For comparing what people typed: spaces collapsed, case folded."""
    return " ".join(text.split()).casefold()

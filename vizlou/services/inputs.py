"""Checks of what people send, shared by every service: text, idempotency keys, points.

Text that people type is data: whatever its characters, it is stored and shown as it is
(escaped where shown). What cannot be stored or read is refused here, with a message: a lone
half of a surrogate pair (not a character at all), control characters other than tab and new
line (a NUL ends text in PostgreSQL; an ESC breaks spreadsheets), and text made only of
invisible characters (zero-width spaces look like nothing, and say nothing).
"""

from __future__ import annotations

import math
import re
import unicodedata

from vizlou.errors import N_, InvalidInput

MAX_TEXT = 500
CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# C0 controls but tab, line feed and carriage return; DEL and C1 controls; lone surrogates.
UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def unreadable(text: str) -> bool:
    """True when the text holds a character that cannot be stored or read (see above)."""
    return UNREADABLE.search(text) is not None


def check_readable(text: str, field: str | None = None) -> str:
    if unreadable(text):
        raise InvalidInput(N_("This text has characters we cannot read. Please type it "
                              "again."), field=field, code="unreadable")
    return text


def visible(text: str) -> bool:
    """True when the text shows at least one character (not only spaces and invisible
    formatting such as zero-width spaces)."""
    return any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Zs", "Mn", "Cc")
               for ch in text)


def clean_text(text: object, *, field: str = "text", limit: int = MAX_TEXT) -> str:
    """Text someone wrote: one line made tidy, or several kept as written; refused when
    empty, too long, invisible or unreadable."""
    if not isinstance(text, str):
        raise InvalidInput(N_("Write your idea as text."), field=field)
    check_readable(text, field)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    if not text or not visible(text):
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

"""Reading the query string of planners' pages into plain values, and writing links back."""

from __future__ import annotations

from datetime import date

from flask import current_app, request, url_for

from vizlou.errors import N_, InvalidInput
from vizlou.extensions import db
from vizlou.models import CHANNELS
from vizlou.services.areas import layers as area_layers
from vizlou.services.events import manage
from vizlou.services.filters import Filters, check_filters

FILTER_KEYS = ("since", "until", "session", "channel", "category", "age", "layer")


def _text(name: str) -> str | None:
    value = request.args.get(name, "").strip()
    return value or None


def _day(name: str) -> date | None:
    value = _text(name)
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise InvalidInput(N_("Write dates as YYYY-MM-DD."), field=name) from None


def _number(name: str) -> int | None:
    value = _text(name)
    if value is None:
        return None
    if not value.isdigit():
        raise InvalidInput(N_("Choose a session from the list."), field=name)
    return int(value)


def filters() -> Filters:
    """The page's filters, checked (unknown values are a 400 with a clear message)."""
    flt = Filters(since=_day("since"), until=_day("until"), event_id=_number("session"),
                  channel=_text("channel"), category=_text("category"),
                  age_bracket=_text("age"), layer=_text("layer"))
    return check_filters(db.session, current_app.config["CITY"], flt)


def choice(name: str, allowed, default: str) -> str:
    value = _text(name) or default
    if value not in allowed:
        raise InvalidInput(N_("Choose from the list."), field=name)
    return value


def filter_args() -> dict[str, str]:
    """The filters of the current query string, to carry over to other pages and files."""
    return {k: v for k in FILTER_KEYS if (v := request.args.get(k, "").strip())}


def url_with(**changes) -> str:
    """The current page with some query parameters changed (None removes one)."""
    args = {k: v for k, v in request.args.items() if v != ""}
    args.update(changes)
    return url_for(request.endpoint, **(request.view_args or {}),
                   **{k: v for k, v in args.items() if v is not None})


def form_choices() -> dict:
    """What the filter form offers."""
    city = current_app.config["CITY"]
    sessions = manage.names(db.session)
    return {"layers": area_layers.list_layers(db.session), "sessions": sessions,
            "channels": CHANNELS, "categories": city.categories,
            "ages": city.age_brackets}

"""Planners' filters (SPEC P3) and the SQL conditions they become, the same on both databases.

One ``Filters`` value narrows every planner page, map and export:

- ``since`` and ``until`` (dates, both included) are days in the city's time zone; they
  apply to when each contribution was made (an idea's or support's ``created_at``, a
  ballot's first casting).
- ``event_id`` and ``channel`` apply to the contribution itself (where it was made).
- ``category`` applies to ideas and to supports (the supported idea's category); ballots
  have no category, so with a category chosen no ballot matches.
- ``age_bracket`` applies to the person who contributed (their profile).
- ``layer`` chooses the area layer of summaries and maps (the city's main layer when empty).

Hidden ideas (``moderation == "hidden"``) never count, nor do supports on them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, false, select
from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.errors import N_, InvalidInput
from vizlou.models import CHANNELS, Ballot, Event, Idea, Moderation, Participant, Support
from vizlou.services.areas import layers as area_layers


@dataclass(frozen=True)
class Filters:
    since: date | None = None
    until: date | None = None
    event_id: int | None = None
    channel: str | None = None
    category: str | None = None
    age_bracket: str | None = None
    layer: str | None = None

    @property
    def narrowed(self) -> bool:
        """True when anything but the layer is chosen."""
        return any(v is not None for v in (self.since, self.until, self.event_id,
                                             self.channel, self.category, self.age_bracket))

    @property
    def age_alone(self) -> bool:
        """True when an age group is the only filter: it looks at people, not at what they
        did, so who took part is everyone of that age with a kept row."""
        return self.age_bracket is not None and not replace(self, age_bracket=None).narrowed


def check_filters(session: Session, city: City, flt: Filters) -> Filters:
    """The filters with the layer filled in; InvalidInput names the first bad one."""
    if flt.channel is not None and flt.channel not in CHANNELS:
        raise InvalidInput(N_("Unknown channel."), field="channel")
    if flt.category is not None and city.category(flt.category) is None:
        raise InvalidInput(N_("Choose a topic from the list."), field="category")
    if flt.age_bracket is not None and flt.age_bracket not in city.age_brackets:
        raise InvalidInput(N_("Choose an age group from the list."), field="age_bracket")
    if flt.since and flt.until and flt.until < flt.since:
        raise InvalidInput(N_("The end date must not be before the start date."),
                           field="until")
    if flt.event_id is not None and session.get(Event, flt.event_id) is None:
        raise InvalidInput(N_("There is no such session."), field="session")
    layer = area_layers.get_layer(session, flt.layer or city.main_layer)
    return replace(flt, layer=layer.key)


def utc_range(city: City | None, flt: Filters) -> tuple[datetime | None, datetime | None]:
    """``[start, end)`` in naive UTC (as stored) for the filters' local days."""
    if flt.since is None and flt.until is None:
        return None, None
    zone = ZoneInfo(city.timezone)

    def utc(day: date) -> datetime:
        local = datetime.combine(day, time(), tzinfo=zone)
        return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)

    start = utc(flt.since) if flt.since else None
    end = utc(flt.until + timedelta(days=1)) if flt.until else None
    return start, end


Between = tuple[datetime | None, datetime | None]  # [start, end) in naive UTC, either open


def _common(city: City | None, flt: Filters, model, between: Between | None = None
            ) -> list[ColumnElement]:
    start, end = utc_range(city, flt) if between is None else between
    conditions: list[ColumnElement] = []
    if start is not None:
        conditions.append(model.created_at >= start)
    if end is not None:
        conditions.append(model.created_at < end)
    if flt.event_id is not None:
        conditions.append(model.event_id == flt.event_id)
    if flt.channel is not None:
        conditions.append(model.channel == flt.channel)
    if flt.age_bracket is not None:
        conditions.append(model.participant_id.in_(
            select(Participant.id).where(Participant.age_bracket == flt.age_bracket)))
    return conditions


def idea_conditions(city: City | None, flt: Filters, between: Between | None = None
                    ) -> ColumnElement:
    """Visible ideas that match the filters (made ``between`` these UTC times, when given,
    instead of on the filters' days)."""
    conditions = [Idea.moderation != Moderation.HIDDEN, *_common(city, flt, Idea, between)]
    if flt.category is not None:
        conditions.append(Idea.category == flt.category)
    return and_(*conditions)


def matching_supports(query: Select, city: City | None, flt: Filters,
                      between: Between | None = None) -> Select:
    """``query`` (which selects from ``Support``) kept to the supports that match the filters
    (given ``between`` these UTC times, when given), on ideas that are not hidden. Without a
    topic, the ideas are not joined: a support is checked against the few hidden ideas (an
    index), not looked up in every idea; with a topic, ``Idea`` is joined on the support."""
    conditions = _common(city, flt, Support, between)
    if flt.category is None:
        hidden = select(Idea.id).where(Idea.moderation == Moderation.HIDDEN)
        return query.where(*conditions, Support.idea_id.not_in(hidden))  # the cheap test first
    return (query.join(Idea, Idea.id == Support.idea_id)
            .where(Idea.moderation != Moderation.HIDDEN, Idea.category == flt.category,
                   *conditions))


def ballot_conditions(city: City | None, flt: Filters) -> ColumnElement:
    """Ballots that count (not set aside) and match the filters (none when a category is
    chosen)."""
    if flt.category is not None:
        return false()
    return and_(Ballot.set_aside_at.is_(None), *_common(city, flt, Ballot))

"""The planners' dashboard numbers: totals, totals over time (by day or week) and by channel.

Time is counted in hours in the database (the same SQL on both: the first 13 characters
of the stored timestamp, ``YYYY-MM-DD HH``), then turned into the city's local days or
weeks (weeks start on Monday), so that a day means the same thing to a planner as to a
resident. Without filters, or with only dates and a channel, the contributions come from
the kept hours (``counts.activity``: a few thousand rows), summed over the hours between the
first and the last local day (when those days start on a whole UTC hour, as in every zone
whose offset is whole hours); with other filters they are counted from the rows that match.
Who took part is counted from the rows whenever a filter narrows it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.errors import N_, InvalidInput
from vizlou.models import (
    CHANNELS,
    ActivityHour,
    Ballot,
    Channel,
    ContributorArea,
    Idea,
    Participant,
    Support,
)
from vizlou.services.counts import activity
from vizlou.services.counts.attribution import contributors
from vizlou.services.filters import (
    Filters,
    ballot_conditions,
    check_filters,
    idea_conditions,
    matching_supports,
    utc_range,
)

KINDS = ("ideas", "supports", "ballots")
KEPT_KIND = {"ideas": activity.IDEA, "supports": activity.SUPPORT, "ballots": activity.BALLOT}
PERIODS = ("day", "week")


@dataclass(frozen=True)
class Timeline:
    kind: str
    period: str
    starts: list[date]  # every period from the first to the last, gaps included
    counts: dict[str, list[int]]  # channel: one count per period


def _sources(city: City, flt: Filters):
    return {
        "ideas": (Idea, select(Idea.channel).where(idea_conditions(city, flt))),
        "supports": (Support, matching_supports(select(Support.channel), city, flt)),
        "ballots": (Ballot, select(Ballot.channel).where(ballot_conditions(city, flt))),
    }


def kept_hours(city: City, flt: Filters) -> tuple[str | None, str | None] | None:
    """The kept hours that answer ``flt`` (``[first, end)``, either open), or None when the
    contributions must be counted from the rows: a filter other than dates and a channel, or
    a day that does not start on a whole UTC hour."""
    if replace(flt, since=None, until=None, channel=None).narrowed:
        return None
    bounds = utc_range(city, flt)
    if any(t is not None and (t.minute, t.second, t.microsecond) != (0, 0, 0) for t in bounds):
        return None
    return tuple(activity.hour_of(t) if t is not None else None for t in bounds)


def totals(session: Session, city: City, flt: Filters, *, count_now: bool = False
           ) -> dict[str, dict[str, int]]:
    """``{kind: {channel: count}}`` for ideas, supports, ballots and participants.

    Participants are counted by the channel they first came through. ``count_now`` counts
    everything from the rows (to compare with the kept counts)."""
    flt = check_filters(session, city, flt)
    if not flt.narrowed and not count_now:
        return _kept_totals(session)
    hours = None if count_now else kept_hours(city, flt)
    out: dict[str, dict[str, int]] = {}
    for kind, (model, query) in _sources(city, flt).items():
        rows = ([(channel, n) for channel, _, n in
                 activity.kept(session, KEPT_KIND[kind], hours, flt.channel)]
                if hours is not None else
                session.execute(query.add_columns(func.count()).group_by(model.channel)))
        out[kind] = _by_channel(rows)
    layer = session.scalar(select(func.min(ContributorArea.layer_id)))
    if layer is not None and flt.age_alone:
        # An age group alone looks only at the person: those that age who took part at all,
        # from one layer's kept rows (everyone who took part has one there).
        query = (select(Participant.channel, func.count())
                 .join(ContributorArea, and_(ContributorArea.participant_id == Participant.id,
                                             ContributorArea.layer_id == layer))
                 .where(Participant.age_bracket == flt.age_bracket))
    else:
        people = contributors(city, flt)
        query = select(Participant.channel, func.count()).join(
            people, people.c.pid == Participant.id)
    out["participants"] = _by_channel(session.execute(query.group_by(Participant.channel)))
    return out


def _kept_totals(session: Session) -> dict[str, dict[str, int]]:
    """The totals without filters, from the kept counts: the contributions per hour, and
    everyone who took part (``contributor_areas`` holds each of them once per layer)."""
    out: dict[str, dict[str, int]] = {kind: dict.fromkeys(CHANNELS, 0) for kind in KINDS}
    names = {v: k for k, v in KEPT_KIND.items()}
    for kind, channel, n in session.execute(
            select(ActivityHour.kind, ActivityHour.channel, func.sum(ActivityHour.n))
            .group_by(ActivityHour.kind, ActivityHour.channel)):
        counts = out[names[kind]]
        counts[channel] = counts.get(channel, 0) + int(n)
    layer = session.scalar(select(func.min(ContributorArea.layer_id)))
    if layer is None:  # no area layer (yet): everyone who took part, from the rows
        people = contributors(None, Filters())
        rows = session.execute(select(Participant.channel, func.count())
                               .join(people, people.c.pid == Participant.id)
                               .group_by(Participant.channel))
    else:  # everyone, from one layer's index; those not on the web by theirs (the few)
        everyone = session.scalar(select(func.count()).select_from(ContributorArea)
                                  .where(ContributorArea.layer_id == layer))
        took_part = exists().where(ContributorArea.participant_id == Participant.id,
                                   ContributorArea.layer_id == layer)
        others = dict(session.execute(
            select(Participant.channel, func.count())
            .where(Participant.channel.in_([c for c in CHANNELS if c != Channel.WEB]),
                   took_part).group_by(Participant.channel)).all())
        rows = [*others.items(), (Channel.WEB, everyone - sum(others.values()))]
    out["participants"] = _by_channel(rows)
    return out


def _by_channel(rows) -> dict[str, int]:
    counts = dict.fromkeys(CHANNELS, 0)
    for channel, n in rows:
        counts[channel] = counts.get(channel, 0) + n
    return counts


def timeline(session: Session, city: City, flt: Filters, kind: str = "ideas",
             period: str = "day", *, count_now: bool = False) -> Timeline:
    if kind not in KINDS:
        raise InvalidInput(N_("Choose ideas, supports or ballots."), field="kind")
    if period not in PERIODS:
        raise InvalidInput(N_("Choose days or weeks."), field="period")
    flt = check_filters(session, city, flt)
    hours = None if count_now else kept_hours(city, flt)
    if hours is None:
        model, query = _sources(city, flt)[kind]
        hour = activity.hour_column(model.created_at)
        rows = session.execute(query.add_columns(hour, func.count())
                               .group_by(model.channel, hour)).all()
    else:
        rows = activity.kept(session, KEPT_KIND[kind], hours, flt.channel)
    zone, utc = ZoneInfo(city.timezone), ZoneInfo("UTC")
    counted: dict[date, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CHANNELS, 0))
    starts: dict[str, date] = {}  # each hour read once, whatever the channels

    def start_of(stamp: str) -> date:
        when = datetime.strptime(stamp, "%Y-%m-%d %H").replace(tzinfo=utc).astimezone(zone)
        day = when.date()
        return day - timedelta(days=day.weekday()) if period == "week" else day

    for channel, stamp, n in rows:
        start = starts.get(stamp) or starts.setdefault(stamp, start_of(stamp))
        counted[start][channel] = counted[start].get(channel, 0) + n
    if not counted:
        return Timeline(kind, period, [], {c: [] for c in CHANNELS})
    step = timedelta(days=7 if period == "week" else 1)
    periods, current = [], min(counted)
    while current <= max(counted):
        periods.append(current)
        current += step
    channels = list(dict.fromkeys([*CHANNELS, *(c for v in counted.values() for c in v)]))
    return Timeline(kind, period, periods,
                    {c: [counted[s][c] if s in counted else 0 for s in periods]
                     for c in channels})

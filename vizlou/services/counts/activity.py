"""Contributions per kind, hour and channel (``activity_hours``): what the planners'
dashboard reads without filters, a few thousand rows however many ideas there are.

An idea counts unless hidden; a support counts unless its idea is hidden; a ballot counts
unless set aside. The hour is the UTC hour of the contribution's ``created_at`` (a ballot's
first casting) written as text, ``YYYY-MM-DD HH``: the first 13 characters of the stored
time, the same on both databases, as the dashboard's timeline groups rows with filters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import String, cast, delete, func, literal, literal_column, select, union_all
from sqlalchemy.orm import Session

from vizlou.models import ActivityHour, Ballot, Idea, Moderation, Support
from vizlou.services.dialect import add_to

IDEA, SUPPORT, BALLOT = "idea", "support", "ballot"
Key = tuple[str, str, str]  # (kind, hour, channel)


def hour_of(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H")


def hour_column(column):
    """The same hour in SQL. Literal bounds: PostgreSQL matches a GROUP BY expression to the
    selected one only when both are written the same way, bound parameters included."""
    return func.substr(cast(column, String), literal_column("1"), literal_column("13"))


def add(session: Session, changes: Iterable[tuple[str, datetime, str, int]]) -> None:
    """Add ``(kind, when, channel, n)`` (a negative n takes away): one statement or two."""
    counts: Counter = Counter()
    for kind, when, channel, n in changes:
        counts[(kind, hour_of(when), channel)] += n
    add_counts(session, counts)


def add_counts(session: Session, counts: Counter) -> None:
    """Add each ``(kind, hour, channel): n``. Rows are written in the order of their keys, as
    every writer does, so two transactions changing the same rows wait for each other instead
    of each holding one the other needs; one statement when all add (or all take away), else
    one per row, in that order."""
    rows = [{"kind": kind, "hour": hour, "channel": channel, "n": n}
            for (kind, hour, channel), n in sorted(counts.items()) if n]
    if len({n["n"] > 0 for n in rows}) <= 1:
        batches = [rows] if rows else []
    else:
        batches = [[row] for row in rows]
    for batch in batches:
        add_to(session, ActivityHour, ("kind", "hour", "channel"), ("n",), batch)


def supports_of_idea(session: Session, idea_id: int) -> Counter:
    """The supports of one idea, per hour and channel."""
    hour = hour_column(Support.created_at)
    return Counter({(SUPPORT, h, channel): n for h, channel, n in session.execute(
        select(hour, Support.channel, func.count()).where(Support.idea_id == idea_id)
        .group_by(hour, Support.channel))})


def ballots_of(session: Session, people: Sequence[int]) -> Counter:
    """The counted ballots of these people, per hour and channel (before and after a change
    that may set some aside, count them again or move them)."""
    if not people:
        return Counter()
    hour = hour_column(Ballot.created_at)
    return Counter({(BALLOT, h, channel): n for h, channel, n in session.execute(
        select(hour, Ballot.channel, func.count())
        .where(Ballot.participant_id.in_(people), Ballot.set_aside_at.is_(None))
        .group_by(hour, Ballot.channel))})


def difference(before: Counter, after: Counter) -> Counter:
    return Counter({key: after.get(key, 0) - before.get(key, 0)
                    for key in set(before) | set(after)})


def rebuild(session: Session) -> None:
    """Count every contribution again from the stored rows."""
    session.execute(delete(ActivityHour))
    def counted(kind: str, model):
        hour = hour_column(model.created_at)
        return select(literal(kind), hour, model.channel, func.count()).group_by(
            hour, model.channel)

    parts = [counted(IDEA, Idea).where(Idea.moderation != Moderation.HIDDEN),
             counted(SUPPORT, Support).join(Idea, Idea.id == Support.idea_id)
             .where(Idea.moderation != Moderation.HIDDEN),
             counted(BALLOT, Ballot).where(Ballot.set_aside_at.is_(None))]
    session.execute(ActivityHour.__table__.insert().from_select(
        ["kind", "hour", "channel", "n"], union_all(*parts)))


def kept(session: Session, kind: str, hours: tuple[str | None, str | None] = (None, None),
         channel: str | None = None) -> list[tuple[str, str, int]]:
    """``(channel, hour, n)`` of one kind, as kept: of the ``hours`` ``[first, end)`` (either
    open) and of one ``channel`` when given."""
    first, end = hours
    query = select(ActivityHour.channel, ActivityHour.hour, ActivityHour.n).where(
        ActivityHour.kind == kind, ActivityHour.n > 0)
    if first is not None:
        query = query.where(ActivityHour.hour >= first)
    if end is not None:
        query = query.where(ActivityHour.hour < end)
    if channel is not None:
        query = query.where(ActivityHour.channel == channel)
    return [tuple(r) for r in session.execute(query)]

"""Ideas and supports per layer, UTC day, area and topic (``area_days``): what planners'
date filter reads for the whole days it covers. Hidden ideas count nowhere, nor do supports
on them; an idea counts on the day it was made, a support on the day it was given; an idea
outside every area of a layer counts in ``OUTSIDE``.

A date filter is local days (``filters.utc_range``), which in most time zones start and end
inside a UTC day: ``split`` cuts the range into the whole UTC days it covers (read here) and
the hours at either end (counted from the stored rows, a day's worth at most), so the sum
is exact in any time zone.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    cast,
    func,
    literal_column,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from vizlou.models import AreaDay, AreaLayer, Idea, IdeaArea, Support
from vizlou.models.rollups import OUTSIDE
from vizlou.services.dialect import add_to, bulk_insert

Key = tuple[int, str, int, str]  # (layer id, day, area id, category)


def day_of(when: datetime) -> str:
    return when.strftime("%Y-%m-%d")


def day_column(column) -> ColumnElement:
    """The same day in SQL (literal bounds: see ``activity.hour_column``)."""
    return func.substr(cast(column, String), literal_column("1"), literal_column("10"))


def add(session: Session, located: dict[int, int | None], category: str,
        days: Counter) -> None:
    """Add ``days`` (``{(day, "ideas" or "supports"): n}``, n negative to take away) to one
    idea's areas ``located`` (``{layer id: area id or None}``): one statement, or one more
    when some rows add and others take away."""
    rows: dict[Key, dict] = {}
    for (day, column), n in days.items():
        for layer_id, area_id in located.items():
            key = (layer_id, day, OUTSIDE if area_id is None else area_id, category)
            row = rows.setdefault(key, {"layer_id": key[0], "day": day, "area_id": key[2],
                                        "category": category, "ideas": 0, "supports": 0})
            row[column] += n
    add_to(session, AreaDay, ("layer_id", "day", "area_id", "category"),
           ("ideas", "supports"), [r for r in rows.values() if r["ideas"] or r["supports"]])


def of_idea(session: Session, idea: Idea) -> Counter:
    """What one idea and the supports on it count, per day (when it is shown or hidden)."""
    day = day_column(Support.created_at)
    days = Counter({(d, "supports"): n for d, n in session.execute(
        select(day, func.count()).where(Support.idea_id == idea.id).group_by(day))})
    days[(day_of(idea.created_at), "ideas")] += 1
    return days


def rebuild(session: Session, where: ColumnElement, layer_id: int | None = None,
            ideas: Counter | None = None) -> None:
    """Add every idea matching ``where`` and the supports on it, in every layer (or
    ``layer_id``); the table (or the layer's rows) must be empty. ``ideas`` (with
    ``layer_id``): the ideas per ``(day, area id, category)``, as a boundary import has just
    worked them out while placing them; only the supports are then counted here."""
    placed = aliased(IdeaArea, name="placed")
    area = func.coalesce(placed.area_id, literal_column(str(OUTSIDE)))
    # Supports per idea and day first: fewer rows to place than supports.
    day = day_column(Support.created_at)
    per_idea = (select(Support.idea_id, day.label("day"), func.count().label("n"))
                .group_by(Support.idea_id, day).subquery("per_idea"))

    def counted(of_ideas: bool):
        if of_ideas:
            query = select(AreaLayer.id.label("layer_id"),
                           day_column(Idea.created_at).label("day"), area.label("area_id"),
                           Idea.category.label("category"), literal_column("1").label("ideas"),
                           literal_column("0").label("supports")).select_from(Idea)
        else:
            query = (select(AreaLayer.id.label("layer_id"), per_idea.c.day,
                            area.label("area_id"), Idea.category.label("category"),
                            literal_column("0").label("ideas"), per_idea.c.n.label("supports"))
                     .select_from(per_idea).join(Idea, Idea.id == per_idea.c.idea_id))
        return (query.join(AreaLayer, true() if layer_id is None else AreaLayer.id == layer_id)
                .outerjoin(placed, and_(placed.idea_id == Idea.id,
                                        placed.layer_id == AreaLayer.id))
                .where(where))

    columns = ["layer_id", "day", "area_id", "category", "ideas", "supports"]
    if ideas is None:
        rows = union_all(counted(True), counted(False)).subquery("contributions")
        keys = [rows.c.layer_id, rows.c.day, rows.c.area_id, rows.c.category]
        summed = select(*keys, func.sum(rows.c.ideas), func.sum(rows.c.supports)).group_by(*keys)
        session.execute(AreaDay.__table__.insert().from_select(columns, summed))
        return
    merged = {(layer_id, d, a, c): [n, 0] for (d, a, c), n in ideas.items()}
    supports = counted(False).subquery("supports")
    keys = [supports.c.layer_id, supports.c.day, supports.c.area_id, supports.c.category]
    for *key, n in session.execute(select(*keys, func.sum(supports.c.supports)).group_by(*keys)):
        merged.setdefault(tuple(key), [0, 0])[1] += int(n)
    rows = [(*key, *counts) for key, counts in merged.items()]
    bulk_insert(session, AreaDay.__tablename__, columns,
                ["bigint", "text", "bigint", "text", "bigint", "bigint"],
                [list(column) for column in zip(*rows, strict=True)] if rows else [])


def split(start: datetime | None, end: datetime | None
          ) -> tuple[tuple[str | None, str | None], list[tuple[datetime | None, datetime]]]:
    """``[start, end)`` (naive UTC, either open) as the whole UTC days it covers (``[first
    day, end day)``, either open; first == end: none) and the pieces left at its ends
    (``[from, to)`` ranges of less than a day, to count from the stored rows)."""
    def midnight(when: datetime) -> datetime:
        return when.replace(hour=0, minute=0, second=0, microsecond=0)

    first = None if start is None else midnight(start)
    if first is not None and first < start:
        first += timedelta(days=1)
    last = None if end is None else midnight(end)
    if first is not None and last is not None and last < first:  # inside one UTC day
        return ("", ""), [(start, end)]
    ends = []
    if first is not None and start < first:
        ends.append((start, first))
    if last is not None and last < end:
        ends.append((last, end))
    return (None if first is None else day_of(first), None if last is None else day_of(last)), ends


def kept(session: Session, layer_id: int, days: tuple[str | None, str | None],
         category: str | None = None) -> list[tuple[int, str, int, int]]:
    """``(area id, category, ideas, supports)`` of one layer over the days ``[first, end)``
    (either open), of one ``category`` when given."""
    first, end = days
    if first is not None and first == end:
        return []
    query = (select(AreaDay.area_id, AreaDay.category, func.sum(AreaDay.ideas),
                    func.sum(AreaDay.supports)).where(AreaDay.layer_id == layer_id)
             .group_by(AreaDay.area_id, AreaDay.category))
    if first is not None:
        query = query.where(AreaDay.day >= first)
    if end is not None:
        query = query.where(AreaDay.day < end)
    if category is not None:
        query = query.where(AreaDay.category == category)
    return [(a, c, int(i), int(s)) for a, c, i, s in session.execute(query)]

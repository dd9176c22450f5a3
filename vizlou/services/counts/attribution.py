"""Which area of a layer each participant belongs to, and who took part, in plain SQL.

A participant belongs to the area of the layer given by their home area
(``participant_areas``) when they gave one for that layer; otherwise to the area of
their first idea (the first one stored, lowest id) that is not hidden and lies in an
area of that layer (``idea_areas``). Participants with neither are "area unknown".

A participant "took part" (under some filters) when they made at least one idea,
support or ballot that matches the filters (see ``filters``).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, FromClause, Select, Subquery, and_, func, select, union
from sqlalchemy.orm import aliased

from vizlou.city import City
from vizlou.models import (
    Ballot,
    ContributorArea,
    Idea,
    IdeaArea,
    Moderation,
    ParticipantArea,
    Support,
)
from vizlou.services.filters import (
    Filters,
    ballot_conditions,
    idea_conditions,
    matching_supports,
)


def stored_rows() -> FromClause:
    """The area rows of ideas: ``idea_id``, ``layer_id``, ``area_id`` (``idea_areas``)."""
    return IdeaArea.__table__


class Attribution:
    """Outer joins that give ``area`` (an area id, or NULL) for a participant id column.

    ``layer`` is a layer id, or a column of layer ids (to place people in every layer at
    once). ``rows`` are the ideas' area rows: the stored ones unless told otherwise (the
    benchmark passes a spatial join done at query time, to compare). ``people`` limits the
    work to those participant ids (a write refreshes only its author's place)."""

    def __init__(self, layer: int | ColumnElement, rows: FromClause | None = None,
                 people: Sequence[int] | None = None) -> None:
        rows = stored_rows() if rows is None else rows
        self.layer = layer
        self.home = aliased(ParticipantArea, name="home")
        self.first_area = rows.alias("first_area")
        placed = rows.alias("placed")
        on = placed.c.idea_id == Idea.id
        if isinstance(layer, int):
            on = and_(on, placed.c.layer_id == layer)
        first = (select(Idea.participant_id.label("pid"), placed.c.layer_id,
                        func.min(Idea.id).label("idea_id"))
                 .join(placed, on)
                 .where(Idea.participant_id.is_not(None), Idea.moderation != Moderation.HIDDEN))
        if people is not None:
            first = first.where(Idea.participant_id.in_(people))
        self.first: Subquery = first.group_by(Idea.participant_id,
                                              placed.c.layer_id).subquery("first_idea")

    @property
    def area(self) -> ColumnElement:
        return func.coalesce(self.home.area_id, self.first_area.c.area_id)

    def join(self, query: Select, participant_id: ColumnElement) -> Select:
        return (query
                .outerjoin(self.home, and_(self.home.participant_id == participant_id,
                                           self.home.layer_id == self.layer))
                .outerjoin(self.first, and_(self.first.c.pid == participant_id,
                                            self.first.c.layer_id == self.layer))
                .outerjoin(self.first_area,
                           and_(self.first_area.c.idea_id == self.first.c.idea_id,
                                self.first_area.c.layer_id == self.layer)))


class Kept:
    """The same places read off the kept ``contributor_areas`` (one row per person who took
    part and layer), with the interface of ``Attribution``: what planners' pages and exports
    with filters use. A filter narrows who took part but never moves anyone (the rule above
    looks at no filter), so everyone a filtered query finds has their row there; the counts
    check compares those rows with ``Attribution`` after every test."""

    def __init__(self, layer_id: int) -> None:
        self.layer = layer_id
        self.row = aliased(ContributorArea, name="kept_place")

    @property
    def area(self) -> ColumnElement:
        return self.row.area_id

    def join(self, query: Select, participant_id: ColumnElement) -> Select:
        return query.outerjoin(self.row, and_(self.row.participant_id == participant_id,
                                              self.row.layer_id == self.layer))


def placing(layer_id: int, rows: FromClause | None = None, recount: bool = False
            ) -> Attribution | Kept:
    """Where people are for a layer: the kept rows; or ``Attribution`` when asked to
    ``recount`` or over other idea area ``rows`` (the benchmark's spatial join)."""
    return Attribution(layer_id, rows) if recount or rows is not None else Kept(layer_id)


def contributors(city: City | None, flt: Filters, people: Sequence[int] | None = None) -> Subquery:
    """Distinct ids (column ``pid``) of everyone who made a matching idea, support or ballot
    (only among ``people`` when given)."""
    ideas = select(Idea.participant_id.label("pid")).where(idea_conditions(city, flt),
                                                           Idea.participant_id.is_not(None))
    supports = matching_supports(select(Support.participant_id.label("pid")), city, flt)
    ballots = select(Ballot.participant_id.label("pid")).where(ballot_conditions(city, flt))
    if people is not None:
        ideas = ideas.where(Idea.participant_id.in_(people))
        supports = supports.where(Support.participant_id.in_(people))
        ballots = ballots.where(Ballot.participant_id.in_(people))
    parts = [ideas, supports] if flt.category is not None else [ideas, supports, ballots]
    return union(*parts).subquery("contributors")

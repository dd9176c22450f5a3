"""Ideas and supports per layer, area and topic (``area_tallies``): what planners' summaries
read without filters. Hidden ideas count nowhere, nor do supports on them; an idea outside
every area of a layer counts in ``OUTSIDE``."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, func, literal_column, select, true
from sqlalchemy.orm import Session, aliased

from vizlou.models import AreaLayer, AreaTally, Idea, IdeaArea, Support
from vizlou.models.rollups import OUTSIDE
from vizlou.services.dialect import add_to, upsert


def _number(n: int) -> ColumnElement:
    return literal_column(str(int(n)))


def _upsert(session: Session):
    statement = upsert(session, AreaTally)
    return statement, statement.on_conflict_do_update(
        index_elements=["layer_id", "area_id", "category"],
        set_={"ideas": AreaTally.ideas + statement.excluded.ideas,
              "supports": AreaTally.supports + statement.excluded.supports})


def add_one(session: Session, located: dict[int, int | None], category: str, ideas: int,
            supports: int) -> None:
    """Add to the tallies of one idea placed at ``located`` (``{layer id: area id or None}``,
    every layer): one statement."""
    if not located or not (ideas or supports):
        return
    add_to(session, AreaTally, ("layer_id", "area_id", "category"), ("ideas", "supports"), [
        {"layer_id": layer_id, "area_id": OUTSIDE if area_id is None else area_id,
         "category": category, "ideas": ideas, "supports": supports}
        for layer_id, area_id in located.items()])


def add_matching(session: Session, where: ColumnElement, idea_delta: int,
                 support_delta: int | None, layer_id: int | None = None) -> None:
    """Add, in every layer (or ``layer_id``), ``idea_delta`` for each idea matching ``where``
    and ``support_delta`` for it (None: its own supports, times ``idea_delta``). Only adds
    (a recount): taking away goes through ``add_one``."""
    placed = aliased(IdeaArea, name="placed")
    area = func.coalesce(placed.area_id, _number(OUTSIDE))
    query = (select(AreaLayer.id, area, Idea.category).select_from(Idea)
             .join(AreaLayer, true() if layer_id is None else AreaLayer.id == layer_id)
             .outerjoin(placed, and_(placed.idea_id == Idea.id, placed.layer_id == AreaLayer.id)))
    if support_delta is None:
        supports = (select(Support.idea_id, func.count().label("n"))
                    .join(Idea, Idea.id == Support.idea_id)
                    .where(where).group_by(Support.idea_id).subquery("supported"))
        query = (query.outerjoin(supports, supports.c.idea_id == Idea.id)
                 .add_columns(func.count() * _number(idea_delta),
                              func.coalesce(func.sum(supports.c.n), 0) * _number(idea_delta)))
    else:
        query = query.add_columns(func.count() * _number(idea_delta),
                                  func.count() * _number(support_delta))
    query = query.where(where).group_by(AreaLayer.id, area, Idea.category)
    statement, _ = _upsert(session)
    statement = statement.from_select(["layer_id", "area_id", "category", "ideas", "supports"],
                                      query)
    statement = statement.on_conflict_do_update(
        index_elements=["layer_id", "area_id", "category"],
        set_={"ideas": AreaTally.ideas + statement.excluded.ideas,
              "supports": AreaTally.supports + statement.excluded.supports})
    session.execute(statement)


def located_of(session: Session, idea: Idea) -> dict[int, int | None]:
    """``{layer id: area id or None}`` of a stored idea, in every layer."""
    rows = session.execute(
        select(AreaLayer.id, IdeaArea.area_id).select_from(AreaLayer)
        .outerjoin(IdeaArea, and_(IdeaArea.layer_id == AreaLayer.id,
                                  IdeaArea.idea_id == idea.id)).order_by(AreaLayer.id)).all()
    return dict(rows)

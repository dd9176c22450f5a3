"""Reading ideas: one, a filtered page of them, their supports, comments and areas."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, literal, select, union_all
from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.errors import N_, InvalidInput, NotFound
from vizlou.models import (
    STATUSES,
    Area,
    AreaLayer,
    Comment,
    Idea,
    IdeaArea,
    Moderation,
    Participant,
    Support,
    SupportTally,
)
from vizlou.services.areas.layers import areas_of_ideas, resolve_area
from vizlou.services.counts import cells
from vizlou.services.ideas import moderation
from vizlou.services.maps.clusters import check_bbox
from vizlou.services.values import AreaRef

SORTS = ("newest", "supported")


PAGE_MAX = 100


@dataclass(frozen=True)
class IdeaFilter:
    category: str | None = None
    status: str | None = None
    layer: str | None = None
    area_id: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    event_id: int | None = None
    sort: str = "newest"
    limit: int = 20
    offset: int = 0


def get_idea(session: Session, idea_id: int, *, include_hidden: bool = False) -> Idea:
    idea = session.get(Idea, idea_id)
    if idea is None or (idea.moderation == Moderation.HIDDEN and not include_hidden):
        raise NotFound(N_("There is no idea number %(id)s."), field="id", id=idea_id)
    if idea.moderation == Moderation.FLAGGED and not include_hidden:
        raise NotFound(N_("This idea will appear after a quick check."), field="id",
                       code="held_for_review")
    return idea


def own_idea(session: Session, idea_id: int, participant: Participant | None) -> Idea | None:
    """The idea when ``participant`` wrote it, whatever its moderation (for its author)."""
    if participant is None:
        return None
    idea = session.get(Idea, idea_id)
    return idea if idea is not None and idea.participant_id == participant.id else None


def support_counts(session: Session, idea_ids) -> dict[int, int]:
    ids = [int(i) for i in idea_ids]
    if not ids:
        return {}
    # The kept count (``counts.support_tallies``): one row per idea, however many support it.
    rows = session.execute(select(SupportTally.idea_id, SupportTally.n)
                           .where(SupportTally.idea_id.in_(ids)))
    counts = dict.fromkeys(ids, 0)
    counts.update(dict(rows.all()))
    return counts


def supported_by(session: Session, participant: Participant | None, idea_ids) -> set[int]:
    if participant is None or not idea_ids:
        return set()
    return set(session.scalars(select(Support.idea_id).where(
        Support.participant_id == participant.id, Support.idea_id.in_(list(idea_ids)))))


def list_ideas(session: Session, city: City, flt: IdeaFilter) -> tuple[list[Idea], int]:
    """Visible ideas matching the filter, newest or most supported first; ``(page, total)``."""
    conditions = [Idea.moderation == moderation.PUBLIC]
    if flt.category:
        if city.category(flt.category) is None:
            raise InvalidInput(N_("Choose a topic from the list."), field="category")
        conditions.append(Idea.category == flt.category)
    if flt.status:
        if flt.status not in STATUSES:
            raise InvalidInput(N_("Unknown status."), field="status")
        conditions.append(Idea.status == flt.status)
    if flt.event_id:
        conditions.append(Idea.event_id == flt.event_id)
    if flt.bbox:
        west, south, east, north = check_bbox(flt.bbox)
        conditions += [Idea.lon.between(west, east), Idea.lat.between(south, north)]
    if flt.area_id is not None or flt.layer:
        if not (flt.layer and flt.area_id is not None):
            raise InvalidInput(N_("Give both the layer and the area."), field="area")
        area = resolve_area(session, AreaRef(flt.layer, flt.area_id))
        conditions.append(Idea.id.in_(select(IdeaArea.idea_id).where(
            IdeaArea.area_id == area.id)))
    if flt.sort not in SORTS:
        raise InvalidInput(N_("Sort by newest or supported."), field="sort")
    if not (1 <= flt.limit <= PAGE_MAX) or flt.offset < 0:
        raise InvalidInput(N_("Ask for 1 to %(n)s ideas at a time."), field="limit", n=PAGE_MAX)
    total = (session.scalar(select(func.count(Idea.id)).where(and_(*conditions)))
             if len(conditions) > 1 else cells.visible_ideas(session))  # kept, when unfiltered
    if flt.sort == "supported":
        return _most_supported(session, conditions, flt.limit, flt.offset), total
    query = select(Idea).where(and_(*conditions)).order_by(Idea.created_at.desc(), Idea.id.desc())
    return list(session.scalars(query.limit(flt.limit).offset(flt.offset))), total


def _most_supported(session: Session, conditions: list, limit: int, offset: int) -> list[Idea]:
    """Most supported first (the newest id among equals), then those nobody supported: the
    supported ones in the order of the kept supports' index, never sorting every idea. One
    statement, so that an idea whose last support goes meanwhile is not listed twice."""
    n, enough = SupportTally.n, offset + limit
    supported = (select(Idea.id.label("id"), n.label("n"))
                 .join(SupportTally, SupportTally.idea_id == Idea.id).where(*conditions, n > 0)
                 .order_by(n.desc(), SupportTally.idea_id.desc()).limit(enough).subquery())
    nobody = ~select(SupportTally.idea_id).where(SupportTally.idea_id == Idea.id, n > 0).exists()
    rest = (select(Idea.id.label("id"), literal(0).label("n")).where(*conditions, nobody)
            .order_by(Idea.id.desc()).limit(enough).subquery())
    both = union_all(select(supported.c.id, supported.c.n),
                     select(rest.c.id, rest.c.n)).subquery()
    return list(session.scalars(select(Idea).join(both, both.c.id == Idea.id)
                                .order_by(both.c.n.desc(), Idea.id.desc())
                                .limit(limit).offset(offset)))


def visible_comments(session: Session, idea: Idea) -> list[Comment]:
    return list(session.scalars(select(Comment).where(
        Comment.idea_id == idea.id, Comment.moderation == moderation.PUBLIC)
        .order_by(Comment.id)))


def area_names(session: Session, idea: Idea, language: str | None = None) -> dict[str, dict]:
    return areas_of_ideas(session, [idea.id], language)[idea.id]


def main_area_names(session: Session, city: City, idea_ids,
                    language: str | None = None) -> dict[int, str]:
    """The main layer's area name of each idea (for lists), in ``language`` where the
    boundary file gave it."""
    ids = [int(i) for i in idea_ids]
    if not ids:
        return {}
    rows = session.execute(
        select(IdeaArea.idea_id, Area.name, Area.names).join(Area, Area.id == IdeaArea.area_id)
        .join(AreaLayer, AreaLayer.id == IdeaArea.layer_id)
        .where(AreaLayer.key == city.main_layer, IdeaArea.idea_id.in_(ids)))
    return {idea_id: (names or {}).get(language or "", name) for idea_id, name, names in rows}


def get_comment(session: Session, comment_id: int) -> Comment:
    comment = session.get(Comment, comment_id)
    if comment is None or comment.moderation != moderation.PUBLIC:
        raise NotFound(N_("There is no comment number %(id)s."), field="id", id=comment_id)
    return comment

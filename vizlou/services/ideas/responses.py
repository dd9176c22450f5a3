"""Closing the loop: planners set an idea's status and a public response, one idea or many
at once. Residents see both on the idea's own page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vizlou.errors import N_, InvalidInput
from vizlou.models import STATUSES, Area, Idea, IdeaArea, Support
from vizlou.models.types import utcnow
from vizlou.services import audit

MAX_RESPONSE = 2000
MAX_AT_ONCE = 1000


def respond(session: Session, idea_ids: Sequence[int], *, status: str | None,
            response: str | None, actor: audit.Actor, now: datetime | None = None) -> int:
    """Set the status and/or the public response of the given ideas; returns how many changed.
    An empty response removes it; ``None`` leaves it as it is."""
    if status is not None and status not in STATUSES:
        raise InvalidInput(N_("The status must be one of: %(statuses)s."), field="status",
                           statuses=", ".join(STATUSES))
    if response is not None:
        if not isinstance(response, str) or len(response) > MAX_RESPONSE:
            raise InvalidInput(N_("Please keep the response under %(n)s characters."),
                               field="response", n=MAX_RESPONSE)
        response = response.strip()
    ids = sorted({int(i) for i in idea_ids})
    if not ids:
        raise InvalidInput(N_("Choose at least one idea."), field="ideas")
    if len(ids) > MAX_AT_ONCE:
        raise InvalidInput(N_("Answer at most %(n)s ideas at once."), field="ideas",
                           n=MAX_AT_ONCE)
    ideas = list(session.scalars(select(Idea).where(Idea.id.in_(ids))))
    if len(ideas) != len(ids):
        raise InvalidInput(N_("Some of those ideas do not exist."), field="ideas")
    now = now or utcnow()
    changed = 0
    for idea in ideas:
        before = (idea.status, idea.response)
        if status is not None:
            idea.status = status
        if response is not None and response != (idea.response or ""):
            idea.response = response or None
            idea.response_at = now if response else None
        if (idea.status, idea.response) != before:
            changed += 1
            audit.record(session, actor, "ideas.respond", "idea", idea.id,
                         status=idea.status, response=idea.response)
    return changed


@dataclass(frozen=True)
class StaffIdeaFilter:
    status: str | None = None
    category: str | None = None
    area_id: int | None = None  # of the main layer
    search: str | None = None
    page: int = 1
    size: int = 50


def ideas_to_answer(session: Session, main_layer_id: int | None,
                    flt: StaffIdeaFilter) -> tuple[list[tuple[Idea, str | None, int]], int]:
    """Ideas for planners to answer (every moderation state), newest first, with the main
    layer's area name and the number of supports: ``([(idea, area, supports)], total)``."""
    conditions = []
    if flt.status:
        if flt.status not in STATUSES:
            raise InvalidInput(N_("Unknown status."), field="status")
        conditions.append(Idea.status == flt.status)
    if flt.category:
        conditions.append(Idea.category == flt.category)
    if flt.search:
        conditions.append(Idea.text.ilike(f"%{flt.search.strip()[:100]}%"))
    area = (select(IdeaArea.idea_id, Area.name, IdeaArea.area_id)
            .join(Area, Area.id == IdeaArea.area_id)
            .where(IdeaArea.layer_id == main_layer_id).subquery())
    if flt.area_id is not None:
        conditions.append(area.c.area_id == flt.area_id)
    supports = (select(Support.idea_id, func.count(Support.id).label("n"))
                .group_by(Support.idea_id).subquery())
    base = (select(Idea, area.c.name, func.coalesce(supports.c.n, 0))
            .outerjoin(area, area.c.idea_id == Idea.id)
            .outerjoin(supports, supports.c.idea_id == Idea.id).where(*conditions))
    total = session.scalar(select(func.count()).select_from(base.subquery()))
    rows = session.execute(base.order_by(Idea.created_at.desc(), Idea.id.desc())
                           .limit(flt.size).offset((max(flt.page, 1) - 1) * flt.size)).all()
    return [tuple(r) for r in rows], total

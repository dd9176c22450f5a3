"""The planners' to-do: what needs a person now, at the top of the dashboard. Each number
is one count query on an index that holds only the few rows it counts (answered ideas, held
ones) or on the kept counts (public ideas), so the dashboard stays fast at a million ideas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vizlou.models import Comment, Idea, Moderation, Question, Report
from vizlou.models.types import utcnow
from vizlou.services.counts import cells

SOON = timedelta(days=7)


@dataclass(frozen=True)
class ToDo:
    unanswered: int  # public ideas without an answer
    reported: int  # public ideas and comments with reports waiting
    held: int  # ideas and comments held for review
    closing: list[Question]  # open questions closing within a week, soonest first

    @property
    def empty(self) -> bool:
        return not (self.unanswered or self.reported or self.held or self.closing)


def todo(session: Session, now: datetime | None = None) -> ToDo:
    now = now or utcnow()
    answered = session.scalar(select(func.count(Idea.id)).where(  # ix_ideas_responded
        Idea.response.is_not(None), Idea.moderation == Moderation.VISIBLE))
    unanswered = cells.visible_ideas(session) - answered
    waiting = Report.dismissed_at.is_(None)
    reported_ideas = session.scalar(
        select(func.count(func.distinct(Report.idea_id))).join(Idea, Idea.id == Report.idea_id)
        .where(waiting, Report.comment_id.is_(None), Idea.moderation == Moderation.VISIBLE))
    reported_comments = session.scalar(
        select(func.count(func.distinct(Report.comment_id)))
        .join(Comment, Comment.id == Report.comment_id)
        .where(waiting, Comment.moderation == Moderation.VISIBLE))
    held = session.scalar(select(func.count(Idea.id)).where(  # ix_ideas_held, on SQLite too
        Idea.moderation != Moderation.VISIBLE, Idea.moderation == Moderation.FLAGGED)) + \
        session.scalar(select(func.count(Comment.id)).where(
            Comment.moderation == Moderation.FLAGGED))
    closing = list(session.scalars(select(Question).where(
        Question.published.is_(True), Question.closes_at > now,
        Question.closes_at <= now + SOON,
        (Question.opens_at.is_(None)) | (Question.opens_at <= now))
        .order_by(Question.closes_at)))
    return ToDo(unanswered, reported_ideas + reported_comments, held, closing)

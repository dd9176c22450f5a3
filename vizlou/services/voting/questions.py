"""Questions (planning scenarios) and their options."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from vizlou.errors import N_, InvalidInput, NotFound
from vizlou.geo.overlays import clean_overlay
from vizlou.models import Identity, Option, Question
from vizlou.services.voting import methods


def check_identity(identity: object) -> str:
    """How voters are told apart: ``open`` or ``code`` (``phone`` needs the text-message
    channel, which is not there yet)."""
    if identity not in (Identity.OPEN, Identity.CODE):
        raise InvalidInput(N_("Voters are told apart by their device (open) or by a voting "
                              "code (code)."), field="identity")
    return identity


def create_question(session: Session, *, title: str, method: str, options: list[dict],
                    description: str = "", translations: dict | None = None,
                    max_choices: int | None = None, budget_total: float | None = None,
                    budget_unit: str | None = None, opens_at: datetime | None = None,
                    closes_at: datetime | None = None, position: int = 0,
                    identity: str = Identity.OPEN,
                    bounds: tuple[float, float, float, float] | None = None) -> Question:
    """``options``: dicts with ``title`` and optionally ``description``, ``cost``,
    ``overlay`` (a GeoJSON geometry, checked against ``bounds``, the city's) and
    ``translations``."""
    chosen = methods.get(method)
    if not title or not title.strip():
        raise InvalidInput(N_("A question needs a title."), field="title")
    if len(options) < 2:
        raise InvalidInput(N_("A question needs at least two options."), field="options")
    chosen.check_question(options=len(options), max_choices=max_choices,
                          budget_total=budget_total)
    if opens_at and closes_at and closes_at <= opens_at:
        raise InvalidInput(N_("A question must close after it opens."), field="closes_at")
    check_identity(identity)
    question = Question(
        title=title.strip(), description=description, method=method,
        translations=translations or {}, max_choices=max_choices, budget_total=budget_total,
        budget_unit=budget_unit or ("dots" if method == "budget" else None),
        opens_at=opens_at, closes_at=closes_at, position=position, identity=identity)
    for i, item in enumerate(options):
        question.options.append(Option(
            title=item["title"], description=item.get("description", ""),
            translations=item.get("translations", {}), cost=item.get("cost"),
            overlay=clean_overlay(item["overlay"], bounds) if item.get("overlay") else None,
            position=i))
    session.add(question)
    session.flush()
    return question


def get_question(session: Session, question_id: int) -> Question:
    question = session.get(Question, question_id)
    if question is None or not question.published:
        raise NotFound(N_("There is no question %(id)s."), field="question", id=question_id)
    return question


def any_question(session: Session, question_id: int) -> Question:
    """A question, published or not (for planners)."""
    question = session.get(Question, question_id)
    if question is None:
        raise NotFound(N_("There is no question %(id)s."), field="question", id=question_id)
    return question


def titles(session: Session) -> list[tuple[int, str]]:
    """``(id, title)`` of every question, in their order."""
    return [tuple(r) for r in session.execute(select(Question.id, Question.title)
                                              .order_by(Question.position, Question.id))]


def list_questions(session: Session) -> list[Question]:
    return list(session.scalars(select(Question).where(Question.published.is_(True))
                                .order_by(Question.position, Question.id)))

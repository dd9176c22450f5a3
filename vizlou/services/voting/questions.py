"""Questions (planning scenarios) and their options."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from vizlou.errors import N_, InvalidInput, NotFound
from vizlou.models import Identity, Question
from vizlou.services import audit
from vizlou.services.voting import drafts, editing


def _document(title: str, description: str, translations: dict | None) -> tuple[dict, dict]:
    titles, descriptions = {"en": title}, {"en": description}
    for lang, texts in (translations or {}).items():
        titles[lang] = (texts or {}).get("title")
        descriptions[lang] = (texts or {}).get("description")
    return titles, descriptions


def create_question(session: Session, *, title: str, method: str, options: list[dict],
                    description: str = "", translations: dict | None = None,
                    max_choices: int | None = None, budget_total: float | None = None,
                    budget_unit: str | None = None, opens_at: datetime | None = None,
                    closes_at: datetime | None = None, position: int = 0,
                    identity: str = Identity.OPEN,
                    bounds: tuple[float, float, float, float] | None = None,
                    published: bool = True, actor: audit.Actor = audit.COMMAND_LINE,
                    **settings) -> Question:
    """A published question in English (and ``translations``, ``{"es": {"title": ...}}``),
    for the demo, the command line and tests; planners use the editor (``editing``).
    ``options``: dicts with ``title`` and optionally ``description``, ``cost``, ``overlay``
    (a GeoJSON geometry, checked against ``bounds``, the city's) and ``translations``."""
    if not title or not str(title).strip():
        raise InvalidInput(N_("A question needs a title."), field="title")
    langs = {"en", *(translations or {})}
    for item in options:
        langs.update((item.get("translations") or {}) if isinstance(item, dict) else ())
    titles, descriptions = _document(title, description, translations)
    document = {
        "method": method, "title": titles, "description": descriptions,
        "settings": {"max_choices": max_choices, "budget_total": budget_total,
                     "budget_unit": budget_unit, **settings},
        "identity": identity, "opens_at": opens_at, "closes_at": closes_at,
        "published": published, "position": position,
        "options": [dict(zip(("title", "description"),
                             _document(o.get("title", ""), o.get("description", ""),
                                       o.get("translations")), strict=True),
                         cost=o.get("cost"), overlay=o.get("overlay"))
                    if isinstance(o, dict) else o for o in options]}
    languages = drafts.Languages("en", tuple(sorted(langs, key=lambda x: x != "en")))
    return editing.create(session, drafts.read(document, languages, bounds), actor,
                          default_language="en")


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

"""Closing the loop: planners set an idea's status and a public response, one idea or many
at once. Residents see both on the idea's own page."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from vizlou.errors import N_, InvalidInput
from vizlou.models import (
    STATUSES,
    Area,
    AuditEntry,
    Idea,
    IdeaArea,
    Moderation,
    SupportTally,
    WebhookEvent,
)
from vizlou.models.types import utcnow
from vizlou.services import audit
from vizlou.services.webhooks import hooks

MAX_RESPONSE = 2000
MAX_AT_ONCE = 5000  # a filter's every idea, across its pages


def answers_of(idea: Idea, languages: Sequence[str]) -> dict[str, str]:
    """The public answer in each language that has one (the first language is the city's
    default, kept in ``Idea.response``; the others in ``response_translations``)."""
    found = {languages[0]: idea.response} if idea.response else {}
    found.update({lang: text for lang, text in (idea.response_translations or {}).items()
                  if text and lang in languages[1:]})
    return found


def missing_languages(idea: Idea, languages: Sequence[str]) -> list[str]:
    """The city's languages the answer is not written in yet (none when there is no answer
    at all): a planner sees them flagged; a resident is never shown another language
    without being told."""
    have = answers_of(idea, languages)
    return [lang for lang in languages if lang not in have] if have else []


def answer_for(idea: Idea, language: str, languages: Sequence[str]) -> tuple[str, str] | None:
    """``(text, its language)`` for a resident reading in ``language``: theirs when written,
    else the default language's, else any; None when the idea has no answer."""
    have = answers_of(idea, languages)
    for lang in (language, languages[0], *have):
        if lang in have:
            return have[lang], lang
    return None


def _checked_answers(answers: Mapping[str, object] | None,
                     languages: Sequence[str]) -> dict[str, str]:
    out = {}
    for lang, text in (answers or {}).items():
        if lang not in languages:
            raise InvalidInput(N_("Answers can be written in: %(languages)s."),
                               field="response", languages=", ".join(languages))
        if not isinstance(text, str) or len(text) > MAX_RESPONSE:
            raise InvalidInput(N_("Please keep the response under %(n)s characters."),
                               field=f"response_{lang}", n=MAX_RESPONSE)
        out[lang] = text.strip()
    return out


def respond(session: Session, idea_ids: Sequence[int], *, status: str | None,
            answers: Mapping[str, str] | None, languages: Sequence[str], actor: audit.Actor,
            now: datetime | None = None,
            tell: Callable[[list[Idea]], object] | None = None) -> int:
    """Set the status and/or the public answers of the given ideas; returns how many changed.

    ``answers`` maps a language to its text: a text sets the answer in that language, an
    empty text removes it, and a language left out keeps the answer it has. Each change is
    audited with what it replaced, which is the answer's history. The ideas are locked while
    they change, so two planners saving at once both land, one after the other. ``tell`` is
    given the public ideas whose status or answer changed (to tell their authors)."""
    if status is not None and status not in STATUSES:
        raise InvalidInput(N_("The status must be one of: %(statuses)s."), field="status",
                           statuses=", ".join(STATUSES))
    answers = _checked_answers(answers, languages)
    ids = sorted({int(i) for i in idea_ids})
    if not ids:
        raise InvalidInput(N_("Choose at least one idea."), field="ideas")
    if len(ids) > MAX_AT_ONCE:
        raise InvalidInput(N_("Answer at most %(n)s ideas at once."), field="ideas",
                           n=MAX_AT_ONCE)
    ideas = list(session.scalars(select(Idea).where(Idea.id.in_(ids)).order_by(Idea.id)
                                 .with_for_update()
                                 .execution_options(populate_existing=True)))
    if len(ideas) != len(ids):
        raise InvalidInput(N_("Some of those ideas do not exist."), field="ideas")
    now = now or utcnow()
    changed = 0
    news: list[Idea] = []
    for idea in ideas:
        before = answers_of(idea, languages)
        after = {**before, **answers}
        after = {lang: text for lang, text in after.items() if text}
        before_status = idea.status
        if status is not None:
            idea.status = status
        if after != before:
            idea.response = after.get(languages[0])
            idea.response_translations = {lang: after[lang] for lang in languages[1:]
                                          if lang in after}
            idea.response_at = now if after else None
        if after != before or idea.status != before_status:
            changed += 1
            idea.changed_at = now
            if idea.moderation == Moderation.VISIBLE:
                news.append(idea)
            if idea.status != before_status:
                hooks.emit(session, WebhookEvent.IDEA_STATUS, {
                    "id": idea.id, "status": idea.status, "before": before_status,
                    "answers": after}, now)
            audit.record(session, actor, "ideas.respond", "idea", idea.id,
                         status=idea.status, answers=after,
                         before={"status": before_status, "answers": before})
    if news and tell is not None:
        tell(news)
    return changed


@dataclass(frozen=True)
class AnswerChange:
    at: datetime
    actor: str
    status: str | None
    answers: dict[str, str]


def history(session: Session, idea_id: int) -> list[AnswerChange]:
    """Every saved change of the idea's status and answers, newest first."""
    entries = session.scalars(select(AuditEntry).where(
        AuditEntry.action == "ideas.respond", AuditEntry.target_type == "idea",
        AuditEntry.target_id == str(idea_id)).order_by(AuditEntry.id.desc()))
    return [AnswerChange(e.at, e.actor, e.detail.get("status"),
                         e.detail.get("answers") or (
                             {"": e.detail["response"]} if e.detail.get("response") else {}))
            for e in entries]


@dataclass(frozen=True)
class StaffIdeaFilter:
    status: str | None = None
    category: str | None = None
    area_id: int | None = None  # of the main layer
    search: str | None = None
    unanswered: bool = False
    page: int = 1
    size: int = 50


def ideas_to_answer(session: Session, main_layer_id: int | None,
                    flt: StaffIdeaFilter) -> tuple[list[tuple[Idea, str | None, int]], int]:
    """Ideas for planners to answer (every moderation state), newest first, with the main
    layer's area name and the number of supports: ``([(idea, area, supports)], total)``."""
    base = _matching(main_layer_id, flt)
    total = session.scalar(select(func.count(Idea.id)).where(*_conditions(main_layer_id, flt)))
    rows = session.execute(base.order_by(Idea.created_at.desc(), Idea.id.desc())
                           .limit(flt.size).offset((max(flt.page, 1) - 1) * flt.size)).all()
    return [tuple(r) for r in rows], total


def ids_matching(session: Session, main_layer_id: int | None,
                 flt: StaffIdeaFilter) -> list[int]:
    """Every idea the filter matches, on every page (at most one more than ``MAX_AT_ONCE``,
    so that too many is told, not cut)."""
    query = _matching(main_layer_id, flt).order_by(Idea.id).limit(MAX_AT_ONCE + 1)
    return [row[0].id for row in session.execute(query)]


def _conditions(main_layer_id: int | None, flt: StaffIdeaFilter) -> list:
    conditions = []
    if flt.status:
        if flt.status not in STATUSES:
            raise InvalidInput(N_("Unknown status."), field="status")
        conditions.append(Idea.status == flt.status)
    if flt.category:
        conditions.append(Idea.category == flt.category)
    if flt.search:
        conditions.append(Idea.text.ilike(f"%{flt.search.strip()[:100]}%"))
    if flt.unanswered:
        conditions.append(Idea.response.is_(None))
    if flt.area_id is not None:
        conditions.append(Idea.id.in_(select(IdeaArea.idea_id).where(
            IdeaArea.layer_id == main_layer_id, IdeaArea.area_id == flt.area_id)))
    return conditions


def _matching(main_layer_id: int | None, flt: StaffIdeaFilter):
    """The matching ideas with their main area's name and their kept supports: each joined
    row found by its key, so a page of the newest reads a page of rows."""
    return (select(Idea, Area.name, func.coalesce(SupportTally.n, 0))
            .outerjoin(IdeaArea, and_(IdeaArea.idea_id == Idea.id,
                                      IdeaArea.layer_id == main_layer_id))
            .outerjoin(Area, Area.id == IdeaArea.area_id)
            .outerjoin(SupportTally, SupportTally.idea_id == Idea.id)
            .where(*_conditions(main_layer_id, flt)))

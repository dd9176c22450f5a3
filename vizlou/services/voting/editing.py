"""Planners make and change questions: create, edit, publish, close and reopen, each change
in the audit log.

Once a question has ballots, whatever would change what they mean is locked: the method, its
settings, the options (which there are, their order, costs and drawings) and how voters are
told apart. The wording and the dates can still change. The check and the change happen
under the question's exclusive lock, which every ballot takes shared, so a first ballot and
an edit cannot cross.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vizlou.errors import N_, Conflict, InvalidInput
from vizlou.models import Ballot, Option, Question, WebhookEvent
from vizlou.models.types import utcnow
from vizlou.services import audit, locks
from vizlou.services.counts import record
from vizlou.services.voting.drafts import OptionDraft, QuestionDraft, slug
from vizlou.services.voting.methods.base import SETTING_NAMES
from vizlou.services.webhooks import hooks


@dataclass(frozen=True)
class Listed:
    question: Question
    state: str  # "draft", "scheduled", "open" or "closed"
    ballots: int


def state_of(question: Question, now: datetime | None = None) -> str:
    now = now or utcnow()
    if not question.published:
        return "draft"
    if question.closes_at and question.closes_at <= now:
        return "closed"
    if question.opens_at and question.opens_at > now:
        return "scheduled"
    return "open"


def overview(session: Session) -> list[Listed]:
    """Every question, drafts too, in order, with its state and number of ballots."""
    counts = dict(session.execute(select(Ballot.question_id, func.count(Ballot.id))
                                  .group_by(Ballot.question_id)).all())
    now = utcnow()
    return [Listed(q, state_of(q, now), counts.get(q.id, 0)) for q in
            session.scalars(select(Question).order_by(Question.position, Question.id))]


def ballots_of(session: Session, question: Question) -> int:
    """Every ballot of the question, set aside or not: each one fixes what it meant."""
    return session.scalar(select(func.count(Ballot.id))
                          .where(Ballot.question_id == question.id)) or 0


def _free_key(session: Session, wanted: str, current: Question | None = None) -> str:
    taken = set(session.scalars(select(Question.key).where(Question.key.like(f"{wanted}%"))))
    if current is not None:
        taken.discard(current.key)
    key, n = wanted, 1
    while key in taken:
        n += 1
        key = f"{wanted[:55]}-{n}"
    return key


def _option_keys(drafts: list[OptionDraft], kept: list[str] | None = None) -> list[str]:
    """Keys for options: the draft's, else the kept option's at that place, else made."""
    given = {d.key for d in drafts if d.key}
    out = []
    for n, draft in enumerate(drafts):
        key = draft.key or (kept[n] if kept and n < len(kept) and kept[n] not in given
                            else None)
        if key is None:
            base = slug(draft.texts[next(iter(draft.texts))]["title"], f"option-{n + 1}")
            key, k = base, 1
            while key in given or key in out:
                k += 1
                key = f"{base[:55]}-{k}"
        out.append(key)
    return out


def _texts_of(texts: dict[str, dict[str, str]], default: str) -> tuple[str, str, dict]:
    mine = texts.get(default, {})
    others = {lang: {k: v for k, v in t.items() if v} for lang, t in texts.items()
              if lang != default}
    return mine.get("title", ""), mine.get("description", ""), \
        {lang: t for lang, t in others.items() if t}


def _meaning(question: Question) -> tuple:
    """What a ballot's meaning rests on."""
    return (question.method, question.identity,
            tuple(getattr(question, name) for name in SETTING_NAMES),
            tuple((o.key, o.cost, o.overlay) for o in question.options))


def _apply(question: Question, draft: QuestionDraft, default: str, keys: list[str]) -> None:
    question.title, question.description, question.translations = \
        _texts_of(draft.texts, default)
    question.method, question.identity = draft.method, draft.identity
    for name in SETTING_NAMES:
        setattr(question, name, draft.settings.get(name))
    question.opens_at, question.closes_at = draft.opens_at, draft.closes_at
    if draft.position is not None:
        question.position = draft.position
    existing = {o.key: o for o in question.options}
    kept = []
    for n, (key, item) in enumerate(zip(keys, draft.options, strict=True)):
        option = existing.pop(key, None) or Option(key=key)
        option.title, option.description, option.translations = _texts_of(item.texts, default)
        option.cost, option.overlay, option.position = item.cost, item.overlay, n
        kept.append(option)
    question.options[:] = kept


def _changed(before: dict, after: dict) -> list[str]:
    return sorted(k for k in after if before.get(k) != after.get(k))


def _snapshot(question: Question) -> dict:
    return {"title": question.title, "description": question.description,
            "translations": question.translations, "method": question.method,
            "identity": question.identity,
            **{name: getattr(question, name) for name in SETTING_NAMES},
            "opens_at": question.opens_at, "closes_at": question.closes_at,
            "published": question.published, "position": question.position,
            "options": [(o.key, o.title, o.description, o.translations, o.cost, o.overlay)
                        for o in question.options]}


def create(session: Session, draft: QuestionDraft, actor: audit.Actor, *,
           default_language: str) -> Question:
    """A new question from a checked draft: a draft itself (unpublished) unless the draft
    says ``published``."""
    key = _free_key(session, draft.key or slug(draft.texts[default_language]["title"],
                                               "question"))
    if draft.key and key != draft.key:
        raise Conflict(N_("Another question already has the key %(key)s."), field="key",
                       key=draft.key)
    position = draft.position
    if position is None:
        position = (session.scalar(select(func.max(Question.position))) or 0) + 1
    question = Question(key=key, published=bool(draft.published), position=position)
    _apply(question, draft, default_language, _option_keys(draft.options))
    question.position = position
    session.add(question)
    session.flush()
    audit.record(session, actor, "questions.create", "question", question.id, key=key,
                 method=question.method, options=len(question.options))
    return question


def update(session: Session, question: Question, draft: QuestionDraft, actor: audit.Actor, *,
           default_language: str) -> Question:
    """Change a question to match the draft; Conflict if it has ballots and the change
    would alter what they mean."""
    question = locks.question(session, question)
    if draft.key and draft.key != question.key:
        if _free_key(session, draft.key, question) != draft.key:
            raise Conflict(N_("Another question already has the key %(key)s."), field="key",
                           key=draft.key)
        question.key = draft.key
    before, meaning = _snapshot(question), _meaning(question)
    voted = ballots_of(session, question)  # before anything changes (and is flushed)
    keys = _option_keys(draft.options, [o.key for o in question.options])
    with session.no_autoflush:
        _apply(question, draft, default_language, keys)
    if draft.published is not None:
        question.published = draft.published
    if voted and _meaning(question) != meaning:
        raise Conflict(N_("People have already voted on this question (%(n)s ballots), so "
                          "its method, settings, options, costs and drawings can no longer "
                          "change: that would change what their ballots mean. The wording "
                          "and the dates can still change."), field="method", n=voted)
    changed = _changed(before, _snapshot(question))
    if changed:
        question.updated_at = utcnow()
        session.flush()
        audit.record(session, actor, "questions.update", "question", question.id,
                     changed=changed)
        if _meaning(question) != meaning:
            record.question_changed(session, question)
    return question


def publish(session: Session, question: Question, actor: audit.Actor) -> Question:
    question = locks.question(session, question)
    if not question.published:
        question.published, question.updated_at = True, utcnow()
        audit.record(session, actor, "questions.publish", "question", question.id)
    return question


def close(session: Session, question: Question, actor: audit.Actor,
          now: datetime | None = None) -> Question:
    """Voting ends now (the question stays public with its results)."""
    question = locks.question(session, question)
    now = now or utcnow()
    if question.closes_at is None or question.closes_at > now:
        question.closes_at, question.updated_at = now, now
        if question.opens_at and question.opens_at > now:
            question.opens_at = None
        audit.record(session, actor, "questions.close", "question", question.id)
        ballots = session.scalar(select(func.count(Ballot.id))
                                 .where(Ballot.question_id == question.id))
        hooks.emit(session, WebhookEvent.QUESTION_CLOSED, {
            "id": question.id, "key": question.key, "title": question.title,
            "method": question.method, "ballots": ballots,
            "results_url_path": f"/questions/{question.id}/results"}, now)
    return question


def reopen(session: Session, question: Question, actor: audit.Actor,
           closes_at: datetime | None = None, now: datetime | None = None) -> Question:
    """Voting opens again, until ``closes_at`` (a later date) or until closed by hand."""
    question = locks.question(session, question)
    now = now or utcnow()
    if closes_at is not None and closes_at <= now:
        raise InvalidInput(N_("The new closing date must be in the future."), field="closes_at")
    question.closes_at, question.updated_at, question.published = closes_at, now, True
    audit.record(session, actor, "questions.reopen", "question", question.id,
                 closes_at=closes_at.isoformat() if closes_at else None)
    return question

"""What residents do with an idea: support it (or stop), comment on it, report it."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vizlou.errors import N_, InvalidInput, NotFound
from vizlou.models import Comment, Idea, Moderation, Participant, Report, Support, WebhookEvent
from vizlou.models.types import utcnow
from vizlou.services import locks, receipts
from vizlou.services.counts import record
from vizlou.services.dialect import insert_once
from vizlou.services.ideas import moderation
from vizlou.services.ideas.create import _server_client_id
from vizlou.services.ideas.read import support_counts, supported_by
from vizlou.services.inputs import check_client_id, clean_text
from vizlou.services.values import WEB, Origin
from vizlou.services.webhooks import hooks

MAX_COMMENT = 300


REPORT_REASONS = ("offensive", "personal", "spam", "other")


def set_support(session: Session, idea: Idea, participant: Participant, on: bool,
                origin: Origin = WEB, client_id: object = None) -> tuple[bool, int]:
    """Support (or stop supporting) an idea: at most one support per participant, enforced by
    the database. Doing it twice changes nothing, and a retry of an older request (same
    ``client_id``) arriving after a newer one changes nothing either. Returns
    ``(supported, count)``."""
    client_id = check_client_id(client_id)
    idea = locks.idea(session, idea, shared=True)  # it stays as it is while this runs
    if idea.moderation == Moderation.HIDDEN:  # hidden since the caller found it
        raise NotFound(N_("There is no idea number %(id)s."), field="id", id=idea.id)
    locks.participant(session, participant)
    first_time = receipts.first_time(session, participant.id, client_id, "support")
    if first_time:
        if on:
            added = insert_once(session, Support, {
                "idea_id": idea.id, "participant_id": participant.id,
                "channel": origin.channel, "event_id": origin.event_id,
                "created_at": utcnow()}, unique=("idea_id", "participant_id"))
            if added is not None:
                record.support_added(session, idea, participant.id, added.created_at,
                                     added.channel)
        else:
            removed = session.execute(delete(Support).where(
                Support.idea_id == idea.id, Support.participant_id == participant.id)
                .returning(Support.created_at, Support.channel)).first()
            if removed is not None:
                record.support_removed(session, idea, participant.id, *removed)
    # Done now, or already so; a late retry (not the first time) changed nothing: look.
    supported = on if first_time else idea.id in supported_by(session, participant, [idea.id])
    return supported, support_counts(session, [idea.id])[idea.id]


def add_comment(session: Session, idea: Idea, participant: Participant, text: object,
                client_id: object = None, origin: Origin = WEB) -> tuple[Comment, bool]:
    client_id = check_client_id(client_id)
    if client_id:
        existing = session.scalar(select(Comment).where(Comment.client_id == client_id))
        if existing is not None:
            return existing, False
    text = clean_text(text, limit=MAX_COMMENT)
    state, reason = moderation.screen(text)
    comment = Comment(idea_id=idea.id, participant_id=participant.id, text=text,
                      client_id=client_id or _server_client_id(), language=origin.language,
                      moderation=state, moderation_reason=reason)
    try:
        with session.begin_nested():
            session.add(comment)
            session.flush()
    except IntegrityError:
        existing = session.scalar(select(Comment).where(Comment.client_id == client_id))
        if existing is None:
            raise
        return existing, False
    return comment, True


def report(session: Session, participant: Participant, *, reason: object,
           idea: Idea | None = None, comment: Comment | None = None,
           note: object = None, auto_hide_after: int = 0) -> bool:
    """Flag an idea or comment; once per participant and target. True when newly stored.
    With ``auto_hide_after`` reports from different people, the text is hidden for review."""
    if reason not in REPORT_REASONS:
        raise InvalidInput(N_("Choose a reason from the list."), field="reason")
    if note is not None and not isinstance(note, str):
        raise InvalidInput(N_("Write the note as text."), field="note")
    target = f"idea:{idea.id}" if idea is not None else f"comment:{comment.id}"
    # Under the item's lock: reports arriving at once are counted one after the other, so
    # the automatic hiding happens once.
    item = locks.idea(session, idea) if idea is not None else locks.comment(session, comment)
    stored = insert_once(session, Report, {
        "target": target, "idea_id": getattr(idea, "id", None),
        "comment_id": getattr(comment, "id", None), "participant_id": participant.id,
        "reason": reason, "note": (note or "")[:MAX_COMMENT] or None,
        "created_at": utcnow()}, unique=("participant_id", "target"))
    if stored is None:
        return False
    moderation.after_report(session, item, auto_hide_after)
    hooks.emit(session, WebhookEvent.REPORT_WAITING, {
        "target": target, "reason": reason, "moderation": item.moderation})
    return True

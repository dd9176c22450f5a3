"""What residents do with an idea: support it (or stop), comment on it, report it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vizlou.errors import N_, InvalidInput
from vizlou.models import Comment, Idea, Participant, Report, Support
from vizlou.services.counts import kept as rollups
from vizlou.services.ideas import moderation
from vizlou.services.ideas.create import _server_client_id
from vizlou.services.ideas.read import support_counts
from vizlou.services.inputs import check_client_id, clean_text
from vizlou.services.values import WEB, Origin

MAX_COMMENT = 300


REPORT_REASONS = ("offensive", "personal", "spam", "other")


def set_support(session: Session, idea: Idea, participant: Participant, on: bool,
                origin: Origin = WEB) -> tuple[bool, int]:
    """Support (or stop supporting) an idea: at most one support per participant, enforced by
    the database. Doing it twice changes nothing. Returns ``(supported, count)``."""
    existing = session.scalar(select(Support).where(Support.idea_id == idea.id,
                                                    Support.participant_id == participant.id))
    if on and existing is None:
        try:
            with session.begin_nested():
                session.add(Support(idea_id=idea.id, participant_id=participant.id,
                                    channel=origin.channel, event_id=origin.event_id))
                session.flush()
            rollups.support_changed(session, idea, participant.id, 1)
        except IntegrityError:
            pass  # a parallel request stored the same support
    elif not on and existing is not None:
        session.delete(existing)
        session.flush()
        rollups.support_changed(session, idea, participant.id, -1)
    return on, support_counts(session, [idea.id])[idea.id]


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
    if session.scalar(select(Report.id).where(Report.participant_id == participant.id,
                                              Report.target == target)) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(Report(target=target, idea_id=getattr(idea, "id", None),
                               comment_id=getattr(comment, "id", None),
                               participant_id=participant.id, reason=reason,
                               note=(note or "")[:MAX_COMMENT] or None))
            session.flush()
    except IntegrityError:
        return False
    moderation.after_report(session, idea if idea is not None else comment, auto_hide_after)
    return True

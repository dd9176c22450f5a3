"""The audit log: every moderation, status change, boundary import and export."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from vizlou.models import AuditEntry


@dataclass(frozen=True)
class Actor:
    """Who acts: a staff user (id and email) or the command line (no id)."""

    label: str
    id: int | None = None


COMMAND_LINE = Actor("command line")


def record(session: Session, actor: Actor, action: str, target_type: str | None = None,
           target_id: object = None, **detail: object) -> AuditEntry:
    entry = AuditEntry(actor_id=actor.id, actor=actor.label, action=action,
                       target_type=target_type,
                       target_id=None if target_id is None else str(target_id), detail=detail)
    session.add(entry)
    return entry

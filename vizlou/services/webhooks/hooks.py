"""Registering webhooks, and writing an event's deliveries to the outbox."""

from __future__ import annotations

import json
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from vizlou.errors import N_, InvalidInput
from vizlou.models import Webhook, WebhookDelivery, WebhookEvent
from vizlou.models.types import utcnow
from vizlou.services import audit
from vizlou.services.messaging import phones


def register(session: Session, url: object, events: list[str], key: bytes,
             actor: audit.Actor) -> tuple[Webhook, str]:
    """A new hook and its signing secret (shown once; kept sealed)."""
    if not isinstance(url, str) or not url.startswith(("https://", "http://")) \
            or len(url) > 500 or any(c.isspace() for c in url):
        raise InvalidInput(N_("Give the address as a full URL starting with https://."),
                           field="url")
    chosen = [e for e in WebhookEvent.ALL if e in set(events)]
    if not chosen:
        raise InvalidInput(N_("Choose at least one event."), field="events")
    secret = secrets.token_urlsafe(32)
    hook = Webhook(url=url, events=chosen, sealed_secret=phones.seal(secret, key),
                   active=True, created_at=utcnow())
    session.add(hook)
    session.flush()
    audit.record(session, actor, "webhooks.register", "webhook", hook.id, url=url,
                 events=chosen)
    return hook, secret


def remove(session: Session, hook_id: int, actor: audit.Actor) -> None:
    hook = session.get(Webhook, hook_id)
    if hook is not None:
        session.delete(hook)
        audit.record(session, actor, "webhooks.remove", "webhook", hook_id, url=hook.url)


def emit(session: Session, event: str, payload: dict, now: datetime | None = None) -> int:
    """Write the event for every active hook that wants it; returns how many."""
    hooks = [h for h in session.scalars(select(Webhook).where(Webhook.active.is_(True)))
             if event in (h.events or [])]
    now = now or utcnow()
    body = json.dumps({"event": event, "at": now.isoformat(timespec="seconds") + "Z",
                       "data": payload}, ensure_ascii=False, default=str)
    for hook in hooks:
        session.add(WebhookDelivery(hook_id=hook.id, event=event, body=body, created_at=now,
                                    next_at=now, attempts=0))
    if hooks:
        session.flush()
    return len(hooks)

"""Registering webhooks, and writing an event's deliveries to the outbox."""

from __future__ import annotations

import json
import secrets
import time
from datetime import datetime

from sqlalchemy import insert, literal, select
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
    _forget(session)
    audit.record(session, actor, "webhooks.register", "webhook", hook.id, url=url,
                 events=chosen)
    return hook, secret


def remove(session: Session, hook_id: int, actor: audit.Actor) -> None:
    hook = session.get(Webhook, hook_id)
    if hook is not None:
        session.delete(hook)
        _forget(session)
        audit.record(session, actor, "webhooks.remove", "webhook", hook_id, url=hook.url)


# The active hooks, per database, read again at most CHECK_EVERY seconds after the last look
# (at once in the process that registers or removes one): a resident's write then sends no
# statement for them when the city has none. A hook registered on another server gets events
# from this one a second later at most; one removed gets none (see ``emit``).
CHECK_EVERY = 1.0
_active: dict[str, tuple[float, tuple[tuple[int, frozenset[str]], ...]]] = {}


def _forget(session: Session) -> None:
    _active.pop(str(session.get_bind().url), None)


def _active_hooks(session: Session) -> tuple[tuple[int, frozenset[str]], ...]:
    key, now = str(session.get_bind().url), time.monotonic()
    cached = _active.get(key)
    if cached is None or now - cached[0] >= CHECK_EVERY:
        rows = session.execute(select(Webhook.id, Webhook.events)
                               .where(Webhook.active.is_(True))).all()
        cached = now, tuple((hook_id, frozenset(events or ())) for hook_id, events in rows)
        _active[key] = cached
    return cached[1]


_WHEN = WebhookDelivery.__table__.c.created_at.type  # stored as the model stores it


def emit(session: Session, event: str, payload: dict, now: datetime | None = None) -> int:
    """Write the event for every active hook that wants it; returns how many."""
    wanted = [hook_id for hook_id, events in _active_hooks(session) if event in events]
    if not wanted:
        return 0
    now = now or utcnow()
    body = json.dumps({"event": event, "at": now.isoformat(timespec="seconds") + "Z",
                       "data": payload}, ensure_ascii=False, default=str)
    # The hooks are read again in the insert: one removed or turned off since gets nothing.
    written = session.execute(insert(WebhookDelivery).from_select(
        ["hook_id", "event", "body", "created_at", "next_at", "attempts"],
        select(Webhook.id, literal(event), literal(body), literal(now, _WHEN), literal(now, _WHEN),
               literal(0))
        .where(Webhook.id.in_(wanted), Webhook.active.is_(True))))
    return written.rowcount

"""Sending what waits in the webhooks' outbox: a POST of the JSON body, signed with the
hook's secret (``X-VizLou-Signature: t=<unix time>,v1=<HMAC-SHA256 hex of "t.body">``, as
Stripe signs, so a receiver can refuse old or forged calls), retried with a growing wait
(1, 2, 4 … minutes, up to ``MAX_ATTEMPTS``); failures stay visible to admins."""

from __future__ import annotations

import hashlib
import hmac
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from vizlou.models import Webhook, WebhookDelivery
from vizlou.models.types import utcnow
from vizlou.services.messaging import phones

MAX_ATTEMPTS = 8
TIMEOUT = 10


def signature(secret: str, body: str, stamp: int) -> str:
    digest = hmac.new(secret.encode(), f"{stamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"t={stamp},v1={digest}"


def due(session: Session, now: datetime, limit: int = 50) -> list[WebhookDelivery]:
    return list(session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.delivered_at.is_(None),
                                      WebhookDelivery.attempts < MAX_ATTEMPTS,
                                      WebhookDelivery.next_at <= now)
        .order_by(WebhookDelivery.id).limit(limit).with_for_update(skip_locked=True)))


def deliver(session: Session, key: bytes, now: datetime | None = None) -> dict[str, int]:
    """Send the due deliveries once each: ``{"sent", "failed"}``."""
    now = now or utcnow()
    counts = {"sent": 0, "failed": 0}
    for delivery in due(session, now):
        hook = session.get(Webhook, delivery.hook_id)
        secret = phones.unseal(hook.sealed_secret, key) if hook else None
        delivery.attempts += 1
        status, error = _post(hook.url, delivery, secret) if secret else (None, "no secret")
        delivery.last_status, delivery.last_error = status, error
        if status is not None and 200 <= status < 300:
            delivery.delivered_at = utcnow()
            counts["sent"] += 1
        else:
            delivery.next_at = now + timedelta(minutes=2 ** (delivery.attempts - 1))
            counts["failed"] += 1
    session.flush()
    return counts


def _post(url: str, delivery: WebhookDelivery, secret: str) -> tuple[int | None, str | None]:
    stamp = int(time.time())
    headers = {"Content-Type": "application/json", "User-Agent": "VizLou-Webhooks",
               "X-VizLou-Event": delivery.event, "X-VizLou-Delivery": str(delivery.id),
               "X-VizLou-Signature": signature(secret, delivery.body, stamp)}
    # http(s) only: checked when the hook was registered.
    request = urllib.request.Request(url, data=delivery.body.encode(), method="POST",  # noqa: S310
                                     headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.status, None
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError) as exc:
        return None, str(getattr(exc, "reason", exc))[:300]


def failures(session: Session) -> dict[int, WebhookDelivery]:
    """The latest failed delivery of each hook, for the admins' page."""
    out: dict[int, WebhookDelivery] = {}
    for delivery in session.scalars(select(WebhookDelivery)
                                    .where(WebhookDelivery.delivered_at.is_(None),
                                           WebhookDelivery.attempts > 0)
                                    .order_by(WebhookDelivery.id)):
        out[delivery.hook_id] = delivery
    return out

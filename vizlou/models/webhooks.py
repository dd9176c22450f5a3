"""Webhooks for the city's own systems: the URLs an admin registered for events, and the
deliveries waiting in a durable outbox (written in the same transaction as the event)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vizlou.extensions import db
from vizlou.models.types import JSONType, utcnow


class WebhookEvent:
    IDEA_CREATED = "idea.created"
    IDEA_STATUS = "idea.status_changed"
    QUESTION_CLOSED = "question.closed"
    REPORT_WAITING = "report.waiting"
    ALL = (IDEA_CREATED, IDEA_STATUS, QUESTION_CLOSED, REPORT_WAITING)


class Webhook(db.Model):
    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    events: Mapped[list] = mapped_column(JSONType, default=list)
    sealed_secret: Mapped[bytes] = mapped_column(LargeBinary)  # the signing secret, sealed
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class WebhookDelivery(db.Model):
    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"),
                                         index=True)
    event: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)  # the JSON sent, signed as it is
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    next_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(300))

"""Idempotency keys of writes that change state back and forth (ballots, supports).

An idea or a comment carries its own key in its row; a ballot or a support is replaced or
taken back, so its key alone cannot tell a late retry from a new write. Each key is kept
here the first time it is applied: a key seen before is a retry of a write already applied
(perhaps before a newer one), and changes nothing. A key never seen is a new write, applied
in the order the server receives it. Receipts are deleted after ``RECEIPT_DAYS`` (a phone
that kept a write offline for longer sends it as new).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from vizlou.models import Receipt
from vizlou.models.types import utcnow
from vizlou.services.dialect import insert_once

RECEIPT_DAYS = 90


def first_time(session: Session, participant_id: int, client_id: str | None, kind: str) -> bool:
    """True (and the key kept) when this write is new; False for a retry. Writes without a
    key are always new: they are idempotent in themselves (support on, support off)."""
    if client_id is None:
        return True
    return insert_once(session, Receipt, {"client_id": client_id,
                                          "participant_id": participant_id, "kind": kind,
                                          "created_at": utcnow()}, unique="client_id") is not None


def forget_old(session: Session, now: datetime | None = None) -> int:
    """Delete receipts older than ``RECEIPT_DAYS``; returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=RECEIPT_DAYS)
    return session.execute(delete(Receipt).where(Receipt.created_at < cutoff)).rowcount

"""Moderation: ideas and comments held for review, hidden, restored; every action audited.

States (``models.Moderation``): visible (public), flagged (held for review: a listed word,
not public yet) and hidden (taken down by a moderator, or automatically after enough
reports). Only visible ideas are public; planners see all of them. Every change of state is
decided under the lock of the idea or comment, so two moderators (or two reports) at once
change it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vizlou.errors import N_, InvalidInput, NotFound
from vizlou.models import AuditEntry, Comment, Idea, Moderation, Report
from vizlou.models.types import utcnow
from vizlou.services import audit, locks
from vizlou.services.counts import record
from vizlou.services.ideas import personal, wordlist

PUBLIC = Moderation.VISIBLE
AUTOMATIC = audit.Actor("automatic moderation")
MAX_REASON = 500


@dataclass(frozen=True)
class QueueItem:
    kind: str  # "idea" or "comment"
    id: int
    idea_id: int
    text: str
    state: str
    reason: str | None
    reports: int
    report_reasons: dict[str, int]
    created_at: datetime


PERSONAL = "personal details: "  # the start of the reason of a text held for them


def screen(text: str) -> tuple[str, str | None]:
    """The state a new text starts in, and why: held for review when it seems to hold a
    phone number or an email (``personal``), or has a listed word."""
    details = personal.found(text)
    if details:
        return Moderation.FLAGGED, PERSONAL + ", ".join(details)
    found = wordlist.matches(text)
    return ((Moderation.FLAGGED, "listed words: " + ", ".join(found)) if found
            else (PUBLIC, None))


def held_for_personal_details(item: Idea | Comment) -> bool:
    return item.moderation == Moderation.FLAGGED and \
        (item.moderation_reason or "").startswith(PERSONAL)


def _locked(session: Session, item: Idea | Comment) -> Idea | Comment:
    return locks.idea(session, item) if isinstance(item, Idea) else locks.comment(session, item)


def _set_state(session: Session, item: Idea | Comment, state: str, reason: str | None,
               actor: audit.Actor, action: str) -> bool:
    """Change the state (the caller holds the item's lock); False when it was that already."""
    before = item.moderation
    if before == state and item.moderation_reason == reason:
        return False
    item.moderation = state
    item.moderation_reason = reason
    if isinstance(item, Idea) and before != state:
        session.flush()
        record.idea_moderated(session, item, before)
    kind = "idea" if isinstance(item, Idea) else "comment"
    audit.record(session, actor, action, kind, item.id, state=state, reason=reason)
    return True


def _reason(reason: object, required: bool) -> str | None:
    if reason is None or (isinstance(reason, str) and not reason.strip()):
        if required:
            raise InvalidInput(N_("Say why, for the record."), field="reason")
        return None
    if not isinstance(reason, str) or len(reason) > MAX_REASON:
        raise InvalidInput(N_("Please keep the reason under %(n)s characters."), field="reason",
                           n=MAX_REASON)
    return reason.strip()


def item_of(session: Session, kind: str, item_id: int) -> Idea | Comment:
    """The idea or comment a moderator acts on, whatever its state."""
    model = {"idea": Idea, "comment": Comment}.get(kind)
    item = session.get(model, item_id) if model else None
    if item is None:
        raise NotFound(N_("There is no such idea or comment."), field="id")
    return item


def hide(session: Session, item: Idea | Comment, reason: object, actor: audit.Actor) -> None:
    reason = _reason(reason, required=True)
    _set_state(session, _locked(session, item), Moderation.HIDDEN, reason, actor,
               "moderation.hide")


def restore(session: Session, item: Idea | Comment, reason: object,
            actor: audit.Actor) -> None:
    """Make public again (or for the first time, for a text held for review)."""
    reason = _reason(reason, required=False)
    _set_state(session, _locked(session, item), PUBLIC, reason, actor, "moderation.restore")


def _target(item: Idea | Comment) -> str:
    return f"{'idea' if isinstance(item, Idea) else 'comment'}:{item.id}"


def report_count(session: Session, item: Idea | Comment) -> int:
    """Reports waiting: those a moderator has not dismissed."""
    return session.scalar(select(func.count(Report.id)).where(
        Report.target == _target(item), Report.dismissed_at.is_(None)))


def dismiss_reports(session: Session, item: Idea | Comment, reason: object,
                    actor: audit.Actor, now: datetime | None = None) -> int:
    """A moderator read the reports and keeps the text as it is: the waiting reports are
    dismissed with the reason (kept, and no longer counted towards automatic hiding).
    Returns how many; decided under the item's lock, so two moderators dismiss them once."""
    reason = _reason(reason, required=True)
    item = _locked(session, item)
    waiting = list(session.scalars(select(Report).where(
        Report.target == _target(item), Report.dismissed_at.is_(None))))
    if not waiting:
        raise InvalidInput(N_("There are no reports waiting on this."), field="id")
    now = now or utcnow()
    for report in waiting:
        report.dismissed_at = now
        report.dismissed_reason = reason
    audit.record(session, actor, "moderation.dismiss_reports", _target(item).split(":")[0],
                 item.id, reports=len(waiting), reason=reason)
    return len(waiting)


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str  # the audit action, e.g. "moderation.hide"
    reason: str | None


def history(session: Session, items: list[tuple[str, int]]) -> dict[tuple[str, int],
                                                                    list[HistoryEntry]]:
    """Each item's moderation history (``(kind, id)`` keys), oldest first: every hide,
    restore, automatic hiding and dismissal, by whom and why."""
    if not items:
        return {}
    found: dict[tuple[str, int], list[HistoryEntry]] = {key: [] for key in items}
    rows = session.scalars(select(AuditEntry).where(
        AuditEntry.action.like("moderation.%"),
        AuditEntry.target_type.in_({kind for kind, _ in items}),
        AuditEntry.target_id.in_({str(i) for _, i in items})).order_by(AuditEntry.id))
    for entry in rows:
        key = (entry.target_type, int(entry.target_id))
        if key not in found:
            continue
        found[key].append(HistoryEntry(entry.at, entry.actor, entry.action,
                                       entry.detail.get("reason")))
    return found


def after_report(session: Session, item: Idea | Comment, threshold: int) -> bool:
    """Hide a public text automatically once ``threshold`` people have reported it. The
    caller holds the item's lock (``reactions.report``), so reports at once hide it once."""
    if threshold <= 0 or item.moderation != PUBLIC:
        return False
    count = report_count(session, item)
    if count < threshold:
        return False
    return _set_state(session, item, Moderation.HIDDEN, f"reported by {count} people",
                      AUTOMATIC, "moderation.auto_hide")


def queue(session: Session, *, include_reported: bool = True) -> list[QueueItem]:
    """What needs a look: texts held for review, hidden ones (to confirm or restore), and
    public ones with reports. Held and most-reported first."""
    reports = (select(Report.target, Report.reason, func.count(Report.id))
               .where(Report.dismissed_at.is_(None)).group_by(Report.target, Report.reason))
    by_target: dict[str, dict[str, int]] = {}
    for target, reason, n in session.execute(reports):
        by_target.setdefault(target, {})[reason] = n
    items: list[QueueItem] = []
    for model, kind in ((Idea, "idea"), (Comment, "comment")):
        reported_ids = [int(t.split(":")[1]) for t in by_target if t.startswith(kind + ":")]
        condition = model.moderation != PUBLIC
        if include_reported and reported_ids:
            condition = condition | model.id.in_(reported_ids)
        for row in session.scalars(select(model).where(condition)):
            counts = by_target.get(f"{kind}:{row.id}", {})
            items.append(QueueItem(kind, row.id, row.id if kind == "idea" else row.idea_id,
                                   row.text, row.moderation, row.moderation_reason,
                                   sum(counts.values()), counts, row.created_at))
    order = {Moderation.FLAGGED: 0, Moderation.VISIBLE: 1, Moderation.HIDDEN: 2}
    return sorted(items, key=lambda i: (order[i.state], -i.reports, -i.created_at.timestamp()))

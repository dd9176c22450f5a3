"""Bursts of ballots: what a planner looks at to tell a crowd from a script, and sets aside.

Per hour (UTC, as stored): the ballots first cast on the question that hour, how many of them
came from participants who were new that same hour (a script making a fresh participant for
every ballot shows as nearly all new), by channel, and how many are set aside. A planner can
set aside the ballots of new participants cast within a time window (they are kept, counted
nowhere, and can be counted again); the audit log says who did it and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from vizlou.errors import N_, InvalidInput
from vizlou.models import Ballot, Participant, Question
from vizlou.models.types import utcnow
from vizlou.services import audit, locks
from vizlou.services.counts import record
from vizlou.services.dialect import hour_of

MAX_WINDOW = timedelta(days=14)


@dataclass(frozen=True)
class Hour:
    hour: str  # "YYYY-MM-DD HH:00", UTC
    ballots: int
    new: int  # from participants first seen in the same hour
    set_aside: int
    by_channel: dict[str, int]

    @property
    def new_share(self) -> float:
        return self.new / self.ballots if self.ballots else 0.0


def by_hour(session: Session, question: Question) -> list[Hour]:
    hour = hour_of(session, Ballot.created_at)
    new = hour_of(session, Participant.created_at) == hour
    rows = session.execute(
        select(hour, Ballot.channel, func.count(),
               func.sum(case((new, 1), else_=0)),
               func.sum(case((Ballot.set_aside_at.is_not(None), 1), else_=0)))
        .join(Participant, Participant.id == Ballot.participant_id)
        .where(Ballot.question_id == question.id)
        .group_by(hour, Ballot.channel).order_by(hour)).all()
    out: dict[str, dict] = {}
    for when, channel, n, fresh, aside in rows:
        item = out.setdefault(when, {"ballots": 0, "new": 0, "aside": 0, "channels": {}})
        item["ballots"] += n
        item["new"] += int(fresh or 0)
        item["aside"] += int(aside or 0)
        item["channels"][channel] = n
    return [Hour(when, v["ballots"], v["new"], v["aside"], v["channels"])
            for when, v in out.items()]


def _window(since: datetime, until: datetime) -> None:
    if until <= since:
        raise InvalidInput(N_("The end must come after the start."), field="until")
    if until - since > MAX_WINDOW:
        raise InvalidInput(N_("Choose at most %(n)s days at once."), field="until", n=14)


def _ballots(session: Session, question: Question, since: datetime, until: datetime,
             aside: bool) -> list[Ballot]:
    """The ballots first cast in ``[since, until)`` by participants new in that window."""
    return list(session.scalars(
        select(Ballot).join(Participant, Participant.id == Ballot.participant_id)
        .where(Ballot.question_id == question.id, Ballot.created_at >= since,
               Ballot.created_at < until, Participant.created_at >= since,
               Participant.created_at < until,
               Ballot.set_aside_at.is_not(None) if aside else Ballot.set_aside_at.is_(None))
        .order_by(Ballot.id).with_for_update()))


def set_aside(session: Session, question: Question, since: datetime, until: datetime,
              reason: str, actor: audit.Actor, *, aside: bool = True) -> int:
    """Set aside (or, ``aside=False``, count again) the ballots of new participants cast in
    ``[since, until)``; returns how many. The question is locked against new ballots while
    this decides, so a ballot cast meanwhile is neither half in nor half out."""
    _window(since, until)
    if aside and not (reason or "").strip():
        raise InvalidInput(N_("Say why, for the record."), field="reason")
    question = locks.question(session, question)
    ballots = _ballots(session, question, since, until, aside=not aside)
    if not ballots:
        return 0
    people = {b.participant_id for b in ballots}
    locks.participants(session, people)  # after the question, as a ballot takes them
    with record.people_changing(session, people):
        when = utcnow()
        for ballot in ballots:
            ballot.set_aside_at = when if aside else None
    audit.record(session, actor, "ballots.set_aside" if aside else "ballots.count_again",
                 "question", question.id, ballots=len(ballots), since=since.isoformat(),
                 until=until.isoformat(), reason=(reason or "").strip()[:500])
    return len(ballots)


def window_of_hour(hour: str) -> tuple[datetime, datetime]:
    start = datetime.strptime(hour, "%Y-%m-%d %H:00")
    return start, start + timedelta(hours=1)


__all__ = ["Hour", "by_hour", "set_aside", "window_of_hour"]

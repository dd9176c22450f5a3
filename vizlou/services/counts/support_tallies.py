"""Supports per idea (``support_tallies``), whatever the idea's state: what the lists sorted
by supports, the planners' ideas and the report read. An idea nobody supported has no row;
one whose supports were all taken back keeps a row of 0."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from vizlou.models import Support, SupportTally
from vizlou.services.dialect import add_to


def add(session: Session, idea_id: int, delta: int) -> None:
    """One support more (``delta`` 1) or fewer (-1) on the idea: one statement."""
    add_to(session, SupportTally, ("idea_id",), ("n",), [{"idea_id": idea_id, "n": delta}])


def forget(session: Session, idea_ids: Sequence[int]) -> None:
    """These ideas are deleted (their supports with them)."""
    session.execute(delete(SupportTally).where(SupportTally.idea_id.in_(list(idea_ids))))


def rebuild(session: Session) -> None:
    session.execute(delete(SupportTally))
    session.execute(insert(SupportTally).from_select(
        ["idea_id", "n"], select(Support.idea_id, func.count()).group_by(Support.idea_id)))


def kept(session: Session) -> dict[int, int]:
    """Every idea's kept supports (those with none left out)."""
    return {idea: n for idea, n in session.execute(select(SupportTally.idea_id, SupportTally.n))
            if n}

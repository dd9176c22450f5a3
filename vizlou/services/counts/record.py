"""The one door to the kept counts: one function per domain event. Services call these, in
the transaction of the write, after the write; nothing else changes a kept count.

Why functions and not SQLAlchemy events or database triggers: several counts depend on the
voting method's Python (what a ballot adds), on the area index (where an idea falls) and on
the attribution rule across tables, which triggers would have to repeat in two SQL dialects;
and an explicit call per event keeps each write a small, fixed number of statements. The
recount test (``tests/services/counts``) fails when any call here is left out, and
``flask --app vizlou counts check`` compares the kept counts with a recount on any database.

Concurrency: each event is called by a service that holds the lock of the row it changed
(``services.locks``: the participant for their own writes, the idea for moderation), so two
requests applying the same change count it once; a moderation that moves people (the
idea's author and supporters) also takes their locks, after the idea's, so a ballot they cast
meanwhile is moved or not, never both; every update adds in place
(``INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n``), so counts of different rows
never lose an update; and every event changes the tables in one order (``WRITE_ORDER``), each
table's rows in key order, so two writes at once wait for each other instead of deadlocking,
and the rows that every write shares are locked last, until the commit soon after.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from vizlou.models import Ballot, Idea, Moderation, Question, Support
from vizlou.services import locks
from vizlou.services.counts import (
    activity,
    area_days,
    ballot_tallies,
    cells,
    idea_tallies,
    places,
    support_tallies,
)

# The kept tables in the order every write changes them (see ``tests/services/counts/
# test_write_order.py``): the rows of one person first, the rows every write shares last.
WRITE_ORDER = ("contributor_areas", "ballot_tallies", "idea_cells", "support_tallies",
               "area_tallies", "area_days", "activity_hours")


def _counted(state: str) -> bool:
    return state != Moderation.HIDDEN


def idea_added(session: Session, idea: Idea, located: dict[int, int | None]) -> None:
    """A new idea, placed at ``located`` (``{layer id: area id or None}``, every layer)."""
    counted = _counted(idea.moderation)
    if counted and idea.participant_id is not None:
        places.joined(session, idea.participant_id, located)
    if idea.moderation == Moderation.VISIBLE:
        cells.add(session, [(idea.lon, idea.lat, idea.category)])
    if counted:
        idea_tallies.add_one(session, located, idea.category, 1, 0)
        area_days.add(session, located, idea.category,
                      Counter({(area_days.day_of(idea.created_at), "ideas"): 1}))
        activity.add(session, [(activity.IDEA, idea.created_at, idea.channel, 1)])


def support_added(session: Session, idea: Idea, participant_id: int, when: datetime,
                  channel: str) -> None:
    """A support, given at ``when`` through ``channel``."""
    counted = _counted(idea.moderation)
    located = idea_tallies.located_of(session, idea) if counted else {}
    if counted:
        places.joined(session, participant_id, layers=located)
    support_tallies.add(session, idea.id, 1)
    if counted:
        idea_tallies.add_one(session, located, idea.category, 0, 1)
        area_days.add(session, located, idea.category,
                      Counter({(area_days.day_of(when), "supports"): 1}))
        activity.add(session, [(activity.SUPPORT, when, channel, 1)])


def support_removed(session: Session, idea: Idea, participant_id: int, when: datetime,
                    channel: str) -> None:
    """A support taken back (it had been given at ``when`` through ``channel``)."""
    counted = _counted(idea.moderation)
    if counted:
        places.left_maybe(session, participant_id)
    support_tallies.add(session, idea.id, -1)
    if counted:
        located = idea_tallies.located_of(session, idea)
        idea_tallies.add_one(session, located, idea.category, 0, -1)
        area_days.add(session, located, idea.category,
                      Counter({(area_days.day_of(when), "supports"): -1}))
        activity.add(session, [(activity.SUPPORT, when, channel, -1)])


def idea_moderated(session: Session, idea: Idea, before: str) -> None:
    """An idea went from the state ``before`` to ``idea.moderation``."""
    after = idea.moderation
    moves = _counted(before) != _counted(after)
    if moves:
        supporters = session.scalars(select(Support.participant_id)
                                     .where(Support.idea_id == idea.id)).all()
        # Their ballots move with their places: a ballot cast meanwhile must be either
        # before this (counted where they were) or after (counted where they are now).
        locks.participants(session, [idea.participant_id, *supporters])
        places.recompute(session, [idea.participant_id, *supporters])
    if (before == Moderation.VISIBLE) != (after == Moderation.VISIBLE):
        cells.add(session, [(idea.lon, idea.lat, idea.category)],
                  1 if after == Moderation.VISIBLE else -1)
    if moves:
        sign = 1 if _counted(after) else -1
        located = idea_tallies.located_of(session, idea)
        idea_tallies.add_one(session, located, idea.category, sign, sign * len(supporters))
        area_days.add(session, located, idea.category,
                      Counter({k: sign * n for k, n in area_days.of_idea(session, idea).items()}))
        supports = activity.supports_of_idea(session, idea.id)
        supports[(activity.IDEA, activity.hour_of(idea.created_at), idea.channel)] = 1
        activity.add_counts(session, Counter({k: sign * n for k, n in supports.items()}))


def ideas_deleted(session: Session, idea_ids: Iterable[int]) -> None:
    """These ideas and their supports are deleted (they were hidden first, so they count
    nowhere else any more)."""
    support_tallies.forget(session, list(idea_ids))


def ballot_cast(session: Session, question: Question, ballot: Ballot) -> None:
    """A participant's first ballot on the question."""
    where = places.joined(session, ballot.participant_id)
    ballot_tallies.add_choice(session, question, where, ballot.choice)
    activity.add(session, [(activity.BALLOT, ballot.created_at, ballot.channel, 1)])


def ballot_replaced(session: Session, question: Question, ballot: Ballot, old: object,
                    old_channel: str) -> None:
    """A ballot's choice went from ``old`` to ``ballot.choice``, sent this time through
    ``ballot.channel`` (before: ``old_channel``)."""
    where = places.of(session, ballot.participant_id)
    ballot_tallies.replace(session, question, where, old, ballot.choice)
    if old_channel != ballot.channel:
        activity.add(session, [(activity.BALLOT, ballot.created_at, old_channel, -1),
                               (activity.BALLOT, ballot.created_at, ballot.channel, 1)])


@contextmanager
def people_changing(session: Session, participant_ids: Iterable[int | None]):
    """Wrap a change that may change which of these people's ballots count or where they
    count (ballots set aside or counted again, moved, contributions deleted): see
    ``places.changing``; their counted ballots per hour and channel are compared too."""
    people = sorted({p for p in participant_ids if p is not None})
    before = activity.ballots_of(session, people)
    with places.changing(session, people):
        yield
    session.flush()
    activity.add_counts(session, activity.difference(before,
                                                     activity.ballots_of(session, people)))


def question_changed(session: Session, question: Question) -> None:
    """Its options or settings changed: what its ballots add may have changed."""
    ballot_tallies.recount_question(session, question)

"""Every state change is decided under a lock on the row it changes, so that two requests
making it at once apply it once.

On PostgreSQL these are row locks (``SELECT ... FOR UPDATE``, or ``FOR SHARE`` where many
may read the row at once while one may not change it). On SQLite every writing transaction
already holds the database's single write lock from its first statement (``BEGIN
IMMEDIATE``, see ``extensions``): no one else can change a row meanwhile, and an object read
in an earlier transaction was expired at its end, so there is nothing to lock or reload and
no statement is sent.

Order, to stay clear of deadlocks: a question, then an idea, then people (in the order of
their ids, those a write will touch taken together, read first without a lock when needed),
then a voting code, then the ballot, then the kept counts (whose rows each statement writes
in the order of their keys).
Each function reloads the locked object, so what the caller decides next is decided on the
row as it is now, not as another request left it a moment ago.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from vizlou.models import Comment, Idea, Participant, Question


def _serialised(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def idea(session: Session, item: Idea, *, shared: bool = False) -> Idea:
    """Lock an idea (``shared``: against changes only) and reload it."""
    if _serialised(session):
        return item
    return session.scalars(select(Idea).where(Idea.id == item.id)
                           .with_for_update(read=shared)
                           .execution_options(populate_existing=True)).one()


def comment(session: Session, item: Comment) -> Comment:
    if _serialised(session):
        return item
    return session.scalars(select(Comment).where(Comment.id == item.id).with_for_update()
                           .execution_options(populate_existing=True)).one()


def participant(session: Session, person: Participant) -> Participant:
    if _serialised(session):
        return person
    return session.scalars(select(Participant).where(Participant.id == person.id)
                           .with_for_update()
                           .execution_options(populate_existing=True)).one()


def participants(session: Session, ids: Iterable[int | None]) -> None:
    wanted = sorted({i for i in ids if i is not None})
    if wanted and not _serialised(session):
        session.execute(select(Participant.id).where(Participant.id.in_(wanted))
                        .order_by(Participant.id).with_for_update())


def question(session: Session, item: Question, *, shared: bool = False) -> Question:
    """Lock a question: shared by ballots (which only read its settings), exclusive for an
    edit (which may change what ballots mean)."""
    if _serialised(session):
        return item
    return session.scalars(select(Question).where(Question.id == item.id)
                           .with_for_update(read=shared)
                           .execution_options(populate_existing=True)).one()

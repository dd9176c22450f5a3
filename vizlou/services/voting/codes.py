"""Single-use voting codes, for questions whose voters are told apart by a code (SPEC §5).

A facilitator prints codes for an in-person session, or a planner mails them to a roster;
each code casts one ballot, which whoever holds the code may replace until the vote closes.
Only a keyed hash of each code is stored (the key is the app's secret): the codes exist in
clear only in the file made when they are made.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from vizlou.errors import N_, InvalidInput
from vizlou.models import Ballot, Event, Identity, Question, VoteCode
from vizlou.models.types import utcnow
from vizlou.services import audit
from vizlou.services.events.manage import CODE_ALPHABET

LENGTH = 8  # printed as two groups of four: 23**8 codes, not guessed by trying
MAX_AT_ONCE = 5000


def normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def printed(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _hash(key: bytes, question_id: int, code: str) -> str:
    message = f"vote-code:{question_id}:{normalise(code)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def make(session: Session, question: Question, count: int, *, key: bytes,
         event: Event | None = None, batch: str = "",
         actor: audit.Actor = audit.COMMAND_LINE) -> list[str]:
    """``count`` new codes for the question, as printed (``ABCD-EFGH``)."""
    if question.identity != Identity.CODE:
        raise InvalidInput(N_("This question does not use voting codes."), field="question")
    if not isinstance(count, int) or not 1 <= count <= MAX_AT_ONCE:
        raise InvalidInput(N_("Make 1 to %(n)s codes at a time."), field="count",
                           n=MAX_AT_ONCE)
    codes: set[str] = set()
    while len(codes) < count:
        codes.add("".join(secrets.choice(CODE_ALPHABET) for _ in range(LENGTH)))
    session.add_all(VoteCode(question_id=question.id, code_hash=_hash(key, question.id, c),
                             event_id=getattr(event, "id", None), batch=(batch or "")[:60])
                    for c in codes)
    session.flush()
    audit.record(session, actor, "codes.make", "question", question.id, count=count,
                 event=getattr(event, "id", None), batch=batch)
    return sorted(printed(c) for c in codes)


def ballot_holder(session: Session, question: Question, code: object, *,
                  key: bytes) -> int | None:
    """Who cast the ballot this code holds, if it holds one (read without a lock: a voter
    locks that person with themselves, in the order of their ids, before claiming the code)."""
    if not isinstance(code, str) or not normalise(code):
        return None
    return session.scalar(select(Ballot.participant_id)
                          .join(VoteCode, VoteCode.id == Ballot.vote_code_id)
                          .where(VoteCode.question_id == question.id,
                                 VoteCode.code_hash == _hash(key, question.id, code)))


def claim(session: Session, question: Question, code: object, *, key: bytes) -> VoteCode:
    """The question's code typed by a voter, locked (two uses of one code go one after the
    other); InvalidInput when it is missing or not one of the question's."""
    if not isinstance(code, str) or not normalise(code):
        raise InvalidInput(N_("Type the voting code you were given."), field="code")
    found = session.scalar(select(VoteCode).where(
        VoteCode.question_id == question.id,
        VoteCode.code_hash == _hash(key, question.id, code)).with_for_update())
    if found is None:
        raise InvalidInput(N_("This voting code is not right. Check it and try again."),
                           field="code")
    if found.used_at is None:
        found.used_at = utcnow()
    return found

"""Ballots: checked against the question's method, one per participant, replaceable while open."""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vizlou.errors import N_, Closed, InvalidInput
from vizlou.models import Ballot, Participant, Question
from vizlou.models.types import utcnow
from vizlou.services import rollups
from vizlou.services.ideas import check_client_id
from vizlou.services.values import WEB, Origin

MAX_PAIRS = 200


def is_open(question: Question, now: datetime | None = None) -> bool:
    now = now or utcnow()
    if not question.published:
        return False
    if question.opens_at and now < question.opens_at:
        return False
    return not (question.closes_at and now >= question.closes_at)


def _bad(message: str, **params) -> InvalidInput:
    return InvalidInput(message, field="choice", **params)


def _option_id(value: object, options: set[int]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in options:
        raise _bad(N_("Choose from the options shown."))
    return value


def _ids(values: object, options: set[int]) -> list[int]:
    if not isinstance(values, list):
        raise _bad(N_("Choose from the options shown."))
    ids = [_option_id(v, options) for v in values]
    if len(set(ids)) != len(ids):
        raise _bad(N_("Each option can be chosen only once."))
    return ids


def check_choice(question: Question, choice: object) -> dict:
    """The choice in its stored shape, or InvalidInput with a message residents understand."""
    if not isinstance(choice, dict):
        raise _bad(N_("Choose from the options shown."))
    options = {o.id for o in question.options}
    method = question.method
    if method == "single":
        return {"option": _option_id(choice.get("option"), options)}
    if method == "approval":
        ids = _ids(choice.get("options"), options)
        if not ids:
            raise _bad(N_("Choose at least one option."))
        if len(ids) > (question.max_choices or len(options)):
            raise _bad(N_("Choose up to %(k)s options."), k=question.max_choices)
        return {"options": sorted(ids)}
    if method == "ranked":
        ids = _ids(choice.get("ranking"), options)
        if not ids:
            raise _bad(N_("Put at least one option in your order."))
        return {"ranking": ids}
    if method == "budget":
        return {"allocation": _allocation(question, choice.get("allocation"), options)}
    return {"pairs": _pairs(choice.get("pairs"), options)}


def _allocation(question: Question, allocation: object, options: set[int]) -> dict[str, float]:
    if not isinstance(allocation, dict):
        raise _bad(N_("Choose from the options shown."))
    out: dict[str, float] = {}
    for key, amount in allocation.items():
        try:
            option = int(key)
        except (TypeError, ValueError) as exc:
            raise _bad(N_("Choose from the options shown.")) from exc
        _option_id(option, options)
        if isinstance(amount, bool) or not isinstance(amount, int | float) \
                or not math.isfinite(amount) or amount < 0:
            raise _bad(N_("Amounts must be zero or more."))
        if question.budget_unit == "dots" and amount != int(amount):
            raise _bad(N_("Dots come in whole numbers."))
        if amount:
            out[str(option)] = int(amount) if float(amount).is_integer() else float(amount)
    total = sum(out.values())
    if not out:
        raise _bad(N_("Put something on at least one option."))
    if total > (question.budget_total or 0) + 1e-9:
        raise _bad(N_("That is more than you have: %(total)s."),
                   total=f"{question.budget_total:g}")
    return out


def _pairs(pairs: object, options: set[int]) -> list[list[int]]:
    if not isinstance(pairs, list) or not pairs:
        raise _bad(N_("Pick one of the two at least once."))
    if len(pairs) > MAX_PAIRS:
        raise _bad(N_("That is too many answers at once."))
    out = []
    for pair in pairs:
        if not isinstance(pair, list) or len(pair) != 3:
            raise _bad(N_("Pick one of the two at least once."))
        a, b, winner = (_option_id(v, options) for v in pair)
        if a == b or winner not in (a, b):
            raise _bad(N_("Pick one of the two shown."))
        out.append([a, b, winner])
    return out


def cast_ballot(session: Session, question: Question, participant: Participant, choice: object,
                *, client_id: object = None, origin: Origin = WEB,
                now: datetime | None = None) -> tuple[Ballot, bool]:
    """Store or replace the participant's ballot; ``(ballot, created)``. One ballot per
    participant and question is enforced by the database."""
    if not is_open(question, now):
        raise Closed(N_("Voting on this question is closed."))
    clean = check_choice(question, choice)
    client_id = check_client_id(client_id)
    ballot = my_ballot(session, question, participant)
    if ballot is not None:
        _replace(session, question, ballot, clean, client_id, origin)
        return ballot, False
    ballot = Ballot(question_id=question.id, participant_id=participant.id, choice=clean,
                    channel=origin.channel, session_id=origin.session_id, client_id=client_id)
    try:
        with session.begin_nested():
            session.add(ballot)
            session.flush()
    except IntegrityError:
        ballot = my_ballot(session, question, participant)  # a parallel request won
        _replace(session, question, ballot, clean, client_id, origin)
        return ballot, False
    rollups.people_changed(session, [participant.id], new_ballot=ballot.id)
    return ballot, True


def _replace(session: Session, question: Question, ballot: Ballot, choice: dict,
             client_id: str | None, origin: Origin) -> None:
    rollups.ballot_replaced(session, question, ballot.participant_id, ballot.choice, choice)
    ballot.choice = choice
    ballot.client_id = client_id
    ballot.channel = origin.channel
    ballot.updated_at = utcnow()


def my_ballot(session: Session, question: Question,
              participant: Participant | None) -> Ballot | None:
    if participant is None:
        return None
    return session.scalar(select(Ballot).where(Ballot.question_id == question.id,
                                               Ballot.participant_id == participant.id))


def localized(item, language: str) -> dict:
    """``title`` and ``description`` of a question or option in the language, else English."""
    text = (item.translations or {}).get(language) or {}
    return {"title": text.get("title") or item.title,
            "description": text.get("description") or item.description or ""}

"""Paper entry (SPEC F5): paper forms ("sheets") typed in one by one or imported in bulk.

One sheet is one new participant with the channel ``paper`` and the session; the sheet's
idea and ballots carry the same origin. Every sheet is stored in its own savepoint, so a
sheet with a problem stores nothing and the others are kept.

A sheet may carry a ``sheet_id`` (the number written on the paper). Its participant's token
is then a keyed hash of the session and that id, so entering the same sheet again finds it
and stores nothing twice: importing a file again is safe. The key is the app's secret, so
nobody can guess the token and act as that participant through the API.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.errors import N_, DomainError, InvalidInput
from vizlou.models import Ballot, Event, Idea, Participant
from vizlou.services.ideas import create as idea_create
from vizlou.services.people import participants
from vizlou.services.values import AreaRef, Origin
from vizlou.services.voting import ballots as voting

CHANNEL = "paper"
MAX_SHEET_ID = 64


class SheetError(InvalidInput):
    """A problem with one sheet; ``field`` names the column (or form field) at fault."""

    code = "bad_sheet"


@dataclass(frozen=True)
class Sheet:
    """One paper form: an optional idea, an optional profile, and answers to questions."""

    category: str = ""
    text: str = ""
    area: AreaRef | None = None
    point: tuple[float, float] | None = None
    age_bracket: str | None = None
    home_area: AreaRef | None = None
    language: str | None = None
    answers: Mapping[int, dict] = field(default_factory=dict)  # question id -> choice
    sheet_id: str | None = None
    place_field: str = "area"  # the column named when the place is wrong

    @property
    def has_idea(self) -> bool:
        return bool(self.category or self.text.strip() or self.area or self.point)


@dataclass(frozen=True)
class Stored:
    participant_id: int
    idea_id: int | None
    ballots: int
    created: bool  # False: a sheet with this sheet id was stored before; nothing was added


@dataclass(frozen=True)
class RowResult:
    """One row of an import: ``status`` is ``stored``, ``skipped`` or ``error``."""

    row: int
    status: str
    idea_id: int | None = None
    column: str | None = None
    message: str | None = None
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, translate=lambda s: s) -> str:
        if self.message is None:
            return ""
        text = translate(self.message)
        return text % dict(self.params) if self.params else text


def _keyed(key: bytes, purpose: str, event_id: int, sheet_id: str) -> str:
    digest = hmac.new(key, f"{purpose}:{event_id}:{sheet_id}".encode(), hashlib.sha256)
    return "paper-" + digest.hexdigest()[:40]


def check_sheet_id(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    if not value:
        return None
    if len(value) > MAX_SHEET_ID:
        raise SheetError(N_("A sheet number can have up to %(n)s characters."),
                         field="sheet_id", n=MAX_SHEET_ID)
    return value


def _at(column: str | None, error: DomainError) -> SheetError:
    """The same message, pinned to a column of the sheet."""
    return SheetError(error.message, field=column or error.field, **error.params)


def enter_sheet(session: Session, city: City, item: Event, sheet: Sheet, *,
                key: bytes, now: datetime | None = None) -> Stored:
    """Store one sheet for the session, in its own savepoint: on SheetError nothing of the
    sheet is kept (also on SQLite, where an inner savepoint released outside a transaction
    would otherwise be committed at once), and whatever the session held before stays."""
    with session.begin_nested():
        return _enter(session, city, item, sheet, key=key, now=now)


def _enter(session: Session, city: City, item: Event, sheet: Sheet, *, key: bytes,
           now: datetime | None) -> Stored:
    if not sheet.has_idea and not sheet.answers:
        raise SheetError(N_("This sheet is empty: it has no idea and no answers."),
                         field="text")
    sheet_id = check_sheet_id(sheet.sheet_id)
    token = _keyed(key, "participant", item.id, sheet_id) if sheet_id else None
    if token is not None:
        earlier = participants.find(session, token, key=key)
        if earlier is not None:
            return _earlier(session, earlier)
    language = sheet.language or city.default_language
    if language not in city.languages:
        raise SheetError(N_("The language must be one of: %(codes)s."), field="language",
                         codes=", ".join(city.languages))
    origin = Origin(channel=CHANNEL, event_id=item.id, language=language)
    person = participants.get_or_create(session, token or participants.new_token(), key=key,
                                        channel=CHANNEL, event_id=item.id, language=language)
    _profile(session, city, person, sheet)
    idea_id = None
    if sheet.has_idea:
        client_id = _keyed(key, "idea", item.id, sheet_id) if sheet_id else None
        idea_id = _idea(session, city, person, sheet, origin, client_id, now)
    asked = {q.id: q for q in item.questions}
    for question_id, choice in sheet.answers.items():
        question = asked.get(question_id)
        column = f"q{question_id}"
        if question is None:
            raise SheetError(N_("Question %(id)s is not asked in this session."),
                             field=column, id=question_id)
        try:
            voting.cast_ballot(session, question, person, choice, origin=origin, now=now)
        except DomainError as error:
            raise _at(column, error) from None
    return Stored(person.id, idea_id, len(sheet.answers), True)


def _earlier(session: Session, person: Participant) -> Stored:
    idea_id = session.scalar(select(Idea.id).where(Idea.participant_id == person.id)
                             .order_by(Idea.id).limit(1))
    ballots = session.scalar(select(func.count(Ballot.id))
                             .where(Ballot.participant_id == person.id))
    return Stored(person.id, idea_id, ballots or 0, False)


def _profile(session: Session, city: City, person: Participant, sheet: Sheet) -> None:
    if sheet.age_bracket is not None:
        try:
            participants.set_profile(session, city, person, age_bracket=sheet.age_bracket)
        except DomainError as error:
            raise _at("age_bracket", error) from None
    if sheet.home_area is not None:
        try:
            participants.set_profile(session, city, person, home_area=sheet.home_area)
        except DomainError as error:
            raise _at("home_area", error) from None


IDEA_FIELDS = {"category": "category", "text": "text"}


def _idea(session: Session, city: City, person: Participant, sheet: Sheet, origin: Origin,
          client_id: str | None, now: datetime | None) -> int:
    if sheet.area is None and sheet.point is None:
        raise SheetError(N_("Say where the idea is: choose an area or a spot on the map."),
                         field=sheet.place_field)
    lon, lat = sheet.point if sheet.point is not None else (None, None)
    data = idea_create.NewIdea(category=sheet.category, text=sheet.text, client_id=client_id,
                                lon=lon, lat=lat, area=None if sheet.point else sheet.area)
    try:
        idea, _created = idea_create.create_idea(session, city, person, data, origin, now)
    except DomainError as error:
        column = IDEA_FIELDS.get(error.field, sheet.place_field) if error.field else None
        raise _at(column, error) from None
    return idea.id


def import_rows(session: Session, city: City, item: Event,
                rows: Iterable[tuple[int, object]], read_sheet, *, key: bytes,
                now: datetime | None = None) -> Iterator[RowResult]:
    """Store each row on its own (see :func:`enter_sheet`) and say what became of it.

    ``rows`` gives ``(row number, raw row)``; ``read_sheet(raw)`` turns a raw row into a
    :class:`Sheet` or raises a DomainError naming the column. Nothing is committed here.
    """
    for number, raw in rows:
        try:
            stored = enter_sheet(session, city, item, read_sheet(raw), key=key, now=now)
        except DomainError as error:
            yield RowResult(number, "error", column=error.field, message=error.message,
                            params=dict(error.params))
        else:
            yield RowResult(number, "stored" if stored.created else "skipped", stored.idea_id)


@dataclass
class ImportSummary:
    stored: int = 0
    skipped: int = 0
    errors: list[RowResult] = field(default_factory=list)

    def add(self, result: RowResult) -> RowResult:
        if result.status == "error":
            self.errors.append(result)
        elif result.status == "stored":
            self.stored += 1
        else:
            self.skipped += 1
        return result

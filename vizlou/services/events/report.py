"""What a session produced, for its live wall (SPEC F4) and its report (SPEC F6).

Question results count only the ballots cast in the session (the room's votes). Each
result is also given as "bars", one per option, the same shape for every method (each
method says what its bars are: see ``Method.bars``).
"""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.models import Ballot, Event, Idea, Moderation, Participant, Question
from vizlou.services.ideas.read import main_area_names
from vizlou.services.voting import ballots as voting
from vizlou.services.voting import methods, results


def version(session: Session, item: Event) -> str:
    """Changes whenever anything the wall shows changes; cheap enough to ask every second."""
    ideas = session.execute(select(func.count(Idea.id), func.max(Idea.id)).where(
        Idea.event_id == item.id, Idea.moderation == Moderation.VISIBLE)).one()
    ballots = session.execute(select(func.count(Ballot.id), func.max(Ballot.id),
                                     func.max(Ballot.updated_at))
                              .where(Ballot.event_id == item.id)).one()
    people = session.scalar(select(func.count(Participant.id))
                            .where(Participant.event_id == item.id))
    state = (item.name, item.closed_at, [q.id for q in item.questions], tuple(ideas),
             tuple(ballots), people)
    return hashlib.sha256(repr(state).encode()).hexdigest()[:20]


def session_ideas(session: Session, city: City, item: Event, *, wall: bool = False,
                  limit: int | None = None) -> list[dict]:
    """The session's ideas, newest first. The wall shows only ideas not waiting for review;
    the report leaves out hidden ones."""
    query = select(Idea).where(Idea.event_id == item.id)
    query = query.where(Idea.moderation == Moderation.VISIBLE) if wall else \
        query.where(Idea.moderation != Moderation.HIDDEN)
    ideas = list(session.scalars(query.order_by(Idea.id.desc()).limit(limit)))
    areas = main_area_names(session, city, [i.id for i in ideas])
    return [{"id": i.id, "lon": i.lon, "lat": i.lat, "category": i.category, "text": i.text,
             "channel": i.channel, "area": areas.get(i.id), "created_at": i.created_at}
            for i in ideas]


def question_results(session: Session, item: Event, language: str) -> list[dict]:
    """Each of the session's questions with its result from the session's ballots."""
    out = []
    for question in item.questions:
        counted = results.question_results(session, question,
                                           ballot_filter=Ballot.event_id == item.id)
        out.append({"id": question.id, "method": question.method,
                    "title": voting.localized(question, language)["title"],
                    "ballots": counted["ballots"], "result": counted["result"],
                    **bars(question, counted["result"], language)})
    return out


def bars(question: Question, result: dict, language: str) -> dict:
    """``{"unit", "bars": [{"option", "title", "value", "out_round"}], "leaders"}``."""
    titles = {o.id: voting.localized(o, language)["title"] for o in question.options}
    shown = methods.of(question).bars(question, result)
    return {"unit": shown.unit, "leaders": list(shown.leaders),
            "bars": [{"option": oid, "title": title, "value": shown.values.get(oid, 0) or 0,
                      "out_round": shown.out_round.get(oid)} for oid, title in titles.items()]}

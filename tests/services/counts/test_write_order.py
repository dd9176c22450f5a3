"""Every write changes the kept counts' tables in one order (``record.WRITE_ORDER``), so two
writes at once on PostgreSQL wait for each other's rows instead of each holding a row the
other needs (a deadlock, answered 503), and the rows every write shares (the hour's
activity, an area's tallies) are taken last, held for the least time."""

from __future__ import annotations

import re

from sqlalchemy import event, select

from factories import make_participant
from helpers import statements_sent
from vizlou.extensions import db
from vizlou.models import AreaLayer, Question
from vizlou.services.areas import catalog as area_catalog
from vizlou.services.audit import Actor
from vizlou.services.counts.record import WRITE_ORDER
from vizlou.services.ideas import create as idea_create
from vizlou.services.ideas import moderation, reactions
from vizlou.services.people import participants
from vizlou.services.values import WEB, AreaRef
from vizlou.services.voting.ballots import cast_ballot

TARGET = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)', re.IGNORECASE)
PLANNER = Actor("planner@example.org")


def test_every_write_changes_the_kept_counts_in_one_order(app):
    session, city = db.session, app.config["CITY"]
    ana, ben = make_participant(session), make_participant(session)
    question = create_question(session)

    def idea(who, lon, lat, text="A bench here"):
        return idea_create.create_idea(session, city, who, idea_create.NewIdea(
            category="health", text=text, lon=lon, lat=lat), WEB)[0]

    made = {}
    neighborhood = session.scalar(select(AreaLayer.id).where(AreaLayer.key == city.main_layer))
    far = area_catalog.area_index(session).layers[neighborhood].locate(-85.60, 38.15)
    steps = {
        "a first idea": lambda: made.setdefault("first", idea(ana, -85.7585, 38.2527)),
        "an idea held for review": lambda: made.setdefault(
            "held", idea(ben, -85.70, 38.20, text="This road is shit")),
        "a support": lambda: reactions.set_support(session, made["first"], ben, True),
        "a support taken back": lambda: reactions.set_support(session, made["first"], ben,
                                                              False),
        "a support again": lambda: reactions.set_support(session, made["first"], ben, True),
        "a ballot": lambda: cast_ballot(session, question, ben,
                                        {"option": question.options[0].id}),
        "a ballot replaced": lambda: cast_ballot(session, question, ben,
                                                 {"option": question.options[1].id}),
        "an idea hidden": lambda: moderation.hide(session, made["first"], "Off topic",
                                                  PLANNER),
        "an idea shown again": lambda: moderation.restore(session, made["first"], None,
                                                          PLANNER),
        "a held idea hidden": lambda: moderation.hide(session, made["held"], "Rude", PLANNER),
        "a home area": lambda: participants.set_profile(
            session, city, ben, home_area=AreaRef(city.main_layer, far)),
    }
    for name, step in steps.items():
        with statements_sent(db.engine) as sent:
            step()
            session.flush()
        written = [found.group(1) for found in map(TARGET.match, sent)
                   if found and found.group(1) in WRITE_ORDER]
        places = [WRITE_ORDER.index(table) for table in written]
        assert places == sorted(places), f"{name}: {written}"
        session.commit()


def create_question(session):
    from vizlou.services.voting.questions import create_question as create

    question = create(session, title="Which first?", method="single",
                      options=[{"title": "Parks"}, {"title": "Buses"}])
    session.commit()
    return session.scalar(select(Question).where(Question.id == question.id))


def test_the_rows_of_a_table_are_written_in_key_order_whatever_the_callers_order(app):
    """Two supports at once on ideas whose areas the database listed in different orders
    locked the same tallies in opposite orders: a deadlock (seen under load)."""
    from vizlou.models import Area, AreaTally
    from vizlou.services.dialect import add_to

    areas = db.session.execute(select(Area.layer_id, Area.id).order_by(Area.id.desc())
                               .limit(4)).all()
    sent: list[list] = []

    def note(state):
        if state.statement.is_dml and state.statement.table.name == "area_tallies":
            sent.append([(p["layer_id"], p["area_id"]) for p in state.parameters] if
                        isinstance(state.parameters, list) else
                        [(state.parameters["layer_id"], state.parameters["area_id"])])

    event.listen(db.session, "do_orm_execute", note)
    try:
        add_to(db.session, AreaTally, ("layer_id", "area_id", "category"),
               ("ideas", "supports"), [{"layer_id": layer, "area_id": area,
                                        "category": "health", "ideas": 1, "supports": 0}
                                       for layer, area in areas])
    finally:
        event.remove(db.session, "do_orm_execute", note)
    assert sent == [sorted((layer, area) for layer, area in areas)]

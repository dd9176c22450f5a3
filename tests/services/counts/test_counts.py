"""The counts kept up to date on every write (``services.counts``) stay equal to a recount
and to the same summaries counted from the stored rows, after every kind of write, on both
databases; and leaving out any one update of the owner shows as a difference."""

from __future__ import annotations

import contextlib

import pytest
from shapely.geometry import MultiPolygon, box
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from factories import make_participant
from vizlou.geo.boundaries import BoundaryArea, BoundarySet
from vizlou.models import (
    AreaLayer,
    AreaTally,
    ContributorArea,
    Idea,
    Question,
)
from vizlou.services import demo
from vizlou.services.areas import catalog as area_catalog
from vizlou.services.areas import imports as area_imports
from vizlou.services.audit import Actor
from vizlou.services.counts import rebuild as counts
from vizlou.services.filters import Filters
from vizlou.services.ideas import create as idea_create
from vizlou.services.ideas import moderation
from vizlou.services.ideas import reactions as idea_reactions
from vizlou.services.people import participants
from vizlou.services.summaries import by_area as summaries
from vizlou.services.values import WEB, AreaRef
from vizlou.services.voting.ballots import cast_ballot

PLANNER = Actor("planner@example.org")


def flat(summary) -> list:
    rows = [*summary.areas, summary.unknown, summary.total]
    return [(r.id, r.participants, r.ideas, r.by_category, r.supports, r.ballots, r.per_1000,
             r.representation, {q: (a.ballots, a.result) for q, a in r.questions.items()})
            for r in rows] + [(q.id, q.ballots, q.result) for q in summary.questions]


def check(session, city) -> None:
    """Kept counts = a recount (``counts check``), and = summaries counted now, every layer."""
    assert [str(d) for d in counts.check(session)] == []
    for key in session.scalars(select(AreaLayer.key)):
        kept = summaries.summarize(session, city, Filters(layer=key))
        now = summaries.summarize(session, city, Filters(layer=key), count_now=True)
        assert flat(kept) == flat(now), key


def add(session, city, who, lon, lat, category="health", text="A bench here"):
    idea, _ = idea_create.create_idea(session, city, who, idea_create.NewIdea(
        category=category, text=text, lon=lon, lat=lat), WEB)
    return idea


def test_every_kind_of_write_keeps_the_counts(app, db_session):
    city = app.config["CITY"]
    demo.seed(db_session, city, ideas=120, seed_value=5)
    check(db_session, city)

    # New people: ideas (the first places them), supports, a ballot, a home area.
    ana, ben, cy = (make_participant(db_session) for _ in range(3))
    first = add(db_session, city, ana, -85.7585, 38.2527)
    add(db_session, city, ana, -85.70, 38.20, category="economy")
    held = add(db_session, city, ben, -85.60, 38.15, text="This road is shit")
    assert held.moderation == "flagged"  # held for review, but counted for planners
    check(db_session, city)

    idea_reactions.set_support(db_session, first, ben, True)
    idea_reactions.set_support(db_session, first, ben, True)  # twice changes nothing
    idea_reactions.set_support(db_session, held, cy, True)  # cy took part by supporting only
    check(db_session, city)
    idea_reactions.set_support(db_session, held, cy, False)  # ... and no longer
    check(db_session, city)

    question = db_session.scalars(select(Question).where(Question.method == "single")).first()
    choice = {"option": question.options[0].id}
    cast_ballot(db_session, question, cy, choice)
    cast_ballot(db_session, question, cy, {"option": question.options[1].id})  # replaced
    check(db_session, city)

    neighborhood = db_session.scalar(select(AreaLayer.id).where(AreaLayer.key ==
                                                                city.main_layer))
    far = area_catalog.area_index(db_session).layers[neighborhood].locate(-85.60, 38.15)
    participants.set_profile(db_session, city, ana, home_area=AreaRef(city.main_layer, far))
    check(db_session, city)

    participants.set_profile(db_session, city, cy, home_area=AreaRef(city.main_layer, far))
    check(db_session, city)  # cy's ballot moved from "area unknown" to cy's home area

    # Moderation: hiding a first idea moves its author (and the author's ballots) and
    # takes its supports away.
    dan = make_participant(db_session)
    dans = add(db_session, city, dan, -85.75, 38.25)
    ranked = db_session.scalars(select(Question).where(Question.method == "ranked")).first()
    cast_ballot(db_session, ranked, dan, {"ranking": [o.id for o in ranked.options][::-1]})
    idea_reactions.set_support(db_session, dans, ana, True)
    check(db_session, city)
    moderation.hide(db_session, dans, "Off topic", PLANNER)
    check(db_session, city)
    moderation.restore(db_session, dans, None, PLANNER)
    check(db_session, city)
    moderation.hide(db_session, first, "Off topic", PLANNER)
    check(db_session, city)
    moderation.restore(db_session, first, None, PLANNER)
    check(db_session, city)
    for _ in range(3):
        idea_reactions.report(db_session, make_participant(db_session), reason="spam", idea=first,
                     auto_hide_after=3)
    assert first.moderation == "hidden"
    check(db_session, city)
    moderation.hide(db_session, held, "Rude", PLANNER)  # from held for review to hidden
    check(db_session, city)

    # Boundaries: a new layer, replaced with other shapes, then removed.
    def squares(shift):
        return BoundarySet(areas=[
            BoundaryArea("West", 100, MultiPolygon([box(-85.8 + shift, 38.1, -85.7 + shift,
                                                        38.3)])),
            BoundaryArea("East", 50, MultiPolygon([box(-85.7 + shift, 38.1, -85.6 + shift,
                                                       38.3)]))],
            source_crs="EPSG:4326", features_read=2)

    area_imports.import_layer(db_session, key="wards", title="Wards", boundaries=squares(0),
                       source="test")
    check(db_session, city)
    area_imports.import_layer(db_session, key="wards", title=None, boundaries=squares(0.05),
                       source="test")
    check(db_session, city)
    wards = db_session.scalar(select(AreaLayer.id).where(AreaLayer.key == "wards"))
    area_imports.remove_layer(db_session, "wards")
    assert not db_session.scalars(select(ContributorArea)
                                  .where(ContributorArea.layer_id == wards)).all()
    check(db_session, city)


def test_unfiltered_summaries_read_the_kept_counts(app, db_session):
    """The kept counts are what an unfiltered summary shows: change them behind the
    summary's back and it shows the change (so the fast path is really used)."""
    city = app.config["CITY"]
    idea = add(db_session, city, make_participant(db_session), -85.7585, 38.2527)
    db_session.flush()
    main = db_session.scalar(select(AreaLayer.id).where(AreaLayer.key == city.main_layer))
    tally = db_session.scalars(select(AreaTally).where(AreaTally.layer_id == main,
                                                       AreaTally.ideas > 0)).one()
    tally.ideas += 41
    db_session.flush()
    assert summaries.summarize(db_session, city, Filters()).total.ideas == 42
    assert summaries.summarize(db_session, city, Filters(), count_now=True).total.ideas == 1
    assert db_session.get(Idea, idea.id) is not None


def _scenario(session, city):
    """One of every write that moves kept counts."""
    ana, ben = make_participant(session), make_participant(session)
    idea = add(session, city, ana, -85.7585, 38.2527)
    idea_reactions.set_support(session, idea, ben, True)
    other = add(session, city, ben, -85.70, 38.20)
    idea_reactions.set_support(session, other, ana, True)
    idea_reactions.set_support(session, other, ana, False)
    question = session.scalars(select(Question).where(Question.method == "single")).first()
    cast_ballot(session, question, ben, {"option": question.options[0].id})
    cast_ballot(session, question, ben, {"option": question.options[1].id})
    moderation.hide(session, idea, "Off topic", PLANNER)
    neighborhood = session.scalar(select(AreaLayer.id).where(AreaLayer.key == city.main_layer))
    far = area_catalog.area_index(session).layers[neighborhood].locate(-85.60, 38.15)
    participants.set_profile(session, city, ben, home_area=AreaRef(city.main_layer, far))


@pytest.mark.parametrize("event", ["idea_added", "support_added", "support_removed",
                                   "idea_moderated", "ballot_cast", "ballot_replaced",
                                   "people_changing"])
@pytest.mark.drifts
def test_leaving_out_any_update_shows_in_the_check(sqlite_app, monkeypatch, event):
    """The check is no formality: without any one of the owner's updates, it finds the
    difference (so the recount test above would fail), unless the database itself refuses
    a count going below zero first."""
    from vizlou.extensions import db
    from vizlou.services.counts import record

    city = sqlite_app.config["CITY"]
    demo.seed(db.session, city, ideas=30, seed_value=3)
    assert counts.check(db.session) == []
    if event == "people_changing":
        monkeypatch.setattr(record, event, lambda *a, **k: contextlib.nullcontext())
    else:
        monkeypatch.setattr(record, event, lambda *a, **k: None)
    try:
        _scenario(db.session, city)
    except IntegrityError as error:
        assert "never_negative" in str(error)
        return
    assert counts.check(db.session), f"leaving out {event} went unnoticed"

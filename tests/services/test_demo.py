"""Demo data: realistic, spread by population, reproducible by seed, the same on both databases."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest
from sqlalchemy import func, select

from vizlou.extensions import db
from vizlou.models import Area, AreaLayer, Ballot, Idea, IdeaArea, Participant, Question, Support
from vizlou.services import demo


def seed(app, n=600, seed_value=3):
    with app.app_context():
        demo.seed(db.session, app.config["CITY"], ideas=n, seed_value=seed_value)
        db.session.commit()


def snapshot(app):
    """What a planner would see: ideas with their areas and counts, in a comparable form."""
    with app.app_context():
        s = db.session
        ideas = s.execute(select(Idea.client_id, Idea.category, Idea.text, Idea.lon, Idea.lat,
                                 Idea.channel, Idea.status, Idea.created_at)
                          .order_by(Idea.client_id)).all()
        per_area = s.execute(
            select(AreaLayer.key, Area.name, func.count(IdeaArea.idea_id))
            .join(Area, Area.id == IdeaArea.area_id).join(AreaLayer, AreaLayer.id ==
                                                            IdeaArea.layer_id)
            .group_by(AreaLayer.key, Area.name).order_by(AreaLayer.key, Area.name)).all()
        counts = {m.__name__: s.scalar(select(func.count()).select_from(m))
                  for m in (Participant, Support, Ballot, Question)}
        choices = sorted(str(c) for c in s.scalars(select(Ballot.choice)))
        return [tuple(r) for r in ideas], [tuple(r) for r in per_area], counts, choices


@pytest.mark.postgis
def test_seed_is_reproducible_and_identical_on_both_databases(databases):
    sqlite_a, sqlite_b = databases.app("sqlite"), databases.app("sqlite")
    postgis = databases.app("postgis")
    for app in (sqlite_a, sqlite_b, postgis):
        seed(app)
    first = snapshot(sqlite_a)
    assert snapshot(sqlite_b) == first
    ideas, per_area, counts, choices = snapshot(postgis)
    assert per_area == first[1]  # identical area counts on both databases
    assert counts == first[2] and choices == first[3]
    assert [i[:3] + i[5:] for i in ideas] == [i[:3] + i[5:] for i in first[0]]
    assert np.allclose([i[3:5] for i in ideas], [i[3:5] for i in first[0]])


def test_a_different_seed_gives_different_data(databases):
    a, b = databases.app("sqlite"), databases.app("sqlite")
    seed(a, seed_value=1)
    seed(b, seed_value=2)
    assert snapshot(a)[0] != snapshot(b)[0]


def test_ideas_follow_population(app):
    demo.seed(db.session, app.config["CITY"], ideas=3000, seed_value=5)
    rows = db.session.execute(
        select(Area.population, func.count(IdeaArea.idea_id))
        .join(IdeaArea, IdeaArea.area_id == Area.id).join(AreaLayer, AreaLayer.id == Area.layer_id)
        .where(AreaLayer.key == "neighborhoods").group_by(Area.id)).all()
    populations = np.array([r[0] for r in rows], dtype=float)
    counts = np.array([r[1] for r in rows], dtype=float)
    assert np.corrcoef(populations, counts)[0, 1] > 0.6
    inside = db.session.scalar(select(func.count(IdeaArea.idea_id))
                               .join(AreaLayer, AreaLayer.id == IdeaArea.layer_id)
                               .where(AreaLayer.key == "neighborhoods"))
    assert inside == 3000  # every demo idea lies inside the county
    dates = db.session.execute(select(func.min(Idea.created_at), func.max(Idea.created_at))).one()
    assert dates[0] >= datetime(2026, 9, 2) and dates[1] <= datetime(2026, 11, 1)


def test_ballots_follow_each_method(app):
    demo.seed(db.session, app.config["CITY"], ideas=400, seed_value=9)
    for question in db.session.scalars(select(Question)):
        option_ids = {o.id for o in question.options}
        for choice in db.session.scalars(select(Ballot.choice)
                                         .where(Ballot.question_id == question.id)):
            if question.method == "single":
                assert choice["option"] in option_ids
            elif question.method == "approval":
                assert 1 <= len(choice["options"]) <= question.max_choices
                assert set(choice["options"]) <= option_ids
            elif question.method == "ranked":
                assert set(choice["ranking"]) <= option_ids
                assert len(set(choice["ranking"])) == len(choice["ranking"])
            elif question.method == "budget":
                assert sum(choice["allocation"].values()) <= question.budget_total
                assert {int(k) for k in choice["allocation"]} <= option_ids
            else:
                for a, b, winner in choice["pairs"]:
                    assert a != b and winner in (a, b) and {a, b} <= option_ids


def test_texted_ideas_are_real_conversations(app):
    """The demo's "Text message" ideas come from the SMS dialogue, not straight into tables:
    each phone has a conversation (its number only hashed) and a sealed contact."""
    from vizlou.models import Contact, SmsConversation

    demo.seed(db.session, app.config["CITY"], ideas=600, seed_value=2)
    texted = db.session.scalars(select(Idea).where(Idea.channel == "sms")).all()
    assert len(texted) == 30 and all(i.client_id.startswith("sms-demo-2-t") for i in texted)
    phones = db.session.scalar(select(func.count()).select_from(SmsConversation))
    assert phones == 30 and db.session.scalar(select(func.count()).select_from(Contact)) == 30
    authors = {i.participant_id for i in texted}
    assert db.session.scalars(select(Participant.channel)
                              .where(Participant.id.in_(authors))).all() == ["sms"] * 30

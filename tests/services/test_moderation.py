"""Moderation on both databases: listed words hold a text for review, reports hide it
automatically, moderators hide and restore with a reason, everything in the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from factories import make_idea, make_participant, token_hash
from vizlou.errors import InvalidInput
from vizlou.geo.clustering import CELL_LEVELS
from vizlou.models import AuditEntry, IdeaCell, Participant
from vizlou.services.audit import Actor
from vizlou.services.ideas import moderation, wordlist
from vizlou.services.ideas import reactions as idea_reactions
from vizlou.services.ideas import read as idea_read

PLANNER = Actor("planner@example.org")


@pytest.mark.parametrize("text,found", [
    ("This park is full of shit", ["shit"]),
    ("Qué MIERDA de calle", ["mierda"]),
    ("el cabrón del barrio", ["cabron"]),  # accents do not hide a word
    ("Pass the class, assess the grass", []),  # whole words only
    ("Scunthorpe needs buses", []),
    ("hijo de puta", ["hijo de puta"]),
])
def test_word_list(text, found):
    assert wordlist.matches(text) == found


def public_count(session, city):
    return idea_read.list_ideas(session, city, idea_read.IdeaFilter())[1]


def cells(session):
    return session.scalar(select(func.coalesce(func.sum(IdeaCell.n), 0))
                          .where(IdeaCell.level == CELL_LEVELS[0]))


def test_a_listed_word_holds_the_idea_for_review(app, db_session):
    city = app.config["CITY"]
    held = make_idea(db_session, city, text="This bus stop is shit")
    fine = make_idea(db_session, city, text="Fix the bus stop")
    assert held.moderation == "flagged" and "shit" in held.moderation_reason
    assert fine.moderation == "visible"
    assert public_count(db_session, city) == 1 and cells(db_session) == 1
    with pytest.raises(Exception, match="after a quick check"):
        idea_read.get_idea(db_session, held.id)
    queue = moderation.queue(db_session)
    assert [(q.kind, q.id, q.state) for q in queue] == [("idea", held.id, "flagged")]
    moderation.restore(db_session, held, "Fair complaint, strong word", PLANNER)
    assert public_count(db_session, city) == 2 and cells(db_session) == 2
    assert moderation.queue(db_session) == []


def test_reports_hide_an_idea_automatically(app, db_session):
    city = app.config["CITY"]
    idea = make_idea(db_session, city)
    for _ in range(city.auto_hide_reports):
        reporter = make_participant(db_session)
        assert idea_reactions.report(db_session, reporter, reason="spam", idea=idea,
                            auto_hide_after=city.auto_hide_reports)
        # the same person reporting again changes nothing
        idea_reactions.report(db_session, db_session.scalar(select(Participant).where(
            Participant.token_hash == token_hash(reporter.token))), reason="spam",
            idea=idea,
            auto_hide_after=city.auto_hide_reports)
    assert idea.moderation == "hidden"
    assert idea.moderation_reason == f"reported by {city.auto_hide_reports} people"
    assert public_count(db_session, city) == 0 and cells(db_session) == 0
    item = moderation.queue(db_session)[0]
    assert item.reports == city.auto_hide_reports and item.report_reasons == {
        "spam": city.auto_hide_reports}
    actions = db_session.scalars(select(AuditEntry.action)).all()
    assert "moderation.auto_hide" in actions


def test_hide_needs_a_reason_and_everything_is_audited(app, db_session):
    city = app.config["CITY"]
    idea = make_idea(db_session, city)
    with pytest.raises(Exception, match="Say why"):
        moderation.hide(db_session, idea, "  ", PLANNER)
    moderation.hide(db_session, idea, "Personal details", PLANNER)
    assert cells(db_session) == 0
    moderation.restore(db_session, idea, None, PLANNER)
    assert cells(db_session) == 1 and idea.moderation == "visible"
    rows = db_session.execute(select(AuditEntry.action, AuditEntry.actor, AuditEntry.target_id)
                              .where(AuditEntry.action.like("moderation.%"))
                              .order_by(AuditEntry.id)).all()
    assert [tuple(r) for r in rows] == [
        ("moderation.hide", PLANNER.label, str(idea.id)),
        ("moderation.restore", PLANNER.label, str(idea.id))]


def test_comments_are_moderated_like_ideas(app, db_session):
    city = app.config["CITY"]
    idea = make_idea(db_session, city)
    held, _ = idea_reactions.add_comment(db_session, idea, make_participant(db_session),
                                         "pinche idea")
    fine, _ = idea_reactions.add_comment(db_session, idea, make_participant(db_session),
                                         "Great idea")
    assert held.moderation == "flagged"
    assert [c.id for c in idea_read.visible_comments(db_session, idea)] == [fine.id]
    moderation.hide(db_session, fine, "Off topic", PLANNER)
    assert idea_read.visible_comments(db_session, idea) == []
    assert {(q.kind, q.state) for q in moderation.queue(db_session)} == {
        ("comment", "flagged"), ("comment", "hidden")}


def test_reports_dismissed_with_a_reason_keep_the_idea_and_the_history(app, db_session):
    city = app.config["CITY"]
    idea = make_idea(db_session, city, text="Paint the bridge orange")
    for _ in range(2):
        idea_reactions.report(db_session, make_participant(db_session), reason="spam", idea=idea,
                              auto_hide_after=3)
    db_session.commit()
    assert [i.reports for i in moderation.queue(db_session) if i.id == idea.id] == [2]
    with pytest.raises(InvalidInput) as error:
        moderation.dismiss_reports(db_session, idea, "  ", PLANNER)
    assert error.value.field == "reason"
    assert moderation.dismiss_reports(db_session, idea, "Not spam: a real idea", PLANNER) == 2
    db_session.commit()
    assert idea.moderation == "visible"
    assert [i for i in moderation.queue(db_session) if i.id == idea.id] == []
    # Dismissed reports no longer count towards hiding: two more reports do not hide it.
    for _ in range(2):
        idea_reactions.report(db_session, make_participant(db_session), reason="spam", idea=idea,
                              auto_hide_after=3)
    db_session.commit()
    assert idea.moderation == "visible"
    with pytest.raises(InvalidInput):  # nothing to dismiss on an idea without reports
        moderation.dismiss_reports(db_session, make_idea(db_session, city), "ok", PLANNER)
    moderation.hide(db_session, idea, "Off topic after all", PLANNER)
    past = moderation.history(db_session, [("idea", idea.id)])[("idea", idea.id)]
    assert [(e.action, e.reason) for e in past] == [
        ("moderation.dismiss_reports", "Not spam: a real idea"),
        ("moderation.hide", "Off topic after all")]
    assert past[0].actor == "planner@example.org"

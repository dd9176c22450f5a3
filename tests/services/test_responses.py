"""Planners answer residents: status and public response, one idea or many; audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from vizlou.errors import InvalidInput
from vizlou.models import AuditEntry, Idea
from vizlou.services import demo
from vizlou.services.audit import Actor
from vizlou.services.ideas import responses

PLANNER = Actor("planner@example.org", None)
LANGS = ("en", "es")


@pytest.fixture
def idea_ids(app, db_session):
    demo.seed(db_session, app.config["CITY"], ideas=20, seed_value=4)
    db_session.commit()
    return db_session.scalars(select(Idea.id).order_by(Idea.id).limit(5)).all()


def respond(session, ids, status=None, **answers):
    return responses.respond(session, ids, status=status, answers=answers, languages=LANGS,
                             actor=PLANNER)


def test_answer_many_at_once(db_session, idea_ids):
    changed = respond(db_session, idea_ids[:3], "in_plan", en="Part of the 2027 plan.")
    assert changed == 3
    rows = db_session.execute(select(Idea.status, Idea.response, Idea.response_at)
                              .where(Idea.id.in_(idea_ids[:3]))).all()
    assert {(r[0], r[1]) for r in rows} == {("in_plan", "Part of the 2027 plan.")}
    assert all(r[2] is not None for r in rows)
    assert respond(db_session, idea_ids[:3], "in_plan", en="Part of the 2027 plan.") == 0
    entries = db_session.scalars(select(AuditEntry).where(
        AuditEntry.action == "ideas.respond")).all()
    assert sorted(int(e.target_id) for e in entries) == sorted(idea_ids[:3])


def test_a_language_left_out_keeps_its_answer_and_an_empty_one_removes_it(db_session,
                                                                          idea_ids):
    respond(db_session, [idea_ids[0]], "under_review", en="Looking.")
    respond(db_session, [idea_ids[0]], "done")
    idea = db_session.get(Idea, idea_ids[0])
    assert (idea.status, idea.response) == ("done", "Looking.")
    respond(db_session, [idea_ids[0]], es="Lo estamos viendo.")
    assert (idea.response, idea.response_translations) == ("Looking.",
                                                           {"es": "Lo estamos viendo."})
    respond(db_session, [idea_ids[0]], en="", es="")
    assert idea.response is None and idea.response_translations == {}
    assert idea.response_at is None


def test_each_language_and_what_is_missing(db_session, idea_ids):
    idea = db_session.get(Idea, idea_ids[0])
    assert responses.missing_languages(idea, LANGS) == []  # no answer: nothing to flag
    assert responses.answer_for(idea, "es", LANGS) is None
    respond(db_session, [idea.id], en="We will plant trees here in spring.")
    assert responses.missing_languages(idea, LANGS) == ["es"]
    # A Spanish reader gets the English answer, and is told which language it is in.
    assert responses.answer_for(idea, "es", LANGS) == ("We will plant trees here in spring.",
                                                       "en")
    respond(db_session, [idea.id], es="Plantaremos árboles aquí en primavera.")
    assert responses.missing_languages(idea, LANGS) == []
    assert responses.answer_for(idea, "es", LANGS) == (
        "Plantaremos árboles aquí en primavera.", "es")
    assert responses.answer_for(idea, "en", LANGS)[1] == "en"


def test_every_change_is_kept_in_the_history(db_session, idea_ids):
    respond(db_session, [idea_ids[0]], "under_review", en="Looking.")
    respond(db_session, [idea_ids[0]], "in_plan", en="In the plan.", es="En el plan.")
    changes = responses.history(db_session, idea_ids[0])
    assert [(c.status, c.answers) for c in changes] == [
        ("in_plan", {"en": "In the plan.", "es": "En el plan."}),
        ("under_review", {"en": "Looking."})]
    assert all(c.actor == "planner@example.org" for c in changes)


def test_a_filter_reaches_every_page(db_session, idea_ids):
    everything = responses.ids_matching(db_session, None, responses.StaffIdeaFilter(size=5))
    assert len(everything) == 20
    respond(db_session, everything[:15], en="Thanks.")
    left = responses.ids_matching(db_session, None, responses.StaffIdeaFilter(unanswered=True))
    assert sorted(left) == sorted(db_session.scalars(
        select(Idea.id).where(Idea.response.is_(None))))
    assert set(left).isdisjoint(everything[:15]) and left


@pytest.mark.parametrize("answers,status,field", [
    ({}, "maybe", "status"),
    ({"en": "x" * 2001}, None, "response_en"),
    ({"fr": "Merci"}, None, "response"),
])
def test_bad_answers(db_session, idea_ids, answers, status, field):
    with pytest.raises(InvalidInput) as error:
        respond(db_session, idea_ids, status, **answers)
    assert error.value.field == field


def test_unknown_or_no_ideas(db_session, idea_ids):
    before = db_session.get(Idea, idea_ids[0]).status
    with pytest.raises(InvalidInput):
        respond(db_session, [], "done")
    with pytest.raises(InvalidInput):
        respond(db_session, [idea_ids[0], 999999], "done")
    assert db_session.get(Idea, idea_ids[0]).status == before  # nothing half-done

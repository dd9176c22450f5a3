"""Questions made and changed by planners: each method with its settings, every language of
the city, options matched by key; once voted on, what would change the ballots' meaning is
locked while the wording still changes; publish, close and reopen; every change audited;
a document written and read back changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from factories import make_participant
from vizlou.errors import Conflict, InvalidInput
from vizlou.models import AuditEntry, Question
from vizlou.models.types import utcnow
from vizlou.services.audit import Actor
from vizlou.services.voting import drafts, editing
from vizlou.services.voting.ballots import cast_ballot, is_open

PLANNER = Actor("planner@example.org")
LANGS = drafts.Languages("en", ("en", "es"))
BOUNDS = (-86.2, 37.8, -85.2, 38.6)
LINE = {"type": "LineString", "coordinates": [[-85.76, 38.25], [-85.74, 38.26]]}


def document(method="ranked", **extra) -> dict:
    return {"method": method,
            "title": {"en": "Which plan for Broadway?", "es": "¿Qué plan para Broadway?"},
            "description": {"en": "Pick what you like."},
            "options": [{"key": "bus", "title": {"en": "Bus lanes", "es": "Carriles de bus"},
                         "overlay": LINE},
                        {"key": "bike", "title": {"en": "Bike lanes", "es": "Ciclovías"}},
                        {"key": "trees", "title": "Trees", "cost": 120000}],
            **extra}


def create(session, **extra) -> Question:
    return editing.create(session, drafts.read(document(**extra), LANGS, BOUNDS), PLANNER,
                          default_language="en")


def actions(session, question) -> list[str]:
    return list(session.scalars(select(AuditEntry.action).where(
        AuditEntry.target_type == "question", AuditEntry.target_id == str(question.id))
        .order_by(AuditEntry.id)))


@pytest.mark.parametrize(("method", "settings", "stored"), [
    ("single", {}, {}),
    ("approval", {"max_choices": 2}, {"max_choices": 2}),
    ("ranked", {"max_choices": 2}, {"max_choices": 2}),
    ("budget", {"budget_total": 100, "budget_step": 5}, {"budget_total": 100, "budget_step": 5,
                                                         "budget_unit": "dots"}),
    ("pairwise", {"pairs_per_voter": 2}, {"pairs_per_voter": 2}),
])
def test_each_method_with_its_settings(db_session, method, settings, stored):
    question = create(db_session, method=method, settings=settings)
    assert question.key == "which-plan-for-broadway" and not question.published
    assert {k: getattr(question, k) for k in stored} == stored
    assert question.translations["es"]["title"] == "¿Qué plan para Broadway?"
    assert [o.key for o in question.options] == ["bus", "bike", "trees"]
    assert question.options[0].overlay["type"] == "LineString"
    assert question.options[1].translations == {"es": {"title": "Ciclovías"}}
    again = drafts.read(drafts.write(question, "en"), LANGS, BOUNDS)
    editing.update(db_session, question, again, PLANNER, default_language="en")
    assert actions(db_session, question) == ["questions.create"]  # nothing changed


@pytest.mark.parametrize(("method", "settings", "field"), [
    ("approval", {}, "max_choices"),
    ("approval", {"max_choices": 4}, "max_choices"),
    ("ranked", {"max_choices": 0}, "max_choices"),
    ("budget", {"budget_total": -1}, "budget_total"),
    ("budget", {"budget_total": 10, "budget_step": 20}, "budget_step"),
    ("budget", {"budget_total": 10.5}, "budget_total"),
    ("budget", {"budget_total": 10, "budget_unit": "euros"}, "budget_unit"),
    ("pairwise", {"pairs_per_voter": "many"}, "pairs_per_voter"),
    ("pairwise", {"pairs_per_voter": 1000}, "pairs_per_voter"),
])
def test_settings_a_method_cannot_work_with_are_refused(method, settings, field):
    with pytest.raises(InvalidInput) as refused:
        drafts.read(document(method=method, settings=settings), LANGS, BOUNDS)
    assert refused.value.field == field


@pytest.mark.parametrize(("change", "field"), [
    ({"title": {"es": "Sólo en español"}}, "title"),
    ({"title": {"fr": "Quel plan ?"}}, "title"),
    ({"options": [{"title": "Only one"}]}, "options"),
    ({"options": [{"key": "a", "title": "A"}, {"key": "a", "title": "B"}]}, "options.2.key"),
    ({"options": [{"title": "A"}, {"title": "B", "cost": -5}]}, "options.2.cost"),
    ({"options": [{"title": "A"}, {"title": "B", "overlay": {"type": "Point",
                                                            "coordinates": [0, 0]}}]},
     "options.2.overlay"),
    ({"opens_at": "2026-12-02T10:00", "closes_at": "2026-12-01T10:00"}, "closes_at"),
    ({"opens_at": "next tuesday"}, "opens_at"),
    ({"method": "plurality"}, "method"),
    ({"key": "Not A Key!"}, "key"),
])
def test_a_document_is_checked_before_anything_is_stored(change, field):
    with pytest.raises(InvalidInput) as refused:
        drafts.read({**document(), **change}, LANGS, BOUNDS)
    assert refused.value.field == field


def test_before_ballots_everything_changes_after_only_the_wording(db_session):
    question = create(db_session, method="ranked", settings={"max_choices": 3})
    changed = document(method="approval", settings={"max_choices": 1})
    changed["options"] = [changed["options"][1], {"key": "park", "title": "A park"},
                          changed["options"][0]]
    editing.update(db_session, question, drafts.read(changed, LANGS, BOUNDS), PLANNER,
                   default_language="en")
    assert question.method == "approval"
    assert [o.key for o in question.options] == ["bike", "park", "bus"]
    editing.publish(db_session, question, PLANNER)
    cast_ballot(db_session, question, make_participant(db_session),
                {"options": [question.options[0].id]})
    db_session.commit()

    for locked in ({"method": "single"}, {"settings": {"max_choices": 2}},
                   {"options": changed["options"][:2]},
                   {"options": [{**changed["options"][0], "cost": 5}, *changed["options"][1:]]},
                   {"identity": "code"}):
        with pytest.raises(Conflict, match="already voted"):
            editing.update(db_session, question,
                           drafts.read({**changed, **locked}, LANGS, BOUNDS), PLANNER,
                           default_language="en")
        db_session.rollback()
    question = db_session.get(Question, question.id)
    assert question.method == "approval" and len(question.options) == 3

    wording = {**changed, "title": {"en": "Broadway: which first?", "es": "Broadway"},
               "closes_at": (utcnow() + timedelta(days=3)).isoformat()}
    wording["options"] = [{**changed["options"][0], "title": {"en": "Protected bike lanes"}},
                          *changed["options"][1:]]
    editing.update(db_session, question, drafts.read(wording, LANGS, BOUNDS), PLANNER,
                   default_language="en")
    assert question.title == "Broadway: which first?"
    assert question.options[0].title == "Protected bike lanes"
    assert actions(db_session, question) == ["questions.create", "questions.update",
                                             "questions.publish", "questions.update"]


def test_publish_close_and_reopen(db_session):
    question = create(db_session)
    assert not is_open(question)
    editing.publish(db_session, question, PLANNER)
    assert is_open(question)
    editing.close(db_session, question, PLANNER)
    assert not is_open(question) and question.published
    with pytest.raises(InvalidInput, match="future"):
        editing.reopen(db_session, question, PLANNER, closes_at=utcnow() - timedelta(days=1))
    editing.reopen(db_session, question, PLANNER, closes_at=utcnow() + timedelta(days=7))
    assert is_open(question)
    assert actions(db_session, question) == ["questions.create", "questions.publish",
                                             "questions.close", "questions.reopen"]


def test_keys_are_unique_and_stable(db_session):
    first, second = create(db_session), create(db_session)
    assert (first.key, second.key) == ("which-plan-for-broadway", "which-plan-for-broadway-2")
    with pytest.raises(Conflict, match="already has the key"):
        create(db_session, key="which-plan-for-broadway")

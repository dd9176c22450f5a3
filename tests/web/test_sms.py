"""Text messages (SPEC I3): the Twilio-compatible webhook at POST /sms, signed as Twilio signs;
ideas, votes, status and STOP by text, in English and Spanish; planners' answers sent back."""

from __future__ import annotations

import html
import json
import re

import pytest
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from factories import SHAWNEE_PARK, csrf_token, load_gazetteer, login_as, make_event
from vizlou.models import Ballot, Contact, Idea, IdeaArea, Participant, SmsConversation
from vizlou.services.filters import Filters
from vizlou.services.summaries import by_area
from vizlou.services.voting.questions import create_question

TOKEN = "test-auth-token-0123"
PHONE = "+15025550101"
OTHER = "+15025550102"


@pytest.fixture
def app(databases, backend, tmp_path):
    """The app with Twilio's auth token set, and a small gazetteer."""
    app = databases.app(backend, TWILIO_AUTH_TOKEN=TOKEN)
    with app.app_context():
        from vizlou.extensions import db

        load_gazetteer(db.session, tmp_path)
        yield app


class Phone:
    """A phone texting the app through a signed webhook call, as Twilio makes it."""

    def __init__(self, app, number: str, token: str = TOKEN) -> None:
        self.client, self.number, self.token, self.sent = app.test_client(), number, token, 0

    def text(self, body: str, *, sid: str | None = None) -> str | None:
        self.sent += 1
        params = {"From": self.number, "To": "+15025550199", "Body": body,
                  "MessageSid": sid or f"SM{self.number[-4:]}{self.sent:028d}"}
        signature = RequestValidator(self.token).compute_signature("http://localhost/sms",
                                                                   params)
        response = self.client.post("/sms", data=params,
                                    headers={"X-Twilio-Signature": signature})
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.mimetype == "application/xml"
        found = re.search(r"<Message>(.*)</Message>", response.get_data(as_text=True), re.S)
        return html.unescape(found.group(1)) if found else None


def _sent_to(app, number):
    return [m.body for m in app.extensions["vizlou.senders"]["phone"].sent if m.to == number]


def test_an_idea_by_text_is_placed_confirmed_counted_and_answered(app, db_session):
    phone = Phone(app, PHONE)
    reply = phone.text("IDEA more lights on the path in Shawnee Park")
    assert "Is your idea at Shawnee Park?" in reply
    assert "Which topic?" in phone.text("yes") and "5 Health and parks" in phone.text("yes")
    done = phone.text("5")
    number = int(re.search(r"number (\d+)", done).group(1))
    idea = db_session.get(Idea, number)
    assert (idea.channel, idea.category, idea.text) == ("sms", "health",
                                                         "more lights on the path in Shawnee Park")
    assert (idea.lon, idea.lat) == SHAWNEE_PARK
    city = app.config["CITY"]
    for flt in (Filters(), Filters(channel="sms")):
        summary = by_area.summarize(db_session, city, flt)
        assert [r.ideas for r in summary.areas if r.name == "Shawnee"] == [1]
    # The raw number is stored nowhere but sealed in the contact.
    assert PHONE not in json.dumps([c.state for c in db_session.scalars(
        select(SmsConversation))]) and db_session.scalar(select(Contact)).sealed
    assert db_session.scalar(select(Participant.channel)
                             .where(Participant.id == idea.participant_id)) == "sms"

    planner = app.test_client()
    login_as(planner, "planner")
    token = csrf_token(planner, f"/plan/ideas/{number}")
    planner.post(f"/plan/ideas/{number}", data={
        "csrf_token": token, "status": "in_plan", "response_en": "New lights in spring."})
    news = _sent_to(app, PHONE)
    assert len(news) == 1 and "In the plan" in news[0] and "New lights in spring." in news[0]
    assert "In the plan" in phone.text(f"STATUS {number}")
    assert f"Idea {number}: In the plan." in phone.text("MY")


def test_a_retried_message_is_answered_again_and_stored_once(app, db_session):
    phone = Phone(app, PHONE)
    assert "S 28th St & W Broadway" in phone.text("IDEA a bench at 28th and Broadway")
    assert "Which topic?" in phone.text("yes")
    first = phone.text("2", sid="SMretry0000000000000000000000002")
    again = phone.text("2", sid="SMretry0000000000000000000000002")
    assert first == again and "Thank you" in first
    assert len(db_session.scalars(select(Idea)).all()) == 1


def test_spanish_commands_accents_and_a_misspelt_area(app, db_session):
    phone = Phone(app, OTHER)
    assert "Manda IDEA" in phone.text("AYUDA")
    reply = phone.text("idea Más árboles en la calle")
    assert "¿Dónde" in reply
    assert "¿Tu idea está en Shawnee?" in phone.text("shawne")
    assert "¿Qué tema?" in phone.text("SÍ")
    assert "Gracias" in phone.text("1")
    idea = db_session.scalar(select(Idea))
    assert (idea.language, idea.text) == ("es", "Más árboles en la calle")
    assert db_session.scalar(select(IdeaArea.area_id).where(IdeaArea.idea_id == idea.id))


def test_a_map_link_and_a_poster_code_are_places(app, db_session):
    event, _ = make_event(db_session)
    event.venue_lon, event.venue_lat = SHAWNEE_PARK
    db_session.commit()
    phone = Phone(app, PHONE)
    phone.text("IDEA a water fountain")
    assert "Which topic?" in phone.text(event.poster_code.lower())
    phone.text("5")
    phone.text("IDEA shade trees")
    assert "Which topic?" in phone.text("https://www.openstreetmap.org/#map=17/38.25300/-85.82900")
    phone.text("5")
    ideas = db_session.scalars(select(Idea).order_by(Idea.id)).all()
    assert [i.event_id for i in ideas] == [event.id, None]
    assert all((i.lon, i.lat) == SHAWNEE_PARK for i in ideas)
    phone.text("IDEA a pool")
    assert "could not find that place" in phone.text("https://maps.example/@51.5,-0.12")


def test_stop_is_honoured_until_start(app, db_session):
    phone = Phone(app, PHONE)
    phone.text("IDEA more lights in Shawnee Park")
    phone.text("yes")
    number = int(re.search(r"number (\d+)", phone.text("1")).group(1))
    assert "no more texts" in phone.text("STOP")
    assert phone.text("HELP") is None and phone.text("IDEA another") is None
    planner = app.test_client()
    login_as(planner, "planner")
    planner.post(f"/plan/ideas/{number}", data={
        "csrf_token": csrf_token(planner, f"/plan/ideas/{number}"), "status": "done"})
    assert _sent_to(app, PHONE) == []
    assert "Send IDEA" in phone.text("START")
    assert db_session.scalar(select(Idea).where(Idea.text == "another")) is None


def test_votes_by_text_one_ballot_per_phone(app, db_session):
    question = create_question(db_session, title="Which park first?", method="single",
                               options=[{"title": "Shawnee"}, {"title": "Chickasaw"}],
                               identity="phone", published=True)
    db_session.commit()
    phone, other = Phone(app, PHONE), Phone(app, OTHER)
    assert "Which park first?" in phone.text("VOTE")
    assert "1 Shawnee, 2 Chickasaw" in phone.text(f"VOTE {question.id}")
    assert "is saved" in phone.text(f"VOTE {question.id} 2")
    assert "guardado" in phone.text(f"votar {question.id} 1")  # the Spanish word: Spanish
    assert "guardado" in other.text(f"VOTAR {question.id} 1")
    rows = db_session.execute(select(Ballot.choice, Ballot.channel)
                              .where(Ballot.question_id == question.id)).all()
    assert sorted(r.choice["option"] for r in rows) == sorted([question.options[0].id] * 2)
    assert {r.channel for r in rows} == {"sms"}
    assert "option" in phone.text(f"VOTE {question.id} 7")
    assert len(rows) == 2


def test_a_bad_or_missing_signature_is_403_and_stores_nothing(app, db_session):
    client = app.test_client()
    params = {"From": PHONE, "Body": "IDEA lights in Shawnee Park", "MessageSid": "SM1"}
    assert client.post("/sms", data=params).status_code == 403
    forged = RequestValidator("not-the-token").compute_signature("http://localhost/sms", params)
    assert client.post("/sms", data=params,
                       headers={"X-Twilio-Signature": forged}).status_code == 403
    assert db_session.scalars(select(SmsConversation)).all() == []


def test_without_an_auth_token_every_message_is_refused(databases, backend):
    bare = databases.app(backend)
    with bare.app_context():
        phone = Phone(bare, PHONE, token="")
        params = {"From": PHONE, "Body": "HELP", "MessageSid": "SM2"}
        assert phone.client.post("/sms", data=params,
                                 headers={"X-Twilio-Signature": "x"}).status_code == 403


def test_a_phone_texting_too_fast_gets_no_replies(databases, backend):
    limited = databases.app(backend, TWILIO_AUTH_TOKEN=TOKEN, RATELIMIT_ENABLED=True)
    with limited.app_context():
        _too_fast(limited)


def _too_fast(app):
    phone = Phone(app, PHONE)
    replies = [phone.text("HELP") for _ in range(11)]
    assert all(replies[:10]) and replies[10] is None
    assert Phone(app, OTHER).text("HELP")


def test_a_french_speaking_city_answers_in_french(app, db_session):
    from dataclasses import replace

    app.config["CITY"] = replace(app.config["CITY"], languages=("en", "es", "fr"))
    phone = Phone(app, PHONE)
    assert phone.text("aide").startswith("Envoyez IDÉE et votre idée")
    assert "Où est-ce" in phone.text("IDEE un banc pres de la bibliotheque")
    confirm = phone.text("parc shawne")  # a letter short: asked to confirm
    assert "Shawnee Park" in confirm and "OUI" in confirm
    assert "Quel thème" in phone.text("oui")

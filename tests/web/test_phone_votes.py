"""Phone-checked voting: a code texted through the sender interface proves the phone, and one
phone number casts one ballot (replaceable), from any browser or by text message."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from factories import csrf_token
from vizlou.models import Ballot, PhoneCheck
from vizlou.services.voting.questions import create_question

PHONE, OTHER = "+15025550101", "+15025550102"


@pytest.fixture
def question(db_session):
    item = create_question(db_session, title="Which park first?", method="single",
                           options=[{"title": "Shawnee"}, {"title": "Chickasaw"}],
                           identity="phone")
    db_session.commit()
    return item


def _codes(app, number):
    sent = app.extensions["vizlou.senders"]["phone"].sent
    return [re.search(r"\b(\d{6})\b", m.body).group(1) for m in sent if m.to == number]


def _post(client, question, **data):
    url = f"/questions/{question.id}"
    return client.post(url + "/phone", data={"csrf_token": csrf_token(client, url), **data})


def _vote(client, question, option_id):
    url = f"/questions/{question.id}"
    return client.post(url, data={"csrf_token": csrf_token(client, url),
                                  "option": str(option_id)})


def _check(app, client, question, number):
    assert _post(client, question, phone=number.replace("+1", "+1 (").replace("555", "555) "))\
        .status_code == 302
    code = _codes(app, number)[-1]
    assert _post(client, question, code=code).status_code == 302


def test_a_texted_code_proves_the_phone_and_one_phone_casts_one_ballot(app, client, db_session,
                                                                      question):
    page = client.get(f"/questions/{question.id}").get_data(as_text=True)
    assert "Your phone number" in page and 'name="option"' not in page
    refused = _vote(client, question, question.options[0].id)
    assert refused.status_code == 400 and "we text you a code" in refused.get_data(as_text=True)

    assert _post(client, question, phone="502 555 0101").status_code == 400  # no country code
    assert _post(client, question, phone=PHONE).status_code == 302
    assert "The code we texted you" in client.get(f"/questions/{question.id}").get_data(
        as_text=True)
    code = _codes(app, PHONE)[-1]
    wrong = _post(client, question, code=str((int(code) + 1) % 1_000_000).zfill(6))
    assert wrong.status_code == 400 and "not the code we sent" in wrong.get_data(as_text=True)
    assert _post(client, question, code=code).status_code == 302
    assert 'name="option"' in client.get(f"/questions/{question.id}").get_data(as_text=True)
    assert _vote(client, question, question.options[0].id).status_code == 302
    # The same phone checked in another browser replaces that ballot; another phone adds one.
    second = app.test_client()
    _check(app, second, question, PHONE)
    assert _vote(second, question, question.options[1].id).status_code == 302
    third = app.test_client()
    _check(app, third, question, OTHER)
    assert _vote(third, question, question.options[0].id).status_code == 302
    rows = db_session.execute(select(Ballot.choice, Ballot.phone_hash)
                              .where(Ballot.question_id == question.id)).all()
    assert len(rows) == 2 and len({r.phone_hash for r in rows}) == 2
    assert sorted(r.choice["option"] for r in rows) == sorted(o.id for o in question.options)
    stored = " ".join(str(v) for r in db_session.execute(select(PhoneCheck)).all() for v in r)
    assert "0101" not in stored  # only hashes of the number and code


def test_a_code_expires_after_five_wrong_tries(app, client, db_session, question):
    _post(client, question, phone=PHONE)
    code = _codes(app, PHONE)[-1]
    for _ in range(5):
        _post(client, question, code="000000" if code != "000000" else "111111")
    late = _post(client, question, code=code)
    assert late.status_code == 400 and "expired" in late.get_data(as_text=True)


def test_no_phone_votes_on_a_shared_kiosk(app, client, db_session, question):
    from factories import make_event
    from vizlou.web.common.kiosk_state import kiosk_key

    event, _ = make_event(db_session)
    with app.test_request_context():
        key = kiosk_key(event.id)
    client.get(f"/kiosk/{key}")
    page = client.get(f"/questions/{question.id}").get_data(as_text=True)
    assert "from your own phone" in page and "Your phone number" not in page
    assert _post(client, question, phone=PHONE).status_code == 400
    assert _codes(app, PHONE) == []


def test_the_phone_ballot_follows_the_voter_to_their_last_device(app, client, db_session,
                                                                 question):
    """Cast from one phone's browser, then again from another device that proved the same
    number: the ballot is the new device's, listed under "My ideas" there with its new
    choice (and counted once). A device that voted with another number keeps its own."""
    first, second = question.options
    _check(app, client, question, PHONE)
    assert _vote(client, question, first.id).status_code == 302
    assert question.title in client.get("/mine").get_data(as_text=True)
    other_device = app.test_client()
    _check(app, other_device, question, PHONE)
    assert _vote(other_device, question, second.id).status_code == 302
    mine = other_device.get("/mine").get_data(as_text=True)
    assert question.title in mine
    assert question.title not in client.get("/mine").get_data(as_text=True)
    ballots = db_session.execute(select(Ballot.choice).where(
        Ballot.question_id == question.id)).scalars().all()
    assert ballots == [{"option": second.id}]

    third = app.test_client()
    _check(app, third, question, OTHER)
    assert _vote(third, question, first.id).status_code == 302
    _check(app, third, question, PHONE)
    refused = _vote(third, question, first.id)
    assert refused.status_code == 409
    assert "already voted with another phone number" in refused.get_data(as_text=True)

"""Factories for tests: make the domain's things with sensible defaults, through the services
(so kept counts and locks are as in production), and log a test client in as a role."""

from __future__ import annotations

import itertools
import re

from vizlou.extensions import db
from vizlou.models import Participant
from vizlou.services.ideas import create as idea_create
from vizlou.services.people import participants
from vizlou.services.values import WEB

KEY = b"test-secret"  # the SECRET_KEY of the test apps (helpers.make_app)
PASSWORD = "correct horse battery"
DOWNTOWN = (-85.7585, 38.2527)  # a spot inside Louisville's Central Business District
_numbers = itertools.count(1)


def token_hash(token: str) -> str:
    """What the database keeps of a participant token (the test apps' key)."""
    return participants.token_hash(token, KEY)


def make_participant(session=None, token: str | None = None, **fields) -> Participant:
    """A participant with ``token`` (a fresh one when None), created as a request would."""
    session = session or db.session
    token = token or f"test-person-{next(_numbers):06d}"
    person = participants.get_or_create(session, token, key=KEY)
    for name, value in fields.items():
        setattr(person, name, value)
    session.flush()
    person.token = token  # the raw token, for tests that send it again (not stored)
    return person


def by_token(session, token: str) -> Participant | None:
    return participants.find(session, token, key=KEY)


def make_idea(session, city, who: Participant | None = None, *, lon: float = DOWNTOWN[0],
              lat: float = DOWNTOWN[1], category: str = "health",
              text: str = "More shade trees please", origin=WEB, client_id=None):
    """An idea through the service (areas, moderation, counts); ``who`` made fresh if None."""
    who = who if who is not None else make_participant(session)
    idea, _ = idea_create.create_idea(session, city, who, idea_create.NewIdea(
        category=category, text=text, lon=lon, lat=lat, client_id=client_id), origin)
    return idea


def csrf_token(client, url: str = "/auth/login") -> str:
    html = client.get(url).get_data(as_text=True)
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"|<meta name="csrf-token" '
                      r'content="([^"]+)"', html)
    return found.group(1) or found.group(2)


def login_as(client, role: str, email: str | None = None, *, password: str = PASSWORD) -> str:
    """Create a staff user of ``role`` and log the test client in; returns the email."""
    from vizlou.services.people import staff

    email = email or f"{role}@example.org"
    staff.create_user(db.session, email, role, password)
    db.session.commit()
    response = client.post("/auth/login", data={"csrf_token": csrf_token(client), "email": email,
                                                "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return email

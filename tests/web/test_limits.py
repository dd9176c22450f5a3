"""Rate limits on anonymous writes: per participant, per address, new participants per
address (slowed with 429 and Retry-After, never refused for good), sessions excepted."""

from __future__ import annotations

import math
import uuid

import pytest
from limits import parse_many
from sqlalchemy import func, select

from factories import DOWNTOWN
from vizlou.city import DEFAULT_LIMITS
from vizlou.extensions import db
from vizlou.models import Idea
from vizlou.services.events.manage import create_session


def idea(client, token: str | None = None, address: str = "203.0.113.7", lang: str = "en"):
    return client.post("/api/v1/ideas", json={
        "category": "health", "text": "Benches", "lon": DOWNTOWN[0], "lat": DOWNTOWN[1]},
        headers={"X-Participant": token or uuid.uuid4().hex, "Accept-Language": lang},
        environ_base={"REMOTE_ADDR": address})


def min_seconds(n: int, spec: str) -> float:
    """The least time ``n`` hits take under these limits (each window lets ``amount`` in)."""
    return max((math.ceil(n / item.amount) - 1) * item.get_expiry() for item in parse_many(spec))


def test_the_default_limits_make_a_thousand_fresh_voters_from_one_address_slow():
    assert min_seconds(1000, DEFAULT_LIMITS["new_per_address"]) > 15 * 60
    assert min_seconds(1000, DEFAULT_LIMITS["new_per_address"]) >= 8 * 3600


@pytest.fixture
def limited(databases):
    app = databases.app("sqlite", RATELIMIT_ENABLED=True)
    with app.app_context():
        yield app


def test_new_participants_from_one_address_are_slowed(limited):
    client = limited.test_client()
    first = parse_many(DEFAULT_LIMITS["new_per_address"])[0].amount
    assert all(idea(client).status_code == 201 for _ in range(first))
    refused = idea(client)
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "too_many"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert db.session.scalar(select(func.count(Idea.id))) == first  # nothing half-stored
    assert idea(client, address="198.51.100.2").status_code == 201  # another address
    spanish = idea(client, lang="es")
    assert spanish.status_code == 429 and "segundos" in spanish.json["error"]["message"]


def test_the_hourly_limit_holds_too(databases):
    app = databases.app("sqlite", RATELIMIT_ENABLED=True)
    with app.app_context():
        app.config["CITY"].limits["new_per_address"] = "500 per minute; 30 per hour"
        client = app.test_client()
        assert all(idea(client).status_code == 201 for _ in range(30))
        assert idea(client).status_code == 429


class Clock:
    """The time as the rate limits' storage sees it, moved by the test."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def time(self) -> float:
        return self.now


def test_no_window_lets_twice_the_limit_through_at_its_turn(limited, monkeypatch):
    """One participant's limit holds over any minute: one idea, then 19 just before the first
    one's minute ends, then at most 1 more just after (a fixed window would take 20 more)."""
    import limits.storage.memory
    import limits.strategies

    clock = Clock()
    monkeypatch.setattr(limits.storage.memory, "time", clock)
    monkeypatch.setattr(limits.strategies, "time", clock)
    client, token = limited.test_client(), uuid.uuid4().hex
    per_minute = parse_many(DEFAULT_LIMITS["per_participant"])[0]
    assert idea(client, token).status_code == 201
    clock.now += 59
    assert all(idea(client, token).status_code == 201 for _ in range(per_minute.amount - 1))
    clock.now += 2  # the first idea's minute is over; the 19 others' is not
    assert idea(client, token).status_code == 201
    assert idea(client, token).status_code == 429


def test_one_participant_is_limited(limited):
    client = limited.test_client()
    token = uuid.uuid4().hex
    per_minute = parse_many(DEFAULT_LIMITS["per_participant"])[0].amount
    assert all(idea(client, token).status_code == 201 for _ in range(per_minute))
    assert idea(client, token).status_code == 429


def test_residents_who_joined_a_session_count_for_the_session(limited):
    item = create_session(db.session, name="Library night")
    db.session.commit()
    client = limited.test_client()
    client.get(f"/join?code={item.join_code}", environ_base={"REMOTE_ADDR": "203.0.113.7"})
    first = parse_many(DEFAULT_LIMITS["new_per_address"])[0].amount
    assert all(idea(client).status_code == 201 for _ in range(first + 10))

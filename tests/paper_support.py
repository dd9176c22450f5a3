"""Shared by the paper-entry, wall and report tests: a session asking one question of each
voting method, staff logins, and CSV files of paper sheets."""

from __future__ import annotations

import re

from sqlalchemy import select

from vizlou.models import Area, AreaLayer
from vizlou.services.events.manage import create_session
from vizlou.services.people import staff as users
from vizlou.services.voting.questions import create_question

PASSWORD = "a long enough password"
KEY = b"test-secret"  # the tests' SECRET_KEY
OPTIONS = (("Parks", "Parques"), ("Buses", "Autobuses"), ("Homes", "Casas"))
EXTRA = {"single": {}, "approval": {"max_choices": 2}, "ranked": {},
         "budget": {"budget_total": 1_000_000, "budget_unit": "dollars"}, "pairwise": {}}


def make_session(db_session, name: str = "Library night"):
    """A session run by facilitator@example.org (``login`` logs in as them), asking five
    questions, one per method, each with options Parks, Buses, Homes (1, 2, 3); returns
    ``(session, {method: question})``."""
    questions = {}
    for position, (method, extra) in enumerate(EXTRA.items()):
        questions[method] = create_question(
            db_session, title=f"{method.capitalize()} question", method=method,
            position=position, options=[{"title": en, "translations": {"es": {"title": es}}}
                                        for en, es in OPTIONS], **extra)
    item = create_session(db_session, name=name, facilitator_id=_user("facilitator").id,
                          question_ids=tuple(q.id for q in questions.values()))
    db_session.commit()
    return item, questions


def area_id(db_session, name: str, layer: str = "neighborhoods") -> int:
    return db_session.scalar(select(Area.id).join(AreaLayer).where(
        AreaLayer.key == layer, Area.name == name))


def option_ids(question) -> list[int]:
    return [o.id for o in question.options]


def _user(role: str):
    from vizlou.extensions import db
    from vizlou.models import StaffUser

    email = f"{role}@example.org"
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
    if user is None:
        user = users.create_user(db.session, email, role, PASSWORD)
        db.session.commit()
    return user


def login(client, role: str = "facilitator") -> None:
    email = _user(role).email
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                      r'name="csrf_token" value="([^"]+)"', page)
    data = {"email": email, "password": PASSWORD}
    if token:
        data["csrf_token"] = token.group(1) or token.group(2)
    response = client.post("/auth/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def csrf(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def csv_bytes(header: list[str], rows: list[list[str]], *, delimiter: str = ",",
              bom: bool = False) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode()

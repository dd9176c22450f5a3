"""The test kit: factories that make the domain's things with sensible defaults, through the
services (so kept counts and locks are as in production); counting and querying the database;
logging a test client in as a role; posting ideas as a resident; CSV files of paper sheets.
(Browser logins: ``e2e_support.log_in``.)"""

from __future__ import annotations

import functools
import itertools
import re

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from vizlou.extensions import db
from vizlou.models import Area, AreaLayer, Participant, StaffUser
from vizlou.services.counts import rebuild
from vizlou.services.events.manage import create_session
from vizlou.services.ideas import create as idea_create
from vizlou.services.people import participants
from vizlou.services.people import staff as users
from vizlou.services.values import WEB
from vizlou.services.voting.questions import create_question

KEY = b"test-secret"  # the SECRET_KEY of the test apps (helpers.make_app)
PASSWORD = "correct horse battery"
DOWNTOWN = (-85.7585, 38.2527)  # a spot inside Louisville's Central Business District
OPTIONS = (("Parks", "Parques"), ("Buses", "Autobuses"), ("Homes", "Casas"))
EXTRA = {"single": {}, "approval": {"max_choices": 2}, "ranked": {},
         "budget": {"budget_total": 1_000_000, "budget_unit": "dollars"}, "pairwise": {}}
_numbers = itertools.count(1)


# People

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


@functools.cache
def _cheap_hash(password: str) -> str:
    """A real Werkzeug hash of ``password``, made once, with 1,000 PBKDF2 rounds instead of
    scrypt's cost: a login through the app checks it with the real code in a millisecond,
    where the production hash takes a tenth of a second to make and again to check."""
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


def make_staff(session, role: str, email: str | None = None, *,
               password: str = PASSWORD) -> StaffUser:
    """The staff user ``email`` (``{role}@example.org`` by default), created with ``role``
    and ``password`` unless one already exists; committed. (``users.create_user`` is tested
    on its own; here the stored hash is a cheap one, see ``_cheap_hash``.)"""
    email = email or f"{role}@example.org"
    user = session.scalar(select(StaffUser).where(StaffUser.email == email))
    if user is None:
        user = StaffUser(email=users.normalise_email(email), role=role,
                         password_hash=_cheap_hash(users.check_password(password)))
        session.add(user)
        session.commit()
    return user


# Ideas, sessions, areas

def make_idea(session, city, who: Participant | None = None, *, lon: float = DOWNTOWN[0],
              lat: float = DOWNTOWN[1], category: str = "health",
              text: str = "More shade trees please", origin=WEB, client_id=None):
    """An idea through the service (areas, moderation, counts); ``who`` made fresh if None."""
    who = who if who is not None else make_participant(session)
    idea, _ = idea_create.create_idea(session, city, who, idea_create.NewIdea(
        category=category, text=text, lon=lon, lat=lat, client_id=client_id), origin)
    return idea


def make_event(session, name: str = "Library night"):
    """A session run by facilitator@example.org (``login_as(client, "facilitator")`` logs in
    as them), asking five questions, one per method, each with options Parks, Buses, Homes
    (1, 2, 3); committed; returns ``(event, {method: question})``."""
    questions = {}
    for position, (method, extra) in enumerate(EXTRA.items()):
        questions[method] = create_question(
            session, title=f"{method.capitalize()} question", method=method,
            position=position, options=[{"title": en, "translations": {"es": {"title": es}}}
                                        for en, es in OPTIONS], **extra)
    item = create_session(session, name=name, facilitator_id=make_staff(session, "facilitator").id,
                          question_ids=tuple(q.id for q in questions.values()))
    session.commit()
    return item, questions


def area_id(session, name: str, layer: str = "neighborhoods") -> int:
    return session.scalar(select(Area.id).join(AreaLayer).where(
        AreaLayer.key == layer, Area.name == name))


def option_ids(question) -> list[int]:
    return [o.id for o in question.options]


def stored_by_hand(session) -> None:
    """After a test wrote rows or states straight into the tables (no service): the kept
    counts rebuilt, as ``counts rebuild`` would, so the recount after the test agrees."""
    session.flush()
    rebuild.rebuild(session)
    session.commit()


# A hand-made set of ideas with known themes (what-we-heard tests): each text once per street.
BUS = ["The bus stop on {} needs a shelter from the rain",
       "Put a bench and a shelter at the bus stop near {}",
       "Bus stop at {} has no shelter, we wait in the rain"]
TREES = ["Plant shade trees along {} so kids can walk in summer",
         "More shade trees on {}, it is too hot to walk",
         "Trees for shade near the school on {}"]
SIDEWALK = ["Fix the broken sidewalk on {} for wheelchairs",
            "The sidewalk on {} is cracked and broken, fix it",
            "Wheelchairs cannot use the broken sidewalk at {}"]
PARQUE = ["El parque de {} necesita luces por la noche",
          "Más luces en el parque {} para jugar de noche",
          "Luces en el parque de {}, está muy oscuro de noche"]
STREETS = ["Broadway", "Market Street", "Oak Street", "Dixie Highway", "Bardstown Road",
           "Main Street"]


def zipped_shapefile(frame, folder, name: str):
    """``frame`` written as a Shapefile and zipped, as cities ship them; the zip's path."""
    import zipfile

    parts = folder / name
    parts.mkdir()
    frame.to_file(parts / f"{name}.shp")
    archive = folder / f"{name}.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in parts.iterdir():
            z.write(part, part.name)
    return archive


# Reading the database

def count(session, model, *where) -> int:
    """How many rows of ``model`` (matching ``where``), as stored now: what this session has
    not flushed is flushed, and what it holds is expired, so writes made through other
    connections (requests, the CLI, live servers) are seen."""
    session.flush()
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model).where(*where))


def query(app, fn):
    """``fn(db.session)`` in an app context of ``app`` (for tests outside one: browsers)."""
    with app.app_context():
        return fn(db.session)


def count_in(app, model, *where) -> int:
    """``count`` in an app context of ``app``."""
    return query(app, lambda session: count(session, model, *where))


# Test clients

def csrf_in(html: str) -> str:
    """The CSRF token of a page: from a form's input, or else the csrf-token meta tag."""
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"|<meta name="csrf-token" '
                      r'content="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1) or found.group(2)


def csrf_token(client, url: str = "/auth/login") -> str:
    """The CSRF token of the page at ``url``, as the test client gets it."""
    return csrf_in(client.get(url).get_data(as_text=True))


def login_as(client, role: str, email: str | None = None, *, password: str = PASSWORD) -> str:
    """Log the test client in as the staff user ``email`` (``{role}@example.org`` by default),
    created with ``role`` unless it already exists; returns the email."""
    email = make_staff(db.session, role, email, password=password).email
    response = client.post("/auth/login", data={"csrf_token": csrf_token(client), "email": email,
                                                "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return email


def post_idea(client, token: str | None, *, headers: dict | None = None, **body):
    """A resident's JSON POST to /api/v1/ideas as participant ``token`` (no X-Participant
    header when None), with ``headers`` added; ``body`` overrides the default idea (health,
    downtown); the response."""
    data = {"lon": DOWNTOWN[0], "lat": DOWNTOWN[1], "category": "health",
            "text": "More shade trees on Main Street.", **body}
    sent = {} if token is None else {"X-Participant": token}
    return client.post("/api/v1/ideas", json=data, headers={**sent, **(headers or {})})


# Files

def csv_bytes(header: list[str], rows: list[list[str]], *, delimiter: str = ",",
              bom: bool = False) -> bytes:
    """A CSV file of paper sheets (or anything): ``header`` then ``rows``."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


# Places

SHAWNEE_PARK = (-85.8290, 38.2530)


def load_gazetteer(session, folder) -> None:
    """A small gazetteer, committed: Shawnee Park, and West Broadway crossing South 28th
    Street (a street corner "S 28th St & W Broadway")."""
    import json

    from vizlou.geo.gazetteer import read_places
    from vizlou.services.places.imports import import_places

    features = [
        {"type": "Feature", "properties": {"name": "Shawnee Park"},
         "geometry": {"type": "Point", "coordinates": list(SHAWNEE_PARK)}},
        {"type": "Feature", "properties": {"name": "W Broadway"},
         "geometry": {"type": "LineString",
                      "coordinates": [[-85.81, 38.2467], [-85.79, 38.2467]]}},
        {"type": "Feature", "properties": {"name": "S 28th St"},
         "geometry": {"type": "LineString",
                      "coordinates": [[-85.7979, 38.25], [-85.7979, 38.24]]}},
    ]
    path = folder / "places.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    import_places(session, read_places(path, name_field="name"), source=path.name)
    session.commit()


# Photos

def jpeg_with_gps(size=(3000, 2000), orientation=6) -> bytes:
    """A camera-like JPEG: big, rotated by EXIF, with a GPS position and a camera model."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation: rotate 90° clockwise to show
    exif[0x0110] = "PhoneCam 9"  # Model
    exif[0x8825] = {1: "N", 2: (38.0, 15.0, 10.0), 3: "W", 4: (85.0, 45.0, 30.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()

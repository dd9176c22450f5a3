"""Realistic synthetic demo data: participants, ideas, supports, questions and ballots.

Ideas are spread over the main layer by population, each area with its own mix of
categories and its own leaning on each question, so that summaries and maps have
something to show. The same seed always gives the same data.
"""

from __future__ import annotations

import hashlib
import random
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from shapely.geometry import Point
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.errors import N_, InvalidInput
from vizlou.geo.sampling import random_points_in
from vizlou.models import Area, Ballot, Idea, Participant, ParticipantArea, Question, Support
from vizlou.services.areas import imports as area_imports
from vizlou.services.areas import layers as area_layers
from vizlou.services.counts import rebuild as counts
from vizlou.services.events.manage import create_session
from vizlou.services.sms import simulated
from vizlou.services.voting import methods
from vizlou.services.voting.questions import create_question

DEFAULT_UNTIL = datetime(2026, 11, 1)
CAMPAIGN_DAYS = 60
CHANNEL_MIX = {"web": 0.70, "kiosk": 0.15, "paper": 0.10}  # and texted ideas:
TEXTED_SHARE = 0.05  # made by a real text-message conversation each (``sms.simulated``),
MAX_TEXTED = 500  # at most (a conversation is a few milliseconds: big seeds stay quick),
PHONES = 100  # from this many fictional phones (555-0100 to 555-0199)
AGE_MIX = {"under_16": 0.08, "16_18": 0.22, "19_24": 0.30, "25_30": 0.22, "31_64": 0.15,
           "65_plus": 0.03}
STATUS_MIX = {"new": 0.84, "under_review": 0.08, "in_plan": 0.04, "not_feasible": 0.02,
              "done": 0.02}
SPANISH_SHARE = 0.2
VOTER_SHARE = 0.55
CHUNK = 20_000


@dataclass
class DemoReport:
    participants: int
    ideas: int
    supports: int
    questions: int
    ballots: int
    sessions: int


def load_demo_file(path: Path | None) -> dict:
    if path is None or not Path(path).exists():
        raise InvalidInput(N_("This city has no demo file (the setting 'demo')."))
    return tomllib.loads(Path(path).read_text(encoding="utf-8"))


def seed(session: Session, city: City, *, ideas: int = 1500, seed_value: int = 1,
         until: datetime = DEFAULT_UNTIL) -> DemoReport:
    if ideas < 1:
        raise InvalidInput(N_("Give a number of ideas of at least 1."), field="ideas")
    content = load_demo_file(city.demo_file)
    rng = np.random.default_rng(seed_value)
    prng = random.Random(seed_value)
    layer = area_layers.get_layer(session, city.main_layer)
    areas = session.execute(select(Area.id, Area.population, Area.geom)
                            .where(Area.layer_id == layer.id).order_by(Area.id)).all()
    weights = np.array([max(a.population or 0, 0) for a in areas], dtype=float)
    weights = weights / weights.sum() if weights.sum() > 0 else np.full(len(areas), 1 / len(areas))

    questions = _questions(session, content, city.max_bounds)
    sessions = _sessions(session, content, prng)
    n_participants = max(1, int(ideas / 1.6))
    texted = min(MAX_TEXTED, round(ideas * TEXTED_SHARE)) if ideas >= 20 else 0
    people = _participants(session, rng, n_participants, len(areas), weights, sessions, until,
                           seed_value)
    idea_rows = _ideas(session, city, content, rng, ideas - texted, people, areas, until,
                       seed_value)
    _texted(session, city, content, rng, texted, areas, weights, until, seed_value)
    supports = _supports(session, rng, people, idea_rows)
    ballots = _ballots(session, rng, people, questions, len(areas))
    _home_areas(session, rng, people, areas)
    counts.rebuild(session)  # bulk rows above: every kept count made again
    return DemoReport(len(people["id"]) + min(texted, PHONES), len(idea_rows["id"]) + texted,
                      supports,
                      len(questions), ballots, len(sessions))


def _pick(rng: np.random.Generator, mix: dict[str, float], n: int) -> np.ndarray:
    keys = list(mix)
    p = np.array([mix[k] for k in keys])
    return np.array(keys)[rng.choice(len(keys), size=n, p=p / p.sum())]


def _times(rng: np.random.Generator, n: int, until: datetime) -> list[datetime]:
    # More activity later in the campaign, as word spreads.
    days = CAMPAIGN_DAYS * np.sqrt(rng.uniform(0, 1, n))
    start = until - timedelta(days=CAMPAIGN_DAYS)
    return [start + timedelta(seconds=int(d * 86400)) for d in days]


def _sessions(session: Session, content: dict, prng: random.Random) -> list[int]:
    ids = []
    for item in content.get("sessions", []):
        ids.append(create_session(session, name=item["name"], venue=item.get("venue", ""),
                                  lon=item.get("lon"), lat=item.get("lat"), rng=prng).id)
    return ids


def _questions(session: Session, content: dict,
               bounds: tuple[float, float, float, float] | None = None) -> list[Question]:
    start = session.scalar(select(func.count(Question.id))) or 0
    out = []
    for i, item in enumerate(content.get("questions", [])):
        options = [{"title": o["title"], "description": o.get("description", ""),
                    "cost": o.get("cost"), "overlay": o.get("overlay"),
                    "translations": {"es": o["es"]} if "es" in o else {}}
                   for o in item["options"]]
        out.append(create_question(
            session, title=item["title"], description=item.get("description", ""),
            method=item["method"], options=options,
            translations={"es": item["es"]} if "es" in item else {},
            max_choices=item.get("max_choices"), budget_total=item.get("budget_total"),
            budget_unit=item.get("budget_unit"), position=start + i, bounds=bounds))
    return out


def _insert_returning_ids(session: Session, model, rows: list[dict]) -> np.ndarray:
    """Insert ``rows`` and return their ids in order. A Core insert of the table, not the
    ORM's bulk insert: that one leaves out each row's ``None`` values (for the server's
    defaults), so rows with and without a value go in thousands of small batches."""
    table = model.__table__
    ids: list[int] = []
    for i in range(0, len(rows), CHUNK):
        result = session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                                 rows[i:i + CHUNK])
        ids.extend(result.scalars())
    return np.array(ids, dtype=np.int64)


def _participants(session, rng, n, n_areas, weights, sessions, until, seed_value) -> dict:
    channels = _pick(rng, CHANNEL_MIX, n)
    ages = _pick(rng, AGE_MIX, n)
    home = rng.choice(n_areas, size=n, p=weights)
    spanish = rng.uniform(size=n) < SPANISH_SHARE
    session_of = np.array([sessions[i % len(sessions)] if sessions and c in ("kiosk", "paper")
                           else 0 for i, c in enumerate(channels)])
    times = _times(rng, n, until)
    # Nobody acts as a demo participant: a hash of no token anyone holds stands in.
    rows = [{"token_hash": hashlib.sha256(f"demo-{seed_value}-p{i}".encode()).hexdigest(),
             "channel": str(channels[i]),
             "age_bracket": None if rng.uniform() < 0.25 else str(ages[i]),
             "language": "es" if spanish[i] else "en",
             "event_id": int(session_of[i]) or None, "created_at": times[i]}
            for i in range(n)]
    ids = _insert_returning_ids(session, Participant, rows)
    return {"id": ids, "channel": channels, "home": home, "spanish": spanish,
            "session": session_of, "time": times}


def _ideas(session, city, content, rng, n, people, areas, until, seed_value) -> dict:
    n_people = len(people["id"])
    # Every participant has at least one idea when there are enough ideas; the rest go to
    # a few very active people, as in real campaigns.
    author = np.concatenate([np.arange(min(n, n_people)),
                             rng.choice(n_people, size=max(0, n - n_people),
                                        p=_zipf(rng, n_people))])[:n]
    rng.shuffle(author)
    # Mostly in the home area, sometimes somewhere else in the city.
    elsewhere = rng.uniform(size=n) < 0.3
    weights = np.array([max(a.population or 0, 0) for a in areas], dtype=float)
    weights = weights / weights.sum()
    area_of = np.where(elsewhere, rng.choice(len(areas), size=n, p=weights),
                       people["home"][author])
    lonlat = np.zeros((n, 2))
    for a in np.unique(area_of):
        where = np.flatnonzero(area_of == a)
        lonlat[where] = random_points_in(areas[a].geom, len(where), rng)
    keys = list(city.category_keys)
    mixes = rng.dirichlet(np.full(len(keys), 0.8), size=len(areas))
    statuses = _pick(rng, STATUS_MIX, n)
    times = _times(rng, n, until)
    texts = content.get("ideas", {})
    responses = content.get("responses", {})
    rows = []
    for i in range(n):
        person = author[i]
        category = keys[rng.choice(len(keys), p=mixes[area_of[i]])]
        language = "es" if people["spanish"][person] and texts.get("es", {}).get(category) \
            else "en"
        pool = texts.get(language, {}).get(category) or [f"An idea about {category}."]
        status = str(statuses[i])
        response = responses.get(status, {}).get(language) if status != "new" else None
        lon, lat = float(round(lonlat[i, 0], 6)), float(round(lonlat[i, 1], 6))
        rows.append({
            "client_id": f"demo-{seed_value}-i{i}", "participant_id": int(people["id"][person]),
            "event_id": int(people["session"][person]) or None,
            "channel": str(people["channel"][person]), "category": category,
            "text": pool[int(rng.integers(len(pool)))], "language": language,
            "lon": lon, "lat": lat, "geom": Point(lon, lat), "status": status,
            "response": response, "response_at": times[i] + timedelta(days=3) if response
            else None, "created_at": times[i]})
    ids = _insert_returning_ids(session, Idea, rows)
    area_imports.assign_ideas(session, ids, lonlat[:, 0].round(6), lonlat[:, 1].round(6))
    return {"id": ids, "author": author}


def _texted(session, city, content, rng, n, areas, weights, until, seed_value) -> None:
    """Ideas sent by text message, each through the SMS dialogue itself."""
    keys = list(city.category_keys)
    times = _times(rng, n, until)
    texts = content.get("ideas", {}).get("en", {})
    for i in range(n):
        area = areas[int(rng.choice(len(areas), p=weights))]
        (lon, lat), = random_points_in(area.geom, 1, rng)
        category = keys[int(rng.integers(len(keys)))]
        pool = texts.get(category) or [f"An idea about {category}."]
        simulated.text_an_idea(session, city, phone=f"+1502555{100 + i % PHONES:04d}",
                               text=pool[int(rng.integers(len(pool)))], lon=float(lon),
                               lat=float(lat), category=category, when=times[i],
                               message_id=f"demo-{seed_value}-t{i}")


def _zipf(rng: np.random.Generator, n: int) -> np.ndarray:
    w = rng.lognormal(0, 1.2, n)
    return w / w.sum()


def _supports(session, rng, people, ideas) -> int:
    n_ideas = len(ideas["id"])
    popularity = _zipf(rng, n_ideas)
    rows = []
    for p in range(len(people["id"])):
        k = min(int(rng.poisson(2.2)), n_ideas)
        if k == 0:
            continue
        chosen = np.unique(rng.choice(n_ideas, size=k, p=popularity))
        chosen = chosen[ideas["author"][chosen] != p]
        rows.extend({"idea_id": int(ideas["id"][c]), "participant_id": int(people["id"][p]),
                     "channel": str(people["channel"][p]),
                     "event_id": int(people["session"][p]) or None,
                     "created_at": people["time"][p]} for c in chosen)
    for i in range(0, len(rows), CHUNK):
        session.execute(insert(Support), rows[i:i + CHUNK])
    return len(rows)


def _ballots(session, rng, people, questions, n_areas) -> int:
    rows = []
    for question in questions:
        option_ids = [o.id for o in question.options]
        leaning = rng.dirichlet(np.full(len(option_ids), 1.5), size=n_areas)
        voters = np.flatnonzero(rng.uniform(size=len(people["id"])) < VOTER_SHARE)
        for p in voters:
            prefs = leaning[people["home"][p]]
            rows.append({"question_id": question.id, "participant_id": int(people["id"][p]),
                         "choice": _choice(rng, question, option_ids, prefs),
                         "channel": str(people["channel"][p]),
                         "event_id": int(people["session"][p]) or None,
                         "created_at": people["time"][p], "updated_at": people["time"][p]})
    for i in range(0, len(rows), CHUNK):
        session.execute(insert(Ballot), rows[i:i + CHUNK])
    return len(rows)


def _choice(rng: np.random.Generator, question: Question, ids: list[int],
            prefs: np.ndarray) -> dict:
    return methods.of(question).demo_choice(rng, question, ids, prefs)


def _home_areas(session, rng, people, areas) -> None:
    """Two in three participants gave their home area (main layer only, as from the list)."""
    layer_id = session.scalar(select(Area.layer_id).where(Area.id == areas[0].id))
    rows = [{"participant_id": int(pid), "layer_id": layer_id,
             "area_id": int(areas[people["home"][i]].id)}
            for i, pid in enumerate(people["id"]) if rng.uniform() < 2 / 3]
    for i in range(0, len(rows), CHUNK):
        session.execute(insert(ParticipantArea), rows[i:i + CHUNK])

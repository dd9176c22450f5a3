"""Fifty residents at once, retrying as phones do, across two app processes (and on PostGIS
across a database restart in the middle, fast then immediate): every acknowledged write is
stored exactly once, nothing else is stored, the final state is each resident's last
write, an idea reported by everyone is hidden once, and the kept counts equal a recount.
The test prints what the clients saw and what was stored."""

from __future__ import annotations

import random
import threading
import time

import pytest
from sqlalchemy import func, select

from e2e_support import LiveServer
from helpers import load_louisville, make_app, need
from load_support import Gunicorn, Resident, Tally, generous_city_file, request
from postgis_cluster import INSTALL_HINT, PostgisCluster, find_pg_bin
from vizlou.extensions import db
from vizlou.models import AuditEntry, Ballot, Idea, IdeaArea, Participant, Support
from vizlou.services.counts import rebuild as counts
from vizlou.services.people import participants
from vizlou.services.voting.questions import create_question

CLIENTS = 50
SECRET = "load-and-fault-secret"
SPOTS = [(-85.7585, 38.2527), (-85.70, 38.20), (-85.79, 38.23), (-85.66, 38.24),
         (-85.60, 38.15), (-85.74, 38.19)]

pytestmark = pytest.mark.load


def _prepare(app) -> dict:
    """Louisville's layers, two questions, and an idea that everyone will report."""
    load_louisville(app)
    with app.app_context():
        single = create_question(db.session, title="Which first?", method="single",
                                 options=[{"title": t} for t in ("Trees", "Lights", "Bus")])
        ranked = create_question(db.session, title="Order these", method="ranked",
                                 options=[{"title": t} for t in ("A", "B", "C", "D")])
        db.session.commit()
        return {"single": (single.id, [o.id for o in single.options]),
                "ranked": (ranked.id, [o.id for o in ranked.options])}


def _run(urls: list[str], questions: dict, during=None) -> tuple[list[Resident], Tally]:
    tally = Tally()
    rng = random.Random(7)
    residents = [Resident(urls, tally, random.Random(rng.random())) for _ in range(CLIENTS)]
    # The idea everyone reports, made first.
    target = residents[0].send("POST", "/api/v1/ideas", {
        "category": "health", "text": "Report me", "lon": SPOTS[0][0], "lat": SPOTS[0][1],
        "client_id": "load-target-idea"})["id"]
    residents[0].ideas["load-target-idea"] = target
    pool: list[int] = []
    pool_lock = threading.Lock()
    progress = {"done": 0}
    single, options = questions["single"]
    ranked, ranks = questions["ranked"]

    def one(r: Resident, n: int) -> None:
        def idea(k: int) -> None:
            lon, lat = r.rng.choice(SPOTS)
            key = f"load-{n}-{k}-{r.token[:8]}"
            got = r.send("POST", "/api/v1/ideas", {
                "category": "health", "text": f"Idea {k} of resident {n}", "client_id": key,
                "lon": lon + r.rng.uniform(-0.004, 0.004),
                "lat": lat + r.rng.uniform(-0.004, 0.004)})
            if got is not None:
                r.ideas[key] = got["id"]
                with pool_lock:
                    pool.append(got["id"])

        def ballot(question: int, choice: dict) -> None:
            if r.send("PUT", f"/api/v1/questions/{question}/ballot",
                      {"choice": choice, "client_id": f"b-{r.token[:12]}-{r.rng.random()}"[:60]
                       .replace(".", "")}) is not None:
                r.ballots[question] = choice

        def support(idea_id: int, on: bool) -> None:
            got = r.send("PUT" if on else "DELETE", f"/api/v1/ideas/{idea_id}/support",
                         {"client_id": f"s-{r.token[:12]}-{r.rng.randrange(10**9)}"})
            if got is not None:
                r.supports[idea_id] = got["supported"]

        idea(1)
        ballot(single, {"option": r.rng.choice(options)})
        with pool_lock:
            first = r.rng.choice(pool)
        support(first, True)
        ballot(single, {"option": r.rng.choice(options)})
        ballot(ranked, {"ranking": r.rng.sample(ranks, r.rng.randint(1, len(ranks)))})
        support(first, False)
        with pool_lock:
            second = r.rng.choice(pool)
        support(second, True)
        r.send("POST", f"/api/v1/ideas/{target}/reports", {"reason": "spam"},
               accept=(404,))  # hidden once enough people reported it
        idea(2)
        with pool_lock:
            progress["done"] += 1

    threads = [threading.Thread(target=one, args=(r, n)) for n, r in enumerate(residents)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    if during is not None:
        during(progress)
    for thread in threads:
        thread.join(timeout=600)
    print(f"\n{CLIENTS} residents, {time.monotonic() - started:.1f} s; responses by status: "
          f"{dict(sorted(tally.statuses.items()))}; network errors: {tally.network_errors}")
    return residents, tally


def _verify(app, residents: list[Resident], tally: Tally, questions: dict) -> None:
    assert not [r.given_up for r in residents if r.given_up]
    assert 500 not in tally.statuses, "a server error (503 is 'busy, try again')"
    key = SECRET.encode()
    with app.app_context():
        session = db.session
        acknowledged = {k: v for r in residents for k, v in r.ideas.items()}
        stored = dict(session.execute(select(Idea.client_id, Idea.id)).all())
        assert stored == acknowledged, "ideas stored exactly once, and only those acknowledged"
        main = session.scalar(select(func.count(func.distinct(IdeaArea.idea_id))))
        assert main == len(stored), "every idea stored with its areas"
        for r in residents:
            person = participants.find(session, r.token, key=key)
            supported = set(session.scalars(select(Support.idea_id)
                                            .where(Support.participant_id == person.id)))
            assert supported == {i for i, on in r.supports.items() if on}
            ballots = dict(session.execute(select(Ballot.question_id, Ballot.choice)
                                           .where(Ballot.participant_id == person.id)).all())
            assert ballots == r.ballots
        hides = session.scalar(select(func.count(AuditEntry.id))
                               .where(AuditEntry.action == "moderation.auto_hide"))
        assert hides == 1, "the idea everyone reported was hidden once"
        differences = counts.check(session)
        assert [str(d) for d in differences] == []
        print(f"stored: {len(stored)} ideas, "
              f"{session.scalar(select(func.count(Support.id)))} supports, "
              f"{session.scalar(select(func.count(Ballot.id)))} ballots, "
              f"{session.scalar(select(func.count(Participant.id)))} participants; "
              f"kept counts equal a recount")


def _env(app, tmp_path) -> dict:
    return {"DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": SECRET,
            "VIZLOU_INSTANCE": str(tmp_path), "VIZLOU_ENV": "production",
           "VIZLOU_CITY_FILE": str(generous_city_file(tmp_path))}


@pytest.mark.parametrize("server", ["gunicorn", "dev"])
def test_fifty_residents_on_sqlite(tmp_path, server):
    app = make_app(f"sqlite:///{tmp_path / 'load.db'}", tmp_path, SECRET_KEY=SECRET)
    questions = _prepare(app)
    if server == "gunicorn":
        servers = [Gunicorn(_env(app, tmp_path)), Gunicorn(_env(app, tmp_path))]
        urls = [s.url for s in servers]
    else:
        servers = [LiveServer(app)]
        urls = [servers[0].url]
    try:
        residents, tally = _run(urls, questions)
    finally:
        for s in servers:
            s.stop()
    assert 503 not in tally.statuses, "SQLite writers queue for the lock instead"
    _verify(app, residents, tally, questions)


@pytest.mark.postgis
def test_fifty_residents_on_postgis_across_a_restart(tmp_path):
    pg_bin = find_pg_bin()
    if pg_bin is None:
        need(INSTALL_HINT)
    cluster = PostgisCluster(pg_bin, durable=True).start()  # commits survive the crash
    servers = []
    try:
        app = make_app(cluster.create_database("load"), tmp_path, SECRET_KEY=SECRET)
        questions = _prepare(app)
        servers = [Gunicorn(_env(app, tmp_path)), Gunicorn(_env(app, tmp_path))]

        def restarts(progress):
            for share, mode in ((0.3, "fast"), (0.6, "immediate")):
                while progress["done"] < CLIENTS * share:
                    time.sleep(0.02)
                cluster.restart(mode)
                print(f"PostgreSQL restarted ({mode}) with {progress['done']} residents done")

        residents, tally = _run([s.url for s in servers], questions, restarts)
        status, _, _ = request(servers[0].url, "GET", "/api/v1/questions")
        assert status == 200  # the app recovered without a restart
        _verify(app, residents, tally, questions)
    finally:
        for s in servers:
            s.stop()
        cluster.stop()

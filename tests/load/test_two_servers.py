"""Two app servers (two gunicorn groups on their own ports) behind nginx, one PostGIS, Redis
for the rate limits: a moderation action or a boundary re-import made on one is served by
the other within 2 s (the area index and every cache follow the database's version), and a
staff login and the residents' limits hold across both."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from proxy_support import Nginx, Redis, Visitor, missing_tools

from factories import DOWNTOWN, PASSWORD, make_staff
from helpers import ROOT, need
from load_support import Gunicorn, generous_city_file
from vizlou.extensions import db

pytestmark = pytest.mark.load

SECRET = "two-servers-secret"
PER_PARTICIPANT = 6


def limited_city_file(folder):
    """Generous limits for everything but one person's writes: ``PER_PARTICIPANT`` a minute."""
    path = generous_city_file(folder)
    text = path.read_text().replace('per_participant = "1000 per minute"',
                                    f'per_participant = "{PER_PARTICIPANT} per minute"')
    path.write_text(text)
    return path


@pytest.fixture
def two(databases, tmp_path):
    missing = missing_tools()
    if missing:
        need(f"{' and '.join(missing)} not installed (apt-get install nginx redis-server)")
    app = databases.app("postgis")
    with app.app_context():
        make_staff(db.session, "planner")
    redis = Redis(tmp_path)
    env = {"DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": SECRET,
           "VIZLOU_ENV": "production", "VIZLOU_CITY_FILE": str(limited_city_file(tmp_path)),
           "RATELIMIT_STORAGE_URI": redis.url, "VIZLOU_PROXIES": "1"}
    servers, nginx = [], None
    try:
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            servers.append(Gunicorn({**env, "VIZLOU_INSTANCE": str(tmp_path / name)},
                                    workers=1, threads=4))
        nginx = Nginx(tmp_path / "nginx", [s.port for s in servers])
        yield SimpleNamespace(app=app, a=servers[0], b=servers[1], nginx=nginx, env=env,
                              folder=tmp_path)
    finally:
        if nginx is not None:
            nginx.stop()
        for server in servers:
            server.stop()
        redis.stop()


def log_in(visitor):
    visitor.get("/auth/login")
    status, _, _ = visitor.post_form("/auth/login", {"email": "planner@example.org",
                                                     "password": PASSWORD})
    assert status == 302, status


def an_idea(visitor, token, n):
    return visitor.send_json("POST", "/api/v1/ideas", {
        "lon": DOWNTOWN[0], "lat": DOWNTOWN[1], "category": "health",
        "text": f"Shade on Main Street, number {n}.", "client_id": f"two-servers-{token}-{n}"},
        {"X-Participant": token})


def within(seconds, check):
    """How long until ``check()`` is true, polling; fails past ``seconds``."""
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < seconds, f"not seen within {seconds} s"
        time.sleep(0.05)
    return time.monotonic() - start


def test_a_login_and_the_limits_hold_across_both_servers(two):
    planner = Visitor(two.nginx.url)
    log_in(planner)
    planner.upstreams.clear()
    for _ in range(6):
        assert planner.get("/plan/")[0] == 200
    assert len(set(planner.upstreams)) == 2, planner.upstreams  # both served the planner

    resident = Visitor(two.nginx.url)
    statuses = [an_idea(resident, "resident-of-two-servers", n)[0]
                for n in range(PER_PARTICIPANT + 1)]
    assert len(set(resident.upstreams)) == 2, resident.upstreams
    # One count for both servers: each alone would have let every one of them through.
    assert statuses == [201] * PER_PARTICIPANT + [429], statuses


def test_a_change_on_one_server_is_served_by_the_other_within_2_s(two):
    on_a, on_b = Visitor(two.a.url), Visitor(two.b.url)
    status, idea, _ = an_idea(on_a, "resident-a-0000000", 1)
    assert status == 201
    idea_id = json.loads(idea)["id"]
    assert on_b.get(f"/api/v1/ideas/{idea_id}")[0] == 200

    log_in(on_a)
    on_a.get("/plan/moderation")
    status, _, _ = on_a.post_form(f"/plan/moderation/idea/{idea_id}",
                                  {"action": "hide", "reason": "test"})
    assert status == 302
    hidden_after = within(2, lambda: on_b.get(f"/api/v1/ideas/{idea_id}")[0] == 404)

    # The city re-imports a layer (here its council districts, named anew) from one machine.
    status, kept, _ = an_idea(on_a, "resident-a-0000000", 3)
    kept_id = json.loads(kept)["id"]
    before = on_b.get("/api/v1/areas/council_districts")[1]
    assert "District 4" in before and "Ward 4" not in before
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "vizlou", "boundaries", "import",
         str(ROOT / "data" / "boundaries" / "louisville" / "council_districts.geojson"),
         "--layer", "council_districts", "--name-field", "district",
         "--name-template", "Ward {}", "--title", "Council districts"],
        cwd=ROOT, env={**two.env, "VIZLOU_INSTANCE": str(two.folder / "a")},
        capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    outlines_after = within(2, lambda: "Ward 4" in on_b.get(
        "/api/v1/areas/council_districts")[1])
    renamed_after = within(2, lambda: json.loads(on_b.get(f"/api/v1/ideas/{kept_id}")[1])[
        "properties"]["areas"]["council_districts"]["name"].startswith("Ward "))
    status, fresh, _ = an_idea(on_b, "resident-b-0000000", 2)
    assert status == 201
    assert json.loads(fresh)["properties"]["areas"]["council_districts"]["name"].startswith("Ward ")
    print(f"hidden on b after {hidden_after:.2f} s, new outlines on b after "
          f"{outlines_after:.2f} s, an idea's new area after {renamed_after:.2f} s",
          file=sys.stderr)

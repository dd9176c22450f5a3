"""Two app servers behind nginx, one PostGIS, Redis for the rate limits (SPEC §4): the
throughput of one server and of two, and how long a change made through one takes to be
served by the other (target: within 2 s).

Each server is a gunicorn group (``--workers`` each) on its own port; nginx (Debian's
package) spreads the requests over one or both. wrk sends idea submissions and map reads
through nginx at 50 clients. On one machine the two groups share its cores, so the second
server adds processes, not CPU: the figure shows what nginx and Redis cost and that nothing
is serialised between servers; on two machines it would add the second machine's cores.

    apt-get install nginx redis-server wrk
    .venv/bin/python bench/bench_two_servers.py [--seconds 10] [--connections 50] [--workers 2]
        [--warm-up 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import time

import numpy as np
from bench_submit import WRK_IDEAS, gunicorn, run_wrk, wait_up
from common import (
    ROOT,
    database,
    db,
    load_city,
    make_app,
    random_city_points,
    report,
    scratch_folder,
)
from proxy_support import Nginx, Redis, Visitor, missing_tools

from load_support import generous_city_file
from postgis_cluster import free_port
from vizlou.services.people import staff

TARGET_SECONDS = 2.0
PASSWORD = "bench-two-servers"  # noqa: S105 (a throwaway database)


def seen_across(one: str, other: str) -> float:
    """Seconds until an idea a planner hides through server ``one`` is gone from the
    answers of server ``other``."""
    a, b = Visitor(one), Visitor(other)
    _, body, _ = a.send_json("POST", "/api/v1/ideas", {
        "lon": -85.7585, "lat": 38.2527, "category": "health", "text": "Seen across?",
        "client_id": f"across-{time.time_ns()}"}, {"X-Participant": "bench-across-0000000"})
    idea = json.loads(body)["id"]
    a.get("/auth/login")
    a.post_form("/auth/login", {"email": "planner@example.org", "password": PASSWORD})
    a.get("/plan/moderation")
    start = time.monotonic()
    a.post_form(f"/plan/moderation/idea/{idea}", {"action": "hide", "reason": "bench"})
    while b.get(f"/api/v1/ideas/{idea}")[0] != 404:
        if time.monotonic() - start > 30:
            return float("inf")
        time.sleep(0.01)
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warm-up", type=int, default=2,
                        help="Seconds of load before measuring (0: none).")
    args = parser.parse_args()
    missing = missing_tools() + ([] if shutil.which("wrk") else ["wrk"])
    if missing:
        raise SystemExit(f"not installed: {', '.join(missing)} (apt-get install nginx "
                         "redis-server wrk)")
    folder = scratch_folder("vizlou-two-")
    with database("postgis") as url:
        app = make_app(url)
        load_city(app)
        with app.app_context():
            staff.create_user(db.session, "planner@example.org", "planner", PASSWORD)
            db.session.commit()
        points = random_city_points(app, 2000)
        lua = ", ".join(f"{{{x:.6f}, {y:.6f}}}" for x, y in np.round(points, 6))
        (folder / "ideas.lua").write_text(WRK_IDEAS % lua)
        redis = Redis(folder)
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench",
               "VIZLOU_INSTANCE": str(folder), "RATELIMIT_STORAGE_URI": redis.url,
               "VIZLOU_PROXIES": "1", "VIZLOU_CITY_FILE": str(generous_city_file(folder))}
        ports = [free_port(), free_port()]
        servers = [gunicorn("wsgi:app", port, args.workers, env, ROOT) for port in ports]
        figures = {}
        try:
            for port in ports:
                wait_up(f"http://127.0.0.1:{port}/api/v1/categories")
            read = "/api/v1/map?bbox=-85.95,37.99,-85.40,38.38&zoom=11"
            for n in (1, 2):
                proxy = Nginx(folder / f"nginx{n}", ports[:n])
                try:
                    if args.warm_up:
                        run_wrk(proxy.url + "/api/v1/ideas", args.warm_up, args.connections,
                                folder / "ideas.lua")
                    figures[n] = {
                        "write": run_wrk(proxy.url + "/api/v1/ideas", args.seconds,
                                         args.connections, folder / "ideas.lua"),
                        "read": run_wrk(proxy.url + read, args.seconds, args.connections,
                                        None)}
                finally:
                    proxy.stop()
            across = seen_across(f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}")
        finally:
            for server in servers:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
            redis.stop()
    rows = []
    for kind in ("write", "read"):
        one, two = figures[1][kind], figures[2][kind]
        what = "POST /api/v1/ideas" if kind == "write" else "GET /api/v1/map (county view)"
        rows.append((f"{what}: two servers behind nginx", f"{two['rps']:.0f} req/s, p99 "
                     f"{two['p99_ms']:.0f} ms", "reported beside one", True,
                     f"one server {one['rps']:.0f} req/s, p99 {one['p99_ms']:.0f} ms; "
                     f"errors {one['failed'] + two['failed']}"))
    rows.append(("a moderation action on one, served by the other", f"{across:.2f} s",
                 f"<= {TARGET_SECONDS:.0f} s", across <= TARGET_SECONDS, "",
                 f"not seen within {TARGET_SECONDS:.0f} s"))
    report(f"Two servers ({args.workers} gunicorn workers each) behind nginx, one PostGIS, "
           f"Redis; {args.connections} clients (SPEC §4)", rows)


if __name__ == "__main__":
    sys.exit(main())

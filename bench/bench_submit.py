"""Idea submission throughput under gunicorn on PostGIS (SPEC §4).

Targets: at least half the requests per second of a bare Flask JSON endpoint served the same
way, and a 99th percentile under 100 ms, at 50 concurrent clients. Both endpoints are loaded
in one run by wrk on loopback; afterwards every idea that got a 2xx answer must be stored
exactly once.

    apt-get install wrk          # the load generator (Debian package)
    .venv/bin/python bench/bench_submit.py [--seconds 15] [--connections 50] [--workers 4]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
from common import ROOT, database, db, load_city, make_app, random_city_points, report
from sqlalchemy import func, select

from postgis_cluster import free_port
from vizlou.models import Idea

BARE_APP = '''
from flask import Flask, request
app = Flask(__name__)

@app.post("/echo")
def echo():
    body = request.get_json()
    return {"ok": True, "text": body.get("text")}, 201
'''

WRK_SCRIPT = '''
local points = {%s}
local counter = 0
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
local prefix = string.format("%%08x", math.random(0, 2147483647))
wrk.method = "POST"
request = function()
  counter = counter + 1
  local p = points[(counter %% #points) + 1]
  local id = prefix .. "-" .. counter
  local body = string.format(
    '{"lon": %%s, "lat": %%s, "category": "health", "text": "Benchmark idea %%s", '
    .. '"client_id": "b%%s"}',
    p[1], p[2], id, id)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json",
    ["X-Participant"] = "bench-participant-" .. prefix .. (counter %% 500)}, body)
end
'''


def wait_up(url: str, timeout: float = 180) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own server on loopback
            return
        except urllib.error.HTTPError:
            return  # it answers (a 405 for a GET on a POST route is an answer)
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


def gunicorn(app_spec: str, port: int, workers: int, env: dict, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-w", str(workers), "-k", "gthread",
         "--threads", "4", "--preload", "-b", f"127.0.0.1:{port}", "--log-level", "warning",
         "--control-socket", f"{tempfile.gettempdir()}/vizlou-gunicorn-{port}.ctl", app_spec],
        cwd=cwd, env=env, start_new_session=True)


def run_wrk(url: str, seconds: int, connections: int, script: Path | None) -> dict:
    cmd = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p99_ms": float(p99.group(1)) * scale, "requests": total,
            "failed": int(non2xx.group(1)) if non2xx else 0,
            "socket_errors": errors.group(1) if errors else "none", "raw": out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    folder = Path(tempfile.mkdtemp(prefix="vizlou-submit-"))
    with database("postgis") as url:
        app = make_app(url)
        load_city(app)
        points = random_city_points(app, 2000)
        (folder / "bare.py").write_text(BARE_APP)
        lua = ", ".join(f"{{{x:.6f}, {y:.6f}}}" for x, y in np.round(points, 6))
        (folder / "ideas.lua").write_text(WRK_SCRIPT % lua)
        (folder / "bare.lua").write_text(
            'wrk.method = "POST"\nwrk.body = \'{"text": "hello"}\'\n'
            'wrk.headers["Content-Type"] = "application/json"\n')
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench",
               "VIZLOU_INSTANCE": str(folder), "PYTHONPATH": str(folder)}
        port_app, port_bare = free_port(), free_port()
        servers = [gunicorn("wsgi:app", port_app, args.workers, env, ROOT),
                   gunicorn("bare:app", port_bare, args.workers, env, folder)]
        try:
            wait_up(f"http://127.0.0.1:{port_app}/api/v1/categories")
            wait_up(f"http://127.0.0.1:{port_bare}/echo")
            run_wrk(f"http://127.0.0.1:{port_app}/api/v1/ideas", 3, args.connections,
                    folder / "ideas.lua")  # warm up both
            run_wrk(f"http://127.0.0.1:{port_bare}/echo", 3, args.connections,
                    folder / "bare.lua")
            with app.app_context():
                before = db.session.scalar(select(func.count(Idea.id)))
            bare = run_wrk(f"http://127.0.0.1:{port_bare}/echo", args.seconds,
                           args.connections, folder / "bare.lua")
            ideas = run_wrk(f"http://127.0.0.1:{port_app}/api/v1/ideas", args.seconds,
                            args.connections, folder / "ideas.lua")
        finally:
            for server in servers:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
        with app.app_context():
            stored = db.session.scalar(select(func.count(Idea.id))) - before
            doubles = db.session.scalar(select(func.count()).select_from(
                select(Idea.client_id).group_by(Idea.client_id)
                .having(func.count(Idea.id) > 1).subquery()))
    ok = ideas["requests"] - ideas["failed"]
    print(json.dumps({"bare": {k: v for k, v in bare.items() if k != "raw"},
                      "ideas": {k: v for k, v in ideas.items() if k != "raw"},
                      "stored": stored}, indent=2))
    ratio = ideas["rps"] / bare["rps"]
    report(f"Idea submission, gunicorn ({args.workers} workers) on PostGIS, "
           f"{args.connections} clients (SPEC §4)", [
               ("bare Flask JSON endpoint", f"{bare['rps']:.0f} req/s", "reference", True),
               ("POST /api/v1/ideas", f"{ideas['rps']:.0f} req/s", ">= 50% of bare",
                ratio >= 0.5),
               ("  ratio", f"{ratio:.0%}", ">= 50%", ratio >= 0.5),
               ("  p99 latency", f"{ideas['p99_ms']:.0f} ms", "< 100 ms",
                ideas["p99_ms"] < 100),
               ("  2xx answers stored exactly once",
                f"{stored} of {ok}, {doubles} doubles", "all, none",
                stored >= ok and doubles == 0 and ideas["failed"] == 0),
           ])


if __name__ == "__main__":
    main()

"""Real servers and real parallel clients, for the load-and-fault tests and the benchmarks.

``Gunicorn`` runs ``wsgi:app`` in a process group of its own on a free loopback port, with
the environment given (database, secret, city file). ``Resident`` is one client: a random
participant token, sending ideas, supports and ballots one at a time as a phone's outbox
does, each with its idempotency key, and sending the same request again (same key) after a
network error, a 5xx or a 429 until it is acknowledged.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from postgis_cluster import free_port

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def generous_city_file(folder: Path) -> Path:
    """Louisville's city file with rate limits that fifty residents on one machine (one
    address) never reach: load tests measure the app, not its limits."""
    text = (ROOT / "vizlou" / "cities" / "louisville.toml").read_text()
    start, end = text.index("[limits]"), text.index("[tiles]")
    path = Path(folder) / "city.toml"
    path.write_text(text[:start] + '[limits]\nper_participant = "1000 per minute"\n'
                    'per_address = "100000 per minute"\nnew_per_address = "100000 per minute"\n'
                    '\n' + text[end:])
    return path


class Gunicorn:
    def __init__(self, env: dict, *, workers: int = 2, threads: int = 4,
                 port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        full_env = {k: v for k, v in os.environ.items()
                    if k not in ("DATABASE_URL", "VIZLOU_ENV", "SECRET_KEY")}
        full_env.update(env)
        self.log = open(Path(env["VIZLOU_INSTANCE"]) / f"gunicorn-{self.port}.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [GUNICORN, "-w", str(workers), "-k", "gthread", "--threads", str(threads),
             "--preload", "--graceful-timeout", "5", "-b", f"127.0.0.1:{self.port}",
             "wsgi:app"], cwd=ROOT, env=full_env, stdout=self.log, stderr=self.log,
            start_new_session=True)
        self._wait()

    def _wait(self) -> None:
        for _ in range(300):
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.read_log()[-2000:]}")
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            try:
                connection.request("GET", "/api/v1/categories")
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    return
            except OSError:
                pass
            finally:
                connection.close()
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer")

    def read_log(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def request(url: str, method: str, path: str, body: dict | None = None,
            headers: dict | None = None, timeout: float = 30) -> tuple[int, dict, dict]:
    """One request; ``(status, JSON body, headers)``; OSError when the network fails."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        data = json.dumps(body).encode() if body is not None else None
        connection.request(method, path, body=data, headers={
            "Content-Type": "application/json", "Accept": "application/json",
            **(headers or {})})
        response = connection.getresponse()
        raw = response.read()
        try:
            parsed = json.loads(raw) if raw else {}
        except ValueError:
            parsed = {"raw": raw[:200].decode(errors="replace")}
        return response.status, parsed, dict(response.getheaders())
    finally:
        connection.close()


@dataclass
class Tally:
    """What the clients saw, shared by all of them."""

    statuses: dict[int, int] = field(default_factory=dict)
    network_errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, status: int | None) -> None:
        with self.lock:
            if status is None:
                self.network_errors += 1
            else:
                self.statuses[status] = self.statuses.get(status, 0) + 1


@dataclass
class Resident:
    """One phone: its token, and what the server acknowledged (the final state it expects)."""

    urls: list[str]
    tally: Tally
    rng: random.Random
    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    ideas: dict[str, int] = field(default_factory=dict)  # client_id -> idea id
    supports: dict[int, bool] = field(default_factory=dict)  # idea id -> supported
    ballots: dict[int, dict] = field(default_factory=dict)  # question id -> choice
    given_up: list[tuple] = field(default_factory=list)

    def send(self, method: str, path: str, body: dict | None = None,
             deadline: float = 90, accept: tuple[int, ...] = ()) -> dict | None:
        """Send until acknowledged (same body, same key), spreading over the servers; a 4xx in
        ``accept`` is an answer too (a report on an idea hidden meanwhile, say)."""
        end = time.monotonic() + deadline
        attempt = 0
        while time.monotonic() < end:
            url = self.urls[(attempt + self.rng.randrange(len(self.urls))) % len(self.urls)]
            attempt += 1
            try:
                status, parsed, headers = request(url, method, path, body,
                                                  {"X-Participant": self.token})
            except OSError:
                self.tally.saw(None)
                time.sleep(min(0.2 * attempt, 2))
                continue
            self.tally.saw(status)
            if status < 400 or status in accept:
                return parsed
            if status >= 500 or status == 429:
                time.sleep(float(headers.get("Retry-After", 0.3)) if status == 429
                           else min(0.2 * attempt, 2))
                continue
            raise AssertionError(f"{method} {path} -> {status}: {parsed}")
        self.given_up.append((method, path, body))
        return None
